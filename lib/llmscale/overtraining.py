"""Over-training: the fixed-loss geometry of a Chinchilla law, inference-aware optima, shrinking at fixed loss.

The loss law is Chinchilla's ``L(N, D) = E + A / N^alpha + B / D^beta`` (nats/token),
imported from :mod:`llmscale.laws` with its named presets (``"hoffmann2022"``,
``"hoffmann2022_unrounded"``, ``"besiroglu2024"``). This module writes no law of its
own: it only inverts and optimises the imported one.

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

Units: parameters and tokens are counts, compute in FLOP, money in USD.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _checks, catalog
from ._checks import scalar_or_array as _out
from .flops import flop_to_usd, inference_flop_per_token, param_count, training_flop
from .laws import get_preset

#: The default preset (Hoffmann et al. 2022's printed constants).
REFERENCE_PRESET = "hoffmann2022"

#: Model families of the Llama line in ``data/models.csv``.
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


def lifetime_usd(n_params, n_tokens, inference_tokens, *, training_mfu, inference_mfu, peak_flop_per_s,
                 usd_per_gpu_hour):
    """Dollars to train ``(N, D)`` and serve ``D_inf`` tokens: ``6ND`` at ``training_mfu`` plus ``2N D_inf`` at ``inference_mfu``.

    Both at one price per GPU-hour on accelerators of ``peak_flop_per_s`` (Sardana et al. 2024, Section 4,
    without their input/output token split). Units: USD. Vectorised.
    """
    train = training_flop(n_params, n_tokens)
    inf = np.asarray(inference_flop_per_token(n_params)) * _nonneg("inference_tokens", inference_tokens)
    return _out(np.asarray(flop_to_usd(train, peak_flop_per_s, training_mfu, usd_per_gpu_hour))
                + np.asarray(flop_to_usd(inf, peak_flop_per_s, inference_mfu, usd_per_gpu_hour)))


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
    train_usd = np.asarray(flop_to_usd(training_flop(n, d), peak, mt, price))
    inf_usd = np.asarray(flop_to_usd(np.asarray(inference_flop_per_token(n)) * d_inf, peak, mi, price))
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

