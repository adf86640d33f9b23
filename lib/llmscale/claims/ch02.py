"""Chapter 02's claim rows L1-L22 (Llama over-training, inference-aware scaling, the data wall).

Each claim's intermediates are computed once, in a small frozen result (``l1()`` ...
``l22()``, cached), which both the claim row and the chapter (:mod:`llmscale.chapters.ch02`)
read. Formulas come from :mod:`llmscale.overtraining`, :mod:`llmscale.growth` and
:mod:`llmscale.flops`; facts from ``data/scaling_facts.csv`` through :func:`llmscale.catalog.row`.
The helpers here (the GPT-4 cost reconstruction, the Llama maxima) serve only the claims.
"""

from __future__ import annotations

import functools
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
from ..units import DAYS_PER_MONTH
from .ledger import Claim

#: The ledger's "as of" date for claims phrased "as of December 2024".
LEDGER_DATE = "2024-12-31"

#: Sardana et al. (2024), Figure 1: a Chinchilla-optimal model of 13B parameters serving 2T tokens of demand.
SARDANA_FIGURE1_PARAMS, SARDANA_FIGURE1_DEMAND_TOKENS = 13e9, 2e12

#: L7's model size as a fraction of the compute-optimal size ("one order of magnitude lower inference cost").
L7_SIZE_FRACTION = 0.1

#: Llama 2's training tokens as the Llama 3 paper quotes them (Dubey et al. 2024), for L5's note.
LLAMA2_TOKENS_QUOTED_BY_LLAMA3 = 1.8e12


@functools.cache
def _fact_row(name: str) -> dict:
    return catalog.row("scaling_facts", name)


def fact_row(name: str) -> dict:
    """The row of ``data/scaling_facts.csv`` called ``name`` (:func:`llmscale.catalog.row`, cached; a copy)."""
    return dict(_fact_row(name))


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


# --- L14-L22: trends, run sizes and durations ---------------------------------------------------

@dataclass(frozen=True)
class L14Trend:
    """L14's comparators in orders of magnitude per decade, each ``(value, low, high)``.

    ``natural``: hardware price-performance (Hobbhahn & Besiroglu 2022) times algorithmic
    progress (Ho et al. 2024), the "hardware and software capability" of the quote;
    ``physical``: Epoch's frontier training compute (Sevilla et al. 2024);
    ``effective``: physical compute times algorithmic progress.
    """

    hardware_per_year: float
    algorithmic_per_year: float
    natural: tuple[float, float, float]
    physical: tuple[float, float, float]
    effective: tuple[float, float, float]


@functools.cache
def l14_trend() -> L14Trend:
    hw, alg, g = fact_row("GPU price-performance doubling time"), fact_row("Algorithmic progress halving time"), \
        fact_row("Frontier training compute growth")

    def per_year(doubling_years):
        return float(growth.annual_factor_from_halving(12.0 * doubling_years))

    a, a_lo, a_hi = (float(growth.annual_factor_from_halving(m)) for m in (alg["value"], alg["high"], alg["low"]))
    h, h_lo, h_hi = per_year(hw["value"]), per_year(hw["high"]), per_year(hw["low"])
    o = growth.ooms_per_decade
    return L14Trend(h, a, (float(o(h * a)), float(o(h_lo * a_lo)), float(o(h_hi * a_hi))),
                    (float(o(g["value"])), float(o(g["low"])), float(o(g["high"]))),
                    (float(o(g["value"] * a)), float(o(g["low"] * a_lo)), float(o(g["high"] * a_hi))))


@dataclass(frozen=True)
class Durations:
    """Wall-clock training durations (days) of runs whose GPU-hours and GPU count are published, and GPT-4's leak."""

    llama405_days: float
    deepseek_v3_days: float
    gpt4_days: float
    gpt4_days_low: float
    gpt4_days_high: float

    @property
    def median_months(self) -> float:
        return sorted((self.llama405_days, self.deepseek_v3_days, self.gpt4_days))[1] / DAYS_PER_MONTH


@functools.cache
def durations() -> Durations:
    """GPU-hours / GPUs / 24: Llama 3.1 405B (model card, Dubey et al. 2024), DeepSeek-V3 pre-training (Table 1)."""
    llama = float(catalog.row("training_runs", "Llama 3.1 405B")["gpu_hours"]) / fact("Llama 3.1 405B H100 count") / 24
    ds = fact("DeepSeek-V3 pre-training GPU-hours") / fact("DeepSeek-V3 H800 count") / 24
    g = fact_row("GPT-4 training days")
    return Durations(llama, ds, float(g["value"]), float(g["low"]), float(g["high"]))


@dataclass(frozen=True)
class RunSize:
    """L11, L16, L21: GPUs in the largest documented single run and in the largest cluster; run costs (USD)."""

    largest_run_gpus: float
    gpus_per_node: float
    cluster_gpus: float
    llama405_usd: float
    h100_usd_per_hour: float


@functools.cache
def run_size() -> RunSize:
    price = fact("H100 rental price (SemiAnalysis)")
    hours = float(catalog.row("training_runs", "Llama 3.1 405B")["gpu_hours"])
    return RunSize(fact("Llama 3.1 405B H100 count"), float(catalog.row("systems", "HGX H100 (DGX H100)")["accelerators"]),
                   fact("xAI Colossus H100 count"), hours * price, price)


#: The last point of Rupp's clock-frequency data (2021.9), the end of L22's plateau window.
CLOCK_DATA_END = 2021.9


@dataclass(frozen=True)
class L22:
    """The fastest typical CPU clock's growth per year before and after 2004 (Rupp's microprocessor trend data)."""

    before_per_year: float
    after_per_year: float
    fastest_2004_mhz: float
    fastest_after_mhz: float


@functools.cache
def l22() -> L22:
    r90, r04, r21 = (fact_row(n) for n in ("Fastest CPU clock 1990", "Fastest CPU clock 2004", "Fastest CPU clock 2005-2021"))
    y90, y04 = growth.decimal_year(r90["date"]), growth.decimal_year(r04["date"])
    return L22(float((r04["value"] / r90["value"]) ** (1 / (y04 - y90))),
               float((r21["value"] / r04["value"]) ** (1 / (CLOCK_DATA_END - y04))), float(r04["value"]), float(r21["value"]))


def claim_rows() -> list[Claim]:
    """Chapter 02's ledger rows: one per leaf claim L1a-L22b (see each row's assumptions and note)."""
    from ._ch02_rows import claim_rows_tuple

    return list(claim_rows_tuple())


def rows_by_id() -> dict[str, Claim]:
    """Chapter 02's claim rows keyed by id."""
    return {c.id: c for c in claim_rows()}
