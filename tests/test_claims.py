"""The claims ledger, second edition: the verdict rule, and what every row must carry.

Each chapter's expected verdicts are asserted as data in ``tests/test_chNN.py``; here the
rule itself and the rules every row obeys (quoted, complete, never circular).
"""

import importlib
import math
import re

import pytest

from llmscale import claims
from tests.conftest import ROOT, SHARED

L = importlib.import_module("llmscale.claims.ledger")  # the module (``claims.ledger`` is the function)


# --- the rule, case by case ---------------------------------------------------------------------

@pytest.mark.parametrize("claimed, recomputed, band, sense, low, high, expected", [
    (3.8e25, 3.8e25, 1.1, "approx", math.nan, math.nan, "holds"),
    (50, 45.5, 1.1, "approx", math.nan, math.nan, "holds"),        # 0.91 is inside [1/1.1, 1.1]
    (50, 45.0, 1.1, "approx", math.nan, math.nan, "fails"),        # 0.90 is just outside
    (16_000, 14_178, 1.1, "approx", math.nan, math.nan, "fails"),
    (16_000, 14_178, 1.25, "approx", math.nan, math.nan, "holds"),  # "about": x1.25
    (16_000, 14_178, 1.1, "approx", 14_000, 17_100, "holds"),       # the interval reaches the band
    (16_000, 14_178, 1.1, "approx", 13_000, 14_500, "fails"),       # the whole interval is outside
    (1e20, 0.5e20, 1.1, "upper", math.nan, math.nan, "holds"),
    (1e20, 3e20, 1.1, "upper", math.nan, math.nan, "fails"),
    (1e20, 3e20, 1.1, "upper", 0.9e20, 4e20, "holds"),
    (10, 100, 1.1, "lower", math.nan, math.nan, "holds"),
    (10, 5, 1.1, "lower", math.nan, math.nan, "fails"),
    (math.nan, 1.0, 1.1, "approx", math.nan, math.nan, "unknown"),
    (1.0, math.nan, 1.1, "approx", math.nan, math.nan, "unknown"),
])
def test_agreement(claimed, recomputed, band, sense, low, high, expected):
    assert claims.agreement(claimed, recomputed, band, sense, low, high) == expected


@pytest.mark.parametrize("statuses, method, fitted, expected", [
    (["holds"], "recomputed", False, "reproduced"),
    (["holds"], "fact-checked", False, "reproduced"),
    (["holds"], "claimant's arithmetic", False, "consistent"),
    (["holds"], "recomputed", True, "consistent"),              # fitted to its own numbers: never reproduced
    (["holds", "fails"], "recomputed", False, "depends on reading"),
    (["fails", "holds"], "claimant's arithmetic", False, "depends on reading"),
    (["fails", "fails"], "recomputed", False, "disputed"),
    (["fails", "unknown"], "recomputed", False, "disputed"),
    (["unknown", "unknown"], "recomputed", False, "unverifiable"),
])
def test_combine(statuses, method, fitted, expected):
    assert claims.combine(statuses, method, fitted) == expected


@pytest.mark.parametrize("parts, expected", [
    (["reproduced", "disputed"], "disputed"),
    (["reproduced", "consistent"], "consistent"),
    (["reproduced", "depends on reading", "consistent"], "depends on reading"),
    (["reproduced", "unverifiable"], "reproduced"),              # unverifiable parts are not checkable
    (["unverifiable", "unverifiable"], "unverifiable"),
])
def test_compound_claims_take_their_weakest_checkable_part(parts, expected):
    assert claims.weakest(parts) == expected


def test_bands_follow_the_wording():
    assert claims.BANDS == {"exact": 1.10, "about": 1.25, "factor": 3.16, "chart": 1.41}
    assert set(claims.BAND_WORDING) >= set(claims.BANDS)


@pytest.mark.parametrize("kw, arg", [({"sense": "about"}, "sense"), ({"tolerance": 0.1}, "tolerance"),
                                     ({"tolerance": math.nan}, "tolerance")])
def test_verdict_bad_input(kw, arg):
    with pytest.raises(ValueError, match=arg):
        claims.verdict(1.0, 1.0, **kw)


def test_bad_method_is_refused():
    with pytest.raises(ValueError, match="method"):
        claims.combine(["holds"], "guessed")


# --- every row ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ledger():
    return claims.ledger()


def test_ledger_shape(ledger):
    assert list(ledger.columns) == claims.COLUMNS
    assert ledger["id"].is_unique
    assert set(ledger["verdict"]) <= set(claims.VERDICTS)


def test_every_claim_of_claims_md_is_a_row(ledger):
    """The IDs live in data/claims.csv; CLAIMS.md in the steering repo is compared when it is beside us."""
    top = set(ledger.loc[ledger["parent"] == "", "id"])
    expected = ({f"K{i}" for i in range(1, 8)} | {f"L{i}" for i in range(1, 23)} | {f"R{i}" for i in range(1, 14)}
                | {f"T{i}" for i in range(1, 10)} | {f"V{i}" for i in range(1, 8)})
    assert top == expected
    path = SHARED / "CLAIMS.md"
    if path.exists():
        assert set(re.findall(r"^\| ([KLRTV]\d+) \|", path.read_text(), flags=re.M)) == top


def test_every_leaf_is_computed_by_its_chapter(ledger):
    missing = list(ledger.loc[ledger["note"] == L.NOT_YET, "id"])
    assert not missing, f"claim rows with no computation in llmscale.claims.chNN: {missing}"


def test_every_row_is_quoted_and_explained(ledger):
    for _, r in ledger.iterrows():
        assert r["quote"] and r["translation"] and r["seed"], r["id"]
        assert r["source"] in claims.SOURCE_KEYS, r["id"]
        if r["parent"] or r["wording"] != "compound":
            assert r["method"] in claims.METHODS, r["id"]
            assert r["assumptions"], f"{r['id']} states no assumptions"
        assert r["note"], f"{r['id']} has no one-line reason"


def test_no_recomputation_is_a_copy_of_its_claim(ledger):
    """A value equal to the claim itself is a fact-check and must say so."""
    for _, r in ledger.iterrows():
        if r["method"] == "recomputed" and not math.isnan(r["claimed"]) and not math.isnan(r["recomputed"]):
            assert r["recomputed"] != r["claimed"], f"{r['id']}: recomputed == claimed; call it a fact-check"


def test_fact_checks_cite_their_source(ledger):
    from llmscale import catalog

    keys = catalog.bib_keys()
    found = {c.id: c for ch in claims.CHAPTERS for c in L._findings(ch).values()}
    for cid, c in found.items():
        if c.method == "fact-checked":
            assert c.fact_source in keys, f"{cid}: fact_source {c.fact_source!r} is not in references.bib"


def test_readings_carry_their_own_verdicts(ledger):
    for _, r in ledger.iterrows():
        for x in r["readings"]:
            assert x["verdict"] in claims.VERDICTS, r["id"]
        if r["verdict"] == "depends on reading" and r["readings"]:   # a parent takes its part's verdict
            vs = {x["verdict"] for x in r["readings"]}
            assert "disputed" in vs and vs & {"reproduced", "consistent"}, r["id"]


def test_disputed_needs_the_whole_interval_outside(ledger):
    for _, r in ledger.iterrows():
        if r["verdict"] == "disputed" and not math.isnan(r["recomputed_low"]):
            assert claims.agreement(r["claimed"], r["recomputed_low"], r["tolerance"], r["sense"]) == "fails"
            assert claims.agreement(r["claimed"], r["recomputed_high"], r["tolerance"], r["sense"]) == "fails"


def test_ledger_chapter_filter():
    with pytest.raises(ValueError, match="chapter='07'"):
        claims.ledger("07")
    assert set(claims.ledger("04")["chapter"]) == {"04"}


# --- verdict words in the prose ----------------------------------------------------------------------

_VERDICT_WORD = re.compile(r"(?<![\w`])(\*{1,2})(reproduced|consistent|disputed|unverifiable|depends? on (?:the )?reading)"
                           r"\1(?![\w*])", re.I)


def test_the_prose_types_no_verdict_it_glues_them():
    """A verdict in a chapter's prose is glued from the ledger (``cNN_v_<id>``, :func:`claims.verdict_glue`),
    never typed: a typed word would stay when the ledger's verdict moves. Only the rule's own
    definitions ("**Disputed** means ...", "- **disputed**: ...") name them in words."""
    import json

    typed = []
    for nb in sorted((ROOT / "chapters").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(nb.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] != "markdown":
                continue
            src = "".join(cell["source"])
            for m in _VERDICT_WORD.finditer(src):
                defines = src[m.end():m.end() + 8].lstrip().startswith("means") or \
                    re.match(r"\s*- \*\*", src[src.rfind("\n", 0, m.start()) + 1:m.end()]) and src[m.end()] == ":"
                if not defines:
                    typed.append(f"{nb.name} cell {i}: …{src[max(0, m.start() - 60):m.end() + 10]!r}")
    assert typed == [], "\n".join(typed)


@pytest.mark.parametrize("chapter", ["01", "02", "03", "04", "05"])
def test_verdict_glue_is_the_ledger(chapter):
    from llmscale.claims.ledger import verdict_glue

    g = verdict_glue(chapter)
    df = claims.ledger(chapter)
    for cid, v, rs in zip(df["id"], df["verdict"], df["readings"]):
        assert g[f"v_{cid.lower()}"] == v
        assert [g[f"v_{cid.lower()}_r{k}"] for k in range(len(rs))] == [r["verdict"] for r in rs]
    assert set(g.values()) <= set(claims.VERDICTS)
