"""A batched L-BFGS: many independent smooth minimisations run at once, as vectorised numpy.

:func:`batched_lbfgs` follows Nocedal & Wright (2006), Algorithms 7.4 (two-loop recursion) and
7.5 (L-BFGS), with scipy L-BFGS-B's default stopping rules. :mod:`llmscale.fitting` uses it to run
Hoffmann et al. (2022)'s 4,500 Approach-3 starts, and every bootstrap refit, in one batch each.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


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
