"""Compute-optimal pre-training: Kaplan et al. (2020) and Chinchilla (Hoffmann et al. 2022).

Conventions
-----------
- ``N`` is a parameter count, ``D`` a token count, ``C`` training compute in FLOP
  with ``C = 6 N D`` (:func:`llmscale.flops.training_flop`). Losses are in nats
  per token.
- Kaplan et al. count *non-embedding* parameters and measure compute in
  PF-days (:data:`llmscale.units.PF_DAY`); the Kaplan functions here take FLOP
  and convert.
- Chinchilla's parametric law ``L(N, D) = E + A / N^alpha + B / D^beta``
  (Hoffmann et al. 2022, Eq. 2 and Section 3.3) comes in named presets
  (:data:`PRESETS`): the paper's rounded constants, its unrounded log-space
  constants, and Besiroglu et al. (2024)'s refit of the same data.
- :func:`fit_approach3` reruns Hoffmann's Approach 3 (Huber loss on log
  residuals, L-BFGS from a 4,500-point grid of starts) with a vectorised
  L-BFGS that runs every start at once.
"""

from __future__ import annotations

import difflib
import functools
import math
from dataclasses import dataclass

import numpy as np

from . import _checks
from ._checks import scalar_or_array as _out
from .flops import training_flop
from .units import PF_DAY


def _positive(name: str, x):
    return _checks.positive(name, x, nonempty=True)



# --- Chinchilla: the parametric law and its presets ------------------------------------

@dataclass(frozen=True)
class ChinchillaLaw:
    """Chinchilla's parametric loss ``L(N, D) = E + A / N^alpha + B / D^beta`` (nats/token).

    Hoffmann et al. (2022), Eq. (2) and Section 3.3 ("Approach 3"). ``E`` is the
    irreducible loss (the entropy of natural text in the model's units), ``A /
    N^alpha`` the excess loss of a finite model, ``B / D^beta`` that of finite data.
    """

    name: str
    E: float
    A: float
    B: float
    alpha: float
    beta: float
    source: str = ""
    note: str = ""

    def __post_init__(self):
        for k in ("E", "A", "B", "alpha", "beta"):
            v = getattr(self, k)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and (v > 0 or (k == "E" and v >= 0))):
                raise ValueError(f"{k}={v!r}: allowed: a finite number > 0 (E >= 0)")

    # -- the law
    def loss(self, N, D):
        """``E + A / N^alpha + B / D^beta`` in nats/token; ``N`` parameters, ``D`` tokens. Vectorised."""
        n, d = _positive("N", N), _positive("D", D)
        return _out(self.E + self.A * n ** -self.alpha + self.B * d ** -self.beta)

    def loss_infinite_data(self, N):
        """``E + A / N^alpha``: the loss of ``N`` parameters trained on unlimited data (nats/token). Vectorised."""
        return _out(self.E + self.A * _positive("N", N) ** -self.alpha)

    def loss_infinite_params(self, D):
        """``E + B / D^beta``: the loss after ``D`` tokens with an unlimited model (nats/token). Vectorised."""
        return _out(self.E + self.B * _positive("D", D) ** -self.beta)

    # -- the compute-optimal frontier (Hoffmann et al. 2022, Eq. 4 and Appendix D.2)
    @property
    def a(self) -> float:
        """Exponent of ``N_opt ∝ C^a``: ``a = beta / (alpha + beta)``."""
        return self.beta / (self.alpha + self.beta)

    @property
    def b(self) -> float:
        """Exponent of ``D_opt ∝ C^b``: ``b = alpha / (alpha + beta)``."""
        return self.alpha / (self.alpha + self.beta)

    @property
    def G(self) -> float:
        """``G = (alpha A / (beta B))^(1 / (alpha + beta))`` (Hoffmann et al. 2022, Eq. 4)."""
        return (self.alpha * self.A / (self.beta * self.B)) ** (1.0 / (self.alpha + self.beta))

    def compute_optimal(self, C):
        """``(N_opt, D_opt) = (G (C/6)^a, G^-1 (C/6)^b)`` for compute ``C`` in FLOP. Vectorised."""
        c = _positive("C", C) / 6.0
        return _out(self.G * c ** self.a), _out(c ** self.b / self.G)

    def as_log_params(self) -> tuple[float, float, float, float, float]:
        """``(a, b, e, alpha, beta)`` with ``A = exp(a)``, ``B = exp(b)``, ``E = exp(e)`` (the fit's variables)."""
        return (math.log(self.A), math.log(self.B), math.log(self.E), self.alpha, self.beta)


#: Named presets of the Chinchilla law.
PRESETS: dict[str, ChinchillaLaw] = {
    "hoffmann2022": ChinchillaLaw(
        "hoffmann2022", E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28,
        source="hoffmann2022chinchilla",
        note="Hoffmann et al. (2022), Section 3.3 and Eq. (10): the rounded constants printed in the paper."),
    "hoffmann2022_unrounded": ChinchillaLaw(
        "hoffmann2022_unrounded", E=math.exp(0.5267228), A=math.exp(6.0073404), B=math.exp(6.0179186),
        alpha=0.33917, beta=0.28491,
        source="hoffmann2022chinchilla",
        note="Hoffmann et al. (2022)'s fit in log form (a = 6.0073404, b = 6.0179186, e = 0.5267228, "
             "alpha = 0.33917, beta = 0.28491), as quoted by Besiroglu et al. (2024), Section 2."),
    "besiroglu2024": ChinchillaLaw(
        "besiroglu2024", E=1.8172, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658,
        source="besiroglu2024chinchilla",
        note="Besiroglu et al. (2024), Eq. (3)/Table 1: refit of Hoffmann's Figure 4 data."),
}


def get_preset(name) -> ChinchillaLaw:
    """The :class:`ChinchillaLaw` called ``name`` (case-insensitive), or ``name`` itself if it is one.

    Raises ``ValueError`` naming the allowed presets, with a "did you mean" hint.
    """
    if isinstance(name, ChinchillaLaw):
        return name
    if isinstance(name, str):
        key = name.strip().lower()
        if key in PRESETS:
            return PRESETS[key]
        near = difflib.get_close_matches(key, list(PRESETS), n=1, cutoff=0.4)
        hint = f" Did you mean {near[0]!r}?" if near else ""
    else:
        hint = ""
    raise ValueError(f"preset={name!r} is unknown; allowed: {sorted(PRESETS)}.{hint}")


#: Alias of :func:`get_preset`.
preset = get_preset


def chinchilla_loss(N, D, preset="hoffmann2022"):
    """Chinchilla loss ``E + A / N^alpha + B / D^beta`` (nats/token) under a preset. Vectorised.

    Hoffmann et al. (2022), Eq. (2). ``N`` parameters, ``D`` tokens.
    """
    return get_preset(preset).loss(N, D)


def compute_optimal(C, preset="hoffmann2022"):
    """Compute-optimal ``(N_opt, D_opt)`` for ``C`` FLOP under a Chinchilla preset. Vectorised.

    Minimising ``L(N, D)`` subject to ``6 N D = C`` gives (Hoffmann et al. 2022, Eq. 4):
    ``N_opt = G (C/6)^(beta/(alpha+beta))``, ``D_opt = G^-1 (C/6)^(alpha/(alpha+beta))``,
    ``G = (alpha A / (beta B))^(1/(alpha+beta))``. Units: parameters, tokens.
    """
    return get_preset(preset).compute_optimal(C)


def tokens_per_param_optimal(C, preset="hoffmann2022"):
    """Compute-optimal tokens per parameter ``D_opt / N_opt = G^-2 (C/6)^((alpha-beta)/(alpha+beta))``. Vectorised.

    Hoffmann et al. (2022), Eq. (4). Constant (independent of ``C``) only when alpha = beta.
    """
    law = get_preset(preset)
    c = _positive("C", C) / 6.0
    return _out(c ** ((law.alpha - law.beta) / (law.alpha + law.beta)) / law.G ** 2)


def flop_for_tokens_per_param(k, preset="hoffmann2022"):
    """The compute ``C`` (FLOP) at which a Chinchilla law's optimum trains ``k`` tokens per parameter.

    Inverse of :func:`tokens_per_param_optimal` (Hoffmann et al. 2022, Eq. 4):
    ``C = 6 (k G^2)^((alpha+beta)/(alpha-beta))``. ``k`` in tokens per parameter. Raises
    ``ValueError`` when ``alpha == beta`` (the ratio is then the same at every budget). Vectorised.
    """
    law = get_preset(preset)
    k = _positive("k", k)
    if law.alpha == law.beta:
        raise ValueError(f"preset {law.name!r} has alpha == beta: its tokens per parameter do not depend on compute")
    return _out(6.0 * (k * law.G ** 2) ** ((law.alpha + law.beta) / (law.alpha - law.beta)))


def optimal_loss(C, preset="hoffmann2022"):
    """Loss on the compute-optimal frontier ``L(N_opt(C), D_opt(C))`` in nats/token. Vectorised."""
    law = get_preset(preset)
    n, d = law.compute_optimal(C)
    return law.loss(n, d)


def isoflop_loss(N, C, preset="hoffmann2022"):
    """Loss of a model of ``N`` parameters trained with ``C`` FLOP, ``D = C / (6 N)`` tokens. Vectorised.

    One isoFLOP slice (Hoffmann et al. 2022, Approach 2, Figure 3) of the parametric law.
    """
    n, c = _positive("N", N), _positive("C", C)
    return get_preset(preset).loss(n, c / (6.0 * n))


def flop_for_params(N, preset="hoffmann2022"):
    """The compute ``C`` (FLOP) for which ``N`` parameters are compute-optimal; inverse of :func:`compute_optimal`.

    ``C = 6 (N / G)^(1/a)``, ``a = beta / (alpha + beta)``. Vectorised.
    """
    law = get_preset(preset)
    n = _positive("N", N)
    return _out(6.0 * (n / law.G) ** (1.0 / law.a))


def tokens_for_params(N, preset="hoffmann2022"):
    """Compute-optimal training tokens for a model of ``N`` parameters: ``D = C / (6 N)``, ``C`` from :func:`flop_for_params`."""
    n = _positive("N", N)
    return _out(np.asarray(flop_for_params(n, preset)) / (6.0 * n))


# --- Approach 3: Hoffmann's Huber fit, run from every grid start at once ----------------

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


@dataclass(frozen=True)
class LbfgsResult:
    """Result of :func:`batched_lbfgs`: one row per start."""

    x: np.ndarray
    fun: np.ndarray
    grad: np.ndarray
    n_iter: np.ndarray
    n_eval: int
    status: np.ndarray  # 0 converged (gtol), 1 converged (ftol), 2 line-search failure, 3 max_iter


def batched_lbfgs(fun_grad, x0, m: int = 10, max_iter: int = 15000, gtol: float = 1e-5,
                  ftol: float = 2.220446049250313e-09, c1: float = 1e-4, max_backtracks: int = 60) -> LbfgsResult:
    """Minimise many independent problems at once with L-BFGS (Nocedal & Wright 2006, Algorithms 7.4 and 7.5).

    ``fun_grad(x, rows) -> (f, g)`` evaluates the objectives of problems ``rows`` (original
    row numbers) at ``x`` (len(rows), k). Every row runs its own L-BFGS: two-loop recursion
    with memory ``m`` and scaling ``s.y / y.y``; a backtracking Armijo line search (``c1``)
    from the unit step, with safeguarded quadratic interpolation; a pair is stored only when
    ``s.y > 0``; a restart from steepest descent if the direction is not a descent direction.
    A row stops on its own, on scipy L-BFGS-B's default criteria: ``max |g| <= gtol``, or a
    relative decrease ``(f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol``, or a failed line
    search, or ``max_iter``. Stopped rows leave the batch (the arrays are compacted), so the
    work is the sum over rows of their own iterations, done as vectorised numpy.
    """
    x = np.array(x0, dtype=float)
    n, k = x.shape
    f, g = fun_grad(x, np.arange(n))
    n_eval = n
    out_x, out_f, out_g = x.copy(), f.copy(), g.copy()
    out_it = np.zeros(n, dtype=int)
    status = np.full(n, -1)
    status[np.max(np.abs(g), axis=1) <= gtol] = 0
    idx = np.flatnonzero(status < 0)            # original row numbers of the working set
    X, F, G = x[idx], f[idx], g[idx]
    Sb = np.zeros((m, idx.size, k))             # ring buffer of pairs, slot = iteration % m
    Yb = np.zeros((m, idx.size, k))
    Rb = np.zeros((m, idx.size))                # 1 / s.y, 0 for an empty or skipped slot
    gam = np.full(idx.size, np.nan)             # s.y / y.y of the newest stored pair
    it = 0
    while idx.size:
        nv = min(it, m)
        slots = [(it - 1 - j) % m for j in range(nv)]   # newest first
        q = G.copy()
        alphas = []
        for j in slots:
            a_ = Rb[j] * np.einsum("ij,ij->i", Sb[j], q)
            q -= a_[:, None] * Yb[j]
            alphas.append(a_)
        gnorm = np.sqrt(np.einsum("ij,ij->i", G, G))
        gamma = np.where(np.isnan(gam), 1.0 / np.maximum(gnorm, 1e-300), gam)
        r = gamma[:, None] * q
        for j, a_ in zip(reversed(slots), reversed(alphas)):
            b_ = Rb[j] * np.einsum("ij,ij->i", Yb[j], r)
            r += Sb[j] * (a_ - b_)[:, None]
        d = np.negative(r, out=r)
        gd = np.einsum("ij,ij->i", G, d)
        bad = ~(gd < 0)
        if bad.any():  # not a descent direction: forget the memory, take a unit steepest-descent step
            d[bad] = -G[bad] / np.maximum(gnorm[bad], 1e-300)[:, None]
            gd[bad] = -gnorm[bad]
            Sb[:, bad] = 0.0
            Yb[:, bad] = 0.0
            Rb[:, bad] = 0.0
            gam[bad] = np.nan
        # batched backtracking line search
        t = np.ones(idx.size)
        Fn = np.empty(idx.size)
        Gn = np.empty_like(G)
        ok = np.zeros(idx.size, dtype=bool)
        todo = np.arange(idx.size)
        for _ in range(max_backtracks):
            xt = X[todo] + t[todo, None] * d[todo]
            ft, gt = fun_grad(xt, idx[todo])
            n_eval += todo.size
            acc = ft <= F[todo] + c1 * t[todo] * gd[todo]
            ia = todo[acc]
            Fn[ia], Gn[ia], ok[ia] = ft[acc], gt[acc], True
            if acc.all():
                break
            rej = todo[~acc]
            fr, tr = ft[~acc], t[rej]
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                tq = -gd[rej] * tr * tr / (2.0 * (fr - F[rej] - gd[rej] * tr))
            tq = np.where(np.isfinite(tq), tq, 0.1 * tr)
            t[rej] = np.clip(tq, 0.1 * tr, 0.5 * tr)
            todo = rej
        # update the accepted rows
        slot = it % m
        s_new = t[:, None] * d
        y_new = Gn - G
        sy = np.einsum("ij,ij->i", s_new, y_new)
        yy = np.einsum("ij,ij->i", y_new, y_new)
        store = ok & (sy > 1e-10 * np.sqrt(np.einsum("ij,ij->i", s_new, s_new) * yy))
        Sb[slot] = np.where(store[:, None], s_new, 0.0)
        Yb[slot] = np.where(store[:, None], y_new, 0.0)
        Rb[slot] = np.where(store, 1.0 / np.where(store, sy, 1.0), 0.0)
        gam = np.where(store, sy / np.where(store, yy, 1.0), gam)
        rel = (F - Fn) / np.maximum(np.maximum(np.abs(F), np.abs(Fn)), 1.0)
        X = np.where(ok[:, None], X + s_new, X)
        F = np.where(ok, Fn, F)
        G = np.where(ok[:, None], Gn, G)
        it += 1
        st = np.where(~ok, 2, -1)
        st[ok & (rel <= ftol)] = 1
        st[ok & (np.max(np.abs(G), axis=1) <= gtol)] = 0
        st[(st < 0) & (it >= max_iter)] = 3
        done = st >= 0
        if done.any():
            rows = idx[done]
            out_x[rows], out_f[rows], out_g[rows] = X[done], F[done], G[done]
            out_it[rows], status[rows] = it, st[done]
            keep = ~done
            idx, X, F, G, gam = idx[keep], X[keep], F[keep], G[keep], gam[keep]
            Sb, Yb, Rb = Sb[:, keep], Yb[:, keep], Rb[:, keep]
    return LbfgsResult(x=out_x, fun=out_f, grad=out_g, n_iter=out_it, n_eval=n_eval, status=status)


# --- fitting Approach 3 ------------------------------------------------------------------

def _fit_data(N, D, loss):
    n, d, l_ = _positive("N", N), _positive("D", D), _positive("loss", loss)
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
                             note="refit with llmscale.pretraining.fit_approach3")


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

    Returns an array of shape (n_resamples, 5): columns ``E, A, B, alpha, beta``.
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
    n = _positive("N", df[ncol].to_numpy(dtype=float))
    d = df[dcol].to_numpy(dtype=float) if dcol is not None else df[ccol].to_numpy(dtype=float) / (6.0 * n)
    return n, _positive("D", d), _positive("loss", df[lcol].to_numpy(dtype=float))


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
    lo, hi = _positive("flop_range", flop_range)
    rng = np.random.default_rng(seed)
    c = 10 ** rng.uniform(np.log10(lo), np.log10(hi), int(n_runs))
    n_opt, _ = law.compute_optimal(c)
    n = n_opt * 10 ** rng.uniform(-width_dex / 2, width_dex / 2, int(n_runs))
    d = c / (6.0 * n)
    loss = law.loss(n, d) * np.exp(noise * rng.standard_normal(int(n_runs)))
    return n, d, loss


# --- Kaplan et al. (2020) ----------------------------------------------------------------

#: Kaplan et al. (2020), Eq. (1.1)-(1.3) and Table 5: single-variable laws ``L(X) = (X_c / X)^alpha_X``.
#: N is non-embedding parameters, D tokens, C_min PF-days.
KAPLAN_ALPHA_N, KAPLAN_N_C = 0.076, 8.8e13
KAPLAN_ALPHA_D, KAPLAN_D_C = 0.095, 5.4e13
KAPLAN_ALPHA_CMIN, KAPLAN_CMIN_C_PF_DAYS = 0.050, 3.1e8
#: Kaplan et al. (2020), Table 2: the joint fit of Eq. (1.5) (its own constants; do not mix with Table 5).
KAPLAN_ND = {"alpha_N": 0.076, "alpha_D": 0.103, "N_c": 6.4e13, "D_c": 1.8e13}
#: Kaplan et al. (2020), Section 1.1 and Eq. (1.7)/(6.1): compute-efficient allocation, N ∝ C^0.73
#: and D ∝ C^0.27 (B ∝ C^0.24, S ∝ C^0.03).
KAPLAN_N_EXPONENT, KAPLAN_D_EXPONENT = 0.73, 0.27
#: Kaplan et al. (2020), Section 1.2: "These relations hold across eight orders of magnitude in C_min,
#: six orders of magnitude in N, and over two orders of magnitude in D."
KAPLAN_TREND_SPAN_ORDERS = {"C_min": 8.0, "N": 6.0, "D": 2.0}


def kaplan_loss_n(N):
    """Kaplan's ``L(N) = (N_c / N)^alpha_N``, ``alpha_N = 0.076``, ``N_c = 8.8e13`` (Eq. 1.1). nats/token.

    ``N`` counts non-embedding parameters (:func:`llmscale.flops.non_embedding_params`). Vectorised.
    """
    return _out((KAPLAN_N_C / _positive("N", N)) ** KAPLAN_ALPHA_N)


def kaplan_loss_d(D):
    """Kaplan's ``L(D) = (D_c / D)^alpha_D``, ``alpha_D = 0.095``, ``D_c = 5.4e13`` tokens (Eq. 1.2). Vectorised."""
    return _out((KAPLAN_D_C / _positive("D", D)) ** KAPLAN_ALPHA_D)


def kaplan_loss_c(C_flop):
    """Kaplan's ``L(C_min) = (C_c / C_min)^0.050``, ``C_c = 3.1e8`` PF-days (Eq. 1.3); input in FLOP. Vectorised."""
    c = _positive("C_flop", C_flop) / PF_DAY
    return _out((KAPLAN_CMIN_C_PF_DAYS / c) ** KAPLAN_ALPHA_CMIN)


def kaplan_loss_nd(N, D):
    """Kaplan's joint ``L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D`` (Eq. 1.5, Table 2 fit).

    ``alpha_N = 0.076``, ``alpha_D = 0.103``, ``N_c = 6.4e13``, ``D_c = 1.8e13``. N non-embedding
    parameters, D tokens, loss in nats/token. Vectorised.
    """
    n, d = _positive("N", N), _positive("D", D)
    k = KAPLAN_ND
    return _out(((k["N_c"] / n) ** (k["alpha_N"] / k["alpha_D"]) + k["D_c"] / d) ** k["alpha_D"])


def kaplan_allocation(compute_ratio):
    """Kaplan's compute-efficient growth factors ``(N factor, D factor) = (r^0.73, r^0.27)`` for a compute ratio ``r``.

    Kaplan et al. (2020), Eq. (1.7) and (6.1): ``N ∝ C^0.73``, ``D ∝ C^0.27``. For ``r = 10``:
    5.37x parameters and 1.86x data. Vectorised.
    """
    r = _positive("compute_ratio", compute_ratio)
    return _out(r ** KAPLAN_N_EXPONENT), _out(r ** KAPLAN_D_EXPONENT)


def chinchilla_allocation(compute_ratio, preset="hoffmann2022"):
    """Chinchilla's growth factors ``(r^a, r^b)``, ``a = beta/(alpha+beta)``, ``b = 1 - a``, for a compute ratio ``r``."""
    law = get_preset(preset)
    r = _positive("compute_ratio", compute_ratio)
    return _out(r ** law.a), _out(r ** law.b)


def kaplan_trend_span_orders() -> dict[str, float]:
    """Orders of magnitude spanned by Kaplan et al.'s trends (Section 1.2): C_min 8, N 6, D 2."""
    return dict(KAPLAN_TREND_SPAN_ORDERS)


def data_multiplier_for_same_gain(D, factor=10.0, law=None):
    """How much more data buys a second loss cut as large (as a ratio) as the one ``factor`` x more data just bought.

    With ``L(D)`` Kaplan's ``(D_c/D)^alpha_D`` (``law=None``) a power law makes every 10x buy the
    same ratio, so the answer is exactly ``factor``. With a Chinchilla law at infinite model size,
    ``L(D) = E + B / D^beta``, the floor ``E`` makes the answer grow, and it is ``inf`` once the
    cut would take the loss below ``E``. Units: a multiplier on ``D`` (tokens). Vectorised over ``D``.
    """
    d = _positive("D", D)
    f = float(_positive("factor", factor))
    if law is None:
        l0, l1 = np.asarray(kaplan_loss_d(d)), np.asarray(kaplan_loss_d(d * f))
        target = l1 * (l1 / l0)
        return _out(KAPLAN_D_C * target ** (-1.0 / KAPLAN_ALPHA_D) / (d * f))   # invert L(D) = (D_c/D)^alpha_D
    law = get_preset(law)
    l0, l1 = np.asarray(law.loss_infinite_params(d)), np.asarray(law.loss_infinite_params(d * f))
    excess = l1 * (l1 / l0) - law.E
    with np.errstate(divide="ignore", invalid="ignore"):
        d2 = np.where(excess > 0, (law.B / np.where(excess > 0, excess, 1.0)) ** (1.0 / law.beta), np.inf)
    return _out(d2 / (d * f))


# --- GPT-3 and the 20-tokens-per-parameter rule ------------------------------------------

#: Hoffmann et al. (2022)'s rule of thumb read off Table 3 (Approach 1): about 20 tokens per parameter.
CHINCHILLA_TOKENS_PER_PARAM = 20.0


def rule_of_thumb_optimal(C, tokens_per_param: float = CHINCHILLA_TOKENS_PER_PARAM):
    """Compute-optimal ``(N, D)`` at a fixed tokens-per-parameter ratio ``k``: ``N = sqrt(C / (6 k))``, ``D = k N``.

    From ``C = 6 N D`` (Kaplan et al. 2020, Sec. 2.1) and ``D = k N``. Units: parameters, tokens. Vectorised.
    """
    c = _positive("C", C)
    k = _positive("tokens_per_param", tokens_per_param)
    n = np.sqrt(c / (6.0 * k))
    return _out(n), _out(k * n)


# --- Hoffmann et al.'s tables as data ------------------------------------------------------

def hoffmann_table3():
    """Hoffmann et al. (2022) Table 3 (Approach 1 projections) from ``data/chinchilla_table3.csv``.

    Adds ``six_nd_flop = 6 N D`` (:func:`llmscale.flops.training_flop`), ``tokens_per_param``
    and ``gopher_units_recomputed = flop / flop(67B row)``.
    """
    from . import catalog

    t = catalog.table("chinchilla_table3")
    t["six_nd_flop"] = training_flop(t["params"].to_numpy(), t["tokens"].to_numpy())
    t["tokens_per_param"] = t["tokens"] / t["params"]
    gopher = float(t.loc[t["params"] == 67e9, "flop"].iloc[0])
    t["gopher_units_recomputed"] = t["flop"] / gopher
    return t


def hoffmann_table2():
    """Hoffmann et al. (2022) Table 2 (exponents a, b of N_opt ∝ C^a, D_opt ∝ C^b, with 10th/90th percentiles)."""
    from . import catalog

    return catalog.table("chinchilla_exponents")


def table3_vs_law(preset="hoffmann2022"):
    """Table 3's rows next to what a Chinchilla law's closed form gives for the same model sizes.

    Columns: ``params``, ``tokens`` (Table 3), ``law_tokens`` (:func:`tokens_for_params`),
    ``law_flop`` (:func:`flop_for_params`), and ``tokens_ratio = law_tokens / tokens``.
    """
    t = hoffmann_table3()
    n = t["params"].to_numpy()
    out = t[["name", "params", "flop", "tokens"]].copy()
    out["law_flop"] = flop_for_params(n, preset)
    out["law_tokens"] = tokens_for_params(n, preset)
    out["tokens_ratio"] = out["law_tokens"] / out["tokens"]
    return out


# --- the claims ledger (K1-K6) -------------------------------------------------------------

#: GPT-3 175B's training run, from ``data/training_runs.csv`` (Brown et al. 2020, Table D.1).
GPT3_RUN = "GPT-3 175B"


def gpt3_params_tokens() -> tuple[float, float]:
    """GPT-3's ``(parameters, training tokens)`` from ``data/training_runs.csv``: (175e9, 300e9)."""
    from . import catalog

    t = catalog.table("training_runs")
    row = t[t["name"] == GPT3_RUN].iloc[0]
    return float(row["params"]), float(row["tokens"])


def gpt3_shrink_factors(tokens_per_param: float = CHINCHILLA_TOKENS_PER_PARAM) -> dict[str, float]:
    """How much smaller than 175B GPT-3 "should" have been under the ``k`` tokens-per-parameter rule, two ways.

    - ``same_tokens``: keep GPT-3's 300B tokens, ``N = D / k`` (300B / 20 = 15B): 11.7x smaller;
      this model uses 11.7x less compute than GPT-3.
    - ``same_compute``: keep GPT-3's compute ``C = 6 N D = 3.15e23`` FLOP and split it at ``k``
      (:func:`rule_of_thumb_optimal`): about 51B parameters on about 1.0T tokens, 3.4x smaller.

    Returns the model sizes (parameters), token counts and shrink factors of both readings.
    """
    n, d = gpt3_params_tokens()
    c = training_flop(n, d)
    n_same_tokens = d / tokens_per_param
    n_same_c, d_same_c = rule_of_thumb_optimal(c, tokens_per_param)
    return {"gpt3_params": n, "gpt3_tokens": d, "gpt3_flop": float(c),
            "same_tokens_params": n_same_tokens, "same_tokens_factor": n / n_same_tokens,
            "same_compute_params": float(n_same_c), "same_compute_tokens": float(d_same_c),
            "same_compute_factor": n / float(n_same_c)}


@functools.lru_cache(maxsize=1)
def claim_rows():
    """Claims K1-K6 of CLAIMS.md, recomputed (see the chapter ``01_kaplan_chinchilla``)."""
    from .claims.ledger import Claim
    from .flops import tokens_per_param

    spans = kaplan_trend_span_orders()
    n_fac, d_fac = kaplan_allocation(10.0)
    n3, d3 = gpt3_params_tokens()
    t3 = hoffmann_table3()
    row175 = t3[t3["params"] == 175e9].iloc[0]
    tpp_range = (float(t3["tokens_per_param"].min()), float(t3["tokens_per_param"].max()))
    shrink = gpt3_shrink_factors()
    epoch_n, epoch_d = compute_optimal(shrink["gpt3_flop"], "besiroglu2024")
    mult_kaplan = data_multiplier_for_same_gain(1e10)
    mult_chin = data_multiplier_for_same_gain(1e10, law="besiroglu2024")
    e_hoff, e_epoch = PRESETS["hoffmann2022"].E, PRESETS["besiroglu2024"].E
    return [
        Claim("K1", "Kaplan et al. 2020: loss follows power laws in N, D and C, some trends spanning more than "
              "seven orders of magnitude", "wall", claimed=7.0, recomputed=max(spans.values()),
              unit="orders of magnitude", sense="lower",
              assumptions=(f"Kaplan et al. Section 1.2: the power laws hold over {spans['C_min']:g} orders of magnitude "
                           f"in C_min, {spans['N']:g} in N and over {spans['D']:g} in D; the claim is a lower bound "
                           "('more than seven'), met by the C_min trend."),
              note="The span is the paper's own statement about its fits, checked against the paper, not refitted."),
        Claim("K2", "Under Kaplan's law a 10x larger compute budget should grow the model 5.5x and the data 1.8x",
              "jonvet", claimed=5.5, recomputed=n_fac, unit="x parameters per 10x compute",
              assumptions=(f"N ∝ C^0.73 and D ∝ C^0.27 (Kaplan et al. Eq. 1.7, 6.1): 10^0.73 = {n_fac:.2f}x parameters "
                           f"and 10^0.27 = {d_fac:.2f}x data (claimed 1.8x, ratio {d_fac / 1.8:.3f}). "
                           "Kaplan's Figure 14 rounds them to 5x and 2x."),
              note="Both factors agree within 10 %; the claim rounds 5.37 up to 5.5."),
        Claim("K3", "GPT-3: 175B parameters trained on 300B tokens, about 1.7 tokens per parameter", "jonvet",
              claimed=1.7, recomputed=tokens_per_param(d3, n3), unit="tokens per parameter",
              assumptions=f"N = {n3 / 1e9:g}B and D = {d3 / 1e9:g}B tokens (Brown et al. 2020, Table D.1)."),
        Claim("K4", "Chinchilla: parameters and data should scale equally with compute, about 20 tokens per "
              "parameter; a 175B model should see about 3.5T tokens", "jonvet",
              claimed=CHINCHILLA_TOKENS_PER_PARAM, recomputed=float(row175["tokens_per_param"]),
              unit="tokens per parameter",
              assumptions=(f"Hoffmann et al. Table 3 (Approach 1, a = b = 0.50): 175B parameters on "
                           f"{row175['tokens'] / 1e12:.1f}T tokens, {row175['tokens_per_param']:.1f} tokens per "
                           f"parameter (claimed 3.5T: ratio {row175['tokens'] / 3.5e12:.3f}); the table's rows span "
                           f"{tpp_range[0]:.1f}-{tpp_range[1]:.1f} tokens per parameter."),
              note=("Approaches 1 and 2 give about 20; the paper's rounded Approach-3 law would put far more "
                    "tokens on a 175B model (see the chapter).")),
        Claim("K5", "A model like GPT-3 should be 20x smaller, only 15B parameters", "jonvet",
              claimed=20.0, recomputed=shrink["same_compute_factor"], unit="x smaller than 175B",
              assumptions=(f"Same compute as GPT-3 ({shrink['gpt3_flop']:.3g} FLOP = 6 x 175B x 300B) split at 20 "
                           f"tokens per parameter: {shrink['same_compute_params'] / 1e9:.0f}B parameters on "
                           f"{shrink['same_compute_tokens'] / 1e12:.2f}T tokens, {shrink['same_compute_factor']:.1f}x "
                           f"smaller (Epoch's refit law: {epoch_n / 1e9:.0f}B on {epoch_d / 1e12:.2f}T)."),
              note=(f"The 15B is 300B tokens / 20, which keeps GPT-3's data and cuts its compute: that model is "
                    f"{shrink['same_tokens_factor']:.1f}x smaller, not 20x. Neither reading gives 20x.")),
        Claim("K6", "Diminishing returns are what a power law predicts: each further unit of improvement costs "
              "10x more data; loss cannot fall below the entropy of text, so curves must flatten", "jonvet",
              claimed=10.0, recomputed=mult_kaplan, unit="x data per equal (ratio) loss cut", checkable=False,
              assumptions=(f"Under Kaplan's L(D) = (D_c/D)^0.095, each 10x of data cuts the loss by the same "
                           f"ratio, so repeating a cut always costs another {mult_kaplan:.0f}x. With Chinchilla's "
                           f"floor E (Hoffmann {e_hoff:.2f}, Epoch {e_epoch:.2f} nats) it costs more: from 10B "
                           f"tokens, repeating the cut the first 10x bought takes "
                           + ("an unbounded multiple" if not np.isfinite(mult_chin) else f"{mult_chin:.0f}x")
                           + " (Epoch's law, infinite N)."),
              note=("'Unit of improvement' is not defined by the claim; with a constant-ratio unit the 10x holds "
                    "by construction of a power law, so the arithmetic is consistent but not independently "
                    "testable. The flattening is real: E > 0 in every Chinchilla fit.")),
    ]


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


def runs_for_target_width(n_runs, widths, target_width):
    """Runs needed for an interval of ``target_width``, from widths measured at ``n_runs``.

    Assumes the ``1/sqrt(n)`` scaling of a standard error: fits ``width = k / sqrt(n)`` (``k`` the
    median of ``width sqrt(n)``) and returns ``(k / target_width)^2``. Besiroglu et al. (2024)
    use this argument to say Hoffmann's intervals would need over 600,000 runs.
    """
    n, w = _positive("n_runs", n_runs), _positive("widths", widths)
    k = float(np.median(w * np.sqrt(n)))
    return (k / float(_positive("target_width", target_width))) ** 2
