"""Chapter 03's claims (R1-R12): reasoning-RL compute from o1 to o3.

Each claim's intermediates are computed once, in a frozen result (``r1()`` ... ``r12()``,
cached), which both the ledger row (:func:`claim_rows`) and the chapter
(:mod:`llmscale.chapters.ch03`) read. The facts below are the claims' own inputs, each
with its source; the ledger's fixed assumptions are :data:`DEFAULT_MFU` and
:data:`DEFAULT_USD_PER_GPU_HOUR` at BF16 dense peak.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from .. import catalog, flops, growth, reasoning, units
from ..reasoning import DatasetShape, ForwardBackward
from .ledger import LegacyClaim as Claim

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
#: Epoch's equivalence (You 2025): about $1M of reasoning training is about 5e23 FLOP, on H100s.
EPOCH_USD_FOR_5E23 = 1e6
EPOCH_GPU = "H100 SXM"
#: Amodei (2025): stage-2 (RL) spending of $100k-$1M (``amodei2025deepseek``).
AMODEI_STAGE2_USD = (1e5, 1e6)
#: You (2025): the largest pre-training runs exceed 1e26 FLOP; frontier compute grows ~4x per year.
FRONTIER_TRAINING_FLOP = 1e26
FRONTIER_GROWTH_PER_YEAR = growth.FRONTIER_GROWTH_PER_YEAR
#: Claim R8: reasoning compute grows 10x every 3 to 5 months; the gap it tests is 3 OOM.
REASONING_MONTHS_PER_10X = (3.0, 5.0)
R8_GAP_ORDERS_OF_MAGNITUDE = 3.0
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
#: Rows of data/reasoning_runs.csv the claims read.
EPOCH_R1_RUN = "DeepSeek-R1 RL (Epoch estimate)"
NEMOTRON_RUN = "Llama-Nemotron Ultra RL (NVIDIA)"
PHI4_PRETRAIN_RUN = "Phi-4 pre-training"
PHI4_SFT_RUN = "Phi-4-reasoning SFT"
#: Rows of data/systems.csv claim R11 compares.
HGX_H100 = "HGX H100 (DGX H100)"
GB200_NVL72 = "GB200 NVL72"
TRAINIUM2 = "Trainium2 server (Project Rainier)"


# --- claim-only helpers ------------------------------------------------------------------

def peak(gpu, precision: str = "bf16") -> float:
    """Dense peak FLOP/s of ``gpu`` at ``precision`` (``catalog.hardware(gpu).peak_flop_per_s``)."""
    return catalog.hardware(gpu).peak_flop_per_s(precision)


def deepseek_r1_reported_gpu_hours() -> float:
    """H800-hours DeepSeek reported for R1 (Nature 2025): R1-Zero RL + SFT data + R1 RL."""
    return float(deepseek_r1_reported_rows()["gpu_hours"].sum())


def deepseek_r1_reported_rows():
    """The rows of ``data/reasoning_runs.csv`` from DeepSeek's Nature (2025) accounting (a DataFrame)."""
    df = catalog.table("reasoning_runs")
    return df[df["source"] == "deepseekai2025nature"]


def pretraining_flop(run: str) -> float:
    """``6·N·D`` of a pre-training run in ``data/training_runs.csv`` (N active for MoE). FLOP."""
    r = catalog.row("training_runs", run)
    return float(flops.training_flop(r["params"], r["tokens"]))


def prm800k() -> DatasetShape:
    """PRM800K (Lightman et al. 2023, "Let's Verify Step by Step", abstract and data-collection
    section): 800K step labels on 75K solutions to 12K MATH problems. Counts."""
    return DatasetShape(PRM800K_LABELS, PRM800K_SOLUTIONS, PRM800K_PROBLEMS)


# --- per-claim results ---------------------------------------------------------------------

@dataclass(frozen=True)
class R1:
    """o1 to o3: months between the releases and the growth pace they imply."""

    months: float
    months_per_10x: float
    growth_per_year: float


@functools.cache
def r1() -> R1:
    """R1: months from o1 to o3 and the pace 10x in that span implies (:func:`llmscale.growth.months_per_10x`)."""
    months = growth.months_between(O1_RELEASE_DATE, O3_RELEASE_DATE)
    m = growth.months_per_10x(O3_OVER_O1_TRAINING_COMPUTE, months)
    return R1(months, m, growth.growth_per_year(m))


@dataclass(frozen=True)
class R3:
    """DeepSeek-R1's RL: Epoch's estimate against DeepSeek's reported hours and V3's pre-training."""

    gpu: str                      # DeepSeek's accelerator (H800 SXM)
    epoch_flop: float             # Epoch's 6e23
    epoch_usd: float              # Epoch's $1M
    n_active_params: float        # 37e9
    generated_tokens: float       # Epoch's 20T
    reported_gpu_hours: float     # DeepSeek's 147,336 H800-hours
    reported_usd: float           # DeepSeek's $294k
    flop: float                   # the hours at BF16 peak and DEFAULT_MFU
    flop_at_full_mfu: float       # the hours at 100 % BF16 MFU
    mfu_needed_fp8: float         # the MFU at FP8 peak that 6e23 would need
    v3_flop: float                # 6·N·D of DeepSeek-V3
    v3_usd: float                 # V3's GPU-hours at DEFAULT_USD_PER_GPU_HOUR
    generation_flop: float        # 2·N·20T
    max_generated_tokens: float   # tokens 6e23 pays for at 2N
    max_trained_tokens: float     # tokens 6e23 trains on at 6N
    max_tokens_both: float        # tokens 6e23 generates and trains on at 8N


@functools.cache
def r3() -> R3:
    """R3: DeepSeek's reported H800-hours in FLOP (BF16 peak, :data:`DEFAULT_MFU`) against Epoch's 6e23, 20T tokens and V3."""
    epoch = catalog.row("reasoning_runs", EPOCH_R1_RUN)
    rows = deepseek_r1_reported_rows()
    gpu = catalog.hardware(rows["hardware"].iloc[0]).name
    hours = deepseek_r1_reported_gpu_hours()
    n, c = epoch["n_active_params"], epoch["reported_flop"]
    v3 = catalog.row("training_runs", epoch["base_model"])
    return R3(
        gpu=gpu, epoch_flop=c, epoch_usd=epoch["reported_usd"], n_active_params=n,
        generated_tokens=epoch["generated_tokens"], reported_gpu_hours=hours,
        reported_usd=float(rows["reported_usd"].sum()),
        flop=flops.gpu_hours_to_flop(hours, peak(gpu), DEFAULT_MFU),
        flop_at_full_mfu=flops.gpu_hours_to_flop(hours, peak(gpu), 1.0),
        mfu_needed_fp8=flops.mfu_for(c, hours, peak(gpu, "fp8")),
        v3_flop=pretraining_flop(epoch["base_model"]),
        v3_usd=v3["gpu_hours"] * DEFAULT_USD_PER_GPU_HOUR,
        generation_flop=reasoning.rl_run_flop(n, epoch["generated_tokens"]).generation_flop,
        max_generated_tokens=c / flops.inference_flop_per_token(n),
        max_trained_tokens=c / flops.training_flop(n, 1.0),
        max_tokens_both=reasoning.rl_tokens_for_flop(c, n),
    )


@dataclass(frozen=True)
class R4:
    """Llama-Nemotron Ultra's RL hours in FLOP, against its base model's pre-training."""

    gpu: str
    gpu_hours: float
    flop: float              # the hours at BF16 peak and DEFAULT_MFU
    mfu_for_1e23: float      # the MFU at which the hours give 1e23 FLOP
    base_model: str
    base_flop: float         # the base model's reported pre-training FLOP
    share_of_base: float     # flop / base_flop


@functools.cache
def r4() -> R4:
    """R4: Llama-Nemotron Ultra's 140,000 H100-hours in FLOP, the MFU that gives 1e23, the share of Llama 3.1 405B."""
    ln = catalog.row("reasoning_runs", NEMOTRON_RUN)
    gpu = catalog.hardware(ln["hardware"]).name
    f = flops.gpu_hours_to_flop(ln["gpu_hours"], peak(gpu), DEFAULT_MFU)
    base = float(catalog.row("training_runs", ln["base_model"])["reported_compute_flop"])
    return R4(gpu, ln["gpu_hours"], f, flops.mfu_for(1e23, ln["gpu_hours"], peak(gpu)),
              ln["base_model"], base, f / base)


@dataclass(frozen=True)
class R5:
    """Phi-4-reasoning: pre-training, SFT and the modelled RL phase against Epoch's 1e20 bound."""

    bound_flop: float
    n_active_params: float
    pretrain_flop: float
    sft_flop: float
    rl_flop: float               # modelled RL at PHI4_RL_MEAN_TOKENS per rollout
    rl_flop_max: float           # at PHI4_RL_MAX_TOKENS per rollout
    max_mean_tokens: float       # the mean rollout length at which the RL meets the bound
    bound_share_of_pretrain: float


@functools.cache
def r5() -> R5:
    """R5: Phi-4's pre-training and SFT (6ND) and the modelled RL phase (8N per token) against Epoch's 1e20."""
    pre = catalog.row("reasoning_runs", PHI4_PRETRAIN_RUN)
    sft = catalog.row("reasoning_runs", PHI4_SFT_RUN)
    n = pre["n_active_params"]
    pre_flop = float(flops.training_flop(n, pre["trained_tokens"]))
    tokens = reasoning.rollout_tokens(PHI4_RL_PROBLEMS, PHI4_RL_ROLLOUTS, PHI4_RL_MEAN_TOKENS)
    tokens_max = reasoning.rollout_tokens(PHI4_RL_PROBLEMS, PHI4_RL_ROLLOUTS, PHI4_RL_MAX_TOKENS)
    bound = 1e20
    return R5(
        bound_flop=bound, n_active_params=n, pretrain_flop=pre_flop,
        sft_flop=float(flops.training_flop(sft["n_active_params"], sft["trained_tokens"])),
        rl_flop=reasoning.rl_run_flop(n, tokens).total_flop,
        rl_flop_max=reasoning.rl_run_flop(n, tokens_max).total_flop,
        max_mean_tokens=reasoning.rl_tokens_for_flop(bound, n) / (PHI4_RL_PROBLEMS * PHI4_RL_ROLLOUTS),
        bound_share_of_pretrain=bound / pre_flop,
    )


@dataclass(frozen=True)
class R6:
    """Dollars in FLOP at the ledger's price and MFU on Epoch's GPU (H100)."""

    gpu: str
    flop_1m: float
    flop_100k: float
    flop_10m: float
    flop_90m: float
    flop_300m: float
    oom_below_frontier: float    # log10(1e26 / flop_1m)


def usd_to_flop_at_ledger_assumptions(usd, gpu=EPOCH_GPU):
    """FLOP that ``usd`` buys on ``gpu`` at BF16 peak, :data:`DEFAULT_MFU` and :data:`DEFAULT_USD_PER_GPU_HOUR`."""
    return flops.usd_to_flop(usd, peak(gpu), DEFAULT_MFU, DEFAULT_USD_PER_GPU_HOUR)


@functools.cache
def r6() -> R6:
    """R6: $100k to $300M in FLOP on H100s at the ledger's price and MFU (:func:`llmscale.flops.usd_to_flop`)."""
    f = usd_to_flop_at_ledger_assumptions
    f1m = f(EPOCH_USD_FOR_5E23)
    return R6(catalog.hardware(EPOCH_GPU).name, f1m, f(1e5), f(1e7), f(9e7), f(3e8),
              math.log10(FRONTIER_TRAINING_FLOP / f1m))


@dataclass(frozen=True)
class R7:
    """The log-linear AIME model through the first o1 point and the released o1."""

    slope: float                 # AIME points per OOM
    o1_oom: float                # o1's compute relative to o3, in OOM (-1)
    first_oom: float             # the first o1 point's, in OOM (-4)
    saturation_oom: float        # OOM above o1 at which the line passes 100 %


@functools.cache
def r7() -> R7:
    """R7: the log-linear slope through 25 % at the first o1 point and o1's 74 %, and where it passes 100 %."""
    slope = reasoning.loglinear_slope(CHART_FIRST_O1_AIME_PCT, O1_AIME_PASS1_PCT,
                                      10 ** (CHART_FIRST_O1_OOM_BELOW_O3 - math.log10(O3_OVER_O1_TRAINING_COMPUTE)))
    return R7(slope, -math.log10(O3_OVER_O1_TRAINING_COMPUTE), -CHART_FIRST_O1_OOM_BELOW_O3,
              (100 - O1_AIME_PASS1_PCT) / slope)


@dataclass(frozen=True)
class R8:
    """Catch-up of a 3-OOM gap at the claim's growth rates (10x every 3-5 months, frontier 4x/year)."""

    best_years: float            # at 10x every 3 months
    worst_years: float           # at 10x every 5 months
    growth_per_year_slow: float  # 10x every 5 months, per year
    growth_per_year_fast: float  # 10x every 3 months, per year
    closing_oom_per_year_slow: float
    closing_oom_per_year_fast: float
    worst_years_frontier_10x: float   # at 10x every 5 months against a 10x/year frontier
    years_per_oom: float              # one OOM at 10x every 5 months


@functools.cache
def r8() -> R8:
    """R8: catch-up years of a 3-OOM gap at 10x every 3 and 5 months against 4x a year (:mod:`llmscale.growth`)."""
    m_fast, m_slow = REASONING_MONTHS_PER_10X
    g, gap = FRONTIER_GROWTH_PER_YEAR, R8_GAP_ORDERS_OF_MAGNITUDE
    return R8(
        best_years=growth.catch_up(gap, m_fast, g).years,
        worst_years=growth.catch_up_months(gap, m_slow, g) / 12.0,
        growth_per_year_slow=growth.growth_per_year(m_slow),
        growth_per_year_fast=growth.growth_per_year(m_fast),
        closing_oom_per_year_slow=growth.gap_closing_oom_per_year(m_slow, g),
        closing_oom_per_year_fast=growth.gap_closing_oom_per_year(m_fast, g),
        worst_years_frontier_10x=growth.catch_up(gap, m_slow, 10.0).years,
        years_per_oom=growth.catch_up(1, m_slow, g).years,
    )


@dataclass(frozen=True)
class R9:
    """SemiAnalysis's data volume at the geometric middle and the low corner of "thousands"."""

    problems: float
    mid: float                   # sqrt(1e3 · 1e4) trajectories and tokens
    tokens_mid: float
    tokens_low: float            # 1,000 x 1,000
    trajectories_mid: float


@functools.cache
def r9() -> R9:
    """R9: tokens and trajectories of 10M problems at the geometric middle and the low corner of "thousands"."""
    lo, hi = SEMI_THOUSANDS
    mid = math.sqrt(lo * hi)
    return R9(SEMI_PROBLEMS, mid, reasoning.rollout_tokens(SEMI_PROBLEMS, mid, mid),
              reasoning.rollout_tokens(SEMI_PROBLEMS, lo, lo), reasoning.rollout_count(SEMI_PROBLEMS, mid))


@dataclass(frozen=True)
class R10:
    """Forward:backward ratios, and RL compute against pre-training in the open figures."""

    pretraining: ForwardBackward
    grpo: ForwardBackward        # 16 rollouts, reference model, rule rewards
    grpo_rollouts: int
    deepseek_share_of_v3: float  # DeepSeek's hours at DEFAULT_MFU over V3's 6ND
    epoch_share_of_v3: float     # Epoch's 6e23 over V3's 6ND
    nemotron_share_of_base: float


@functools.cache
def r10() -> R10:
    """R10: forward:backward of pre-training and of a 16-rollout GRPO step, and RL shares of pre-training (R3, R4)."""
    k = 16
    a, b = r3(), r4()
    return R10(reasoning.pretraining_forward_backward(), reasoning.rl_forward_backward(k, reference_passes=1.0),
               k, a.flop / a.v3_flop, a.epoch_flop / a.v3_flop, b.share_of_base)


@dataclass(frozen=True)
class R11:
    """CPU:accelerator ratios of the three systems SemiAnalysis names."""

    hgx: float                   # accelerators per CPU socket
    gb200: float
    trainium2: float
    hgx_cores: float             # CPU cores per accelerator
    gb200_cores: float
    core_ratio: float            # gb200_cores / hgx_cores


@functools.cache
def r11() -> R11:
    """R11: accelerators per CPU socket and CPU cores per accelerator of DGX H100, GB200 NVL72 and Trainium2."""
    hc = reasoning.cpu_cores_per_accelerator(HGX_H100)
    gc = reasoning.cpu_cores_per_accelerator(GB200_NVL72)
    return R11(reasoning.accelerators_per_cpu(HGX_H100), reasoning.accelerators_per_cpu(GB200_NVL72),
               reasoning.accelerators_per_cpu(TRAINIUM2), hc, gc, gc / hc)


@dataclass(frozen=True)
class R12:
    """PRM800K's shape and how far below R9's "thousands" of trajectories per problem it sits."""

    shape: DatasetShape
    oom_below_low: float         # log10(1,000 / solutions per problem)
    oom_below_high: float        # log10(10,000 / solutions per problem)


@functools.cache
def r12() -> R12:
    """R12: PRM800K's steps per solution and solutions per problem, and the OOM below R9's trajectories per problem."""
    prm = prm800k()
    return R12(prm, math.log10(SEMI_THOUSANDS[0] / prm.solutions_per_problem),
               math.log10(SEMI_THOUSANDS[1] / prm.solutions_per_problem))


# --- the claims ledger -------------------------------------------------------------------

def _sci(x, digits: int = 2) -> str:
    return units.format_sci(x, digits=digits)


def claim_rows() -> list[Claim]:
    """Rows R1-R12 of the claims ledger, recomputed with the library (cached)."""
    return list(_claim_rows())


@functools.cache
def _claim_rows() -> tuple[Claim, ...]:
    mfu, price = DEFAULT_MFU, DEFAULT_USD_PER_GPU_HOUR
    rows: list[Claim] = []

    a = r1()
    rows.append(Claim(
        "R1", "o3 used 10x the reasoning-training compute of o1, about four months later",
        "epoch-reasoning", 4.0, a.months, "months",
        f"Months from o1's general availability ({O1_RELEASE_DATE}) to o3's release ({O3_RELEASE_DATE}). "
        "Band ×1.25 for 'about four months'.",
        tolerance=1.25, checkable=False,
        note=f"The dates check out; the 10x is OpenAI's own statement and cannot be checked. Together they mean "
             f"10x every {a.months_per_10x:.1f} months, {a.growth_per_year:,.0f}x a year."))

    rows.append(Claim(
        "R2", "On OpenAI's AIME chart the first o1 point used ~4 OOM less compute than o3 and scored ~25 %",
        "epoch-reasoning", CHART_FIRST_O1_OOM_BELOW_O3, math.nan, "orders of magnitude",
        "OpenAI's chart has a log compute axis without values.",
        checkable=False,
        note="Unverifiable without the axis values. Epoch's inference holds: if the axis were total compute, "
             "every checkpoint would include pre-training, and a 4-OOM span would need RL compute of at least "
             "(10^4 - 1) times pre-training. Settled by OpenAI publishing the axis."))

    d = r3()
    rows.append(Claim(
        "R3", "DeepSeek-R1's RL stage: ~6e23 FLOP, ~$1M, ~20T generated tokens, ~20 % of DeepSeek-V3's pre-training",
        "epoch-reasoning", d.epoch_flop, d.flop, "FLOP",
        f"DeepSeek's own figure (Nature 2025): {d.reported_gpu_hours:,.0f} H800-hours (R1-Zero RL, SFT data, R1 RL) at "
        f"BF16 dense peak and MFU {mfu:.2f}. Band ×2 for 'about'.",
        tolerance=2.0,
        note=f"Epoch's January 2025 estimate is {d.epoch_flop / d.flop:.1f}x what DeepSeek later reported; "
             f"even at 100 % BF16 MFU the hours give {_sci(d.flop_at_full_mfu)} FLOP, and they cover only the final runs, not experiments. "
             f"The 20 % share holds for 6e23 ({d.epoch_flop / d.v3_flop:.0%} of 6·37e9·14.8e12 = {_sci(d.v3_flop, 3)}), "
             f"but generating 20T tokens alone costs {_sci(d.generation_flop)} FLOP, {d.generation_flop / d.epoch_flop:.1f}x "
             f"the 6e23: the two figures cannot both hold as one count. 6e23 at 8N per token (generate and train) "
             f"is {units.format_count(d.max_tokens_both, 2)} "
             f"tokens; both hold only if the 6e23 leaves out generation and trains on at most "
             f"{units.format_count(d.max_trained_tokens, 2)} "
             "of the 20T tokens. Settled by Epoch publishing its working."))

    ln = r4()
    rows.append(Claim(
        "R4", "Llama-Nemotron Ultra's reasoning training: 140,000 H100-hours, ~1e23 FLOP, < 1 % of its base model's pre-training",
        "epoch-reasoning", 1e23, ln.flop, "FLOP",
        f"{ln.gpu_hours:,.0f} H100-hours at BF16 dense peak and MFU {mfu:.2f}. Band ×2 for 'about'.",
        tolerance=2.0,
        note=f"1e23 FLOP corresponds to MFU {ln.mfu_for_1e23:.2f}. Against Llama 3.1 405B's "
             f"3.8e25 FLOP of pre-training (the base model) the RL is {ln.share_of_base:.2%}, under 1 %."))

    phi = r5()
    rows.append(Claim(
        "R5", "Phi-4-reasoning's reasoning training: under 1e20 FLOP, perhaps under 0.01 % of pre-training",
        "epoch-reasoning", phi.bound_flop, phi.rl_flop, "FLOP",
        f"RL of Phi-4-reasoning-plus modelled as {PHI4_RL_PROBLEMS:,} problems x {PHI4_RL_ROLLOUTS} rollouts x "
        f"{PHI4_RL_MEAN_TOKENS:,} tokens (assumed), 2N to generate + 6N to train per token, N = 14.7e9.",
        sense="upper", checkable=False,
        note=f"Holds for the RL phase only, and only if rollouts average under "
             f"{phi.max_mean_tokens:,.0f} "
             f"tokens (at the 32K maximum: {_sci(phi.rl_flop_max)}). The SFT stage (16B tokens) costs "
             f"{_sci(phi.sft_flop)} FLOP, {phi.sft_flop / phi.bound_flop:.0f}x the bound. 1e20 is "
             f"{phi.bound_share_of_pretrain:.3%} of "
             f"Phi-4's pre-training ({_sci(phi.pretrain_flop)}), just above 0.01 %. Settled by Microsoft publishing the "
             "RL phase's GPU-hours or its mean rollout length."))

    u = r6()
    rows.append(Claim(
        "R6", "Amodei: stage-2 spending of $100k-$1M; Epoch equates ~$1M with ~5e23 FLOP, far below >1e26 pre-training runs",
        "epoch-reasoning", 5e23, u.flop_1m, "FLOP",
        f"$1M at ${price:.2f} per H100-hour, BF16 dense peak, MFU {mfu:.2f}. Band ×2 for '~5e23'.",
        tolerance=2.0,
        note=f"$100k buys {_sci(u.flop_100k)} FLOP; 'tens of millions' of dollars buy "
             f"{_sci(u.flop_10m, 1)}-{_sci(u.flop_90m, 1)}, still below 1e26; "
             f"'hundreds of millions' would reach {_sci(u.flop_300m)}, the frontier."))

    s = r7()
    rows.append(Claim(
        "R7", "Accuracy grows roughly log-linearly with RL training compute",
        "epoch-reasoning", math.nan, s.slope, "AIME points per OOM",
        f"Stated model: {CHART_FIRST_O1_AIME_PCT:.0f} % at the first o1 point, o1's published "
        f"{O1_AIME_PASS1_PCT:.0f} % one OOM below o3: {s.slope:.1f} points per order of magnitude.",
        checkable=False,
        note=f"Two points fix a line but cannot test one. At {s.slope:.0f} points per OOM, AIME would pass 100 % "
             f"{s.saturation_oom:.1f} OOM above o1, so the law must bend within a few OOM on this "
             "benchmark. Settled by the chart's axis values or an open run's accuracy-against-FLOP curve."))

    c = r8()
    rows.append(Claim(
        "R8", "At the frontier reasoning growth falls to ~4x/year from 10x every 3-5 months; within 1-2 years if within 3 OOM",
        "epoch-reasoning", 2.0, c.worst_years, "years",
        "Gap of 3 OOM, reasoning 10x every 5 months (the slow end), frontier 4x per year; "
        "t* = G / (1/m - log10(g)/12).",
        sense="upper", checkable=False,
        note=f"{c.best_years:.2f} years at 10x every 3 months, {c.worst_years:.2f} at every 5: within two years. The growth rates are "
             "the claimant's (OpenAI's o1-to-o3 jump, Epoch's 4x/year trend); the arithmetic holds."))

    v = r9()
    rows.append(Claim(
        "R9", "o1-style data: ~10M problems x thousands of trajectories x thousands of tokens: hundreds of trillions of tokens, more than pre-training",
        "semi", 1e14, v.tokens_mid, "tokens",
        f"10M problems, {v.mid:,.0f} trajectories of {v.mid:,.0f} tokens (the geometric middle of 'thousands'); "
        "'hundreds of trillions' read as at least 1e14.",
        sense="lower", checkable=False,
        note=f"{_sci(v.trajectories_mid)} trajectories ('tens of billions' holds). At 1,000 x 1,000 "
             f"the total is {_sci(v.tokens_low, 1)} tokens, below Qwen2.5's 18T pre-training set; the claim needs the upper half "
             "of 'thousands'."))

    fb = r10()
    rows.append(Claim(
        "R10", "Post-training runs many forward passes per backward pass; pre-training's ratio is 1:1",
        "semi", 1.0, fb.pretraining.passes, "forward:backward",
        "Counted in passes: one forward and one backward pass per pre-training token.",
        note=f"By FLOP the pre-training ratio is 1:2 ({fb.pretraining.flop:.1f}); '1:1' counts passes. A GRPO step "
             f"({fb.grpo_rollouts} rollouts, reference model, rule rewards) has {fb.grpo.passes:.0f} forward passes per backward "
             f"({fb.grpo.flop:.1f}:1 by FLOP). 'Post-training FLOP exceed pre-training' has no public support: "
             f"DeepSeek-R1's RL is {fb.deepseek_share_of_v3:.1%} of V3's pre-training by DeepSeek's hours "
             f"({fb.epoch_share_of_v3:.0%} by Epoch's estimate), Llama-Nemotron Ultra's {fb.nemotron_share_of_base:.2%} "
             "of Llama 3.1 405B's (MFU 0.30)."))

    cpu = r11()
    rows.append(Claim(
        "R11", "Verifier sandboxes run on CPUs: 8-GPU servers 4:1, GB200 NVL72 2:1, Project Rainier 8:1",
        "semi", 4.0, cpu.hgx, "accelerators per CPU",
        "Accelerators per CPU socket from data/systems.csv (DGX H100 datasheet).",
        note=f"GB200 NVL72: {cpu.gb200:.0f}:1 from NVIDIA's spec; Trainium2 "
             f"{cpu.trainium2:.0f}:1 only as the claim states it. "
             f"Per GPU, GB200 has {cpu.gb200_cores:.0f} CPU cores against DGX H100's "
             f"{cpu.hgx_cores:.0f}. The Trainium2 ratio would be settled by AWS "
             "publishing the socket count of its Trainium2 servers."))

    p = r12()
    rows.append(Claim(
        "R12", "PRM800K: 800,000 step labels on 75,000 solutions to 12,000 MATH problems",
        "semi", 800_000, p.shape.labels, "step labels",
        "Counts as Lightman et al. (2023) state them.",
        note=f"{p.shape.steps_per_solution:.1f} labelled steps per solution and {p.shape.solutions_per_problem:.2f} solutions "
             f"per problem: human labels, {p.oom_below_low:.1f} to "
             f"{p.oom_below_high:.1f} orders of magnitude fewer "
             "trajectories per problem than R9's 'thousands'."))
    return tuple(rows)
