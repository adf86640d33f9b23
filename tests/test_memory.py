"""Memory of serving (llmscale.memory): KV bytes per token and per cache (GQA, MLA), weights, HBM capacity."""

import math

import numpy as np
import pytest

from llmscale import arrays, flops, memory
from llmscale.serving_options import BF16, Precision

L405 = "Llama 3.1 405B"
H100 = "H100 SXM"
W8 = Precision(weight_bytes_per_element=1, kv_bytes_per_element=2)   # FP8 weights, BF16 cache


def test_kv_bytes_per_token_llama_405b_bf16():
    # 2 (K and V) x 126 layers x 8 KV heads x 128 head_dim x 2 bytes
    assert memory.kv_bytes_per_token(L405, 2) == 516_096
    assert memory.semianalysis_gqa_kv_bytes(L405) == 516_096
    assert memory.kv_bytes_per_token(L405, 1) == 258_048


def test_kv_mla_deepseek_v3():
    # 61 layers x (512 latent + 64 RoPE key) x 2 bytes (DeepSeek-AI 2024)
    assert memory.kv_bytes_per_token("DeepSeek-V3", 2) == 61 * 576 * 2 == 70_272
    # the literal GQA formula does not describe MLA (128 "KV heads" of 128)
    assert memory.semianalysis_gqa_kv_bytes("DeepSeek-V3") > 20 * memory.kv_bytes_per_token("DeepSeek-V3")


def test_kv_cache_bytes_broadcasts():
    out = memory.kv_cache_bytes(L405, np.array([[1], [32]]), np.array([1, 39_000]))
    assert out.shape == (2, 2)
    assert out[1, 1] == 32 * 39_000 * 516_096


def test_moe_weights_read_grow_with_batch():
    w1 = memory.weight_bytes_read("DeepSeek-V3", 1, 1)
    assert w1 == pytest.approx(flops.param_count("DeepSeek-V3", active=True), rel=1e-9)
    w = memory.weight_bytes_read("DeepSeek-V3", np.array([1, 8, 64, 512, 4096]), 1)
    assert np.all(np.diff(w) > 0)
    assert w[-1] == pytest.approx(flops.param_count("DeepSeek-V3"), rel=1e-6)
    # dense: independent of tokens
    assert memory.weight_bytes_read(L405, 1) == memory.weight_bytes_read(L405, 10_000)


def test_memory_broadcasts_over_models():
    names = [L405, "DeepSeek-V3", "Llama 3.1 8B"]
    ma = arrays.model_arrays(names)
    assert memory.kv_bytes_per_token(names, 2).tolist() == [memory.kv_bytes_per_token(n, 2) for n in names]
    assert np.array_equal(memory.kv_bytes_per_token(ma, 2), memory.kv_bytes_per_token(names, 2))
    kv = memory.kv_cache_bytes(ma[[0, 1]], np.array([[1], [32]]), 1000)
    assert kv.shape == (2, 2) and kv[1, 0] == 32 * 1000 * 516_096
    for active in (False, True):
        assert memory.weight_bytes(ma, 1.0, active=active).tolist() == [
            memory.weight_bytes(n, 1.0, active=active) for n in names]
    assert memory.weight_bytes(np.array(names), 2.0)[1] == 2 * flops.param_count("DeepSeek-V3")


def test_kv_capacity_and_memory_wall():
    cap = memory.kv_capacity_batch(L405, H100, 8, 7661, precision=W8)
    assert cap == math.floor((640e9 - flops.param_count(L405)) / (7661 * 516_096)) == 59
    # BF16 weights (812 GB) do not fit in 640 GB: no stream, and no sequence length
    assert memory.kv_capacity_batch(L405, H100, 8, 1000, precision=BF16) == 0
    assert memory.max_seq_len(L405, H100, 8, 32, precision=BF16) == 0
    wall = memory.max_seq_len(L405, H100, 8, 32, precision=W8)
    assert wall == pytest.approx((640e9 - flops.param_count(L405)) / (32 * 516_096))
    assert memory.max_seq_len(L405, H100, 8, 32, include_weights=False) == pytest.approx(640e9 / (32 * 516_096))
    # a shared prefix is stored once per group of streams
    shared = memory.kv_capacity_batch(L405, H100, 8, 7661, precision=W8, shared_prefix_tokens=7000,
                                      streams_per_prefix=8)
    assert shared > cap
