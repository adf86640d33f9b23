"""Chapter 03's claim inputs and per-claim results (R1-R12): reasoning-RL compute from o1 to o3.

Each claim's intermediates are computed once, in a frozen result (``r1()`` ... ``r12()``,
cached), which both the ledger rows (:func:`llmscale.claims.ch03.claim_rows`) and the chapter
(:mod:`llmscale.chapters.ch03`) read. The facts below are the claims' own inputs, each
with its source; the ledger's fixed assumptions are :data:`DEFAULT_MFU` and
:data:`DEFAULT_USD_PER_GPU_HOUR` at BF16 dense peak.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from .. import catalog, flops, growth, reasoning
from ..reasoning import DatasetShape, ForwardBackward

# --- facts used by the claim rows (each cites its source) ---------------------------

#: o1 became generally available on 2024-12-05 (OpenAI o1 System Card, ``openai2024o1card``).
O1_RELEASE_DATE = "2024-12-05"
#: o3 was released on 2025-04-16 (``openai2025o3``).
O3_RELEASE_DATE = "2025-04-16"
#: o1-preview was announced on 2024-09-12 (``openai2024learning``); o3 was announced on 2024-12-20.
O1_PREVIEW_DATE = "2024-09-12"
O3_ANNOUNCED_DATE = "2024-12-20"
#: Row of data/scaling_facts.csv: "an additional order of magnitude in training compute" (``openai2025o3``).
O3_OVER_O1_FACT = "o3 over o1 training compute"
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
#: The low end of the MFU interval of an RL job (generation-heavy RL runs well below pre-training MFU);
#: the high end is the MFU the same lab reached in pre-training (DeepSeek-V3's run, Llama 3.1's 43 %).
RL_MFU_LOW = 0.10
LLAMA31_MFU_FACT = "Llama 3.1 405B MFU"
#: Rows of data/scaling_facts.csv for R6d: the largest known run as of December 2024, and xAI's cluster.
LARGEST_RUN_DEC2024 = "Gemini 1.0 Ultra training compute"
COLOSSUS_FACT = "xAI Colossus H100 count"
COLOSSUS_RUN_DAYS = 90.0
#: Row of data/scaling_facts.csv for R8a (Sevilla et al. 2024) and for R9f (Qwen2.5's 18T tokens).
FRONTIER_GROWTH_FACT = "Frontier training compute growth"
QWEN25_FACT = "Qwen2.5 pre-training tokens"
#: Rows of data/scaling_facts.csv for PRM800K (Lightman et al. 2023, ``lightman2023verify``).
PRM800K_FACTS = ("PRM800K step labels", "PRM800K solutions", "PRM800K problems")
#: Claim R9 (SemiAnalysis 2024): ~10M problems, "thousands" of trajectories of "thousands" of tokens.
SEMI_PROBLEMS = 10e6
SEMI_THOUSANDS = (1e3, 1e4)
#: "Several thousand" (数千) read as 3,000.
SEMI_SEVERAL_THOUSAND = 3e3
#: Qwen2.5 pre-training: 18T tokens (Qwen Team 2024); Llama 3's 15T come from data/models.csv.
QWEN25_PRETRAIN_TOKENS = 18e12
#: Phi-4-reasoning-plus RL, modelled (assumptions, not published facts): a short phase on
#: ~6.4K math problems, 8 rollouts each, 12K tokens per rollout on average (32K maximum).
PHI4_RL_PROBLEMS = 6_400
PHI4_RL_ROLLOUTS = 8
PHI4_RL_MEAN_TOKENS = 12_000
PHI4_RL_MAX_TOKENS = 32_768
#: The low end of the modelled mean rollout length (half the assumed mean).
PHI4_RL_MIN_MEAN_TOKENS = 6_000
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

def peak(hardware, precision: str = "bf16") -> float:
    """Dense peak FLOP/s of ``hardware`` at ``precision`` (``catalog.hardware(name).peak_flop_per_s``)."""
    return catalog.hardware(hardware).peak_flop_per_s(precision)


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


def fact(name: str) -> dict:
    """A row of ``data/scaling_facts.csv`` (``catalog.row``), with its value, interval and source."""
    return catalog.row("scaling_facts", name)


def prm800k() -> DatasetShape:
    """PRM800K (Lightman et al. 2023, "Let's Verify Step by Step", abstract and data-collection
    section): 800K step labels on 75K solutions to 12K MATH problems, from ``data/scaling_facts.csv``. Counts."""
    return DatasetShape(*(int(fact(n)["value"]) for n in PRM800K_FACTS))


def share_total_ratio(rl_share, rl_growth):
    """Total-compute ratio when RL compute grows ``rl_growth``-fold on the same pre-trained base:
    ``(1 + g·s) / (1 + s)`` with ``s`` the RL share of pre-training. Dimensionless."""
    return (1.0 + rl_growth * rl_share) / (1.0 + rl_share)


# --- per-claim results ---------------------------------------------------------------------

@dataclass(frozen=True)
class R1:
    """o1 to o3: months between the releases (three datings), the pace they imply, and the 10x read two ways."""

    months: float                # o1 GA -> o3 release
    months_preview_to_announced: float
    months_preview_to_release: float
    months_per_10x: float
    growth_per_year: float
    ratio: float                 # OpenAI's 10x (data/scaling_facts.csv)
    total_ratio: float           # the 10x as total compute, with R3's RL share (DeepSeek's hours, DEFAULT_MFU)
    total_ratio_low: float       # ... at the low end of that share
    total_ratio_high: float      # ... at Epoch's 6e23 share


@functools.cache
def r1() -> R1:
    """R1: months from o1 to o3 (:func:`llmscale.growth.months_between`), the pace of 10x in that span, and
    the 10x read as total compute: ``(1 + 10 s) / (1 + s)`` with R3's RL shares of pre-training."""
    ratio = float(fact(O3_OVER_O1_FACT)["value"])
    months = growth.months_between(O1_RELEASE_DATE, O3_RELEASE_DATE)
    m = growth.months_per_10x(ratio, months)
    d = r3()
    return R1(months, growth.months_between(O1_PREVIEW_DATE, O3_ANNOUNCED_DATE),
              growth.months_between(O1_PREVIEW_DATE, O3_RELEASE_DATE), m, growth.growth_per_year(m), ratio,
              share_total_ratio(d.flop / d.v3_flop, ratio), share_total_ratio(d.flop_low / d.v3_flop, ratio),
              share_total_ratio(d.epoch_flop / d.v3_flop, ratio))


@dataclass(frozen=True)
class R3:
    """DeepSeek-R1's RL: Epoch's estimate against DeepSeek's reported hours and V3's pre-training."""

    hardware: str                 # DeepSeek's accelerator (H800 SXM)
    epoch_flop: float             # Epoch's 6e23
    epoch_usd: float              # Epoch's $1M
    n_active_params: float        # 37e9
    generated_tokens: float       # Epoch's 20T
    reported_gpu_hours: float     # DeepSeek's 147,336 H800-hours
    rl_gpu_hours: float           # of which the two RL runs (R1-Zero, R1)
    reported_usd: float           # DeepSeek's $294k
    flop: float                   # the hours at BF16 peak and DEFAULT_MFU
    flop_low: float               # ... at RL_MFU_LOW
    flop_high: float              # ... at V3's own MFU
    rl_flop: float                # the RL runs' hours at DEFAULT_MFU
    v3_mfu: float                 # 6ND of V3 over its 2.788M H800-hours at BF16 peak
    flop_at_full_mfu: float       # the hours at 100 % BF16 MFU
    mfu_needed_fp8: float         # the MFU at FP8 peak that 6e23 would need
    v3_flop: float                # 6·N·D of DeepSeek-V3
    v3_usd: float                 # V3's GPU-hours at DEFAULT_USD_PER_GPU_HOUR
    generation_flop: float        # 2·N·20T
    update_share: float           # the policy update's share of GRPO FLOP (6N of 8N)
    max_generated_tokens: float   # tokens 6e23 pays for at 2N
    max_trained_tokens: float     # tokens 6e23 trains on at 6N
    max_tokens_both: float        # tokens 6e23 generates and trains on at 8N
    tokens: float                 # tokens DeepSeek's hours pay for at 8N and DEFAULT_MFU
    tokens_low: float             # ... at 8N and RL_MFU_LOW
    tokens_high: float            # ... at 2N (generation only) and V3's MFU
    epoch_usd_recomputed: float   # 6e23 at DEFAULT_MFU and $2 per H800-hour
    epoch_usd_low: float          # ... at V3's MFU
    epoch_usd_high: float         # ... at RL_MFU_LOW


@functools.cache
def r3() -> R3:
    """R3: DeepSeek's reported H800-hours in FLOP (BF16 peak, MFU from :data:`RL_MFU_LOW` to V3's own) against
    Epoch's 6e23, $1M, 20T tokens and V3's pre-training."""
    epoch = catalog.row("reasoning_runs", EPOCH_R1_RUN)
    rows = deepseek_r1_reported_rows()
    hw = catalog.hardware(rows["hardware"].iloc[0]).name
    hours = deepseek_r1_reported_gpu_hours()
    rl_hours = float(rows.loc[rows["stage"] == "rl", "gpu_hours"].sum())
    n, c = epoch["n_active_params"], epoch["reported_flop"]
    v3 = catalog.row("training_runs", epoch["base_model"])
    v3_flop = pretraining_flop(epoch["base_model"])
    v3_mfu = float(flops.mfu_for(v3_flop, v3["gpu_hours"], peak(hw)))
    pk, price = peak(hw), DEFAULT_USD_PER_GPU_HOUR
    flop, lo, hi = (flops.gpu_hours_to_flop(hours, pk, m) for m in (DEFAULT_MFU, RL_MFU_LOW, v3_mfu))
    grpo = reasoning.rl_run_flop(n, 1.0)
    return R3(
        hardware=hw, epoch_flop=c, epoch_usd=epoch["reported_usd"], n_active_params=n,
        generated_tokens=epoch["generated_tokens"], reported_gpu_hours=hours, rl_gpu_hours=rl_hours,
        reported_usd=float(rows["reported_usd"].sum()), flop=flop, flop_low=lo, flop_high=hi,
        rl_flop=flops.gpu_hours_to_flop(rl_hours, pk, DEFAULT_MFU), v3_mfu=v3_mfu,
        flop_at_full_mfu=flops.gpu_hours_to_flop(hours, pk, 1.0),
        mfu_needed_fp8=flops.mfu_for(c, hours, peak(hw, "fp8")),
        v3_flop=v3_flop, v3_usd=v3["gpu_hours"] * price,
        generation_flop=reasoning.rl_run_flop(n, epoch["generated_tokens"]).generation_flop,
        update_share=float(grpo.shares()["update"]),
        max_generated_tokens=c / flops.inference_flop_per_token(n),
        max_trained_tokens=c / flops.training_flop(n, 1.0),
        max_tokens_both=reasoning.rl_tokens_for_flop(c, n),
        tokens=reasoning.rl_tokens_for_flop(flop, n), tokens_low=reasoning.rl_tokens_for_flop(lo, n),
        tokens_high=reasoning.rl_tokens_for_flop(hi, n, trained_fraction=0.0),
        epoch_usd_recomputed=flops.flop_to_usd(c, pk, DEFAULT_MFU, price),
        epoch_usd_low=flops.flop_to_usd(c, pk, v3_mfu, price),
        epoch_usd_high=flops.flop_to_usd(c, pk, RL_MFU_LOW, price),
    )


@dataclass(frozen=True)
class R4:
    """Llama-Nemotron Ultra's RL hours in FLOP, against its base model's pre-training."""

    hardware: str
    gpu_hours: float
    flop: float              # the hours at BF16 peak and DEFAULT_MFU
    flop_low: float          # ... at RL_MFU_LOW
    flop_high: float         # ... at Llama 3.1 405B's best pre-training MFU (43 %)
    mfu_for_1e23: float      # the MFU at which the hours give 1e23 FLOP
    base_model: str
    base_flop: float         # the base model's reported pre-training FLOP
    share_of_base: float     # flop / base_flop
    usd: float               # the hours at DEFAULT_USD_PER_GPU_HOUR


@functools.cache
def r4() -> R4:
    """R4: Llama-Nemotron Ultra's 140,000 H100-hours in FLOP (MFU from :data:`RL_MFU_LOW` to Llama 3.1's 43 %),
    the MFU that gives 1e23, the share of Llama 3.1 405B."""
    ln = catalog.row("reasoning_runs", NEMOTRON_RUN)
    hw = catalog.hardware(ln["hardware"]).name
    h, pk = ln["gpu_hours"], peak(hw)
    f, lo, hi = (flops.gpu_hours_to_flop(h, pk, m) for m in (DEFAULT_MFU, RL_MFU_LOW, fact(LLAMA31_MFU_FACT)["high"]))
    base = float(catalog.row("training_runs", ln["base_model"])["reported_compute_flop"])
    return R4(hw, h, f, lo, hi, flops.mfu_for(1e23, h, pk), ln["base_model"], base, f / base,
              h * DEFAULT_USD_PER_GPU_HOUR)


@dataclass(frozen=True)
class R5:
    """Phi-4-reasoning: pre-training, SFT and the modelled RL phase against Epoch's 1e20 bound."""

    bound_flop: float
    n_active_params: float
    pretrain_flop: float
    sft_flop: float
    rl_flop: float               # modelled RL at PHI4_RL_MEAN_TOKENS per rollout
    rl_flop_max: float           # at PHI4_RL_MAX_TOKENS per rollout
    rl_flop_min: float           # at PHI4_RL_MIN_MEAN_TOKENS per rollout
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
    tokens_min = reasoning.rollout_tokens(PHI4_RL_PROBLEMS, PHI4_RL_ROLLOUTS, PHI4_RL_MIN_MEAN_TOKENS)
    bound = 1e20
    return R5(
        bound_flop=bound, n_active_params=n, pretrain_flop=pre_flop,
        sft_flop=float(flops.training_flop(sft["n_active_params"], sft["trained_tokens"])),
        rl_flop=reasoning.rl_run_flop(n, tokens).total_flop,
        rl_flop_max=reasoning.rl_run_flop(n, tokens_max).total_flop,
        rl_flop_min=reasoning.rl_run_flop(n, tokens_min).total_flop,
        max_mean_tokens=reasoning.rl_tokens_for_flop(bound, n) / (PHI4_RL_PROBLEMS * PHI4_RL_ROLLOUTS),
        bound_share_of_pretrain=bound / pre_flop,
    )


@dataclass(frozen=True)
class R6:
    """Dollars in FLOP at the ledger's price and MFU on Epoch's accelerator (H100), and the open runs' bills."""

    hardware: str
    flop_1m: float
    flop_100k: float
    flop_10m: float
    flop_90m: float
    flop_300m: float
    oom_below_frontier: float    # log10(1e26 / flop_1m)
    largest_open_usd: float      # the largest reasoning-training bill in data/ (DeepSeek-R1's reported $294k)
    largest_run_dec2024: float   # Epoch's largest known run as of December 2024 (Gemini 1.0 Ultra)
    colossus_flop: float         # a 90-day run on 100,000 H100s at Llama 3.1's middle MFU
    colossus_flop_low: float     # ... at its low MFU
    colossus_flop_high: float    # ... at its high MFU


def usd_to_flop_at_ledger_assumptions(usd, hardware=EPOCH_GPU):
    """FLOP that ``usd`` buys on ``hardware`` at BF16 peak, :data:`DEFAULT_MFU` and :data:`DEFAULT_USD_PER_GPU_HOUR`."""
    return flops.usd_to_flop(usd, peak(hardware), DEFAULT_MFU, DEFAULT_USD_PER_GPU_HOUR)


@functools.cache
def r6() -> R6:
    """R6: $100k to $300M in FLOP on H100s at the ledger's price and MFU (:func:`llmscale.flops.usd_to_flop`),
    the open reasoning-training bills (R3, R4) and the frontier as of early 2025."""
    f = usd_to_flop_at_ledger_assumptions
    f1m = f(EPOCH_USD_FOR_5E23)
    mfu = fact(LLAMA31_MFU_FACT)
    hours = fact(COLOSSUS_FACT)["value"] * COLOSSUS_RUN_DAYS * 24.0
    col = [flops.gpu_hours_to_flop(hours, peak(EPOCH_GPU), mfu[k]) for k in ("value", "low", "high")]
    return R6(catalog.hardware(EPOCH_GPU).name, f1m, f(1e5), f(1e7), f(9e7), f(3e8),
              math.log10(FRONTIER_TRAINING_FLOP / f1m), max(r3().reported_usd, r4().usd),
              float(fact(LARGEST_RUN_DEC2024)["value"]), *col)


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
                                      10 ** (CHART_FIRST_O1_OOM_BELOW_O3 - math.log10(r1().ratio)))
    return R7(slope, -math.log10(r1().ratio), -CHART_FIRST_O1_OOM_BELOW_O3,
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
    pace_mid: float                   # growth over 4 months at o1 -> o3's pace (R1)
    pace_fast_end: float              # ... over 3 months
    pace_slow_end: float              # ... over 5 months
    frontier_growth: float            # Sevilla et al.'s 4x per year (data/scaling_facts.csv)
    frontier_growth_low: float
    frontier_growth_high: float


@functools.cache
def r8() -> R8:
    """R8: catch-up years of a 3-OOM gap at 10x every 3 and 5 months against 4x a year (:mod:`llmscale.growth`)."""
    m_fast, m_slow = REASONING_MONTHS_PER_10X
    g, gap = FRONTIER_GROWTH_PER_YEAR, R8_GAP_ORDERS_OF_MAGNITUDE
    fg = fact(FRONTIER_GROWTH_FACT)
    return R8(
        best_years=growth.catch_up(gap, m_fast, g).years,
        worst_years=growth.catch_up_months(gap, m_slow, g) / 12.0,
        growth_per_year_slow=growth.growth_per_year(m_slow),
        growth_per_year_fast=growth.growth_per_year(m_fast),
        closing_oom_per_year_slow=growth.gap_closing_oom_per_year(m_slow, g),
        closing_oom_per_year_fast=growth.gap_closing_oom_per_year(m_fast, g),
        worst_years_frontier_10x=growth.catch_up(gap, m_slow, 10.0).years,
        years_per_oom=growth.catch_up(1, m_slow, g).years,
        pace_mid=10 ** (sum(REASONING_MONTHS_PER_10X) / 2 / r1().months_per_10x),
        pace_fast_end=10 ** (m_fast / r1().months_per_10x), pace_slow_end=10 ** (m_slow / r1().months_per_10x),
        frontier_growth=float(fg["value"]), frontier_growth_low=float(fg["low"]), frontier_growth_high=float(fg["high"]),
    )


@dataclass(frozen=True)
class R9:
    """SemiAnalysis's data volume: the article's literal 1e3 x 1e3, "several thousand", the geometric middle, the top."""

    problems: float
    mid: float                   # sqrt(1e3 · 1e4) trajectories and tokens
    tokens_mid: float
    tokens_low: float            # 1,000 x 1,000: the article's own arithmetic
    tokens_several: float        # 3,000 x 3,000 ("several thousand")
    tokens_high: float           # 10,000 x 10,000
    trajectories_mid: float
    trajectories_low: float
    trajectories_several: float
    pretraining_tokens: float    # Qwen2.5's 18T (data/scaling_facts.csv), the largest known pre-training set


@functools.cache
def r9() -> R9:
    """R9: tokens and trajectories of 10M problems at 1,000, several (3,000), the middle and 10,000 per "thousands"."""
    lo, hi = SEMI_THOUSANDS
    mid = math.sqrt(lo * hi)
    several = SEMI_SEVERAL_THOUSAND
    tok = functools.partial(reasoning.rollout_tokens, SEMI_PROBLEMS)
    count = functools.partial(reasoning.rollout_count, SEMI_PROBLEMS)
    return R9(SEMI_PROBLEMS, mid, tok(mid, mid), tok(lo, lo), tok(several, several), tok(hi, hi),
              count(mid), count(lo), count(several), float(fact(QWEN25_FACT)["value"]))


@dataclass(frozen=True)
class R10:
    """Forward:backward ratios, and RL compute against pre-training in the open figures."""

    pretraining: ForwardBackward
    grpo: ForwardBackward        # 16 rollouts, reference model, rule rewards
    ppo: ForwardBackward         # 4 rollouts, all trained, one reward-model pass
    best_of_16: ForwardBackward  # 16 rollouts, 2 trained, two reward passes
    grpo_rollouts: int
    deepseek_share_of_v3: float  # DeepSeek's hours at DEFAULT_MFU over V3's 6ND
    deepseek_share_low: float    # ... at RL_MFU_LOW
    deepseek_share_high: float   # ... at V3's own MFU
    epoch_share_of_v3: float     # Epoch's 6e23 over V3's 6ND
    nemotron_share_of_base: float


@functools.cache
def r10() -> R10:
    """R10: forward:backward of pre-training and of RL steps, and RL shares of pre-training (R3, R4)."""
    k = 16
    a, b = r3(), r4()
    fb = reasoning.rl_forward_backward
    return R10(reasoning.pretraining_forward_backward(), fb(k, reference_passes=1.0), fb(4, 4, reward_passes=1),
               fb(16, 2, reward_passes=2), k, a.flop / a.v3_flop, a.flop_low / a.v3_flop, a.flop_high / a.v3_flop,
               a.epoch_flop / a.v3_flop, b.share_of_base)


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
