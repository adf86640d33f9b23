"""Chapter 02's claim rows L1-L15 (Llama over-training, inference-aware scaling, the data wall).

Each claim's intermediates are computed once, in a small frozen result (``l1()`` ...
``l15()``, cached), which both the claim row and the chapter (:mod:`llmscale.chapters.ch02`)
read. Formulas come from :mod:`llmscale.overtraining`, :mod:`llmscale.growth` and
:mod:`llmscale.flops`; facts from ``data/scaling_facts.csv`` through :func:`llmscale.catalog.row`.
The helpers here (the GPT-4 cost reconstruction, the Llama maxima) serve only the claims.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from .. import catalog, growth
from ..flops import flop_to_usd, mfu_for, param_count, training_flop
from ..laws import PRESETS, get_preset, tokens_for_params
from ..overtraining import (
    LLAMA_FAMILIES,
    REFERENCE_PRESET,
    FixedLossOverhead,
    InferenceAwareOptimum,
    critical_size_fraction,
    fixed_loss_overhead,
    inference_aware_optimum,
    llama_tokens_per_param,
    overtraining_table,
    size_fraction_for_overhead,
)
from ..units import DAYS_PER_MONTH, format_count, format_flop, format_sci
from .ledger import LegacyClaim as Claim

#: The ledger's "as of" date for claims phrased "as of December 2024".
LEDGER_DATE = "2024-12-31"

#: Sardana et al. (2024), Figure 1: a Chinchilla-optimal model of 13B parameters serving 2T tokens of demand.
SARDANA_FIGURE1_PARAMS, SARDANA_FIGURE1_DEMAND_TOKENS = 13e9, 2e12

#: L7's model size as a fraction of the compute-optimal size ("one order of magnitude lower inference cost").
L7_SIZE_FRACTION = 0.1

#: Llama 2's training tokens as the Llama 3 paper quotes them (Dubey et al. 2024), for L5's note.
LLAMA2_TOKENS_QUOTED_BY_LLAMA3 = 1.8e12


def fact_row(name: str) -> dict:
    """The row of ``data/scaling_facts.csv`` called ``name`` (:func:`llmscale.catalog.row`)."""
    return catalog.row("scaling_facts", name)


def fact(name: str) -> float:
    """The ``value`` of the fact called ``name`` in ``data/scaling_facts.csv`` (unit in its ``unit`` column)."""
    return float(fact_row(name)["value"])


def llama_reported_flop() -> float:
    """Meta's reported training compute of Llama 3.1 405B, 3.8e25 FLOP (``data/training_runs.csv``)."""
    return float(catalog.row("training_runs", "Llama 3.1 405B")["reported_compute_flop"])


def _train_flop_of(model: str) -> float:
    return float(training_flop(param_count(model), catalog.model(model).tokens_trained))


# --- L1-L5: the Llama line -------------------------------------------------------------------

@dataclass(frozen=True)
class L1:
    """Llama 3.1 8B against the compute-optimal model of its loss under :data:`REFERENCE_PRESET`."""

    preset: str
    opt_n_params: float
    opt_n_tokens: float
    serving_ratio: float
    breakeven_inference_tokens: float


@functools.cache
def l1() -> L1:
    t = overtraining_table(["Llama 3.1 8B"], REFERENCE_PRESET).iloc[0]
    return L1(REFERENCE_PRESET, float(t["opt_n_params"]), float(t["opt_n_tokens"]), float(t["serving_ratio"]),
              float(t["breakeven_inference_tokens"]))


def max_tokens_per_param(family: str) -> tuple[str, float]:
    """The model of ``family`` with the most tokens per parameter: ``(name, D/N)``, ``D/N`` in tokens per parameter.

    From :func:`llmscale.overtraining.llama_tokens_per_param` (architecture parameter counts; tokens as
    reported by Touvron et al. 2023a, 2023b and Dubey et al. 2024). ``family`` is one of
    :data:`~llmscale.overtraining.LLAMA_FAMILIES`.
    """
    df = llama_tokens_per_param()
    sub = df[df["family"].str.lower() == str(family).strip().lower()]
    if sub.empty:
        raise ValueError(f"family={family!r}: allowed: {list(LLAMA_FAMILIES)}")
    row = sub.loc[sub["tokens_per_param"].idxmax()]
    return row["model"], float(row["tokens_per_param"])


@dataclass(frozen=True)
class LlamaMax:
    """L2-L4: the family's model with the most tokens per parameter."""

    family: str
    model: str
    tokens_per_param: float
    n_params: float


@functools.cache
def l2_l4() -> tuple[LlamaMax, ...]:
    """L2, L3, L4 in that order (LLaMA, Llama 2, Llama 3.1)."""
    out = []
    for fam in LLAMA_FAMILIES:
        name, r = max_tokens_per_param(fam)
        out.append(LlamaMax(fam, name, r, float(param_count(name))))
    return tuple(out)


@dataclass(frozen=True)
class L5:
    """Llama 3.1 405B's 6ND over Llama 2 70B's (FLOP), and the ratio with the Llama 3 paper's 1.8T tokens."""

    c405: float
    c70: float
    ratio: float
    ratio_quoted_tokens: float


@functools.cache
def l5() -> L5:
    c405, c70 = _train_flop_of("Llama 3.1 405B"), _train_flop_of("Llama 2 70B")
    c70_quoted = c70 * LLAMA2_TOKENS_QUOTED_BY_LLAMA3 / catalog.model("Llama 2 70B").tokens_trained
    return L5(c405, c70, c405 / c70, c405 / c70_quoted)


# --- L6-L8: inference-aware scaling -----------------------------------------------------------

def _sardana_figure1_target() -> tuple[float, float]:
    """Sardana et al. (2024), Figure 1: the loss of a Chinchilla-optimal 13B model (unrounded Hoffmann law) and 2T tokens of demand."""
    law = get_preset("hoffmann2022_unrounded")
    n = SARDANA_FIGURE1_PARAMS
    return float(law.loss(n, tokens_for_params(n, law))), SARDANA_FIGURE1_DEMAND_TOKENS


@dataclass(frozen=True)
class L6:
    """Sardana et al.'s Figure 1 example recomputed (unrounded Hoffmann law) and their largest ratio."""

    loss: float
    demand_tokens: float
    optimum: InferenceAwareOptimum
    largest_tokens_per_param: float


@functools.cache
def l6() -> L6:
    loss, demand = _sardana_figure1_target()
    x = inference_aware_optimum(loss, demand, preset="hoffmann2022_unrounded")
    return L6(loss, demand, x, fact("Sardana et al. largest tokens per parameter"))


@dataclass(frozen=True)
class L7:
    """de Vries's fixed-loss overhead of a 10x smaller model, and what 100x compute buys, per preset."""

    overhead: FixedLossOverhead                 # under REFERENCE_PRESET
    besiroglu: FixedLossOverhead
    buys: tuple[tuple[str, float], ...]         # (preset, 1/k for 100x compute)
    critical: tuple[tuple[str, float], ...]     # (preset, 1/k_c)


@functools.cache
def l7() -> L7:
    k = L7_SIZE_FRACTION
    return L7(fixed_loss_overhead(REFERENCE_PRESET, k), fixed_loss_overhead("besiroglu2024", k),
              tuple((p, 1.0 / size_fraction_for_overhead(p, 100.0)) for p in PRESETS),
              tuple((p, 1.0 / critical_size_fraction(p)) for p in PRESETS))


@dataclass(frozen=True)
class L8:
    """Jones (2021)'s slope as test-time compute per 10x training, and the LLM equivalent under the reference."""

    slope: float
    test_per_10x_train: float
    llm_shrink_per_10x: float


@functools.cache
def l8() -> L8:
    slope = fact("Jones train-test trade-off slope")
    return L8(slope, 10 ** slope, 1 / size_fraction_for_overhead(REFERENCE_PRESET, 10.0))


# --- L9-L15: compute arithmetic and the data wall ----------------------------------------------

@dataclass(frozen=True)
class L9:
    """The largest training run known by :data:`LEDGER_DATE` and the runner-up estimate (FLOP)."""

    name: str
    flop: float
    year: float
    sonnet_flop: float


@functools.cache
def l9() -> L9:
    name, c, y = growth.frontier_start(LEDGER_DATE)
    return L9(name, c, y, fact("Claude 3.5 Sonnet training compute"))


@dataclass(frozen=True)
class L10:
    """The text stock against the largest dataset by :data:`LEDGER_DATE` (tokens), and the compute-optimal wall year."""

    dataset_name: str
    dataset_tokens: float
    stock_tokens: float
    effective_stock: dict
    growth_per_year: float
    wall_year: float


@functools.cache
def l10() -> L10:
    ds_name, ds = growth.largest_dataset(LEDGER_DATE)
    stock = fact("Indexed web text stock")
    g = fact("Frontier training compute growth")
    start = l9()
    return L10(ds_name, ds, stock, fact_row("Effective stock of public human text"), g,
               float(growth.data_wall_year(stock, start.flop, start.year, g)))


@dataclass(frozen=True)
class L11:
    """xAI's Colossus and the days it would take for Llama 3.1 405B's reported compute at Meta's MFU on H100s."""

    gpus: float
    planned_gpus: float
    flop: float
    mfu: float
    days: float


def _h100_peak() -> float:
    return catalog.hardware("H100 SXM").peak_flop_per_s("bf16")


@functools.cache
def l11() -> L11:
    gpus, mfu, c = fact("xAI Colossus H100 count"), fact("Llama 3.1 405B MFU"), llama_reported_flop()
    return L11(gpus, fact("xAI Colossus planned GPUs"), c, mfu, float(growth.training_days(c, gpus, _h100_peak(), mfu)))


@dataclass(frozen=True)
class Gpt4Reconstruction:
    """The GPT-4 training cost rebuilt from SemiAnalysis (2023)'s leaked figures (all in ``data/scaling_facts.csv``).

    ``flop`` = 6 x active parameters x tokens. ``usd_from_flop`` at the midpoint MFU;
    ``usd_low``/``usd_high`` at the ends of the stated ranges; ``usd_from_gpu_days`` =
    GPUs x days x 24 x price; ``implied_days`` on the stated GPU count at the midpoint
    MFU; ``days_for_63m`` and ``mfu_for_63m`` what the $63M figure implies.
    """

    total_params: float
    active_params: float
    tokens: float
    flop: float
    usd_from_flop: float
    usd_low: float
    usd_high: float
    usd_from_gpu_days: float
    implied_days: float
    days_for_63m: float
    mfu_for_63m: float


@functools.cache
def gpt4_reconstruction() -> Gpt4Reconstruction:
    """Rebuild the "$63M" GPT-4 run from the leak's inputs (SemiAnalysis 2023): see :class:`Gpt4Reconstruction`. L12."""
    peak = catalog.hardware("A100 SXM 80GB").peak_flop_per_s("bf16")
    expert, n_exp, per_tok = fact("GPT-4 expert MLP parameters"), fact("GPT-4 experts"), fact("GPT-4 experts per token")
    shared = fact("GPT-4 shared attention parameters")
    total = n_exp * expert + shared
    active = per_tok * expert + shared
    tokens = fact("GPT-4 training tokens")
    c = float(training_flop(fact("GPT-4 active parameters"), tokens))
    mfu = fact_row("GPT-4 training MFU")
    days = fact_row("GPT-4 training days")
    price = fact("GPT-4 A100 rental price")
    gpus = fact("GPT-4 A100 count")
    hours_63m = 63e6 / price
    return Gpt4Reconstruction(
        total_params=total, active_params=active, tokens=tokens, flop=c,
        usd_from_flop=float(flop_to_usd(c, peak, mfu["value"], price)),
        usd_low=float(flop_to_usd(c, peak, mfu["high"], price)),
        usd_high=float(flop_to_usd(c, peak, mfu["low"], price)),
        usd_from_gpu_days=gpus * days["value"] * 24.0 * price,
        implied_days=float(growth.training_days(c, gpus, peak, mfu["value"])),
        days_for_63m=hours_63m / gpus / 24.0,
        mfu_for_63m=float(mfu_for(c, hours_63m, peak)))


@dataclass(frozen=True)
class L14:
    """Six orders of magnitude per decade against Epoch AI's trend, with and without algorithmic progress."""

    six_per_decade_per_year: float
    growth: dict                      # the fact row "Frontier training compute growth"
    ooms_per_decade: float
    algorithmic_per_year: float
    effective_ooms_per_decade: float


@functools.cache
def l14() -> L14:
    g_row = fact_row("Frontier training compute growth")
    g = float(g_row["value"])
    alg = float(growth.annual_factor_from_halving(fact("Algorithmic progress halving time")))
    return L14(float(growth.annual_factor_from_ooms(6, 10)), g_row, float(growth.ooms_per_decade(g)), alg,
               float(growth.ooms_per_decade(g * alg)))


@dataclass(frozen=True)
class L15:
    """Ho et al.'s algorithmic progress per year (with its CI) and the H100s a 1-2-month 3.8e25 FLOP run needs."""

    halving: dict                     # the fact row "Algorithmic progress halving time"
    per_year: float
    per_year_low: float
    per_year_high: float
    gpus_two_months: float
    gpus_one_month: float
    meta_gpus: float


@functools.cache
def l15() -> L15:
    ci = fact_row("Algorithmic progress halving time")
    c, mfu, h100 = llama_reported_flop(), fact("Llama 3.1 405B MFU"), _h100_peak()
    return L15(ci, l14().algorithmic_per_year, float(growth.annual_factor_from_halving(ci["high"])),
               float(growth.annual_factor_from_halving(ci["low"])),
               float(growth.gpus_for_run(c, 2 * DAYS_PER_MONTH, h100, mfu)),
               float(growth.gpus_for_run(c, DAYS_PER_MONTH, h100, mfu)), fact("Llama 3.1 405B H100 count"))


# --- the ledger rows ---------------------------------------------------------------------------

@functools.cache
def _claim_rows() -> tuple[Claim, ...]:
    P = REFERENCE_PRESET
    rows = []

    # L1: the Chinchilla trap, via the serving-size ratio at Llama 3.1 8B's loss
    t = l1()
    rows.append(Claim(
        "L1", "Following Chinchilla alone is a trap: the model is too large and too expensive to serve", "jonvet",
        claimed=1.0, recomputed=t.serving_ratio, unit="x larger per token (proxy)", sense="lower",
        checkable=False,
        assumptions=(f"Proxy: the compute-optimal model reaching Llama 3.1 8B's loss (15T tokens) under preset {P} is "
                     f"{t.opt_n_params / 1e9:.1f}B parameters on {t.opt_n_tokens / 1e12:.2f}T tokens, so it costs "
                     f"{t.serving_ratio:.2f}x more per served token (2N FLOP/token); claimed = 1 means 'larger than "
                     "needed' (sense lower)."),
        note=(f"The trap is real only above the break-even lifetime demand of {format_count(t.breakeven_inference_tokens)} "
              "tokens, where the 8B model's extra training is paid back; Meta's serving volume is not public, so the "
              "row is consistent, not reproduced.")))

    # L2-L4: tokens per parameter
    for (cid, claimed, text), m in zip((
            ("L2", 142.0, "LLaMA 1 trained up to 142 tokens per parameter (7B on 1T tokens)"),
            ("L3", 284.0, "Llama 2 doubled tokens to 2T: up to 284 tokens per parameter"),
            ("L4", 1875.0, "Llama 3: up to 1,875 tokens per parameter (8B on 15T tokens)")), l2_l4()):
        rows.append(Claim(
            cid, text, "jonvet", claimed=claimed, recomputed=m.tokens_per_param, unit="tokens/parameter",
            assumptions=(f"Max over the {m.family} sizes in data/models.csv: {m.model}, tokens / parameters counted from "
                         f"the architecture ({m.n_params / 1e9:.2f}B)."),
            note=("The claim divides by the nominal 7B; the architecture count (6.74B) is a few % smaller."
                  if cid != "L4" else "")))

    # L5: 50x Llama 2
    r5 = l5()
    rows.append(Claim(
        "L5", "Llama 3's flagship used 3.8e25 FLOPs, 50x Llama 2", "jonvet", claimed=50.0, recomputed=r5.ratio,
        unit="x Llama 2 70B compute",
        assumptions=(f"6ND with architecture parameter counts: Llama 3.1 405B on 15.6T = {format_flop(r5.c405, 3)} (Meta "
                     f"reports 3.8e25); Llama 2 70B on 2.0T = {format_flop(r5.c70, 3)}."),
        note=("Meta's own words are 'almost 50x'. With the 1.8T tokens the Llama 3 paper quotes for Llama 2 "
              f"the ratio would be {r5.ratio_quoted_tokens:.0f}x.")))

    # L6: Sardana et al.'s 10,000 tokens per parameter
    r6 = l6()
    x = r6.optimum
    rows.append(Claim(
        "L6", "Sardana et al.: models trained up to 10,000 tokens per parameter; loss keeps falling past "
              "Chinchilla-optimal; with enough inference demand smaller, longer-trained models cost less in total",
        "jonvet", claimed=10_000.0, recomputed=r6.largest_tokens_per_param,
        unit="tokens/parameter",
        assumptions=("The number is Sardana et al.'s largest trained ratio (abstract, data/scaling_facts.csv). "
                     "The qualitative part follows from the law: D(N) at fixed loss is finite above the critical size "
                     "and the optimum moves to smaller N as demand grows."),
        note=(f"Their Figure 1 example recomputed with Hoffmann's unrounded constants: a 13B Chinchilla-optimal model "
              f"with 2T tokens of demand is beaten by a {x.n_params / 1e9:.1f}B model, saving {format_flop(x.savings_flop)} "
              f"({100 * x.savings_fraction:.0f}%); the paper says 7B, 1.7e22 FLOP, 17%.")))

    # L7: 100x FLOPs for 10x cheaper inference
    r7 = l7()
    ov, bes, crit = r7.overhead, r7.besiroglu, dict(r7.critical)
    rows.append(Claim(
        "L7", "Over-training with two orders of magnitude more FLOPs than Chinchilla-optimal reaches the same "
              "performance with one order of magnitude lower inference cost", "semi",
        claimed=100.0, recomputed=float(ov.compute_multiple), unit="x training compute for a 10x smaller model",
        tolerance=3.0,
        assumptions=(f"Same loss as the compute-optimal model, inference cost 2N per token; de Vries's fixed-loss "
                     f"overhead under {P} (the most favourable preset). Band: a factor of 3 (about half an order of magnitude), since the "
                     "claim is stated in orders of magnitude."),
        note=(f"A 10x smaller model needs {format_sci(ov.compute_multiple)}x the compute under {P}; under besiroglu2024 it "
              f"{'cannot reach the loss at all' if not bes.possible else 'needs ' + format(bes.compute_multiple, '.2g') + 'x'} "
              f"(critical size {crit['besiroglu2024']:.1f}x smaller). 100x compute buys a "
              + ", ".join(f"{v:.1f}x ({k})" for k, v in r7.buys) + " smaller model.")))

    # L8: Jones (2021)
    r8 = l8()
    rows.append(Claim(
        "L8", "Jones (2021): 10x training compute can be traded for 15x inference compute", "jonvet",
        claimed=15.0, recomputed=r8.test_per_10x_train, unit="x test-time compute per 10x train-time",
        assumptions=("Jones's Figure 9 fit of AlphaZero on Hex: log(test) = -1.2 log(train) + const at fixed Elo, so "
                     "10x training removes 10^1.2 x test-time (MCTS) compute."),
        note=(f"A board-game result about tree search, not LLMs. In LLM pre-training under {P}, 10x training compute "
              f"at fixed loss buys only a {r8.llm_shrink_per_10x:.1f}x smaller model (inference FLOP per token).")))

    # L9: the largest run as of December 2024
    r9 = l9()
    rows.append(Claim(
        "L9", "As of Dec 2024 the largest known training run was Gemini Ultra, 5e25 FLOPs (Epoch AI)", "jonvet",
        claimed=5e25, recomputed=r9.flop, unit="FLOP", checkable=False,
        assumptions=(f"Largest training compute in data/scaling_facts.csv and data/training_runs.csv dated by "
                     f"{LEDGER_DATE}: {r9.name}. Llama 3.1 405B: 6ND = {format_flop(r5.c405, 3)}."),
        note=("Google never disclosed Gemini Ultra's compute: 5e25 is Epoch AI's estimate (it has been revised), and "
              f"Epoch's Claude 3.5 Sonnet estimate ({format_flop(r9.sonnet_flop, 3)}) is within "
              f"{math.ceil(100 * abs(1 - r9.sonnet_flop / r9.flop)):.0f}%.")))

    # L10: the data stock against the largest dataset
    r10 = l10()
    eff = r10.effective_stock
    rows.append(Claim(
        "L10", "Epoch AI: about 510T tokens in the indexed web; the largest known dataset is about 18T tokens (Qwen2.5)",
        "jonvet", claimed=510e12 / 18e12, recomputed=r10.stock_tokens / r10.dataset_tokens,
        unit="x headroom (stock / largest dataset)",
        assumptions=(f"Stock: Villalobos et al. (2024)'s indexed-web estimate; largest dataset by {LEDGER_DATE}: "
                     f"{r10.dataset_name} ({r10.dataset_tokens / 1e12:.1f}T)."),
        note=(f"Raw stock only: Villalobos et al.'s effective stock is ~{eff['value'] / 1e12:.0f}T (90% CI "
              f"{eff['low'] / 1e12:.0f}T-{eff['high'] / 1e12:.0f}T). A compute-optimal frontier run ({P}, "
              f"{r10.growth_per_year:.0f}x/yr from {r9.name}) reaches {r10.stock_tokens / 1e12:.0f}T in "
              f"{r10.wall_year:.0f}.")))

    # L11: Colossus
    r11 = l11()
    rows.append(Claim(
        "L11", "xAI's Colossus hosts 100,000 H100s with plans for at least 1 million", "jonvet",
        claimed=1e5, recomputed=r11.gpus, unit="H100 GPUs", checkable=False,
        assumptions=(f"xAI's own announcement (data/scaling_facts.csv); the 1M plan is a December 2024 "
                     f"announcement ({format_count(r11.planned_gpus)} GPUs)."),
        note=(f"Not independently audited. At {r11.mfu:.0%} MFU the cluster would deliver Llama 3.1 405B's "
              f"{format_sci(r11.flop)} FLOP in {r11.days:.1f} days.")))

    # L12: GPT-4's $63M
    g4 = gpt4_reconstruction()
    g4_mfu, g4_days = fact_row("GPT-4 training MFU"), fact_row("GPT-4 training days")
    g4_peak = catalog.hardware("A100 SXM 80GB").peak_flop_per_s("bf16")
    g4_price, g4_gpus = fact("GPT-4 A100 rental price"), fact("GPT-4 A100 count")
    g4_mfu_range = f"{100 * g4_mfu['low']:.0f}-{100 * g4_mfu['high']:.0f}%"
    rows.append(Claim(
        "L12", "GPT-4 has 1.8T parameters and one training run cost about $63M", "wall",
        claimed=63e6, recomputed=g4.usd_from_flop, unit="USD", tolerance=1.25, checkable=False,
        assumptions=(f"SemiAnalysis's leak: {g4.active_params / 1e9:.0f}B active of {g4.total_params / 1e12:.2f}T "
                     f"parameters ({fact('GPT-4 experts'):.0f} x {fact('GPT-4 expert MLP parameters') / 1e9:.0f}B experts + "
                     f"{fact('GPT-4 shared attention parameters') / 1e9:.0f}B shared), {g4.tokens / 1e12:.0f}T tokens, "
                     f"6ND = {format_flop(g4.flop, 3)}, A100 at {g4_peak / 1e12:.0f} TFLOP/s, MFU "
                     f"{100 * g4_mfu['value']:.0f}% ({g4_mfu_range}), ${g4_price:.0f} per A100-hour. Band x1.25: the "
                     f"leak's own ranges span ${g4.usd_low / 1e6:.0f}M-${g4.usd_high / 1e6:.0f}M."),
        note=(f"$63M implies {g4.days_for_63m:.0f} days on {g4_gpus:,.0f} A100s or {100 * g4.mfu_for_63m:.0f}% MFU, "
              f"just outside the stated {g4_days['low']:.0f}-{g4_days['high']:.0f} days and {g4_mfu_range}. Every "
              "input is an unconfirmed leak.")))

    # L13: Orion
    rows.append(Claim(
        "L13", "Orion reached GPT-4 level after 20% of its training, then improved slowly", "wall",
        claimed=0.20, recomputed=math.nan, unit="fraction of training", checkable=False,
        assumptions="A second-hand report (The Information); no loss curve or checkpoint evaluation is public.",
        note=("Would be settled by OpenAI publishing Orion's training-loss curve or benchmark scores of its "
              "checkpoints against GPT-4's, with the compute of each.")))

    # L14: six orders of magnitude per decade
    r14 = l14()
    g_row = r14.growth
    rows.append(Claim(
        "L14", "AI hardware and software capability keeps growing about six orders of magnitude per decade", "wall",
        claimed=6.0, recomputed=r14.ooms_per_decade, unit="orders of magnitude per decade", checkable=False,
        assumptions=(f"Six per decade is {r14.six_per_decade_per_year:.2f}x per year; Epoch AI's frontier "
                     f"training-compute trend is {g_row['value']:.0f}x per year."),
        note=(f"A forecast, so consistent at best. Epoch's {g_row['low']:.0f}-{g_row['high']:.0f}x/yr is physical "
              f"compute; adding algorithmic progress ({r14.algorithmic_per_year:.2f}x/yr, Ho et al.) gives "
              f"{r14.effective_ooms_per_decade:.1f} orders per decade of effective compute.")))

    # L15: a third per year
    r15 = l15()
    ci = r15.halving
    rows.append(Claim(
        "L15", "Algorithmic progress cuts the physical compute a model needs by about a third per year; runs rarely "
               "exceed 3 months, most take 1-2 months", "semi",
        claimed=1.5, recomputed=r15.per_year, unit="x less compute per year",
        assumptions=(f"'By a third' read literally: compute x2/3 per year, a 1.5x reduction. Ho et al. (2024): halving "
                     f"every {ci['value']:.0f} months (95% CI {ci['low']:.0f}-{ci['high']:.0f}) = {r15.per_year:.2f}x per "
                     f"year ({r15.per_year_low:.2f}x-{r15.per_year_high:.1f}x)."),
        note=(f"Read as 'to a third' (3x per year) it would match Ho et al. A 1-2-month run of {format_sci(r11.flop)} FLOP at "
              f"{r11.mfu:.0%} MFU needs {r15.gpus_two_months:,.0f}-{r15.gpus_one_month:,.0f} H100s; Meta used up to "
              f"{r15.meta_gpus:,.0f} for Llama 3.1 405B.")))
    return tuple(rows)


def claim_rows() -> list[Claim]:
    """Chapter 02's ledger rows L1-L15, recomputed by the library (see each row's assumptions)."""
    return list(_claim_rows())


def rows_by_id() -> dict[str, Claim]:
    """Chapter 02's claim rows keyed by id."""
    return {c.id: c for c in _claim_rows()}
