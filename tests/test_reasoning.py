"""Tests of llmscale.reasoning (chapter 03's formulas): published numbers, brute-force checks, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from llmscale import catalog, reasoning

# --- the cost of an RL run -----------------------------------------------------------

def test_generation_of_20t_tokens_on_deepseek_v3():
    # 2 · 37e9 · 20e12 = 1.48e24 FLOP: the number R3's 6e23 has to be reconciled with.
    cost = reasoning.rl_run_flop(37e9, 20e12, trained_tokens=0)
    assert cost.generation_flop == pytest.approx(1.48e24)
    assert cost.update_flop == 0
    assert cost.total_flop == pytest.approx(1.48e24)


def test_rl_run_parts_brute_force_and_shares():
    n, gen, train, prompt, r, n_rm = 14e9, 5e8, 2e8, 1e7, 2.0, 7e9
    c = reasoning.rl_run_flop(n, gen, trained_tokens=train, prompt_tokens=prompt, reward_passes=r,
                              reward_active_params=n_rm)
    assert c.generation_flop == pytest.approx(2 * n * gen)
    assert c.prefill_flop == pytest.approx(2 * n * prompt)
    assert c.reward_flop == pytest.approx(2 * n_rm * r * gen)
    assert c.update_flop == pytest.approx(6 * n * train)
    assert c.total_flop == pytest.approx(2 * n * gen + 2 * n * prompt + 2 * n_rm * r * gen + 6 * n * train)
    assert sum(c.shares().values()) == pytest.approx(1.0)


def test_rl_run_defaults_train_on_every_rollout():
    # GRPO trains on every generated token: 2N + 6N = 8N per token.
    c = reasoning.rl_run_flop(37e9, 1e12)
    assert c.total_flop == pytest.approx(8 * 37e9 * 1e12)
    assert c.shares()["update"] == pytest.approx(0.75)


def test_rl_run_vectorised():
    c = reasoning.rl_run_flop(np.array([1e9, 1e10]), np.array([[1e9], [2e9]]))
    assert np.shape(c.total_flop) == (2, 2)
    assert c.total_flop[1, 1] == pytest.approx(8 * 1e10 * 2e9)


@pytest.mark.parametrize("kwargs, name", [
    ({"n_active_params": -1, "generated_tokens": 1}, "n_active_params"),
    ({"n_active_params": 1e9, "generated_tokens": -5}, "generated_tokens"),
    ({"n_active_params": 1e9, "generated_tokens": 1, "reward_passes": float("nan")}, "reward_passes"),
])
def test_rl_run_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        reasoning.rl_run_flop(**kwargs)


def test_rl_tokens_for_flop_reconstructs_deepseek_r1():
    # 6e23 / (8 · 37e9) = 2.03e12 tokens generated and trained; 6e23 / (2 · 37e9) = 8.1e12 generated only.
    assert reasoning.rl_tokens_for_flop(6e23, 37e9) == pytest.approx(6e23 / (8 * 37e9))
    assert reasoning.rl_tokens_for_flop(6e23, 37e9, trained_fraction=0.0) == pytest.approx(8.108e12, rel=1e-3)
    # Round trip with rl_run_flop at a partial training fraction.
    t = reasoning.rl_tokens_for_flop(1e22, 14.7e9, trained_fraction=0.25)
    assert reasoning.rl_run_flop(14.7e9, t, trained_tokens=0.25 * t).total_flop == pytest.approx(1e22)
    with pytest.raises(ValueError, match="trained_fraction"):
        reasoning.rl_tokens_for_flop(1e22, 14.7e9, trained_fraction=1.5)


# --- log-linear accuracy, data volume, forward/backward ---------------------------------

def test_loglinear():
    s = reasoning.loglinear_slope(25.0, 74.0, 1000.0)
    assert s == pytest.approx(49 / 3)
    assert reasoning.loglinear_accuracy(1000.0, 25.0, s) == pytest.approx(74.0)
    assert reasoning.loglinear_accuracy(1.0, 74.0, s) == pytest.approx(74.0)
    with pytest.raises(ValueError, match="compute_ratio"):
        reasoning.loglinear_slope(1, 2, 1.0)
    with pytest.raises(ValueError, match="accuracy_b"):
        reasoning.loglinear_slope(25.0, float("nan"), 10.0)


def test_rollout_volume():
    assert reasoning.rollout_count(1e7, 1e3) == pytest.approx(1e10)
    assert reasoning.rollout_tokens(1e7, 1e3, 1e3) == pytest.approx(1e13)
    assert reasoning.rollout_tokens(1e7, 1e4, 1e4) == pytest.approx(1e15)
    out = reasoning.rollout_tokens(1e7, np.array([1e3, 1e4]), np.array([[1e3], [1e4]]))
    assert out.shape == (2, 2) and out[1, 1] == pytest.approx(1e15)
    with pytest.raises(ValueError, match="tokens_per_rollout"):
        reasoning.rollout_tokens(1, 1, -1)


def test_forward_backward_ratios():
    pre = reasoning.pretraining_forward_backward()
    assert (pre.passes, pre.flop) == (1.0, 0.5)
    # GRPO, 16 rollouts all trained, one reference pass, rule rewards: 3 forward passes per backward.
    g = reasoning.rl_forward_backward(16)
    assert g.passes == pytest.approx(3.0) and g.flop == pytest.approx(1.5)
    # Brute force: 8 rollouts, 2 kept, reward model of half the size run twice on every rollout.
    k, t, r, rho, n = 8, 2, 2, 0.5, 1.0
    fwd_flop = 2 * n * k + 2 * n * t + 2 * n * t + 2 * rho * n * r * k   # gen, policy fwd, ref, reward
    bwd_flop = 4 * n * t
    fb = reasoning.rl_forward_backward(k, t, reward_passes=r, reward_params_ratio=rho)
    assert fb.flop == pytest.approx(fwd_flop / bwd_flop)
    assert fb.passes == pytest.approx((k + t + t + r * k) / t)
    with pytest.raises(ValueError, match="trained_per_prompt"):
        reasoning.rl_forward_backward(4, 8)


# --- systems, datasets, data tables ------------------------------------------------------

def test_system_ratios():
    assert reasoning.accelerators_per_cpu("HGX H100 (DGX H100)") == 4
    assert reasoning.accelerators_per_cpu("GB200 NVL72") == 2
    assert reasoning.accelerators_per_cpu("Trainium2 server (Project Rainier)") == 8
    assert reasoning.cpu_cores_per_accelerator("gb200 nvl72") == 36
    assert reasoning.cpu_cores_per_accelerator("HGX H100 (DGX H100)") == 14
    assert math.isnan(reasoning.cpu_cores_per_accelerator("Trainium2 server (Project Rainier)"))
    with pytest.raises(ValueError, match="Did you mean 'GB200 NVL72'"):
        reasoning.accelerators_per_cpu("GB200 NVL 72")


def test_dataset_shape_prm800k():
    # Lightman et al. (2023): 800K step labels, 75K solutions, 12K problems.
    p = reasoning.DatasetShape(800_000, 75_000, 12_000)
    assert p.steps_per_solution == pytest.approx(10.667, abs=1e-3)
    assert p.solutions_per_problem == pytest.approx(6.25)


def test_reasoning_runs_table_is_valid():
    df = catalog.table("reasoning_runs")
    assert set(df["stage"]) <= {"pretrain", "sft", "rl"}
    assert catalog.hardware(catalog.row("reasoning_runs", "Llama-Nemotron Ultra RL (NVIDIA)")["hardware"]).name == "H100 SXM"
    phi = catalog.row("reasoning_runs", "phi-4 pre-training")
    assert phi["gpu_hours"] == 1920 * 21 * 24
    with pytest.raises(ValueError, match="Did you mean"):
        catalog.row("reasoning_runs", "DeepSeek-R1 RL (DeepSek)")
