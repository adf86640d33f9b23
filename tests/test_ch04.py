"""Chapter 04: claims T1-T9 (llmscale.claims.ch04) and the chapter's parameters."""

import numpy as np
import pytest

from llmscale import claims, prices, roofline
from llmscale.claims import ch04
from llmscale.serving_options import Efficiency, Precision

L405 = "Llama 3.1 405B"
H100 = "H100 SXM"


#: Every verdict of chapter 04, written from the chapter's analysis (not re-derived by the rule).
EXPECTED = {
    "T1": "reproduced", "T1a": "reproduced", "T1b": "unverifiable", "T1c": "reproduced",
    "T2": "consistent", "T2a": "unverifiable", "T2b": "unverifiable", "T2c": "unverifiable",
    "T2d": "unverifiable", "T2e": "consistent",
    "T3": "disputed", "T3a": "disputed", "T3b": "disputed", "T3c": "reproduced",
    "T4": "reproduced",
    "T5": "depends on reading", "T5a": "depends on reading", "T5b": "reproduced",
    "T6": "depends on reading", "T6a": "depends on reading", "T6b": "depends on reading", "T6c": "reproduced",
    "T7": "disputed", "T7a": "reproduced", "T7b": "reproduced", "T7c": "disputed",
    "T8": "reproduced", "T8a": "reproduced", "T8b": "reproduced",
    "T9": "reproduced", "T9a": "reproduced", "T9b": "unverifiable",
}


@pytest.fixture(scope="module")
def led():
    return claims.ledger("04").set_index("id")


@pytest.fixture(scope="module")
def rows():
    return {c.id: c for c in ch04.claim_rows()}


def test_verdicts(led):
    assert dict(led["verdict"]) == EXPECTED


def test_fitted_rows_are_marked(rows):
    # only T5a's batch (32) is fitted to its own numbers; T3, T7, T8, T9 use measured-server efficiencies
    assert {i for i, c in rows.items() if c.fitted} == {"T5a"}
    assert all("measured servers" in rows[i].note for i in ("T3a", "T3b", "T3c", "T7c", "T8a", "T8b", "T9a"))
    # no row's assumptions carry T3's fitted efficiencies (0.77, 0.57) as its own
    assert not any("efficiency 0.77" in c.assumptions for c in rows.values())


def test_t1_t2_prices(rows):
    assert rows["T1a"].recomputed == pytest.approx(60 / 10) and rows["T1a"].readings[0].recomputed == pytest.approx(6)
    assert rows["T1c"].recomputed == pytest.approx(12 / 0.60) and rows["T1c"].method == "fact-checked"
    assert prices.price_usd_per_mtok("o1-mini") / prices.price_usd_per_mtok("GPT-4o mini") == pytest.approx(20)
    assert rows["T2e"].recomputed == pytest.approx(7661 * 60 / (775 * 10))
    assert rows["T2e"].method == "claimant's arithmetic"


def test_t3_batches_and_cost_ratio(rows):
    ref = dict(ch04.REFERENCE)
    m, h, n = ref.pop("model"), ref.pop("hardware"), ref.pop("n_gpus")
    lat = roofline.batch_limits(m, h, n, [775, 7661], 30, **ref).latency_batch
    assert lat.tolist() == [369, 71]          # T3's own fit: the claim's 368 and 72, within 2 %
    assert ch04.t3().cost_ratio == pytest.approx(369 / 71, rel=0.01)
    # at measured-server efficiencies (MFU ~0.4 < the 0.57 that 368 needs) the batches fall well short
    ms = ch04.measured()
    assert 0.3 <= ms.mfu <= 0.5 and 0.5 <= ms.bandwidth <= 0.8
    assert rows["T3b"].high < 368 / 1.1 and rows["T3a"].high < 72 / 1.1
    assert 4 < rows["T3c"].recomputed < 6.5 and rows["T3c"].low <= rows["T3c"].recomputed <= rows["T3c"].high


def test_t4_t5_t6_memory(rows):
    assert rows["T4"].recomputed == 516_096    # Llama 3.1 405B, BF16: 2 x 126 x 8 x 128 x 2
    assert rows["T5a"].recomputed == pytest.approx(640e9 / (32 * 516_096))
    assert rows["T5b"].recomputed == 640 and rows["T5b"].readings[0].recomputed == pytest.approx(8 * 80 * 2**30 / 1e9)
    assert rows["T6a"].recomputed == pytest.approx(405.853, abs=1e-3)
    assert rows["T6b"].recomputed == pytest.approx(640 - 405.853388800)
    assert rows["T6c"].recomputed == pytest.approx((640e9 - 405_853_388_800) / (32 * 516_096))
    gib, article = rows["T6c"].readings
    assert gib.recomputed == pytest.approx((8 * 80 * 2**30 - 405_853_388_800) / (32 * 516_096))
    assert article.recomputed == pytest.approx(235e9 / (32 * 516_096))


def test_t7_t8_t9(rows):
    assert rows["T7a"].recomputed == 4 and rows["T7b"].recomputed == pytest.approx(2, abs=1e-3)
    assert ch04.t7().switch_seq_len == pytest.approx(1489, rel=0.01)             # at T3's own fit
    assert 1000 < rows["T7c"].recomputed < 2000 and rows["T7c"].high < 4096 / 1.41
    assert rows["T8a"].recomputed == rows["T3c"].recomputed and rows["T8a"].low > 1
    assert rows["T9a"].recomputed < 1 and rows["T9a"].high < 1
    # T9 at the measured-server fit (H100, FP8), not at T3's fit: 16 streams are memory-bound, so only
    # the bandwidth efficiency matters; per-user rate = 1 / step time
    from llmscale.serving import fitted_efficiency

    eff = fitted_efficiency(H100, "fp8")
    kw = ch04.reference_kwargs(efficiency=eff)
    assert ch04.t9().user_rate_long == pytest.approx(1 / roofline.decode_step_time_s(L405, H100, 8, 16, 7661, **kw))
    assert ch04.t9().seq_len_fill == pytest.approx((640e9 - 405_853_388_800) / (16 * 516_096))


def test_t3_sweep_exact_fits_all_need_fp8_math():
    df = ch04.t3_sweep()
    assert len(df) == 128
    exact = df[df["exact_fit"]]
    assert len(exact) == 20
    assert set(exact["math"]) == {"fp8"} and set(exact["combine"]) == {"max"}
    assert exact["mfu"].between(0.55, 0.61).all()
    assert (exact["batch_short"] == 368).all() and (exact["batch_long"] == 72).all()
    ref = exact[(exact.weights == "fp8") & (exact.kv_cache == "bf16") & (exact.context == "final")
                & (exact.prefill == "none") & exact.attention_flop]
    assert ref["bandwidth_efficiency"].iloc[0] == pytest.approx(0.773, abs=0.001)
    assert not ref["long_batch_fits_hbm"].iloc[0]
    # BF16 math: the closest grid point misses 368 by more than 10 %
    assert (df[df.math == "bf16"]["worst_error"] > 0.10).all()


def test_long_costs_more_under_every_swept_setting():
    eff, mfu = np.meshgrid(np.linspace(0.3, 1, 8), np.linspace(0.2, 1, 9))
    for wb, kb, fp in [(1, 2, "fp8"), (1, 1, "fp8"), (1, 2, "bf16")]:
        r = roofline.cost_ratio_long_short(L405, H100, 8, 7661, 775, 30, precision=Precision(wb, kb, fp),
                                           efficiency=Efficiency(eff, mfu))
        served = ~np.isnan(r)                  # NaN: not even one stream meets 30 tok/s at either length
        assert served.sum() >= 40 and np.all(r[served] > 1)


@pytest.mark.parametrize("name, value", [
    ("model", "Llama 3.1 406B"), ("hardware", "H1000"), ("n_gpus", 0), ("weight_precision", "fp9"),
    ("kv_precision", 2), ("tokens_per_s_per_user", -30.0), ("seq_lens", [775]), ("seq_lens", [775, 0]),
    ("usd_per_gpu_hour", 0.0), ("bandwidth_efficiency", 1.5), ("mfu", 0.0),
])
def test_chapter_04_parameters_rejected(name, value):
    from llmscale import params

    good = dict(model="Llama 3.1 405B", hardware="H100 SXM", n_gpus=8, weight_precision="fp8",
                kv_precision="bf16", tokens_per_s_per_user=30.0, seq_lens=[775, 7661], usd_per_gpu_hour=2.0,
                bandwidth_efficiency=0.77, mfu=0.57)
    assert params.validate("04", **good)["model"] == "Llama 3.1 405B"
    assert params.validate("04", **dict(good, bandwidth_efficiency=None, mfu=None))["mfu"] is None
    good[name] = value
    with pytest.raises(ValueError, match=f"parameter '{name}'"):
        params.validate("04", **good)


def test_reference_matches_chapter_defaults():
    """The page's defaults are T3's configuration at the efficiencies of measured servers, not T3's fit (issue 15)."""
    import nbformat

    from llmscale import params
    from llmscale.chapters import ch04 as chapter
    from llmscale.serving import fitted_efficiency
    from tests.conftest import ROOT

    nb = nbformat.read(ROOT / "chapters" / "04_roofline_token_economics.ipynb", as_version=4)
    src = next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    ns: dict = {}
    exec(src, ns)
    ref = ch04.REFERENCE
    assert ns["model"] == ref["model"] and ns["hardware"] == ref["hardware"] and ns["n_gpus"] == ref["n_gpus"]
    assert Precision.named(ns["weight_precision"], ns["kv_precision"], ns["hardware"]) == ref["precision"]
    assert ns["bandwidth_efficiency"] is None and ns["mfu"] is None
    c = chapter.config(params.validate("04", **{p.name: ns[p.name] for p in params.spec("04")}))
    ms = ch04.measured()
    assert c.efficiency == fitted_efficiency(ns["hardware"], ns["weight_precision"]) == Efficiency(ms.bandwidth, ms.mfu)
    assert c.efficiency != ref["efficiency"]                          # T3's fit (0.77, 0.57) is not the default
    assert "fitted in chapter 06 to" in c.efficiency_text and "H100 servers with FP8 weights" in c.efficiency_text


@pytest.mark.parametrize("over, words", [
    ({}, "(measured fit, H100/FP8)"),
    ({"hardware": "TPU v5e"}, "(pooled fit, FP8)"),
    ({"mfu": 0.5}, "(MFU: this run's; bandwidth efficiency: measured fit, H100/FP8)"),
    ({"bandwidth_efficiency": 1.0, "mfu": 1.0}, "bandwidth efficiency 1, MFU 1 (this run's values)"),
])
def test_config_says_where_the_efficiencies_come_from(over, words):
    from llmscale import params
    from llmscale.chapters import ch04 as chapter
    from llmscale.serving import fitted_efficiency

    good = dict(model=L405, hardware=H100, n_gpus=8, weight_precision="fp8", kv_precision="bf16",
                tokens_per_s_per_user=30.0, seq_lens=[775, 7661], usd_per_gpu_hour=2.0,
                bandwidth_efficiency=None, mfu=None)
    P = params.validate("04", **dict(good, **over))
    c = chapter.config(P)
    assert c.text.endswith(words)
    fit = fitted_efficiency(P["hardware"], "fp8")
    assert c.efficiency.bandwidth == (fit.bandwidth if P["bandwidth_efficiency"] is None else P["bandwidth_efficiency"])
    assert c.efficiency.mfu == (fit.mfu if P["mfu"] is None else P["mfu"])
    if over.get("hardware") == "TPU v5e":
        assert "no published measurement covers the TPU v5e" in c.efficiency_text



def _chapter_params():
    import nbformat

    from llmscale import params
    from tests.conftest import ROOT

    nb = nbformat.read(ROOT / "chapters" / "04_roofline_token_economics.ipynb", as_version=4)
    src = next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    ns: dict = {}
    exec(src, ns)
    return nb, params.validate("04", **{p.name: ns[p.name] for p in params.spec("04")})


def test_numbers_cover_every_glue_of_the_page():
    import re

    from llmscale.chapters import ch04 as chapter

    nb, P = _chapter_params()
    used = {m for c in nb.cells if c.cell_type == "markdown" for m in re.findall(r"\{glue:text\}`c04_(\w+)`", c.source)}
    nums = chapter.numbers(P)
    assert used <= set(nums), used - set(nums)
    assert nums["kv405"] == "516,096 bytes" and nums["t7"] == "1,489" and nums["ratio_ref"] == "5.2"
    # the defaults run at the measured-server fit, so this run's switch is the ledger's T7c (not T3's fit's 1,489)
    assert nums["ms_switch"] == "1,584" and nums["run_eff"] == "0.675" and nums["run_mfu"] == "0.375"
    assert f"FLOP-limited below {nums['ms_switch']} tokens and bandwidth-limited above" in nums["run_switch"]
    assert "H100 SXM's FP8 ridge" in nums["run_intensity"]
    assert nums == chapter.numbers(P)                                # deterministic
