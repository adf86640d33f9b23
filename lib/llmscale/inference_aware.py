"""Inference-aware scaling, shrinking a model at fixed loss, the data wall, and chapter 02's compute arithmetic.

The loss law is Chinchilla's ``L(N, D) = E + A / N^alpha + B / D^beta`` (nats/token),
imported from :mod:`llmscale.pretraining` with its named presets
(``"hoffmann2022"``, ``"hoffmann2022_unrounded"``, ``"besiroglu2024"``). This module
writes no law of its own: it only inverts and optimises the imported one.

Fixed-loss geometry
-------------------
Write ``g = L - E`` (the reducible loss) and ``x = A N^-alpha / g`` (the share of it
due to finite ``N``). Every model reaching loss ``L`` is a point ``x`` in ``(0, 1)``:
``N = (A / (g x))^(1/alpha)``, ``D = (B / (g (1 - x)))^(1/beta)``.
At the compute-optimal point ``alpha A N^-alpha = beta B D^-beta`` (the Lagrange
condition behind Hoffmann et al. 2022, Eq. 4), so ``x_c = beta / (alpha + beta)``.

- Sardana et al. (2024), Section 2: minimise ``6 N D_train + 2 N D_inf`` subject to
  ``L(N, D_train) = L``. Setting the derivative along the iso-loss curve to zero gives
  ``(alpha/beta) x / (1 - x) = 1 + D_inf / (3 D_train)``; its left side grows and its
  right side falls with ``x``, so the root in ``[x_c, 1)`` is unique. It is found by
  vectorised bisection on ``log(1 - x)``.
- de Vries (2023): a model ``k`` times the compute-optimal size reaches the same loss
  only if ``x_c k^-alpha < 1``; the critical size is ``k_c = x_c^(1/alpha)``, and the
  training-compute multiple is ``k ((1 - x_c) / (1 - x_c k^-alpha))^(1/beta)``,
  independent of the budget and of ``E, A, B``.

Units: parameters and tokens are counts, compute in FLOP, money in USD, time in
seconds unless a name says days, months or years.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _checks, catalog
from ._checks import scalar_or_array as _out
from .claims.ledger import Claim
from .flops import flop_to_gpu_hours, flop_to_usd, inference_flop_per_token, mfu_for, param_count, training_flop
from .pretraining import get_preset, tokens_for_params
from .units import DAYS_PER_MONTH, format_count, format_flop, format_sci

#: The preset the ledger rows use (Hoffmann et al. 2022's printed constants).
REFERENCE_PRESET = "hoffmann2022"

#: The ledger's "as of" date for claims phrased "as of December 2024".
LEDGER_DATE = "2024-12-31"

#: Model families of the Llama line in ``data/models.csv`` (L2-L5).
LLAMA_FAMILIES = ("LLaMA", "Llama 2", "Llama 3.1")

_BISECTION_STEPS = 200


def _finite(name: str, x):
    return _checks.finite(name, x, nonempty=True)


def _positive(name: str, x):
    return _checks.positive(name, x, nonempty=True)


def _nonneg(name: str, x):
    return _checks.nonneg(name, x, nonempty=True)


def _fraction(name: str, x):
    return _checks.fraction(name, x, nonempty=True)


def _reachable_loss(law, loss):
    a = _finite("loss", loss)
    if np.any(a <= law.E):
        raise ValueError(f"loss={loss!r}: allowed: values above preset {law.name!r}'s irreducible loss "
                         f"E={law.E:.4g} nats/token")
    return a


# --- facts -------------------------------------------------------------------------------

def fact_row(name: str) -> dict:
    """The row of ``data/scaling_facts.csv`` called ``name`` (case-insensitive), as a dict.

    Raises ``ValueError`` naming the allowed names, with a "did you mean" hint.
    """
    df = catalog.table("scaling_facts")
    if isinstance(name, str):
        hit = df[df["name"].str.lower() == name.strip().lower()]
        if not hit.empty:
            return hit.iloc[0].to_dict()
        near = difflib.get_close_matches(name.strip().lower(), [n.lower() for n in df["name"]], n=1, cutoff=0.4)
        lowered = {n.lower(): n for n in df["name"]}
        hint = f" Did you mean {lowered[near[0]]!r}?" if near else ""
    else:
        hint = ""
    raise ValueError(f"fact name={name!r} is not in data/scaling_facts.csv; allowed: {list(df['name'])}.{hint}")


def fact(name: str) -> float:
    """The ``value`` of the fact called ``name`` in ``data/scaling_facts.csv`` (unit in its ``unit`` column)."""
    return float(fact_row(name)["value"])


def decimal_year(date: str) -> float:
    """``"2023-12-06"`` -> 2023.93: the year plus the elapsed fraction of it (365.25-day years)."""
    try:
        d = datetime.date.fromisoformat(date)
    except (ValueError, TypeError):
        raise ValueError(f"date={date!r}: allowed: a date string YYYY-MM-DD") from None
    return d.year + (d.timetuple().tm_yday - 1) / 365.25


# --- the fixed-loss geometry of a Chinchilla law ------------------------------------------

def optimal_param_share(preset=REFERENCE_PRESET) -> float:
    """``x_c = beta / (alpha + beta)``: the share of the reducible loss ``L - E`` due to finite ``N`` on the frontier.

    From ``alpha A N^-alpha = beta B D^-beta`` at the compute optimum (Hoffmann et al. 2022, Eq. 4). Dimensionless.
    """
    law = get_preset(preset)
    return law.beta / (law.alpha + law.beta)


def min_params_for_loss(loss, preset=REFERENCE_PRESET):
    """Smallest model that can ever reach ``loss``: ``N_min = (A / (L - E))^(1/alpha)`` (infinite data). Vectorised.

    Units: parameters. ``inf`` where ``loss <= E``.
    """
    law = get_preset(preset)
    g = _finite("loss", loss) - law.E
    with np.errstate(divide="ignore", invalid="ignore"):
        n = np.where(g > 0, (law.A / np.where(g > 0, g, 1.0)) ** (1.0 / law.alpha), np.inf)
    return _out(n)


def tokens_for_loss(n_params, loss, preset=REFERENCE_PRESET):
    """Training tokens a model of ``n_params`` needs to reach ``loss``: the law solved for ``D``. Vectorised.

    ``D = (B / (L - E - A N^-alpha))^(1/beta)`` (Hoffmann et al. 2022, Eq. 2 inverted).
    Units: tokens. ``inf`` where the model is too small ever to reach ``loss``.
    """
    law = get_preset(preset)
    n = _positive("n_params", n_params)
    gap = _finite("loss", loss) - law.E - law.A * n ** -law.alpha
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        d = np.where(gap > 0, (law.B / np.where(gap > 0, gap, 1.0)) ** (1.0 / law.beta), np.inf)
    return _out(d)


def compute_optimal_for_loss(loss, preset=REFERENCE_PRESET):
    """The compute-optimal model reaching ``loss``: ``(N*, D*)``. Vectorised.

    ``N* = (A / ((L - E) x_c))^(1/alpha)``, ``D* = (B / ((L - E)(1 - x_c)))^(1/beta)``,
    ``x_c = beta/(alpha + beta)``; the same point as ``pretraining.compute_optimal(6 N* D*)``
    (Hoffmann et al. 2022, Eq. 4). Units: parameters, tokens. Raises for ``loss <= E``.
    """
    law = get_preset(preset)
    g = _reachable_loss(law, loss) - law.E
    xc = optimal_param_share(law)
    return _out((law.A / (g * xc)) ** (1.0 / law.alpha)), _out((law.B / (g * (1.0 - xc))) ** (1.0 / law.beta))


# --- Sardana et al. (2024): the inference-aware optimum ------------------------------------

@dataclass(frozen=True)
class InferenceAwareOptimum:
    """Result of :func:`inference_aware_optimum` (arrays broadcast over ``loss`` and ``inference_tokens``).

    Counts in parameters and tokens, compute in FLOP. ``chinchilla_*`` is the
    compute-optimal model of the same loss serving the same demand. ``savings_*``
    compare total (training + inference) compute.
    """

    loss: np.ndarray
    inference_tokens: np.ndarray
    n_params: np.ndarray
    n_tokens: np.ndarray
    tokens_per_param: np.ndarray
    train_flop: np.ndarray
    inference_flop: np.ndarray
    total_flop: np.ndarray
    chinchilla_n_params: np.ndarray
    chinchilla_n_tokens: np.ndarray
    chinchilla_total_flop: np.ndarray
    savings_flop: np.ndarray
    savings_fraction: np.ndarray


def lifetime_flop(n_params, n_tokens, inference_tokens):
    """Training plus lifetime inference compute ``6 N D_train + 2 N D_inf`` in FLOP (Sardana et al. 2024, Eq. 3). Vectorised."""
    return _out(np.asarray(training_flop(n_params, n_tokens))
                + np.asarray(inference_flop_per_token(n_params)) * _nonneg("inference_tokens", inference_tokens))


def _optimal_share(law, g, d_inf_eff):
    """Root ``x`` of ``(alpha/beta) x/(1-x) - 1 - D_inf/(3 D(x)) = 0`` in ``[x_c, 1)``, by bisection on ``log(1-x)``."""
    xc = law.beta / (law.alpha + law.beta)
    r = law.alpha / law.beta
    log_b_g = math.log(law.B) - np.log(g)
    hi = np.full(np.broadcast(g, d_inf_eff).shape, math.log1p(-xc))  # f(hi) <= 0
    lo = hi - 80.0                                                     # f(lo) > 0 (1-x ~ e^-80 (1-x_c))
    g_b = np.broadcast_to(log_b_g, hi.shape)
    d_b = np.broadcast_to(d_inf_eff, hi.shape)
    with np.errstate(over="ignore", under="ignore"):
        for _ in range(_BISECTION_STEPS):
            mid = 0.5 * (lo + hi)
            s = np.exp(mid)
            log_d = (g_b - mid) / law.beta
            f = r * (1.0 - s) / s - 1.0 - d_b / 3.0 * np.exp(-log_d)
            pos = f > 0
            lo = np.where(pos, mid, lo)
            hi = np.where(pos, hi, mid)
            if np.all(hi - lo <= 4 * np.spacing(np.abs(hi))):
                break
    return 1.0 - np.exp(0.5 * (lo + hi))


def inference_aware_optimum(loss, inference_tokens, preset=REFERENCE_PRESET,
                            inference_weight=1.0) -> InferenceAwareOptimum:
    """Sardana et al. (2024)'s compute-optimal model including inference. Vectorised.

    Minimises ``6 N D_train + w * 2 N D_inf`` subject to ``L(N, D_train) = loss``
    (Section 2, Eq. 3; their Newton iteration is replaced by bisection on the
    one-dimensional optimality condition in the module docstring). ``w`` is
    ``inference_weight`` (1 for FLOP; ``training_mfu / inference_mfu`` for dollars,
    see :func:`inference_aware_cost_optimum`). Units: ``loss`` in nats/token,
    ``inference_tokens`` in tokens; results in parameters, tokens, FLOP.

    With ``inference_tokens = 0`` it returns the Chinchilla-optimal model.
    """
    law = get_preset(preset)
    loss_a = _reachable_loss(law, loss)
    d_inf = _nonneg("inference_tokens", inference_tokens)
    w = _positive("inference_weight", inference_weight)
    loss_a, d_inf, w = np.broadcast_arrays(loss_a, d_inf, w)
    g = loss_a - law.E
    x = _optimal_share(law, g, d_inf * w)
    n = (law.A / (g * x)) ** (1.0 / law.alpha)
    d = (law.B / (g * (1.0 - x))) ** (1.0 / law.beta)
    nc, dc = (np.asarray(v) for v in compute_optimal_for_loss(loss_a, law))
    train = np.asarray(training_flop(n, d))
    inf = np.asarray(inference_flop_per_token(n)) * d_inf
    total = train + inf
    chin = np.asarray(training_flop(nc, dc)) + np.asarray(inference_flop_per_token(nc)) * d_inf
    return InferenceAwareOptimum(
        loss=_out(loss_a), inference_tokens=_out(d_inf), n_params=_out(n), n_tokens=_out(d),
        tokens_per_param=_out(d / n), train_flop=_out(train), inference_flop=_out(inf), total_flop=_out(total),
        chinchilla_n_params=_out(nc), chinchilla_n_tokens=_out(dc), chinchilla_total_flop=_out(chin),
        savings_flop=_out(chin - total), savings_fraction=_out((chin - total) / chin))


@dataclass(frozen=True)
class InferenceAwareCost:
    """Result of :func:`inference_aware_cost_optimum`: the dollar-optimal model and its costs (USD)."""

    optimum: InferenceAwareOptimum
    train_usd: np.ndarray
    inference_usd: np.ndarray
    total_usd: np.ndarray
    chinchilla_total_usd: np.ndarray
    savings_usd: np.ndarray
    savings_fraction: np.ndarray


#: Dollars for ``flop`` at a peak rate, MFU and price per GPU-hour (:func:`llmscale.flops.flop_to_usd`).
usd_for_flop = flop_to_usd


def lifetime_usd(n_params, n_tokens, inference_tokens, *, training_mfu, inference_mfu, peak_flop_per_s,
                 usd_per_gpu_hour):
    """Dollars to train ``(N, D)`` and serve ``D_inf`` tokens: ``6ND`` at ``training_mfu`` plus ``2N D_inf`` at ``inference_mfu``.

    Both at one price per GPU-hour on accelerators of ``peak_flop_per_s`` (Sardana et al. 2024, Section 4,
    without their input/output token split). Units: USD. Vectorised.
    """
    train = training_flop(n_params, n_tokens)
    inf = np.asarray(inference_flop_per_token(n_params)) * _nonneg("inference_tokens", inference_tokens)
    return _out(np.asarray(usd_for_flop(train, peak_flop_per_s, training_mfu, usd_per_gpu_hour))
                + np.asarray(usd_for_flop(inf, peak_flop_per_s, inference_mfu, usd_per_gpu_hour)))


def inference_aware_cost_optimum(loss, inference_tokens, preset=REFERENCE_PRESET, *, training_mfu,
                                 inference_mfu, peak_flop_per_s, usd_per_gpu_hour) -> InferenceAwareCost:
    """Sardana et al. (2024), Section 4: the dollar-optimal model, with separate training and inference MFU.

    ``cost = 6 N D / (peak MFU_train) + 2 N D_inf / (peak MFU_inf)`` GPU-seconds at one
    price per GPU-hour. Dividing by the training term's rate shows the optimum is the
    FLOP optimum with demand weighted by ``w = MFU_train / MFU_inf``
    (:func:`inference_aware_optimum`). Sardana et al. further split input and output
    tokens; here every inference token costs ``2 N`` FLOP at ``inference_mfu``.
    Units: MFU as fractions, ``peak_flop_per_s`` in FLOP/s, USD per GPU-hour, USD out.
    """
    mt = _fraction("training_mfu", training_mfu)
    mi = _fraction("inference_mfu", inference_mfu)
    opt = inference_aware_optimum(loss, inference_tokens, preset, inference_weight=mt / mi)
    price = _nonneg("usd_per_gpu_hour", usd_per_gpu_hour)
    peak = _positive("peak_flop_per_s", peak_flop_per_s)
    n, d, d_inf = (np.asarray(v) for v in (opt.n_params, opt.n_tokens, opt.inference_tokens))
    nc, dc = np.asarray(opt.chinchilla_n_params), np.asarray(opt.chinchilla_n_tokens)
    train_usd = np.asarray(usd_for_flop(training_flop(n, d), peak, mt, price))
    inf_usd = np.asarray(usd_for_flop(np.asarray(inference_flop_per_token(n)) * d_inf, peak, mi, price))
    total = train_usd + inf_usd
    chin = np.asarray(lifetime_usd(nc, dc, d_inf, training_mfu=mt, inference_mfu=mi, peak_flop_per_s=peak,
                                   usd_per_gpu_hour=price))
    return InferenceAwareCost(optimum=opt, train_usd=_out(train_usd), inference_usd=_out(inf_usd),
                              total_usd=_out(total), chinchilla_total_usd=_out(chin),
                              savings_usd=_out(chin - total), savings_fraction=_out((chin - total) / chin))


def breakeven_inference_tokens(n_params, n_tokens, preset=REFERENCE_PRESET, inference_weight=1.0):
    """Lifetime demand above which a model ``(N, D)`` costs less in total than the compute-optimal model of equal loss.

    With ``(N*, D*)`` = :func:`compute_optimal_for_loss` of ``L(N, D)``, equal totals
    ``6 N D + 2 w N D_inf = 6 N* D* + 2 w N* D_inf`` give
    ``D_inf = 3 (N D - N* D*) / (w (N* - N))`` tokens (Sardana et al. 2024's trade-off
    for one over-trained model). ``inf`` where ``N >= N*`` (a model at least as large
    as the optimum never pays back; 0 at the optimum itself). ``w`` as in
    :func:`inference_aware_optimum`. Vectorised.
    """
    law = get_preset(preset)
    n = _positive("n_params", n_params)
    d = _positive("n_tokens", n_tokens)
    w = _positive("inference_weight", inference_weight)
    nc, dc = (np.asarray(v) for v in compute_optimal_for_loss(law.loss(n, d), law))
    extra = n * d - nc * dc                # >= 0: the optimum minimises N D at fixed loss
    save = w * (nc - n)
    at_opt = np.abs(extra) <= 1e-9 * n * d
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(at_opt, 0.0, np.where(save > 0, 3.0 * extra / np.where(save > 0, save, 1.0), np.inf))
    return _out(out)


def overtraining_table(models=None, preset=REFERENCE_PRESET) -> pd.DataFrame:
    """Where catalogue models sit against the compute-optimal model of the same loss, under one preset.

    Per model (parameters from :func:`llmscale.flops.param_count`, tokens from
    ``data/models.csv``): the loss ``L(N, D)``; the compute-optimal ``(N*, D*)`` of that loss;
    ``train_multiple = N D / (N* D*)`` (the extra training compute over-training cost);
    ``serving_ratio = N* / N`` (how much costlier per token the equal-loss optimum is to
    serve, inference FLOP being ``2N``); and the break-even lifetime demand (tokens).
    Default models: every size of :data:`LLAMA_FAMILIES`.
    """
    if models is None:
        df = catalog.table("models")
        models = list(df.loc[df["family"].isin(LLAMA_FAMILIES), "name"])
    law = get_preset(preset)
    n = np.array([param_count(m) for m in models], dtype=float)
    d = np.array([catalog.model(m).tokens_trained for m in models], dtype=float)
    loss = np.asarray(law.loss(n, d))
    nc, dc = (np.asarray(v) for v in compute_optimal_for_loss(loss, law))
    return pd.DataFrame({
        "model": [catalog.model(m).name for m in models], "preset": law.name, "n_params": n, "n_tokens": d,
        "tokens_per_param": d / n, "loss": loss, "opt_n_params": nc, "opt_n_tokens": dc,
        "train_multiple": n * d / (nc * dc), "serving_ratio": nc / n,
        "breakeven_inference_tokens": np.asarray(breakeven_inference_tokens(n, d, law), dtype=float),
    })


# --- de Vries (2023): shrinking the model at fixed loss ----------------------------------

@dataclass(frozen=True)
class FixedLossOverhead:
    """Result of :func:`fixed_loss_overhead`. ``possible`` is False (and the multiples ``inf``) below the critical size."""

    size_fraction: np.ndarray
    compute_multiple: np.ndarray
    token_multiple: np.ndarray
    possible: np.ndarray
    critical_size_fraction: float


def critical_size_fraction(preset=REFERENCE_PRESET) -> float:
    """de Vries (2023)'s critical model size as a fraction of the compute-optimal size: ``k_c = x_c^(1/alpha)``.

    A model smaller than ``k_c N*`` cannot reach the compute-optimal loss with any
    amount of data, because ``A (k N*)^-alpha`` alone exceeds ``L - E``. Dimensionless;
    independent of the compute budget.
    """
    law = get_preset(preset)
    return optimal_param_share(law) ** (1.0 / law.alpha)


def fixed_loss_overhead(preset, size_fraction) -> FixedLossOverhead:
    """Extra training compute to reach the compute-optimal loss with a model ``k`` times the optimal size.

    ``token_multiple = D_k / D* = ((1 - x_c) / (1 - x_c k^-alpha))^(1/beta)`` and
    ``compute_multiple = k * token_multiple`` (both ``inf``, ``possible=False``, where
    ``k <= k_c``, :func:`critical_size_fraction`); ``x_c = beta/(alpha+beta)``. The same
    for every compute budget (de Vries 2023, "Go smol or go home"; the law is Hoffmann
    et al. 2022, Eq. 2). ``size_fraction`` k > 0 (k > 1 means a larger model). Vectorised.
    """
    law = get_preset(preset)
    k = _positive("size_fraction", size_fraction)
    xc = optimal_param_share(law)
    gap = 1.0 - xc * k ** -law.alpha
    possible = gap > 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        tok = np.where(possible, ((1.0 - xc) / np.where(possible, gap, 1.0)) ** (1.0 / law.beta), np.inf)
    return FixedLossOverhead(size_fraction=_out(k), compute_multiple=_out(k * tok), token_multiple=_out(tok),
                             possible=_out(possible), critical_size_fraction=critical_size_fraction(law))


def size_fraction_for_overhead(preset, compute_multiple):
    """The model size (fraction ``k`` of compute-optimal, in ``(k_c, 1]``) that reaches the optimal loss with ``M``x the compute.

    Inverse of :func:`fixed_loss_overhead` on its decreasing branch, by bisection on
    ``log k``. ``1/k`` is the inference-cost reduction ``M`` buys (inference FLOP per
    token ``2N``). ``compute_multiple`` M >= 1. Vectorised.
    """
    law = get_preset(preset)
    m = _finite("compute_multiple", compute_multiple)
    if np.any(m < 1):
        raise ValueError(f"compute_multiple={compute_multiple!r}: allowed: values >= 1 (1 is the compute optimum)")
    kc = critical_size_fraction(law)
    lo = np.full(m.shape, math.log(kc))
    hi = np.zeros(m.shape)
    with np.errstate(over="ignore"):
        for _ in range(_BISECTION_STEPS):
            mid = 0.5 * (lo + hi)
            over = np.asarray(fixed_loss_overhead(law, np.exp(mid)).compute_multiple)
            too_small = over > m
            lo = np.where(too_small, mid, lo)
            hi = np.where(too_small, hi, mid)
            if np.all(hi - lo <= 4 * np.spacing(np.abs(lo) + 1.0)):
                break
    return _out(np.exp(hi))


def overtrained_loss(flop, size_fraction, compute_multiple, preset=REFERENCE_PRESET):
    """Loss of a model ``k`` times the compute-optimal size at ``C`` trained with ``M C`` FLOP. Vectorised.

    ``N = k N_opt(C)``, ``D = M C / (6 N)``; ``L(N, D)`` from the preset (nats/token).
    Compare with ``pretraining.optimal_loss(C)``.
    """
    law = get_preset(preset)
    c = _positive("flop", flop)
    k = _positive("size_fraction", size_fraction)
    m = _positive("compute_multiple", compute_multiple)
    n_opt = np.asarray(law.compute_optimal(c)[0])
    n = k * n_opt
    return law.loss(n, m * c / (6.0 * n))


# --- the data wall ------------------------------------------------------------------------

def frontier_flop(year, start_flop, start_year, growth_per_year):
    """Frontier training compute ``C(y) = C0 g^(y - y0)`` in FLOP (Epoch AI's exponential trend; Sevilla & Roldan 2024). Vectorised."""
    g = _positive("growth_per_year", growth_per_year)
    if np.any(g <= 1):
        raise ValueError(f"growth_per_year={growth_per_year!r}: allowed: values > 1 (a factor per year)")
    return _out(_positive("start_flop", start_flop) * g ** (_finite("year", year) - _finite("start_year", start_year)))


def dataset_tokens(flop, tokens_per_param=None, preset=REFERENCE_PRESET):
    """Training tokens a run of ``C`` FLOP uses under a data policy. Vectorised over ``flop`` (and ``tokens_per_param``).

    ``tokens_per_param=None``: the compute-optimal ``D_opt(C)`` of the preset
    (Hoffmann et al. 2022, Eq. 4). A number ``r``: a fixed ratio ``D = r N`` with
    ``C = 6 N D``, so ``D = sqrt(r C / 6)``. Units: tokens.
    """
    c = _positive("flop", flop)
    if tokens_per_param is None:
        return get_preset(preset).compute_optimal(c)[1]
    r = _positive("tokens_per_param", tokens_per_param)
    return _out(np.sqrt(r * c / 6.0))


def flop_for_dataset(n_tokens, tokens_per_param=None, preset=REFERENCE_PRESET):
    """The training compute at which a policy's dataset reaches ``n_tokens``; inverse of :func:`dataset_tokens`.

    Compute-optimal: ``C = 6 (D G)^(1/b)``, ``b = alpha/(alpha+beta)`` (Hoffmann Eq. 4).
    Fixed ratio ``r``: ``C = 6 D^2 / r``. Units: FLOP. Vectorised.
    """
    d = _positive("n_tokens", n_tokens)
    if tokens_per_param is None:
        law = get_preset(preset)
        return _out(6.0 * (d * law.G) ** (1.0 / law.b))
    return _out(6.0 * d ** 2 / _positive("tokens_per_param", tokens_per_param))


def data_wall_year(stock_tokens, start_flop, start_year, growth_per_year, tokens_per_param=None,
                   preset=REFERENCE_PRESET):
    """Year in which the frontier run's dataset equals the data stock (Villalobos et al. 2024's crossing, simplified).

    ``y = y0 + log(C_wall / C0) / log(g)`` with ``C_wall`` = :func:`flop_for_dataset`
    of the stock, ``C0`` FLOP in year ``y0`` and growth ``g`` per year. The stock is
    held fixed (Villalobos et al. let it grow slowly). Years before ``y0`` mean the
    stock was already exceeded at the start. Vectorised.
    """
    g = _positive("growth_per_year", growth_per_year)
    if np.any(g <= 1):
        raise ValueError(f"growth_per_year={growth_per_year!r}: allowed: values > 1 (a factor per year)")
    c_wall = np.asarray(flop_for_dataset(stock_tokens, tokens_per_param, preset))
    return _out(_finite("start_year", start_year)
                + np.log(c_wall / _positive("start_flop", start_flop)) / np.log(g))


def frontier_start(as_of: str = LEDGER_DATE) -> tuple[str, float, float]:
    """The largest training run known by ``as_of``: ``(name, FLOP, decimal year)`` from ``data/scaling_facts.csv``.

    Candidates: the ``training_compute_flop`` rows (Epoch AI estimates of undisclosed
    runs) and the reported compute of ``data/training_runs.csv`` (all before 2025).
    """
    df = catalog.table("scaling_facts")
    df = df[(df["quantity"] == "training_compute_flop") & (df["date"] <= as_of)]
    best = df.loc[df["value"].idxmax()]
    runs = catalog.table("training_runs").dropna(subset=["reported_compute_flop"])
    if runs["reported_compute_flop"].max() > best["value"]:  # pragma: no cover - not the case in the data
        r = runs.loc[runs["reported_compute_flop"].idxmax()]
        return r["name"], float(r["reported_compute_flop"]), decimal_year(LEDGER_DATE)
    return best["name"].replace(" training compute", ""), float(best["value"]), decimal_year(best["date"])


def largest_dataset(as_of: str = LEDGER_DATE) -> tuple[str, float]:
    """The largest known pre-training dataset by ``as_of``: ``(name, tokens)`` over ``data/training_runs.csv``
    and the ``dataset_tokens`` rows of ``data/scaling_facts.csv``."""
    runs = catalog.table("training_runs")
    cands = [(r["name"], float(r["tokens"])) for _, r in runs.iterrows()]
    df = catalog.table("scaling_facts")
    df = df[(df["quantity"] == "dataset_tokens") & (df["date"].fillna("0000") <= as_of)]
    cands += [(r["name"].replace(" pre-training tokens", ""), float(r["value"])) for _, r in df.iterrows()]
    return max(cands, key=lambda t: t[1])


# --- compute arithmetic --------------------------------------------------------------------

def training_days(flop, n_gpus, peak_flop_per_s, mfu):
    """Wall-clock days to deliver ``flop`` on ``n_gpus`` at ``peak_flop_per_s`` and ``mfu``: ``C / (n peak MFU 86400)``. Vectorised."""
    return _out(np.asarray(flop_to_gpu_hours(flop, peak_flop_per_s, mfu)) / _positive("n_gpus", n_gpus) / 24.0)


def gpus_for_run(flop, days, peak_flop_per_s, mfu):
    """Accelerators needed to deliver ``flop`` in ``days`` at ``peak_flop_per_s`` and ``mfu``. Vectorised."""
    return _out(np.asarray(flop_to_gpu_hours(flop, peak_flop_per_s, mfu)) / (24.0 * _positive("days", days)))


def annual_factor_from_ooms(orders_of_magnitude, years):
    """Growth factor per year of ``orders_of_magnitude`` over ``years``: ``10^(OOM / years)``. Six per decade is 3.98x. Vectorised."""
    return _out(10.0 ** (_finite("orders_of_magnitude", orders_of_magnitude) / _positive("years", years)))


def ooms_per_decade(growth_per_year):
    """Orders of magnitude per decade of a growth factor per year: ``10 log10 g``. 4x per year is 6.02. Vectorised."""
    return _out(10.0 * np.log10(_positive("growth_per_year", growth_per_year)))


def annual_factor_from_halving(halving_months):
    """Yearly reduction factor of a quantity halving every ``m`` months: ``2^(12/m)`` (Ho et al. 2024: 8 months -> 2.83x). Vectorised."""
    return _out(2.0 ** (12.0 / _positive("halving_months", halving_months)))


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


@functools.lru_cache(maxsize=1)
def gpt4_reconstruction() -> Gpt4Reconstruction:
    """Rebuild the "$63M" GPT-4 run from the leak's inputs (SemiAnalysis 2023): see :class:`Gpt4Reconstruction`."""
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
        usd_from_flop=float(usd_for_flop(c, peak, mfu["value"], price)),
        usd_low=float(usd_for_flop(c, peak, mfu["high"], price)),
        usd_high=float(usd_for_flop(c, peak, mfu["low"], price)),
        usd_from_gpu_days=gpus * days["value"] * 24.0 * price,
        implied_days=float(training_days(c, gpus, peak, mfu["value"])),
        days_for_63m=hours_63m / gpus / 24.0,
        mfu_for_63m=float(mfu_for(c, hours_63m, peak)))


# --- tokens per parameter of the Llama line (L2-L5) ----------------------------------------

def llama_tokens_per_param() -> pd.DataFrame:
    """Every LLaMA, Llama 2 and Llama 3.1 size: parameters (counted from the architecture), tokens, tokens per parameter.

    Parameters from :func:`llmscale.flops.param_count`; tokens from ``data/models.csv``
    (Touvron et al. 2023a, 2023b; Dubey et al. 2024); compute ``6 N D``. Returns a copy.
    """
    return _llama_table().copy()


@functools.lru_cache(maxsize=1)
def _llama_table() -> pd.DataFrame:
    df = catalog.table("models")
    df = df[df["family"].isin(LLAMA_FAMILIES)]
    n = np.array([param_count(m) for m in df["name"]], dtype=float)
    d = df["tokens_trained"].to_numpy(dtype=float)
    return pd.DataFrame({"model": df["name"].to_numpy(), "family": df["family"].to_numpy(), "n_params": n,
                         "nominal_params": df["reported_params"].to_numpy(dtype=float), "n_tokens": d,
                         "tokens_per_param": d / n, "train_flop": np.asarray(training_flop(n, d))})


def max_tokens_per_param(family: str) -> tuple[str, float]:
    """The model of ``family`` with the most tokens per parameter: ``(name, D/N)``, ``D/N`` in tokens per parameter.

    From :func:`llama_tokens_per_param` (architecture parameter counts; tokens as reported by
    Touvron et al. 2023a, 2023b and Dubey et al. 2024). ``family`` is one of :data:`LLAMA_FAMILIES`.
    """
    df = llama_tokens_per_param()
    sub = df[df["family"].str.lower() == str(family).strip().lower()]
    if sub.empty:
        raise ValueError(f"family={family!r}: allowed: {list(LLAMA_FAMILIES)}")
    row = sub.loc[sub["tokens_per_param"].idxmax()]
    return row["model"], float(row["tokens_per_param"])


def _train_flop_of(model: str) -> float:
    return float(training_flop(param_count(model), catalog.model(model).tokens_trained))


# --- the ledger rows ------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _claim_rows() -> tuple[Claim, ...]:
    P = REFERENCE_PRESET
    h100 = catalog.hardware("H100 SXM").peak_flop_per_s("bf16")
    rows = []

    # L1: the Chinchilla trap, via the serving-size ratio at Llama 3.1 8B's loss
    t = overtraining_table(["Llama 3.1 8B"], P).iloc[0]
    rows.append(Claim(
        "L1", "Following Chinchilla alone is a trap: the model is too large and too expensive to serve", "jonvet",
        claimed=1.0, recomputed=float(t["serving_ratio"]), unit="x larger per token (proxy)", sense="lower",
        checkable=False,
        assumptions=(f"Proxy: the compute-optimal model reaching Llama 3.1 8B's loss (15T tokens) under preset {P} is "
                     f"{t['opt_n_params'] / 1e9:.1f}B parameters on {t['opt_n_tokens'] / 1e12:.2f}T tokens, so it costs "
                     f"{t['serving_ratio']:.2f}x more per served token (2N FLOP/token); claimed = 1 means 'larger than "
                     "needed' (sense lower)."),
        note=(f"The trap is real only above the break-even lifetime demand of {format_count(t['breakeven_inference_tokens'])} "
              "tokens, where the 8B model's extra training is paid back; Meta's serving volume is not public, so the "
              "row is consistent, not reproduced.")))

    # L2-L4: tokens per parameter
    for cid, fam, claimed, text in (
            ("L2", "LLaMA", 142.0, "LLaMA 1 trained up to 142 tokens per parameter (7B on 1T tokens)"),
            ("L3", "Llama 2", 284.0, "Llama 2 doubled tokens to 2T: up to 284 tokens per parameter"),
            ("L4", "Llama 3.1", 1875.0, "Llama 3: up to 1,875 tokens per parameter (8B on 15T tokens)")):
        name, r = max_tokens_per_param(fam)
        rows.append(Claim(
            cid, text, "jonvet", claimed=claimed, recomputed=r, unit="tokens/parameter",
            assumptions=(f"Max over the {fam} sizes in data/models.csv: {name}, tokens / parameters counted from the "
                         f"architecture ({param_count(name) / 1e9:.2f}B)."),
            note=("The claim divides by the nominal 7B; the architecture count (6.74B) is a few % smaller."
                  if cid != "L4" else "")))

    # L5: 50x Llama 2
    c405, c70 = _train_flop_of("Llama 3.1 405B"), _train_flop_of("Llama 2 70B")
    rows.append(Claim(
        "L5", "Llama 3's flagship used 3.8e25 FLOPs, 50x Llama 2", "jonvet", claimed=50.0, recomputed=c405 / c70,
        unit="x Llama 2 70B compute",
        assumptions=(f"6ND with architecture parameter counts: Llama 3.1 405B on 15.6T = {format_flop(c405, 3)} (Meta reports "
                     f"3.8e25); Llama 2 70B on 2.0T = {format_flop(c70, 3)}."),
        note=("Meta's own words are 'almost 50x'. With the 1.8T tokens the Llama 3 paper quotes for Llama 2 "
              f"the ratio would be {c405 / (c70 * 1.8 / 2.0):.0f}x.")))

    # L6: Sardana et al.'s 10,000 tokens per parameter
    x = inference_aware_optimum(*_sardana_figure1_target(), preset="hoffmann2022_unrounded")
    rows.append(Claim(
        "L6", "Sardana et al.: models trained up to 10,000 tokens per parameter; loss keeps falling past "
              "Chinchilla-optimal; with enough inference demand smaller, longer-trained models cost less in total",
        "jonvet", claimed=10_000.0, recomputed=fact("Sardana et al. largest tokens per parameter"),
        unit="tokens/parameter",
        assumptions=("The number is Sardana et al.'s largest trained ratio (abstract, data/scaling_facts.csv). "
                     "The qualitative part follows from the law: D(N) at fixed loss is finite above the critical size "
                     "and the optimum moves to smaller N as demand grows."),
        note=(f"Their Figure 1 example recomputed with Hoffmann's unrounded constants: a 13B Chinchilla-optimal model "
              f"with 2T tokens of demand is beaten by a {x.n_params / 1e9:.1f}B model, saving {format_flop(x.savings_flop)} "
              f"({100 * x.savings_fraction:.0f}%); the paper says 7B, 1.7e22 FLOP, 17%.")))

    # L7: 100x FLOPs for 10x cheaper inference
    ov = fixed_loss_overhead(P, 0.1)
    buys = {p: 1.0 / size_fraction_for_overhead(p, 100.0) for p in ("hoffmann2022", "hoffmann2022_unrounded",
                                                                   "besiroglu2024")}
    bes = fixed_loss_overhead("besiroglu2024", 0.1)
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
              f"(critical size {1 / critical_size_fraction('besiroglu2024'):.1f}x smaller). 100x compute buys a "
              + ", ".join(f"{v:.1f}x ({k})" for k, v in buys.items()) + " smaller model.")))

    # L8: Jones (2021)
    slope = fact("Jones train-test trade-off slope")
    k10 = size_fraction_for_overhead(P, 10.0)
    rows.append(Claim(
        "L8", "Jones (2021): 10x training compute can be traded for 15x inference compute", "jonvet",
        claimed=15.0, recomputed=10 ** slope, unit="x test-time compute per 10x train-time",
        assumptions=("Jones's Figure 9 fit of AlphaZero on Hex: log(test) = -1.2 log(train) + const at fixed Elo, so "
                     "10x training removes 10^1.2 x test-time (MCTS) compute."),
        note=(f"A board-game result about tree search, not LLMs. In LLM pre-training under {P}, 10x training compute "
              f"at fixed loss buys only a {1 / k10:.1f}x smaller model (inference FLOP per token).")))

    # L9: the largest run as of December 2024
    name, c_max, _ = frontier_start(LEDGER_DATE)
    c_sonnet = fact("Claude 3.5 Sonnet training compute")
    rows.append(Claim(
        "L9", "As of Dec 2024 the largest known training run was Gemini Ultra, 5e25 FLOPs (Epoch AI)", "jonvet",
        claimed=5e25, recomputed=c_max, unit="FLOP", checkable=False,
        assumptions=(f"Largest training compute in data/scaling_facts.csv and data/training_runs.csv dated by "
                     f"{LEDGER_DATE}: {name}. Llama 3.1 405B: 6ND = {format_flop(c405, 3)}."),
        note=("Google never disclosed Gemini Ultra's compute: 5e25 is Epoch AI's estimate (it has been revised), and "
              f"Epoch's Claude 3.5 Sonnet estimate ({format_flop(c_sonnet, 3)}) is within "
              f"{math.ceil(100 * abs(1 - c_sonnet / c_max)):.0f}%.")))

    # L10: the data stock against the largest dataset
    ds_name, ds = largest_dataset(LEDGER_DATE)
    stock = fact("Indexed web text stock")
    eff = fact_row("Effective stock of public human text")
    opt_year = data_wall_year(stock, c_max, frontier_start()[2], fact("Frontier training compute growth"))
    rows.append(Claim(
        "L10", "Epoch AI: about 510T tokens in the indexed web; the largest known dataset is about 18T tokens (Qwen2.5)",
        "jonvet", claimed=510e12 / 18e12, recomputed=stock / ds, unit="x headroom (stock / largest dataset)",
        assumptions=(f"Stock: Villalobos et al. (2024)'s indexed-web estimate; largest dataset by {LEDGER_DATE}: "
                     f"{ds_name} ({ds / 1e12:.1f}T)."),
        note=(f"Raw stock only: Villalobos et al.'s effective stock is ~{eff['value'] / 1e12:.0f}T (90% CI "
              f"{eff['low'] / 1e12:.0f}T-{eff['high'] / 1e12:.0f}T). A compute-optimal frontier run ({P}, "
              f"{fact('Frontier training compute growth'):.0f}x/yr from {name}) reaches {stock / 1e12:.0f}T in "
              f"{opt_year:.0f}.")))

    # L11: Colossus
    gpus = fact("xAI Colossus H100 count")
    mfu_llama = fact("Llama 3.1 405B MFU")
    days = float(training_days(3.8e25, gpus, h100, mfu_llama))
    rows.append(Claim(
        "L11", "xAI's Colossus hosts 100,000 H100s with plans for at least 1 million", "jonvet",
        claimed=1e5, recomputed=gpus, unit="H100 GPUs", checkable=False,
        assumptions=(f"xAI's own announcement (data/scaling_facts.csv); the 1M plan is a December 2024 "
                     f"announcement ({format_count(fact('xAI Colossus planned GPUs'))} GPUs)."),
        note=(f"Not independently audited. At {mfu_llama:.0%} MFU the cluster would deliver Llama 3.1 405B's 3.8e25 FLOP in "
              f"{days:.1f} days.")))

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
    g_row = fact_row("Frontier training compute growth")
    g = float(g_row["value"])
    alg = annual_factor_from_halving(fact("Algorithmic progress halving time"))
    rows.append(Claim(
        "L14", "AI hardware and software capability keeps growing about six orders of magnitude per decade", "wall",
        claimed=6.0, recomputed=ooms_per_decade(g), unit="orders of magnitude per decade", checkable=False,
        assumptions=(f"Six per decade is {annual_factor_from_ooms(6, 10):.2f}x per year; Epoch AI's frontier "
                     f"training-compute trend is {g:.0f}x per year."),
        note=(f"A forecast, so consistent at best. Epoch's {g_row['low']:.0f}-{g_row['high']:.0f}x/yr is physical compute; adding algorithmic progress "
              f"({alg:.2f}x/yr, Ho et al.) gives {ooms_per_decade(g * alg):.1f} orders per decade of effective compute.")))

    # L15: a third per year
    ci = fact_row("Algorithmic progress halving time")
    d_lo = float(gpus_for_run(3.8e25, 2 * DAYS_PER_MONTH, h100, mfu_llama))
    d_hi = float(gpus_for_run(3.8e25, DAYS_PER_MONTH, h100, mfu_llama))
    rows.append(Claim(
        "L15", "Algorithmic progress cuts the physical compute a model needs by about a third per year; runs rarely "
               "exceed 3 months, most take 1-2 months", "semi",
        claimed=1.5, recomputed=alg, unit="x less compute per year",
        assumptions=(f"'By a third' read literally: compute x2/3 per year, a 1.5x reduction. Ho et al. (2024): halving "
                     f"every {ci['value']:.0f} months (95% CI {ci['low']:.0f}-{ci['high']:.0f}) = {alg:.2f}x per year "
                     f"({annual_factor_from_halving(ci['high']):.2f}x-{annual_factor_from_halving(ci['low']):.1f}x)."),
        note=(f"Read as 'to a third' (3x per year) it would match Ho et al. A 1-2-month run of 3.8e25 FLOP at "
              f"{mfu_llama:.0%} MFU needs {d_lo:,.0f}-{d_hi:,.0f} H100s; Meta used up to "
              f"{fact('Llama 3.1 405B H100 count'):,.0f} for Llama 3.1 405B.")))
    return tuple(rows)


def _sardana_figure1_target() -> tuple[float, float]:
    """Sardana et al. (2024), Figure 1: the loss of a Chinchilla-optimal 13B model (unrounded Hoffmann law) and 2T tokens of demand."""
    law = get_preset("hoffmann2022_unrounded")
    n = 13e9
    return float(law.loss(n, tokens_for_params(n, law))), 2e12


def claim_rows() -> list[Claim]:
    """Chapter 02's ledger rows L1-L15, recomputed by this module (see each row's assumptions)."""
    return list(_claim_rows())
