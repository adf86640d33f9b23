"""Chapter 03: the claim rows R1-R12 (llmscale.claims.ch03), the conversions they use, and the chapter's
numbers (llmscale.chapters.ch03)."""

from __future__ import annotations

import json
import re

import pytest

from llmscale import catalog, claims, flops, params
from llmscale.chapters import ch03
from llmscale.claims import ch03 as c03
from tests.conftest import ROOT

NOTEBOOK = ROOT / "chapters" / "03_reasoning_rl_compute.ipynb"


def peak(gpu, precision="bf16"):
    return catalog.hardware(gpu).peak_flop_per_s(precision)


# --- GPU-hours, dollars, MFU at catalogue peaks (llmscale.flops) ------------------------

def test_deepseek_v3_rental_cost_published():
    # DeepSeek-AI (2024), Table 1: 2.788M H800-hours at $2 = $5.576M.
    v3 = catalog.row("training_runs", "DeepSeek-V3")
    flop = flops.gpu_hours_to_flop(v3["gpu_hours"], peak("H800 SXM"), 0.3)
    assert flops.flop_to_usd(flop, peak("H800 SXM"), 0.3, 2.0) == pytest.approx(5.576e6)


def test_nemotron_mfu_for_1e23():
    # 140,000 H100-hours give 1e23 FLOP at ~20 % BF16 MFU.
    mfu = flops.mfu_for(1e23, 140_000, peak("H100 SXM"))
    assert mfu == pytest.approx(1e23 / (140_000 * 3600 * 989e12))
    assert mfu == pytest.approx(0.2006, abs=1e-4)
    assert flops.gpu_hours_to_flop(140_000, peak("H100 SXM"), mfu) == pytest.approx(1e23)
    assert c03.r4().mfu_for_1e23 == pytest.approx(mfu)


def test_usd_flop_round_trip_and_fp8():
    f = flops.usd_to_flop(1e6, peak("H100 SXM"), 0.3, 2.0)
    assert f == pytest.approx(5e5 * 3600 * 989e12 * 0.3)
    assert flops.flop_to_usd(f, peak("H100 SXM"), 0.3, 2.0) == pytest.approx(1e6)
    assert flops.usd_to_flop(1e6, peak("H100 SXM", "fp8"), 0.3, 2.0) == pytest.approx(2 * f, rel=1e-3)
    assert flops.flop_to_gpu_hours(f, peak("H100 SXM"), 0.3) == pytest.approx(5e5)


def test_cost_bad_input():
    with pytest.raises(ValueError, match="usd_per_gpu_hour"):
        flops.usd_to_flop(1e6, peak("H100 SXM"), 0.3, 0.0)
    with pytest.raises(ValueError, match="mfu"):
        flops.gpu_hours_to_flop(10, peak("H100 SXM"), 1.5)
    with pytest.raises(ValueError, match="Did you mean 'H100 SXM'"):
        c03.peak("H100 SMX")


# --- claim-only helpers -------------------------------------------------------------------

def test_deepseek_reported_rows_add_up():
    # 512 GPUs × (198 h + 80 h) + 5,000 h = 147,336 H800-hours; × $2 = $294,672 ≈ the reported $294k.
    hours = c03.deepseek_r1_reported_gpu_hours()
    assert hours == 512 * (198 + 80) + 5_000
    ds = c03.deepseek_r1_reported_rows()
    assert (ds["gpu_hours"] * ds["usd_per_gpu_hour"]).sum() == pytest.approx(294_000, rel=0.003)
    assert ds["reported_usd"].sum() == 294_000
    assert c03.r3().gpu == "H800 SXM"


def test_pretraining_flop():
    assert c03.pretraining_flop("DeepSeek-V3") == pytest.approx(6 * 37e9 * 14.8e12)
    phi = catalog.row("reasoning_runs", "Phi-4 pre-training")
    assert flops.training_flop(phi["n_active_params"], phi["trained_tokens"]) == pytest.approx(8.64e23, rel=1e-3)
    assert c03.r5().pretrain_flop == pytest.approx(8.64e23, rel=1e-3)
    with pytest.raises(ValueError, match="GPT-5"):
        c03.pretraining_flop("GPT-5")


def test_prm800k():
    p = c03.prm800k()
    assert p.steps_per_solution == pytest.approx(10.667, abs=1e-3)
    assert p.solutions_per_problem == pytest.approx(6.25)


# --- the claims -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rows():
    return {c.id: c for c in c03.claim_rows()}


def test_all_claims_present():
    ids = [c.id for c in c03.claim_rows()]
    assert ids == [f"R{i}" for i in range(1, 13)]
    df = claims.ledger("03")
    assert list(df["id"]) == ids and set(df["chapter"]) == {"03"}


def test_r1(rows):
    assert rows["R1"].verdict == "consistent"
    assert rows["R1"].recomputed == pytest.approx(4.337, abs=1e-3)
    assert c03.r1().growth_per_year == pytest.approx(585, abs=1)


def test_r2(rows):
    assert rows["R2"].verdict == "unverifiable"


def test_r3(rows):
    r = rows["R3"]
    assert r.verdict == "disputed"
    assert r.recomputed == pytest.approx(147_336 * 3600 * 989e12 * 0.3)
    assert r.recomputed / r.claimed == pytest.approx(0.262, abs=1e-3)
    # Even at 100 % MFU DeepSeek's hours cannot deliver 6e23 at BF16.
    assert c03.r3().flop_at_full_mfu < 6e23
    # The 20 % share itself holds: 6e23 / (6 · 37e9 · 14.8e12) ≈ 18 %.
    assert 6e23 / c03.r3().v3_flop == pytest.approx(0.182, abs=1e-3)


def test_r4(rows):
    r = rows["R4"]
    assert r.verdict == "reproduced"
    assert r.recomputed == pytest.approx(1.4954e23, rel=1e-3)
    assert r.recomputed / 3.8e25 < 0.01


def test_r5(rows):
    r = rows["R5"]
    assert r.verdict == "consistent"
    assert r.recomputed == pytest.approx(8 * 14.7e9 * 6_400 * 8 * 12_000)


def test_r6(rows):
    assert rows["R6"].verdict == "reproduced"
    assert rows["R6"].recomputed == pytest.approx(5.3406e23, rel=1e-4)


def test_r7(rows):
    assert rows["R7"].verdict == "unverifiable"
    assert rows["R7"].recomputed == pytest.approx((74.0 - 25.0) / 3)


def test_r8(rows):
    assert rows["R8"].verdict == "consistent"
    assert rows["R8"].recomputed == pytest.approx(1.6686, abs=1e-3)
    assert c03.r8().best_years == pytest.approx(0.883, abs=1e-3)


def test_r9(rows):
    assert rows["R9"].verdict == "consistent"
    assert rows["R9"].recomputed == pytest.approx(1e14)


def test_r10(rows):
    assert rows["R10"].verdict == "reproduced"
    assert rows["R10"].recomputed == 1.0


def test_r11(rows):
    assert rows["R11"].verdict == "reproduced"
    assert rows["R11"].recomputed == 4.0


def test_r12(rows):
    assert rows["R12"].verdict == "reproduced"
    assert rows["R12"].recomputed == 800_000


# --- parameters and the chapter's numbers ---------------------------------------------------

DEFAULTS = dict(gpu="H800 SXM", mfu=0.3, usd_per_gpu_hour=2.0, months_per_10x=4.0,
                frontier_growth_per_year=4.0, gap_orders_of_magnitude=2.0,
                rollouts_per_problem=3000, tokens_per_rollout=3000)


def test_params_validate_defaults():
    P = params.validate("03", **{**DEFAULTS, "gpu": "h800 sxm"})
    assert P["gpu"] == "H800 SXM"


@pytest.mark.parametrize("name, value", [
    ("mfu", 0.0), ("mfu", 1.5), ("usd_per_gpu_hour", -1.0), ("months_per_10x", 0),
    ("frontier_growth_per_year", 1.0), ("gap_orders_of_magnitude", -0.5),
    ("rollouts_per_problem", 0), ("tokens_per_rollout", 2.5), ("gpu", "H900"),
])
def test_params_bad_values(name, value):
    with pytest.raises(ValueError, match=name):
        params.validate("03", **{**DEFAULTS, name: value})


def test_numbers_cover_every_glue_of_the_notebook():
    nb = json.loads(NOTEBOOK.read_text())
    prose = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    used = set(re.findall(r"\{glue:text\}`c03_(\w+)`", prose))
    nums = ch03.numbers(params.validate("03", **DEFAULTS))
    assert used <= set(nums)


def test_numbers_at_the_defaults():
    nums = ch03.numbers(params.validate("03", **DEFAULTS))
    assert nums["ds_hours"] == "147,336" and nums["ds_flop_default"] == "1.6e23" and nums["ds_ratio"] == "3.8"
    assert nums["o1o3_months"] == "4.3" and nums["o1o3_per_year"] == "585"
    assert nums["catch"] == "catches up in 0.83 years"
    assert nums["r8_best"] == "0.88" and nums["r8_worst"] == "1.67"
    assert nums["phi_max_mean"] == "16,608" and nums["usd1m"] == "5.3e23"
    assert nums["verdicts"] == "Of the twelve claims: 5 reproduced, 4 consistent, 1 disputed, 2 unverifiable."


@pytest.mark.parametrize("change", [
    dict(months_per_10x=24.0),                                       # never catches up
    dict(gap_orders_of_magnitude=0.0),
    dict(gpu="B200", mfu=0.4, usd_per_gpu_hour=4.0),
    dict(rollouts_per_problem=1, tokens_per_rollout=1, frontier_growth_per_year=100.0),
])
def test_numbers_follow_the_parameters(change):
    P = params.validate("03", **{**DEFAULTS, **change})
    nums = ch03.numbers(P)
    assert not [k for k, v in nums.items() if re.search(r"\b(inf|nan)\b", v)]
    if change.get("months_per_10x") == 24.0:
        assert nums["catch"].startswith("never catches up") and nums["after"] == "its growth never has to slow"
    if "gpu" in change:
        assert nums["hw"] == "B200" and nums["mfu_pct"] == "40%" and nums["price"] == "$4.00"
        assert nums["ds_hours"] == "147,336"                          # the ledger's numbers do not move
    # the tables and curves build for every configuration
    for f in (ch03.rl_cost_table, ch03.deepseek_table, ch03.budget_table, ch03.catch_up_table, ch03.rollout_table):
        assert len(f(P)) > 0
    curves = ch03.catch_up_curves(P)
    for _, _, month, _ in curves.reasoning:
        assert month is None or 0 <= month <= curves.months[-1]
