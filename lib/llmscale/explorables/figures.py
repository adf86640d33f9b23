"""The chapters' explorable figures: one call per chapter cell, over the grids of :mod:`.grids`."""

from __future__ import annotations

import inspect

import numpy as np

from .. import laws, units
from .grids import (
    ALL,
    BAND_PRESET,
    CATCH_UP_TEXT,
    DATA_WALL_TEXT,
    FRONTIER_TEXT,
    KV_FIT_TEXT,
    LIFETIME_BUDGETS,
    LIFETIME_TEXT,
    MEASURED_ALL,
    ROOFLINE_TEXT,
    VOTING_TEXT,
    catch_up_grid,
    data_wall_grid,
    frontier_grid,
    kv_fit_grid,
    lifetime_cost_grid,
    measured_grid,
    measured_text,
    roofline_grid,
    voting_grid,
)


def _pick(value, options, fallback):
    """``value`` if the grid has it, else ``fallback`` (a rerun may ask for a value outside the grid)."""
    vals = list(options)
    return value if value in vals else fallback


def _note(asked: dict, used: dict) -> str:
    off = [f"{k} = {v}" for k, v in asked.items() if v is not None and used.get(k) != v]
    return f" The chapter's selection ({', '.join(off)}) is outside the grid; the figure opens at its default." if off else ""


def frontier_figure(grid=None, preset="besiroglu2024", compute_flop=1e24):
    """Chapter 01's explorable figure over :func:`frontier_grid`."""
    from ..explore import Control, figure

    g = frontier_grid() if grid is None else grid
    flops = sorted(g["compute_flop"].unique())
    used = {"preset": _pick(preset, g["preset"].unique(), BAND_PRESET),
            "compute_flop": flops[int(np.argmin(np.abs(np.log10(flops) - np.log10(compute_flop))))]}
    return figure(
        g, name="frontier", title="Compute-optimal tokens per parameter",
        controls=[Control("preset", "Law preset", default=used["preset"]),
                  Control("compute_flop", "Training compute", "FLOP", kind="range", default=used["compute_flop"],
                          format=units.format_flop)],
        x="compute_flop", y="tokens_per_param", color="preset", band=("tpp_low", "tpp_high"), text=FRONTIER_TEXT,
        x_title="Training compute C (FLOP)", y_title="Tokens per parameter D/N", x_scale="log", y_scale="log",
        y_format="~g", alt_text="Compute-optimal tokens per parameter against training compute, one line per law preset",
        caption=("Computed by llmscale.explorables.frontier_grid over 4 presets x 29 budgets (1e20 to 1e27 FLOP, "
                 "quarter-decade steps); the band is the 5-95 % range over 100 bootstrap refits of 240 synthetic "
                 "runs drawn from Epoch's law (2 % log-loss noise). Kaplan's line is N = 1.3e9 (C / PF-day)^0.73 "
                 "(non-embedding parameters, fitted up to 0.1 PF-day) with D = C / 6N. The browser only selects grid "
                 "rows."))


def _grid_for(grid_fn, **chosen):
    """``grid_fn`` called with only the arguments that differ from its own defaults, so that the
    book's grid stays one disk-cache entry (:func:`llmscale._diskcache.cached` keys on arguments;
    30 and 30.0 count as the same). The grid function checks the values and names a bad one."""
    defaults = inspect.signature(grid_fn).parameters
    return grid_fn(**{k: v for k, v in chosen.items() if v != defaults[k].default})


def lifetime_cost_figure(grid=None, inference_tokens=2e13, budget_flop=1e24, preset="hoffmann2022",
                         training_mfu=0.4, inference_mfu=0.25, hardware="H100 SXM", usd_per_gpu_hour=2.0):
    """Chapter 02's lifetime-cost explorable figure over :func:`lifetime_cost_grid`, computed at the
    run's law, MFUs, chip and price (the caption states them)."""
    from ..explore import Control, figure

    g = _grid_for(lifetime_cost_grid, preset=preset, training_mfu=training_mfu, inference_mfu=inference_mfu,
                  gpu=hardware, usd_per_gpu_hour=usd_per_gpu_hour) if grid is None else grid
    dem = sorted(g["demand_tokens"].unique())
    used = {"demand_tokens": dem[int(np.argmin(np.abs(np.log10(dem) - np.log10(inference_tokens))))],
            "budget_flop": _pick(budget_flop, g["budget_flop"].unique(), LIFETIME_BUDGETS[1])}
    return figure(
        g, name="lifetime-cost", title="Lifetime cost at fixed loss",
        controls=[Control("demand_tokens", "Lifetime inference demand", "tokens", kind="range",
                          default=used["demand_tokens"], format=units.format_count),
                  Control("budget_flop", "Target loss: that of the compute-optimal model of", "FLOP",
                          default=used["budget_flop"], format=units.format_flop)],
        x="n_params", y="lifetime_usd", text=LIFETIME_TEXT, x_scale="log", y_scale="log",
        x_title="Model size N (parameters)", y_title="Training + inference cost (USD)", x_format="~s", y_format="$~s",
        alt_text="Lifetime cost against model size at a fixed loss",
        caption=("Computed by llmscale.explorables.lifetime_cost_grid: 3 target losses x 10 demands (1e10 to 3e14 "
                 "tokens, half-decade steps) x 41 model sizes (0.1x to 3x the compute-optimal size, log-spaced); "
                 f"the {laws.get_preset(preset).name} law, {hardware} BF16 peak, {100 * training_mfu:g} % training "
                 f"and {100 * inference_mfu:g} % inference MFU, ${float(usd_per_gpu_hour):g} per GPU-hour."))


def data_wall_figure(grid=None, growth_per_year=4.0, stock_tokens=510e12):
    """Chapter 02's data-wall explorable figure over :func:`data_wall_grid`."""
    from ..explore import Control, figure

    g = data_wall_grid(stock_tokens=stock_tokens) if grid is None else grid
    used = {"growth_per_year": _pick(growth_per_year, g["growth_per_year"].unique(), 4.0)}
    pol = sorted(g["policy"].unique())[0]
    return figure(
        g, name="data-wall", title="When the frontier dataset meets the data stock",
        controls=[Control("growth_per_year", "Frontier compute growth", "x per year", kind="range",
                          default=used["growth_per_year"], format=lambda v: f"{v:g}x"),
                  Control("policy", "Data policy", default=pol)],
        x="year", y="dataset_tokens", color="policy", hline=(stock_tokens, f"stock {units.format_count(stock_tokens)}"),
        text=DATA_WALL_TEXT, y_scale="log", x_title="Year", y_title="Frontier run's dataset (tokens)", x_format="d",
        y_format="~s", alt_text="Frontier dataset size per year against the data stock",
        caption=("Computed by llmscale.explorables.data_wall_grid: 10 growth rates (2x to 10x a year) x 3 data "
                 "policies x 35 years (2023 to 2040, half-year steps), from the largest run known at the end of 2024."
                 + _note({"growth_per_year": growth_per_year}, used)))


def catch_up_figure(grid=None, months_per_10x=4.0, frontier_growth_per_year=4.0, gap_orders_of_magnitude=2.0):
    """Chapter 03's explorable figure over :func:`catch_up_grid`."""
    from ..explore import Control, figure

    g = catch_up_grid() if grid is None else grid
    used = {"months_per_10x": _pick(months_per_10x, g["months_per_10x"].unique(), 4.0),
            "frontier_growth_per_year": _pick(frontier_growth_per_year, g["frontier_growth_per_year"].unique(), 4.0),
            "gap_oom": _pick(gap_orders_of_magnitude, g["gap_oom"].unique(), 2.0)}
    return figure(
        g, name="catch-up", title="Reasoning-RL compute catching up with the frontier",
        controls=[Control("months_per_10x", "Reasoning compute: 10x every", "months", kind="range",
                          default=used["months_per_10x"], format=lambda v: f"{v:g}"),
                  Control("frontier_growth_per_year", "Frontier growth", "x per year",
                          default=used["frontier_growth_per_year"], format=lambda v: f"{v:g}x"),
                  Control("gap_oom", "Gap today", "orders of magnitude", default=used["gap_oom"],
                          format=lambda v: f"{v:g}")],
        x="month", y="relative_compute", color="series", text=CATCH_UP_TEXT, y_scale="log",
        x_title="Months from now", y_title="Training compute (today's frontier = 1)", x_format="d", y_format="~g",
        alt_text="Reasoning-RL and frontier training compute over the next four years",
        caption=("Computed by llmscale.explorables.catch_up_grid: 6 reasoning growth rates x 3 frontier growth "
                 "rates x 3 gaps x 25 months (0 to 48, 2-month steps)."
                 + _note({"months_per_10x": months_per_10x, "frontier_growth_per_year": frontier_growth_per_year,
                          "gap_oom": gap_orders_of_magnitude}, used)))


def roofline_figure(grid=None, model="Llama 3.1 405B", hardware="H100 SXM", n_gpus=8, weight_precision="fp8",
                    kv_precision="bf16", seq_len=8192, tokens_per_s_per_user=30.0, bandwidth_efficiency=None,
                    mfu=None, usd_per_gpu_hour=2.0):
    """Chapter 04's roofline explorer over :func:`roofline_grid`.

    The grid is computed at the run's interactivity target, efficiencies (``None``: each chip's
    measured fit) and price, so that a rerun's explorer agrees with its own tables; the caption
    states them.
    """
    from ..explore import Control, figure

    g = _grid_for(roofline_grid, target_tokens_per_s_per_user=tokens_per_s_per_user,
                  bandwidth_efficiency=bandwidth_efficiency, mfu=mfu,
                  usd_per_gpu_hour=usd_per_gpu_hour) if grid is None else grid
    fitted = "fitted to published measured servers at its weight format (chapter 06)"
    if bandwidth_efficiency is None and mfu is None:
        eff = f"each chip's bandwidth efficiency and MFU {fitted}"
    elif bandwidth_efficiency is not None and mfu is not None:
        eff = f"bandwidth efficiency {bandwidth_efficiency:g} and MFU {mfu:g} on every chip (this run's values)"
    elif bandwidth_efficiency is not None:
        eff = f"bandwidth efficiency {bandwidth_efficiency:g} on every chip (this run's) and each chip's MFU {fitted}"
    else:
        eff = f"MFU {mfu:g} on every chip (this run's) and each chip's bandwidth efficiency {fitted}"
    rate = f"{float(tokens_per_s_per_user):g}"
    seqs = sorted(g["seq_len"].unique())
    used = {"model": _pick(model, g["model"].unique(), "Llama 3.1 405B"),
            "hardware": _pick(hardware, g["hardware"].unique(), "H100 SXM"),
            "n_gpus": _pick(n_gpus, g["n_gpus"].unique(), 8),
            "weight_precision": _pick(weight_precision, g["weight_precision"].unique(), "fp8"),
            "kv_precision": _pick(kv_precision, g["kv_precision"].unique(), "bf16"),
            "seq_len": seqs[int(np.argmin(np.abs(np.log2(seqs) - np.log2(seq_len))))]}
    prec = {"bf16": "BF16", "fp8": "FP8"}
    return figure(
        g, name="roofline", title="Decode throughput at the interactivity target",
        controls=[Control("model", "Model", default=used["model"]),
                  Control("hardware", "Chip", default=used["hardware"]),
                  Control("n_gpus", "GPUs", default=used["n_gpus"]),
                  Control("weight_precision", "Weights", default=used["weight_precision"], format=prec),
                  Control("kv_precision", "KV cache", default=used["kv_precision"], format=prec),
                  Control("seq_len", "Context", "tokens", kind="range", default=used["seq_len"],
                          format=lambda v: f"{v:,}")],
        x="seq_len", y="tokens_per_s_per_gpu", color="hardware", text=ROOFLINE_TEXT, x_scale="log", y_scale="log",
        x_title="Context length (tokens)", y_title="Tokens/s per GPU", x_format="~s", y_format="~s",
        alt_text="Decode tokens per second per GPU against context length, one line per chip",
        caption=("Computed by llmscale.explorables.roofline_grid: 4 models x 4 chips x 1/2/4/8 GPUs x BF16/FP8 "
                 f"weights x BF16/FP8 KV x 5 context lengths (1k to 128k) = 1,280 configurations, at {rate} tokens/s "
                 f"per user, {eff} and ${float(usd_per_gpu_hour):g} per GPU-hour. Missing points do not fit or "
                 f"cannot reach {rate} tokens/s." + _note({"model": model, "hardware": hardware, "n_gpus": n_gpus,
                                                     "weight_precision": weight_precision,
                                                     "kv_precision": kv_precision}, used)))


def voting_figure(grid=None, p_correct=0.6, n_wrong_answers=3, k=5, model="Llama 3.1 405B", hardware="H100 SXM",
                  n_gpus=8, weight_precision="fp8", kv_precision="bf16", users=32, prompt_tokens=1000,
                  output_tokens=7661):
    """Chapter 05's explorable figure over :func:`voting_grid`; the cost multiple at the run's
    serving set-up (the caption states it)."""
    from ..explore import Control, figure

    g = _grid_for(voting_grid, model=model, hardware=hardware, n_gpus=n_gpus, weight_precision=weight_precision,
                  kv_precision=kv_precision, users=users, prompt_tokens=prompt_tokens,
                  output_tokens=output_tokens) if grid is None else grid
    ps = sorted(g["p_correct"].unique())
    used = {"p_correct": ps[int(np.argmin(np.abs(np.asarray(ps) - p_correct)))],
            "n_wrong_answers": _pick(n_wrong_answers, g["n_wrong_answers"].unique(), 3),
            "k": _pick(k, g["k"].unique(), 5)}
    return figure(
        g, name="voting", title="Majority vote and pass@k against the number of samples",
        controls=[Control("p_correct", "Per-sample accuracy", kind="range", default=used["p_correct"],
                          format=lambda v: f"{v:.0%}"),
                  Control("n_wrong_answers", "Distinct wrong answers", default=used["n_wrong_answers"]),
                  Control("k", "Samples k", kind="range", default=used["k"], format=lambda v: f"{v:,}")],
        x="k", y="accuracy", color="method", text=VOTING_TEXT, x_scale="log", x_title="Samples k",
        y_title="Accuracy", x_format="~s", y_format=".0%", alt_text="Majority-vote and pass@k accuracy against k",
        caption=("Computed by llmscale.explorables.voting_grid: 7 per-sample accuracies (30 % to 90 %) x 6 "
                 f"wrong-answer spreads x 17 values of k (1 to 1,000); the cost multiple is for {int(users):,} "
                 f"quer{'y' if int(users) == 1 else 'ies'} on {int(n_gpus)} {hardware} serving {model} "
                 f"({weight_precision.upper()} weights{'' if kv_precision == 'bf16' else f', {kv_precision.upper()} KV cache'}), "
                 f"{int(prompt_tokens):,} prompt and {int(output_tokens):,} output tokens per stream."
                 + _note({"n_wrong_answers": n_wrong_answers, "k": k}, used)))


def measured_figure(grid=None, model=ALL, hardware=ALL, publisher=ALL):
    """Chapter 06's explorable figure over :func:`measured_grid`: held-out prediction against measurement."""
    from ..explore import Control, figure

    g = measured_grid() if grid is None else grid
    used = {k: _pick(v, g[k].unique(), ALL) for k, v in
            (("model", model), ("hardware", hardware), ("publisher", publisher))}
    return figure(
        g, name="measured", title="Held-out prediction against published measurement",
        controls=[Control(k, label, default=used[k], format=lambda v, k=k: MEASURED_ALL[k] if v == ALL else v)
                  for k, label in (("model", "Model"), ("hardware", "Chip"), ("publisher", "Publisher"))],
        x="measured", y="held_out", color="mode", text=measured_text, mark="point", diagonal=True,
        x_scale="log", y_scale="log", x_title="Measured output tokens/s", y_title="Predicted, held out (tokens/s)",
        x_format="~s", y_format="~s", alt_text="Scatter of held-out predicted against measured throughput with y = x",
        caption=("Computed by llmscale.explorables.measured_grid from data/serving_measured.csv: each published "
                 "measurement with a held-out prediction (llmscale.serving at efficiencies fitted without the "
                 "point's publisher, else without its source), by model, chip and publisher; dashed: y = x. "
                 "Median errors from llmscale.serving_fit.mdape." + _note(
                     {"model": model, "hardware": hardware, "publisher": publisher}, used)))


def kv_fit_figure(grid=None, model="Llama 3.1 405B", hardware="H100 SXM", weight_precision="bf16", kv_precision="bf16",
                  seq_len=32768):
    """Chapter 00's explorable figure over :func:`kv_fit_grid`."""
    from ..explore import Control, figure

    g = kv_fit_grid() if grid is None else grid
    seqs = sorted(g["seq_len"].unique())
    used = {"model": _pick(model, g["model"].unique(), "Llama 3.1 405B"),
            "hardware": _pick(hardware, g["hardware"].unique(), "H100 SXM"),
            "weight_precision": _pick(weight_precision, g["weight_precision"].unique(), "bf16"),
            "kv_precision": _pick(kv_precision, g["kv_precision"].unique(), "bf16"),
            "seq_len": seqs[int(np.argmin(np.abs(np.log2(seqs) - np.log2(seq_len))))]}
    return figure(
        g, name="kv-fit", title="Sequences that fit in a node beside the weights",
        controls=[Control("model", "Model", default=used["model"]),
                  Control("hardware", "Chip", default=used["hardware"]),
                  Control("weight_precision", "Weights", default=used["weight_precision"], format=str.upper),
                  Control("kv_precision", "KV cache", default=used["kv_precision"], format=str.upper),
                  Control("seq_len", "Context", "tokens", kind="range", default=used["seq_len"],
                          format=lambda v: f"{v:,}")],
        x="seq_len", y="max_batch", color="model", text=KV_FIT_TEXT, x_scale="log", y_scale="log",
        x_title="Context length (tokens)", y_title="Sequences that fit (8 chips)", x_format="~s", y_format="~s",
        alt_text="Largest batch that fits in HBM against context length, one line per model",
        caption=("Computed by llmscale.explorables.kv_fit_grid: 5 models x 4 chips x BF16/FP8 weights x BF16/FP8 "
                 "KV cache x 8 context lengths (1k to 128k tokens) on 8 chips, datasheet HBM (GB = 1e9 bytes), no "
                 "activation or framework overhead; a missing point: not one sequence fits."
                 + _note({"model": model, "hardware": hardware, "weight_precision": weight_precision,
                          "kv_precision": kv_precision}, used)))
