"""Reasoning (RL) training compute: what an RL run costs and how much data it makes.

Chapter 03 recomputes claims R1-R12 of ``CLAIMS.md`` (Epoch AI's "How far can
reasoning models scale?", You 2025, and SemiAnalysis 2024) with these formulas; the
claim rows themselves are in :mod:`llmscale.claims.ch03`, the catch-up arithmetic
(10× every few months against a 4×-a-year frontier) in :mod:`llmscale.growth`, and
the FLOP <-> GPU-hours <-> USD conversions in :mod:`llmscale.flops`.

The cost of an RL run (:func:`rl_run_flop`)
-------------------------------------------
A reasoning-RL step samples rollouts from the policy, scores them, and updates the
policy on (some of) them. With ``N`` the policy's active parameters:

- rollout generation: ``2·N`` FLOP per generated token (one forward pass per token,
  Kaplan et al. 2020, Table 1; :func:`llmscale.flops.inference_flop_per_token`);
- prompt prefill (optional): ``2·N`` FLOP per prompt token;
- reward-model / verifier / reference-model passes: ``r`` forward passes of a model
  with ``N_rm`` active parameters over every generated token, ``2·N_rm·r`` per token;
- policy update: ``6·N`` FLOP per trained token (forward ``2N`` + backward ``4N``;
  Kaplan et al. 2020, Sec. 2.1; :func:`llmscale.flops.training_flop`).

Attention FLOP (which grow with context length) are ignored, as in ``6ND``: the
totals are lower bounds for long rollouts. Rule-based rewards (DeepSeek-R1's) cost
no model passes (``r = 0``).

All quantities are SI: FLOP, tokens, counts; ratios are dimensionless.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _checks, catalog, flops
from ._checks import scalar_or_array as _out

# --- the cost of an RL run ---------------------------------------------------------


@dataclass(frozen=True)
class RLCost:
    """FLOP of an RL run by part (scalars or broadcast arrays). See :func:`rl_run_flop`."""

    generation_flop: float | np.ndarray
    prefill_flop: float | np.ndarray
    reward_flop: float | np.ndarray
    update_flop: float | np.ndarray

    @property
    def total_flop(self):
        """Sum of the four parts (FLOP)."""
        return _out(np.asarray(self.generation_flop) + np.asarray(self.prefill_flop)
                    + np.asarray(self.reward_flop) + np.asarray(self.update_flop))

    def shares(self) -> dict:
        """Each part's share of the total (fractions summing to 1)."""
        total = np.asarray(self.total_flop, dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            return {k: _out(np.where(total > 0, np.asarray(getattr(self, f"{k}_flop")) / total, 0.0))
                    for k in ("generation", "prefill", "reward", "update")}


def rl_run_flop(n_active_params, generated_tokens, trained_tokens=None, prompt_tokens=0.0,
                reward_passes=0.0, reward_active_params=None) -> RLCost:
    """FLOP of a reasoning-RL run, by part. Vectorised (arguments broadcast).

    ``generation = 2·N·T_gen``, ``prefill = 2·N·T_prompt``,
    ``reward = 2·N_rm·r·T_gen``, ``update = 6·N·T_train``.

    Source: forward ``2N`` per token (Kaplan et al. 2020, Table 1), training ``6N``
    per token (Kaplan et al. 2020, Sec. 2.1); the split into parts follows the RL
    loop of DeepSeek-R1 (GRPO; DeepSeek-AI 2025, Sec. 2.2). Generating 20T tokens
    with DeepSeek-V3's 37B active parameters costs ``2·37e9·20e12 = 1.48e24`` FLOP.

    Units: ``n_active_params`` and ``reward_active_params`` are weight counts
    (``N_rm`` defaults to ``N``); token counts are tokens; ``reward_passes`` is
    forward passes per rollout; returns FLOP. ``trained_tokens`` defaults to
    ``generated_tokens`` (every rollout is trained on, as in GRPO).
    """
    n = _checks.positive("n_active_params", n_active_params)
    gen = _checks.nonneg("generated_tokens", generated_tokens)
    train = gen if trained_tokens is None else _checks.nonneg("trained_tokens", trained_tokens)
    prompt = _checks.nonneg("prompt_tokens", prompt_tokens)
    r = _checks.nonneg("reward_passes", reward_passes)
    n_rm = n if reward_active_params is None else _checks.positive("reward_active_params", reward_active_params)
    per_tok = np.asarray(flops.inference_flop_per_token(n))
    return RLCost(
        generation_flop=_out(per_tok * gen),
        prefill_flop=_out(per_tok * prompt),
        reward_flop=_out(np.asarray(flops.inference_flop_per_token(n_rm)) * r * gen),
        update_flop=flops.training_flop(n, train),
    )


def rl_tokens_for_flop(flop, n_active_params, trained_fraction=1.0):
    """Generated tokens that ``flop`` pays for in plain GRPO-style RL (no prefill, no reward model).

    Inverts :func:`rl_run_flop`: ``T_gen = C / (2N + 6N·f)`` with ``f`` the fraction of
    generated tokens trained on (``f = 1``: every rollout trained, 8N per token;
    ``f = 0``: generation only, 2N per token). 6e23 FLOP with 37B active parameters
    pay for ``6e23 / (8·37e9) = 2.0e12`` tokens generated and trained.
    Same sources as :func:`rl_run_flop`. Units: FLOP and weight count in, tokens out. Vectorised.
    """
    c = _checks.nonneg("flop", flop)
    n = _checks.positive("n_active_params", n_active_params)
    f = _checks.nonneg("trained_fraction", trained_fraction)
    if np.any(f > 1):
        raise ValueError(f"trained_fraction={trained_fraction!r}: allowed: values in [0, 1]")
    return _out(c / (np.asarray(flops.inference_flop_per_token(n)) * (1.0 + 3.0 * f)))


# --- log-linear accuracy ---------------------------------------------------------------

def loglinear_slope(accuracy_a, accuracy_b, compute_ratio):
    """Points of accuracy per order of magnitude of compute between two points.

    ``s = (acc_b − acc_a) / log10(C_b / C_a)``. The "log-linear" model of RL scaling
    (OpenAI 2024's o1 chart; DeepSeek-AI 2025, Fig. 2): 25 % to o1's 74 % on AIME 2024
    over three orders of magnitude is 16.3 points per OOM.
    Units: accuracy points per OOM. Vectorised.
    """
    r = _checks.positive("compute_ratio", compute_ratio)
    if np.any(r == 1):
        raise ValueError(f"compute_ratio={compute_ratio!r}: allowed: values > 0 and != 1")
    return _out((_checks.finite("accuracy_b", accuracy_b) - _checks.finite("accuracy_a", accuracy_a))
                / np.log10(r))


def loglinear_accuracy(compute_ratio, accuracy_ref, slope):
    """Accuracy at ``compute_ratio`` × the reference compute: ``acc_ref + s·log10(ratio)``.

    The log-linear model of :func:`loglinear_slope` (same sources). Not clipped: values
    above 100 % show where the model must break down. Units: accuracy in points
    (percent), ``slope`` in points per order of magnitude; ``compute_ratio`` is
    dimensionless. Vectorised.
    """
    r = _checks.positive("compute_ratio", compute_ratio)
    return _out(_checks.finite("accuracy_ref", accuracy_ref) + _checks.finite("slope", slope) * np.log10(r))


# --- post-training data volume ---------------------------------------------------------

def rollout_count(problems, rollouts_per_problem):
    """Trajectories generated: ``problems · rollouts_per_problem``.

    SemiAnalysis (2024): 10M problems × thousands of trajectories = tens of billions.
    Units: a count. Vectorised.
    """
    return _out(_checks.nonneg("problems", problems) * _checks.nonneg("rollouts_per_problem", rollouts_per_problem))


def rollout_tokens(problems, rollouts_per_problem, tokens_per_rollout):
    """Tokens generated: ``problems · rollouts · tokens_per_rollout`` (SemiAnalysis 2024's arithmetic).

    10M problems × 1,000 trajectories × 1,000 tokens = 1e13 tokens. Units: tokens. Vectorised.
    """
    return _out(np.asarray(rollout_count(problems, rollouts_per_problem))
                * _checks.nonneg("tokens_per_rollout", tokens_per_rollout))


# --- forward / backward ratios ---------------------------------------------------------

@dataclass(frozen=True)
class ForwardBackward:
    """Forward work per backward pass, counted two ways: by passes and by FLOP."""

    passes: float
    flop: float


def pretraining_forward_backward() -> ForwardBackward:
    """Pre-training: one forward and one backward pass per token (1:1 by passes), but the
    forward costs ``2N`` and the backward ``4N`` FLOP per token (1:2 by FLOP; Kaplan et al. 2020, Sec. 2.1).
    Dimensionless."""
    return ForwardBackward(passes=1.0, flop=2.0 / 4.0)


def rl_forward_backward(rollouts_per_prompt, trained_per_prompt=None, reward_passes=0.0,
                        reference_passes=1.0, reward_params_ratio=1.0) -> ForwardBackward:
    """Forward passes (and forward FLOP) per backward pass (per backward FLOP) of an RL step.

    Per prompt, ``k`` rollouts are generated and ``t <= k`` are trained on. Per trained
    rollout there is one backward pass (``4N`` FLOP/token) and, as forward passes,
    ``k/t`` generations, one policy forward, ``ref`` reference-model passes (GRPO's KL
    term; DeepSeek-AI 2025, Eq. 1) and ``r·k/t`` reward-model passes:

    ``passes = k/t + 1 + ref + r·k/t``; ``flop = (2N(k/t + 1 + ref) + 2N_rm·r·k/t) / 4N``.

    GRPO with 16 rollouts, all trained, rule rewards: 3 passes, 1.5 by FLOP.
    ``reward_params_ratio`` is ``N_rm / N``. Dimensionless ratios; vectorised.
    """
    k = _checks.positive("rollouts_per_prompt", rollouts_per_prompt)
    t = k if trained_per_prompt is None else _checks.positive("trained_per_prompt", trained_per_prompt)
    if np.any(t > k):
        raise ValueError(f"trained_per_prompt={trained_per_prompt!r}: allowed: <= rollouts_per_prompt")
    r = _checks.nonneg("reward_passes", reward_passes)
    ref = _checks.nonneg("reference_passes", reference_passes)
    rho = _checks.positive("reward_params_ratio", reward_params_ratio)
    gen = k / t
    passes = gen + 1.0 + ref + r * gen
    flop = (2.0 * (gen + 1.0 + ref) + 2.0 * rho * r * gen) / 4.0
    return ForwardBackward(passes=_out(passes), flop=_out(flop))


# --- systems and datasets ----------------------------------------------------------------

def accelerators_per_cpu(system: str) -> float:
    """Accelerators per CPU socket of a system in ``data/systems.csv``: ``accelerators / cpu_sockets``.

    Sources per row in the table (DGX H100 datasheet: 8 GPUs, 2 sockets, 4:1; NVIDIA's
    GB200 NVL72 specification, 2:1; the Trainium2 row only as SemiAnalysis 2024 states it).
    Unknown names raise ``ValueError`` with a "did you mean". Dimensionless.
    """
    s = catalog.row("systems", system)
    return s["accelerators"] / s["cpu_sockets"]


def cpu_cores_per_accelerator(system: str) -> float:
    """CPU cores per accelerator: ``cpu_cores / accelerators`` (NaN where the core count is not published).

    Same sources as :func:`accelerators_per_cpu` (DGX H100: 112 cores for 8 GPUs, 14).
    Units: cores per accelerator.
    """
    s = catalog.row("systems", system)
    return float(s["cpu_cores"]) / s["accelerators"]


@dataclass(frozen=True)
class DatasetShape:
    """A step-labelled dataset: labels, solutions, problems, and the ratios between them (counts).

    PRM800K (Lightman et al. 2023): 800K labels, 75K solutions, 12K problems, so 10.7
    steps per solution and 6.25 solutions per problem.
    """

    labels: int
    solutions: int
    problems: int

    @property
    def steps_per_solution(self) -> float:
        """Step labels per solution: ``labels / solutions``."""
        return self.labels / self.solutions

    @property
    def solutions_per_problem(self) -> float:
        """Solutions per problem: ``solutions / problems``."""
        return self.solutions / self.problems
