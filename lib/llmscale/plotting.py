"""House style and deterministic SVG figures.

Call :func:`setup` once at the top of every chapter. It fixes
``svg.hashsalt`` (stable element ids), writes text as paths, and configures
the inline backend to emit SVG with ``metadata={'Date': None}`` and
``bbox_inches='tight'``, so re-executing a notebook reproduces its figures
byte for byte (matplotlib >= 3.10).
"""

from __future__ import annotations

import matplotlib as mpl

HASHSALT = "scaling-laws-recomputed"

#: Colour-blind-safe palette (Okabe & Ito 2008).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

#: One colour per ledger verdict.
VERDICT_COLORS = {"reproduced": "#009E73", "consistent": "#56B4E9", "depends on reading": "#CC79A7",
                  "disputed": "#D55E00", "unverifiable": "#999999"}

RC = {
    "svg.hashsalt": HASHSALT,
    "svg.fonttype": "path",
    "figure.figsize": (7.0, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.grid": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "legend.fontsize": 9,
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "path.simplify": False,
}


def setup() -> None:
    """Apply the house style and deterministic inline-SVG output (safe outside IPython).

    Also sets pandas display options so that tables show whole cells (assumptions and notes
    are sentences) and every row of the catalogue tables.
    """
    import pandas as pd

    mpl.rcParams.update(RC)
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 200)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    ip = get_ipython()
    if ip is None:
        return
    ip.run_line_magic("config", "InlineBackend.figure_formats = ['svg']")
    ip.run_line_magic("config", "InlineBackend.print_figure_kwargs = "
                                "{'bbox_inches': 'tight', 'metadata': {'Date': None}}")
    ip.run_line_magic("config", "InlineBackend.rc = {}")


def source_note(fig, text: str) -> None:
    """Write a small source/assumption note under a figure."""
    fig.text(0.0, -0.02, text, ha="left", va="top", fontsize=8, color="#555555", wrap=True)
