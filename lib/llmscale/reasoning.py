"""Reasoning (RL) training compute: what an RL run costs, how fast it can grow, how much data it makes.

Chapter 03 recomputes claims R1-R12 of ``CLAIMS.md``, most of them from Epoch AI's
"How far can reasoning models scale?" (You 2025) and SemiAnalysis (2024).

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

Growth and catch-up (:func:`catch_up_months`)
---------------------------------------------
Reasoning-training compute grows ``10×`` every ``m`` months; the frontier of total
training compute grows ``g×`` per year (Epoch's ~4×). Starting ``G`` orders of
magnitude below the frontier, reasoning compute meets it after

``t* = G / (1/m − log10(g)/12)`` months,

after which it can only grow as fast as the frontier, ``g×`` per year (You 2025).

All quantities are SI: FLOP, tokens, seconds (months where the name says so), USD.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import catalog, flops, units
from .claims.ledger import Claim

# --- facts used by the claim rows (each cites its source) ---------------------------

#: o1 became generally available on 2024-12-05 (OpenAI o1 System Card, ``openai2024o1card``).
O1_RELEASE_DATE = "2024-12-05"
#: o3 was released on 2025-04-16 (``openai2025o3``).
O3_RELEASE_DATE = "2025-04-16"
#: "An additional order of magnitude in training compute" from o1 to o3 (``openai2025o3``).
O3_OVER_O1_TRAINING_COMPUTE = 10.0
#: o1's AIME 2024 pass@1 with one sample per problem: 74 % = 11.1/15 (``openai2024learning``).
O1_AIME_PASS1_PCT = 100.0 * 11.1 / 15.0
#: Claim R2 (You 2025, reading OpenAI's unlabelled chart): first o1 point ~25 %, ~4 OOM below o3.
CHART_FIRST_O1_AIME_PCT = 25.0
CHART_FIRST_O1_OOM_BELOW_O3 = 4.0
#: Epoch's equivalence (You 2025): about $1M of reasoning training is about 5e23 FLOP.
EPOCH_USD_FOR_5E23 = 1e6
#: Amodei (2025): stage-2 (RL) spending of $100k-$1M (``amodei2025deepseek``).
AMODEI_STAGE2_USD = (1e5, 1e6)
#: You (2025): the largest pre-training runs exceed 1e26 FLOP; frontier compute grows ~4x per year.
FRONTIER_TRAINING_FLOP = 1e26
FRONTIER_GROWTH_PER_YEAR = 4.0
#: Claim R8: reasoning compute grows 10x every 3 to 5 months.
REASONING_MONTHS_PER_10X = (3.0, 5.0)
#: The H800/H100 rental price DeepSeek assumes, $2 per GPU-hour (DeepSeek-AI 2024, Table 1).
DEFAULT_USD_PER_GPU_HOUR = 2.0
#: The MFU this chapter assumes where a source gives none (a typical large-run value).
DEFAULT_MFU = 0.30
#: PRM800K (Lightman et al. 2023): 800K step-level labels on 75K solutions to 12K MATH problems.
PRM800K_LABELS = 800_000
PRM800K_SOLUTIONS = 75_000
PRM800K_PROBLEMS = 12_000
#: Claim R9 (SemiAnalysis 2024): ~10M problems, "thousands" of trajectories of "thousands" of tokens.
SEMI_PROBLEMS = 10e6
SEMI_THOUSANDS = (1e3, 1e4)
#: Qwen2.5 pre-training: 18T tokens (Qwen Team 2024); Llama 3's 15T come from data/models.csv.
QWEN25_PRETRAIN_TOKENS = 18e12
#: Phi-4-reasoning-plus RL, modelled (assumptions, not published facts): a short phase on
#: ~6.4K math problems, 8 rollouts each, 12K tokens per rollout on average (32K maximum).
PHI4_RL_PROBLEMS = 6_400
PHI4_RL_ROLLOUTS = 8
PHI4_RL_MEAN_TOKENS = 12_000
PHI4_RL_MAX_TOKENS = 32_768


# --- validation helpers ----------------------------------------------------------

def _arr(name: str, x, *, positive: bool = False) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    bad = ~np.isfinite(a) | (a <= 0 if positive else a < 0)
    if np.any(bad):
        allowed = "finite values > 0" if positive else "finite values >= 0"
        raise ValueError(f"{name}={x!r}: allowed: {allowed}")
    return a


def _out(a):
    a = np.asarray(a, dtype=float)
    return a.item() if a.ndim == 0 else a


def _sci(x, digits: int = 2) -> str:
    return units.format_sci(x, digits=digits)


def _hw(gpu) -> catalog.Hardware:
    return catalog.hardware(gpu)


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
    loop of DeepSeek-R1 (GRPO; DeepSeek-AI 2025, Sec. 2.2).

    Units: ``n_active_params`` and ``reward_active_params`` are weight counts
    (``N_rm`` defaults to ``N``); token counts are tokens; ``reward_passes`` is
    forward passes per rollout; returns FLOP. ``trained_tokens`` defaults to
    ``generated_tokens`` (every rollout is trained on, as in GRPO).
    """
    n = _arr("n_active_params", n_active_params, positive=True)
    gen = _arr("generated_tokens", generated_tokens)
    train = gen if trained_tokens is None else _arr("trained_tokens", trained_tokens)
    prompt = _arr("prompt_tokens", prompt_tokens)
    r = _arr("reward_passes", reward_passes)
    n_rm = n if reward_active_params is None else _arr("reward_active_params", reward_active_params, positive=True)
    per_tok = np.asarray(flops.inference_flop_per_token(n))
    return RLCost(
        generation_flop=_out(per_tok * gen),
        prefill_flop=_out(per_tok * prompt),
        reward_flop=_out(np.asarray(flops.inference_flop_per_token(n_rm)) * r * gen),
        update_flop=_out(flops.training_flop(n, train)),
    )


def rl_tokens_for_flop(flop, n_active_params, trained_fraction=1.0):
    """Generated tokens that ``flop`` pays for in plain GRPO-style RL (no prefill, no reward model).

    Inverts :func:`rl_run_flop`: ``T_gen = C / (2N + 6N·f)`` with ``f`` the fraction of
    generated tokens trained on (``f = 1``: every rollout trained, 8N per token;
    ``f = 0``: generation only, 2N per token). Same sources as :func:`rl_run_flop`.
    Units: FLOP and weight count in, tokens out. Vectorised.
    """
    c = _arr("flop", flop)
    n = _arr("n_active_params", n_active_params, positive=True)
    f = _arr("trained_fraction", trained_fraction)
    if np.any(f > 1):
        raise ValueError(f"trained_fraction={trained_fraction!r}: allowed: values in [0, 1]")
    return _out(c / (np.asarray(flops.inference_flop_per_token(n)) * (1.0 + 3.0 * f)))


def flop_of_gpu_hours(gpu_hours, gpu, mfu, precision: str = "bf16"):
    """FLOP delivered by ``gpu_hours`` of ``gpu`` at ``mfu``: ``h · 3600 · peak · MFU``.

    The peak is the dense rate at ``precision`` from ``data/hardware.csv``
    (vendor datasheets). Units: GPU-hours in, FLOP out. Vectorised.
    """
    return flops.gpu_hours_to_flop(gpu_hours, _hw(gpu).peak_flop_per_s(precision), mfu)


def gpu_hours_of_flop(flop, gpu, mfu, precision: str = "bf16"):
    """GPU-hours needed for ``flop`` on ``gpu`` at ``mfu``: ``C / (3600 · peak · MFU)``. Vectorised."""
    return flops.flop_to_gpu_hours(flop, _hw(gpu).peak_flop_per_s(precision), mfu)


def mfu_needed(flop, gpu_hours, gpu, precision: str = "bf16"):
    """The MFU at which ``gpu_hours`` of ``gpu`` deliver ``flop``: ``C / (h · 3600 · peak)``.

    A value above 1 means the hours cannot deliver the FLOP at that precision.
    Vectorised; dimensionless.
    """
    return flops.mfu_for(flop, gpu_hours, _hw(gpu).peak_flop_per_s(precision))


def usd_of_flop(flop, gpu, mfu, usd_per_gpu_hour, precision: str = "bf16"):
    """Rental cost of ``flop``: ``gpu_hours_of_flop(C) · price``. Units: USD. Vectorised."""
    price = _arr("usd_per_gpu_hour", usd_per_gpu_hour, positive=True)
    return flops.flop_to_usd(flop, _hw(gpu).peak_flop_per_s(precision), mfu, price)


def flop_of_usd(usd, gpu, mfu, usd_per_gpu_hour, precision: str = "bf16"):
    """FLOP that ``usd`` buys at ``usd_per_gpu_hour``: ``(USD / price) · 3600 · peak · MFU``.

    This is Epoch's conversion of Amodei's dollar figures (You 2025). Vectorised.
    """
    usd_a = _arr("usd", usd)
    price = _arr("usd_per_gpu_hour", usd_per_gpu_hour, positive=True)
    return flop_of_gpu_hours(usd_a / price, gpu, mfu, precision)


# --- growth and catch-up -------------------------------------------------------------

def months_between(start: str, end: str) -> float:
    """Months from ISO date ``start`` to ``end`` (days / 30.44, Julian-year months)."""
    try:
        d0, d1 = _dt.date.fromisoformat(start), _dt.date.fromisoformat(end)
    except (TypeError, ValueError):
        raise ValueError(f"start={start!r}, end={end!r}: allowed: ISO dates 'YYYY-MM-DD'") from None
    return (d1 - d0).days / units.DAYS_PER_MONTH


def months_per_10x(ratio, months):
    """Doubling-style time constant: the months per 10× implied by growing ``ratio``× in ``months``.

    ``m = months / log10(ratio)``. Units: months. Vectorised. Raises for ``ratio <= 1``.
    """
    r = _arr("ratio", ratio, positive=True)
    if np.any(r <= 1):
        raise ValueError(f"ratio={ratio!r}: allowed: values > 1 (growth)")
    return _out(_arr("months", months, positive=True) / np.log10(r))


def growth_per_year(months_per_10x):
    """Annual growth factor of something that grows 10× every ``m`` months: ``10**(12/m)``. Vectorised."""
    return _out(10.0 ** (12.0 / _arr("months_per_10x", months_per_10x, positive=True)))


def catch_up_months(gap_orders_of_magnitude, months_per_10x, frontier_growth_per_year=FRONTIER_GROWTH_PER_YEAR):
    """Months until reasoning compute, ``G`` OOM below the frontier, reaches it.

    ``t* = G / (1/m − log10(g)/12)`` (reasoning grows 10× per ``m`` months, the
    frontier ``g×`` per year; You 2025). Returns ``inf`` where reasoning compute
    grows no faster than the frontier (it never catches up) and 0 for ``G = 0``.
    Units: months. Vectorised.
    """
    gap = _arr("gap_orders_of_magnitude", gap_orders_of_magnitude)
    m = _arr("months_per_10x", months_per_10x, positive=True)
    g = _arr("frontier_growth_per_year", frontier_growth_per_year, positive=True)
    if np.any(g < 1):
        raise ValueError(f"frontier_growth_per_year={frontier_growth_per_year!r}: allowed: values >= 1")
    rate = 1.0 / m - np.log10(g) / 12.0                       # OOM per month the gap closes
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(rate > 0, gap / np.where(rate > 0, rate, 1.0), np.inf)
    return _out(np.where(gap == 0, 0.0, t))


@dataclass(frozen=True)
class CatchUp:
    """When reasoning compute meets the frontier, and how fast it grows before and after.

    ``months`` is ``inf`` where it never catches up. Growth factors are per year.
    See :func:`catch_up`.
    """

    months: float | np.ndarray
    growth_per_year_before: float | np.ndarray
    growth_per_year_after: float | np.ndarray

    @property
    def years(self):
        """``months / 12``."""
        return _out(np.asarray(self.months) / 12.0)

    @property
    def slowdown(self):
        """How many times slower the annual growth factor becomes at the meeting point.

        ``before / after`` (1 where it never catches up: nothing changes).
        """
        before, after = np.asarray(self.growth_per_year_before), np.asarray(self.growth_per_year_after)
        return _out(np.where(np.isfinite(np.asarray(self.months)), before / after, 1.0))


def catch_up(gap_orders_of_magnitude, months_per_10x, frontier_growth_per_year=FRONTIER_GROWTH_PER_YEAR) -> CatchUp:
    """The catch-up projection of You (2025): when the two curves meet and the growth after.

    Before the meeting reasoning compute grows ``10**(12/m)×`` a year; at
    ``t* = G / (1/m − log10(g)/12)`` months (:func:`catch_up_months`) it meets the
    frontier, after which it grows with the frontier, ``g×`` a year (a reasoning stage
    cannot use more compute than the largest training run). Where reasoning grows no
    faster than the frontier, ``t* = inf`` and the growth never changes.
    Units: months; growth factors per year. Vectorised.
    """
    t = np.asarray(catch_up_months(gap_orders_of_magnitude, months_per_10x, frontier_growth_per_year))
    before = np.asarray(growth_per_year(months_per_10x))
    g = np.asarray(frontier_growth_per_year, dtype=float)
    after = np.where(np.isfinite(t), g * np.ones_like(t), before * np.ones_like(t))
    return CatchUp(months=_out(t), growth_per_year_before=_out(before * np.ones_like(t)),
                   growth_per_year_after=_out(after))


def trajectory(months, reasoning_flop_now, frontier_flop_now, months_per_10x,
               frontier_growth_per_year=FRONTIER_GROWTH_PER_YEAR):
    """Reasoning and frontier training compute ``t`` months from now (FLOP, FLOP).

    ``frontier(t) = F0 · g**(t/12)``; ``reasoning(t) = min(R0 · 10**(t/m), frontier(t))``:
    reasoning training cannot use more compute than the largest run, so once it meets
    the frontier it grows ``g×`` per year (You 2025). Vectorised over ``months``.
    """
    t = np.asarray(months, dtype=float)
    if np.any(~np.isfinite(t)):
        raise ValueError(f"months={months!r}: allowed: finite values")
    r0 = _arr("reasoning_flop_now", reasoning_flop_now, positive=True)
    f0 = _arr("frontier_flop_now", frontier_flop_now, positive=True)
    m = _arr("months_per_10x", months_per_10x, positive=True)
    g = _arr("frontier_growth_per_year", frontier_growth_per_year, positive=True)
    frontier = f0 * g ** (t / 12.0)
    reasoning = np.minimum(r0 * 10.0 ** (t / m), frontier)
    return _out(reasoning), _out(frontier)


# --- log-linear accuracy ---------------------------------------------------------------

def loglinear_slope(accuracy_a, accuracy_b, compute_ratio):
    """Points of accuracy per order of magnitude of compute between two points.

    ``s = (acc_b − acc_a) / log10(C_b / C_a)``. The "log-linear" model of RL scaling
    (OpenAI 2024's o1 chart; DeepSeek-AI 2025, Fig. 2). Units: accuracy points per OOM.
    """
    r = _arr("compute_ratio", compute_ratio, positive=True)
    if np.any(r == 1):
        raise ValueError(f"compute_ratio={compute_ratio!r}: allowed: values > 0 and != 1")
    return _out((np.asarray(accuracy_b, dtype=float) - np.asarray(accuracy_a, dtype=float)) / np.log10(r))


def loglinear_accuracy(compute_ratio, accuracy_ref, slope):
    """Accuracy at ``compute_ratio`` × the reference compute: ``acc_ref + s·log10(ratio)``.

    Not clipped: values above 100 % show where the log-linear model must break down.
    Units: accuracy in points (percent), ``slope`` in points per order of magnitude;
    ``compute_ratio`` is dimensionless. Vectorised.
    """
    r = _arr("compute_ratio", compute_ratio, positive=True)
    return _out(np.asarray(accuracy_ref, dtype=float) + np.asarray(slope, dtype=float) * np.log10(r))


# --- post-training data volume ---------------------------------------------------------

def rollout_count(problems, rollouts_per_problem):
    """Trajectories generated: ``problems · rollouts_per_problem``. Vectorised; a count."""
    return _out(_arr("problems", problems) * _arr("rollouts_per_problem", rollouts_per_problem))


def rollout_tokens(problems, rollouts_per_problem, tokens_per_rollout):
    """Tokens generated: ``problems · rollouts · tokens_per_rollout`` (SemiAnalysis 2024's arithmetic).

    Units: tokens. Vectorised.
    """
    return _out(np.asarray(rollout_count(problems, rollouts_per_problem))
                * _arr("tokens_per_rollout", tokens_per_rollout))


# --- forward / backward ratios ---------------------------------------------------------

@dataclass(frozen=True)
class ForwardBackward:
    """Forward work per backward pass, counted two ways: by passes and by FLOP."""

    passes: float
    flop: float


def pretraining_forward_backward() -> ForwardBackward:
    """Pre-training: one forward and one backward pass per token (1:1 by passes), but the
    forward costs ``2N`` and the backward ``4N`` FLOP per token (1:2 by FLOP; Kaplan et al. 2020, Sec. 2.1)."""
    return ForwardBackward(passes=1.0, flop=2.0 / 4.0)


def rl_forward_backward(rollouts_per_prompt, trained_per_prompt=None, reward_passes=0.0,
                        reference_passes=1.0, reward_params_ratio=1.0) -> ForwardBackward:
    """Forward passes (and forward FLOP) per backward pass (per backward FLOP) of an RL step.

    Per prompt, ``k`` rollouts are generated and ``t <= k`` are trained on. Per trained
    rollout there is one backward pass (``4N`` FLOP/token) and, as forward passes,
    ``k/t`` generations, one policy forward, ``ref`` reference-model passes (GRPO's KL
    term; DeepSeek-AI 2025, Eq. 1) and ``r·k/t`` reward-model passes:

    ``passes = k/t + 1 + ref + r·k/t``; ``flop = (2N(k/t + 1 + ref) + 2N_rm·r·k/t) / 4N``.

    ``reward_params_ratio`` is ``N_rm / N``. Dimensionless ratios; vectorised.
    """
    k = _arr("rollouts_per_prompt", rollouts_per_prompt, positive=True)
    t = k if trained_per_prompt is None else _arr("trained_per_prompt", trained_per_prompt, positive=True)
    if np.any(t > k):
        raise ValueError(f"trained_per_prompt={trained_per_prompt!r}: allowed: <= rollouts_per_prompt")
    r = _arr("reward_passes", reward_passes)
    ref = _arr("reference_passes", reference_passes)
    rho = _arr("reward_params_ratio", reward_params_ratio, positive=True)
    gen = k / t
    passes = gen + 1.0 + ref + r * gen
    flop = (2.0 * (gen + 1.0 + ref) + 2.0 * rho * r * gen) / 4.0
    return ForwardBackward(passes=_out(passes), flop=_out(flop))


# --- systems, PRM800K ----------------------------------------------------------------

def _system(name: str) -> pd.Series:
    df = catalog.table("systems")
    hit = df[df["name"].str.lower() == str(name).strip().lower()]
    if hit.empty:
        from ._checks import suggest

        raise ValueError(f"system {name!r} is not in data/systems.csv; allowed: {list(df['name'])}. "
                         + suggest(str(name), list(df["name"])))
    return hit.iloc[0]


def accelerators_per_cpu(system: str) -> float:
    """Accelerators per CPU socket of a system in ``data/systems.csv``: ``accelerators / cpu_sockets``.

    Sources per row in the table (DGX H100 datasheet, NVIDIA's GB200 NVL72 specification;
    the Trainium2 row only as SemiAnalysis 2024 states it). Dimensionless.
    """
    s = _system(system)
    return s["accelerators"] / s["cpu_sockets"]


def cpu_cores_per_accelerator(system: str) -> float:
    """CPU cores per accelerator: ``cpu_cores / accelerators`` (NaN where the core count is not published).

    Same sources as :func:`accelerators_per_cpu`. Units: cores per accelerator.
    """
    s = _system(system)
    return float(s["cpu_cores"]) / s["accelerators"]


@dataclass(frozen=True)
class DatasetShape:
    """A step-labelled dataset: labels, solutions, problems, and the ratios between them."""

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


def prm800k() -> DatasetShape:
    """PRM800K (Lightman et al. 2023, "Let's Verify Step by Step", abstract and data-collection
    section): 800K step labels on 75K solutions to 12K MATH problems. Counts."""
    return DatasetShape(PRM800K_LABELS, PRM800K_SOLUTIONS, PRM800K_PROBLEMS)


# --- table look-ups --------------------------------------------------------------------

def reasoning_run(name: str) -> pd.Series:
    """One row of ``data/reasoning_runs.csv`` by name (case-insensitive)."""
    df = catalog.table("reasoning_runs")
    hit = df[df["name"].str.lower() == str(name).strip().lower()]
    if hit.empty:
        from ._checks import suggest

        raise ValueError(f"reasoning run {name!r} is not in data/reasoning_runs.csv; allowed: "
                         f"{list(df['name'])}. " + suggest(str(name), list(df["name"])))
    return hit.iloc[0]


def deepseek_r1_reported_gpu_hours() -> float:
    """H800-hours DeepSeek reported for R1 (Nature 2025): R1-Zero RL + SFT data + R1 RL."""
    df = catalog.table("reasoning_runs")
    return float(df[df["source"] == "deepseekai2025nature"]["gpu_hours"].sum())


def pretraining_flop(run: str) -> float:
    """``6·N·D`` of a pre-training run in ``data/training_runs.csv`` (N active for MoE)."""
    df = catalog.table("training_runs").set_index("name")
    if run not in df.index:
        raise ValueError(f"run={run!r} is not in data/training_runs.csv; allowed: {list(df.index)}")
    r = df.loc[run]
    return float(flops.training_flop(r["params"], r["tokens"]))


# --- the claims ledger -------------------------------------------------------------------

def claim_rows() -> list[Claim]:
    """Rows R1-R12 of the claims ledger, recomputed with this module (cached)."""
    return list(_claim_rows())


@functools.lru_cache(maxsize=1)
def _claim_rows() -> tuple[Claim, ...]:
    h100, h800 = "H100 SXM", "H800 SXM"
    mfu, price = DEFAULT_MFU, DEFAULT_USD_PER_GPU_HOUR
    rows: list[Claim] = []

    # R1: o3 = 10x o1's reasoning compute, four months later.
    gap_months = months_between(O1_RELEASE_DATE, O3_RELEASE_DATE)
    m_o1_o3 = months_per_10x(O3_OVER_O1_TRAINING_COMPUTE, gap_months)
    rows.append(Claim(
        "R1", "o3 used 10x the reasoning-training compute of o1, about four months later",
        "epoch-reasoning", 4.0, gap_months, "months",
        f"Months from o1's general availability ({O1_RELEASE_DATE}) to o3's release ({O3_RELEASE_DATE}). "
        "Band ×1.25 for 'about four months'.",
        tolerance=1.25, checkable=False,
        note=f"The dates check out; the 10x is OpenAI's own statement and cannot be checked. Together they mean "
             f"10x every {m_o1_o3:.1f} months, {growth_per_year(m_o1_o3):,.0f}x a year."))

    # R2: first o1 point ~4 OOM below o3 at ~25 %.
    rows.append(Claim(
        "R2", "On OpenAI's AIME chart the first o1 point used ~4 OOM less compute than o3 and scored ~25 %",
        "epoch-reasoning", CHART_FIRST_O1_OOM_BELOW_O3, math.nan, "orders of magnitude",
        "OpenAI's chart has a log compute axis without values.",
        checkable=False,
        note="Unverifiable without the axis values. Epoch's inference holds: if the axis were total compute, "
             "every checkpoint would include pre-training, and a 4-OOM span would need RL compute of at least "
             "(10^4 - 1) times pre-training. Settled by OpenAI publishing the axis."))

    # R3: DeepSeek-R1's RL ~6e23 FLOP, ~$1M, ~20T tokens, ~20 % of V3.
    epoch = reasoning_run("DeepSeek-R1 RL (Epoch estimate)")
    ds_hours = deepseek_r1_reported_gpu_hours()
    ds_flop = flop_of_gpu_hours(ds_hours, h800, mfu)
    v3 = pretraining_flop("DeepSeek-V3")
    gen_flop = rl_run_flop(epoch["n_active_params"], epoch["generated_tokens"]).generation_flop
    rows.append(Claim(
        "R3", "DeepSeek-R1's RL stage: ~6e23 FLOP, ~$1M, ~20T generated tokens, ~20 % of DeepSeek-V3's pre-training",
        "epoch-reasoning", epoch["reported_flop"], ds_flop, "FLOP",
        f"DeepSeek's own figure (Nature 2025): {ds_hours:,.0f} H800-hours (R1-Zero RL, SFT data, R1 RL) at "
        f"BF16 dense peak and MFU {mfu:.2f}. Band ×2 for 'about'.",
        tolerance=2.0,
        note=f"Epoch's January 2025 estimate is {epoch['reported_flop'] / ds_flop:.1f}x what DeepSeek later reported; "
             f"even at 100 % BF16 MFU the hours give {_sci(flop_of_gpu_hours(ds_hours, h800, 1.0))} FLOP, and they cover only the final runs, not experiments. "
             f"The 20 % share holds for 6e23 ({epoch['reported_flop'] / v3:.0%} of 6·37e9·14.8e12 = {_sci(v3, 3)}), "
             f"but generating 20T tokens alone costs {_sci(gen_flop)} FLOP, {gen_flop / epoch['reported_flop']:.1f}x "
             f"the 6e23: the two figures cannot both hold as one count. 6e23 at 8N per token (generate and train) "
             f"is {units.format_count(rl_tokens_for_flop(epoch['reported_flop'], epoch['n_active_params']), 2)} "
             f"tokens; both hold only if the 6e23 leaves out generation and trains on at most "
             f"{units.format_count(epoch['reported_flop'] / flops.training_flop(epoch['n_active_params'], 1.0), 2)} "
             "of the 20T tokens. Settled by Epoch publishing its working."))

    # R4: Llama-Nemotron Ultra 140k H100-hours ~1e23 FLOP, < 1 % of base pre-training.
    ln = reasoning_run("Llama-Nemotron Ultra RL (NVIDIA)")
    ln_flop = flop_of_gpu_hours(ln["gpu_hours"], h100, mfu)
    base = float(catalog.table("training_runs").set_index("name").loc["Llama 3.1 405B", "reported_compute_flop"])
    rows.append(Claim(
        "R4", "Llama-Nemotron Ultra's reasoning training: 140,000 H100-hours, ~1e23 FLOP, < 1 % of its base model's pre-training",
        "epoch-reasoning", 1e23, ln_flop, "FLOP",
        f"{ln['gpu_hours']:,.0f} H100-hours at BF16 dense peak and MFU {mfu:.2f}. Band ×2 for 'about'.",
        tolerance=2.0,
        note=f"1e23 FLOP corresponds to MFU {mfu_needed(1e23, ln['gpu_hours'], h100):.2f}. Against Llama 3.1 405B's "
             f"3.8e25 FLOP of pre-training (the base model) the RL is {ln_flop / base:.2%}, under 1 %."))

    # R5: Phi-4-reasoning < 1e20 FLOP, perhaps < 0.01 % of pre-training.
    phi_pre = reasoning_run("Phi-4 pre-training")
    phi_sft = reasoning_run("Phi-4-reasoning SFT")
    phi_pre_flop = float(flops.training_flop(phi_pre["n_active_params"], phi_pre["trained_tokens"]))
    phi_sft_flop = float(flops.training_flop(phi_sft["n_active_params"], phi_sft["trained_tokens"]))
    phi_tokens = rollout_tokens(PHI4_RL_PROBLEMS, PHI4_RL_ROLLOUTS, PHI4_RL_MEAN_TOKENS)
    phi_rl = rl_run_flop(phi_pre["n_active_params"], phi_tokens).total_flop
    phi_rl_max = rl_run_flop(phi_pre["n_active_params"],
                             rollout_tokens(PHI4_RL_PROBLEMS, PHI4_RL_ROLLOUTS, PHI4_RL_MAX_TOKENS)).total_flop
    rows.append(Claim(
        "R5", "Phi-4-reasoning's reasoning training: under 1e20 FLOP, perhaps under 0.01 % of pre-training",
        "epoch-reasoning", 1e20, phi_rl, "FLOP",
        f"RL of Phi-4-reasoning-plus modelled as {PHI4_RL_PROBLEMS:,} problems x {PHI4_RL_ROLLOUTS} rollouts x "
        f"{PHI4_RL_MEAN_TOKENS:,} tokens (assumed), 2N to generate + 6N to train per token, N = 14.7e9.",
        sense="upper", checkable=False,
        note=f"Holds for the RL phase only, and only if rollouts average under "
             f"{rl_tokens_for_flop(1e20, phi_pre['n_active_params']) / (PHI4_RL_PROBLEMS * PHI4_RL_ROLLOUTS):,.0f} "
             f"tokens (at the 32K maximum: {_sci(phi_rl_max)}). The SFT stage (16B tokens) costs "
             f"{_sci(phi_sft_flop)} FLOP, {phi_sft_flop / 1e20:.0f}x the bound. 1e20 is {1e20 / phi_pre_flop:.3%} of "
             f"Phi-4's pre-training ({_sci(phi_pre_flop)}), just above 0.01 %. Settled by Microsoft publishing the "
             "RL phase's GPU-hours or its mean rollout length."))

    # R6: Amodei's $100k-$1M; Epoch equates ~$1M with ~5e23 FLOP.
    f_1m = flop_of_usd(EPOCH_USD_FOR_5E23, h100, mfu, price)
    rows.append(Claim(
        "R6", "Amodei: stage-2 spending of $100k-$1M; Epoch equates ~$1M with ~5e23 FLOP, far below >1e26 pre-training runs",
        "epoch-reasoning", 5e23, f_1m, "FLOP",
        f"$1M at ${price:.2f} per H100-hour, BF16 dense peak, MFU {mfu:.2f}. Band ×2 for '~5e23'.",
        tolerance=2.0,
        note=f"$100k buys {_sci(flop_of_usd(1e5, h100, mfu, price))} FLOP; 'tens of millions' of dollars buy "
             f"{_sci(flop_of_usd(1e7, h100, mfu, price), 1)}-{_sci(flop_of_usd(9e7, h100, mfu, price), 1)}, still below 1e26; "
             f"'hundreds of millions' would reach {_sci(flop_of_usd(3e8, h100, mfu, price))}, the frontier."))

    # R7: accuracy log-linear in RL compute.
    slope = loglinear_slope(CHART_FIRST_O1_AIME_PCT, O1_AIME_PASS1_PCT,
                            10 ** (CHART_FIRST_O1_OOM_BELOW_O3 - math.log10(O3_OVER_O1_TRAINING_COMPUTE)))
    rows.append(Claim(
        "R7", "Accuracy grows roughly log-linearly with RL training compute",
        "epoch-reasoning", math.nan, slope, "AIME points per OOM",
        f"Stated model: {CHART_FIRST_O1_AIME_PCT:.0f} % at the first o1 point, o1's published "
        f"{O1_AIME_PASS1_PCT:.0f} % one OOM below o3: {slope:.1f} points per order of magnitude.",
        checkable=False,
        note=f"Two points fix a line but cannot test one. At {slope:.0f} points per OOM, AIME would pass 100 % "
             f"{(100 - O1_AIME_PASS1_PCT) / slope:.1f} OOM above o1, so the law must bend within a few OOM on this "
             "benchmark. Settled by the chart's axis values or an open run's accuracy-against-FLOP curve."))

    # R8: catch-up within 1-2 years if within 3 OOM.
    worst = catch_up_months(3.0, REASONING_MONTHS_PER_10X[1], FRONTIER_GROWTH_PER_YEAR) / 12.0
    best = catch_up_months(3.0, REASONING_MONTHS_PER_10X[0], FRONTIER_GROWTH_PER_YEAR) / 12.0
    rows.append(Claim(
        "R8", "At the frontier reasoning growth falls to ~4x/year from 10x every 3-5 months; within 1-2 years if within 3 OOM",
        "epoch-reasoning", 2.0, worst, "years",
        "Gap of 3 OOM, reasoning 10x every 5 months (the slow end), frontier 4x per year; "
        "t* = G / (1/m - log10(g)/12).",
        sense="upper", checkable=False,
        note=f"{best:.2f} years at 10x every 3 months, {worst:.2f} at every 5: within two years. The growth rates are "
             "the claimant's (OpenAI's o1-to-o3 jump, Epoch's 4x/year trend); the arithmetic holds."))

    # R9: tens of billions of trajectories, hundreds of trillions of tokens.
    mid = math.sqrt(SEMI_THOUSANDS[0] * SEMI_THOUSANDS[1])
    toks = rollout_tokens(SEMI_PROBLEMS, mid, mid)
    lo = rollout_tokens(SEMI_PROBLEMS, SEMI_THOUSANDS[0], SEMI_THOUSANDS[0])
    rows.append(Claim(
        "R9", "o1-style data: ~10M problems x thousands of trajectories x thousands of tokens: hundreds of trillions of tokens, more than pre-training",
        "semi", 1e14, toks, "tokens",
        f"10M problems, {mid:,.0f} trajectories of {mid:,.0f} tokens (the geometric middle of 'thousands'); "
        "'hundreds of trillions' read as at least 1e14.",
        sense="lower", checkable=False,
        note=f"{_sci(rollout_count(SEMI_PROBLEMS, mid))} trajectories ('tens of billions' holds). At 1,000 x 1,000 "
             f"the total is {_sci(lo, 1)} tokens, below Qwen2.5's 18T pre-training set; the claim needs the upper half "
             "of 'thousands'."))

    # R10: pre-training forward:backward is 1:1.
    pre = pretraining_forward_backward()
    grpo = rl_forward_backward(16, reference_passes=1.0)
    rows.append(Claim(
        "R10", "Post-training runs many forward passes per backward pass; pre-training's ratio is 1:1",
        "semi", 1.0, pre.passes, "forward:backward",
        "Counted in passes: one forward and one backward pass per pre-training token.",
        note=f"By FLOP the pre-training ratio is 1:2 ({pre.flop:.1f}); '1:1' counts passes. A GRPO step "
             f"(16 rollouts, reference model, rule rewards) has {grpo.passes:.0f} forward passes per backward "
             f"({grpo.flop:.1f}:1 by FLOP). 'Post-training FLOP exceed pre-training' has no public support: "
             f"DeepSeek-R1's RL is {ds_flop / v3:.1%} of V3's pre-training by DeepSeek's hours "
             f"({epoch['reported_flop'] / v3:.0%} by Epoch's estimate), Llama-Nemotron Ultra's {ln_flop / base:.2%} "
             "of Llama 3.1 405B's (MFU 0.30)."))

    # R11: CPU:GPU ratios.
    r_hgx = accelerators_per_cpu("HGX H100 (DGX H100)")
    rows.append(Claim(
        "R11", "Verifier sandboxes run on CPUs: 8-GPU servers 4:1, GB200 NVL72 2:1, Project Rainier 8:1",
        "semi", 4.0, r_hgx, "accelerators per CPU",
        "Accelerators per CPU socket from data/systems.csv (DGX H100 datasheet).",
        note=f"GB200 NVL72: {accelerators_per_cpu('GB200 NVL72'):.0f}:1 from NVIDIA's spec; Trainium2 "
             f"{accelerators_per_cpu('Trainium2 server (Project Rainier)'):.0f}:1 only as the claim states it. "
             f"Per GPU, GB200 has {cpu_cores_per_accelerator('GB200 NVL72'):.0f} CPU cores against DGX H100's "
             f"{cpu_cores_per_accelerator('HGX H100 (DGX H100)'):.0f}. The Trainium2 ratio would be settled by AWS "
             "publishing the socket count of its Trainium2 servers."))

    # R12: PRM800K.
    prm = prm800k()
    rows.append(Claim(
        "R12", "PRM800K: 800,000 step labels on 75,000 solutions to 12,000 MATH problems",
        "semi", 800_000, prm.labels, "step labels",
        "Counts as Lightman et al. (2023) state them.",
        note=f"{prm.steps_per_solution:.1f} labelled steps per solution and {prm.solutions_per_problem:.2f} solutions "
             f"per problem: human labels, {math.log10(SEMI_THOUSANDS[0] / prm.solutions_per_problem):.1f} to "
             f"{math.log10(SEMI_THOUSANDS[1] / prm.solutions_per_problem):.1f} orders of magnitude fewer "
             "trajectories per problem than R9's 'thousands'."))
    return tuple(rows)
