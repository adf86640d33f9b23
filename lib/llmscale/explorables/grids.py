"""The grids behind the explorable figures: one function per figure, each a tidy DataFrame (see the package)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import catalog, fitting, growth, laws, overtraining, prices, roofline, units, vote_cost, voting
from .._diskcache import cached
from ..serving_options import Efficiency, Precision, matmul_precision

# --- chapter 00: what fits on a node ------------------------------------------------------------

KV_FIT_MODELS = ("Llama 2 70B", "Llama 3.1 8B", "Llama 3.1 70B", "Llama 3.1 405B", "DeepSeek-V3")
KV_FIT_CONTEXTS = tuple(2 ** np.arange(10, 18))
KV_FIT_PRECISIONS = ("bf16", "fp8")


@cached
def kv_fit_grid(models=KV_FIT_MODELS, hardware=None, weight_precisions=KV_FIT_PRECISIONS,
                kv_precisions=KV_FIT_PRECISIONS, seq_lens=KV_FIT_CONTEXTS, n_gpus=8) -> pd.DataFrame:
    """Chapter 00: how many sequences of each length fit in a node's HBM beside the weights.

    Grid: 5 models (Llama 2 70B, Llama 3.1 8B/70B/405B, DeepSeek-V3) x 4 chips (A100 SXM 80GB,
    H100 SXM, H200, B200) x BF16/FP8 weights x BF16/FP8 KV cache x 8 context lengths (1k to
    128k tokens, powers of two) on ``n_gpus`` chips (chapter 00: 8). ``max_batch`` is
    :func:`llmscale.memory.kv_capacity_batch` (datasheet HBM, no overhead; NaN where not one
    sequence fits), ``kv_bytes_per_token`` :func:`llmscale.memory.kv_bytes_per_token` and
    ``weight_bytes`` :func:`llmscale.memory.weight_bytes`.
    """
    from .. import memory

    hardware = ROOFLINE_HARDWARE if hardware is None else hardware
    axes = np.meshgrid(np.arange(len(models)), np.arange(len(hardware)), np.arange(len(weight_precisions)),
                       np.arange(len(kv_precisions)), np.asarray(seq_lens, float), indexing="ij")
    mi, hi, wi, ki, s = (a.ravel() for a in axes)
    names = [np.asarray(v, dtype=object)[i.astype(int)]
             for v, i in ((models, mi), (hardware, hi), (weight_precisions, wi), (kv_precisions, ki))]
    m_names, h_names, w_names, k_names = names
    w_b = np.array([units.BYTES_PER_ELEMENT[w] for w in w_names])
    kv_b = np.array([units.BYTES_PER_ELEMENT[k] for k in k_names])
    ma, ha = roofline.model_arrays(list(m_names)), roofline.hardware_arrays(list(h_names))
    batch = np.asarray(memory.kv_capacity_batch(ma, ha, n_gpus, s, precision=Precision(w_b, kv_b)))
    per_tok = np.asarray(memory.kv_bytes_per_token(ma, kv_b))
    weights = np.asarray(memory.weight_bytes(ma, w_b))
    hbm = {h: catalog.hardware(h).hbm_bytes for h in hardware}
    g = pd.DataFrame({"model": m_names, "hardware": h_names, "weight_precision": w_names, "kv_precision": k_names,
                      "seq_len": s.astype(int), "max_batch": np.where(batch >= 1, batch, np.nan),
                      "kv_bytes_per_token": per_tok, "weight_bytes": weights})
    node = [f"{n_gpus}x{h} ({units.format_bytes(n_gpus * hbm[h])})" for h in h_names]
    g["result_txt"] = [
        (f"{b:,.0f} sequences of {sl:,} tokens fit in {nd} beside {units.format_bytes(w)} of {wp.upper()} weights"
         if b >= 1 else
         (f"the {wp.upper()} weights ({units.format_bytes(w)}) do not fit in {nd}" if w >= n_gpus * hbm[h] else
          f"not one sequence of {sl:,} tokens fits in {nd} beside {units.format_bytes(w)} of {wp.upper()} weights"))
        for b, sl, nd, w, h, wp in zip(batch, g["seq_len"], node, weights, h_names, w_names)]
    g["kv_txt"] = [f"{units.format_bytes(x)} of {k.upper()} KV cache per token" for x, k in zip(per_tok, k_names)]
    return g


KV_FIT_TEXT = "{model}, {kv_txt}: {result_txt}"


# --- chapter 01: the compute-optimal frontier ----------------------------------------------------

FRONTIER_PRESETS = ("kaplan2020", "hoffmann2022", "hoffmann2022_unrounded", "besiroglu2024")
KAPLAN_PRESET = "kaplan2020"
KAPLAN_NOTE = " (non-embedding parameters; Kaplan's fit stops at 0.1 PF-day, 8.6e18 FLOP, so this extrapolates)"
FRONTIER_FLOP = tuple(10.0 ** np.round(np.arange(20.0, 27.01, 0.25), 2))
BAND_PRESET = "besiroglu2024"


def frontier_band(flop, preset=BAND_PRESET, n_runs: int = 240, noise: float = 0.02, n_resamples: int = 100,
                  seed: int = 0, q=(0.05, 0.95)):
    """5-95 % band of the compute-optimal tokens per parameter, from a bootstrap of an Approach-3 refit.

    ``n_runs`` synthetic runs are drawn from ``preset`` (:func:`llmscale.fitting.synthetic_runs`, log-loss
    noise ``noise``), refitted by Approach 3 and bootstrapped ``n_resamples`` times
    (:func:`llmscale.fitting.bootstrap_approach3`, Besiroglu et al. 2024, Section 4); each resample's
    law gives ``D_opt/N_opt`` at ``flop`` (:func:`llmscale.laws.tokens_per_param_optimal`), and the
    band is its ``q`` quantiles. Returns ``(low, high)`` arrays in tokens per parameter.
    """
    n, d, loss = fitting.synthetic_runs(preset, n_runs=n_runs, noise=noise, seed=seed)
    boot = fitting.bootstrap_approach3(n, d, loss, n_resamples=n_resamples, seed=seed)
    base = laws.get_preset(preset)
    tpp = np.array([laws.tokens_per_param_optimal(flop, laws.ChinchillaLaw(
        f"{base.name}_boot{i}", E=e, A=a, B=b, alpha=al, beta=be, source=base.source, note="bootstrap resample"))
        for i, (e, a, b, al, be) in enumerate(boot)])
    lo, hi = np.quantile(tpp, q, axis=0)
    return lo, hi


@cached
def frontier_grid(presets=FRONTIER_PRESETS, flop=FRONTIER_FLOP, band: bool = True, **band_kwargs) -> pd.DataFrame:
    """Chapter 01: compute-optimal ``N``, ``D`` and tokens per parameter per law preset and budget.

    Grid: the presets (default Kaplan et al. 2020, Hoffmann et al. 2022 rounded and unrounded,
    Besiroglu et al. 2024) x 29 budgets from 1e20 to 1e27 FLOP in quarter-decade steps. Columns:
    ``preset``, ``compute_flop``, ``n_params``, ``n_tokens``, ``tokens_per_param``
    (:func:`llmscale.laws.compute_optimal`; for ``"kaplan2020"``,
    :func:`llmscale.laws.kaplan_optimal_params` with ``D = C / (6 N)``, the budget read as
    Kaplan's ``C_min`` and ``N`` counting non-embedding parameters), ``tpp_low``/``tpp_high``
    (the :func:`frontier_band` of Besiroglu's law, NaN for the other presets) and text columns
    ``*_txt``.
    """
    flop = np.asarray(flop, dtype=float)
    frames = []
    lo = hi = None
    if band and BAND_PRESET in presets:
        lo, hi = frontier_band(flop, **band_kwargs)
    for p in presets:
        if p == KAPLAN_PRESET:
            n = np.asarray(laws.kaplan_optimal_params(flop))
            d = flop / (6.0 * n)
            tpp = d / n
        else:
            law = laws.get_preset(p)
            n, d = (np.asarray(v) for v in laws.compute_optimal(flop, law))
            tpp = np.asarray(laws.tokens_per_param_optimal(flop, law))
        is_band = lo is not None and p == BAND_PRESET
        f = pd.DataFrame({"preset": p, "compute_flop": flop, "n_params": n, "n_tokens": d, "tokens_per_param": tpp,
                          "tpp_low": lo if is_band else np.nan, "tpp_high": hi if is_band else np.nan})
        f["flop_txt"] = [units.format_flop(c) for c in flop]
        f["n_txt"] = [units.format_count(x) for x in n]
        f["d_txt"] = [units.format_count(x) for x in d]
        f["tpp_txt"] = [units.sig(x, 3) for x in tpp]
        f["band_txt"] = ([f" (5-95 % bootstrap band {units.sig(a, 3)} to {units.sig(b, 3)})" for a, b in zip(lo, hi)]
                         if is_band else KAPLAN_NOTE if p == KAPLAN_PRESET else "")
        frames.append(f)
    return pd.DataFrame(pd.concat(frames, ignore_index=True))


FRONTIER_TEXT = ("{preset} at {flop_txt}: {n_txt} parameters trained on {d_txt} tokens, "
                 "{tpp_txt} tokens per parameter{band_txt}")


# --- chapter 02: lifetime cost (Sardana) and the data wall ---------------------------------------

LIFETIME_DEMANDS = tuple(10.0 ** np.arange(10.0, 14.51, 0.5))
LIFETIME_BUDGETS = (1e23, 1e24, 1e25)
LIFETIME_SIZE_MULTIPLES = tuple(np.geomspace(0.1, 3.0, 41))


@cached
def lifetime_cost_grid(preset="hoffmann2022", demands=LIFETIME_DEMANDS, loss_budgets_flop=LIFETIME_BUDGETS,
                       size_multiples=LIFETIME_SIZE_MULTIPLES, training_mfu=0.4, inference_mfu=0.25,
                       gpu="H100 SXM", usd_per_gpu_hour=2.0) -> pd.DataFrame:
    """Chapter 02: lifetime (training + inference) dollars against model size, at fixed loss (Sardana et al. 2024).

    Grid: 3 target losses (those of the compute-optimal models of 1e23, 1e24 and 1e25 FLOP,
    :func:`llmscale.laws.optimal_loss`) x 10 lifetime demands (1e10 to 3e14 tokens,
    half-decade steps) x 41 model sizes (0.1x to 3x the compute-optimal size of that loss,
    log-spaced). Each size trains on :func:`llmscale.overtraining.tokens_for_loss` tokens
    and costs :func:`llmscale.overtraining.lifetime_usd` at ``training_mfu``,
    ``inference_mfu``, the ``gpu``'s BF16 peak and ``usd_per_gpu_hour``. The readout gives
    the optimum of :func:`llmscale.overtraining.inference_aware_cost_optimum`. Sizes too small
    ever to reach the loss are left out.
    """
    law = laws.get_preset(preset)
    peak = catalog.hardware(gpu).peak_flop_per_s("bf16")
    kw = dict(training_mfu=training_mfu, inference_mfu=inference_mfu, peak_flop_per_s=peak,
              usd_per_gpu_hour=usd_per_gpu_hour)
    budget, demand, mult = (a.ravel() for a in np.meshgrid(np.asarray(loss_budgets_flop, float),
                                                          np.asarray(demands, float),
                                                          np.asarray(size_multiples, float), indexing="ij"))
    loss = np.asarray(laws.optimal_loss(budget, law))
    n_star, _ = (np.asarray(v) for v in overtraining.compute_optimal_for_loss(loss, law))
    n = n_star * mult
    d = np.asarray(overtraining.tokens_for_loss(n, loss, law))
    ok = np.isfinite(d)
    budget, demand, loss, n, d = budget[ok], demand[ok], loss[ok], n[ok], d[ok]
    usd = np.asarray(overtraining.lifetime_usd(n, d, demand, **kw))
    opt = overtraining.inference_aware_cost_optimum(loss, demand, law, **kw)
    g = pd.DataFrame({"budget_flop": budget, "demand_tokens": demand, "loss": loss, "n_params": n, "n_tokens": d,
                      "lifetime_usd": usd})
    g["loss_txt"] = [f"{x:.3f}" for x in loss]
    g["budget_txt"] = [units.format_flop(x) for x in budget]
    g["demand_txt"] = [units.format_count(x) for x in demand]
    o = opt.optimum
    g["opt_n_txt"] = [units.format_count(x) for x in np.asarray(o.n_params)]
    g["opt_d_txt"] = [units.format_count(x) for x in np.asarray(o.n_tokens)]
    g["opt_tpp_txt"] = [f"{x:,.0f}" for x in np.asarray(o.tokens_per_param)]
    g["opt_usd_txt"] = [units.format_usd(x) for x in np.asarray(opt.total_usd)]
    g["chin_n_txt"] = [units.format_count(x) for x in np.asarray(o.chinchilla_n_params)]
    g["saving_txt"] = [f"{100 * x:.1f} %" for x in np.asarray(opt.savings_fraction)]
    return g


LIFETIME_TEXT = ("Loss {loss_txt} (the compute-optimal {budget_txt} model's), {demand_txt} tokens served: "
                 "the cheapest model has {opt_n_txt} parameters trained on {opt_d_txt} tokens "
                 "({opt_tpp_txt} tokens per parameter), {opt_usd_txt} over its lifetime, "
                 "{saving_txt} less than the compute-optimal {chin_n_txt}-parameter model")

DATA_WALL_GROWTH = (2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 6.0, 8.0, 10.0)
DATA_WALL_YEARS = tuple(np.arange(2023.0, 2040.01, 0.5))


@cached
def data_wall_grid(growth_per_year=DATA_WALL_GROWTH, stock_tokens=510e12, as_of="2024-12-31",
                   policies=None, preset="hoffmann2022", years=DATA_WALL_YEARS) -> pd.DataFrame:
    """Chapter 02: the frontier run's dataset per year, and the year it reaches the data stock.

    Grid: 10 growth rates (2x to 10x a year) x the data policies (default: compute-optimal
    under ``preset``, 20 tokens per parameter, 200 tokens per parameter) x 35 years (2023 to
    2040, half-year steps). The frontier starts at :func:`llmscale.growth.frontier_start` of
    ``as_of``; dataset tokens from :func:`llmscale.growth.dataset_tokens` of
    :func:`llmscale.growth.frontier_flop`; the wall year from :func:`llmscale.growth.data_wall_year`
    against ``stock_tokens`` (Villalobos et al. 2024: 510T).
    """
    if policies is None:
        policies = {f"compute-optimal ({preset})": None, "20 tokens/param": 20.0, "200 tokens/param": 200.0}
    name, c0, y0 = growth.frontier_start(as_of)
    years = np.asarray(years, dtype=float)
    frames = []
    for label, r in policies.items():
        gg, yy = (a.ravel() for a in np.meshgrid(np.asarray(growth_per_year, float), years, indexing="ij"))
        tokens = np.asarray(growth.dataset_tokens(np.asarray(growth.frontier_flop(yy, c0, y0, gg)), r, preset))
        wall = np.asarray(growth.data_wall_year(stock_tokens, c0, y0, gg, r, preset))
        f = pd.DataFrame({"growth_per_year": gg, "policy": label, "year": yy, "dataset_tokens": tokens,
                          "wall_year": wall})
        f["wall_txt"] = [f"{w:.1f}" if w >= y0 else f"before {y0:.1f} (already exceeded)" for w in wall]
        frames.append(f)
    g = pd.concat(frames, ignore_index=True)
    g["growth_txt"] = [f"{x:g}x" for x in g["growth_per_year"]]
    g["stock_txt"] = units.format_count(stock_tokens)
    g["start_txt"] = f"{name} ({units.format_flop(c0)}, {y0:.1f})"
    return g


DATA_WALL_TEXT = ("Compute growing {growth_txt} a year from {start_txt}, {policy}: the frontier dataset "
                  "reaches the {stock_txt}-token stock in {wall_txt}")


# --- chapter 03: catch-up ---------------------------------------------------------------------

CATCH_UP_MONTHS_PER_10X = (3.0, 4.0, 5.0, 6.0, 8.0, 12.0)
CATCH_UP_FRONTIER_GROWTH = (3.0, 4.0, 5.0)
CATCH_UP_GAPS = (1.0, 2.0, 3.0)
CATCH_UP_MONTHS = tuple(np.arange(0.0, 48.01, 2.0))


@cached
def catch_up_grid(months_per_10x=CATCH_UP_MONTHS_PER_10X, frontier_growth_per_year=CATCH_UP_FRONTIER_GROWTH,
                  gaps=CATCH_UP_GAPS, months=CATCH_UP_MONTHS) -> pd.DataFrame:
    """Chapter 03: reasoning-RL and frontier training compute over time, and when they meet (You 2025).

    Grid: 6 reasoning growth rates (10x every 3 to 12 months) x 3 frontier growth rates
    (3x, 4x, 5x a year) x 3 gaps (1, 2, 3 orders of magnitude) x 25 months (0 to 48, 2-month
    steps) x 2 series. Compute is relative to today's frontier run (1 = today's frontier),
    from :func:`llmscale.growth.trajectory`; the meeting time and growth before and after from
    :func:`llmscale.growth.catch_up`.
    """
    m, g, gap, t = (a.ravel() for a in np.meshgrid(np.asarray(months_per_10x, float),
                                                  np.asarray(frontier_growth_per_year, float),
                                                  np.asarray(gaps, float), np.asarray(months, float), indexing="ij"))
    reasoning, frontier = (np.asarray(v) for v in growth.trajectory(t, 10.0 ** -gap, 1.0, m, g))
    cu = growth.catch_up(gap, m, g)
    months_txt = [f"in {x:.1f} months ({x / 12:.1f} years)" if np.isfinite(x) else "never" for x in np.asarray(cu.months)]
    base = pd.DataFrame({"months_per_10x": m, "frontier_growth_per_year": g, "gap_oom": gap, "month": t,
                         "catch_up_txt": months_txt,
                         "before_txt": [f"{x:,.0f}x" for x in np.asarray(cu.growth_per_year_before)],
                         "after_txt": [f"{x:,.0f}x" for x in np.asarray(cu.growth_per_year_after)]})
    a = base.assign(series="reasoning RL", relative_compute=reasoning)
    b = base.assign(series="frontier pre-training", relative_compute=frontier)
    return pd.concat([a, b], ignore_index=True)


CATCH_UP_TEXT = ("Reasoning compute 10x every {months_per_10x:g} months, {gap_oom:g} orders of magnitude below a "
                 "frontier growing {frontier_growth_per_year:g}x a year: it catches up {catch_up_txt}; its growth "
                 "then goes from {before_txt} to {after_txt} a year")


# --- chapter 04: the roofline explorer ------------------------------------------------------------

ROOFLINE_MODELS = ("Llama 3.1 8B", "Llama 3.1 70B", "Llama 3.1 405B", "DeepSeek-V3")
ROOFLINE_HARDWARE = ("A100 SXM 80GB", "H100 SXM", "H200", "B200")
ROOFLINE_GPUS = (1, 2, 4, 8)
ROOFLINE_PRECISIONS = ("bf16", "fp8")
ROOFLINE_CONTEXTS = (1024, 4096, 16384, 32768, 131072)


@cached
def roofline_grid(models=ROOFLINE_MODELS, hardware=ROOFLINE_HARDWARE, n_gpus=ROOFLINE_GPUS,
                  weight_precisions=ROOFLINE_PRECISIONS, kv_precisions=ROOFLINE_PRECISIONS,
                  seq_lens=ROOFLINE_CONTEXTS, target_tokens_per_s_per_user=30.0, bandwidth_efficiency=None,
                  mfu=None, usd_per_gpu_hour=2.0) -> pd.DataFrame:
    """Chapter 04: max batch at an interactivity target, tokens/s per GPU, $/Mtok and the active bound.

    Grid: 4 models x 4 chips x 1/2/4/8 GPUs x BF16/FP8 weights x BF16/FP8 KV cache x 5
    context lengths (1k to 128k tokens) = 1,280 configurations, at ``target_tokens_per_s_per_user``
    (30), ``bandwidth_efficiency`` and ``mfu`` (``None``, chapter 04's default: each chip's and weight
    format's :func:`llmscale.serving.fitted_efficiency`, fitted to published measured servers) and
    ``usd_per_gpu_hour``. One vectorised call each: :func:`llmscale.roofline.batch_limits`
    (largest batch meeting the target and fitting in HBM), :func:`llmscale.roofline.decode_step`
    at that batch (its bound), :func:`llmscale.roofline.tokens_per_s_per_node` and
    :func:`llmscale.prices.usd_per_mtok_at_rate`. Matmuls run at
    :func:`llmscale.serving_options.matmul_precision` of the weights on each chip.
    """
    axes = np.meshgrid(np.arange(len(models)), np.arange(len(hardware)), np.asarray(n_gpus, float),
                       np.arange(len(weight_precisions)), np.arange(len(kv_precisions)),
                       np.asarray(seq_lens, float), indexing="ij")
    mi, hi, n, wi, ki, s = (a.ravel() for a in axes)
    mi, hi, wi, ki = (a.astype(int) for a in (mi, hi, wi, ki))
    m_names = np.asarray(models, dtype=object)[mi]
    h_names = np.asarray(hardware, dtype=object)[hi]
    w_names = np.asarray(weight_precisions, dtype=object)[wi]
    k_names = np.asarray(kv_precisions, dtype=object)[ki]
    flop_prec = np.array([matmul_precision(w, h) for w, h in zip(w_names, h_names)], dtype=object)
    prec = Precision(np.array([units.BYTES_PER_ELEMENT[w] for w in w_names]),
                     np.array([units.BYTES_PER_ELEMENT[k] for k in k_names]), flop_prec)
    from ..serving import fitted_efficiency

    fits = {(h, w): fitted_efficiency(h, w) for h in hardware for w in weight_precisions}
    bw = np.array([fits[h, w].bandwidth for h, w in zip(h_names, w_names)])
    mf = np.array([fits[h, w].mfu for h, w in zip(h_names, w_names)])
    kw = dict(precision=prec, efficiency=Efficiency(bandwidth=bw if bandwidth_efficiency is None else bandwidth_efficiency,
                                                    mfu=mf if mfu is None else mfu))
    ma, ha = roofline.model_arrays(list(m_names)), roofline.hardware_arrays(list(h_names))
    lim = roofline.batch_limits(ma, ha, n, s, target_tokens_per_s_per_user, **kw)
    batch = np.asarray(lim.batch)
    b1 = np.maximum(batch, 1.0)
    step = roofline.decode_step(ma, ha, n, b1, s, **kw)
    node = np.asarray(roofline.tokens_per_s_per_node(ma, ha, n, b1, s, **kw))
    usd = np.asarray(prices.usd_per_mtok_at_rate(node, n, usd_per_gpu_hour))
    cap, lat = np.asarray(lim.capacity_batch), np.asarray(lim.latency_batch)
    ok = batch >= 1
    g = pd.DataFrame({"model": m_names, "hardware": h_names, "n_gpus": n.astype(int), "weight_precision": w_names,
                      "kv_precision": k_names, "seq_len": s.astype(int), "max_batch": batch,
                      "tokens_per_s_per_gpu": np.where(ok, node / n, np.nan),
                      "usd_per_mtok": np.where(ok, usd, np.nan), "bound": np.where(ok, step.bound, ""),
                      "limited_by": np.where(ok, lim.limited_by, "")})
    why = np.where(cap < 1, "does not fit: the weights and one stream's KV cache exceed HBM",
                   f"too slow: even one stream decodes below {target_tokens_per_s_per_user:g} tokens/s")
    g["result_txt"] = [
        (f"max batch {b:,.0f} ({'HBM capacity' if lb == 'capacity' else 'interactivity'}-limited), "
         f"{tp:,.0f} tok/s/GPU, ${c:,.2f}/Mtok, {bd}-bound") if o else w
        for b, lb, tp, c, bd, o, w in zip(batch, g["limited_by"], g["tokens_per_s_per_gpu"], g["usd_per_mtok"],
                                          g["bound"], ok, why)]
    g["seq_txt"] = [f"{x // 1024:,}k" for x in g["seq_len"]]
    g["weight_txt"] = g["weight_precision"].str.upper()
    g["kv_txt"] = g["kv_precision"].str.upper()
    _ = lat
    return g


ROOFLINE_TEXT = ("{model} on {n_gpus}x{hardware}, {weight_txt} weights, {kv_txt} KV, {seq_txt} tokens: "
                 "{result_txt}")


# --- chapter 05: voting -------------------------------------------------------------------------

def _voting_multiple(model, hardware, k, prompt_tokens, output_tokens, n_gpus, users, precision: Precision):
    """:func:`llmscale.vote_cost.voting_cost`'s ``multiple`` (k streams against one) as a flat float array."""
    c = vote_cost.voting_cost(model, hardware, k, prompt_tokens, output_tokens, n_gpus=n_gpus, users=users,
                              precision=precision)
    return np.asarray(c.multiple, dtype=float).ravel()


VOTING_P = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
VOTING_WRONG = (1, 2, 3, 5, 10, 20)
VOTING_K = (1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 1000)


@cached
def voting_grid(p_correct=VOTING_P, n_wrong_answers=VOTING_WRONG, k=VOTING_K, model="Llama 3.1 405B",
                hardware="H100 SXM", n_gpus=8, prompt_tokens=1000, output_tokens=7661,
                weight_precision="fp8", kv_precision="bf16", users=32) -> pd.DataFrame:
    """Chapter 05: majority-vote accuracy and pass@k coverage against k, with the voting cost.

    Grid: 7 per-sample accuracies (0.3 to 0.9) x 6 wrong-answer spreads (1, 2, 3, 5, 10, 20
    equally likely wrong answers) x 17 values of k (1 to 1,000) x 2 methods.
    :func:`llmscale.voting.majority_vote_accuracy` (plurality vote, ties split) and
    :func:`llmscale.voting.coverage` (pass@k: at least one correct). The cost of ``k``
    streams against one, for ``users`` queries at once on ``n_gpus`` ``hardware`` serving
    ``model`` (chapter 05's defaults), is :func:`llmscale.vote_cost.voting_cost`'s ``multiple``.
    """
    p, w, kk = (a.ravel() for a in np.meshgrid(np.asarray(p_correct, float), np.asarray(n_wrong_answers, int),
                                              np.asarray(k, int), indexing="ij"))
    maj = np.empty(p.size)
    for nw in np.unique(w):
        sel = w == nw
        maj[sel] = np.asarray(voting.majority_vote_accuracy(p[sel], kk[sel], n_wrong_answers=int(nw)))
    cov = np.asarray(voting.coverage(p, kk))
    cost = _voting_multiple(model, hardware, np.asarray(k, dtype=float), prompt_tokens, output_tokens, n_gpus, users,
                            Precision.named(weight_precision, kv_precision, hardware))
    multiple = dict(zip(np.asarray(k, int).tolist(), cost.tolist()))
    base = pd.DataFrame({"p_correct": p, "n_wrong_answers": w, "k": kk, "majority": maj, "coverage": cov})
    base["p_txt"] = [f"{x:.0%}" for x in p]
    base["maj_txt"] = [f"{x:.1%}" for x in maj]
    base["cov_txt"] = [f"{x:.1%}" for x in cov]
    where = f"{n_gpus}x{catalog.hardware(hardware).name}"
    base["cost_txt"] = [f"k streams cost {multiple[int(x)]:,.2f}x one stream" if np.isfinite(multiple[int(x)])
                        else f"k streams do not fit in the HBM of {where}" for x in kk]
    a = base.assign(method="majority vote", accuracy=maj)
    b = base.assign(method="pass@k (any correct)", accuracy=cov)
    return pd.concat([a, b], ignore_index=True)


VOTING_TEXT = ("Per-sample accuracy {p_txt}, {n_wrong_answers} equally likely wrong answers, k = {k}: "
               "majority vote {maj_txt}, pass@k {cov_txt}; {cost_txt}")


# --- chapter 06: predicted against measured -------------------------------------------------------

ALL = "all"
MEASURED_ALL = {"model": "all models", "hardware": "all chips", "publisher": "all publishers"}


@cached
def measured_grid() -> pd.DataFrame:
    """Chapter 06: every published measurement against its held-out prediction, filtered three ways.

    Points: :func:`llmscale.chapters.ch06.table` (``data/serving_measured.csv`` predicted by
    :mod:`llmscale.serving` at efficiencies fitted by :mod:`llmscale.serving_fit` without the
    point's own publisher, else its own source), those with a held-out prediction. Grid: each
    point once per combination of model (its own or ``"all"``), hardware (its own or ``"all"``)
    and publisher (its own or ``"all"``); a combination no point matches has one row without
    numbers, so it still has a readout. Columns: the three filters, ``measured`` and
    ``held_out`` (output tokens/s), ``mode`` (the measurement's regime) and the readout's
    ``n``, ``held_out_txt`` and ``in_sample_txt`` (:func:`llmscale.serving_fit.mdape`).
    """
    from ..chapters import ch06
    from ..serving_fit import mdape

    t = ch06.table().dropna(subset=["held_out"])
    t = t[["model", "hardware", "publisher", "mode", "measured", "held_out", "ape", "ape_held_out"]]
    keys = ("model", "hardware", "publisher")
    frames = []
    for mask in range(8):
        f = t.copy()
        for bit, k in enumerate(keys):
            if mask >> bit & 1:
                f[k] = ALL
        frames.append(f)
    g = pd.concat(frames, ignore_index=True)
    levels = [[*sorted(t[k].unique()), ALL] for k in keys]
    combos = pd.MultiIndex.from_product(levels, names=list(keys)).to_frame(index=False)
    stats = g.groupby(list(keys)).agg(n=("measured", "size"), held=("ape_held_out", mdape), fit=("ape", mdape))
    stats = combos.merge(stats.reset_index(), on=list(keys), how="left")
    stats["n"] = stats["n"].fillna(0).astype(int)
    stats["held_out_txt"] = [f"{100 * v:.0f} %" if n else "" for v, n in zip(stats["held"], stats["n"])]
    stats["in_sample_txt"] = [f"{100 * v:.0f} %" if n else "" for v, n in zip(stats["fit"], stats["n"])]
    empty = stats[stats["n"] == 0][list(keys)].assign(mode="", measured=np.nan, held_out=np.nan)
    g = pd.concat([g.drop(columns=["ape", "ape_held_out"]), empty], ignore_index=True)
    return g.merge(stats.drop(columns=["held", "fit"]), on=list(keys), how="left")


def measured_text(row) -> str:
    """Chapter 06's readout: how many measurements match and how far their predictions miss."""
    sel = ", ".join(str(row[k]) if row[k] != ALL else MEASURED_ALL[k] for k in MEASURED_ALL)
    if not row["n"]:
        return f"{sel}: no published measurement"
    return (f"{sel}: {row['n']} measurement{'s' if row['n'] != 1 else ''}; median error "
            f"{row['held_out_txt']} held out, {row['in_sample_txt']} in sample")
