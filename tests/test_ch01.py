"""Chapter 01: the claims K1-K6 (llmscale.claims.ch01) and the chapter's numbers (llmscale.chapters.ch01)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from llmscale import claims, params
from llmscale.chapters import ch01 as chapter
from llmscale.claims import ch01

DEFAULTS = dict(compute_flop=5.76e23, preset="hoffmann2022", n_bootstrap=200, seed=0, synthetic_noise=0.02,
                points_csv=None)


# --- claims ----------------------------------------------------------------------------------

def test_claim_rows_complete():
    rows = {c.id: c for c in ch01.claim_rows()}
    assert sorted(rows) == ["K1", "K2", "K3", "K4", "K5", "K6"]
    df = claims.ledger("01")
    assert list(df["id"]) == ["K1", "K2", "K3", "K4", "K5", "K6"]


def test_claim_verdicts():
    rows = {c.id: c for c in ch01.claim_rows()}
    assert rows["K1"].verdict == "reproduced" and rows["K1"].recomputed == 8.0
    assert rows["K2"].verdict == "reproduced" and rows["K2"].recomputed == pytest.approx(5.370, abs=1e-3)
    assert "1.86" in rows["K2"].assumptions
    assert rows["K3"].verdict == "reproduced" and rows["K3"].recomputed == pytest.approx(1.714, abs=1e-3)
    assert rows["K4"].verdict == "reproduced" and rows["K4"].recomputed == pytest.approx(21.14, abs=0.01)
    assert rows["K5"].verdict == "disputed" and rows["K5"].recomputed == pytest.approx(3.42, abs=0.01)
    assert "11.7x smaller, not 20x" in rows["K5"].note
    assert rows["K6"].verdict == "consistent" and rows["K6"].recomputed == pytest.approx(10.0)


def test_claim_results():
    assert (ch01.k1().c_min, ch01.k1().n, ch01.k1().d, ch01.k1().widest) == (8.0, 6.0, 2.0, 8.0)
    assert (round(ch01.k2().n_factor, 2), round(ch01.k2().d_factor, 2)) == (5.37, 1.86)
    assert (ch01.k3().params, ch01.k3().tokens) == (175e9, 300e9) == ch01.gpt3_params_tokens()
    k4 = ch01.k4()
    assert k4.tokens_175b == pytest.approx(3.7e12) and (k4.tokens_per_param_min, k4.tokens_per_param_max) == \
        pytest.approx((20.0, 22.4), abs=0.05)
    s = ch01.k5()
    assert s.same_compute_params == pytest.approx(51.2e9, rel=1e-3)
    assert s.same_compute_tokens == pytest.approx(1.025e12, rel=1e-3)
    assert s.same_tokens_params == 15e9 and s.same_tokens_factor == pytest.approx(11.67, abs=0.01)
    assert s.same_compute_factor == pytest.approx(3.42, abs=0.01)
    assert s.same_tokens_flop == pytest.approx(s.gpt3_flop / s.same_tokens_factor)
    k6 = ch01.k6()
    assert k6.kaplan_cut_per_10x == pytest.approx(10 ** -0.095) and k6.epoch_multiplier == math.inf
    with pytest.raises(dataclasses.FrozenInstanceError):
        k6.from_tokens = 1.0   # frozen


# --- the chapter's parameters and numbers ------------------------------------------------------

@pytest.mark.parametrize("kw, name", [
    ({"preset": "besiroglu"}, "preset"), ({"compute_flop": 1e10}, "compute_flop"),
    ({"n_bootstrap": 0}, "n_bootstrap"), ({"synthetic_noise": -0.1}, "synthetic_noise"),
])
def test_bad_notebook_parameters(kw, name):
    params.validate("01", **DEFAULTS)
    with pytest.raises(ValueError, match=name):
        params.validate("01", **{**DEFAULTS, **kw})


def test_numbers_at_the_defaults():
    nums = chapter.numbers(params.validate("01", **DEFAULTS))
    assert len(nums) == 37 and all(isinstance(v, str) for v in nums.values())
    assert nums["k2_n"] == "5.37" and nums["gpt3_tpp"] == "1.71" and nums["t3_175_tokens"] == "3.7T"
    assert nums["k5_factor"] == "3.4" and nums["k6_mult"] == "246× more data"
    assert nums["tpp_hoff"] == "40 to 191" and nums["tpp_epoch"] == "23 to 15"
    assert nums["q_hoff_rows"] == "10B to 520B" and nums["runs_needed"] == "1.32M"


@pytest.mark.parametrize("kw", [{"preset": "besiroglu2024"}, {"compute_flop": 1e27, "preset": "hoffmann2022_unrounded"}])
def test_numbers_other_parameters(kw):
    P = params.validate("01", **{**DEFAULTS, "n_bootstrap": 20, **kw})
    nums = chapter.numbers(P)
    assert nums["preset"] == P["preset"]
    assert "inf" not in " ".join(nums.values()) and "nan" not in " ".join(nums.values())
    if P["preset"] == "besiroglu2024":     # its floor E is reached: no amount of data repeats the cut
        assert nums["k6_mult"].startswith("more than any amount of data")


def test_tables_and_curves():
    P = params.validate("01", **DEFAULTS)
    assert len(chapter.preset_table(P)) == 3 and len(chapter.table3_view()) == 9
    assert len(chapter.k5_table()) == 4 and len(chapter.budget_table(P)) == 4
    assert len(chapter.allocation_table()) == 1 + 3 + 3
    assert chapter.refit(P) is None
    cur = chapter.loss_curves(P)
    assert np.all(np.diff(cur["kaplan_n"]) < 0) and np.all(cur["chinchilla_c"] > chapter.law(P).E)
    for s in chapter.isoflop_curves(P):
        assert s["loss_opt"] <= s["loss"].min() + 1e-12
    rc = chapter.recovery_curve(P)
    assert rc["width_line"][-1] < rc["target"] < rc["width_line"][0]
