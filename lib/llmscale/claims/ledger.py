"""The claims ledger: every claim of CLAIMS.md, recomputed by the library.

Each chapter's concept module exposes ``claim_rows() -> list[Claim]``; the
rows are built by calling the library with the stated assumptions, never by
typing a result. :func:`ledger` collects them into one DataFrame.

The verdict rule (one function, :func:`verdict`)
-----------------------------------------------
Let ``ratio = recomputed / claimed`` and let ``tolerance`` be the row's
*factor band* ``f >= 1`` (the default ``f = 1.10`` means "within 10 %";
an "about 1e23"-style claim states a wider band such as ``f = 2``).

- If either number is missing (NaN), the claim is **unverifiable**.
- ``sense="approx"``: the numbers agree when ``1/f <= ratio <= f``.
- ``sense="upper"`` (the claim is a bound "under X"): they agree when ``ratio <= f``.
- ``sense="lower"`` (the claim is a bound "at least X"): they agree when ``ratio >= 1/f``.
- When they agree the verdict is **reproduced** if the inputs could be checked
  against independent sources (``checkable=True``), else **consistent**
  (the arithmetic holds but the inputs are the claimant's own).
- When they disagree the verdict is **disputed**.

The band is symmetric in log space, so "10 % too high" and "10 % too low"
are judged alike.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import asdict, dataclass

import pandas as pd

VERDICTS = ("reproduced", "consistent", "disputed", "unverifiable")
SENSES = ("approx", "upper", "lower")

#: The one chapter registry: chapter id -> (notebook stem, module providing ``claim_rows()``).
CHAPTERS: dict[str, tuple[str, str]] = {
    "01": ("01_kaplan_chinchilla", "llmscale.claims.ch01"),
    "02": ("02_llama_overtraining", "llmscale.claims.ch02"),
    "03": ("03_reasoning_rl_compute", "llmscale.claims.ch03"),
    "04": ("04_roofline_token_economics", "llmscale.claims.ch04"),
    "05": ("05_o1_pro_voting", "llmscale.claims.ch05"),
}

#: Source keys of CLAIMS.md mapped to the bibliography keys of data/references.bib.
SOURCE_KEYS = {
    "epoch-reasoning": "you2025reasoning",
    "wall": "seed_wall",
    "semi": "semianalysis2024scaling",
    "jonvet": "jonvet2025scaling",
}

COLUMNS = ["id", "chapter", "claim", "source", "claimed", "recomputed", "unit", "ratio",
           "tolerance", "sense", "verdict", "assumptions", "note", "link"]


def verdict(claimed: float, recomputed: float, tolerance: float = 1.10,
            sense: str = "approx", checkable: bool = True) -> str:
    """The ledger's one verdict rule; see the module docstring.

    >>> verdict(3.8e25, 3.79e25)
    'reproduced'
    >>> verdict(50, 45)
    'reproduced'
    >>> verdict(1e20, 3e20, sense="upper")
    'disputed'
    """
    if sense not in SENSES:
        raise ValueError(f"sense={sense!r}; allowed: {SENSES}")
    if not (isinstance(tolerance, (int, float)) and math.isfinite(tolerance) and tolerance >= 1):
        raise ValueError(f"tolerance={tolerance!r}; allowed: a factor band >= 1 (1.10 means within 10 %)")
    c, r = float(claimed), float(recomputed)
    if math.isnan(c) or math.isnan(r):
        return "unverifiable"
    if c == 0:
        raise ValueError(f"claimed={claimed!r}; a claimed value must be non-zero to form a ratio")
    ratio = r / c
    if sense == "approx":
        ok = 1 / tolerance <= ratio <= tolerance
    elif sense == "upper":
        ok = ratio <= tolerance
    else:
        ok = ratio >= 1 / tolerance
    if ok:
        return "reproduced" if checkable else "consistent"
    return "disputed"


@dataclass(frozen=True)
class Claim:
    """One ledger row.

    ``claimed`` and ``recomputed`` are numbers in ``unit`` (NaN where the claim
    is qualitative or the inputs are not public). ``section`` is the MyST label
    of the chapter section that discusses the claim (default ``claim-<id>``).
    ``note`` says why a claim is disputed, or what would settle an unverifiable one.
    """

    id: str
    claim: str
    source: str
    claimed: float
    recomputed: float
    unit: str
    assumptions: str
    tolerance: float = 1.10
    sense: str = "approx"
    checkable: bool = True
    note: str = ""
    section: str = ""

    @property
    def chapter(self) -> str:
        return {"K": "01", "L": "02", "R": "03", "T": "04", "V": "05"}[self.id[0]]

    @property
    def verdict(self) -> str:
        return verdict(self.claimed, self.recomputed, self.tolerance, self.sense, self.checkable)

    def row(self) -> dict:
        d = asdict(self)
        d.pop("checkable")
        c, r = float(self.claimed), float(self.recomputed)
        d["ratio"] = r / c if c and not (math.isnan(c) or math.isnan(r)) else math.nan
        d["verdict"] = self.verdict
        d["chapter"] = self.chapter
        stem = CHAPTERS[self.chapter][0]
        anchor = self.section or f"claim-{self.id.lower()}"
        d["link"] = f"{stem}.html#{anchor}"
        d.pop("section")
        return d


def ledger(chapter: str | None = None) -> pd.DataFrame:
    """All claim rows (or one chapter's), in ID order, with computed verdicts.

    Columns: ``id, chapter, claim, source, claimed, recomputed, unit, ratio,
    tolerance, sense, verdict, assumptions, note, link``.
    """
    if chapter is not None and chapter not in CHAPTERS:
        raise ValueError(f"chapter={chapter!r}; allowed: {sorted(CHAPTERS)}")
    rows = []
    for ch, (_, module) in CHAPTERS.items():
        if chapter is not None and ch != chapter:
            continue
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:  # a chapter not written yet
            if e.name == module:
                continue
            raise
        if not hasattr(mod, "claim_rows"):
            continue
        for c in mod.claim_rows():
            if c.chapter != ch:
                raise ValueError(f"claim {c.id} is provided by {module} but belongs to chapter {c.chapter}")
            rows.append(c.row())
    df = pd.DataFrame(rows, columns=COLUMNS)
    if df["id"].duplicated().any():
        raise ValueError(f"duplicate claim ids: {sorted(df.loc[df['id'].duplicated(), 'id'])}")
    key = df["id"].str.extract(r"^([A-Z])(\d+)$")
    order = {"K": 0, "L": 1, "R": 2, "T": 3, "V": 4}
    df = df.assign(_a=key[0].map(order), _b=key[1].astype(int)).sort_values(["_a", "_b"])
    return df.drop(columns=["_a", "_b"]).reset_index(drop=True)


def display_table(df: pd.DataFrame) -> pd.DataFrame:
    """A reader-facing view of ledger rows: formatted numbers, no link column."""
    from ..units import sig

    def fmt(x):
        return "—" if isinstance(x, float) and math.isnan(x) else sig(x, 3)

    out = df.copy()
    for col in ("claimed", "recomputed", "ratio"):
        out[col] = out[col].map(fmt)
    out["tolerance"] = out["tolerance"].map(lambda f: f"×{f:.3g}")
    return out[["id", "claim", "claimed", "recomputed", "unit", "ratio", "tolerance", "verdict", "assumptions", "note"]]
