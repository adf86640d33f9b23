"""Chapter 03's claims (R1-R13): reasoning-RL compute from o1 to o3.

The claims' inputs (facts with their sources) and their intermediates, computed once in frozen
results (``r1()`` ... ``r12()``, cached), live in :mod:`llmscale.claims.ch03_results` and are
re-exported here; :func:`claim_rows` turns them into one ledger
:class:`~llmscale.claims.ledger.Claim` per leaf of R1-R13 in ``data/claims.csv``.
"""

from __future__ import annotations

import functools
import math

from .. import units
from .ch03_results import (  # noqa: F401 - re-exported: the chapter and the tests read them here
    AMODEI_STAGE2_USD,
    CHART_FIRST_O1_AIME_PCT,
    CHART_FIRST_O1_OOM_BELOW_O3,
    COLOSSUS_FACT,
    COLOSSUS_RUN_DAYS,
    DEFAULT_MFU,
    DEFAULT_USD_PER_GPU_HOUR,
    EPOCH_GPU,
    EPOCH_R1_RUN,
    EPOCH_USD_FOR_5E23,
    FRONTIER_GROWTH_FACT,
    FRONTIER_GROWTH_PER_YEAR,
    FRONTIER_TRAINING_FLOP,
    GB200_NVL72,
    HGX_H100,
    LARGEST_RUN_DEC2024,
    LLAMA31_MFU_FACT,
    NEMOTRON_RUN,
    O1_AIME_PASS1_PCT,
    O1_PREVIEW_DATE,
    O1_RELEASE_DATE,
    O3_ANNOUNCED_DATE,
    O3_OVER_O1_FACT,
    O3_RELEASE_DATE,
    PHI4_PRETRAIN_RUN,
    PHI4_RL_MAX_TOKENS,
    PHI4_RL_MEAN_TOKENS,
    PHI4_RL_MIN_MEAN_TOKENS,
    PHI4_RL_PROBLEMS,
    PHI4_RL_ROLLOUTS,
    PHI4_SFT_RUN,
    PRM800K_FACTS,
    QWEN25_FACT,
    QWEN25_PRETRAIN_TOKENS,
    R1,
    R3,
    R4,
    R5,
    R6,
    R7,
    R8,
    R8_GAP_ORDERS_OF_MAGNITUDE,
    R9,
    R10,
    R11,
    R12,
    REASONING_MONTHS_PER_10X,
    RL_MFU_LOW,
    SEMI_PROBLEMS,
    SEMI_SEVERAL_THOUSAND,
    SEMI_THOUSANDS,
    TRAINIUM2,
    DatasetShape,
    ForwardBackward,
    deepseek_r1_reported_gpu_hours,
    deepseek_r1_reported_rows,
    fact,
    peak,
    pretraining_flop,
    prm800k,
    r1,
    r3,
    r4,
    r5,
    r6,
    r7,
    r8,
    r9,
    r10,
    r11,
    r12,
    share_total_ratio,
    usd_to_flop_at_ledger_assumptions,
)
from .ledger import Claim, Reading

# --- the claims ledger -------------------------------------------------------------------

def _sci(x, digits: int = 2) -> str:
    return units.format_sci(x, digits=digits)


def _pct(x, digits: int = 1) -> str:
    return f"{100 * x:.{digits}f} %"


def claim_rows() -> list[Claim]:
    """One :class:`~llmscale.claims.ledger.Claim` per leaf of R1-R13 in ``data/claims.csv`` (cached)."""
    return list(_claim_rows())


_NAN = math.nan


@functools.cache
def _claim_rows() -> tuple[Claim, ...]:  # noqa: PLR0915 - one block per claim, in ID order
    mfu, price = DEFAULT_MFU, DEFAULT_USD_PER_GPU_HOUR
    a, d, ln, phi, u, s, c, v, fb, cpu, p = (r1(), r3(), r4(), r5(), r6(), r7(), r8(), r9(), r10(), r11(), r12())
    mfu_range = f"MFU {mfu:.2f} (interval: {RL_MFU_LOW:.2f} to {d.v3_mfu:.2f}, the MFU DeepSeek reached on V3's own run)"
    rows: list[Claim] = []
    add = rows.append

    # R1: the dates and the 10x
    add(Claim(
        "R1a", a.months, "months",
        f"o1's general availability ({O1_RELEASE_DATE}, openai2024o1card) to o3's release ({O3_RELEASE_DATE}, "
        "openai2025o3), growth.months_between.",
        readings=(
            Reading("o1-preview (2024-09-12) to o3's announcement (2024-12-20)", a.months_preview_to_announced),
            Reading("o1-preview (2024-09-12) to o3's release", a.months_preview_to_release)),
        natural_reading="o1 GA to o3 release",
        note=f"Release to release is {a.months:.1f} months, within 10 % of four; announcement to announcement "
             f"{a.months_preview_to_announced:.1f} and preview to release {a.months_preview_to_release:.1f} are not."))
    add(Claim(
        "R1b", a.ratio, "x o1's training compute",
        "OpenAI's o3 announcement (data/scaling_facts.csv): an additional order of magnitude of (RL) training "
        "compute. Total-compute reading: same pre-trained base, RL share s of pre-training from R3 "
        f"(DeepSeek's hours at MFU {mfu:.2f}, {_pct(d.flop / d.v3_flop)}; interval up to Epoch's "
        f"{_pct(d.epoch_flop / d.v3_flop, 0)}): (1 + 10 s) / (1 + s).",
        method="fact-checked", fact_source="openai2025o3",
        natural_reading="10x RL (reasoning) compute",
        readings=(Reading("10x total training compute incl. pre-training", a.total_ratio, a.total_ratio_low,
                          a.total_ratio_high,
                          "on a shared base, 10x the RL adds at most (1 + 10 s)/(1 + s); 10x total needs s > 9"),),
        note="OpenAI says it (its own, unaudited figure) and it holds for RL compute; as total training compute it "
             f"would be {a.total_ratio:.1f}x ({a.total_ratio_low:.2f}-{a.total_ratio_high:.2f}x) with R3's RL shares."))

    # R2: read off OpenAI's chart, whose compute axis has no values
    add(Claim(
        "R2a", _NAN, "orders of magnitude",
        "OpenAI's o1 chart has a log compute axis without values.", method="claimant's arithmetic",
        natural_reading="x axis = RL (reasoning) compute (Epoch)",
        readings=(Reading("x axis = total compute", _NAN, note=(
            "needs RL compute >= 1e4 x pre-training; with R3's shares (5-18 %) and 10x for o3 the span in total "
            f"compute is at most log10(1 + 10 x {d.epoch_flop / d.v3_flop:.2f}) = "
            f"{math.log10(a.total_ratio_high * (1 + d.epoch_flop / d.v3_flop)):.2f} OOM: this reading is ruled out")),),
        note="Unverifiable: the axis has no values. Settled by OpenAI publishing them (or the compute of each checkpoint)."))
    add(Claim(
        "R2b", _NAN, "% AIME accuracy",
        "Read off OpenAI's chart by Epoch; OpenAI gives no value for the first checkpoint.",
        method="claimant's arithmetic",
        note="Unverifiable: no published number for that point. Settled by OpenAI publishing the chart's data."))

    # R3: DeepSeek-R1, Epoch's estimate against DeepSeek's own accounting (Nature 2025)
    add(Claim(
        "R3a", d.flop, "FLOP",
        f"DeepSeek's {d.reported_gpu_hours:,.0f} H800-hours (R1-Zero RL, SFT data, R1 RL; deepseekai2025nature) at "
        f"BF16 dense peak and {mfu_range}.",
        low=d.flop_low, high=d.flop_high, natural_reading="all of R1's reasoning-stage hours",
        readings=(
            Reading("RL incl. rollout generation (the two RL runs' hours)", d.rl_flop),
            Reading("RL training only (the policy update, 6N of 8N per GRPO token)", d.rl_flop * d.update_share)),
        note=f"DeepSeek's own hours give {_sci(d.flop)} FLOP ({_sci(d.flop_low)}-{_sci(d.flop_high)}); even 100 % BF16 "
             f"MFU gives {_sci(d.flop_at_full_mfu)}: Epoch's January estimate is {d.epoch_flop / d.flop:.1f}x too high."))
    add(Claim(
        "R3b", d.reported_usd, "USD",
        "DeepSeek's reported cost of R1's reasoning stage ($2 per H800-hour rental; data/reasoning_runs.csv). "
        f"Other reading: Epoch's 6e23 at ${price:.0f} per H800-hour, BF16 peak, MFU {mfu:.2f} "
        f"(interval {d.v3_mfu:.2f} to {RL_MFU_LOW:.2f}).",
        method="fact-checked", fact_source="deepseekai2025nature",
        natural_reading="what R1's reasoning training cost (DeepSeek's accounting)",
        readings=(Reading("the price of 6e23 FLOP on H800s", d.epoch_usd_recomputed, d.epoch_usd_low, d.epoch_usd_high,
                          "the conversion holds; the 6e23 itself does not (R3a)"),),
        note=f"DeepSeek reports {units.format_usd(d.reported_usd, 3)}, not $1M; $1M is the price of Epoch's 6e23, "
             "which DeepSeek's hours do not reach."))
    add(Claim(
        "R3c", d.tokens, "tokens generated",
        f"Tokens DeepSeek's {d.reported_gpu_hours:,.0f} H800-hours pay for in GRPO (8N per token, N = 37e9, "
        f"reasoning.rl_tokens_for_flop) at {mfu_range}; the high end generates only (2N per token) at V3's MFU. "
        "Attention FLOP are ignored, so these are upper bounds.",
        low=d.tokens_low, high=d.tokens_high, natural_reading="tokens DeepSeek's hours can pay for",
        readings=(Reading("tokens Epoch's own 6e23 pays for", d.max_tokens_both, d.max_tokens_both,
                          d.max_generated_tokens, "8N per token (generate and train) to 2N (generate only)"),),
        note=f"DeepSeek's hours pay for at most {units.format_count(d.tokens_high, 2)} tokens, and even Epoch's 6e23 for "
             f"{units.format_count(d.max_generated_tokens, 2)}: 20T is out of reach of both."))
    add(Claim(
        "R3d", 100 * d.flop / d.v3_flop, "% of V3 pre-training",
        f"By FLOP: DeepSeek's hours at {mfu_range} over V3's 6ND = {_sci(d.v3_flop, 3)}. By dollars: DeepSeek's "
        f"{units.format_usd(d.reported_usd, 3)} over V3's {units.format_usd(d.v3_usd, 4)} (2.788M H800-hours at $2).",
        low=100 * d.flop_low / d.v3_flop, high=100 * d.flop_high / d.v3_flop, natural_reading="by FLOP",
        readings=(Reading("by dollars", 100 * d.reported_usd / d.v3_usd),),
        note=f"By DeepSeek's own figures the RL is {_pct(d.flop / d.v3_flop)} of V3 by FLOP and "
             f"{_pct(d.reported_usd / d.v3_usd)} by dollars; the 20 % holds only for Epoch's own 6e23 "
             f"({_pct(d.epoch_flop / d.v3_flop)}), which DeepSeek's hours refute."))

    # R4: Llama-Nemotron Ultra
    add(Claim(
        "R4a", ln.gpu_hours, "H100-hours",
        "NVIDIA's Llama-Nemotron report (data/reasoning_runs.csv).",
        method="fact-checked", fact_source="bercovich2025nemotron",
        note="The report states about 140,000 H100-hours for LN-Ultra's reasoning RL."))
    add(Claim(
        "R4b", ln.flop, "FLOP",
        f"{ln.gpu_hours:,.0f} H100-hours at BF16 dense peak and MFU {mfu:.2f} (interval {RL_MFU_LOW:.2f} to 0.43, "
        "Llama 3.1 405B's best pre-training MFU).",
        low=ln.flop_low, high=ln.flop_high,
        note=f"1e23 FLOP is the hours at MFU {ln.mfu_for_1e23:.2f}, inside the plausible range; at {mfu:.2f} they give "
             f"{_sci(ln.flop)}."))
    add(Claim(
        "R4c", 100 * ln.share_of_base, "% of base pre-training",
        "R4b's FLOP over Llama 3.1 405B's reported 3.8e25 FLOP of pre-training (dubey2024llama3).",
        low=100 * ln.flop_low / ln.base_flop, high=100 * ln.flop_high / ln.base_flop,
        natural_reading="base = Llama 3.1 405B pre-training",
        readings=(Reading("base incl. the 253B pruning/distillation", 100 * ln.share_of_base, _NAN, _NAN,
                          "a larger base only lowers the share: at most the first reading's (the distillation "
                          "compute is not in data/)"),),
        note=f"{_pct(ln.share_of_base, 2)} ({_pct(ln.flop_low / ln.base_flop, 2)}-{_pct(ln.flop_high / ln.base_flop, 2)}) "
             "of its base's pre-training, under 1 % at any MFU up to 100 %."))

    # R5: Phi-4-reasoning
    rl_assume = (f"RL of Phi-4-reasoning-plus modelled (the book's assumption) as {PHI4_RL_PROBLEMS:,} problems x "
                 f"{PHI4_RL_ROLLOUTS} rollouts x {PHI4_RL_MEAN_TOKENS:,} tokens (interval: a mean of "
                 f"{PHI4_RL_MIN_MEAN_TOKENS:,} to the {PHI4_RL_MAX_TOKENS:,} maximum), 8N per token, N = 14.7e9; "
                 f"SFT: 6N x 16e9 tokens (abdin2025phi4reasoning); pre-training 6N x 9.8e12 (abdin2024phi4).")
    add(Claim(
        "R5a", phi.rl_flop, "FLOP", rl_assume,
        low=phi.rl_flop_min, high=phi.rl_flop_max, natural_reading="RL phase only",
        readings=(Reading("SFT + RL", phi.sft_flop + phi.rl_flop, phi.sft_flop + phi.rl_flop_min,
                          phi.sft_flop + phi.rl_flop_max),),
        note=f"The RL phase fits under 1e20 if rollouts average under {phi.max_mean_tokens:,.0f} tokens; "
             f"Phi-4-reasoning's own reasoning stage, the SFT, costs {_sci(phi.sft_flop)}, {phi.sft_flop / 1e20:.0f}x "
             "the bound. Settled by Microsoft publishing the RL phase's GPU-hours."))
    add(Claim(
        "R5b", 100 * phi.rl_flop / phi.pretrain_flop, "% of pre-training", rl_assume,
        low=100 * phi.rl_flop_min / phi.pretrain_flop, high=100 * phi.rl_flop_max / phi.pretrain_flop,
        natural_reading="RL phase only",
        readings=(
            Reading("Epoch's 1e20 bound itself", 100 * phi.bound_share_of_pretrain),
            Reading("SFT + RL", 100 * (phi.sft_flop + phi.rl_flop) / phi.pretrain_flop)),
        note=f"The modelled RL is {100 * phi.rl_flop / phi.pretrain_flop:.4f} % of Phi-4's {_sci(phi.pretrain_flop)}; "
             f"the 1e20 bound itself is {100 * phi.bound_share_of_pretrain:.4f} %, just over 0.01 %; with the SFT, "
             f"{100 * (phi.sft_flop + phi.rl_flop) / phi.pretrain_flop:.2f} %."))

    # R6: Amodei's dollars and the frontier
    add(Claim(
        "R6a", u.largest_open_usd, "USD per stage-2 run",
        "The largest reasoning-training bill in data/reasoning_runs.csv: DeepSeek-R1's reported cost "
        f"({units.format_usd(d.reported_usd, 3)}); Llama-Nemotron Ultra's 140,000 H100-hours at ${price:.0f} are "
        f"{units.format_usd(ln.usd, 3)}.",
        method="fact-checked", fact_source="deepseekai2025nature",
        note="The open runs published since then cost a few hundred thousand dollars: inside Amodei's $100k-$1M."))
    add(Claim(
        "R6b", _NAN, "USD per stage-2 run",
        "A statement of intent (January 2025); no lab has published the cost of a stage-2 run since.",
        note="Unverifiable: settled by a lab publishing a reasoning-RL run of $100M or more."))
    add(Claim(
        "R6c", u.largest_open_usd, "USD",
        "As R6a: the largest published reasoning-training bill (DeepSeek-R1, deepseekai2025nature).",
        method="fact-checked", fact_source="deepseekai2025nature",
        note=f"{units.format_usd(u.largest_open_usd, 3)}, {1e7 / u.largest_open_usd:.0f}x below $10M; OpenAI's and "
             "Anthropic's own costs are not public."))
    add(Claim(
        "R6d", u.largest_run_dec2024, "FLOP",
        "Frontier reading: Epoch's largest known training run as of December 2024 (Gemini 1.0 Ultra, "
        "data/scaling_facts.csv). Capacity reading: 90 days on xAI's 100,000 H100s (xai2024colossus) at BF16 "
        "peak and Llama 3.1 405B's MFU (0.38-0.43). Translated reading: R3a's reasoning-training FLOP.",
        natural_reading="frontier pre-training runs > 1e26 (largest known run, Dec 2024)",
        readings=(
            Reading("frontier capacity by early 2025 (90 days on Colossus)", u.colossus_flop, u.colossus_flop_low,
                    u.colossus_flop_high),
            Reading("as translated: reasoning training > 1e26", d.flop, d.flop_low, d.flop_high,
                    "contradicts R6c")),
        note=f"No known run exceeded 1e26 by December 2024 (largest {_sci(u.largest_run_dec2024)}), but one 90-day run on "
             f"Colossus gives {_sci(u.colossus_flop)}; the translation's reasoning-training reading fails by 3 OOM."))

    # R7: log-linear accuracy
    add(Claim(
        "R7", _NAN, "AIME points per OOM",
        "DeepSeek-R1's Fig. 2 (arXiv; Fig. 1 of the Nature version) plots R1-Zero's AIME 2024 pass@1 against RL "
        "steps on a linear axis; the text gives only its ends (15.6 % to 71.0 %). OpenAI's chart has no axis values. "
        f"The chapter's two-point line (25 % and o1's {O1_AIME_PASS1_PCT:.0f} %) is {s.slope:.1f} points per OOM.",
        natural_reading="log-linear in RL training steps (the quote)",
        readings=(Reading("log-linear in RL training compute", _NAN),),
        note="Unverifiable: two points fix a line but cannot test one. Settled by the per-step values of "
             "DeepSeek's curve (or OpenAI's axis values) put in data/ with their source."))

    # R8: catch-up
    add(Claim(
        "R8a", c.frontier_growth, "x per year",
        "Sevilla et al. (2024): frontier training compute grows 4-5x per year (data/scaling_facts.csv).",
        method="fact-checked", fact_source="sevilla2024compute",
        low=c.frontier_growth_low, high=c.frontier_growth_high,
        note="Epoch's own published trend; the claim quotes it correctly."))
    add(Claim(
        "R8b", c.pace_mid, "x per 3-5 months",
        f"Growth over the claim's span at o1 -> o3's pace (R1: 10x in {a.months:.2f} months): 4 months, "
        "interval 3 to 5 months.",
        low=c.pace_fast_end, high=c.pace_slow_end, natural_reading="10x per 3-5 months (a range)",
        readings=(Reading("10x per 3 months", c.pace_fast_end), Reading("10x per 5 months", c.pace_slow_end)),
        note=f"One data pair (o1 -> o3) gives 10x in {a.months:.1f} months: inside 3-5 months, so the range holds; "
             f"either end alone does not ({c.pace_fast_end:.1f}x in 3 months, {c.pace_slow_end:.1f}x in 5)."))
    add(Claim(
        "R8c", c.worst_years, "years",
        "Gap of 3 OOM, reasoning compute 10x every 5 months (interval: every 3), frontier 4x per year; "
        "t* = G / (1/m - log10(g)/12) (growth.catch_up).",
        method="claimant's arithmetic", low=c.best_years, high=c.worst_years,
        natural_reading="within two years, gap to the overall training frontier (Epoch)",
        readings=(Reading("gap to the frontier reasoning model (the translation)", _NAN, note=(
            "a model chasing another reasoning model that grows as fast never closes the gap: this reading fails")),),
        note=f"{c.best_years:.2f} to {c.worst_years:.2f} years at the claimant's own rates: within two years; "
             "the rates are the claimant's, so at most consistent."))

    # R9: SemiAnalysis's data volume
    r9_assume = ("The article's own inputs: 1e7 problems x 'thousands' of trajectories x 'thousands' of tokens "
                 "(reasoning.rollout_tokens); 'thousands' taken as 1,000 (literal), 3,000 (several) or 10,000.")
    for cid, unit, what in (("R9a", "problems", "OpenAI's problem count"),
                            ("R9b", "trajectories per problem", "OpenAI's trajectories per problem"),
                            ("R9c", "tokens per trajectory", "o1's trajectory length")):
        add(Claim(cid, _NAN, unit, f"{what} is not public.", method="claimant's arithmetic",
                  note="Unverifiable: an input of the article's estimate, not disclosed by OpenAI. Open recipes sample "
                       "8-16 rollouts per problem per step (DeepSeek-R1, Phi-4-reasoning-plus). Settled by OpenAI."))
    add(Claim(
        "R9d", v.trajectories_low, "trajectories", r9_assume, method="claimant's arithmetic",
        natural_reading="1e7 x 1,000 (literal)",
        readings=(Reading("1e7 x 3,000 (several thousand)", v.trajectories_several),),
        note=f"1e7 x 1,000 = {_sci(v.trajectories_low)}: 'tens of billions' follows from the article's own inputs."))
    add(Claim(
        "R9e", v.tokens_low, "tokens", r9_assume, method="claimant's arithmetic",
        natural_reading="1e7 x 1,000 x 1,000 (the article's numbers)",
        readings=(Reading("1e7 x 3,000 x 3,000 (several thousand)", v.tokens_several),
                  Reading("1e7 x 10,000 x 10,000 (the top of 'thousands')", v.tokens_high)),
        note=f"Taken literally the article's numbers give {_sci(v.tokens_low)} tokens, tens not hundreds of trillions; "
             f"'hundreds of trillions' needs about 3,000 of each ({_sci(v.tokens_several)})."))
    add(Claim(
        "R9f", v.tokens_low / v.pretraining_tokens, "x the largest pre-training set", r9_assume
        + " Compared with Qwen2.5's 18T tokens (qwen2024qwen25), the largest known pre-training set.",
        method="claimant's arithmetic", claimed=1.0, tolerance=1.10,
        band_reason="a comparison without a number: judged as generated / pre-training tokens >= 1",
        natural_reading="1,000 x 1,000, than a frontier pre-training set (18T)",
        readings=(Reading("3,000 x 3,000, than a frontier pre-training set", v.tokens_several / v.pretraining_tokens),
                  Reading("than o1's own (undisclosed) pre-training set", _NAN)),
        note=f"At 1,000 x 1,000 the data is {v.tokens_low / v.pretraining_tokens:.2f}x Qwen2.5's 18T; at 3,000 x 3,000, "
             f"{v.tokens_several / v.pretraining_tokens:.0f}x."))

    # R10: forward and backward passes; post-training against pre-training
    add(Claim(
        "R10a", fb.grpo.passes, "forward passes per backward pass",
        f"A GRPO step ({fb.grpo_rollouts} rollouts, all trained, one reference-model pass, rule rewards; "
        "reasoning.rl_forward_backward): generation, policy forward and reference passes per backward pass.",
        claimed=2.0, band_reason="'many' (多次) judged as at least two forward passes per backward pass",
        natural_reading="GRPO (DeepSeek-R1)",
        readings=(Reading("PPO-style, 4 rollouts and a reward model", fb.ppo.passes),
                  Reading("best-of-16, 2 trained, two reward passes", fb.best_of_16.passes)),
        note=f"{fb.grpo.passes:.0f} forward passes per backward in GRPO, {fb.ppo.passes:.0f} with a reward model, "
             f"{fb.best_of_16.passes:.0f} with rejection sampling: 'many' holds."))
    add(Claim(
        "R10b", fb.pretraining.passes, "forward passes per backward pass",
        "Pre-training: one forward and one backward pass per token; forward 2N and backward 4N FLOP (Kaplan et al. "
        "2020, Sec. 2.1; reasoning.pretraining_forward_backward).",
        method="fact-checked", fact_source="kaplan2020scaling", natural_reading="counted in passes",
        readings=(Reading("counted in FLOP (2N : 4N)", fb.pretraining.flop),),
        note="1:1 by passes, the source's count; by FLOP the forward is half the backward (1:2)."))
    add(Claim(
        "R10c", fb.deepseek_share_of_v3, "x pre-training FLOP",
        f"The largest public RL share of pre-training: DeepSeek-R1's hours at {mfu_range} over V3's 6ND "
        f"(Llama-Nemotron Ultra: {_pct(fb.nemotron_share_of_base, 2)}; Phi-4-reasoning SFT + RL: "
        f"{_pct((phi.sft_flop + phi.rl_flop) / phi.pretrain_flop, 2)}).",
        claimed=1.0, tolerance=1.10,
        band_reason="'exceed' judged as post-training / pre-training FLOP >= 1",
        low=fb.deepseek_share_low, high=fb.deepseek_share_high,
        natural_reading="total post-training FLOP > total pre-training FLOP",
        readings=(Reading("with Epoch's 6e23 estimate for R1", fb.epoch_share_of_v3),
                  Reading("post-training FLOP/s (throughput) > pre-training", _NAN,
                          note="no lab publishes the two clusters' throughput")),
        note=f"Every public case is far below 1: at most {_pct(fb.deepseek_share_high)} (DeepSeek-R1), "
             f"{_pct(fb.epoch_share_of_v3)} even with Epoch's estimate. OpenAI's and xAI's figures are not public."))

    # R11: CPUs per accelerator
    add(Claim(
        "R11a", cpu.hgx, "accelerators per CPU",
        "DGX H100 datasheet: 8 GPUs, 2 x86 sockets (data/systems.csv).",
        method="fact-checked", fact_source="nvidia2023dgxh100",
        note=f"8 GPUs and 2 CPUs; per GPU that is {cpu.hgx_cores:.0f} CPU cores."))
    add(Claim(
        "R11b", cpu.gb200, "accelerators per CPU",
        "NVIDIA's GB200 NVL72 specification: 72 GPUs, 36 Grace CPUs (data/systems.csv).",
        method="fact-checked", fact_source="nvidia2024gb200",
        note=f"72 GPUs and 36 CPUs; per GPU {cpu.gb200_cores:.0f} cores, {cpu.core_ratio:.1f}x DGX H100's."))
    add(Claim(
        "R11c", _NAN, "accelerators per CPU",
        "AWS publishes no socket count for its Trainium2 servers; data/systems.csv holds only the article's own figure.",
        method="claimant's arithmetic",
        note="Unverifiable: settled by AWS publishing the CPU sockets of a Trainium2 server."))
    add(Claim(
        "R11d", _NAN, "",
        "No measurement of verifier sandboxes on GPUs against CPUs is public.",
        note="Unverifiable (qualitative); settled by a published RL stack's placement of its code-execution sandboxes."))

    # R12: PRM800K
    shape = p.shape
    for cid, val, unit in (("R12a", shape.labels, "step labels"), ("R12b", shape.solutions, "solutions"),
                           ("R12c", shape.problems, "problems")):
        add(Claim(cid, float(val), unit, "Lightman et al. (2023), 'Let's Verify Step by Step' (data/scaling_facts.csv).",
                  method="fact-checked", fact_source="lightman2023verify",
                  note=f"As published: {shape.steps_per_solution:.1f} steps per solution, "
                       f"{shape.solutions_per_problem:.2f} solutions per problem."))

    # R13: thinking for hours, days, weeks
    add(Claim(
        "R13", _NAN, "",
        "A forecast for 2025 attributed to Noam Brown.",
        note="Unverifiable: settled by documented 2025 runs that spend hours or more on one question "
             "(o3 at high compute on ARC-AGI spent about 14 minutes per task, chollet2024arc)."))
    return tuple(rows)
