"""Chapter 02's ledger rows, one per leaf claim L1a-L22b (kept apart from :mod:`llmscale.claims.ch02`'s results for size)."""

from __future__ import annotations

import functools
import math

from .. import catalog  # noqa: F401 - kept for symmetry with ch02
from ..laws import PRESETS
from ..overtraining import REFERENCE_PRESET, llama_tokens_per_param, overtraining_table
from ..units import DAYS_PER_MONTH, format_count, format_flop, format_sci
from .ch02 import (
    LEDGER_DATE,
    durations,
    fact,
    gpt4_reconstruction,
    l1,
    l2_l4,
    l5,
    l6,
    l7,
    l8,
    l9,
    l10,
    l11,
    l14_trend,
    l15,
    l22,
    run_size,
)
from .ledger import Claim, Reading

# --- the ledger rows ---------------------------------------------------------------------------

def _q(cid: str, value: float, unit: str, assumptions: str, note: str, **kw) -> Claim:
    return Claim(cid, float(value), unit, assumptions, note=note, **kw)


_NOT_PUBLIC = "unverifiable: no public number"


@functools.cache
def claim_rows_tuple() -> tuple[Claim, ...]:  # noqa: PLR0915 - one row per leaf claim, in ID order
    P = REFERENCE_PRESET
    nan = math.nan
    rows: list[Claim] = []
    t = l1()
    serving = {p: float(overtraining_table(["Llama 3.1 8B"], p).iloc[0]["serving_ratio"]) for p in PRESETS}
    rows += [
        _q("L1a", t.serving_ratio, "x per served token (Chinchilla-optimal N / Llama 3.1 8B N)",
           f"The compute-optimal model of Llama 3.1 8B's loss under {P} has {t.opt_n_params / 1e9:.1f}B parameters "
           f"({t.opt_n_tokens / 1e12:.2f}T tokens); serving costs 2N FLOP per token.",
           f"Too large per served token under every preset ({min(serving.values()):.2f}x-{max(serving.values()):.2f}x); "
           f"in lifetime cost only above {format_count(t.breakeven_inference_tokens)} tokens of demand, which is not public.",
           low=min(serving.values()), high=max(serving.values()), claimed=1.0, sense="lower", tolerance=1.0,
           band_reason="'too large' judged as a ratio above 1 (no number in the quote)",
           natural_reading="per served token (2N FLOP)",
           readings=(Reading("in total lifetime cost (training + inference)", nan,
                             note=f"depends on demand: break-even at {format_count(t.breakeven_inference_tokens)} tokens"),)),
        _q("L1b", nan, "", "Touvron et al. (2023a), Section 1: the 7B model keeps improving after 1T tokens.",
           "Qualitative: the paper says so, but its loss curves are not in data/; settled by reading its Figure 1.",
           method="fact-checked", fact_source="touvron2023llama"),
    ]
    llama = llama_tokens_per_param().set_index("model")
    for cid, name, nominal, tok_id, n_id, src in (("L2", "LLaMA 7B", 7e9, "L2c", "L2b", "touvron2023llama"),
                                                   ("L3", "Llama 2 7B", 7e9, "L3a", None, "touvron2023llama2"),
                                                   ("L4", "Llama 3.1 8B", 8e9, "L4c", "L4b", "dubey2024llama3")):
        r = llama.loc[name]
        ratio_id = {"L2": "L2a", "L3": "L3b", "L4": "L4a"}[cid]
        m = next(x for x in l2_l4() if x.model == name)
        rows.append(_q(ratio_id, m.tokens_per_param, "tokens/parameter",
                       f"{name}: {r['n_tokens'] / 1e12:g}T tokens / {r['n_params'] / 1e9:.2f}B parameters counted from the "
                       "architecture; the family's largest ratio.",
                       "Holds with the counted and with the nominal parameter count.",
                       natural_reading=f"architecture count {r['n_params'] / 1e9:.2f}B",
                       readings=(Reading(f"nominal {nominal / 1e9:g}B", float(r["n_tokens"]) / nominal),)))
        rows.append(_q(tok_id, r["n_tokens"], "tokens", f"Tokens reported by {src} (data/models.csv).",
                       "Fact-check against the paper.", method="fact-checked", fact_source=src))
        if n_id:
            rows.append(_q(n_id, r["n_params"], "parameters", "Parameters counted from the architecture (chapter 00).",
                           f"The nominal {nominal / 1e9:g}B is the counted {r['n_params'] / 1e9:.2f}B rounded."))
    r5 = l5()
    rows += [
        _q("L5a", r5.c405, "FLOP", "6ND with Llama 3.1 405B's counted parameters and 15.6T tokens.",
           f"Meta reports 3.8e25 (Dubey et al. 2024); 6ND gives {format_flop(r5.c405, 3)}."),
        _q("L5b", r5.ratio, "x Llama 2 (70B) training compute",
           f"6ND: Llama 3.1 405B {format_flop(r5.c405, 3)} over Llama 2 70B on 2.0T tokens {format_flop(r5.c70, 3)}.",
           f"Meta's own words are 'almost 50x'; {r5.ratio:.0f}x with 2.0T tokens, {r5.ratio_quoted_tokens:.0f}x with 1.8T.",
           natural_reading="Llama 2 70B on 2.0T tokens",
           readings=(Reading("on the 1.8T tokens the Llama 3 paper quotes", r5.ratio_quoted_tokens),)),
    ]
    r6, r7 = l6(), l7()
    x = r6.optimum
    rows += [
        _q("L6a", r6.largest_tokens_per_param, "tokens/parameter", "Sardana et al. (2024), abstract.",
           "Their largest trained ratio.", method="fact-checked", fact_source="sardana2024beyond"),
        _q("L6b", nan, "", "Sardana et al. report falling loss up to 10,000 tokens/parameter.",
           "Their loss curves are not in data/; settled by their Figure 3 data. Every preset's law falls with D.",
           method="fact-checked", fact_source="sardana2024beyond"),
        _q("L6c", 1 - x.savings_fraction, "x total FLOP (inference-aware / Chinchilla-optimal)",
           "Sardana et al.'s Figure 1 example: a 13B Chinchilla-optimal model's loss, 2T tokens of demand, unrounded Hoffmann law.",
           f"A {x.n_params / 1e9:.1f}B model saves {100 * x.savings_fraction:.0f}% (paper: 7B, 17%).",
           claimed=1.0, sense="upper", tolerance=1.0, band_reason="'lowers the total cost' judged as a ratio below 1"),
    ]
    buys, ov = dict(r7.buys), r7.overhead
    rows += [
        _q("L7a", ov.compute_multiple, "x training FLOP vs Chinchilla-optimal",
           f"de Vries's fixed-loss overhead: the compute a 10x smaller model needs to reach the compute-optimal loss ({P}).",
           f"Premise vs conclusion: 100x compute buys {buys[P]:.1f}x smaller ({P}); a 10x smaller model needs "
           f"{format_sci(ov.compute_multiple)}x (impossible under besiroglu2024).",
           natural_reading="conclusion fixed: 10x smaller -> how much compute",
           readings=(Reading("conclusion fixed, besiroglu2024", nan, note="impossible: below the critical size"),
                     Reading("premise fixed: the 100x is the premise", 100.0, note="given, not derived"))),
        _q("L7b", buys[P], "x smaller model (inference FLOP per token)",
           f"Size reduction bought by 100x the compute-optimal compute at the same loss ({P}).",
           "Within the order-of-magnitude band under every preset: " + ", ".join(f"{v:.2f}x ({k})" for k, v in r7.buys) + ".",
           natural_reading=f"premise fixed: 100x compute ({P})",
           readings=(*(Reading(f"premise fixed ({k})", v) for k, v in r7.buys if k != P),
                     Reading("conclusion fixed: the 10x is the premise", 10.0, note="given, not derived"))),
    ]
    r8 = l8()
    rows.append(_q("L8", r8.test_per_10x_train, "x test-time compute per 10x train-time compute",
                   "Jones (2021), Figure 9 fit: slope 1.2 decades of test-time per decade of train-time compute (Hex, MCTS).",
                   f"A board-game result, not about LLMs; in LLM pre-training ({P}) 10x compute buys a "
                   f"{r8.llm_shrink_per_10x:.1f}x smaller model.", method="fact-checked", fact_source="jones2021scaling",
                   natural_reading="10x less training for 15x more inference",
                   readings=(Reading("10x more training saves 15x inference", r8.test_per_10x_train,
                                     note="same exchange rate"),)))
    r9 = l9()
    rows += [
        _q("L9a", r9.flop, "FLOP", f"Epoch AI's estimate for {r9.name} (data/scaling_facts.csv).",
           "An estimate: Google never disclosed it.", method="fact-checked", fact_source="epoch2024models"),
        _q("L9b", r9.flop / r9.sonnet_flop, "x the next-largest estimate",
           f"Largest training compute dated by {LEDGER_DATE} in data/: {r9.name}; next: Claude 3.5 Sonnet "
           f"{format_flop(r9.sonnet_flop, 3)} (an Epoch estimate too).",
           f"Largest by {100 * (r9.flop / r9.sonnet_flop - 1):.1f}%, far inside either estimate's uncertainty.",
           method="fact-checked", fact_source="epoch2024models", claimed=1.0, sense="lower", tolerance=1.0,
           band_reason="'largest' judged as a ratio of at least 1 to every other run"),
    ]
    r10 = l10()
    eff = r10.effective_stock
    rows += [
        _q("L10a", r10.stock_tokens, "tokens", "Villalobos et al. (2024): text on the indexed web.",
           f"Raw stock; the effective stock is ~{eff['value'] / 1e12:.0f}T ({eff['low'] / 1e12:.0f}T-{eff['high'] / 1e12:.0f}T).",
           method="fact-checked", fact_source="villalobos2024data", natural_reading="raw indexed-web stock",
           readings=(Reading("quality/repetition-adjusted effective stock", eff["value"], eff["low"], eff["high"]),)),
        _q("L10b", r10.dataset_tokens, "tokens", f"Largest dataset dated by {LEDGER_DATE}: {r10.dataset_name}.",
           "Qwen2.5's technical report: 18T tokens.", method="fact-checked", fact_source="qwen2024qwen25"),
    ]
    r11, rs = l11(), run_size()
    rows += [
        _q("L11a", r11.gpus, "H100 GPUs", "xAI's announcement (data/scaling_facts.csv).",
           f"Holds as GPUs; as {rs.gpus_per_node:.0f}-GPU nodes Colossus had {r11.gpus / rs.gpus_per_node:,.0f}.",
           method="fact-checked", fact_source="xai2024colossus", natural_reading="100,000 H100 GPUs",
           readings=(Reading(f"100,000 nodes ({rs.gpus_per_node:.0f} GPUs each): nodes counted", r11.gpus / rs.gpus_per_node),)),
        _q("L11b", r11.planned_gpus, "GPUs (planned)", "xAI / Greater Memphis Chamber, December 2024.",
           "An announced plan, checked as an announcement.", method="fact-checked", fact_source="xai2024colossus"),
    ]
    g4 = gpt4_reconstruction()
    rows += [
        _q("L12a", g4.total_params, "parameters",
           f"SemiAnalysis's leak: {fact('GPT-4 experts'):.0f} x {fact('GPT-4 expert MLP parameters') / 1e9:.0f}B experts + "
           f"{fact('GPT-4 shared attention parameters') / 1e9:.0f}B shared.",
           f"Total holds; {g4.active_params / 1e9:.0f}B are active per token. Every input is an unconfirmed leak.",
           method="claimant's arithmetic", natural_reading="total parameters of the MoE",
           readings=(Reading("active parameters per token", g4.active_params),)),
        _q("L12b", g4.usd_from_flop, "USD",
           f"6 x {fact('GPT-4 active parameters') / 1e9:.0f}B x {g4.tokens / 1e12:.0f}T = {format_flop(g4.flop, 3)} on A100s, "
           f"leaked MFU range, ${fact('GPT-4 A100 rental price'):.0f} per A100-hour.",
           f"$63M needs {g4.days_for_63m:.0f} days on 25,000 A100s or {100 * g4.mfu_for_63m:.0f}% MFU; every input is a leak.",
           low=g4.usd_low, high=g4.usd_high, method="claimant's arithmetic", natural_reading="from FLOP at the leaked MFU",
           readings=(Reading("GPUs x days x price", g4.usd_from_gpu_days),)),
        _q("L13a", nan, "", "A second-hand report (The Information).",
           "Settled by Orion's loss curve or checkpoint scores against GPT-4's, with the compute of each.",
           method="claimant's arithmetic"),
        _q("L13b", nan, "", "A second-hand report.", "Settled by Orion's benchmark scores against its compute.",
           method="claimant's arithmetic"),
    ]
    tr = l14_trend()
    rows.append(_q("L14", tr.natural[0], "orders of magnitude per decade",
                   f"Hardware FLOP/s per $ {tr.hardware_per_year:.2f}x/yr (Hobbhahn & Besiroglu 2022) x algorithmic progress "
                   f"{tr.algorithmic_per_year:.2f}x/yr (Ho et al. 2024), 95% CIs. A past trend; the forecast cannot be checked.",
                   "Holds for hardware x software and for physical compute; effective compute grows faster.",
                   low=tr.natural[1], high=tr.natural[2], tolerance=6.5 / 6,
                   band_reason="half an order of magnitude on 10^6 is +-0.5 on the count of 6",
                   natural_reading="hardware FLOP/$ x algorithmic progress",
                   readings=(Reading("physical training compute (Epoch 4-5x/yr)", *tr.physical),
                             Reading("effective compute incl. algorithms", *tr.effective))))
    r15, du = l15(), durations()
    rows += [
        _q("L15a", r15.per_year, "x less physical compute per year",
           f"Ho et al. (2024): halving every {r15.halving['value']:.0f} months (95% CI {r15.halving['low']:.0f}-"
           f"{r15.halving['high']:.0f}).",
           f"'By a third' (1.5x) holds only at the CI's slow end ({r15.per_year_low:.2f}x); 'to a third' (3x) is "
           f"{r15.per_year / 3:.2f} of Ho et al.'s {r15.per_year:.2f}x.",
           low=r15.per_year_low, high=r15.per_year_high, natural_reading="by a third (x1.5/yr)",
           readings=(Reading("to a third (x3/yr)", r15.per_year, r15.per_year_low, r15.per_year_high,
                             note="the same rate, judged against 3x a year", claimed=3.0),)),
        _q("L15b", du.llama405_days / DAYS_PER_MONTH, "months",
           "Llama 3.1 405B: 30.84M H100-hours on up to 16,384 H100s (a lower bound on its wall-clock time).",
           f"GPT-4's leaked {du.gpt4_days_low:.0f}-{du.gpt4_days_high:.0f} days are at the limit.",
           natural_reading="Llama 3.1 405B", readings=(Reading("GPT-4 (leak)", du.gpt4_days / DAYS_PER_MONTH,
                                                               du.gpt4_days_low / DAYS_PER_MONTH,
                                                               du.gpt4_days_high / DAYS_PER_MONTH),)),
        _q("L15c", du.median_months, "months",
           "Median of Llama 3.1 405B, DeepSeek-V3 pre-training and GPT-4's leak (GPU-hours / GPUs).",
           f"Only DeepSeek-V3 ({du.deepseek_v3_days / DAYS_PER_MONTH:.1f} months) is within 2 months; Llama 3.1 405B "
           f"takes {du.llama405_days / DAYS_PER_MONTH:.1f}, GPT-4 {du.gpt4_days / DAYS_PER_MONTH:.1f}.",
           natural_reading="median of three documented runs"),
    ]
    rows += [
        _q("L16a", rs.largest_run_gpus, "GPUs per run", "Largest documented single run: Llama 3.1 405B on 16,384 H100s.",
           f"No documented run used 10^5 GPUs by {LEDGER_DATE}; a whole cluster (Colossus) did.",
           method="fact-checked", fact_source="dubey2024llama3", natural_reading="GPUs in one run",
           readings=(Reading("GPUs across the whole fleet (Colossus)", rs.cluster_gpus),)),
        _q("L16b", du.llama405_days / DAYS_PER_MONTH, "months", "Llama 3.1 405B's GPU-hours / GPUs (as L15b).",
           "Several months, as L15b.", claimed=2.0, sense="lower", band_reason="'数月' (several months) read as at least 2"),
        _q("L16c", rs.llama405_usd, "USD per run",
           f"Llama 3.1 405B: 30.84M H100-hours x ${rs.h100_usd_per_hour:.0f}/hour (SemiAnalysis's rental price).",
           f"GPT-4's leaked inputs give {format_count(g4.usd_from_flop)} USD too."),
        _q("L16d", rs.llama405_usd, "USD per run", "As L16c.",
           "Within the order-of-magnitude band of 1e8 (hundreds of millions is the range's top)."),
    ]
    mo = (fact("Moore 1965 doubling time"), fact("Moore 1975 doubling time"))
    rows.append(_q("L17", mo[0], "years per doubling", "Moore (1965): 'roughly a factor of two per year'; revised in 1975.",
                   "As originally defined (1965) the doubling was yearly; every two years is the 1975 revision.",
                   method="fact-checked", fact_source="moore1965", natural_reading="originally = Moore (1965)",
                   readings=(Reading("Moore's 1975 revision", mo[1]),)))
    rows += [
        _q("L18", nan, "", "A press report; the companies are not named.",
           "Settled by the companies' own statements that they stopped pre-training.", method="claimant's arithmetic"),
        _q("L19", nan, "", "OpenAI has not published Orion's training duration.",
           "Settled by OpenAI's GPU-hours and GPU count for Orion.", method="claimant's arithmetic"),
        _q("L20", nan, "", "Neither OpenAI nor Microsoft publishes its inference fleet.",
           "Settled by a disclosed GPU count serving GPT models.", method="claimant's arithmetic"),
        _q("L21", rs.largest_run_gpus, "H100 GPUs in one run",
           "Largest documented single run by Dec 2024: Llama 3.1 405B, 16,384 H100s.",
           "xAI has not published the GPU count of any single run on Colossus.", method="fact-checked",
           fact_source="dubey2024llama3", natural_reading="100,000 H100 GPUs",
           readings=(Reading(f"100,000 nodes ({rs.gpus_per_node:.0f} GPUs each): nodes counted",
                             rs.largest_run_gpus / rs.gpus_per_node),)),
    ]
    c22 = l22()
    rows += [
        _q("L22a", nan, "year", "Rupp's microprocessor data: the fastest clock reached 3.65 GHz by late 2004.",
           "The plateau starts about 2005, not the end of the 2000s; no year is stated, so not judged.",
           method="fact-checked", fact_source="rupp2022microprocessor"),
        _q("L22b", c22.after_per_year, "x fastest clock per year after 2004",
           f"Fastest typical clock {c22.fastest_2004_mhz / 1e3:.2f} GHz by 2004, {c22.fastest_after_mhz / 1e3:.2f} GHz at most "
           "through 2021 (Rupp's data).",
           f"{c22.before_per_year:.2f}x per year in 1990-2004, {c22.after_per_year:.3f}x after: little progress.",
           method="fact-checked", fact_source="rupp2022microprocessor", claimed=1.0,
           band_reason="'little progress' judged as a growth of about 1x per year"),
    ]
    return tuple(rows)


