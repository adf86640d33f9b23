"""Explorable figures: a grid computed by ``llmscale``, selected in the browser.

An explorable figure is one HTML bundle (:func:`figure`) made from a *tidy grid*: a pandas
DataFrame with one row per combination of the control values (plus, where the x axis is
not a control, one row per x value), whose columns are the controls and the outputs. Every
number the reader sees was computed here, at build time, by the library; it is stored in
the notebook's output (so nbval checks it) and the browser only *selects* rows of it. No
formula is written in JavaScript.

The bundle is ``<div class="explore" id="explore-NAME">`` holding

- a ``<script type="application/json" class="explore-data">``: the controls, the grid
  (column-wise, strings dictionary-coded, floats at 6 significant digits) and the chart's
  description (which columns are x, y, colour and band, the scales, formats and colours);
- labelled controls (``<select>``, or ``<input type="range">`` over the sorted values),
  hidden until the script ``_vendor/explore/explore.js`` has drawn the live figure;
- the live mount (``.explore-mount``), drawn as SVG by ``_vendor/explore/explore.js`` (a few
  kilobytes, no chart library: it filters the grid and places the rows on axes);
- the readout (``aria-live="polite"``): the selected row's text, pre-formatted here;
- the static figure (a matplotlib SVG made by the caller, as an ``<img>``), shown before the
  script runs, without JavaScript, in print and in the single-page build, with the default
  selection's text under it.

Output is byte-stable: sorted JSON keys, an id derived from ``name``, fixed float formatting
and matplotlib's fixed ``svg.hashsalt`` without a date.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

KINDS = ("select", "range")
MARKS = ("line", "point")
SCALES = ("linear", "log")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SIGNIFICANT_DIGITS = 6


@dataclass(frozen=True)
class Control:
    """One control of an explorable figure.

    ``field`` is a grid column; ``label`` and ``unit`` are shown beside the control
    ("Compute budget (FLOP)"); ``kind`` is ``"select"`` (a drop-down) or ``"range"`` (a slider
    over the sorted distinct values, one step per grid value); ``default`` must be a value of
    the column (``None``: the first value); ``format`` turns a value into its label (a callable
    or a dict; default ``str``).
    """

    field: str
    label: str
    unit: str = ""
    kind: str = "select"
    default: Any = None
    format: Callable[[Any], str] | dict | None = None

    def text(self, value) -> str:
        if self.format is None:
            return str(value)
        if isinstance(self.format, dict):
            return str(self.format[value])
        return str(self.format(value))

    @property
    def title(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label


def _err(arg: str, value, allowed: str) -> ValueError:
    return ValueError(f"{arg}={value!r} is not allowed: {allowed}")


def _round(x: float) -> float | None:
    """A float at SIGNIFICANT_DIGITS significant digits; None for NaN/inf (JSON null)."""
    x = float(x)
    if not math.isfinite(x):
        return None
    return float(f"{x:.{SIGNIFICANT_DIGITS}g}")


def _plain(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return _round(v)
    return str(v)


def _column(s: pd.Series):
    """A JSON column: numbers as a list, anything else dictionary-coded (levels + codes)."""
    if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
        return [_plain(v) for v in s.tolist()]
    vals = [str(v) for v in s.tolist()]
    levels = sorted(set(vals))
    index = {v: i for i, v in enumerate(levels)}
    return {"codes": [index[v] for v in vals], "levels": levels}


def _values(s: pd.Series) -> list:
    out = {_plain(v) for v in s.tolist()}
    if None in out:
        raise _err(f"grid[{s.name!r}]", "NaN", "a control column must be finite")
    return sorted(out)


def _js_string(s: str) -> str:
    return json.dumps(s)


def _svg_data_uri(fig) -> str:
    """The figure as a deterministic SVG data URI (fixed hashsalt, no date); closes the figure."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    from llmscale.plotting import RC

    buf = io.BytesIO()
    with mpl.rc_context({"svg.hashsalt": RC["svg.hashsalt"], "svg.fonttype": RC["svg.fonttype"]}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _static(grid, controls, defaults, *, x, y, color, band, hline, x_title, y_title, x_scale, y_scale, title,
            mark="line", diagonal=False):
    """The default selection drawn with matplotlib in the house style (what print and singlehtml show)."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    from llmscale.plotting import PALETTE, RC

    with mpl.rc_context(RC):
        fig, ax = plt.subplots(figsize=(7.0, 4.0))
        keep = np.ones(len(grid), dtype=bool)
        for c in controls:
            if c.field not in (x, color):
                keep &= grid[c.field].map(_plain).to_numpy() == defaults[c.field]
        sub = grid[keep]
        groups = [(None, sub)] if color is None else list(sub.groupby(color, sort=True))
        for i, (key, g) in enumerate(groups):
            g = g.sort_values(x)
            selected = color is None or color not in defaults or _plain(key) == defaults[color]
            kw = {"color": PALETTE[i % len(PALETTE)], "lw": 2.4 if selected else 1.3}
            if mark == "point":
                kw = {"color": kw["color"], "ls": "none", "marker": "o", "ms": 4, "alpha": 0.75}
            ax.plot(g[x], g[y], label=None if key is None else str(key), **kw)
            if band is not None and g[band[0]].notna().any():
                ax.fill_between(g[x], g[band[0]], g[band[1]], color=kw["color"], alpha=0.2, lw=0)
        if x in defaults:
            pt = sub
            for c in controls:
                pt = pt[pt[c.field].map(_plain) == defaults[c.field]]
            ax.plot(pt[x], pt[y], "o", color="black", ms=6)
        if diagonal and len(sub):
            v = pd.concat([sub[x], sub[y]]).dropna()
            v = v[v > 0] if "log" in (x_scale, y_scale) else v
            if len(v):
                ax.plot([v.min(), v.max()], [v.min(), v.max()], ls="--", color="#555555", lw=1, label="y = x")
        if hline is not None:
            ax.axhline(hline[0], ls="--", color="#555555", lw=1)
            ax.annotate(str(hline[1]), (0.01, hline[0]), xycoords=("axes fraction", "data"), va="bottom",
                        fontsize=8, color="#555555")
        def plottable(col, scale):
            v = pd.to_numeric(sub[col], errors="coerce").to_numpy(dtype=float)
            return np.isfinite(v) & (v > 0 if scale == "log" else True)

        if len(sub) and (plottable(x, x_scale) & plottable(y, y_scale)).any():
            ax.set_xscale(x_scale)
            ax.set_yscale(y_scale)
        else:   # e.g. a model never measured on the chosen chip: say so (a log axis of nothing cannot be drawn)
            ax.text(0.5, 0.5, "No point for this selection", transform=ax.transAxes, ha="center", va="center",
                    color="#555555")
            ax.set_xticks([])
            ax.set_yticks([])
        ax.set_xlabel(x_title)
        ax.set_ylabel(y_title)
        ax.set_title(title)
        if color is not None and ax.get_legend_handles_labels()[0]:   # an empty selection has no legend
            ax.legend(loc="best")
    return fig


def _chart(controls, grid, *, x, y, color, band, hline, x_title, y_title, x_scale, y_scale, x_format, y_format,
           width, height, title="", mark="line", diagonal=False) -> dict:
    """What explore.js draws: which columns go where, the rows' filter, scales, formats and colours."""
    from llmscale.plotting import PALETTE

    fields = [c.field for c in controls]
    fmt = {"linear": "~s", "log": ".0e"}
    return {
        "band": list(band) if band else None,
        "color": color,
        "diagonal": bool(diagonal),
        # the legend: colour groups that have something to draw (chapter 06's "no measurement" rows have none)
        "groups": _values(grid.loc[grid[y].notna(), color]) if color else [],
        "height": height,
        "highlight": bool(color and color in fields),
        "hline": [_round(hline[0]), str(hline[1])] if hline is not None else None,
        "mark": mark,
        "palette": list(PALETTE),
        "point": x in fields,
        "series": [f for f in fields if f not in (x, color)],
        "title": title,
        "width": width,
        "x": x, "x_format": x_format or fmt[x_scale], "x_scale": x_scale, "x_title": x_title,
        "y": y, "y_format": y_format or fmt[y_scale], "y_scale": y_scale, "y_title": y_title,
    }


FORMATS = ("~s", "$~s", ".0e", "~g", "d", ".0%")


def figure(grid: pd.DataFrame, *, name: str, controls: Sequence[Control], x: str, y: str,
           text: str | Callable[[dict], str], caption: str, alt_text: str, static=None, title: str = "",
           color: str | None = None, band: tuple[str, str] | None = None, hline: tuple[float, str] | None = None,
           x_title: str | None = None, y_title: str | None = None, x_scale: str = "linear", y_scale: str = "linear",
           x_format: str | None = None, y_format: str | None = None, width: int = 560, height: int = 320,
           mark: str = "line", diagonal: bool = False):
    """One explorable figure as an ``IPython.display.HTML`` object (see the module docstring).

    grid: tidy DataFrame; one row per combination of the control values (times the x values
        where ``x`` is not a control). Each combination of control values gives one readout.
    name: lower-case id (``[a-z][a-z0-9-]*``), unique on the page; the element id is
        ``explore-NAME``.
    controls: the :class:`Control` list, in display order.
    x, y: grid columns plotted (numbers). The plotted rows are those matching every control
        except ``x`` and ``color``; where ``x`` is a control, the selected row is marked.
    text: the readout: a ``str.format`` template over the row's columns (pre-format numbers
        in the grid) or a callable ``row -> str``. It must be the same for every row of one
        combination of the control values.
    static: a matplotlib figure for the default selection (closed here); default: the same
        chart drawn with matplotlib in the house style (``llmscale.plotting``), titled ``title``.
    caption: says how the grid was made and its resolution; alt_text: the static figure's alt.
    color: a grid column drawn as one line per value; band: two columns drawn as a band;
    hline: ``(y value, label)`` of a dashed horizontal reference line.
    mark: ``"line"`` (one line per colour, sorted by x) or ``"point"`` (a scatter);
    diagonal: draw the dashed line ``y = x`` (predicted against measured).
    x_format, y_format: axis label formats, one of :data:`FORMATS` (d3-format notation; default
        ``~s``, ``.0e`` on log axes).
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise _err("name", name, "lower-case letters, digits and '-', starting with a letter")
    if not controls:
        raise _err("controls", controls, "at least one Control")
    fields = [c.field for c in controls]
    for arg, f in [("x", x), ("y", y), ("color", color), *(("band", b) for b in (band or ()))] + [
            ("controls", f) for f in fields]:
        if f is None:
            continue
        if not _FIELD.match(f):
            raise _err(arg, f, "a column name made of letters, digits and '_'")
        if f not in grid.columns:
            raise _err(arg, f, f"a column of the grid ({', '.join(map(str, grid.columns))})")
    if len(set(fields)) != len(fields):
        raise _err("controls", fields, "each field once")
    for c in controls:
        if c.kind not in KINDS:
            raise _err(f"Control({c.field!r}).kind", c.kind, f"one of {KINDS}")
    for arg, v in (("x_scale", x_scale), ("y_scale", y_scale)):
        if v not in SCALES:
            raise _err(arg, v, f"one of {SCALES}")
    if mark not in MARKS:
        raise _err("mark", mark, f"one of {MARKS}")
    for arg, v in (("x_format", x_format), ("y_format", y_format)):
        if v is not None and v not in FORMATS:
            raise _err(arg, v, f"None or one of {FORMATS}")
    if len(grid) == 0:
        raise _err("grid", "an empty DataFrame", "at least one row")

    grid = grid.reset_index(drop=True)
    texts = [text(row) if callable(text) else text.format(**row) for row in grid.to_dict("records")]
    readout = pd.Series(texts, name="_text")
    per_combo = readout.groupby([grid[f].map(_plain) for f in fields]).nunique()
    if (per_combo > 1).any():
        raise _err("text", text, "one readout per combination of the control values "
                   f"({', '.join(fields)}); it differs within {int((per_combo > 1).sum())} of them")
    keys = list(dict.fromkeys([*fields, x, *([color] if color else [])]))
    dup = grid.duplicated(subset=keys)
    if dup.any() and mark == "line":  # a scatter may have coinciding points; a line may not
        raise _err("grid", f"{int(dup.sum())} duplicated rows", f"one row per combination of {keys}")

    values = {c.field: _values(grid[c.field]) for c in controls}
    defaults = {}
    for c in controls:
        d = values[c.field][0] if c.default is None else _plain(c.default)
        if d not in values[c.field]:
            raise _err(f"Control({c.field!r}).default", c.default, f"one of {values[c.field][:12]}")
        defaults[c.field] = d
    key = tuple(defaults[f] for f in fields)
    combo = [tuple(_plain(v) for v in r) for r in grid[fields].itertuples(index=False)]
    if key not in combo:
        raise _err("controls", dict(defaults), "a default selection present in the grid")
    default_text = texts[combo.index(key)]

    used = list(dict.fromkeys([*fields, x, y, *([color] if color else []), *(band or ())]))
    columns = {f: _column(grid[f]) for f in used}
    columns["_text"] = _column(readout)
    chart = _chart(controls, grid, x=x, y=y, color=color, band=band, hline=hline,
                   x_title=x_title or x, y_title=y_title or y, x_scale=x_scale, y_scale=y_scale,
                   x_format=x_format, y_format=y_format, width=width, height=height, title=title, mark=mark,
                   diagonal=diagonal)
    payload = {
        "columns": columns,
        "controls": [{"field": c.field, "labels": [c.text(v) for v in values[c.field]],
                      "values": values[c.field]} for c in controls],
        "chart": chart,
        "n": len(grid),
    }
    if static is None:
        static = _static(grid, controls, defaults, x=x, y=y, color=color, band=band, hline=hline,
                         x_title=x_title or x, y_title=y_title or y, x_scale=x_scale, y_scale=y_scale, title=title,
                         mark=mark, diagonal=diagonal)
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    blob = blob.replace("</", "<\\/").replace("<!--", "<\\!--")

    uid = f"explore-{name}"
    esc = html.escape
    parts = [f'<div class="explore" id="{uid}">',
             f'<script type="application/json" class="explore-data">{blob}</script>',
             '<div class="explore-controls" hidden>']
    for i, c in enumerate(controls):
        cid = f"{uid}-c{i}"
        vals = values[c.field]
        d = vals.index(defaults[c.field])
        labels = [c.text(v) for v in vals]
        parts.append('<span class="explore-control">')
        parts.append(f'<label for="{cid}">{esc(c.title)}</label>')
        if c.kind == "select":
            opts = "".join(f'<option value="{j}"{" selected" if j == d else ""}>{esc(lab)}</option>'
                           for j, lab in enumerate(labels))
            parts.append(f'<select id="{cid}" data-control="{i}">{opts}</select>')
        else:
            parts.append(f'<input type="range" id="{cid}" data-control="{i}" min="0" max="{len(vals) - 1}" '
                         f'step="1" value="{d}" aria-valuetext="{esc(labels[d])}">'
                         f'<output for="{cid}">{esc(labels[d])}</output>')
        parts.append("</span>")
    parts += ["</div>",
              f'<div class="explore-mount" role="img" aria-label="{esc(alt_text)}"></div>',
              f'<img class="explore-static" alt="{esc(alt_text)}" src="{_svg_data_uri(static)}">',
              f'<p class="explore-readout" aria-live="polite">{esc(default_text)}</p>',
              f'<p class="explore-print-text" hidden>{esc(default_text)}</p>',
              f'<p class="explore-caption">{esc(caption)}</p>',
              "</div>"]
    from IPython.display import HTML

    return HTML("\n".join(parts))


def selection_text(grid: pd.DataFrame, text: str | Callable[[dict], str], **selection) -> str:
    """The readout for one selection (control field -> value), as the browser shows it."""
    mask = np.ones(len(grid), dtype=bool)
    for f, v in selection.items():
        if f not in grid.columns:
            raise _err(f, v, f"a column of the grid ({', '.join(map(str, grid.columns))})")
        mask &= grid[f].map(_plain).to_numpy() == _plain(v)
    if not mask.any():
        raise _err("selection", selection, "a combination present in the grid")
    row = grid[mask].iloc[0].to_dict()
    return text(row) if callable(text) else text.format(**row)
