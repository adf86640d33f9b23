"""Parameter counts and compute against published numbers."""

import numpy as np
import pytest

from llmscale import catalog, flops


@pytest.mark.parametrize(
    "name, expected",
    [
        # Llama 3.1 (Dubey et al. 2024, Table 3 architectures): counts of the released weights
        ("Llama 3.1 405B", 405.9e9),
        ("Llama 3.1 70B", 70.55e9),
        ("Llama 3.1 8B", 8.03e9),
        # GPT-3 (Brown et al. 2020, Table 2.1): 175.0B
        ("GPT-3 175B", 175.0e9),
        # LLaMA (Touvron et al. 2023, Table 2): 6.7B (two significant digits) and 65.2B
        ("LLaMA 7B", 6.74e9),
        ("LLaMA 65B", 65.2e9),
        # DeepSeek-V3 (DeepSeek-AI 2024): 671B total
        ("DeepSeek-V3", 671e9),
    ],
)
def test_param_count_matches_published(name, expected):
    assert flops.param_count(name) == pytest.approx(expected, rel=0.005)


def test_llama_405b_exact_breakdown():
    b = flops.param_breakdown("Llama 3.1 405B")
    # attention per layer: 2*16384*16384 + 2*16384*1024; MLP: 3*16384*53248; 2 RMSNorms
    per_layer = 2 * 16384 * 16384 + 2 * 16384 * 1024 + 3 * 16384 * 53248 + 2 * 16384
    assert b.attention + b.mlp + b.norms - 16384 == 126 * per_layer
    assert b.embedding == b.output == 128256 * 16384
    assert b.total == 405_853_388_800


def test_deepseek_v3_active_params():
    # DeepSeek-AI (2024): 37B activated per token (our count includes both embedding matrices)
    assert flops.param_count("DeepSeek-V3", active=True) == pytest.approx(37e9, rel=0.03)
    assert flops.param_count("DeepSeek-V3", active=True) < flops.param_count("DeepSeek-V3") / 15


def test_dense_active_equals_total():
    assert flops.param_count("Llama 2 70B", active=True) == flops.param_count("Llama 2 70B")


def test_gqa_shrinks_attention_only():
    a = flops.param_breakdown("Llama 2 70B")
    assert a.attention == 80 * (2 * 8192 * 8192 + 2 * 8192 * 1024)


def test_non_embedding_params_gpt3():
    # Kaplan's N excludes embeddings: 12 * n_layer * d_model^2 for GPT-3 is ~173.9B
    n = flops.non_embedding_params("GPT-3 175B")
    assert n == pytest.approx(12 * 96 * 12288**2, rel=0.001)


def test_training_flop_llama_405b():
    # Dubey et al. (2024): 3.8e25 FLOP for 405B on 15.6T tokens
    assert flops.training_flop(405.9e9, 15.6e12) == pytest.approx(3.8e25, rel=0.01)


def test_training_flop_gpt3():
    # Brown et al. (2020), Table D.1: 3.14e23 FLOP
    assert flops.training_flop(175e9, 300e9) == pytest.approx(3.14e23, rel=0.01)


def test_vectorised_and_inference():
    out = flops.training_flop(np.array([1e9, 2e9]), np.array([[1e10], [2e10]]))
    assert out.shape == (2, 2)
    assert out[1, 1] == 6 * 2e9 * 2e10
    assert flops.inference_flop_per_token(37e9) == 74e9
    assert flops.tokens_per_param(15e12, 8e9) == 1875.0


def test_gpu_hours_round_trip():
    h100 = catalog.hardware("H100 SXM")
    c = flops.gpu_hours_to_flop(30.84e6, h100.bf16_dense_flop_per_s, 0.4)
    assert c == pytest.approx(30.84e6 * 3600 * 989e12 * 0.4)
    assert flops.flop_to_gpu_hours(c, h100.bf16_dense_flop_per_s, 0.4) == pytest.approx(30.84e6)
    # Llama 3.1 405B: 3.8e25 FLOP in 30.84M H100-hours implies ~35 % MFU (paper reports 38-43 %
    # on the main phase; the card's hours include all phases)
    assert flops.mfu_for(3.8e25, 30.84e6, h100.bf16_dense_flop_per_s) == pytest.approx(0.346, abs=0.005)


@pytest.mark.parametrize(
    "call, arg",
    [
        (lambda: flops.training_flop(-1, 10), "n_params"),
        (lambda: flops.training_flop(1, float("nan")), "n_tokens"),
        (lambda: flops.gpu_hours_to_flop(1, 1e15, 1.5), "mfu"),
        (lambda: flops.gpu_hours_to_flop(1, 1e15, 0), "mfu"),
        (lambda: flops.tokens_per_param(1, 0), "n_params"),
        (lambda: flops.param_count("Llama 9 405B"), "Llama"),
    ],
)
def test_bad_input(call, arg):
    with pytest.raises(ValueError, match=arg):
        call()


def test_flop_to_usd():
    # Llama 3.1 405B's 3.8e25 FLOP on H100s at 40 % MFU and $2 per GPU-hour
    usd = flops.flop_to_usd(3.8e25, 989e12, 0.4, 2.0)
    assert usd == pytest.approx(flops.flop_to_gpu_hours(3.8e25, 989e12, 0.4) * 2.0)
    assert usd == pytest.approx(53.36e6, rel=1e-3)
    np.testing.assert_allclose(flops.flop_to_usd(np.array([1e24, 2e24]), 989e12, 0.4, 2.0),
                               [usd / 38, usd / 19])
    with pytest.raises(ValueError, match="usd_per_gpu_hour"):
        flops.flop_to_usd(1e24, 989e12, 0.4, -1.0)


def test_usd_to_flop():
    # Epoch's equivalence (You 2025): $1M at $2 per H100-hour (989 TFLOP/s BF16) and MFU 0.3 is ~5.3e23 FLOP.
    flop = flops.usd_to_flop(1e6, 989e12, 0.3, 2.0)
    assert flop == pytest.approx(5.3406e23, rel=1e-4)
    assert flops.flop_to_usd(flop, 989e12, 0.3, 2.0) == pytest.approx(1e6)       # inverse of flop_to_usd
    np.testing.assert_allclose(flops.usd_to_flop(np.array([1e5, 1e6]), 989e12, 0.3, 2.0), [flop / 10, flop])
    with pytest.raises(ValueError, match="usd_per_gpu_hour"):
        flops.usd_to_flop(1e6, 989e12, 0.3, 0.0)
    with pytest.raises(ValueError, match="usd="):
        flops.usd_to_flop(-1.0, 989e12, 0.3, 2.0)
