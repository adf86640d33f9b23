"""Roofline token economics (chapter 04): KV cache, decode/prefill time, batch limits, cost, claims T1-T8."""

import math

import numpy as np
import pytest

from llmscale import catalog, claims, flops, roofline

L405 = "Llama 3.1 405B"
H100 = "H100 SXM"


# --- memory ------------------------------------------------------------------------

def test_kv_bytes_per_token_llama_405b_bf16():
    # 2 (K and V) x 126 layers x 8 KV heads x 128 head_dim x 2 bytes
    assert roofline.kv_bytes_per_token(L405, 2) == 516_096
    assert roofline.semianalysis_gqa_kv_bytes(L405) == 516_096
    assert roofline.kv_bytes_per_token(L405, 1) == 258_048


def test_kv_mla_deepseek_v3():
    # 61 layers x (512 latent + 64 RoPE key) x 2 bytes (DeepSeek-AI 2024)
    assert roofline.kv_bytes_per_token("DeepSeek-V3", 2) == 61 * 576 * 2 == 70_272
    # the literal GQA formula does not describe MLA (128 "KV heads" of 128)
    assert roofline.semianalysis_gqa_kv_bytes("DeepSeek-V3") > 20 * roofline.kv_bytes_per_token("DeepSeek-V3")


def test_kv_cache_bytes_broadcasts():
    out = roofline.kv_cache_bytes(L405, np.array([[1], [32]]), np.array([1, 39_000]))
    assert out.shape == (2, 2)
    assert out[1, 1] == 32 * 39_000 * 516_096


def test_attention_flops_sdpa_formula():
    # 4 x heads x layers x head_dim x seq_len (SemiAnalysis 2024, T7)
    assert roofline.attention_flops_per_token(L405, 4096) == 4 * 128 * 126 * 128 * 4096
    # MLA absorbed: 2·H·L·(r_kv+d_rope) + 2·H·L·r_kv
    assert roofline.attention_flop_coefficient("DeepSeek-V3") == 2 * 128 * 61 * 576 + 2 * 128 * 61 * 512


# --- decode step -------------------------------------------------------------------

def test_decode_step_brute_force():
    b, s = 64, 4096
    st = roofline.decode_step(L405, H100, 8, b, s, weight_bytes_per_element=1, kv_bytes_per_element=2,
                              bandwidth_efficiency=0.8, mfu=0.5, flop_precision="fp8")
    pb = flops.param_breakdown(L405)
    w = pb.total * 1.0
    kv = b * s * 516_096
    fl = b * (2 * (pb.active - pb.embedding) + 4 * 128 * 126 * 128 * s)
    assert st.weight_bytes == pytest.approx(w)
    assert st.kv_bytes == pytest.approx(kv)
    assert st.flop == pytest.approx(fl)
    assert st.memory_time_s == pytest.approx((w + kv) / (8 * 3.35e12 * 0.8))
    assert st.compute_time_s == pytest.approx(fl / (8 * 1979e12 * 0.5))
    assert st.time_s == pytest.approx(max(st.memory_time_s, st.compute_time_s))
    assert st.bound == "memory"
    s2 = roofline.decode_step(L405, H100, 8, b, s, 1, 2, 0.8, 0.5, flop_precision="fp8", combine="sum")
    assert s2.time_s == pytest.approx(st.memory_time_s + st.compute_time_s)
    assert roofline.decode_step_time_s(L405, H100, 8, b, s, 1, 2, 0.8, 0.5, flop_precision="fp8") == st.time_s


def test_decode_monotone_in_batch_and_seq_len():
    b = np.arange(1, 1025)[:, None]
    s = np.array([128, 1024, 8192, 65536])[None, :]
    t = roofline.decode_step_time_s(L405, H100, 8, b, s, weight_bytes_per_element=1)
    assert np.all(np.diff(t, axis=0) >= 0) and np.all(np.diff(t, axis=1) > 0)
    rate = roofline.tokens_per_s_per_node(L405, H100, 8, b, s, weight_bytes_per_element=1)
    assert np.all(np.diff(rate, axis=0) >= -1e-9)  # throughput never falls with batch
    user = roofline.tokens_per_s_per_user(L405, H100, 8, b, s, weight_bytes_per_element=1)
    assert np.allclose(user * b, rate)


def test_bound_switches_with_batch():
    # batch 1 reads all weights for 2N FLOP: memory-bound; a huge batch at short context: compute-bound
    st = roofline.decode_step(L405, H100, 8, np.array([1, 4096]), 128, weight_bytes_per_element=1)
    assert list(st.bound) == ["memory", "compute"]
    # at fixed batch, longer contexts move a compute-bound step to the memory bound (GQA: 16 FLOP/byte)
    s_star = roofline.bound_switch_seq_len(L405, H100, 8, 368, weight_bytes_per_element=1)
    below = roofline.decode_step(L405, H100, 8, 368, 0.9 * s_star, weight_bytes_per_element=1)
    above = roofline.decode_step(L405, H100, 8, 368, 1.1 * s_star, weight_bytes_per_element=1)
    assert below.bound == "compute" and above.bound == "memory"
    assert math.isnan(roofline.bound_switch_seq_len(L405, H100, 8, 8, weight_bytes_per_element=1))


def test_single_stream_rate_is_bandwidth_over_weights():
    # batch 1, tiny context: t ≈ weight bytes / aggregate bandwidth (memory-bound)
    t = roofline.decode_step_time_s(L405, H100, 8, 1, 1, weight_bytes_per_element=2)
    assert t == pytest.approx(2 * flops.param_count(L405) / (8 * 3.35e12), rel=1e-5)


def test_moe_weights_read_grow_with_batch():
    w1 = roofline.weight_bytes_read("DeepSeek-V3", 1, 1)
    assert w1 == pytest.approx(flops.param_count("DeepSeek-V3", active=True), rel=1e-9)
    w = roofline.weight_bytes_read("DeepSeek-V3", np.array([1, 8, 64, 512, 4096]), 1)
    assert np.all(np.diff(w) > 0)
    assert w[-1] == pytest.approx(flops.param_count("DeepSeek-V3"), rel=1e-6)
    # dense: independent of tokens
    assert roofline.weight_bytes_read(L405, 1) == roofline.weight_bytes_read(L405, 10_000)


def test_shared_prefix_read_once_per_group():
    kw = dict(weight_bytes_per_element=1)
    solo = roofline.decode_step(L405, H100, 8, 5, 8000, **kw)
    shared = roofline.decode_step(L405, H100, 8, 5, 8000, shared_prefix_tokens=6000, streams_per_prefix=5, **kw)
    assert shared.kv_bytes == pytest.approx((5 * 2000 + 6000) * 516_096)
    assert shared.flop == solo.flop          # attention FLOP are not shared
    assert shared.time_s < solo.time_s
    with pytest.raises(ValueError, match="shared_prefix_tokens"):
        roofline.decode_step(L405, H100, 8, 5, 100, shared_prefix_tokens=200, streams_per_prefix=5)


def test_prefill_is_compute_bound_and_quadratic():
    st = roofline.prefill(L405, H100, 8, 8192, weight_bytes_per_element=1)
    assert st.bound == "compute"
    a = 4 * 128 * 126 * 128
    n_mm = flops.param_breakdown(L405).active - flops.param_breakdown(L405).embedding
    assert st.flop == pytest.approx(8192 * 2 * n_mm + a * 8192 * 8193 / 2)
    att = roofline.prefill(L405, H100, 8, np.array([1e4, 2e4]), include_attention=True).flop \
        - roofline.prefill(L405, H100, 8, np.array([1e4, 2e4]), include_attention=False).flop
    assert att[1] / att[0] == pytest.approx(4, rel=1e-3)
    assert roofline.prefill_time_s(L405, H100, 8, 8192) == pytest.approx(st.time_s * 0 + roofline.prefill(
        L405, H100, 8, 8192).time_s)


# --- batch limits and cost ---------------------------------------------------------

def test_max_batch_latency_matches_brute_force():
    kw = dict(weight_bytes_per_element=1, kv_bytes_per_element=2, flop_precision="fp8",
              bandwidth_efficiency=0.77, mfu=0.57)
    for s in (775, 7661):
        lim = roofline.batch_limits(L405, H100, 8, s, 30, **kw)
        b = int(lim.latency_batch)
        assert roofline.decode_step_time_s(L405, H100, 8, b, s, **kw) <= 1 / 30
        assert roofline.decode_step_time_s(L405, H100, 8, b + 1, s, **kw) > 1 / 30
    # brute force over every whole batch for one point
    t = roofline.decode_step_time_s(L405, H100, 8, np.arange(0, 2000), 7661, **kw)
    assert roofline.batch_limits(L405, H100, 8, 7661, 30, **kw).latency_batch == np.flatnonzero(t <= 1 / 30).max()


def test_max_batch_capacity_and_properties():
    cap = roofline.kv_capacity_batch(L405, H100, 8, 7661, weight_bytes_per_element=1, kv_bytes_per_element=2)
    assert cap == math.floor((640e9 - flops.param_count(L405)) / (7661 * 516_096)) == 59
    s = np.array([512, 1024, 4096, 16384, 65536])
    b = roofline.max_batch(L405, H100, 8, s, 30, weight_bytes_per_element=1)
    assert np.all(np.diff(b) <= 0)
    # BF16 weights (812 GB) do not fit in 640 GB: nothing can be served
    assert roofline.max_batch(L405, H100, 8, 1000, 30, weight_bytes_per_element=2) == 0
    # a target beyond the single-stream rate gives 0
    assert roofline.max_batch(L405, H100, 8, 1000, 1000, weight_bytes_per_element=1) == 0
    lim = roofline.batch_limits(L405, H100, 8, np.array([775, 7661]), 30, weight_bytes_per_element=1)
    assert list(lim.limited_by) == ["latency", "capacity"]


def test_cost_per_mtok():
    c = roofline.cost_usd_per_mtok(L405, H100, 8, 64, 2048, 2.0, weight_bytes_per_element=1)
    rate = roofline.tokens_per_s_per_node(L405, H100, 8, 64, 2048, weight_bytes_per_element=1)
    assert c == pytest.approx(16.0 / 3600 / rate * 1e6)
    assert roofline.usd_per_mtok_at_rate(1e6 / 3600, 1, 1.0) == pytest.approx(1.0)


def test_fit_efficiencies_reproduces_t3():
    kw = dict(weight_bytes_per_element=1, kv_bytes_per_element=2, flop_precision="fp8")

    def steps(**extra):
        return (roofline.decode_step(L405, H100, 8, 368, 775, **kw, **extra),
                roofline.decode_step(L405, H100, 8, 72, 7661, **kw, **extra))

    f = roofline.fit_efficiencies(*steps(), 30)
    assert f["feasible"]
    assert f["bandwidth_efficiency"] == pytest.approx(0.773, abs=0.002)
    assert f["mfu"] == pytest.approx(0.568, abs=0.002)
    # the fitted continuous efficiencies put both points exactly on the target
    t = roofline.decode_step_time_s(L405, H100, 8, np.array([368, 72]), np.array([775, 7661]),
                                    bandwidth_efficiency=f["bandwidth_efficiency"], mfu=f["mfu"], **kw)
    assert np.allclose(t, 1 / 30)
    # BF16 math cannot reach 368 streams at 775 tokens (would need MFU > 1)
    g = roofline.fit_efficiencies(roofline.decode_step(L405, H100, 8, 368, 775, weight_bytes_per_element=1),
                                  roofline.decode_step(L405, H100, 8, 72, 7661, weight_bytes_per_element=1), 30)
    assert not g["feasible"] and g["mfu"] > 1
    # the no-overlap (sum) rule: solve, and check the solution reproduces both points where it exists
    h = roofline.fit_efficiencies(*steps(), 30, combine="sum")
    assert not h["feasible"]
    a, b = steps()
    e, u = 0.5, 0.8
    ta = a.memory_time_s / e + a.compute_time_s / u
    tb = b.memory_time_s / e + b.compute_time_s / u
    # synthetic points on target: scale both so that each runs at 1/target under the sum rule
    fa = roofline.RooflineStep(1.0, a.memory_time_s / (ta * 30), a.compute_time_s / (ta * 30), 0, 0, 0, 1)
    fb = roofline.RooflineStep(1.0, b.memory_time_s / (tb * 30), b.compute_time_s / (tb * 30), 0, 0, 0, 1)
    k = roofline.fit_efficiencies(fa, fb, 30, combine="sum")
    assert k["feasible"] and k["bandwidth_efficiency"] == pytest.approx(e) and k["mfu"] == pytest.approx(u)


def test_t3_sweep_exact_fits_all_need_fp8_math():
    df = roofline.t3_assumption_sweep()
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


def test_interactivity_switch_consistent_with_batches():
    kw = dict(weight_bytes_per_element=1, flop_precision="bf16")
    s = roofline.interactivity_bound_switch_seq_len(L405, H100, 8, 30, **kw)
    assert s == pytest.approx(2980, rel=0.01)
    lo = roofline.batch_limits(L405, H100, 8, 0.8 * s, 30, **kw).latency_batch
    hi = roofline.batch_limits(L405, H100, 8, 1.2 * s, 30, **kw).latency_batch
    assert roofline.decode_step(L405, H100, 8, lo, 0.8 * s, **kw).bound == "compute"
    assert roofline.decode_step(L405, H100, 8, hi, 1.2 * s, **kw).bound == "memory"


def test_vectorised_grid_matches_loop_and_models_as_arrays():
    rng = np.random.default_rng(0)
    names = [L405, "Llama 3.1 70B", "DeepSeek-V3"]
    hw = [H100, "H200", "B200"]
    mi, hi = rng.integers(0, 3, 50), rng.integers(0, 3, 50)
    b = rng.integers(1, 512, 50).astype(float)
    s = rng.integers(128, 32768, 50).astype(float)
    grid = roofline.decode_step_time_s(roofline.model_arrays(names)[mi], roofline.hardware_arrays(hw)[hi], 8, b, s)
    loop = [roofline.decode_step_time_s(names[i], hw[j], 8, bb, ss) for i, j, bb, ss in zip(mi, hi, b, s)]
    assert np.allclose(grid, loop, rtol=1e-12)


def test_ridge_and_attainable():
    h = catalog.hardware(H100)
    assert h.ridge_flop_per_byte() == pytest.approx(295.2, rel=1e-3)
    assert roofline.attainable_flop_per_s(np.array([1.0, 1e4]), 989e12, 3.35e12).tolist() == [3.35e12, 989e12]


# --- bad input -----------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, name", [
    (dict(batch=-1), "batch"),
    (dict(seq_len=float("nan")), "seq_len"),
    (dict(n_gpus=0), "n_gpus"),
    (dict(mfu=1.5), "mfu"),
    (dict(bandwidth_efficiency=0), "bandwidth_efficiency"),
    (dict(kv_bytes_per_element=-2), "kv_bytes_per_element"),
    (dict(combine="min"), "combine"),
    (dict(flop_precision="fp4"), "flop_precision"),
])
def test_bad_input_names_the_argument(kwargs, name):
    args = dict(model=L405, hardware=H100, n_gpus=8, batch=1, seq_len=1)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        roofline.decode_step(**args)


def test_bad_names_and_unsupported_fp8():
    with pytest.raises(ValueError, match="Did you mean 'Llama 3.1 405B'"):
        roofline.decode_step_time_s("Llama 3.1 405", H100, 8, 1, 1)
    with pytest.raises(ValueError, match="Did you mean"):
        roofline.decode_step_time_s(L405, "H100 SMX", 8, 1, 1)
    with pytest.raises(ValueError, match="flop_precision='fp8'"):
        roofline.decode_step_time_s(L405, "A100 SXM 80GB", 8, 1, 1, flop_precision="fp8")
    with pytest.raises(ValueError, match="target_tokens_per_s_per_user"):
        roofline.max_batch(L405, H100, 8, 100, 0)
    with pytest.raises(ValueError, match="price name"):
        roofline.price_usd_per_mtok("o1 pro max")


# --- claims T1-T8 ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def rows():
    return {c.id: c for c in roofline.claim_rows()}


def test_claim_ids(rows):
    assert sorted(rows) == [f"T{i}" for i in range(1, 9)]
    assert set(claims.ledger("04")["id"]) == set(rows)


def test_t1_t2_prices(rows):
    assert rows["T1"].recomputed == pytest.approx(6.0) and rows["T1"].verdict == "reproduced"
    assert roofline.price_usd_per_mtok("o1-mini") / roofline.price_usd_per_mtok("GPT-4o mini") == pytest.approx(20)
    assert rows["T2"].recomputed == pytest.approx(7661 * 60 / (775 * 10)) and rows["T2"].verdict == "consistent"


def test_t3_batches_and_cost_ratio(rows):
    ref = dict(roofline.REFERENCE)
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


def test_long_costs_more_under_every_swept_setting():
    eff, mfu = np.meshgrid(np.linspace(0.3, 1, 8), np.linspace(0.2, 1, 9))
    for wb, kb, fp in [(1, 2, "fp8"), (1, 1, "fp8"), (1, 2, "bf16")]:
        r = roofline.cost_ratio_long_short(L405, H100, 8, 7661, 775, 30, weight_bytes_per_element=wb,
                                           kv_bytes_per_element=kb, flop_precision=fp,
                                           bandwidth_efficiency=eff, mfu=mfu)
        served = ~np.isnan(r)                  # NaN: not even one stream meets 30 tok/s at either length
        assert served.sum() >= 40 and np.all(r[served] > 1)


def test_claim_rows_fast():
    import time

    t0 = time.perf_counter()
    roofline.claim_rows()
    assert time.perf_counter() - t0 < 1.0  # ~0.07 s unloaded; generous for a loaded 2-core CI machine


def test_million_configurations_per_second():
    import time

    rng = np.random.default_rng(1)
    n = 1_000_000
    m = roofline.model_arrays([L405, "DeepSeek-V3"])[rng.integers(0, 2, n)]
    h = roofline.hardware_arrays([H100, "H200"])[rng.integers(0, 2, n)]
    b, s = rng.integers(1, 512, n).astype(float), rng.integers(128, 131_072, n).astype(float)
    best = math.inf
    for _ in range(3):
        t0 = time.perf_counter()
        roofline.decode_step(m, h, 8, b, s, weight_bytes_per_element=1)
        best = min(best, time.perf_counter() - t0)
    assert n / best >= 1e6


def test_continuous_batch_limits_match_whole_batches():
    kw = dict(weight_bytes_per_element=1, flop_precision="fp8", bandwidth_efficiency=0.77, mfu=0.57)
    cb = roofline.continuous_batch_limits(L405, H100, 8, np.array([775, 7661]), 30, **kw)
    lat = roofline.batch_limits(L405, H100, 8, np.array([775, 7661]), 30, **kw).latency_batch
    assert np.array_equal(np.floor(np.minimum(cb["memory"], cb["compute"])), lat)
    # memory limit closed form for a dense model
    bw = 8 * 3.35e12 * 0.77
    assert cb["memory"][1] == pytest.approx((bw / 30 - flops.param_count(L405)) / (7661 * 516_096), rel=1e-9)
    # MoE: the bisection agrees with the whole-batch search
    cd = roofline.continuous_batch_limits("DeepSeek-V3", "H200", 8, 7661, 30, **kw)
    assert math.floor(min(cd["memory"], cd["compute"])) == roofline.batch_limits(
        "DeepSeek-V3", "H200", 8, 7661, 30, **kw).latency_batch


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
    ref = roofline.REFERENCE
    assert ns["model"] == ref["model"] and ns["hardware"] == ref["hardware"] and ns["n_gpus"] == ref["n_gpus"]
    assert ns["bandwidth_efficiency"] == ref["bandwidth_efficiency"] and ns["mfu"] == ref["mfu"]
    assert ns["weight_precision"] == "fp8" and ns["kv_precision"] == "bf16"
    assert roofline.matmul_precision(ns["weight_precision"], ns["hardware"]) == ref["flop_precision"]


def test_memory_and_attention_broadcast_over_models():
    names = [L405, "DeepSeek-V3", "Llama 3.1 8B"]
    ma = roofline.model_arrays(names)
    assert roofline.kv_bytes_per_token(names, 2).tolist() == [roofline.kv_bytes_per_token(n, 2) for n in names]
    assert np.array_equal(roofline.kv_bytes_per_token(ma, 2), roofline.kv_bytes_per_token(names, 2))
    kv = roofline.kv_cache_bytes(ma[[0, 1]], np.array([[1], [32]]), 1000)
    assert kv.shape == (2, 2) and kv[1, 0] == 32 * 1000 * 516_096
    for active in (False, True):
        assert roofline.weight_bytes(ma, 1.0, active=active).tolist() == [
            roofline.weight_bytes(n, 1.0, active=active) for n in names]
    assert roofline.weight_bytes(np.array(names), 2.0)[1] == 2 * flops.param_count("DeepSeek-V3")
    att = roofline.attention_flops_per_token(names, np.array([[1], [4096]]))
    assert att[1, 0] == roofline.attention_flops_per_token(L405, 4096)
    assert att[1, 1] == roofline.attention_flops_per_token("DeepSeek-V3", 4096)


def _measure_script():
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("measure_hardware", ROOT / "benchmarks" / "measure_hardware.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_measure_hardware_script_predictions_without_a_gpu():
    # the GPU side of benchmarks/measure_hardware.py is unrun (no accelerator); its predictions are checked here
    mh = _measure_script()
    t = mh.predict("H100 SXM")
    w = flops.param_count("Llama 3.1 8B") * 2
    kv = np.array(mh.BATCHES) * mh.SEQ_LEN * roofline.kv_bytes_per_token("Llama 3.1 8B", 2)
    assert t[0] == pytest.approx((w + kv[0]) / 3.35e12, rel=1e-9)         # batch 1: memory-bound
    assert np.all(np.diff(t) > 0)
    meta = dict(date="2025-01-01", device="test", torch="x", cuda="x", driver="x")
    rows = mh.rows_for("H100 SXM", 0.9 * 3.35e12, 0.7 * 989e12, {b: 0.01 for b in mh.BATCHES}, meta)
    assert [r["quantity"] for r in rows] == ["hbm_copy_bandwidth", "bf16_matmul"] + ["decode_step"] * 4
    assert all(set(r) == set(mh.COLUMNS) for r in rows)
    assert rows[2]["predicted_measured_peaks"] == pytest.approx(float(mh.predict(
        "H100 SXM", [1], bandwidth_efficiency=0.9, mfu=0.7)[0]))
    assert mh.main(["--hardware", "H200", "--predict-only"]) == 0
