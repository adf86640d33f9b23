"""The claims ledger for readers: one card per claim, filterable without a kernel.

:func:`cards_html` turns :func:`llmscale.claims.ledger`'s DataFrame into one self-contained
HTML fragment (its own ``<style>``, no script, no network): a card per top-level claim with
the article's quote and its translation, the claimed and recomputed numbers, every reading
with its own verdict, the method, the band, the one-line reason and a link to the chapter
section, and the parts of a compound claim nested inside their parent's card.

Filters by verdict and by chapter are two groups of radio inputs that precede the cards
(CSS ``:checked ~`` selectors hide the cards that do not match). The inputs are visually
hidden but focusable: Tab reaches each group, the arrow keys move within it, and the
focused option's label is outlined. Every string is HTML-escaped; ids derive from claim
ids, so the output is byte-for-byte stable (nbval compares it).
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd

from ..plotting import VERDICT_COLORS
from .ledger import BAND_WORDING, CHAPTERS, VERDICTS, format_value

#: Short chapter titles for the chapter filter (chapter id -> title).
CHAPTER_TITLES = {
    "01": "Kaplan and Chinchilla",
    "02": "Llama over-training",
    "03": "Reasoning RL compute",
    "04": "Roofline token economics",
    "05": "o1 pro and voting",
}


_SENSE = {"approx": "approximately", "upper": "an upper bound (at most)", "lower": "a lower bound (at least)"}

_CSS = """
.lc-root{position:relative;--lc-border:#d0d7de;--lc-muted:#57606a;--lc-bg:#f6f8fa;font-size:0.95rem;line-height:1.45}
.lc-root>input.lc-in{position:absolute;opacity:0;width:1px;height:1px;margin:0;overflow:hidden}
.lc-bar{display:flex;flex-wrap:wrap;gap:0.4rem 1.2rem;margin:0.5rem 0 1rem 0;padding:0.6rem 0.8rem;
 background:var(--lc-bg);border:1px solid var(--lc-border);border-radius:6px}
.lc-group{display:flex;flex-wrap:wrap;align-items:center;gap:0.3rem}
.lc-legend{font-weight:600;margin-right:0.2rem}
.lc-bar label{cursor:pointer;padding:0.1rem 0.55rem;border:1px solid var(--lc-border);border-radius:999px;
 background:#fff;white-space:nowrap;user-select:none}
.lc-bar label:hover{border-color:#0969da}
.lc-help{flex-basis:100%;margin:0;color:var(--lc-muted);font-size:0.85rem}
.lc-list{display:flex;flex-direction:column;gap:1rem}
.lc-card{border:1px solid var(--lc-border);border-left:6px solid var(--lc-v,#999);border-radius:6px;
 padding:0.7rem 0.9rem;background:#fff}
.lc-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:0.5rem}
.lc-id{font-weight:700;font-family:monospace;font-size:1.05rem}
.lc-badge{display:inline-block;padding:0 0.5rem;border-radius:999px;font-size:0.8rem;font-weight:600;
 background:var(--lc-v,#999);color:#000}
.lc-chapter{color:var(--lc-muted);font-size:0.85rem}
.lc-claim{margin:0.25rem 0 0.4rem 0;font-weight:600}
.lc-quote{margin:0.3rem 0;padding:0.3rem 0.7rem;border-left:3px solid var(--lc-border);background:var(--lc-bg)}
.lc-quote p{margin:0.15rem 0}
.lc-zh{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif}
.lc-en{color:#24292f;font-style:italic}
.lc-seed{color:var(--lc-muted);font-size:0.8rem;font-style:normal}
.lc-root .lc-facts{display:grid;grid-template-columns:max-content 1fr;gap:0.1rem 0.8rem;margin:0.4rem 0}
.lc-facts dt{color:var(--lc-muted);font-weight:600}
.lc-root .lc-facts dd{margin:0}
.lc-root .lc-facts dt{margin:0}
.lc-readings{border-collapse:collapse;margin:0.3rem 0;font-size:0.9rem}
.lc-readings th,.lc-readings td{border-bottom:1px solid var(--lc-border);padding:0.15rem 0.5rem;text-align:left;
 vertical-align:top}
.lc-reason{margin:0.3rem 0}
.lc-parts{margin:0.6rem 0 0.2rem 0}
.lc-part{margin-top:0.5rem}
.lc-parts>summary{cursor:pointer;line-height:1.9}
.lc-parts[open]>summary{margin-bottom:0.4rem}
.lc-pbadge{display:inline-block;padding:0 0.45rem;border-radius:999px;font-size:0.8rem;border:2px solid var(--lc-v,#999);
 white-space:nowrap}
.lc-part{border:1px solid var(--lc-border);border-left:4px solid var(--lc-v,#999);border-radius:4px;
 padding:0.4rem 0.7rem;background:#fcfcfd}
.lc-part .lc-id{font-size:0.95rem}
.lc-link{display:inline-block;margin-top:0.4rem}
.lc-empty{display:none;color:var(--lc-muted);font-style:italic}
.lc-assumptions summary{cursor:pointer;color:var(--lc-muted)}
"""


def _e(x) -> str:
    """HTML-escaped text of a cell ("" for missing)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return html.escape(str(x), quote=True)


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(s).lower()).strip("-")


def _isnan(x) -> bool:
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def _num(x, unit: str = "") -> str:
    """A value as a card shows it: whole numbers in full, years without a separator, else 3 s.f."""
    if _isnan(x):
        return "—"
    v = float(x)
    if unit in ("year", "years") and v.is_integer() and abs(v) < 1e4:
        return f"{v:.0f}"
    if v.is_integer() and abs(v) < 1e6:
        return f"{int(v):,}"
    return format_value(v)


def _value(x, low, high, unit: str) -> str:
    s = _num(x, unit)
    if not (_isnan(low) or _isnan(high)):
        s += f" [{_num(low, unit)} – {_num(high, unit)}]"
    if unit and unit not in ("year", "years") and s != "—":
        s += f" {unit}"
    return s


def _band(r) -> str:
    w = str(r["wording"] or "")
    t = r["tolerance"]
    words = BAND_WORDING.get(w, "")
    if w == "compound":
        return "none: a compound claim takes its weakest checkable part's verdict"
    if _isnan(r["claimed"]):
        return "none: no number is claimed (judged in words)"
    if _isnan(t):
        return "—"
    return f"×{float(t):.3g} ({words or w})"


def _verdict_style(v: str) -> str:
    """The verdict's colour (``plotting.VERDICT_COLORS``); badge text is black on every one (contrast >= 4.5)."""
    return f"--lc-v:{VERDICT_COLORS.get(v, '#999999')}"


def top_level(df: pd.DataFrame) -> pd.DataFrame:
    """The ledger's top-level claims (rows without a parent), in ledger order."""
    parent = df["parent"].fillna("").astype(str)
    return df[parent == ""]


def verdict_counts(df: pd.DataFrame) -> dict[str, int]:
    """Top-level claims per verdict, every verdict of :data:`VERDICTS` present (zeros kept)."""
    vc = top_level(df)["verdict"].value_counts()
    return {v: int(vc.get(v, 0)) for v in VERDICTS}


def chapter_counts(df: pd.DataFrame) -> dict[str, int]:
    """Top-level claims per chapter, in chapter order."""
    vc = top_level(df)["chapter"].astype(str).value_counts()
    return {ch: int(vc.get(ch, 0)) for ch in CHAPTERS if int(vc.get(ch, 0))}


def _readings_table(r) -> str:
    rs = list(r["readings"]) if isinstance(r["readings"], (list, tuple)) else []
    if len(rs) < 2 and not (rs and rs[0].get("note")):
        return ""
    rows = []
    for x in rs:
        note = f"<br><small>{_e(x.get('note'))}</small>" if x.get("note") else ""
        own = x.get("claimed")
        if own is not None and not (isinstance(own, float) and math.isnan(own)) and own != r["claimed"]:
            note = f"<br><small>judged against {_e(_value(own, math.nan, math.nan, r['unit']))}</small>" + note
        rows.append(f"<tr><td>{_e(x['reading'])}{note}</td><td>{_e(_value(x['recomputed'], x['low'], x['high'], r['unit']))}"
                    f"</td><td><span class=\"lc-badge\" style=\"{_verdict_style(x['verdict'])}\">{_e(x['verdict'])}"
                    "</span></td></tr>")
    return ("<table class=\"lc-readings\"><caption class=\"lc-seed\">Each plausible reading, with its own value "
            "and verdict</caption><thead><tr><th scope=\"col\">reading</th><th scope=\"col\">recomputed</th>"
            "<th scope=\"col\">verdict</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _quote(r, parent_quote: str | None = None) -> str:
    q = str(r["quote"] or "")
    if parent_quote is not None and q == parent_quote:
        return ""
    return (f"<blockquote class=\"lc-quote\"><p class=\"lc-zh\" lang=\"zh\">{_e(q)}</p>"
            f"<p class=\"lc-en\" lang=\"en\">{_e(r['translation'])}</p>"
            f"<p class=\"lc-seed\">Source: <code>{_e(r['source'])}</code>, seed <code>{_e(r['seed'])}</code></p>"
            "</blockquote>")


def _facts(r) -> str:
    items = []
    if str(r["wording"]) != "compound":
        items += [("claimed", _value(r["claimed"], math.nan, math.nan, r["unit"])),
                  ("recomputed", _value(r["recomputed"], r["recomputed_low"], r["recomputed_high"], r["unit"]))]
        if not _isnan(r["ratio"]):
            items.append(("ratio", f"{format_value(float(r['ratio']))} (recomputed / claimed)"))
        if r["sense"]:
            items.append(("claim is", _SENSE.get(str(r["sense"]), str(r["sense"]))))
    items.append(("band", _band(r)))
    if r["method"]:
        items.append(("method", str(r["method"])))
    return "<dl class=\"lc-facts\">" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in items) + "</dl>"


def _body(r, parts: pd.DataFrame | None = None) -> str:
    if parts is not None and len(parts) and str(r["wording"]) == "compound":
        # A compound claim's reason is the reason of the parts that set its verdict.
        decisive = parts[parts["verdict"] == r["verdict"]]
        why = " ".join(f"<strong>{_e(p['id'])}:</strong> {_e(p['note'])}" for _, p in decisive.iterrows() if p["note"])
        return f"<p class=\"lc-reason\"><strong>Why:</strong> {why or _e(r['note'])}</p>"
    out = [_facts(r), _readings_table(r)]
    if r["note"]:
        out.append(f"<p class=\"lc-reason\"><strong>Why:</strong> {_e(r['note'])}</p>")
    if r["assumptions"]:
        out.append(f"<details class=\"lc-assumptions\"><summary>Assumptions</summary><p>{_e(r['assumptions'])}</p>"
                   "</details>")
    return "".join(out)


def _card(r, parts: pd.DataFrame) -> str:
    cid, v, ch = str(r["id"]), str(r["verdict"]), str(r["chapter"])
    title = CHAPTER_TITLES.get(ch, CHAPTERS.get(ch, (ch,))[0])
    head = (f"<header class=\"lc-head\"><span class=\"lc-id\">{_e(cid)}</span>"
            f"<span class=\"lc-badge\">{_e(v)}</span>"
            f"<span class=\"lc-chapter\">Chapter {_e(ch)}: {_e(title)}</span></header>"
            f"<p class=\"lc-claim\">{_e(r['claim'])}</p>")
    sub = []
    for _, p in parts.iterrows():
        pv = str(p["verdict"])
        sub.append(f"<section class=\"lc-part\" id=\"ledger-{_slug(p['id'])}\" data-verdict=\"{_slug(pv)}\" "
                   f"style=\"{_verdict_style(pv)}\" aria-label=\"{_e(p['id'])}\">"
                   f"<div class=\"lc-head\"><span class=\"lc-id\">{_e(p['id'])}</span>"
                   f"<span class=\"lc-badge\">{_e(pv)}</span></div>"
                   f"<p class=\"lc-claim\">{_e(p['claim'])}</p>{_quote(p, str(r['quote'] or ''))}{_body(p)}</section>")
    parts_html = ""
    if sub:
        badges = " ".join(f"<span class=\"lc-pbadge\" style=\"{_verdict_style(str(p['verdict']))}\">{_e(p['id'])} "
                          f"{_e(p['verdict'])}</span>" for _, p in parts.iterrows())
        parts_html = (f"<details class=\"lc-parts\"><summary><strong>{len(sub)} parts</strong> (the claim takes its "
                      f"weakest checkable part's verdict): {badges}</summary>{''.join(sub)}</details>")
    link = (f"<a class=\"lc-link\" href=\"{_e(r['link'])}\">Recomputed in chapter {_e(ch)}, section {_e(cid)} "
            "&#8594;</a>") if r["link"] else ""
    return (f"<article class=\"lc-card\" id=\"ledger-{_slug(cid)}\" data-verdict=\"{_slug(v)}\" data-chapter=\"{_e(ch)}\" "
            f"style=\"{_verdict_style(v)}\" aria-label=\"Claim {_e(cid)}: {_e(v)}\">"
            f"{head}{_quote(r)}{_body(r, parts)}{parts_html}{link}</article>")


def _filters(df: pd.DataFrame) -> tuple[str, str, str]:
    """(radio inputs, label bar, CSS rules) for the verdict and chapter filters."""
    vc, cc = verdict_counts(df), chapter_counts(df)
    total = len(top_level(df))
    inputs, vlabels, clabels, css = [], [], [], []
    groups = [("v", "verdict", [("all", f"All ({total})")]
               + [(_slug(v), f"{v} ({n})") for v, n in vc.items() if n]),
              ("c", "chapter", [("all", f"All ({total})")]
               + [(ch, f"{ch} {CHAPTER_TITLES.get(ch, '')} ({n})".replace("  ", " ")) for ch, n in cc.items()])]
    for key, name, options in groups:
        out = vlabels if key == "v" else clabels
        for i, (val, text) in enumerate(options):
            iid = f"lc-f{key}-{val}"
            checked = " checked" if i == 0 else ""
            inputs.append(f"<input class=\"lc-in\" type=\"radio\" name=\"lc-{name}\" id=\"{iid}\" value=\"{val}\""
                          f" aria-describedby=\"lc-legend-{key}\"{checked}>")
            out.append(f"<label for=\"{iid}\">{_e(text)}</label>")
            sel = f"#{iid}:checked ~ .lc-bar label[for=\"{iid}\"]"
            css.append(f"{sel}{{background:#0969da;border-color:#0969da;color:#fff}}")
            css.append(f"#{iid}:focus-visible ~ .lc-bar label[for=\"{iid}\"]{{outline:3px solid #fb8500;"
                       "outline-offset:2px}")
            if val != "all":
                attr = "data-verdict" if key == "v" else "data-chapter"
                css.append(f"#{iid}:checked ~ .lc-list .lc-card:not([{attr}=\"{val}\"]){{display:none}}")
    # A combination of filters that matches no claim says so, instead of showing an empty list.
    top = top_level(df)
    for v in [v for v, n in vc.items() if n]:
        for ch in cc:
            if not ((top["verdict"] == v) & (top["chapter"].astype(str) == ch)).any():
                css.append(f"#lc-fv-{_slug(v)}:checked ~ #lc-fc-{ch}:checked ~ .lc-list .lc-empty{{display:block}}")
    bar = ("<div class=\"lc-bar\">"
           f"<div class=\"lc-group\"><span class=\"lc-legend\" id=\"lc-legend-v\">Show verdict:</span>{''.join(vlabels)}</div>"
           f"<div class=\"lc-group\"><span class=\"lc-legend\" id=\"lc-legend-c\">Show chapter:</span>{''.join(clabels)}</div>"
           "<p class=\"lc-help\">Filters work without a kernel or script: click a label, or Tab to a group and "
           "use the arrow keys. The number in brackets counts top-level claims.</p></div>")
    return "".join(inputs), bar, "\n".join(css)


def cards_html(df: pd.DataFrame) -> str:
    """One self-contained HTML fragment: filters and one card per top-level claim, parts nested.

    ``df`` is :func:`llmscale.claims.ledger`'s DataFrame (columns :data:`llmscale.claims.COLUMNS`).
    The output has no script and no random ids: equal input gives equal bytes.
    """
    missing = {"id", "parent", "chapter", "verdict", "quote", "translation", "readings", "link"} - set(df.columns)
    if missing:
        raise ValueError(f"df is missing ledger columns {sorted(missing)}; pass llmscale.claims.ledger()")
    df = df.reset_index(drop=True)
    parent = df["parent"].fillna("").astype(str)
    inputs, bar, css = _filters(df)
    cards = [_card(r, df[parent == str(r["id"])]) for _, r in top_level(df).iterrows()]
    orphans = sorted(set(parent[parent != ""]) - set(df["id"]))
    if orphans:
        raise ValueError(f"df has parts whose parent rows are missing: {orphans}")
    return (f"<div class=\"lc-root\"><style>{_CSS}{css}</style>{inputs}{bar}"
            f"<div class=\"lc-list\"><p class=\"lc-empty\">No claim of this chapter has this verdict.</p>"
            f"{''.join(cards)}</div></div>")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>$|{}])")

#: Key findings list the weakest verdicts first.
FINDING_ORDER = ("disputed", "depends on reading")


def _md(text) -> str:
    """Plain text made safe for MyST Markdown (no accidental math, roles, emphasis or HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", "" if _isnan_text(text) else str(text))


def _isnan_text(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _ref(cid: str, link: str, labels: set[str] | frozenset[str]) -> str:
    """A MyST reference to a claim's chapter section, or to its chapter when the label is missing."""
    page, _, anchor = str(link).partition("#")
    if anchor and anchor in labels:
        return f"{{ref}}`{cid} <{anchor}>`"
    return f"{{doc}}`{cid} </chapters/{page.removesuffix('.html')}>`"


def _numbers_md(r) -> str:
    """``claimed X, recomputed Y [lo – hi] unit.`` for a single-reading numeric row, else ""."""
    rs = list(r["readings"]) if isinstance(r["readings"], (list, tuple)) else []
    if _isnan(r["claimed"]) or _isnan(r["recomputed"]) or len(rs) > 1:
        return ""
    unit = str(r["unit"] or "")
    return _md(f"Claimed {_value(r['claimed'], math.nan, math.nan, unit)}, recomputed "
               f"{_value(r['recomputed'], r['recomputed_low'], r['recomputed_high'], unit)}.")


def key_findings_md(df: pd.DataFrame, labels=frozenset()) -> str:
    """The landing page's "Key findings": disputed, then depends-on-reading claims, then a tally.

    One bullet per such top-level claim (its summary; for a compound claim, the parts that
    set its verdict, with their numbers and one-line reasons), then one bullet counting the
    other verdicts. ``labels`` are the ``claim-…`` section labels that exist in the chapters;
    a claim without one links to its chapter page instead, so the build never warns.
    """
    top = top_level(df)
    parent = df["parent"].fillna("").astype(str)
    lines = []
    for v in FINDING_ORDER:
        for _, r in top[top["verdict"] == v].iterrows():
            head = f"- **{_ref(str(r['id']), r['link'], labels)}, {v}:** {_md(str(r['claim']).rstrip('.'))}."
            parts = df[(parent == str(r["id"])) & (df["verdict"] == v)]  # the parts that set the verdict
            if len(parts):
                bits = [f"*{_md(p['id'])}* ({p['verdict']}): {_numbers_md(p)} {_md(p['note'])}".replace("  ", " ")
                        .strip() for _, p in parts.iterrows()]
                lines.append(head + " " + " ".join(bits))
            else:
                lines.append(f"{head} {_numbers_md(r)} {_md(r['note'])}".rstrip())
    counts = verdict_counts(df)
    rest = [v for v in VERDICTS if v not in FINDING_ORDER]
    unv = top[top["verdict"] == "unverifiable"]
    tally = ", ".join(f"**{counts[v]} {v}**" for v in rest if v != "unverifiable")
    line = (f"- Of the other claims: {tally} (consistent: the arithmetic holds, but an input is the claimant's own "
            f"or was fitted to the claim's own numbers)")
    if len(unv):
        line += f"; **{len(unv)} unverifiable**: " + ", ".join(
            _ref(str(i), link, labels) for i, link in zip(unv["id"], unv["link"]))
    lines.append(line + ".")
    return "\n".join(lines)
