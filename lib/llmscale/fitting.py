"""Refitting Chinchilla's law: Hoffmann et al. (2022)'s Approach 3, its bootstrap, and synthetic runs.

Approach 3 minimises ``sum_i Huber_delta(LSE(a - alpha log N_i, b - beta log D_i, e) - log L_i)``
over ``(a, b, e, alpha, beta)`` with ``A = e^a``, ``B = e^b``, ``E = e^e`` (Hoffmann et al. 2022,
Eq. 10 and Appendix D.2), by L-BFGS from a 4,500-point grid of starts. :func:`fit_approach3` runs
every start at once with the vectorised L-BFGS of :mod:`llmscale.optim` and analytic gradients.
Units: ``N`` parameters, ``D`` tokens, losses in nats/token. The laws themselves are
:mod:`llmscale.laws`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._checks import positive
from ._checks import scalar_or_array as _out
from .laws import ChinchillaLaw, get_preset
from .optim import batched_lbfgs

# --- the objective: Huber loss on log residuals, with its analytic gradient ----------------

#: Hoffmann et al. (2022), Appendix D.2: L-BFGS is started from every point of this grid
#: (a, b in {0, 5, ..., 25}; e in {-1, -0.5, ..., 1}; alpha, beta in {0, 0.5, ..., 2}):
#: 6 x 6 x 5 x 5 x 5 = 4,500 starts.
HOFFMANN_GRID = {
    "a": tuple(np.arange(0.0, 26.0, 5.0)),
    "b": tuple(np.arange(0.0, 26.0, 5.0)),
    "e": tuple(np.arange(-1.0, 1.01, 0.5)),
    "alpha": tuple(np.arange(0.0, 2.01, 0.5)),
    "beta": tuple(np.arange(0.0, 2.01, 0.5)),
}


def hoffmann_grid() -> np.ndarray:
    """The 4,500 starting points ``(a, b, e, alpha, beta)`` of Hoffmann et al. (2022), Appendix D.2. Shape (4500, 5)."""
    g = HOFFMANN_GRID
    mesh = np.meshgrid(g["a"], g["b"], g["e"], g["alpha"], g["beta"], indexing="ij")
    return np.stack([m.ravel() for m in mesh], axis=1)


def huber(r, delta: float = 1e-3):
    """Huber loss ``r^2/2`` for ``|r| <= delta``, else ``delta (|r| - delta/2)`` (as ``scipy.special.huber``). Vectorised."""
    r = np.asarray(r, dtype=float)
    a = np.abs(r)
    return _out(np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta)))


def _objective_and_grad(x, log_n, log_d, log_l, delta, weights):
    """Sum over points of ``weights * Huber_delta(LSE - log L)`` and its analytic gradient, for each row of ``x``.

    ``x``: (S, 5) rows ``(a, b, e, alpha, beta)``; data: (P,); ``weights``: None or (S, P).
    Returns f (S,), g (S, 5). With ``r = LSE - log L``, ``psi = clip(r, -delta, delta)``
    (the Huber derivative) and softmax weights ``s1, s2, s3`` of the three LSE terms:
    ``Huber(r) = psi (r - psi/2)``, ``df/da = sum psi s1``, ``df/dalpha = -sum psi s1 log N``,
    ``df/db = sum psi s2``, ``df/dbeta = -sum psi s2 log D``, ``df/de = sum psi s3``.
    """
    t1 = x[:, 0, None] - x[:, 3, None] * log_n
    t2 = x[:, 1, None] - x[:, 4, None] * log_d
    e = x[:, 2, None]
    safe = (t1.max(axis=1) < 300) & (t2.max(axis=1) < 300) & (np.abs(e[:, 0]) < 300)
    if not safe.all():  # rare trial points far out: evaluate those rows with a max-shifted log-sum-exp
        f = np.empty(len(x))
        g = np.empty_like(x)
        w_s = None if weights is None else weights[safe]
        w_u = None if weights is None else weights[~safe]
        if safe.any():
            f[safe], g[safe] = _objective_and_grad(x[safe], log_n, log_d, log_l, delta, w_s)
        f[~safe], g[~safe] = _objective_and_grad_shifted(x[~safe], log_n, log_d, log_l, delta, w_u)
        return f, g
    # No overflow is possible and the sum is >= exp(e) > 0, so no max-shift is needed. Terms below
    # exp(-600) ~ 3e-261 are clipped there (their effect is below double precision) to avoid slow denormals.
    np.maximum(t1, -600.0, out=t1)
    np.maximum(t2, -600.0, out=t2)
    e1 = np.exp(t1, out=t1)
    e2 = np.exp(t2, out=t2)
    e3 = np.exp(e)
    s = e1 + e2
    s += e3
    r = np.log(s)
    return _huber_tail(x, r, s, e1, e2, e3, log_n, log_d, log_l, delta, weights)


def _objective_and_grad_shifted(x, log_n, log_d, log_l, delta, weights):
    """As :func:`_objective_and_grad`, with a max-shifted (overflow-safe) log-sum-exp."""
    t1 = x[:, 0, None] - x[:, 3, None] * log_n
    t2 = x[:, 1, None] - x[:, 4, None] * log_d
    e = x[:, 2, None]
    m = np.maximum(np.maximum(t1, t2), e)
    e1 = np.exp(np.maximum(t1 - m, -600.0))
    e2 = np.exp(np.maximum(t2 - m, -600.0))
    e3 = np.exp(np.maximum(e - m, -600.0))
    s = e1 + e2 + e3
    r = np.log(s)
    r += m
    return _huber_tail(x, r, s, e1, e2, e3, log_n, log_d, log_l, delta, weights)


def _huber_tail(x, r, s, e1, e2, e3, log_n, log_d, log_l, delta, weights):
    r -= log_l
    psi = np.minimum(np.maximum(r, -delta), delta)
    if weights is not None:
        wpsi = psi * weights
        f = np.einsum("ij,ij->i", wpsi, r - 0.5 * psi)
        psi = wpsi
    else:
        r -= 0.5 * psi
        f = np.einsum("ij,ij->i", psi, r)
    psi /= s
    g = np.empty_like(x)
    p = psi * e1
    g[:, 0] = p.sum(axis=1)
    g[:, 3] = -np.einsum("ij,j->i", p, log_n)
    np.multiply(psi, e2, out=p)
    g[:, 1] = p.sum(axis=1)
    g[:, 4] = -np.einsum("ij,j->i", p, log_d)
    g[:, 2] = (psi * e3).sum(axis=1) if e3.shape[1] > 1 else psi.sum(axis=1) * e3[:, 0]
    if not (np.all(np.isfinite(f)) and np.all(np.isfinite(g))):
        bad = ~(np.isfinite(f) & np.isfinite(g).all(axis=1))
        f[bad] = np.inf
    return f, g


# --- fitting Approach 3 ------------------------------------------------------------------

def _fit_data(N, D, loss):
    n, d = positive("N", N, nonempty=True), positive("D", D, nonempty=True)
    l_ = positive("loss", loss, nonempty=True)
    if not (n.ndim == d.ndim == l_.ndim == 1 and n.size == d.size == l_.size):
        raise ValueError(f"N, D and loss must be 1-D arrays of one length; got shapes {n.shape}, {d.shape}, {l_.shape}")
    if n.size < 5:
        raise ValueError(f"N has {n.size} points; allowed: at least 5 (the model has 5 parameters)")
    return np.log(n), np.log(d), np.log(l_)


def _starts(starts) -> np.ndarray:
    if isinstance(starts, str):
        if starts == "hoffmann":
            return hoffmann_grid()
        if starts == "coarse":
            g = np.meshgrid([0.0, 5.0, 10.0], [0.0, 5.0, 10.0], [0.0, 0.5], [0.25, 0.5], [0.25, 0.5], indexing="ij")
            return np.stack([m.ravel() for m in g], axis=1)
        raise ValueError(f"starts={starts!r}; allowed: 'hoffmann' (the 4,500-point grid), 'coarse', "
                         "or an array of shape (S, 5) of (a, b, e, alpha, beta)")
    x = np.asarray(starts, dtype=float)
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2 or x.shape[1] != 5 or x.shape[0] == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"starts has shape {np.shape(starts)}; allowed: 'hoffmann', 'coarse', "
                         "or a finite array of shape (S, 5) of (a, b, e, alpha, beta)")
    return x


def _check_delta(delta):
    if not (isinstance(delta, (int, float)) and math.isfinite(delta) and delta > 0):
        raise ValueError(f"delta={delta!r}; allowed: a finite number > 0 (Hoffmann et al. use 1e-3)")
    return float(delta)


@dataclass(frozen=True)
class Approach3Fit:
    """Result of :func:`fit_approach3`: the best optimum over all starts."""

    E: float
    A: float
    B: float
    alpha: float
    beta: float
    objective: float
    n_starts: int
    n_converged: int
    x: tuple  # (a, b, e, alpha, beta), the log-space optimum

    def law(self, name: str = "fit") -> ChinchillaLaw:
        """The fitted law as a :class:`ChinchillaLaw`."""
        return ChinchillaLaw(name, E=self.E, A=self.A, B=self.B, alpha=self.alpha, beta=self.beta,
                             note="refit with llmscale.fitting.fit_approach3")


def approach3_objective(x, N, D, loss, delta: float = 1e-3):
    """Hoffmann's Approach-3 objective at ``x = (a, b, e, alpha, beta)`` (one row or (S, 5)).

    ``sum_i Huber_delta(LSE(a - alpha log N_i, b - beta log D_i, e) - log L_i)``, summed over
    points, not averaged (Hoffmann et al. 2022, Eq. 10 / Appendix D.2; Besiroglu et al. 2024, Section 3).
    """
    log_n, log_d, log_l = _fit_data(N, D, loss)
    x = np.atleast_2d(np.asarray(x, dtype=float))
    f, _ = _objective_and_grad(x, log_n, log_d, log_l, _check_delta(delta), None)
    return _out(f if len(f) > 1 else f[0])


def fit_approach3(N, D, loss, delta: float = 1e-3, starts="hoffmann") -> Approach3Fit:
    """Refit Chinchilla's parametric law by Hoffmann et al. (2022)'s Approach 3.

    Minimises ``sum_i Huber_delta(LSE(a - alpha log N_i, b - beta log D_i, e) - log L_i)``
    over ``(a, b, e, alpha, beta)`` (Eq. 10 and Appendix D.2, with ``A = e^a``, ``B = e^b``,
    ``E = e^e``), by L-BFGS from every start and keeping the best optimum. The default
    ``starts="hoffmann"`` is the paper's 4,500-point grid (:func:`hoffmann_grid`); every start
    runs to its own convergence in one vectorised batch (:func:`batched_lbfgs`, analytic gradients,
    scipy L-BFGS-B's default stopping rules), and the best optimum is then polished to machine precision.

    Inputs: ``N`` parameters, ``D`` tokens, ``loss`` in nats/token (1-D arrays of one length).
    On Epoch AI's extraction of Hoffmann's Figure 4 (5 highest-loss points dropped) this gives
    A = 477.8, B = 2143, E = 1.8172, alpha = 0.3473, beta = 0.3672 (Besiroglu et al. 2024).
    """
    log_n, log_d, log_l = _fit_data(N, D, loss)
    delta = _check_delta(delta)
    x0 = _starts(starts)
    def fg(x, rows):
        return _objective_and_grad(x, log_n, log_d, log_l, delta, None)

    res = batched_lbfgs(fg, x0)
    fun = np.where(np.isfinite(res.fun), res.fun, np.inf)
    i = int(np.argmin(fun))
    # polish the best optimum to machine precision (scipy's default ftol stops at an absolute
    # decrease of ~2e-9 when the objective is below 1; this moves the reported digits only)
    pol = batched_lbfgs(fg, res.x[i:i + 1], gtol=1e-12, ftol=0.0)
    best = pol.x[0] if pol.fun[0] <= res.fun[i] else res.x[i]
    a, b, e, al, be = (float(v) for v in best)
    return Approach3Fit(E=math.exp(e), A=math.exp(a), B=math.exp(b), alpha=al, beta=be,
                        objective=float(min(pol.fun[0], res.fun[i])), n_starts=len(x0), n_converged=int(np.sum(res.status <= 1)),
                        x=(a, b, e, al, be))


def bootstrap_approach3(N, D, loss, n_resamples: int = 1000, seed: int = 0, delta: float = 1e-3,
                        start: Approach3Fit | None = None) -> np.ndarray:
    """Bootstrap the Approach-3 fit: resample the points with replacement ``n_resamples`` times and refit.

    Each resample is a vector of multinomial counts ``w`` over the points, and its objective is
    ``sum_i w_i Huber_delta(r_i)``; all resamples are fitted at once by :func:`batched_lbfgs`.
    Each refit is warm-started from the full-data optimum (``start``; fitted from the 4,500-point
    grid when not given) rather than rerunning the grid per resample: a resample is a small
    perturbation of the data, so its optimum is the one near the full-data optimum. This is the
    usual shortcut for bootstrap refits; it would miss a resample whose global optimum jumped
    to another basin. Besiroglu et al. (2024) report bootstrap standard errors for their refit
    (A 124.58, B 1293.23, E 0.03, alpha 0.02, beta 0.02); on their points this function gives
    spreads of the same size. Resamples are fitted to machine precision (``gtol=1e-10``, ``ftol=0``).

    Returns an array of shape (n_resamples, 5): columns ``E, A, B, alpha, beta`` (``inf`` where a
    resample's optimum ran off to an unbounded constant, as very noisy data can make it).
    """
    log_n, log_d, log_l = _fit_data(N, D, loss)
    delta = _check_delta(delta)
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, (int, np.integer)) or n_resamples < 1:
        raise ValueError(f"n_resamples={n_resamples!r}; allowed: an integer >= 1")
    if start is None:
        start = fit_approach3(N, D, loss, delta=delta)
    rng = np.random.default_rng(seed)
    p = log_n.size
    w = rng.multinomial(p, np.full(p, 1.0 / p), size=int(n_resamples)).astype(float)
    x0 = np.tile(np.asarray(start.x, dtype=float), (int(n_resamples), 1))
    # tight tolerances: A and B sit in flat directions of the objective, and scipy's default
    # ftol (an absolute decrease of 2e-9 for objectives below 1) would stop next to the start
    res = batched_lbfgs(lambda x, rows: _objective_and_grad(x, log_n, log_d, log_l, delta, w[rows]), x0,
                        gtol=1e-10, ftol=0.0)
    out = np.empty((int(n_resamples), 5))
    with np.errstate(over="ignore"):  # a resample that ran off to a >1e308 constant reports inf, silently
        out[:, 0] = np.exp(res.x[:, 2])
        out[:, 1] = np.exp(res.x[:, 0])
        out[:, 2] = np.exp(res.x[:, 1])
    out[:, 3] = res.x[:, 3]
    out[:, 4] = res.x[:, 4]
    return out


BOOTSTRAP_COLUMNS = ("E", "A", "B", "alpha", "beta")

#: Hoffmann's own procedure (Huber, delta = 1e-3, summed; 4,500 starts; 5 highest-loss points
#: dropped) rerun by Besiroglu et al. (2024) on their extraction of Hoffmann's Figure 4. Their
#: headline fit (:data:`PRESETS` ``"besiroglu2024"``) is the likelihood version of the same.
BESIROGLU_HUBER_FIT = {"E": 1.8172, "A": 477.8, "B": 2143.0, "alpha": 0.3473, "beta": 0.3672}
#: Hoffmann et al. (2022), Table 2: 10th-90th percentile interval of Approach 3's ``a`` (0.454, 0.455).
HOFFMANN_A3_INTERVAL_WIDTH = 0.455 - 0.454


def bootstrap_interval(samples, q: tuple[float, float] = (0.05, 0.95)) -> dict[str, tuple[float, float]]:
    """Percentile interval of each column of :func:`bootstrap_approach3` output: ``{name: (lo, hi)}``."""
    s = np.asarray(samples, dtype=float)
    if s.ndim != 2 or s.shape[1] != 5:
        raise ValueError(f"samples has shape {s.shape}; allowed: (n, 5) from bootstrap_approach3")
    lo, hi = np.quantile(s, q, axis=0)
    return {k: (float(lo[i]), float(hi[i])) for i, k in enumerate(BOOTSTRAP_COLUMNS)}


def load_points(path, drop_highest_loss: int = 0):
    """Read a table of training runs and return ``(N, D, loss)`` arrays.

    Accepted columns: Epoch AI's extraction of Hoffmann et al.'s Figure 4 (``Model Size``,
    ``Training FLOP``, ``loss``; public at github.com/epoch-research/analyzing-chinchilla,
    ``data/svg_extracted_data.csv``), or ``N``, ``loss`` and one of ``D`` (tokens) or ``C``
    (FLOP). Where only compute is given, ``D = C / (6 N)``. ``drop_highest_loss`` drops that
    many highest-loss rows (Besiroglu et al. drop 5, Section 3).
    """
    import pandas as pd

    try:
        df = pd.read_csv(path)
    except FileNotFoundError:
        raise ValueError(f"path={str(path)!r}: file not found; allowed: a CSV with columns "
                         "N, loss and D or C (or Epoch's 'Model Size', 'Training FLOP', 'loss')") from None
    cols = {c.strip(): c for c in df.columns}
    ncol = cols.get("Model Size") or cols.get("N")
    ccol = cols.get("Training FLOP") or cols.get("C")
    dcol = cols.get("D")
    lcol = cols.get("loss")
    if ncol is None or lcol is None or (ccol is None and dcol is None):
        raise ValueError(f"path={str(path)!r} has columns {list(df.columns)}; allowed: N, loss and D or C "
                         "(or Epoch's 'Model Size', 'Training FLOP', 'loss')")
    if not isinstance(drop_highest_loss, (int, np.integer)) or drop_highest_loss < 0 or drop_highest_loss >= len(df):
        raise ValueError(f"drop_highest_loss={drop_highest_loss!r}; allowed: an integer in [0, {len(df) - 1}]")
    df = df.sort_values(lcol, kind="mergesort")
    if drop_highest_loss:
        df = df.iloc[:-drop_highest_loss]
    n = positive("N", df[ncol].to_numpy(dtype=float), nonempty=True)
    d = df[dcol].to_numpy(dtype=float) if dcol is not None else df[ccol].to_numpy(dtype=float) / (6.0 * n)
    return n, positive("D", d, nonempty=True), positive("loss", df[lcol].to_numpy(dtype=float), nonempty=True)


def synthetic_runs(preset="besiroglu2024", n_runs: int = 240, noise: float = 0.02, seed: int = 0,
                   flop_range: tuple[float, float] = (1e18, 1e22), width_dex: float = 1.0):
    """Synthetic training runs drawn from a Chinchilla law, for parameter-recovery experiments.

    Compute ``C`` is log-uniform in ``flop_range``; the model size is the law's compute-optimal
    ``N_opt(C)`` times ``10^u`` with ``u`` uniform in ``[-width_dex/2, width_dex/2]`` (isoFLOP-like
    slices); ``D = C / (6 N)``; ``loss = L(N, D) exp(noise z)`` with ``z`` standard normal
    (``noise`` is the standard deviation of the log-loss). Returns ``(N, D, loss)``.
    """
    law = get_preset(preset)
    if isinstance(n_runs, bool) or not isinstance(n_runs, (int, np.integer)) or n_runs < 5:
        raise ValueError(f"n_runs={n_runs!r}; allowed: an integer >= 5")
    if not (isinstance(noise, (int, float)) and math.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise={noise!r}; allowed: a finite number >= 0 (std of the log-loss)")
    lo, hi = positive("flop_range", flop_range, nonempty=True)
    rng = np.random.default_rng(seed)
    c = 10 ** rng.uniform(np.log10(lo), np.log10(hi), int(n_runs))
    n_opt, _ = law.compute_optimal(c)
    n = n_opt * 10 ** rng.uniform(-width_dex / 2, width_dex / 2, int(n_runs))
    d = c / (6.0 * n)
    loss = law.loss(n, d) * np.exp(noise * rng.standard_normal(int(n_runs)))
    return n, d, loss


# --- how many runs a precise fit needs -----------------------------------------------------

def parameter_recovery(preset="besiroglu2024", n_runs=(50, 100, 200, 400, 800), noise: float = 0.02,
                       n_bootstrap: int = 200, seed: int = 0, q: tuple[float, float] = (0.1, 0.9)):
    """Fit synthetic runs of a known law at several sample sizes; report the bootstrap intervals.

    For each ``n`` in ``n_runs``: draw ``n`` runs (:func:`synthetic_runs`, seed ``seed + i``),
    fit them by Approach 3 from the 72-start ``"coarse"`` grid, bootstrap the fit
    ``n_bootstrap`` times (:func:`bootstrap_approach3`) and take the ``q`` percentile interval
    of ``alpha``, ``beta``, ``E`` and of the frontier exponent ``a = beta / (alpha + beta)``
    (Hoffmann et al. 2022 Table 2 report the 10th-90th percentiles). Returns a DataFrame,
    one row per ``n``.
    """
    import pandas as pd

    law = get_preset(preset)
    rows = []
    for i, n in enumerate(n_runs):
        N, D, L = synthetic_runs(law, n_runs=int(n), noise=noise, seed=seed + i)
        fit = fit_approach3(N, D, L, starts="coarse")
        s = bootstrap_approach3(N, D, L, n_resamples=n_bootstrap, seed=seed + i, start=fit)
        a = s[:, 4] / (s[:, 3] + s[:, 4])
        row = {"n_runs": int(n), "alpha_fit": fit.alpha, "beta_fit": fit.beta, "E_fit": fit.E,
               "a_fit": fit.beta / (fit.alpha + fit.beta)}
        for name, col in (("alpha", s[:, 3]), ("beta", s[:, 4]), ("E", s[:, 0]), ("a", a)):
            lo, hi = np.quantile(col, q)
            row[f"{name}_lo"], row[f"{name}_hi"], row[f"{name}_width"] = lo, hi, hi - lo
        rows.append(row)
    return pd.DataFrame(rows)


def sqrt_n_width_constant(n_runs, widths) -> float:
    """The constant ``k`` of ``width = k / sqrt(n)`` fitted to interval widths measured at ``n_runs`` runs.

    ``k = median(width_i sqrt(n_i))``: the ``1/sqrt(n)`` scaling of a standard error, fitted robustly.
    Units: those of ``widths`` (a dimensionless exponent for ``a``) times sqrt(runs).
    """
    n, w = positive("n_runs", n_runs, nonempty=True), positive("widths", widths, nonempty=True)
    return float(np.median(w * np.sqrt(n)))


def extrapolated_width(n, n_runs, widths):
    """Interval width expected at ``n`` runs, ``k / sqrt(n)`` with ``k`` from :func:`sqrt_n_width_constant`. Vectorised."""
    return _out(sqrt_n_width_constant(n_runs, widths) / np.sqrt(positive("n", n, nonempty=True)))


def runs_for_target_width(n_runs, widths, target_width):
    """Runs needed for an interval of ``target_width``, from widths measured at ``n_runs``.

    Assumes the ``1/sqrt(n)`` scaling of a standard error: fits ``width = k / sqrt(n)`` (``k`` the
    median of ``width sqrt(n)``, :func:`sqrt_n_width_constant`) and returns ``(k / target_width)^2``.
    Besiroglu et al. (2024) use this argument to say Hoffmann's intervals would need over 600,000 runs.
    """
    k = sqrt_n_width_constant(n_runs, widths)
    return (k / float(positive("target_width", target_width, nonempty=True))) ** 2
