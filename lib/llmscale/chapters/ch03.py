"""Chapter 03 (reasoning RL compute, o1 to o3): every number, table and curve the notebook shows.

All functions take ``P``, the validated parameters (:func:`llmscale.params.setup`) where the
result depends on them. :func:`numbers` returns every glued value, formatted as the page prints
it (glue name without ``c03_``); the other functions return the tables and the arrays the
figures plot. No formula lives here: RL compute is :mod:`llmscale.reasoning`'s, the catch-up
arithmetic :mod:`llmscale.growth`'s, the FLOP <-> GPU-hours <-> USD conversions
:mod:`llmscale.flops`'s, and the claims' intermediates :mod:`llmscale.claims.ch03`'s.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import catalog, claims, flops, growth, reasoning, units
from ..claims import ch03 as c03

#: The policy of the worked RL-cost table (DeepSeek-R1's base) and its generated tokens.
COST_MODEL = "DeepSeek-V3"
COST_TOKENS = 1e9
#: The table's variants: label -> keywords of :func:`llmscale.reasoning.rl_run_flop`.
COST_CASES = {
    "GRPO, rule rewards": dict(),
    "+ prompts of 500 tokens per 5,000-token rollout": dict(prompt_tokens=1e8),
    "+ one reward-model pass of the same size": dict(reward_passes=1.0),
    "rejection sampling: train on 1 rollout in 8": dict(trained_tokens=COST_TOKENS / 8),
}
#: MFUs of the Llama-Nemotron table and of the DeepSeek figure.
NEMOTRON_MFUS = [0.1, 0.2, 0.3, 0.4, 0.5]
DEEPSEEK_MFUS = np.linspace(0.05, 1.0, 96)
#: Dollar budgets of the Amodei table.
BUDGETS_USD = [1e5, 1e6, 1e7, 1e8, 1e9]
#: Gaps (OOM) and growth paces (months per 10x) of the catch-up table, besides the chosen ones.
CATCH_UP_GAPS = (1.0, 2.0, 3.0)
CATCH_UP_MONTHS = (3.0, 4.0, 5.0)
#: Months shown in the catch-up figure, and its reasoning paces besides the chosen one.
TRAJECTORY_MONTHS = np.linspace(0, 36, 361)
TRAJECTORY_PACES = (3.0, 5.0)
#: The pre-training set R9's data is compared with in the figure (Llama 3's 15T tokens).
LLAMA3_MODEL = "Llama 3.1 405B"
#: RL steps of the forward:backward table: (label, rollouts k, trained t, reward passes r).
RL_STEPS = [
    ("GRPO, rule rewards", 16, 16, 0),
    ("PPO-style, reward model", 4, 4, 1),
    ("best-of-16", 16, 2, 2),
    ("best-of-64", 64, 1, 3),
]


def _sci(x, digits: int = 2) -> str:
    return units.format_sci(x, digits=digits)


def _hw(P) -> catalog.Hardware:
    return catalog.hardware(P["hardware"])


# --- the cost of an RL run ----------------------------------------------------------------

def rl_costs() -> dict[str, reasoning.RLCost]:
    """The RL-cost table's runs: label -> :class:`~llmscale.reasoning.RLCost` (FLOP by part)."""
    n = catalog.model(COST_MODEL).reported_active_params
    return {label: reasoning.rl_run_flop(n, COST_TOKENS, **kw) for label, kw in COST_CASES.items()}


def rl_cost_table(P) -> pd.DataFrame:
    """FLOP by part, GPU-hours and dollars of 1B generated tokens on the chosen GPU, MFU and price."""
    hw = _hw(P)
    rows = []
    for label, c in rl_costs().items():
        s = c.shares()
        hours = flops.flop_to_gpu_hours(c.total_flop, hw.peak_flop_per_s(), P["mfu"])
        rows.append({"run (1B generated tokens)": label, "total FLOP": _sci(c.total_flop),
                     "generation": f"{s['generation']:.0%}", "prefill": f"{s['prefill']:.0%}",
                     "reward": f"{s['reward']:.0%}", "update": f"{s['update']:.0%}",
                     f"{hw.name}-hours": f"{hours:,.0f}",
                     "cost (USD)": units.format_usd(flops.flop_to_usd(c.total_flop, hw.peak_flop_per_s(), P["mfu"],
                                                                      P["usd_per_gpu_hour"]))})
    return pd.DataFrame(rows)


# --- DeepSeek-R1 ----------------------------------------------------------------------------

def deepseek_table(P) -> pd.DataFrame:
    """DeepSeek's reported stages (Nature 2025) with their FLOP at the chosen MFU, and the total."""
    d = c03.r3()
    ds = c03.deepseek_r1_reported_rows()
    pk = c03.peak(d.hardware)
    col = f"FLOP at MFU {P['mfu']:.2f}"
    view = pd.DataFrame({
        "stage": ds["name"], "GPUs": ds["gpus"].map(lambda g: "—" if pd.isna(g) else f"{g:.0f}"),
        "H800-hours": ds["gpu_hours"].map(lambda h: f"{h:,.0f}"),
        "reported (USD)": ds["reported_usd"].map(units.format_usd),
        col: [_sci(flops.gpu_hours_to_flop(h, pk, P["mfu"])) for h in ds["gpu_hours"]],
    })
    total = pd.DataFrame([{"stage": "total", "GPUs": "", "H800-hours": f"{d.reported_gpu_hours:,.0f}",
                           "reported (USD)": units.format_usd(d.reported_usd),
                           col: _sci(flops.gpu_hours_to_flop(d.reported_gpu_hours, pk, P["mfu"]))}])
    return pd.concat([view, total], ignore_index=True)


@dataclass(frozen=True)
class DeepSeekCurve:
    """FLOP of DeepSeek's hours against MFU (percent), with Epoch's estimate and the 20T-token generation."""

    mfu_pct: np.ndarray
    flop_bf16: np.ndarray
    flop_fp8: np.ndarray
    epoch_flop: float
    generation_flop: float
    chosen_mfu_pct: float


def deepseek_curve(P) -> DeepSeekCurve:
    """DeepSeek's reported hours in FLOP over :data:`DEEPSEEK_MFUS` at BF16 and FP8 peak (the DeepSeek figure)."""
    d = c03.r3()
    h = d.reported_gpu_hours
    return DeepSeekCurve(DEEPSEEK_MFUS * 100, flops.gpu_hours_to_flop(h, c03.peak(d.hardware), DEEPSEEK_MFUS),
                         flops.gpu_hours_to_flop(h, c03.peak(d.hardware, "fp8"), DEEPSEEK_MFUS),
                         d.epoch_flop, d.generation_flop, P["mfu"] * 100)


# --- Llama-Nemotron Ultra, Phi-4, dollars -----------------------------------------------------

def nemotron_table() -> pd.DataFrame:
    """Llama-Nemotron Ultra's RL hours in FLOP at several MFUs, and their share of the base model's pre-training."""
    ln = c03.r4()
    f = [flops.gpu_hours_to_flop(ln.gpu_hours, c03.peak(ln.hardware), m) for m in NEMOTRON_MFUS]
    return pd.DataFrame({
        "MFU": [f"{m:.0%}" for m in NEMOTRON_MFUS],
        "FLOP (BF16 peak)": [_sci(x) for x in f],
        f"share of {ln.base_model} pre-training ({_sci(ln.base_flop)})": [f"{x / ln.base_flop:.2%}" for x in f],
    })


def budget_table(P) -> pd.DataFrame:
    """What Amodei's dollar budgets buy on the chosen GPU, MFU and price, against a 1e26 frontier run."""
    hw = _hw(P)
    f = [flops.usd_to_flop(b, hw.peak_flop_per_s(), P["mfu"], P["usd_per_gpu_hour"]) for b in BUDGETS_USD]
    return pd.DataFrame({
        "budget": [units.format_usd(b) for b in BUDGETS_USD],
        f"{hw.name}-hours": [f"{b / P['usd_per_gpu_hour']:,.0f}" for b in BUDGETS_USD],
        "FLOP": [_sci(x) for x in f],
        "vs 1e26 frontier run": [f"{x / c03.FRONTIER_TRAINING_FLOP:.2%}" for x in f],
    })


def ladder() -> list[tuple[str, float, str]]:
    """The bar chart of reasoning training against pre-training: (label, FLOP, ``"rl"`` or ``"pre"``)."""
    d, ln, phi, u = c03.r3(), c03.r4(), c03.r5(), c03.r6()
    return [
        ("Phi-4-reasoning+ RL, bound", phi.bound_flop, "rl"),
        ("Phi-4-reasoning SFT", phi.sft_flop, "rl"),
        ("Nemotron Ultra RL *", ln.flop, "rl"),
        ("R1 RL, DeepSeek's hours *", d.flop, "rl"),
        ("R1 RL, Epoch's estimate", d.epoch_flop, "rl"),
        ("$1M of H100-hours *", u.flop_1m, "rl"),
        ("Phi-4 pre-training", phi.pretrain_flop, "pre"),
        ("DeepSeek-V3 pre-training", d.v3_flop, "pre"),
        ("Llama 3.1 405B pre-training", ln.base_flop, "pre"),
        ("frontier run (>1e26)", c03.FRONTIER_TRAINING_FLOP, "pre"),
    ]


# --- log-linear accuracy ----------------------------------------------------------------------

@dataclass(frozen=True)
class LogLinearCurve:
    """The log-linear AIME line against compute relative to o3 (OOM), and the two points it goes through."""

    oom: np.ndarray
    accuracy_pct: np.ndarray
    points_oom: tuple[float, float]
    points_pct: tuple[float, float]
    slope: float


def loglinear_curve() -> LogLinearCurve:
    """The log-linear AIME model of claim R7 from 4.5 OOM below to 1.5 OOM above o3."""
    s = c03.r7()
    x = np.linspace(-4.5, 1.5, 200)
    acc = reasoning.loglinear_accuracy(10 ** (x - s.o1_oom), c03.O1_AIME_PASS1_PCT, s.slope)
    return LogLinearCurve(x, acc, (s.first_oom, s.o1_oom), (c03.CHART_FIRST_O1_AIME_PCT, c03.O1_AIME_PASS1_PCT),
                          s.slope)


# --- catch-up ---------------------------------------------------------------------------------

def _years(y: float) -> str:
    return "never" if math.isinf(y) else f"{y:.2f}"


def catch_up_table(P) -> pd.DataFrame:
    """Years to meet the frontier for several gaps and paces (the chosen ones marked; "never" where the
    reasoning compute grows no faster than the frontier)."""
    gaps = sorted({*CATCH_UP_GAPS, P["gap_orders_of_magnitude"]})
    ms = sorted({*CATCH_UP_MONTHS, P["months_per_10x"]})
    table = {f"10x every {m:g} months" + (" (chosen)" if m == P["months_per_10x"] else ""):
             [_years(growth.catch_up(G, m, P['frontier_growth_per_year']).years) for G in gaps]
             for m in ms}
    index = [f"gap of {G:g} OOM" + (" (chosen)" if G == P["gap_orders_of_magnitude"] else "") for G in gaps]
    return pd.DataFrame(table, index=index).rename_axis(
        f"years to meet a frontier growing {P['frontier_growth_per_year']:g}x/year")


@dataclass(frozen=True)
class CatchUpCurves:
    """Frontier and reasoning compute over ``months``; per pace: (months per 10x, curve, meeting month or None, FLOP there)."""

    months: np.ndarray
    frontier_flop: np.ndarray
    reasoning: list


def catch_up_curves(P) -> CatchUpCurves:
    """Reasoning and frontier compute over 36 months from a gap of the chosen OOM below a 1e26 frontier."""
    t = TRAJECTORY_MONTHS
    f0 = c03.FRONTIER_TRAINING_FLOP
    r0 = f0 / 10 ** P["gap_orders_of_magnitude"]
    g = P["frontier_growth_per_year"]
    _, frontier = growth.trajectory(t, r0, f0, P["months_per_10x"], g)
    lines = []
    for m in sorted({*TRAJECTORY_PACES, P["months_per_10x"]}):
        r, _ = growth.trajectory(t, r0, f0, m, g)
        ts = growth.catch_up_months(P["gap_orders_of_magnitude"], m, g)
        meet = (ts, growth.trajectory(ts, r0, f0, m, g)[1]) if np.isfinite(ts) and ts <= t[-1] else (None, None)
        lines.append((m, r, *meet))
    return CatchUpCurves(t, frontier, lines)


# --- data volume ------------------------------------------------------------------------------

def rollout_corners(P) -> list[tuple[float, float]]:
    """(trajectories per problem, tokens per trajectory) of the R9 table: the corners, the middle, the chosen."""
    lo, hi = c03.SEMI_THOUSANDS
    mid = c03.r9().mid
    return [(lo, lo), (lo, hi), (mid, mid), (hi, lo), (hi, hi), (P["rollouts_per_problem"], P["tokens_per_rollout"])]


def rollout_table(P) -> pd.DataFrame:
    """Trajectories and tokens of 10M problems at the corners of "thousands" and the chosen values."""
    n_prob = c03.SEMI_PROBLEMS
    corners = rollout_corners(P)
    rows = []
    for i, (k, L) in enumerate(corners):
        tok = reasoning.rollout_tokens(n_prob, k, L)
        rows.append({"trajectories per problem": f"{k:,.0f}", "tokens per trajectory": f"{L:,.0f}",
                     "trajectories": _sci(reasoning.rollout_count(n_prob, k)), "tokens": _sci(tok),
                     "× Qwen2.5's 18T": f"{tok / c03.QWEN25_PRETRAIN_TOKENS:.1f}",
                     "case": "chosen" if i == len(corners) - 1 else ""})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class RolloutGrid:
    """Tokens over a grid of trajectories per problem (``k``) and tokens per trajectory (``L``).

    ``levels`` are the contour levels (Llama 3's and Qwen2.5's pre-training tokens, 1e14);
    ``diagonal`` is where each of the first two crosses ``k = L``.
    """

    k: np.ndarray
    L: np.ndarray
    tokens: np.ndarray
    log10_tokens: np.ndarray
    levels: list
    diagonal: list


def rollout_grid() -> RolloutGrid:
    """Tokens of 10M problems over 1,000-10,000 trajectories per problem and tokens per trajectory."""
    K, LL = np.meshgrid(np.logspace(3, 4, 101), np.logspace(3, 4, 101))
    tok = reasoning.rollout_tokens(c03.SEMI_PROBLEMS, K, LL)
    pre = [catalog.model(LLAMA3_MODEL).tokens_trained, c03.QWEN25_PRETRAIN_TOKENS]
    return RolloutGrid(K, LL, tok, np.log10(tok), [*pre, 1e14],
                       [math.sqrt(t / c03.SEMI_PROBLEMS) for t in pre])


# --- forward:backward, systems ----------------------------------------------------------------

def forward_backward_table() -> pd.DataFrame:
    """Forward:backward by passes and by FLOP of pre-training and of the RL steps of :data:`RL_STEPS`."""
    steps = [("pre-training", None, None, None, reasoning.pretraining_forward_backward())]
    steps += [(label, k, t, r, reasoning.rl_forward_backward(k, t, reward_passes=r)) for label, k, t, r in RL_STEPS]

    def _n(v):
        return "—" if v is None else f"{v}"

    return pd.DataFrame({"step": [s[0] for s in steps],
                         "rollouts k": [_n(s[1]) for s in steps], "trained t": [_n(s[2]) for s in steps],
                         "reward passes r": [_n(s[3]) for s in steps],
                         "forward : backward (passes)": [f"{s[4].passes:.3g} : 1" for s in steps],
                         "forward : backward (FLOP)": [f"{s[4].flop:.3g} : 1" for s in steps]}).set_index("step")


def systems_table() -> pd.DataFrame:
    """Accelerators per CPU socket and CPU cores per accelerator of every system in ``data/systems.csv``."""
    sysdf = catalog.table("systems")
    return pd.DataFrame({
        "system": sysdf["name"], "accelerators": sysdf["accelerators"], "CPU sockets": sysdf["cpu_sockets"],
        "accelerators per CPU": [f"{reasoning.accelerators_per_cpu(n):g} : 1" for n in sysdf["name"]],
        "CPU cores per accelerator": [("—" if math.isnan(c) else f"{c:g}") for c in
                                      (reasoning.cpu_cores_per_accelerator(n) for n in sysdf["name"])],
        "source": sysdf["source"],
    }).set_index("system")


# --- every glued number -------------------------------------------------------------------------

_COUNT_WORDS = {13: "thirteen", 12: "twelve"}


@functools.cache
def verdict_sentence() -> str:
    """How many of the chapter's claims (top-level rows of the ledger) got each verdict, as a sentence."""
    df = claims.ledger("03")
    top = df[df["parent"] == ""]
    counts = top["verdict"].value_counts()
    n = len(top)
    return f"Of the {_COUNT_WORDS.get(n, str(n))} claims: " + ", ".join(
        f"{counts.get(x, 0)} {x}" for x in claims.VERDICTS) + "."


def numbers(P) -> dict[str, str]:
    """Every glued value of chapter 03 (name without ``c03_`` -> text as printed)."""
    hw = _hw(P)
    a, d, ln, phi, u, s, c, v, prm, cpu = (c03.r1(), c03.r3(), c03.r4(), c03.r5(), c03.r6(), c03.r7(), c03.r8(),
                                           c03.r9(), c03.r12(), c03.r11())
    costs = rl_costs()
    cu = growth.catch_up(P["gap_orders_of_magnitude"], P["months_per_10x"], P["frontier_growth_per_year"])
    n_prob = c03.SEMI_PROBLEMS
    chosen_tok = reasoning.rollout_tokens(n_prob, P["rollouts_per_problem"], P["tokens_per_rollout"])
    n_v3 = catalog.model(COST_MODEL).reported_active_params
    out = {
        # setup: the ledger's fixed assumptions and verdicts
        "mfu_default": f"{c03.DEFAULT_MFU:.0%}",
        "price_default": units.format_usd(c03.DEFAULT_USD_PER_GPU_HOUR),
        "verdicts": verdict_sentence(),
        **claims.verdict_glue("03"),
        # the cost of an RL run
        "hw": hw.name,
        "gen_share_grpo": f"{costs['GRPO, rule rewards'].shares()['generation']:.0%}",
        "gen_share_rs": f"{costs['rejection sampling: train on 1 rollout in 8'].shares()['generation']:.0%}",
        # R3
        "v3": _sci(d.v3_flop, 3),
        "share_v3": f"{d.epoch_flop / d.v3_flop:.0%}",
        "share_usd": f"{d.epoch_usd / d.v3_usd:.0%}",
        "gen20t": _sci(d.generation_flop),
        "gen_ratio": f"{d.generation_flop / d.epoch_flop:.1f}",
        "max_gen": units.format_count(d.max_generated_tokens, 2),
        "max_train": units.format_count(d.max_trained_tokens, 2),
        "tok_ratio": f"{d.generated_tokens / d.max_tokens_both:.0f}",
        "max_both": units.format_count(d.max_tokens_both, 2),
        "ds_hours": f"{d.reported_gpu_hours:,.0f}",
        "ds_usd": units.format_usd(d.reported_usd, 3),
        "ds_flop_default": _sci(d.flop),
        "ds_frac": f"{d.flop / d.epoch_flop:.0%}",
        "ds_share_v3": f"{d.flop / d.v3_flop:.1%}",
        "ds_ratio": f"{d.epoch_flop / d.flop:.1f}",
        "ds_max_bf16": _sci(d.flop_at_full_mfu),
        "ds_mfu_needed_fp8": f"{d.mfu_needed_fp8:.0%}",
        "ds_flop_lo": _sci(d.flop_low),
        "ds_flop_hi": _sci(d.flop_high),
        "v3_mfu": f"{d.v3_mfu:.0%}",
        "rl_mfu_low": f"{c03.RL_MFU_LOW:.0%}",
        "ds_tokens_hi": units.format_count(d.tokens_high, 2),
        "ds_share_usd": f"{d.reported_usd / d.v3_usd:.1%}",
        "ds_share_lo": f"{d.flop_low / d.v3_flop:.1%}",
        "ds_share_hi": f"{d.flop_high / d.v3_flop:.1%}",
        "epoch_usd_rec": units.format_usd(d.epoch_usd_recomputed, 3),
        # R4
        "ln_flop30": _sci(ln.flop),
        "ln_mfu": f"{ln.mfu_for_1e23:.0%}",
        "ln_share": f"{ln.share_of_base:.1%}",
        # R5, R6
        "phi_sft": _sci(phi.sft_flop),
        "phi_model": f"{c03.PHI4_RL_PROBLEMS:,} problems × {c03.PHI4_RL_ROLLOUTS} rollouts × "
                     f"{c03.PHI4_RL_MEAN_TOKENS:,} tokens",
        "phi_rl": _sci(phi.rl_flop),
        "phi_share": f"{phi.bound_share_of_pretrain:.3%}",
        "phi_pre": _sci(phi.pretrain_flop),
        "phi_max_mean": f"{phi.max_mean_tokens:,.0f}",
        "usd1m": _sci(u.flop_1m),
        "usd1m_oom": f"{u.oom_below_frontier:.1f}",
        "usd300m": _sci(u.flop_300m),
        "mfu_pct": f"{P['mfu']:.0%}",
        "price": units.format_usd(P["usd_per_gpu_hour"]),
        # R1, R7
        "o1o3_months": f"{a.months:.1f}",
        "o1o3_per_year": f"{a.growth_per_year:,.0f}",
        "o1o3_preview_announced": f"{a.months_preview_to_announced:.1f}",
        "o1o3_preview_release": f"{a.months_preview_to_release:.1f}",
        "total_ratio": f"{a.total_ratio:.1f}",
        "total_ratio_hi": f"{a.total_ratio_high:.1f}",
        "pace3": f"{c.pace_fast_end:.1f}",
        "pace5": f"{c.pace_slow_end:.1f}",
        "largest_dec2024": _sci(u.largest_run_dec2024),
        "colossus": _sci(u.colossus_flop),
        "slope": f"{s.slope:.1f}",
        "o1_aime": f"{c03.O1_AIME_PASS1_PCT:.0f} %",
        "sat": f"{s.saturation_oom:.1f}",
        # catch-up with the chosen parameters
        "before": f"{cu.growth_per_year_before:,.0f}",
        "after": "its growth never has to slow" if math.isinf(cu.months) else
                 f"its annual growth then falls {cu.slowdown:,.0f}-fold, from {cu.growth_per_year_before:,.0f}x "
                 f"to {cu.growth_per_year_after:g}x",
        "catch": "never catches up: it grows no faster than the frontier" if math.isinf(cu.months)
                 else f"catches up in {cu.months / 12:.2f} years",
        "gap": f"{P['gap_orders_of_magnitude']:g}",
        "m": f"{P['months_per_10x']:g}",
        "g": f"{P['frontier_growth_per_year']:g}",
        # R8 at the claim's own growth rates
        "r8_worst": f"{c.worst_years:.2f}",
        "r8_best": f"{c.best_years:.2f}",
        "before_lo": f"{c.growth_per_year_slow:,.0f}",
        "before_hi": f"{c.growth_per_year_fast:,.0f}",
        "faster_lo": f"{c.closing_oom_per_year_slow:.1f}",
        "faster_hi": f"{c.closing_oom_per_year_fast:.1f}",
        "r8_g10": f"{c.worst_years_frontier_10x:.2f}",
        "r8_per_oom": f"{c.years_per_oom:.2f}",
        # R9
        "r9_mid_k": f"{v.mid:,.0f}",
        "r9_mid": _sci(v.tokens_mid),
        "r9_lo": _sci(v.tokens_low),
        "r9_several": _sci(v.tokens_several),
        "r9_lo_x": f"{v.tokens_low / v.pretraining_tokens:.2f}",
        "r9_several_x": f"{v.tokens_several / v.pretraining_tokens:.0f}",
        "r9_tokens": _sci(chosen_tok),
        "r9_flop": _sci(reasoning.rl_run_flop(n_v3, chosen_tok).total_flop),
        # R11, R12
        "core_ratio": f"{cpu.core_ratio:.1f}",
        "prm_steps": f"{prm.shape.steps_per_solution:.1f}",
        "prm_sol": f"{prm.shape.solutions_per_problem:.2f}",
        "prm_oom_lo": f"{prm.oom_below_low:.1f}",
        "prm_oom_hi": f"{prm.oom_below_high:.1f}",
    }
    return out
