"""Serving throughput (llmscale.serving) and the efficiencies fitted to published measurements (serving_fit)."""

import math

import numpy as np
import pandas as pd
import pytest

from llmscale import catalog, memory, roofline, serving, serving_fit
from llmscale.serving_options import Efficiency, Precision

L70, L8, L405 = "Llama 3.1 70B", "Llama 3.1 8B", "Llama 3.1 405B"
FP8 = Precision(1.0, 1.0, "fp8")
EFF = Efficiency(bandwidth=0.6, mfu=0.4)


def test_allreduce_ring_formula():
    # NCCL bus-bandwidth convention: 2(n-1)/n of the message one way; H100 NVLink 900 GB/s bidirectional
    assert serving.allreduce_time_s(1e9, 8, 900e9, 0.0) == pytest.approx(2 * 7 / 8 * 1e9 / 450e9)
    assert serving.allreduce_time_s(1e9, 8, 900e9, 1e-5) == pytest.approx(2 * 7 / 8 * 1e9 / 450e9 + 1e-5)
    assert serving.allreduce_time_s(1e9, 1, 900e9) == 0.0
    assert serving.all_to_all_time_s(1e9, 4, 900e9, 0.0) == pytest.approx(3 / 4 * 1e9 / 450e9)


def test_brute_force_single_gpu_decode_only():
    """One GPU, no prefill, no communication: B / decode_step_time at context I + O/2 with the efficiencies."""
    i, o, b = 1000, 500, 64
    r = serving.throughput(L8, "H200", 1, i, o, b, precision=FP8, efficiency=EFF, include_prefill=False)
    st = roofline.decode_step(L8, "H200", 1, b, i + o / 2, precision=FP8, efficiency=EFF)
    assert r.concurrency == b
    assert r.step_time_s == pytest.approx(st.time_s)
    assert r.output_tokens_per_s == pytest.approx(b / st.time_s)
    assert r.comm_time_s == 0.0


def test_prefill_counted_as_amortised_chunks():
    i, o, b = 2000, 100, 32
    r = serving.throughput(L8, "H200", 1, i, o, b, precision=FP8, efficiency=EFF)
    st = roofline.decode_step(L8, "H200", 1, b, i + o / 2, precision=FP8, efficiency=EFF,
                              prefill_tokens_per_stream=i / o, prefill_context_tokens=i / 2)
    assert r.step_time_s == pytest.approx(st.time_s)


def test_capacity_is_kv_fraction_of_free_memory():
    """0.9 of (HBM - weights), reserving I + O tokens per request (TensorRT-LLM's defaults)."""
    i, o = 128, 128
    r = serving.throughput(L70, "H200", 1, i, o, precision=FP8, efficiency=EFF, max_batch=1e9)
    w = catalog.model(L70)
    from llmscale.flops import param_count
    free = 141e9 - param_count(w)
    expect = math.floor(0.9 * free / ((i + o) * memory.kv_bytes_per_token(L70, 1.0)))
    assert r.capacity_concurrency == pytest.approx(expect, abs=1)
    assert r.concurrency == r.capacity_concurrency
    capped = serving.throughput(L8, "H200", 1, i, o, precision=FP8, efficiency=EFF)
    assert capped.concurrency == serving.MAX_BATCH


def test_tensor_parallel_adds_allreduce_and_replicas_multiply():
    one = serving.throughput(L70, "H100 SXM", 4, 1000, 1000, 256, precision=FP8, efficiency=EFF, tp=4)
    assert one.comm_time_s > 0
    assert np.isclose(one.step_time_s, max(one.memory_time_s, one.compute_time_s) + one.comm_time_s)
    rep = serving.throughput(L8, "H100 SXM", 8, 1000, 1000, 256, precision=FP8, efficiency=EFF, tp=1)
    single = serving.throughput(L8, "H100 SXM", 1, 1000, 1000, 256, precision=FP8, efficiency=EFF)
    assert rep.output_tokens_per_s == pytest.approx(8 * single.output_tokens_per_s)


def test_fp4_weights_use_fp4_peak_where_the_chip_has_one():
    kw = dict(efficiency=EFF, include_prefill=False)
    w4 = Precision(0.5, 1.0, "fp8")
    fp4 = serving.throughput(L70, "B200", 1, 1000, 1000, 128, precision=w4, **kw)
    st = roofline.decode_step(L70, "B200", 1, 128, 1500, precision=w4)
    assert fp4.concurrency == 128
    assert fp4.compute_time_s == pytest.approx(st.compute_time_s * 4.5e15 / 9e15 / 0.4)   # B200: FP4 = 2 x FP8
    h = serving.throughput(L70, "H200", 1, 1000, 1000, 128, precision=w4, **kw)
    st = roofline.decode_step(L70, "H200", 1, 128, 1500, precision=w4)
    assert h.compute_time_s == pytest.approx(st.compute_time_s / 0.4)   # no FP4 tensor cores on H200


def test_moe_touches_expected_distinct_experts():
    r1 = serving.throughput("DeepSeek-V3", "H200", 8, 1000, 1000, 1, precision=FP8, efficiency=EFF,
                            include_prefill=False)
    rb = serving.throughput("DeepSeek-V3", "H200", 8, 1000, 1000, 256, precision=FP8, efficiency=EFF,
                            include_prefill=False)
    assert rb.memory_time_s > r1.memory_time_s       # more tokens touch more experts
    ep = serving.throughput("DeepSeek-V3", "H200", 8, 1000, 1000, 256, precision=FP8, efficiency=EFF, ep=8)
    assert ep.comm_time_s > 0


def test_monotone_in_concurrency_efficiency_and_prompt():
    b = np.array([1, 2, 4, 16, 64, 256, 1024])
    t = serving.throughput(L70, "H200", 2, 1000, 500, b, precision=FP8, efficiency=EFF).output_tokens_per_s
    assert np.all(np.diff(t) >= 0)
    lo = serving.max_throughput(L70, "H200", 2, 1000, 500, precision=FP8, efficiency=Efficiency(0.3, 0.2))
    hi = serving.max_throughput(L70, "H200", 2, 1000, 500, precision=FP8, efficiency=Efficiency(0.9, 0.8))
    assert hi > lo
    i = np.array([10, 100, 1000, 10000, 50000])
    t = serving.max_throughput(L70, "H200", 2, i, 500, precision=FP8, efficiency=EFF)
    assert np.all(np.diff(t) <= 0)


def test_ideal_limit_is_an_upper_bound():
    real = serving.max_throughput(L405, "H100 SXM", 8, 1000, 1000, precision=FP8, efficiency=EFF)
    ideal = serving.max_throughput(L405, "H100 SXM", 8, 1000, 1000, precision=FP8, collective_latency_s=0.0)
    assert ideal > real


def test_rate_limited_is_min_of_rate_and_max():
    mx = serving.max_throughput(L8, "H200", 1, 467, 256, precision=FP8, efficiency=EFF)
    assert serving.rate_limited_throughput(L8, "H200", 1, 467, 256, 2.0, precision=FP8, efficiency=EFF) == 512.0
    assert serving.rate_limited_throughput(L8, "H200", 1, 467, 256, np.inf, precision=FP8, efficiency=EFF) == mx


def test_does_not_fit_gives_zero():
    r = serving.throughput(L405, "H100 SXM", 1, 1000, 1000, precision=FP8)
    assert r.output_tokens_per_s == 0.0 and not r.fits and r.tokens_per_s_per_user == 0.0


def test_vectorised_equals_loop():
    rng = np.random.default_rng(1)
    models = np.array([L8, L70, "DeepSeek-V3"])[rng.integers(0, 3, 50)]
    hw = np.array(["H100 SXM", "H200", "B200"])[rng.integers(0, 3, 50)]
    i, o = rng.integers(10, 5000, 50).astype(float), rng.integers(10, 5000, 50).astype(float)
    vec = serving.max_throughput(models, hw, 8, i, o, precision=FP8, efficiency=EFF)
    loop = [serving.max_throughput(str(m), str(h), 8, a, b, precision=FP8, efficiency=EFF)
            for m, h, a, b in zip(models, hw, i, o)]
    np.testing.assert_allclose(vec, loop, rtol=1e-12)


@pytest.mark.parametrize("kw, match", [
    (dict(n_gpus=-1), "n_gpus"),
    (dict(model="Llama 3.1 7B"), "Did you mean|allowed"),
    (dict(hardware="H300"), "H300"),
    (dict(input_len=-5), "input_len"),
    (dict(output_len=0), "output_len"),
    (dict(tp=16), "tp"),
    (dict(kv_cache_fraction=1.5), "kv_cache_fraction"),
    (dict(efficiency="fast"), "efficiency"),
])
def test_bad_input(kw, match):
    args = dict(model=L70, hardware="H200", n_gpus=8, input_len=100, output_len=100) | kw
    extra = {k: args.pop(k) for k in ("tp", "kv_cache_fraction", "efficiency") if k in args}
    with pytest.raises(ValueError, match=match):
        serving.max_throughput(args["model"], args["hardware"], args["n_gpus"], args["input_len"],
                               args["output_len"], **extra)


def test_bad_rate_and_format():
    with pytest.raises(ValueError, match="request_rate_per_s"):
        serving.rate_limited_throughput(L8, "H200", 1, 10, 10, 0.0)
    with pytest.raises(ValueError, match="precision"):
        serving.weight_format("Q4_K_M")
    with pytest.raises(ValueError, match="precision"):
        serving.fitted_efficiency("H200", "fp7")
    with pytest.raises(ValueError, match="which"):
        serving.fitted_efficiency("H200", "fp8", "best")


# --- the measured table and the fit ---------------------------------------------------------

def test_measured_table_validates_and_maps():
    d = catalog.table("serving_measured")
    assert len(d) == 468 and d["id"].is_unique
    pts, ex = serving_fit.points(), serving_fit.excluded()
    assert len(pts) + len(ex) == len(d)
    assert set(pts["model"]) <= set(catalog.table("models")["name"])
    assert set(pts["hardware"]) <= set(catalog.table("hardware")["name"])
    assert not ex["reason"].str.startswith("name not in the catalogue").any()
    assert (pts["mode"] == "max").sum() >= 40 and pts["publisher"].nunique() >= 3


def test_published_units_converted():
    """Per-node figures are compared per node: SGLang's decode node (22,282 tokens/s, 9 nodes of 8 H100)."""
    p = serving_fit.points().set_index("id")
    assert p.loc["sm0436", "per"] == pytest.approx(8 / 72) and p.loc["sm0436", "measured"] == 22282
    assert p.loc["sm0001", "per"] == 1.0 and p.loc["sm0001", "mode"] == "max"


def test_fitted_efficiency_table_and_fallbacks():
    e = serving.fitted_efficiency("H200", "fp8")
    lo, hi = serving.fitted_efficiency_range("H200", "fp8")
    assert 0 < lo.bandwidth <= e.bandwidth <= hi.bandwidth <= 1
    assert 0 < lo.mfu <= e.mfu <= hi.mfu <= 1
    assert serving.fitted_efficiency("H100 SXM", "fp16") == serving.fitted_efficiency("H100 SXM", "bf16")
    tpu = serving.fitted_efficiency("TPU v5e", "bf16")                # no measured TPU: pooled bf16 fit
    df = pd.read_csv(catalog.data_dir() / "serving_efficiencies.csv", keep_default_na=False)
    pooled = df[(df.hardware_family == "*") & (df.weight_precision == "bf16")].iloc[0]
    assert (tpu.bandwidth, tpu.mfu) == (pooled.bandwidth, pooled.mfu)


def test_stored_fit_is_the_fit_of_the_data():
    f, lat = serving_fit.fit()
    df = pd.read_csv(catalog.data_dir() / "serving_efficiencies.csv", keep_default_na=False)
    assert df["collective_latency_s"].iloc[0] == pytest.approx(lat)
    for r in df.itertuples():
        assert (r.bandwidth, r.mfu) == pytest.approx(f[(r.hardware_family, r.weight_precision)][:2])
    held = serving_fit.held_out_table()
    pts = serving_fit.points()
    np.testing.assert_allclose(held["predicted"], serving_fit.apply(pts, f, lat), rtol=1e-5)
