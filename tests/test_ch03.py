"""Chapter 03: the claim rows R1-R13 (llmscale.claims.ch03), the conversions they use, and the chapter's
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


def peak(hardware, precision="bf16"):
    return catalog.hardware(hardware).peak_flop_per_s(precision)


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
    assert c03.r3().hardware == "H800 SXM"


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

#: Every verdict of chapter 03 (leaves and parents), written from the chapter's analysis, not re-derived.
EXPECTED = {
    "R1": "depends on reading", "R1a": "depends on reading", "R1b": "depends on reading",
    "R2": "unverifiable", "R2a": "unverifiable", "R2b": "unverifiable",
    "R3": "disputed", "R3a": "disputed", "R3b": "depends on reading", "R3c": "disputed", "R3d": "disputed",
    "R4": "reproduced", "R4a": "reproduced", "R4b": "reproduced", "R4c": "reproduced",
    "R5": "depends on reading", "R5a": "depends on reading", "R5b": "depends on reading",
    "R6": "depends on reading", "R6a": "reproduced", "R6b": "unverifiable", "R6c": "reproduced",
    "R6d": "depends on reading",
    "R7": "unverifiable",
    "R8": "depends on reading", "R8a": "reproduced", "R8b": "depends on reading", "R8c": "consistent",
    "R9": "depends on reading", "R9a": "unverifiable", "R9b": "unverifiable", "R9c": "unverifiable",
    "R9d": "consistent", "R9e": "depends on reading", "R9f": "depends on reading",
    "R10": "disputed", "R10a": "reproduced", "R10b": "depends on reading", "R10c": "disputed",
    "R11": "reproduced", "R11a": "reproduced", "R11b": "reproduced", "R11c": "unverifiable", "R11d": "unverifiable",
    "R12": "reproduced", "R12a": "reproduced", "R12b": "reproduced", "R12c": "reproduced",
    "R13": "unverifiable",
}


@pytest.fixture(scope="module")
def ledger():
    return claims.ledger("03").set_index("id")


@pytest.fixture(scope="module")
def rows():
    return {c.id: c for c in c03.claim_rows()}


def test_every_leaf_has_a_claim(ledger):
    leaves = {i for i in ledger.index if not claims.quotes()[i]["parts"]}
    assert set(c.id for c in c03.claim_rows()) == leaves
    assert set(ledger.index) == set(EXPECTED)


def test_verdicts(ledger):
    got = dict(ledger["verdict"])
    assert got == EXPECTED


def test_r1_dates_and_ten_x(rows):
    a = c03.r1()
    assert a.months == pytest.approx(4.337, abs=1e-3)
    assert a.months_preview_to_announced == pytest.approx(3.25, abs=0.01)
    assert a.months_preview_to_release == pytest.approx(7.10, abs=0.01)
    assert a.growth_per_year == pytest.approx(585, abs=1)
    assert rows["R1b"].recomputed == 10.0 and rows["R1b"].fact_source == "openai2025o3"
    # On a shared base 10x the RL is (1 + 10 s)/(1 + s) of the total: never 10x.
    assert c03.share_total_ratio(0.18262, 10) == pytest.approx(2.39, abs=0.01)
    assert a.total_ratio_high < 9.09


def test_r3(rows):
    d = c03.r3()
    assert d.flop == pytest.approx(147_336 * 3600 * 989e12 * 0.3)
    # DeepSeek-V3's own MFU: 6 · 37e9 · 14.8e12 over 2.788M H800-hours at 989 TFLOP/s.
    assert d.v3_mfu == pytest.approx(6 * 37e9 * 14.8e12 / (2.788e6 * 3600 * 989e12))
    assert d.flop_high < 6e23 / 1.25 and d.flop_at_full_mfu < 6e23
    # 20T tokens: DeepSeek's hours pay for at most 2.3T even generating only (2N per token).
    assert d.tokens_high == pytest.approx(d.flop_high / (2 * 37e9))
    assert d.tokens_high < 20e12 / 1.25
    # The 20 % share holds only for Epoch's own 6e23: 6e23 / (6 · 37e9 · 14.8e12) ≈ 18 %.
    assert 6e23 / d.v3_flop == pytest.approx(0.182, abs=1e-3)
    assert rows["R3d"].recomputed == pytest.approx(100 * d.flop / d.v3_flop)
    assert d.reported_usd / d.v3_usd == pytest.approx(294_000 / 5.576e6)
    # $1M is the price of 6e23 on H800s at 30 % MFU and $2 an hour.
    assert d.epoch_usd_recomputed == pytest.approx(6e23 / (3600 * 989e12 * 0.3) * 2)


def test_r4(rows):
    r = rows["R4b"]
    assert r.recomputed == pytest.approx(1.4954e23, rel=1e-3)
    assert r.low < 1e23 < r.high
    assert rows["R4c"].high < 1.0


def test_r5(rows):
    r = rows["R5a"]
    assert r.recomputed == pytest.approx(8 * 14.7e9 * 6_400 * 8 * 12_000)
    assert c03.r5().sft_flop == pytest.approx(6 * 14.7e9 * 16e9)
    # Epoch's bound itself is just over 0.01 % of Phi-4's 6ND (8.64e23).
    assert 100 * c03.r5().bound_share_of_pretrain == pytest.approx(0.01157, abs=1e-4)


def test_r6(rows):
    u = c03.r6()
    assert u.flop_1m == pytest.approx(5.3406e23, rel=1e-4)
    assert rows["R6a"].recomputed == 294_000
    assert u.largest_run_dec2024 == 5e25
    assert u.colossus_flop == pytest.approx(100_000 * 90 * 24 * 3600 * 989e12 * 0.4)


def test_r8(rows):
    c = c03.r8()
    assert rows["R8c"].recomputed == pytest.approx(1.6686, abs=1e-3)
    assert c.best_years == pytest.approx(0.883, abs=1e-3)
    assert c.frontier_growth == 4.0


def test_r9_article_numbers(rows):
    # The article's own numbers: 1e7 x 1e3 x 1e3 = 1e13 tokens, not "hundreds of trillions".
    assert rows["R9e"].recomputed == pytest.approx(1e13)
    assert rows["R9d"].recomputed == pytest.approx(1e10)
    assert c03.r9().tokens_several == pytest.approx(9e13)
    assert rows["R9f"].recomputed == pytest.approx(1e13 / 18e12)


def test_r10(rows):
    assert rows["R10a"].recomputed == 3.0
    assert rows["R10b"].recomputed == 1.0 and rows["R10b"].method == "fact-checked"
    assert rows["R10c"].high < 0.1


def test_r11_r12(rows):
    assert rows["R11a"].recomputed == 4.0 and rows["R11b"].recomputed == 2.0
    assert [rows[i].recomputed for i in ("R12a", "R12b", "R12c")] == [800_000, 75_000, 12_000]


def test_no_recomputed_row_copies_its_claim(ledger):
    for cid, r in ledger.iterrows():
        if r["method"] == "recomputed" and r["claimed"] == r["claimed"] and r["recomputed"] == r["recomputed"]:
            assert r["recomputed"] != r["claimed"], cid


# --- parameters and the chapter's numbers ---------------------------------------------------

DEFAULTS = dict(hardware="H800 SXM", mfu=0.3, usd_per_gpu_hour=2.0, months_per_10x=4.0,
                frontier_growth_per_year=4.0, gap_orders_of_magnitude=2.0,
                rollouts_per_problem=3000, tokens_per_rollout=3000)


def test_params_validate_defaults():
    P = params.validate("03", **{**DEFAULTS, "hardware": "h800 sxm"})
    assert P["hardware"] == "H800 SXM"


@pytest.mark.parametrize("name, value", [
    ("mfu", 0.0), ("mfu", 1.5), ("usd_per_gpu_hour", -1.0), ("months_per_10x", 0),
    ("frontier_growth_per_year", 1.0), ("gap_orders_of_magnitude", -0.5),
    ("rollouts_per_problem", 0), ("tokens_per_rollout", 2.5), ("hardware", "H900"),
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
    assert nums["verdicts"] == ("Of the thirteen claims: 3 reproduced, 0 consistent, 5 depends on reading, "
                                "2 disputed, 3 unverifiable.")
    assert nums["r9_lo"] == "1e13" and nums["ds_tokens_hi"] == "2.3T" and nums["total_ratio"] == "1.4"


@pytest.mark.parametrize("change", [
    dict(months_per_10x=24.0),                                       # never catches up
    dict(gap_orders_of_magnitude=0.0),
    dict(hardware="B200", mfu=0.4, usd_per_gpu_hour=4.0),
    dict(rollouts_per_problem=1, tokens_per_rollout=1, frontier_growth_per_year=100.0),
])
def test_numbers_follow_the_parameters(change):
    P = params.validate("03", **{**DEFAULTS, **change})
    nums = ch03.numbers(P)
    assert not [k for k, v in nums.items() if re.search(r"\b(inf|nan)\b", v)]
    if change.get("months_per_10x") == 24.0:
        assert nums["catch"].startswith("never catches up") and nums["after"] == "its growth never has to slow"
    if "hardware" in change:
        assert nums["hw"] == "B200" and nums["mfu_pct"] == "40%" and nums["price"] == "$4.00"
        assert nums["ds_hours"] == "147,336"                          # the ledger's numbers do not move
    # the tables and curves build for every configuration
    for f in (ch03.rl_cost_table, ch03.deepseek_table, ch03.budget_table, ch03.catch_up_table, ch03.rollout_table):
        assert len(f(P)) > 0
    curves = ch03.catch_up_curves(P)
    for _, _, month, _ in curves.reasoning:
        assert month is None or 0 <= month <= curves.months[-1]
