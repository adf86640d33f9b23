"""The claims ledger framework: the verdict rule and the ledger's shape."""

import math
import re

import pytest

from llmscale import claims
from tests.conftest import SHARED


@pytest.mark.parametrize(
    "claimed, recomputed, tol, sense, checkable, expected",
    [
        (3.8e25, 3.8e25, 1.1, "approx", True, "reproduced"),
        (50, 45.5, 1.1, "approx", True, "reproduced"),   # 0.91 is inside [1/1.1, 1.1]
        (50, 45.0, 1.1, "approx", True, "disputed"),     # 0.90 is just outside
        (5.5, 5.37, 1.1, "approx", False, "consistent"),
        (1e23, 1.9e23, 2.0, "approx", True, "reproduced"),
        (1e23, 2.1e23, 2.0, "approx", True, "disputed"),
        (1e20, 0.5e20, 1.1, "upper", True, "reproduced"),
        (1e20, 3e20, 1.1, "upper", True, "disputed"),
        (10, 100, 1.1, "lower", True, "reproduced"),
        (10, 5, 1.1, "lower", True, "disputed"),
        (math.nan, 1.0, 1.1, "approx", True, "unverifiable"),
        (1.0, math.nan, 1.1, "approx", True, "unverifiable"),
    ],
)
def test_verdict_rule(claimed, recomputed, tol, sense, checkable, expected):
    assert claims.verdict(claimed, recomputed, tol, sense, checkable) == expected


def test_verdict_is_symmetric_in_log_space():
    assert claims.verdict(1.0, 1.1) == claims.verdict(1.1, 1.0) == "reproduced"


@pytest.mark.parametrize("kw, arg", [({"sense": "about"}, "sense"), ({"tolerance": 0.1}, "tolerance"),
                                     ({"tolerance": math.nan}, "tolerance")])
def test_verdict_bad_input(kw, arg):
    with pytest.raises(ValueError, match=arg):
        claims.verdict(1.0, 1.0, **kw)


def test_ledger_shape_and_rules():
    df = claims.ledger()
    assert list(df.columns) == claims.COLUMNS
    assert df["id"].is_unique
    assert set(df["verdict"]) <= set(claims.VERDICTS)
    for _, r in df.iterrows():
        assert r["verdict"] == claims.verdict(r["claimed"], r["recomputed"], r["tolerance"], r["sense"],
                                              r["verdict"] != "consistent")
        assert r["assumptions"], r["id"]
        assert r["source"] in claims.SOURCE_KEYS, r["id"]
        if r["verdict"] in ("disputed", "unverifiable"):
            assert r["note"], f"{r['id']} is {r['verdict']} and must say why"


def test_claim_ids_come_from_claims_md():
    """Every ledger ID is an ID of CLAIMS.md (when the steering repo is beside us)."""
    path = SHARED / "CLAIMS.md"
    if not path.exists():
        pytest.skip("../shared/CLAIMS.md is absent")
    ids = set(re.findall(r"^\| ([KLRTV]\d+) \|", path.read_text(), flags=re.M))
    assert len(ids) == 47
    assert set(claims.ledger()["id"]) == ids  # every claim has exactly one row


EXPECTED_VERDICTS = {
    # the verdicts the chapters' analyses found; each chapter's tests assert the numbers behind them
    "K1": "reproduced", "K2": "reproduced", "K3": "reproduced", "K4": "reproduced", "K5": "disputed",
    "K6": "consistent",
    "L1": "consistent", "L2": "reproduced", "L3": "reproduced", "L4": "reproduced", "L5": "reproduced",
    "L6": "reproduced", "L7": "disputed", "L8": "reproduced", "L9": "consistent", "L10": "reproduced",
    "L11": "consistent", "L12": "consistent", "L13": "unverifiable", "L14": "consistent", "L15": "disputed",
    "R1": "consistent", "R2": "unverifiable", "R3": "disputed", "R4": "reproduced", "R5": "consistent",
    "R6": "reproduced", "R7": "unverifiable", "R8": "consistent", "R9": "consistent", "R10": "reproduced",
    "R11": "reproduced", "R12": "reproduced",
    "T1": "reproduced", "T2": "consistent", "T3": "consistent", "T4": "reproduced", "T5": "consistent",
    "T6": "disputed", "T7": "disputed", "T8": "consistent",
    "V1": "unverifiable", "V2": "consistent", "V3": "consistent", "V4": "reproduced", "V5": "unverifiable",
    "V6": "consistent",
}


def test_every_verdict_is_what_the_analysis_found():
    got = dict(zip(claims.ledger()["id"], claims.ledger()["verdict"]))
    assert got == EXPECTED_VERDICTS


def test_ledger_chapter_filter():
    with pytest.raises(ValueError, match="chapter='07'"):
        claims.ledger("07")
