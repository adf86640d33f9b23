"""Chapter 02 (Llama over-training, inference-aware scaling, the data wall): every number, table and curve.

All functions take ``P``, the validated parameters (:func:`llmscale.params.setup`). :func:`numbers`
returns every glued value, formatted as the page prints it (glue name without ``c02_``); the other
functions return the tables the chapter displays and the arrays its figures plot. No formula lives
here: the optima and overheads are :mod:`llmscale.overtraining`'s, the data wall and compute
arithmetic :mod:`llmscale.growth`'s, and the claims' intermediates :mod:`llmscale.claims.ch02`'s.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from .. import catalog, claims, growth, units
from ..claims import ch02 as c02
from ..flops import training_flop
from ..laws import (
    CHINCHILLA_TOKENS_PER_PARAM,
    PRESETS,
    get_preset,
    optimal_loss,
    tokens_for_params,
    tokens_per_param_optimal,
)
from ..overtraining import (
    critical_size_fraction,
    fixed_loss_overhead,
    inference_aware_cost_optimum,
    inference_aware_optimum,
    lifetime_flop,
    lifetime_usd,
    llama_tokens_per_param,
    overtrained_loss,
    overtraining_table,
    size_fraction_for_overhead,
)

#: The models placed on each preset's loss landscape (figure "Llama models on the loss landscape").
LANDSCAPE_MODELS = ("LLaMA 7B", "LLaMA 65B", "Llama 2 70B", "Llama 3.1 8B", "Llama 3.1 70B", "Llama 3.1 405B")
#: Compute-optimal model sizes whose losses are the demand figure's targets (parameters).
DEMAND_TARGET_SIZES = (("7B", 7e9), ("13B", 13e9), ("70B", 70e9))
#: The label of Llama 3.1 8B's loss among the demand figure's targets.
LLAMA_8B_TARGET = "Llama 3.1 8B (15T tokens)"
#: Lifetime demand grid of the demand figure and the ratio maps (tokens).
DEMAND_GRID = np.logspace(9, 16, 71)
#: Compute budgets spanning the ratio maps' losses (FLOP): the compute-optimal losses from 1e26 to 1e20.
MAP_FLOP_RANGE = (1e26, 1e20)
#: Compute growth rates of the data-wall table besides the selected one (x per year).
WALL_GROWTHS = (2.5, 4.0, 5.0)
#: Datasets marked on the data-wall figure: label -> (release as a decimal year, label position).
#: Releases: Qwen2.5 September 2024, Llama 3.1 July 2024, GPT-4 March 2023.
_DATASET_POINTS = {"Qwen2.5": (2024.72, (2025.0, 2.6e13)), "Llama 3.1 405B": (2024.56, (2024.9, 4.5e12)),
                   "GPT-4 (leak)": (2023.2, (2023.3, 2.4e12))}
PRESETS_LIST = list(PRESETS)


def _law(P):
    return get_preset(P["preset"])


@functools.cache
def _hardware(name: str):
    """The catalogue accelerator called ``name`` (cached: the look-up is the slow part of a page)."""
    return catalog.hardware(name)


def _peak(P) -> float:
    return _hardware(P["hardware"]).peak_flop_per_s("bf16")


# --- the Llama line (L2-L5) ---------------------------------------------------------------------

def llama_line(P) -> pd.DataFrame:
    """Every Llama size: counted N, nominal N, D, D/N, 6ND and the compute-optimal D/N at the same 6ND (``opt_tpp``)."""
    llama = llama_tokens_per_param()
    llama["opt_tpp"] = tokens_per_param_optimal(llama["train_flop"].to_numpy(), _law(P))
    return llama


def llama_table(P) -> pd.DataFrame:
    """The chapter's table of the Llama line, formatted."""
    llama = llama_line(P)
    return pd.DataFrame({
        "model": llama["model"].to_numpy(),
        "N (counted)": llama["n_params"].map(units.format_count),
        "N (nominal)": llama["nominal_params"].map(units.format_count),
        "D (tokens)": llama["n_tokens"].map(units.format_count),
        "tokens/param": llama["tokens_per_param"].map(lambda v: f"{v:,.0f}"),
        "6ND (FLOP)": llama["train_flop"].map(units.format_flop),
        f"optimal tokens/param ({_law(P).name})": llama["opt_tpp"].map(lambda v: f"{v:,.0f}"),
    }).set_index("model")


@functools.cache
def _tables() -> dict[str, pd.DataFrame]:
    return {p: overtraining_table(preset=p).set_index("model") for p in PRESETS}


def overtraining_tables() -> dict[str, pd.DataFrame]:
    """:func:`llmscale.overtraining.overtraining_table` of the Llama line under every preset, indexed by model."""
    return {p: t.copy() for p, t in _tables().items()}


def overtraining_view() -> pd.DataFrame:
    """The chapter's table: per preset, the optimal N of equal loss, serving and training multiples."""
    tabs = _tables()
    cols = {("", "tokens/param"): tabs[PRESETS_LIST[0]]["tokens_per_param"].map(lambda v: f"{v:,.0f}")}
    for p in PRESETS_LIST:
        cols[(p, "optimal N of equal loss")] = tabs[p]["opt_n_params"].map(units.format_count)
        cols[(p, "serving × cheaper")] = tabs[p]["serving_ratio"].map(lambda v: f"{v:.2f}")
        cols[(p, "training × more")] = tabs[p]["train_multiple"].map(lambda v: f"{v:.2f}")
    view = pd.DataFrame(cols)
    view.columns = pd.MultiIndex.from_tuples(view.columns)
    return view


def llama_8b(P) -> pd.Series:
    """Llama 3.1 8B's row of the over-training table under the selected preset."""
    return _tables()[_law(P).name].loc["Llama 3.1 8B"]


def _and_list(names: list[str]) -> str:
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0] if names else "none of them"


# --- de Vries's fixed-loss overhead (L7, L8) ----------------------------------------------------

def overhead_curves() -> dict[str, tuple[np.ndarray, np.ndarray, float]]:
    """Per preset: (size reduction N*/N, training-compute multiple or NaN where impossible, critical reduction)."""
    k = np.logspace(-1.3, 0, 240)
    out = {}
    for p in PRESETS_LIST:
        kc = critical_size_fraction(p)
        kk = np.sort(np.concatenate([k, kc * (1 + np.logspace(-9, -1, 40))]))
        ov = fixed_loss_overhead(p, kk)
        out[p] = (1 / kk, np.where(ov.possible, ov.compute_multiple, np.nan), 1 / ov.critical_size_fraction)
    return out


def l7_claim_point() -> tuple[float, float]:
    """The L7 claim on the overhead figure: (size reduction N*/N, claimed training-compute multiple)."""
    return 1 / c02.L7_SIZE_FRACTION, claims.ledger("02").set_index("id").loc["L7a", "claimed"]


def overhead_table() -> pd.DataFrame:
    """Per preset: critical size, compute for a 10x smaller model, what 10x and 100x compute buy, and the loss
    of a 10x smaller model at 100x Llama 3.1 405B's reported compute."""
    c = c02.llama_reported_flop()
    rows = []
    for p in PRESETS_LIST:
        o10 = fixed_loss_overhead(p, 0.1)
        rows.append({
            "preset": p,
            "critical size (x smaller)": f"{1 / critical_size_fraction(p):.2f}",
            "compute for 10x smaller": f"{o10.compute_multiple:.2g}x" if o10.possible else "impossible",
            "10x compute buys": f"{1 / size_fraction_for_overhead(p, 10):.2f}x smaller",
            "100x compute buys": f"{1 / size_fraction_for_overhead(p, 100):.2f}x smaller",
            f"loss of 10x smaller at 100x, {units.format_sci(c)} FLOP (nats)": f"{overtrained_loss(c, 0.1, 100, p):.4f}",
            f"compute-optimal loss at {units.format_sci(c)} (nats)": f"{optimal_loss(c, p):.4f}",
        })
    return pd.DataFrame(rows).set_index("preset")


# --- Sardana et al.'s inference-aware optimum (L1, L6) ------------------------------------------

def demand_targets(P) -> dict[str, float]:
    """Target losses of the demand figure (nats/token): Chinchilla-optimal 7B, 13B, 70B and Llama 3.1 8B."""
    law = _law(P)
    targets = {f"Chinchilla-optimal {n}": law.loss(v, tokens_for_params(v, law)) for n, v in DEMAND_TARGET_SIZES}
    t8 = llama_8b(P)
    targets[LLAMA_8B_TARGET] = law.loss(t8["n_params"], t8["n_tokens"])
    return targets


def demand_curves(P) -> dict[str, tuple[float, np.ndarray, np.ndarray]]:
    """Per target: (loss, optimal N / Chinchilla-optimal N, total-compute saving in %) over :data:`DEMAND_GRID`."""
    out = {}
    for label, loss in demand_targets(P).items():
        x = inference_aware_optimum(loss, DEMAND_GRID, _law(P))
        out[label] = (loss, x.n_params / x.chinchilla_n_params, 100 * x.savings_fraction)
    return out


def ratio_maps(P):
    """Sardana-style maps over demand and loss: ``(demand_grid, loss_grid, [(label, ratio, levels, lines)], star)``.

    Ratios of the inference-aware optimum to the Chinchilla-optimal model of equal loss;
    ``star`` is (demand, loss) of Sardana et al.'s 13B example under the selected preset.
    """
    law = _law(P)
    loss_grid = np.linspace(optimal_loss(MAP_FLOP_RANGE[0], law), optimal_loss(MAP_FLOP_RANGE[1], law), 60)
    grid = inference_aware_optimum(loss_grid[:, None], DEMAND_GRID[None, :], law)
    shares = np.linspace(0.1, 1, 10)
    folds = np.array([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000])
    ratios = [("(a) total FLOP, training + inference", grid.total_flop / grid.chinchilla_total_flop, shares,
               [0.2, 0.5, 0.8]),
              ("(b) parameters N", grid.n_params / grid.chinchilla_n_params, shares, [0.2, 0.5, 0.8]),
              ("(c) pre-training tokens D", grid.n_tokens / grid.chinchilla_n_tokens, folds, [10, 100, 1000])]
    n13 = c02.SARDANA_FIGURE1_PARAMS
    star = (c02.SARDANA_FIGURE1_DEMAND_TOKENS, law.loss(n13, tokens_for_params(n13, law)))
    return DEMAND_GRID, loss_grid, ratios, star


def candidates_table(P) -> pd.DataFrame:
    """Llama 3.1 8B's loss reached four ways, at the selected demand, MFUs and price: lifetime FLOP and dollars."""
    loss8 = demand_targets(P)[LLAMA_8B_TARGET]
    law, peak, d_inf = _law(P), _peak(P), P["inference_tokens"]
    kw = dict(training_mfu=P["training_mfu"], inference_mfu=P["inference_mfu"], peak_flop_per_s=peak,
              usd_per_gpu_hour=P["usd_per_gpu_hour"])
    flop_opt = inference_aware_optimum(loss8, d_inf, law)
    usd_opt = inference_aware_cost_optimum(loss8, d_inf, law, **kw)
    t8 = llama_8b(P)
    cands = {
        "Chinchilla-optimal of equal loss": (flop_opt.chinchilla_n_params, flop_opt.chinchilla_n_tokens),
        "Llama 3.1 8B as trained": (t8["n_params"], t8["n_tokens"]),
        "FLOP-optimal (Sardana)": (flop_opt.n_params, flop_opt.n_tokens),
        "dollar-optimal (Sardana, two MFUs)": (usd_opt.optimum.n_params, usd_opt.optimum.n_tokens),
    }

    def usd(n, d):
        return float(lifetime_usd(n, d, d_inf, **kw))

    base = usd(*cands["Chinchilla-optimal of equal loss"])
    return pd.DataFrame([{
        "model": k, "N": units.format_count(n), "D": units.format_count(d), "tokens/param": f"{d / n:,.0f}",
        "training FLOP": units.format_flop(training_flop(n, d)),
        "lifetime FLOP": units.format_flop(lifetime_flop(n, d, d_inf)),
        "lifetime cost": units.format_usd(usd(n, d), 3),
        "saving vs Chinchilla": f"{1 - usd(n, d) / base:.1%}",
    } for k, (n, d) in cands.items()]).set_index("model")


# --- compute arithmetic (L9, L11, L12, L14, L15) ------------------------------------------------

def arithmetic_table(P) -> pd.DataFrame:
    """The chapter's compute-arithmetic table: one row per computation, on the selected GPU and training MFU."""
    hw, peak, mt = _hardware(P["hardware"]), _peak(P), P["training_mfu"]
    c = c02.llama_reported_flop()
    g4, r9, r11, r14, r15 = c02.gpt4_reconstruction(), c02.l9(), c02.l11(), c02.l14(), c02.l15()
    c405 = c02.l5().c405
    f = c02.fact
    g4_mfu, g4_days = c02.fact_row("GPT-4 training MFU"), c02.fact_row("GPT-4 training days")
    g4_peak = _hardware("A100 SXM 80GB").peak_flop_per_s("bf16")
    g4_gpus, g4_price = f("GPT-4 A100 count"), f("GPT-4 A100 rental price")
    epoch, ci = r14.growth, r15.halving
    c_s = units.format_sci(c)
    arith = [
        ("L9", "largest run known by Dec 2024 (Epoch AI estimates and reported runs)",
         f"{r9.name}: {units.format_flop(r9.flop)}; runner-up estimate Claude 3.5 Sonnet "
         f"{units.format_flop(r9.sonnet_flop, 3)}; Llama 3.1 405B 6ND {units.format_flop(c405, 3)}"),
        ("L11", f"days to train {c_s} FLOP on {r11.gpus:,.0f} {hw.name} at {mt:.0%} MFU",
         f"{growth.training_days(c, r11.gpus, peak, mt):.1f} days; on {r11.planned_gpus:,.0f}: "
         f"{24 * growth.training_days(c, r11.planned_gpus, peak, mt):.0f} hours"),
        ("L12", f"GPT-4 parameters from the leak: {f('GPT-4 experts'):.0f} × {f('GPT-4 expert MLP parameters') / 1e9:.0f}B "
                f"experts + {f('GPT-4 shared attention parameters') / 1e9:.0f}B shared "
                f"({f('GPT-4 experts per token'):.0f} experts per token)",
         f"{units.format_count(g4.total_params)} total, {units.format_count(g4.active_params)} active"),
        ("L12", f"GPT-4 run: 6 × {f('GPT-4 active parameters') / 1e9:.0f}B × {g4.tokens / 1e12:.0f}T tokens on A100 "
                f"({g4_peak / 1e12:.0f} TFLOP/s) at {100 * g4_mfu['low']:.0f}-{100 * g4_mfu['high']:.0f} % MFU, "
                f"${g4_price:.0f}/GPU-hour",
         f"{units.format_flop(g4.flop, 3)}: {units.format_usd(g4.usd_from_flop)} "
         f"({units.format_usd(g4.usd_low)}-{units.format_usd(g4.usd_high)}); {g4_gpus:,.0f} × {g4_days['value']:.0f} "
         f"days: {units.format_usd(g4.usd_from_gpu_days)}"),
        ("L12", f"what $63M implies on {g4_gpus:,.0f} A100s",
         f"{g4.days_for_63m:.0f} days at ${g4_price:.0f}/h, or {g4.mfu_for_63m:.0%} MFU over the FLOP above"),
        ("L14", "six orders of magnitude per decade, per year",
         f"{r14.six_per_decade_per_year:.2f}x per year; Epoch AI {epoch['low']:.0f}-{epoch['high']:.0f}x per year = "
         f"{growth.ooms_per_decade(epoch['low']):.1f}-{growth.ooms_per_decade(epoch['high']):.1f} per decade"),
        ("L14", "physical compute × algorithmic progress (effective compute)",
         f"{r14.effective_ooms_per_decade:.1f} orders of magnitude per decade"),
        ("L15", f"algorithmic progress: 'a third per year' vs Ho et al. (halving every {ci['value']:.0f} months, "
                f"{ci['low']:.0f}-{ci['high']:.0f})",
         f"claimed 1.5x per year; Ho et al. {r15.per_year:.2f}x per year "
         f"({r15.per_year_low:.2f}-{r15.per_year_high:.1f}x)"),
        ("L15", f"{hw.name} needed for a {c_s} FLOP run in 1-2 months at {mt:.0%} MFU",
         f"{growth.gpus_for_run(c, 2 * units.DAYS_PER_MONTH, peak, mt):,.0f}-"
         f"{growth.gpus_for_run(c, units.DAYS_PER_MONTH, peak, mt):,.0f}; "
         f"Meta used up to {r15.meta_gpus:,.0f} H100s"),
    ]
    return pd.DataFrame(arith, columns=["claim", "computation", "result"]).set_index("claim")


# --- the data wall (L10) ------------------------------------------------------------------------

def policies(P) -> dict[str, float | None]:
    """Data policies of the data-wall figure: label -> tokens per parameter (``None``: compute-optimal)."""
    tpp = llama_tokens_per_param().set_index("model")["tokens_per_param"]
    return {
        f"compute-optimal ({_law(P).name})": None,
        f"{CHINCHILLA_TOKENS_PER_PARAM:.0f} tokens/param (Chinchilla rule of thumb)": CHINCHILLA_TOKENS_PER_PARAM,
        f"Llama 3.1 405B ratio ({tpp['Llama 3.1 405B']:.0f})": float(tpp["Llama 3.1 405B"]),
        f"Llama 3.1 8B ratio ({tpp['Llama 3.1 8B']:,.0f})": float(tpp["Llama 3.1 8B"]),
    }


def wall_years(P, stock_tokens=None, growth_per_year=None) -> dict[str, float]:
    """Per policy: the year the frontier run's dataset reaches the stock (default: the selected stock and growth)."""
    s = P["data_stock_tokens"] if stock_tokens is None else stock_tokens
    g = P["compute_growth_per_year"] if growth_per_year is None else growth_per_year
    r9 = c02.l9()
    return {label: float(growth.data_wall_year(s, r9.flop, r9.year, g, r, _law(P))) for label, r in policies(P).items()}


def data_wall_curves(P):
    """``(years, {policy: dataset tokens per year}, {policy: wall year})`` for the data-wall figure."""
    wall = wall_years(P)
    r9 = c02.l9()
    years = np.linspace(2023, max(2034, np.ceil(max(wall.values())) + 1), 45)
    C = growth.frontier_flop(years, r9.flop, r9.year, P["compute_growth_per_year"])
    return years, {label: growth.dataset_tokens(C, r, _law(P)) for label, r in policies(P).items()}, wall


def dataset_points() -> list[tuple[str, float, float, tuple[float, float]]]:
    """Datasets marked on the data-wall figure: (label, tokens, decimal year, label position)."""
    tokens = {"Qwen2.5": c02.fact("Qwen2.5 pre-training tokens"),
              "Llama 3.1 405B": catalog.model("Llama 3.1 405B").tokens_trained,
              "GPT-4 (leak)": c02.fact("GPT-4 training tokens")}
    return [(label, tokens[label], year, xy) for label, (year, xy) in _DATASET_POINTS.items()]


def data_wall_table(P) -> pd.DataFrame:
    """The year each policy passes the selected stock, for several compute growth rates."""
    growths = sorted({*WALL_GROWTHS, P["compute_growth_per_year"]})
    by_g = {g: wall_years(P, growth_per_year=g) for g in growths}
    return pd.DataFrame([{"policy": label, **{f"{g:g}x/yr": f"{by_g[g][label]:.1f}" for g in growths}}
                         for label in policies(P)]).set_index("policy")


# --- every glued number ---------------------------------------------------------------------------

def numbers(P) -> dict[str, str]:
    """Every value the chapter glues, formatted as the page prints it (names without the ``c02_`` prefix)."""
    law, hw, peak, mt = _law(P), _hardware(P["hardware"]), _peak(P), P["training_mfu"]
    rows = c02.rows_by_id()
    r5, r7, r9, r10, r11, r14 = c02.l5(), c02.l7(), c02.l9(), c02.l10(), c02.l11(), c02.l14()
    g4, fig1 = c02.gpt4_reconstruction(), c02.l6().optimum
    tabs = _tables()
    t8 = llama_8b(P)
    llama = llama_tokens_per_param().set_index("model")
    c = c02.llama_reported_flop()
    out = {
        "preset": law.name,
        **claims.verdict_glue("02"),
        "hardware": hw.name,
        "growth": f"{P['compute_growth_per_year']:g}",
        "stock": units.format_count(P["data_stock_tokens"]),
        "demand": units.format_count(P["inference_tokens"]),
    }
    led = claims.ledger("02").set_index("id")
    for cid, leaf in (("L2", "L2a"), ("L3", "L3b"), ("L4", "L4a")):
        out[f"{cid.lower()}_max"] = f"{rows[leaf].recomputed:,.0f}"
    out["tpp_8b"] = f"{rows['L4a'].recomputed:,.0f}"
    out["c405"] = units.format_flop(r5.c405, 3)
    out["c70"] = units.format_flop(r5.c70, 3)
    out["l5_ratio"] = f"{r5.ratio:.0f}"
    out["l5_gap"] = f"{100 * (1 - r5.ratio / led.loc['L5b', 'claimed']):.0f}"
    out["l23_above"] = "–".join(sorted({f"{100 * (led.loc[c_, 'recomputed'] / led.loc[c_, 'claimed'] - 1):.1f}"
                                        for c_ in ("L2a", "L3b")}))
    out["l5_ratio18"] = f"{r5.ratio_quoted_tokens:.0f}"
    out["tpp_405"] = f"{llama.loc['Llama 3.1 405B', 'tokens_per_param']:.0f}"
    out["opt_tpp_405_hoff"] = f"{tokens_per_param_optimal(r5.c405, 'hoffmann2022'):.0f}"
    out["8b_opt_n"] = units.format_count(t8["opt_n_params"])
    out["8b_serving"] = f"{t8['serving_ratio']:.1f}"
    out["8b_train_mult"] = f"{t8['train_multiple']:.1f}"
    out["8b_breakeven"] = units.format_count(t8["breakeven_inference_tokens"])
    best = sorted({tabs[p]["serving_ratio"].idxmax() for p in PRESETS_LIST})
    out["best_saver"] = " and ".join(best) + (" in every preset" if len(best) == 1 else "")
    under = {p: [m for m in tabs[p].index if tabs[p].loc[m, "serving_ratio"] < 1] for p in PRESETS_LIST}
    hoff_under = sorted(set(under["hoffmann2022"]) & set(under["hoffmann2022_unrounded"]),
                        key=list(tabs["hoffmann2022"].index).index)
    out["under_hoff"] = _and_list(hoff_under)
    n_bes = int((tabs["besiroglu2024"]["serving_ratio"] > 1).sum())
    n_all = len(tabs["besiroglu2024"])
    out["over_bes"] = f"all {n_all}" if n_bes == n_all else f"{n_bes} of the {n_all}"
    out["l7_hoff"] = units.format_sci(r7.overhead.compute_multiple)
    buys = [b for _, b in r7.buys]
    out["l7_buys"] = f"{min(buys):.1f}× to {max(buys):.1f}× smaller models"
    crit = dict(r7.critical)
    out["crit_hoff"] = f"{crit['hoffmann2022']:.1f}"
    out["crit_bes"] = f"{crit['besiroglu2024']:.1f}"
    out["8b_be_frac"] = f"{t8['breakeven_inference_tokens'] / t8['n_tokens']:.0%}"
    out["fig1"] = (f"a {units.format_count(fig1.n_params)} model saving {units.format_flop(fig1.savings_flop)} "
                   f"({100 * fig1.savings_fraction:.0f} %)")
    out["mfu_t"] = f"{P['training_mfu']:.0%}"
    out["mfu_i"] = f"{P['inference_mfu']:.0%}"
    out["jones"] = f"{c02.l8().test_per_10x_train:.1f}"
    out["l8_llm"] = f"{1 / size_fraction_for_overhead(law, 10):.1f}"
    out["colossus_days"] = f"{growth.training_days(c, r11.gpus, peak, mt):.1f}"
    out["g4_total"] = units.format_count(g4.total_params)
    out["g4_usd"] = units.format_usd(g4.usd_from_flop)
    out["l9_gap"] = f"{abs(1 - r9.sonnet_flop / r9.flop):.1%}"
    out["l15_gpus"] = (f"{growth.gpus_for_run(c, 2 * units.DAYS_PER_MONTH, peak, mt):,.0f}–"
                       f"{growth.gpus_for_run(c, units.DAYS_PER_MONTH, peak, mt):,.0f} {hw.name}")
    out["six_ooms"] = f"{r14.six_per_decade_per_year:.2f}"
    out["eff_ooms"] = f"{r14.effective_ooms_per_decade:.1f}"
    head = P["data_stock_tokens"] / r10.dataset_tokens
    out["headroom"] = f"{head:.0f}" if head >= 10 else f"{head:.2g}"
    out["headroom_words"] = (f"that leaves {out['headroom']}× of headroom" if head >= 1 else
                             f"the stock is smaller than that dataset ({out['headroom']}×): no headroom at all")
    out["start"] = f"{r9.name} ({units.format_flop(r9.flop)}, {r9.year:.1f})"
    wall = wall_years(P)
    eff = r10.effective_stock
    wall_eff = wall_years(P, stock_tokens=eff["value"])
    labels = list(policies(P))
    out["wall_opt"] = f"{wall[labels[0]]:.1f}"
    out["wall_8b"] = f"{wall[labels[3]]:.1f}"
    out["wall_opt_eff"] = f"{wall_eff[labels[0]]:.1f}"
    out["wall_8b_eff"] = f"{wall_eff[labels[3]]:.1f}"
    out["eff_stock"] = units.format_count(eff["value"])
    out.update(new_claim_numbers())
    return out


def new_claim_numbers() -> dict[str, str]:
    """Glued values of the readings and of claims L14-L22 (independent of the parameters)."""
    r7, tr, r15, du, rs, c22 = c02.l7(), c02.l14_trend(), c02.l15(), c02.durations(), c02.run_size(), c02.l22()
    buys = dict(r7.buys)
    m = units.DAYS_PER_MONTH
    return {
        "l7_premise_hoff": f"{buys['hoffmann2022']:.1f}",
        "l7_premise_bes": f"{buys['besiroglu2024']:.2f}",
        "l14_hw": f"{tr.hardware_per_year:.2f}",
        "l14_alg": f"{tr.algorithmic_per_year:.2f}",
        "l14_natural": f"{tr.natural[0]:.1f} ({tr.natural[1]:.1f}–{tr.natural[2]:.1f})",
        "l14_physical": f"{tr.physical[0]:.1f}–{tr.physical[2]:.1f}",
        "l14_effective": f"{tr.effective[0]:.1f} ({tr.effective[1]:.1f}–{tr.effective[2]:.1f})",
        "l15_ho": f"{r15.per_year:.2f}× ({r15.per_year_low:.2f}–{r15.per_year_high:.1f}×)",
        "l15_llama_months": f"{du.llama405_days / m:.1f}",
        "l15_ds_months": f"{du.deepseek_v3_days / m:.1f}",
        "l15_gpt4_months": f"{du.gpt4_days_low / m:.1f}–{du.gpt4_days_high / m:.1f}",
        "l16_run_gpus": f"{rs.largest_run_gpus:,.0f}",
        "l16_cluster_gpus": f"{rs.cluster_gpus:,.0f}",
        "l16_usd": units.format_usd(rs.llama405_usd),
        "l21_nodes": f"{rs.largest_run_gpus / rs.gpus_per_node:,.0f}",
        "l17_1965": f"{c02.fact('Moore 1965 doubling time'):g}",
        "l17_1975": f"{c02.fact('Moore 1975 doubling time'):g}",
        "l22_before": f"{c22.before_per_year:.2f}",
        "l22_after": f"{c22.after_per_year:.3f}",
        "l22_ghz": f"{c22.fastest_2004_mhz / 1e3:.2f}",
        "l22_ghz_max": f"{c22.fastest_after_mhz / 1e3:.2f}",
    }
