"""Chapter 04: claims T1-T8 (llmscale.claims.ch04) and the chapter's parameters."""

import numpy as np
import pytest

from llmscale import claims, prices, roofline
from llmscale.claims import ch04
from llmscale.serving_options import Efficiency, Precision

L405 = "Llama 3.1 405B"
H100 = "H100 SXM"


@pytest.fixture(scope="module")
def rows():
    return {c.id: c for c in ch04.claim_rows()}


def test_claim_ids(rows):
    assert sorted(rows) == [f"T{i}" for i in range(1, 9)]
    assert set(claims.ledger("04")["id"]) == set(rows)


def test_t1_t2_prices(rows):
    assert rows["T1"].recomputed == pytest.approx(6.0) and rows["T1"].verdict == "reproduced"
    assert prices.price_usd_per_mtok("o1-mini") / prices.price_usd_per_mtok("GPT-4o mini") == pytest.approx(20)
    assert rows["T2"].recomputed == pytest.approx(7661 * 60 / (775 * 10)) and rows["T2"].verdict == "consistent"


def test_t3_batches_and_cost_ratio(rows):
    ref = dict(ch04.REFERENCE)
    m, h, n = ref.pop("model"), ref.pop("hardware"), ref.pop("n_gpus")
    lat = roofline.batch_limits(m, h, n, [775, 7661], 30, **ref).latency_batch
    assert lat.tolist() == [369, 71]          # the claim's 368 and 72, within 2 %
    assert rows["T3"].recomputed == pytest.approx(369 / 71, rel=0.01)
    assert rows["T3"].verdict == "consistent"


def test_t4_t5_t6_memory(rows):
    assert rows["T4"].recomputed == 516_096 and rows["T4"].verdict == "reproduced"
    assert rows["T5"].recomputed == pytest.approx(640e9 / (32 * 516_096)) and rows["T5"].verdict == "consistent"
    assert rows["T6"].recomputed == pytest.approx((640e9 - 405_853_388_800) / (32 * 516_096))
    assert 14_000 < rows["T6"].recomputed < 15_000 and rows["T6"].verdict == "disputed"


def test_t7_t8(rows):
    assert rows["T7"].recomputed == pytest.approx(1489, rel=0.01) and rows["T7"].verdict == "disputed"
    assert rows["T8"].recomputed == rows["T3"].recomputed and rows["T8"].verdict == "consistent"


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
    good[name] = value
    with pytest.raises(ValueError, match=f"parameter '{name}'"):
        params.validate("04", **good)


def test_reference_matches_chapter_defaults():
    import nbformat

    from tests.conftest import ROOT

    nb = nbformat.read(ROOT / "chapters" / "04_roofline_token_economics.ipynb", as_version=4)
    src = next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    ns: dict = {}
    exec(src, ns)
    ref = ch04.REFERENCE
    assert ns["model"] == ref["model"] and ns["hardware"] == ref["hardware"] and ns["n_gpus"] == ref["n_gpus"]
    assert Efficiency(ns["bandwidth_efficiency"], ns["mfu"]) == ref["efficiency"]
    assert Precision.named(ns["weight_precision"], ns["kv_precision"], ns["hardware"]) == ref["precision"]



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
    assert nums == chapter.numbers(P)                                # deterministic
