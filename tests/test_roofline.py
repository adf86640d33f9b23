"""The decode and prefill roofline (llmscale.roofline): step terms, bounds, batch limits, fitted efficiencies."""

import math

import numpy as np
import pytest

from llmscale import arrays, catalog, flops, memory, roofline
from llmscale.serving_options import BF16, Efficiency, Precision

L405 = "Llama 3.1 405B"
H100 = "H100 SXM"
W8 = Precision(weight_bytes_per_element=1)                                  # FP8 weights, BF16 cache and maths
FP8 = Precision(weight_bytes_per_element=1, kv_bytes_per_element=2, flop_precision="fp8")   # ... on FP8 tensor cores


def test_attention_flops_sdpa_formula():
    # 4 x heads x layers x head_dim x seq_len (SemiAnalysis 2024, T7)
    assert roofline.attention_flops_per_token(L405, 4096) == 4 * 128 * 126 * 128 * 4096
    # MLA absorbed: 2·H·L·(r_kv+d_rope) + 2·H·L·r_kv
    assert arrays.attention_flop_coefficient("DeepSeek-V3") == 2 * 128 * 61 * 576 + 2 * 128 * 61 * 512



def test_attention_broadcasts_over_models():
    names = [L405, "DeepSeek-V3", "Llama 3.1 8B"]
    att = roofline.attention_flops_per_token(names, np.array([[1], [4096]]))
    assert att[1, 0] == roofline.attention_flops_per_token(L405, 4096)
    assert att[1, 1] == roofline.attention_flops_per_token("DeepSeek-V3", 4096)


def test_decode_step_brute_force():
    b, s = 64, 4096
    kw = dict(precision=Precision(weight_bytes_per_element=1, kv_bytes_per_element=2, flop_precision="fp8"),
              efficiency=Efficiency(bandwidth=0.8, mfu=0.5))
    st = roofline.decode_step(L405, H100, 8, b, s, **kw)
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
    s2 = roofline.decode_step(L405, H100, 8, b, s, combine="sum", **kw)
    assert s2.time_s == pytest.approx(st.memory_time_s + st.compute_time_s)
    assert roofline.decode_step_time_s(L405, H100, 8, b, s, **kw) == st.time_s
    # the groups travel as Precision and Efficiency only: no positional flags
    with pytest.raises(TypeError):
        roofline.decode_step(L405, H100, 8, b, s, 1, 2, 0.8, 0.5)


def test_decode_monotone_in_batch_and_seq_len():
    b = np.arange(1, 1025)[:, None]
    s = np.array([128, 1024, 8192, 65536])[None, :]
    t = roofline.decode_step_time_s(L405, H100, 8, b, s, precision=W8)
    assert np.all(np.diff(t, axis=0) >= 0) and np.all(np.diff(t, axis=1) > 0)
    rate = roofline.tokens_per_s_per_node(L405, H100, 8, b, s, precision=W8)
    assert np.all(np.diff(rate, axis=0) >= -1e-9)  # throughput never falls with batch
    user = roofline.tokens_per_s_per_user(L405, H100, 8, b, s, precision=W8)
    assert np.allclose(user * b, rate)


def test_bound_switches_with_batch():
    # batch 1 reads all weights for 2N FLOP: memory-bound; a huge batch at short context: compute-bound
    st = roofline.decode_step(L405, H100, 8, np.array([1, 4096]), 128, precision=W8)
    assert list(st.bound) == ["memory", "compute"]
    # at fixed batch, longer contexts move a compute-bound step to the memory bound (GQA: 16 FLOP/byte)
    s_star = roofline.bound_switch_seq_len(L405, H100, 8, 368, precision=W8)
    below = roofline.decode_step(L405, H100, 8, 368, 0.9 * s_star, precision=W8)
    above = roofline.decode_step(L405, H100, 8, 368, 1.1 * s_star, precision=W8)
    assert below.bound == "compute" and above.bound == "memory"
    assert math.isnan(roofline.bound_switch_seq_len(L405, H100, 8, 8, precision=W8))


def test_single_stream_rate_is_bandwidth_over_weights():
    # batch 1, tiny context: t ≈ weight bytes / aggregate bandwidth (memory-bound)
    t = roofline.decode_step_time_s(L405, H100, 8, 1, 1, precision=BF16)
    assert t == pytest.approx(2 * flops.param_count(L405) / (8 * 3.35e12), rel=1e-5)


def test_shared_prefix_read_once_per_group():
    kw = dict(precision=W8)
    solo = roofline.decode_step(L405, H100, 8, 5, 8000, **kw)
    shared = roofline.decode_step(L405, H100, 8, 5, 8000, shared_prefix_tokens=6000, streams_per_prefix=5, **kw)
    assert shared.kv_bytes == pytest.approx((5 * 2000 + 6000) * 516_096)
    assert shared.flop == solo.flop          # attention FLOP are not shared
    assert shared.time_s < solo.time_s
    with pytest.raises(ValueError, match="shared_prefix_tokens"):
        roofline.decode_step(L405, H100, 8, 5, 100, shared_prefix_tokens=200, streams_per_prefix=5)


def test_prefill_is_compute_bound_and_quadratic():
    st = roofline.prefill(L405, H100, 8, 8192, precision=W8)
    assert st.bound == "compute"
    a = 4 * 128 * 126 * 128
    n_mm = flops.param_breakdown(L405).active - flops.param_breakdown(L405).embedding
    assert st.flop == pytest.approx(8192 * 2 * n_mm + a * 8192 * 8193 / 2)
    att = roofline.prefill(L405, H100, 8, np.array([1e4, 2e4]), include_attention=True).flop \
        - roofline.prefill(L405, H100, 8, np.array([1e4, 2e4]), include_attention=False).flop
    assert att[1] / att[0] == pytest.approx(4, rel=1e-3)
    assert roofline.prefill_time_s(L405, H100, 8, 8192) == pytest.approx(st.time_s * 0 + roofline.prefill(
        L405, H100, 8, 8192).time_s)


def test_max_batch_latency_matches_brute_force():
    kw = dict(precision=FP8, efficiency=Efficiency(bandwidth=0.77, mfu=0.57))
    for s in (775, 7661):
        lim = roofline.batch_limits(L405, H100, 8, s, 30, **kw)
        b = int(lim.latency_batch)
        assert roofline.decode_step_time_s(L405, H100, 8, b, s, **kw) <= 1 / 30
        assert roofline.decode_step_time_s(L405, H100, 8, b + 1, s, **kw) > 1 / 30
    # brute force over every whole batch for one point
    t = roofline.decode_step_time_s(L405, H100, 8, np.arange(0, 2000), 7661, **kw)
    assert roofline.batch_limits(L405, H100, 8, 7661, 30, **kw).latency_batch == np.flatnonzero(t <= 1 / 30).max()


def test_max_batch_capacity_and_properties():
    cap = memory.kv_capacity_batch(L405, H100, 8, 7661, precision=W8)
    assert cap == math.floor((640e9 - flops.param_count(L405)) / (7661 * 516_096)) == 59
    s = np.array([512, 1024, 4096, 16384, 65536])
    b = roofline.max_batch(L405, H100, 8, s, 30, precision=W8)
    assert np.all(np.diff(b) <= 0)
    # BF16 weights (812 GB) do not fit in 640 GB: nothing can be served
    assert roofline.max_batch(L405, H100, 8, 1000, 30, precision=BF16) == 0
    # a target beyond the single-stream rate gives 0
    assert roofline.max_batch(L405, H100, 8, 1000, 1000, precision=W8) == 0
    lim = roofline.batch_limits(L405, H100, 8, np.array([775, 7661]), 30, precision=W8)
    assert list(lim.limited_by) == ["latency", "capacity"]


def test_fit_efficiencies_reproduces_t3():
    kw = dict(precision=FP8)

    def steps(**extra):
        return (roofline.decode_step(L405, H100, 8, 368, 775, **kw, **extra),
                roofline.decode_step(L405, H100, 8, 72, 7661, **kw, **extra))

    f = roofline.fit_efficiencies(*steps(), 30)
    assert f["feasible"]
    assert f["bandwidth_efficiency"] == pytest.approx(0.773, abs=0.002)
    assert f["mfu"] == pytest.approx(0.568, abs=0.002)
    # the fitted continuous efficiencies put both points exactly on the target
    t = roofline.decode_step_time_s(L405, H100, 8, np.array([368, 72]), np.array([775, 7661]),
                                    efficiency=Efficiency(f["bandwidth_efficiency"], f["mfu"]), **kw)
    assert np.allclose(t, 1 / 30)
    # BF16 math cannot reach 368 streams at 775 tokens (would need MFU > 1)
    g = roofline.fit_efficiencies(roofline.decode_step(L405, H100, 8, 368, 775, precision=W8),
                                  roofline.decode_step(L405, H100, 8, 72, 7661, precision=W8), 30)
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


def test_interactivity_switch_consistent_with_batches():
    kw = dict(precision=W8)
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
    grid = roofline.decode_step_time_s(arrays.model_arrays(names)[mi], arrays.hardware_arrays(hw)[hi], 8, b, s)
    loop = [roofline.decode_step_time_s(names[i], hw[j], 8, bb, ss) for i, j, bb, ss in zip(mi, hi, b, s)]
    assert np.allclose(grid, loop, rtol=1e-12)


def test_ridge_and_attainable():
    h = catalog.hardware(H100)
    assert h.ridge_flop_per_byte() == pytest.approx(295.2, rel=1e-3)
    assert roofline.attainable_flop_per_s(np.array([1.0, 1e4]), 989e12, 3.35e12).tolist() == [3.35e12, 989e12]


@pytest.mark.parametrize("kwargs, name", [
    (dict(batch=-1), "batch"),
    (dict(seq_len=float("nan")), "seq_len"),
    (dict(n_gpus=0), "n_gpus"),
    (dict(combine="min"), "combine"),
    (dict(precision=dict(weight_bytes_per_element=1)), "precision"),
    (dict(efficiency=0.5), "efficiency"),
])
def test_bad_input_names_the_argument(kwargs, name):
    args = dict(model=L405, hardware=H100, n_gpus=8, batch=1, seq_len=1)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        roofline.decode_step(**args)


@pytest.mark.parametrize("make, name", [
    (lambda: Efficiency(mfu=1.5), "mfu"),
    (lambda: Efficiency(bandwidth=0), "bandwidth"),
    (lambda: Efficiency(mfu=np.array([0.5, np.nan])), "mfu"),
    (lambda: Precision(kv_bytes_per_element=-2), "kv_bytes_per_element"),
    (lambda: Precision(weight_bytes_per_element=0), "weight_bytes_per_element"),
    (lambda: Precision(flop_precision="fp4"), "flop_precision"),
    (lambda: Precision(flop_precision=np.array(["bf16", "fp4"])), "flop_precision"),
    (lambda: Precision.named("fp9"), "weights"),
])
def test_bad_options_name_the_field(make, name):
    with pytest.raises(ValueError, match=name):
        make()


def test_precision_named_picks_the_matmul_precision():
    assert Precision.named("fp8", "bf16", H100) == FP8
    assert Precision.named("fp8", "bf16", "A100 SXM 80GB").flop_precision == "bf16"   # no FP8 tensor cores
    assert Precision.named("int4", "fp8") == Precision(0.5, 1.0, "bf16")


def test_bad_names_and_unsupported_fp8():
    with pytest.raises(ValueError, match="Did you mean 'Llama 3.1 405B'"):
        roofline.decode_step_time_s("Llama 3.1 405", H100, 8, 1, 1)
    with pytest.raises(ValueError, match="Did you mean"):
        roofline.decode_step_time_s(L405, "H100 SMX", 8, 1, 1)
    with pytest.raises(ValueError, match="flop_precision='fp8'"):
        roofline.decode_step_time_s(L405, "A100 SXM 80GB", 8, 1, 1, precision=Precision(flop_precision="fp8"))
    with pytest.raises(ValueError, match="target_tokens_per_s_per_user"):
        roofline.max_batch(L405, H100, 8, 100, 0)


def test_continuous_batch_limits_match_whole_batches():
    kw = dict(precision=Precision(weight_bytes_per_element=1, flop_precision="fp8"),
              efficiency=Efficiency(bandwidth=0.77, mfu=0.57))
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
    kv = np.array(mh.BATCHES) * mh.SEQ_LEN * memory.kv_bytes_per_token("Llama 3.1 8B", 2)
    assert t[0] == pytest.approx((w + kv[0]) / 3.35e12, rel=1e-9)         # batch 1: memory-bound
    assert np.all(np.diff(t) > 0)
    meta = dict(date="2025-01-01", device="test", torch="x", cuda="x", driver="x")
    rows = mh.rows_for("H100 SXM", 0.9 * 3.35e12, 0.7 * 989e12, {b: 0.01 for b in mh.BATCHES}, meta)
    assert [r["quantity"] for r in rows] == ["hbm_copy_bandwidth", "bf16_matmul"] + ["decode_step"] * 4
    assert all(set(r) == set(mh.COLUMNS) for r in rows)
    assert rows[2]["predicted_measured_peaks"] == pytest.approx(float(mh.predict(
        "H100 SXM", [1], efficiency=Efficiency(bandwidth=0.9, mfu=0.7))[0]))
    assert mh.main(["--hardware", "H200", "--predict-only"]) == 0

