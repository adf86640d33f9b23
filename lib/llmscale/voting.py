"""Test-time compute: pass@k, majority vote (self-consistency), best-of-n, and what k streams cost.

Accuracy of repeated sampling
-----------------------------
A model answers a question correctly with probability ``p`` per sample, and
samples are independent. Three ways to use ``k`` samples:

- **coverage** (pass@k): the chance that at least one sample is right,
  ``1 − (1 − p)^k``; over a benchmark, the mean over its problems
  (Chen et al. 2021, Section 2.1; Brown et al. 2024, "Large Language
  Monkeys"). Coverage is what a *perfect* verifier can harvest;
- **majority vote** (self-consistency, Wang et al. 2022): return the most
  frequent final answer, ties broken at random. Without a verifier it
  converges, as ``k → ∞``, to 1 where the correct answer is the single most
  likely answer and to 0 where a wrong answer is more likely: a plateau;
- **best-of-n with an imperfect verifier**: pick at random among the samples
  the verifier accepts. It converges to the verifier's precision.

:func:`majority_vote_accuracy` is exact (no Monte Carlo) and sweeps
``k = 1..1000`` in well under a second: see its docstring for the
recurrence. Error accumulation along a chain of ``L`` steps and the toy
model of accuracy against thinking length (claims V5, V6) reuse these.

Cost of voting streams
----------------------
:func:`voting_cost` prices ``k`` decode streams that share one prompt on the
roofline of :mod:`llmscale.roofline` (prefill once, the streams decode in
one batch, weights read once per step, each stream's own KV plus the shared
prompt's KV read once per step) against one stream, next to the naive ``k×``.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass

import numpy as np
from scipy.special import betaln, gammaln, xlog1py, xlogy

from . import catalog, roofline
from ._checks import positive as _positive
from ._checks import scalar_or_array as _out


def _prob(name: str, x, open_low: bool = False, open_high: bool = False):
    a = np.asarray(x, dtype=float)
    bad = ~np.isfinite(a) | (a < 0) | (a > 1)
    if open_low:
        bad |= a == 0
    if open_high:
        bad |= a == 1
    if np.any(bad):
        lo = "(0" if open_low else "[0"
        hi = "1)" if open_high else "1]"
        raise ValueError(f"{name}={x!r}: allowed: probabilities in {lo}, {hi}")
    return a


def _whole(name: str, x, lo: int = 0):
    a = np.asarray(x)
    f = np.asarray(a, dtype=float)
    if a.dtype == bool or np.any(~np.isfinite(f)) or np.any(f != np.floor(f)) or np.any(f < lo):
        raise ValueError(f"{name}={x!r}: allowed: whole numbers >= {lo}")
    return f.astype(np.int64)


# --- pass@k and coverage ---------------------------------------------------------------

def pass_at_k(n, c, k):
    """Unbiased estimator of pass@k from ``n`` samples of which ``c`` are correct.

    ``pass@k = 1 − C(n − c, k) / C(n, k)`` (Chen et al. 2021, Section 2.1, Eq. 1):
    the chance that a random subset of ``k`` of the ``n`` samples holds a
    correct one. Computed in log space, ``log C(n−c, k) − log C(n, k)`` with
    ``lgamma``, and ``1 − exp(x)`` as ``−expm1(x)``, so it is stable for
    ``n`` in the millions; exactly 1 where ``n − c < k``.

    Units: probability. Vectorised (``n``, ``c``, ``k`` broadcast; whole
    numbers with ``0 <= c <= n`` and ``1 <= k <= n``).
    """
    n_, c_, k_ = np.broadcast_arrays(_whole("n", n, 1), _whole("c", c, 0), _whole("k", k, 1))
    if np.any(c_ > n_):
        raise ValueError(f"c={c!r}: allowed: 0 <= c <= n (n={n!r})")
    if np.any(k_ > n_):
        raise ValueError(f"k={k!r}: allowed: 1 <= k <= n (n={n!r})")
    return _out(-np.expm1(_log_ratio(n_, c_, k_)))


_PRODUCT_TERMS = 20_000


def _log_ratio(n, c, k):
    """``log(C(n−c, k) / C(n, k))`` (``−inf`` where ``n − c < k``).

    Product form ``Σ_{i<s} log1p(−l/(n−i))`` with ``s = min(c, k)``, ``l = max(c, k)``
    (``C(n−c,k)/C(n,k) = Π_{i<k} (1 − c/(n−i)) = Π_{i<c} (1 − k/(n−i))``), exact to
    rounding; ``lgamma`` differences only where ``s`` exceeds 20,000 terms.
    """
    nf, cf, kf = (x.astype(float) for x in (n, c, k))
    s = np.minimum(cf, kf)
    ln = np.maximum(cf, kf)
    out = np.zeros(nf.shape)
    big = s > _PRODUCT_TERMS
    steps = int(min(s.max(initial=0.0), _PRODUCT_TERMS))
    with np.errstate(divide="ignore"):
        for i in range(steps):
            on = (i < s) & ~big
            out += np.where(on, np.log1p(-np.minimum(ln / np.where(on, nf - i, 1.0), 1.0)), 0.0)
        if np.any(big):
            fail = nf - cf
            sure = fail < kf
            safe = np.where(sure, kf, fail)
            lg = (gammaln(safe + 1) - gammaln(safe - kf + 1)) - (gammaln(nf + 1) - gammaln(nf - kf + 1))
            out = np.where(big, np.where(sure, -np.inf, np.minimum(lg, 0.0)), out)
    return out


def coverage(p_correct, k):
    """Coverage of ``k`` independent samples of per-sample accuracy ``p``: ``1 − (1 − p)^k``.

    The population value of pass@k for one problem (Brown et al. 2024,
    Section 2; :func:`pass_at_k` estimates it from ``n`` finite samples).
    Units: probability. Vectorised.
    """
    p = _prob("p_correct", p_correct)
    kk = _whole("k", k, 0).astype(float)
    return _out(_one_minus_pow(p, kk))


def _one_minus_pow(p, n):
    """``1 − (1 − p)^n`` without cancellation, with ``0^0 = 1``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        val = -np.expm1(n * np.log1p(-p))
    return np.where(n == 0, 0.0, np.where(p == 1, 1.0, val))


def coverage_beta(k, alpha, beta):
    """Benchmark coverage when per-problem accuracies follow a Beta(``alpha``, ``beta``) distribution.

    ``E[1 − (1 − p)^k] = 1 − B(α, β + k) / B(α, β)``. For large ``k``,
    ``1 − coverage ≈ Γ(α+β)/Γ(β) · k^(−α)``: a power law in ``k`` set by the
    density of very hard problems near ``p = 0`` (Schaeffer et al. 2025 explain
    the Monkeys' aggregate power laws this way). The mean pass@1 is ``α/(α+β)``.
    Units: probability. Vectorised.
    """
    kk = _whole("k", k, 0).astype(float)
    a = _positive("alpha", alpha)
    b = _positive("beta", beta)
    return _out(-np.expm1(betaln(a, b + kk) - betaln(a, b)))


@dataclass(frozen=True)
class CoveragePowerLaw:
    """The "Large Language Monkeys" law ``coverage ≈ exp(a · k^b)`` (``a < 0``, ``b < 0``).

    ``a = log(coverage at k = 1)``; ``b`` sets how fast ``−log coverage``
    decays. Call it on ``k`` to extrapolate.
    """

    a: float
    b: float

    def __call__(self, k):
        return coverage_power_law(k, self.a, self.b)


def coverage_power_law(k, a, b):
    """Coverage predicted by the exponentiated power law ``exp(a · k^b)``.

    Brown et al. (2024), Section 4 ("Characterizing the benefits of repeated
    sampling"): ``log(c) ≈ a · k^b``, fitted per model and task. Units:
    probability (``a <= 0``). Vectorised.
    """
    kk = _positive("k", k)
    a_ = np.asarray(a, dtype=float)
    if np.any(~np.isfinite(a_)) or np.any(a_ > 0):
        raise ValueError(f"a={a!r}: allowed: finite values <= 0 (a = log of the coverage at k = 1)")
    b_ = np.asarray(b, dtype=float)
    if np.any(~np.isfinite(b_)):
        raise ValueError(f"b={b!r}: allowed: finite values")
    return _out(np.exp(a_ * kk**b_))


def fit_coverage_power_law(k, coverage_values) -> CoveragePowerLaw:
    """Fit ``log(c) = a · k^b`` to points by least squares on ``log(−log c) = log(−a) + b · log k``.

    The linearisation Brown et al. (2024, Section 4) fit in. Needs at least
    two distinct ``k`` (samples) and coverages (fractions) strictly between 0 and 1.
    Returns a :class:`CoveragePowerLaw` (``a``: log of a fraction, ``b``: dimensionless).
    """
    kk = np.asarray(_positive("k", k), dtype=float).ravel()
    c = np.asarray(coverage_values, dtype=float).ravel()
    if c.shape != kk.shape:
        raise ValueError(f"coverage_values has {c.size} points, k has {kk.size}; allowed: the same number")
    _prob("coverage_values", c, open_low=True, open_high=True)
    if np.unique(kk).size < 2:
        raise ValueError(f"k={k!r}: allowed: at least two distinct sample counts")
    b, log_minus_a = np.polyfit(np.log(kk), np.log(-np.log(c)), 1)
    return CoveragePowerLaw(a=float(-np.exp(log_minus_a)), b=float(b))


# --- majority vote ----------------------------------------------------------------------

_MAX_STATES = 4096


def _wrong_groups(n_wrong_answers, wrong_answer_distribution) -> tuple[tuple[float, int], ...] | None:
    """Conditional wrong-answer probabilities grouped as ``((r, count), ...)``; None for infinitely many."""
    if wrong_answer_distribution is not None:
        w = np.asarray(wrong_answer_distribution, dtype=float).ravel()
        if w.size == 0 or np.any(~np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
            raise ValueError(f"wrong_answer_distribution={wrong_answer_distribution!r}: allowed: "
                             "a non-empty list of non-negative weights with a positive sum")
        w = w[w > 0] / w.sum()
        vals, counts = np.unique(np.round(w, 15), return_counts=True)
        groups = tuple((float(v), int(c)) for v, c in zip(vals, counts))
    else:
        m = n_wrong_answers
        if isinstance(m, (float, np.floating)) and math.isinf(m) and m > 0:
            return None
        if isinstance(m, (bool, np.bool_)) or not isinstance(m, (int, np.integer, float, np.floating)) \
                or not math.isfinite(m) or m != int(m) or m < 1:
            raise ValueError(f"n_wrong_answers={n_wrong_answers!r}: allowed: a whole number >= 1, "
                             "or math.inf (every wrong answer distinct)")
        groups = ((1.0 / int(m), int(m)),)
    states = math.prod(c + 1 for _, c in groups)
    if states > _MAX_STATES:
        raise ValueError(f"wrong_answer_distribution has {sum(c for _, c in groups)} wrong answers in "
                         f"{len(groups)} distinct probabilities ({states} states); allowed: at most "
                         f"{_MAX_STATES} states (the product of (count + 1) over distinct values): "
                         "round the distribution so that answers share probabilities")
    return groups


def _state_key(s):
    return tuple(int(x) for x in s)


@functools.lru_cache(maxsize=6)
def _win_table(groups: tuple[tuple[float, int], ...], K: int) -> np.ndarray:
    """``G[a, k]``: chance the correct answer wins (ties at random) when it has ``a`` of ``k`` votes.

    Conditioned on ``a`` correct votes, the ``N = k − a`` wrong votes are
    multinomial over the wrong answers with conditional probabilities ``r``.
    See :func:`majority_vote_accuracy` for the recurrence.
    """
    A = K // 2                                  # a <= N and a + N <= K  =>  a <= K/2
    bidx = np.arange(A, dtype=np.int64)          # b = a - 1 for a = 1..A
    nidx = np.arange(K + 1, dtype=np.int64)
    shift = nidx[None, :] - bidx[:, None]        # n - b
    valid = shift >= 0
    gather = np.where(valid, shift, 0)
    rows = np.broadcast_to(bidx[:, None], gather.shape)

    r = np.array([g[0] for g in groups])
    m = np.array([g[1] for g in groups])
    a_col = (bidx + 1).astype(float)[:, None]    # a for each row
    N_row = nidx.astype(float)[None, :]
    F = np.zeros((A, K + 1))                     # F[a-1, N]
    log_fact_N = gammaln(N_row + 1)
    log_fact_a = gammaln(a_col + 1)

    from scipy.stats import binom  # imported here: scipy.stats takes ~0.4 s to import

    H: dict[tuple, np.ndarray] = {}
    empty = np.zeros((A, K + 1))
    empty[:, 0] = 1.0
    for total in range(int(m.sum()) + 1):
        level = [s for s in itertools.product(*(range(c + 1) for c in m)) if sum(s) == total]
        new: dict[tuple, np.ndarray] = {}
        for s in level:
            s_arr = np.array(s)
            R = float((s_arr * r).sum())
            if total == 0:
                h = empty
            else:
                term = np.zeros((A, K + 1))
                for g in np.nonzero(s_arr)[0]:
                    rho = r[g] / R
                    prev = H[_state_key(s_arr - np.eye(len(m), dtype=int)[g])]
                    with np.errstate(under="ignore"):
                        pmf = binom.pmf(bidx[:, None], nidx[None, :], rho)
                    term += s_arr[g] * rho * pmf * np.where(valid, prev[rows, gather], 0.0)
                cum = np.cumsum(term, axis=1)
                h = np.empty_like(term)
                h[:, 0] = 1.0
                h[:, 1:] = 1.0 - cum[:, :-1]
                np.clip(h, 0.0, 1.0, out=h)
            new[_state_key(s)] = h
            # tie pattern t = m - s: t_g answers of group g tied with the correct answer at a votes
            t = m - s_arr
            T = int(t.sum())
            logw = sum(gammaln(m[g] + 1) - gammaln(t[g] + 1) - gammaln(s_arr[g] + 1) for g in range(len(m)))
            rest = N_row - T * a_col
            ok = rest >= 0
            rest_c = np.where(ok, rest, 0.0)
            log_mult = (log_fact_N - T * log_fact_a - gammaln(rest_c + 1) + a_col * float((t * np.log(r)).sum())
                        + xlogy(rest_c, R))
            idx = np.where(ok, rest_c, 0).astype(np.int64)
            hv = h[np.broadcast_to(bidx[:, None], idx.shape), idx]
            with np.errstate(under="ignore"):
                F += np.where(ok, np.exp(logw + log_mult) * hv, 0.0) / (1.0 + T)
        H = new
    # assemble G[a, k] for a in 0..K, k in 0..K
    G = np.zeros((K + 1, K + 1))
    a_all = np.arange(K + 1)[:, None]
    k_all = np.arange(K + 1)[None, :]
    N_all = k_all - a_all
    G[(N_all >= 0) & (a_all > N_all)] = 1.0                      # more correct votes than all wrong ones
    sel = (a_all >= 1) & (a_all <= N_all) & (a_all <= A)
    ai, ki = np.nonzero(sel)
    G[ai, ki] = np.clip(F[ai - 1, ki - ai], 0.0, 1.0)
    G[0, 0] = 1.0 / (1.0 + m.sum())                               # k = 0: all tied at zero votes
    G.setflags(write=False)
    return G


def _binom_logpmf(a, k, p):
    with np.errstate(divide="ignore", invalid="ignore"):
        return gammaln(k + 1) - gammaln(a + 1) - gammaln(k - a + 1) + xlogy(a, p) + xlog1py(k - a, -p)


def _table_size(k_max: int) -> int:
    """Round the table size up (multiples of 64) so sweeps with nearby ``k_max`` share a cached table."""
    return max(64, int(math.ceil(k_max / 64.0)) * 64)


def majority_vote_accuracy(p_correct, k, n_wrong_answers=1, wrong_answer_distribution=None):
    """Exact chance that the correct answer wins a plurality vote of ``k`` independent samples.

    Each sample is correct with probability ``p``; a wrong sample picks wrong
    answer ``j`` with conditional probability ``r_j`` (``n_wrong_answers``
    equally likely ones, or ``wrong_answer_distribution``, any non-negative
    weights, or ``math.inf`` for "every wrong answer is distinct"). Ties for
    the most votes are broken uniformly at random. This is self-consistency's
    selection rule (Wang et al. 2022, Section 2).

    With ``a`` correct votes and ``N = k − a`` wrong ones, the correct answer
    wins with probability ``F(a, N) = E[1{max_j Y_j <= a} / (1 + T)]``, where
    ``Y ~ Multinomial(N, r)`` and ``T = #{j : Y_j = a}``, and
    ``accuracy = Σ_a Binom(a; k, p) · F(a, k − a)``.

    ``F`` is exact and takes ``O(S · K²)`` for every ``k <= K`` at once
    (``S = Π (m_g + 1)`` over the distinct wrong-answer probabilities; ``m + 1``
    for equally likely answers). Summing over which answers tie at ``a``,
    ``F`` needs ``H_s(b, n)``: the chance that ``n`` votes spread over the
    answer set ``s`` leave every answer with at most ``b``. Adding one vote
    breaks "all <= b" only when it lands on an answer that already has ``b``:

        ``H_s(b, n+1) = H_s(b, n) − Σ_{c∈s} ρ_c · Binom(b; n, ρ_c) · H_{s∖c}(b, n − b)``

    (``ρ`` the probabilities renormalised within ``s``), a cumulative sum over
    ``n``. Binary answers (``n_wrong_answers=1``) reduce to the binomial tail
    ``P(a > k/2) + ½ P(a = k/2)``: 0.68256 at ``p = 0.6``, ``k = 5``.
    Absolute error below 1e-12 (double precision; tested against explicit
    enumeration of the multinomial and against a cell-by-cell dynamic programme).

    Units: probability. Vectorised: ``p_correct`` and ``k`` (whole numbers >= 1)
    broadcast; the table ``G[a, k] = F(a, k − a)`` for the largest ``k`` is cached,
    so sweeping ``k = 1..1000`` for several ``p`` is one table (about 0.1-0.4 s for
    ``m <= 10``) and a weighted sum per ``(p, k)``. That sum is the binomial tail
    ``P(a > k/2)`` (where ``G = 1``) plus the terms ``a <= k/2`` above ``e^-45``
    (:func:`_weighted_wins`): 1,000 benchmark difficulties × 27 values of ``k`` up to
    1,000 take about 0.1 s, and agree with the dense sum over every ``a`` to 1e-14.
    """
    p = _prob("p_correct", p_correct)
    kk = _whole("k", k, 1)
    groups = _wrong_groups(n_wrong_answers, wrong_answer_distribution)
    p_b, k_b = np.broadcast_arrays(p, kk)
    out = np.empty(p_b.shape)
    if p_b.size == 0:
        return out
    if groups is None:                           # every wrong answer distinct: wrong counts are all <= 1
        kf = k_b.astype(float)
        p0 = np.exp(_binom_logpmf(0.0, kf, p_b))
        p1 = np.exp(_binom_logpmf(1.0, kf, p_b))
        return _out(np.clip(1.0 - p0 - p1 + p1 / kf, 0.0, 1.0))
    K = _table_size(int(k_b.max()))
    G = _win_table(groups, K)
    res = _weighted_wins(G, p_b.ravel(), k_b.ravel())
    out[...] = np.clip(res, 0.0, 1.0).reshape(p_b.shape)
    return _out(out)


_CHUNK_TERMS = 1_000_000
_NEGLIGIBLE_LOG_PMF = -45.0                     # e^-45 ≈ 2.9e-20: terms below it are left out


def _weighted_wins(G: np.ndarray, p: np.ndarray, k: np.ndarray) -> np.ndarray:
    """``Σ_a Binom(a; k, p) · G[a, k]`` for flat arrays ``p``, ``k`` (the last step of the vote).

    ``G[0, k] = 0`` for ``k >= 1`` and ``G[a, k] = 1`` for ``a > k/2`` (more right votes than
    wrong ones), so the sum is the binomial tail ``P(a > ⌊k/2⌋)`` plus the terms
    ``a = 1..⌊k/2⌋``, laid out ragged in chunks. A cheap ``log``-factorial estimate of each
    term (good to about 1e-11 in the log) screens out those below ``e^-45``: at most
    ``k/2 · e^-45 < 3e-17`` is left out per ``(p, k)``. The terms that remain use the
    accurate binomial pmf of ``scipy.stats`` (Boost), so the result is the full sum to
    rounding. On a benchmark of many ``p`` most terms are negligible (about 4 in 5 for the
    chapter's Beta difficulty nodes).
    """
    from scipy.stats import binom  # imported here: scipy.stats takes ~0.4 s to import

    h = k // 2
    with np.errstate(under="ignore"):
        res = binom.sf(h.astype(float), k.astype(float), p)
    log_fact = gammaln(np.arange(int(k.max(initial=0)) + 1, dtype=float) + 1.0)
    with np.errstate(divide="ignore"):
        log_p, log_q = np.log(p), np.log1p(-p)
    ends = np.cumsum(h)
    i0 = 0
    while i0 < p.size:
        # the elements i0..i1-1 whose terms fit in one chunk (at least one element)
        base = ends[i0 - 1] if i0 else 0
        i1 = max(i0 + 1, int(np.searchsorted(ends, base + _CHUNK_TERMS, side="right")))
        counts = h[i0:i1]
        total = int(counts.sum())
        if total:
            owner = np.repeat(np.arange(i1 - i0), counts)
            a = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts) + 1   # 1..⌊k/2⌋ each
            kc = k[i0:i1][owner]
            with np.errstate(invalid="ignore"):   # p = 0 or 1: -inf, the term is exactly 0
                rough = (log_fact[kc] - log_fact[a] - log_fact[kc - a] + a * log_p[i0:i1][owner]
                         + (kc - a) * log_q[i0:i1][owner])
            keep = np.nonzero(rough > _NEGLIGIBLE_LOG_PMF)[0]
            if keep.size:
                ak, kk, own = a[keep], kc[keep], owner[keep]
                with np.errstate(under="ignore"):
                    w = binom.pmf(ak.astype(float), kk.astype(float), p[i0:i1][own])
                res[i0:i1] += np.bincount(own, weights=w * G[ak, kk], minlength=i1 - i0)
        i0 = i1
    return res


def majority_vote_enumerated(p_correct: float, k: int, wrong_probs) -> float:
    """Reference: majority vote accuracy by enumerating every outcome of the multinomial.

    ``wrong_probs`` are the *absolute* probabilities of the wrong answers
    (summing to ``1 − p_correct``). Exponential in the number of answers:
    only for small ``k`` (tests and benchmarks).
    """
    q = [float(x) for x in wrong_probs]
    probs = [float(p_correct)] + q
    if abs(sum(probs) - 1.0) > 1e-9:
        raise ValueError(f"wrong_probs={wrong_probs!r}: allowed: probabilities summing to 1 - p_correct")
    total = 0.0
    m = len(probs)
    for counts in _compositions(int(k), m):
        a = counts[0]
        top = max(counts[1:]) if m > 1 else -1
        if a < top:
            continue
        ties = sum(1 for c in counts[1:] if c == a)
        logp = math.lgamma(k + 1) - sum(math.lgamma(c + 1) for c in counts)
        if any(pr == 0 and c > 0 for pr, c in zip(probs, counts)):
            continue
        logp += sum(c * math.log(pr) for pr, c in zip(probs, counts) if c > 0)
        total += math.exp(logp) / (1 + ties)
    return total


def _compositions(k: int, parts: int):
    if parts == 1:
        yield (k,)
        return
    for first in range(k + 1):
        for rest in _compositions(k - first, parts - 1):
            yield (first,) + rest


def majority_vote_by_cells(p_correct: float, k: int, wrong_probs) -> float:
    """Reference: exact majority-vote accuracy for one ``k`` by a dynamic programme over answers.

    For each count ``a`` of correct votes, the wrong votes are dealt to the
    wrong answers one answer at a time (each takes a binomial share of the
    votes left), tracking the votes left and how many answers tied at ``a``.
    ``O(m² · k³)`` per ``k``: the slow exact baseline of ``benchmarks/bench_voting.py``.
    ``wrong_probs`` are absolute probabilities summing to ``1 − p_correct``.
    """
    q = np.asarray(wrong_probs, dtype=float)
    p = float(p_correct)
    if abs(q.sum() + p - 1.0) > 1e-9:
        raise ValueError(f"wrong_probs={wrong_probs!r}: allowed: probabilities summing to 1 - p_correct")
    m = q.size
    total = 0.0
    for a in range(k + 1):
        weight = math.exp(_binom_logpmf(float(a), float(k), p)) if 0 < p < 1 else float(
            (p == 1 and a == k) or (p == 0 and a == 0))
        if weight == 0.0:
            continue
        N = k - a
        r = q / q.sum() if q.sum() > 0 else q
        V = np.zeros((N + 1, m + 1))          # V[n_left, ties]
        V[N, 0] = 1.0
        left = 1.0
        n = np.arange(N + 1, dtype=float)
        for j in range(m):
            rho = r[j] / left if left > 0 else 0.0
            rho = min(max(rho, 0.0), 1.0)
            new = np.zeros_like(V)
            if j == m - 1:                     # the last answer takes every vote left
                for nl in range(min(a, N) + 1):
                    tie = 1 if nl == a else 0
                    new[0, tie:] += V[nl, :m + 1 - tie]
            else:
                for x in range(min(a, N) + 1):
                    with np.errstate(divide="ignore", invalid="ignore"):
                        pmf = np.where(n >= x, np.exp(_binom_logpmf(float(x), n, rho)), 0.0)
                    tie = 1 if x == a else 0
                    contrib = pmf[:, None] * V
                    new[:N + 1 - x, tie:] += contrib[x:, :m + 1 - tie]
            V = new
            left -= r[j]
        F = float((V[0] / (1.0 + np.arange(m + 1))).sum())
        total += weight * F
    return total


# --- verifiers, chains and thinking length ----------------------------------------------

def best_of_n_accuracy(p_correct, n, verifier_tpr, verifier_fpr):
    """Accuracy of picking among ``n`` samples with an imperfect verifier.

    Each sample is correct with probability ``p``; the verifier accepts a
    correct sample with probability ``tpr`` and a wrong one with ``fpr``,
    independently. The pick is uniform among accepted samples, or among all
    ``n`` when none is accepted. With ``α = p·tpr``, ``β = (1−p)·fpr``,
    ``γ = 1 − α − β`` (a sample is rejected):

        ``accuracy = α/(α+β) · (1 − γ^n) + γ^(n−1) · p · (1 − tpr)``

    ``n = 1`` gives ``p``; a perfect verifier (``tpr = 1``, ``fpr = 0``) gives
    the coverage ``1 − (1 − p)^n``; as ``n → ∞`` it tends to the verifier's
    precision ``α/(α+β)``: the plateau of an imperfect verifier (this book's
    model; Brown et al. 2024, Section 5 observe reward-model selection
    plateau). Units: probability. Vectorised.
    """
    p = _prob("p_correct", p_correct)
    nn = _whole("n", n, 1).astype(float)
    tpr = _prob("verifier_tpr", verifier_tpr)
    fpr = _prob("verifier_fpr", verifier_fpr)
    alpha = p * tpr
    beta = (1.0 - p) * fpr
    gamma = np.clip(1.0 - alpha - beta, 0.0, 1.0)
    accepted = alpha + beta
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(accepted > 0, alpha / np.where(accepted > 0, accepted, 1.0), 0.0)
        fallback = np.where(nn > 1, gamma ** (nn - 1), 1.0) * p * (1.0 - tpr)
    return _out(precision * (1.0 - gamma**nn) + fallback)


def chain_accuracy(per_step_error, n_steps):
    """Chance a chain of ``L`` steps stays correct when each step fails independently: ``(1 − e)^L``.

    The error-accumulation model behind claim V6 (SemiAnalysis 2024): one
    wrong step spoils the final answer. Units: probability. Vectorised.
    """
    e = _prob("per_step_error", per_step_error)
    L = _whole("n_steps", n_steps, 0).astype(float)
    return _out(1.0 - _one_minus_pow(e, L))


def voted_chain_accuracy(per_step_error, n_steps, k, n_wrong_answers=1):
    """Majority vote over ``k`` independent chains, each correct with :func:`chain_accuracy`.

    A chain that went wrong lands on one of ``n_wrong_answers`` equally likely
    wrong answers (``math.inf``: all distinct). Voting protects only while the
    chain accuracy exceeds the most common wrong answer's share. Units:
    probability. Vectorised over ``per_step_error``, ``n_steps`` and ``k``.
    """
    return majority_vote_accuracy(chain_accuracy(per_step_error, n_steps), k, n_wrong_answers)


def thinking_budget_accuracy(budget_tokens, tokens_per_step, per_step_error, mean_steps):
    """Toy model of accuracy against thinking length (claim V5), stated, not fitted.

    A problem needs ``L`` reasoning steps, ``L ~ Geometric(π = 1/mean_steps)``
    on ``1, 2, ...``; each step costs ``tokens_per_step`` tokens and is right
    with probability ``1 − e``. A budget of ``T`` tokens completes
    ``n = floor(T / tokens_per_step)`` steps; the answer is right when
    ``L <= n`` and every step was right:

        ``accuracy(T) = Σ_{l=1}^{n} π (1−π)^(l−1) (1−e)^l = π(1−e) · (1 − x^n)/(1 − x)``, ``x = (1−π)(1−e)``.

    It rises with ``T`` and saturates at ``π(1−e)/(1−x)``: longer thinking
    helps until the chain's own errors bind. No public curve pins these
    parameters. Units: probability. Vectorised.
    """
    T = np.asarray(budget_tokens, dtype=float)
    if np.any(~np.isfinite(T)) or np.any(T < 0):
        raise ValueError(f"budget_tokens={budget_tokens!r}: allowed: finite values >= 0")
    tps = _positive("tokens_per_step", tokens_per_step)
    e = _prob("per_step_error", per_step_error, open_high=True)
    mu = np.asarray(mean_steps, dtype=float)
    if np.any(~np.isfinite(mu)) or np.any(mu < 1):
        raise ValueError(f"mean_steps={mean_steps!r}: allowed: finite values >= 1")
    pi = 1.0 / mu
    x = (1.0 - pi) * (1.0 - e)
    n = np.floor(T / tps)
    with np.errstate(invalid="ignore", divide="ignore"):
        val = pi * (1.0 - e) * np.where(x < 1, -np.expm1(n * np.log(np.where(x > 0, x, 1.0))) / (1.0 - x), n)
    return _out(np.where(x > 0, val, pi * (1.0 - e) * (n >= 1)))


# --- cost of k voting streams on the roofline -------------------------------------------

@dataclass(frozen=True)
class VotingCost:
    """Cost of answering a query with ``k`` streams against one stream (arrays broadcast).

    ``node_seconds_per_query``: prefill plus this query's share of the decode
    steps, in seconds of the whole ``n_gpus`` node (multiply by
    ``n_gpus · $/GPU-hour / 3600`` for dollars); ``_single`` for one stream.
    ``multiple`` is their ratio, ``naive_multiple`` is ``k``.
    ``users_served``: queries decoded together (the requested ``users``, cut to
    what fits in HBM); ``capacity_limited`` where that cut applies to the
    ``k``-stream case. ``decode_time_s``: the wall time a user waits for the
    answer (the sum of step times), ``bound``: the roofline bound at the last step.
    """

    multiple: np.ndarray
    naive_multiple: np.ndarray
    node_seconds_per_query: np.ndarray
    node_seconds_per_query_single: np.ndarray
    users_served: np.ndarray
    users_served_single: np.ndarray
    capacity_limited: np.ndarray
    decode_time_s: np.ndarray
    decode_time_s_single: np.ndarray
    prefill_time_s: np.ndarray
    bound: np.ndarray


def _sum_max_lines(f1, fT, g1, gT, T, combine):
    """Exact ``Σ_{i=1}^{T} max(f(i), g(i))`` (or ``f + g``) for lines given by their values at 1 and T."""
    T = np.asarray(T, dtype=float)
    span = np.where(T > 1, T - 1.0, 1.0)
    bf = np.where(T > 1, (fT - f1) / span, 0.0)
    bg = np.where(T > 1, (gT - g1) / span, 0.0)
    af, ag = f1 - bf, g1 - bg                    # f(i) = af + bf·i

    def line_sum(a, b, i0, i1):                  # Σ_{i=i0}^{i1} (a + b·i), zero when empty
        cnt = np.maximum(i1 - i0 + 1.0, 0.0)
        return cnt * a + b * cnt * (i0 + i1) / 2.0

    if combine == "sum":
        return line_sum(af, bf, 1.0, T) + line_sum(ag, bg, 1.0, T)
    # h(i) = f(i) - g(i) = dh0 + dh·i ; f is the max where h >= 0
    dh0, dh = af - ag, bf - bg
    with np.errstate(divide="ignore", invalid="ignore"):
        root = np.where(dh != 0, -dh0 / np.where(dh != 0, dh, 1.0), 0.0)
    # rising h: f wins for i >= ceil(root); falling h: f wins for i <= floor(root)
    lo_f = np.where(dh > 0, np.clip(np.ceil(root - 1e-12), 1.0, T + 1.0), 1.0)
    hi_f = np.where(dh < 0, np.clip(np.floor(root + 1e-12), 0.0, T), T)
    flat = dh == 0
    lo_f = np.where(flat, np.where(dh0 >= 0, 1.0, T + 1.0), lo_f)
    hi_f = np.where(flat, T, hi_f)
    f_part = line_sum(af, bf, lo_f, hi_f)
    g_part = line_sum(ag, bg, 1.0, T) - line_sum(ag, bg, lo_f, hi_f)
    return f_part + g_part


_ROOFLINE_KW = ("weight_bytes_per_element", "kv_bytes_per_element", "bandwidth_efficiency", "mfu",
                "include_attention", "flop_precision", "combine")


def voting_cost(model, hardware, k, prompt_tokens, output_tokens, n_gpus=8, users=1, hbm_usable_fraction=1.0,
                **roofline_kwargs) -> VotingCost:
    """What ``k`` self-consistency streams sharing one prompt cost on the roofline, against one stream.

    Per query (``P = prompt_tokens``, ``T = output_tokens`` per stream), with
    ``U`` queries decoded together on one ``n_gpus`` node:

    - prefill once: :func:`llmscale.roofline.prefill_time_s` of ``P`` tokens
      (naive voting would prefill ``k`` times);
    - ``T`` decode steps of a batch of ``U · k`` streams, all in lockstep; at
      step ``i`` each stream attends over ``P + i`` tokens. Each step reads
      the weights once for the whole batch, each stream's own ``i`` generated
      tokens of KV, and each query's prompt KV once (shared by its ``k``
      streams): :func:`llmscale.roofline.decode_step` with
      ``shared_prefix_tokens = P`` and ``streams_per_prefix = k``. Both roofline
      terms are linear in ``i``, so ``Σ_i max(t_mem, t_comp)`` is summed exactly;
    - HBM capacity: the batch must hold weights plus ``U · (P + k·T)`` tokens
      of KV at the last step (:func:`llmscale.roofline.kv_capacity_batch`); where
      it does not fit, ``U`` drops to what fits (0 if nothing fits: cost ``inf``);
    - ``node_seconds_per_query = prefill + Σ_i step_time / U``.

    ``multiple = node_seconds(k) / node_seconds(1)`` at the same requested ``U``.
    It is close to 1 where weight reads dominate (few users, short contexts) and
    close to ``k`` where the batch is compute-bound or capacity-bound (it can
    exceed ``k`` slightly where whole queries of ``k`` streams pack HBM worse
    than single streams).
    Keyword arguments (precisions, efficiencies, ``include_attention``,
    ``flop_precision``, ``combine``) go to the roofline. Units: seconds,
    counts. Vectorised over ``k``, ``users``, ``prompt_tokens``, ``output_tokens``.
    """
    bad = [key for key in roofline_kwargs if key not in _ROOFLINE_KW]
    if bad:
        raise ValueError(f"unknown keyword {bad[0]!r} for voting_cost; allowed: {list(_ROOFLINE_KW)}")
    kk = _whole("k", k, 1).astype(float)
    P = _whole("prompt_tokens", prompt_tokens, 0).astype(float)
    T = _whole("output_tokens", output_tokens, 1).astype(float)
    U = _whole("users", users, 1).astype(float)
    combine = roofline_kwargs.get("combine", "max")
    if combine not in ("max", "sum"):
        raise ValueError(f"combine={combine!r}; allowed: 'max', 'sum'")
    kv_kw = {key: roofline_kwargs[key] for key in ("weight_bytes_per_element", "kv_bytes_per_element")
             if key in roofline_kwargs}
    pre_kw = {key: v for key, v in roofline_kwargs.items()}

    def one(kv):
        seq_end = P + T
        streams = np.asarray(roofline.kv_capacity_batch(model, hardware, n_gpus, seq_end,
                                                        hbm_usable_fraction=hbm_usable_fraction,
                                                        shared_prefix_tokens=P, streams_per_prefix=kv,
                                                        **kv_kw), dtype=float)
        fit_users = np.floor(streams / kv)
        u = np.minimum(U, fit_users)
        u_safe = np.where(u >= 1, u, 1.0)
        first = roofline.decode_step(model, hardware, n_gpus, u_safe * kv, P + 1.0, shared_prefix_tokens=P,
                                     streams_per_prefix=kv, **roofline_kwargs)
        last = roofline.decode_step(model, hardware, n_gpus, u_safe * kv, P + T, shared_prefix_tokens=P,
                                    streams_per_prefix=kv, **roofline_kwargs)
        decode = _sum_max_lines(np.asarray(first.memory_time_s), np.asarray(last.memory_time_s),
                                np.asarray(first.compute_time_s), np.asarray(last.compute_time_s), T, combine)
        decode = np.where(u >= 1, decode, np.inf)
        return u, decode, np.asarray(last.bound)

    pre = np.asarray(roofline.prefill_time_s(model, hardware, n_gpus, P, 1.0, **pre_kw), dtype=float)
    u_k, dec_k, bound = one(kk)
    u_1, dec_1, _ = one(np.ones_like(kk))
    with np.errstate(invalid="ignore", divide="ignore"):
        q_k = pre + dec_k / np.where(u_k >= 1, u_k, 1.0)
        q_1 = pre + dec_1 / np.where(u_1 >= 1, u_1, 1.0)
        mult = q_k / q_1
    shape = np.broadcast_shapes(np.shape(mult), np.shape(kk))
    b = lambda x: _out(np.broadcast_to(np.asarray(x), shape).copy())  # noqa: E731
    return VotingCost(multiple=b(mult), naive_multiple=b(kk), node_seconds_per_query=b(q_k),
                      node_seconds_per_query_single=b(q_1), users_served=b(u_k), users_served_single=b(u_1),
                      capacity_limited=b(u_k < U), decode_time_s=b(dec_k), decode_time_s_single=b(dec_1),
                      prefill_time_s=b(pre), bound=b(bound))


# --- benchmarks of problems of varied difficulty ------------------------------------------

def beta_quantile_nodes(alpha, beta, n_nodes=2000):
    """Per-problem accuracies of a benchmark whose difficulty follows Beta(``alpha``, ``beta``).

    The midpoints of ``n_nodes`` equal-probability bins (``p_i = F⁻¹((i + ½)/n)``):
    the mean of any bounded function of ``p`` over these nodes approximates its
    expectation over the benchmark. Units: probabilities (array of ``n_nodes``).
    """
    from scipy.stats import beta as beta_dist

    a = float(_positive("alpha", alpha))
    b = float(_positive("beta", beta))
    n = int(_whole("n_nodes", n_nodes, 1))
    return beta_dist.ppf((np.arange(n) + 0.5) / n, a, b)


def fit_beta_difficulty(pass_at_1, k, coverage_at_k):
    """Beta(α, β) difficulty with mean ``pass_at_1`` whose coverage at ``k`` samples is ``coverage_at_k``.

    Solves ``α/(α+β) = pass@1`` and :func:`coverage_beta` ``(k, α, β) = coverage``
    for ``α`` (one root: coverage at fixed mean falls as the distribution
    spreads, i.e. as ``α`` falls). Two published points pin the two
    parameters, e.g. Brown et al. (2024)'s SWE-bench Lite 15.9 % → 56 % at
    ``k = 250``. Returns ``(alpha, beta)``.
    """
    from scipy.optimize import brentq

    mu = float(_prob("pass_at_1", pass_at_1, open_low=True, open_high=True))
    kk = int(_whole("k", k, 2))
    c = float(_prob("coverage_at_k", coverage_at_k, open_low=True, open_high=True))
    ceiling = float(coverage(mu, kk))
    if not (mu < c < ceiling):
        raise ValueError(f"coverage_at_k={coverage_at_k!r}: allowed: between pass_at_1={mu:g} and the "
                         f"coverage of identical problems, {ceiling:.6g}")

    def gap(log_alpha):
        a = math.exp(log_alpha)
        return coverage_beta(kk, a, a * (1 - mu) / mu) - c

    la = brentq(gap, math.log(1e-6), math.log(1e6), xtol=1e-12)
    a = math.exp(la)
    return a, a * (1 - mu) / mu


# --- published test-time facts ------------------------------------------------------------

def fact(name: str) -> float:
    """A value of ``data/test_time_facts.csv`` by name (units in its ``unit`` column)."""
    df = catalog.table("test_time_facts")
    hit = df[df["name"] == name]
    if hit.empty:
        names = list(df["name"])
        raise ValueError(f"fact {name!r} is not in data/test_time_facts.csv; allowed: {names}. "
                         + catalog._suggest(name, names))
    return float(hit["value"].iloc[0])


@dataclass(frozen=True)
class TestTimeRun:
    """Two configurations of one system on one task set: tokens, samples and wall time per task."""

    tokens_per_task: tuple[float, float]
    samples_per_task: tuple[float, float]
    seconds_per_task: tuple[float, float]

    @property
    def token_ratio(self) -> float:
        return self.tokens_per_task[1] / self.tokens_per_task[0]

    @property
    def time_ratio(self) -> float:
        return self.seconds_per_task[1] / self.seconds_per_task[0]

    @property
    def samples_ratio(self) -> float:
        return self.samples_per_task[1] / self.samples_per_task[0]

    @property
    def tokens_per_sample(self) -> tuple[float, float]:
        return tuple(t / s for t, s in zip(self.tokens_per_task, self.samples_per_task))

    @property
    def throughput_ratio(self) -> float:
        """How many times more tokens per wall-second the second configuration ran: token / time ratio."""
        return self.token_ratio / self.time_ratio

    @property
    def samples_in_flight(self) -> float:
        """Samples running at once in the second configuration if each sample took the first one's wall time.

        ``samples₂ / (time₂ / time₁)``: an inference (ARC Prize did not report concurrency).
        """
        return self.samples_per_task[1] / self.time_ratio


def arc_agi_o3() -> TestTimeRun:
    """o3 on the 100 ARC-AGI-1 Semi-Private tasks at low and high compute (Chollet 2024, results table).

    Per task: 33M/100 = 330k tokens, 6 samples, 1.3 min; 5.7B/100 = 57M
    tokens, 1024 samples, 13.8 min. Tokens per sample ≈ 55k in both modes.
    """
    n = fact("arc_tasks_semi_private")
    return TestTimeRun(
        tokens_per_task=(fact("arc_o3_low_compute_tokens") / n, fact("arc_o3_high_compute_tokens") / n),
        samples_per_task=(fact("arc_o3_low_compute_samples"), fact("arc_o3_high_compute_samples")),
        seconds_per_task=(fact("arc_o3_low_compute_time_per_task"), fact("arc_o3_high_compute_time_per_task")))


def subscription_price_step() -> float:
    """ChatGPT Pro over ChatGPT Plus monthly price: $200 / $20 = 10 (OpenAI 2023, 2024)."""
    return fact("chatgpt_pro_usd_per_month") / fact("chatgpt_plus_usd_per_month")


# --- the claims of chapter 05 -------------------------------------------------------------

#: Assumptions of the ledger rows (the chapter's defaults). o1's size and serving set-up are not
#: public: Llama 3.1 405B on one 8×H100 node stands in, as in chapter 04 (SemiAnalysis 2024 use it too).
#: ``output_tokens``: o1-preview's 7,661 tokens on SemiAnalysis's prompt (chapter 04's ``T3_SEQ_LENS``).
LEDGER = dict(model="Llama 3.1 405B", hardware="H100 SXM", n_gpus=8, weight_bytes_per_element=1.0,
              kv_bytes_per_element=2.0, users=32, prompt_tokens=1000, output_tokens=roofline.T3_SEQ_LENS[1],
              n_votes=5, n_wrong_answers=3, per_step_error=0.002, n_steps=500, monkeys_k=250)


def _v2_costs():
    L = LEDGER
    kw = dict(n_gpus=L["n_gpus"], weight_bytes_per_element=L["weight_bytes_per_element"],
              kv_bytes_per_element=L["kv_bytes_per_element"])
    serving = voting_cost(L["model"], L["hardware"], L["n_votes"], L["prompt_tokens"], L["output_tokens"],
                          users=L["users"], **kw)
    single = voting_cost(L["model"], L["hardware"], L["n_votes"], L["prompt_tokens"], L["output_tokens"],
                         users=1, **kw)
    return serving, single


def monkeys_majority_vote(n_wrong_answers=3, k=None, n_nodes=2000):
    """Majority vote against coverage on a benchmark calibrated to the Monkeys' SWE-bench Lite numbers.

    Beta difficulty fitted (:func:`fit_beta_difficulty`) to pass@1 = 15.9 % and
    coverage 56 % at 250 samples (Brown et al. 2024); the majority vote of the
    same ``k`` samples with ``n_wrong_answers`` equally likely wrong answers per
    problem, averaged over the benchmark. Returns ``(majority, coverage, alpha, beta)``: two
    fractions of problems solved and the two (dimensionless) Beta shape parameters.
    """
    kk = int(LEDGER["monkeys_k"] if k is None else k)
    a, b = fit_beta_difficulty(fact("monkeys_swebench_pass1"), int(LEDGER["monkeys_k"]),
                               fact("monkeys_swebench_coverage_250"))
    p = beta_quantile_nodes(a, b, n_nodes)
    maj = float(np.mean(majority_vote_accuracy(p, kk, n_wrong_answers)))
    return maj, float(coverage_beta(kk, a, b)), a, b


@functools.lru_cache(maxsize=1)
def _claim_rows() -> tuple:
    from .claims.ledger import Claim

    L = LEDGER
    serving, single = _v2_costs()
    step = subscription_price_step()
    arc = arc_agi_o3()
    maj, cov, a_fit, b_fit = monkeys_majority_vote(L["n_wrong_answers"])
    maj_unique, _, _, _ = monkeys_majority_vote(math.inf)
    p_chain = float(chain_accuracy(L["per_step_error"], L["n_steps"]))
    p_voted = float(voted_chain_accuracy(L["per_step_error"], L["n_steps"], L["n_votes"], L["n_wrong_answers"]))
    long_steps = 2 * L["n_steps"]
    p_chain_long = float(chain_accuracy(L["per_step_error"], long_steps))
    p_voted_long = float(voted_chain_accuracy(L["per_step_error"], long_steps, L["n_votes"], L["n_wrong_answers"]))
    nan = math.nan
    m = L["n_wrong_answers"]
    return (
        Claim("V1", "o1 follows a single chain of thought (pass@1, no search); o1 pro uses self-consistency "
              "(majority vote) over the same weights", "semi", nan, nan, "—",
              "None possible: OpenAI describes o1 pro mode only as using more compute to think harder.",
              checkable=False,
              note="OpenAI has not disclosed how o1 pro mode spends its extra compute (parallel votes, longer "
                   "chains, or search). A statement from OpenAI, or measured token counts and latencies of o1 "
                   "against o1 pro on the same prompts, would settle it. The chapter computes what a 5-vote "
                   "majority would buy and cost."),
        Claim("V2", "Five voting streams mean 5x the tokens, yet OpenAI's cost rises far less than the $20 to "
              "$200 price step (decode is bandwidth- and capacity-bound; streams share the prompt's KV cache)",
              "semi", step, float(serving.multiple), "× cost per query",
              f"Claimed: the price step ${fact('chatgpt_pro_usd_per_month'):.0f}/${fact('chatgpt_plus_usd_per_month'):.0f}"
              f" (a bound). Recomputed: node time per query of {L['n_votes']} streams over 1 on the roofline, "
              f"{L['model']} (FP8 weights, BF16 KV) on {L['n_gpus']}×{L['hardware']}, {L['users']} queries "
              f"decoded together, {L['prompt_tokens']:,} prompt and {L['output_tokens']:,} output tokens per "
              "stream, prefill once, prompt KV shared.",
              sense="upper", checkable=False,
              note=f"Below the {step:.0f}x price step, but not 'far less than 5x': {float(serving.multiple):.2f}x at "
                   f"{L['users']} users because the 5 streams' own KV ({L['output_tokens']:,} tokens each) "
                   f"does not fit, so the node serves {int(serving.users_served)} queries instead of "
                   f"{int(serving.users_served_single)}. For a single user it is {float(single.multiple):.2f}x "
                   "(weight reads dominate). Sharing the prompt saves only the prompt's KV; long outputs are "
                   "not shared. o1's size and OpenAI's serving set-up are not public."),
        Claim("V3", "Large Language Monkeys: coverage (pass@k) keeps rising with repeated sampling; a verifier is "
              "needed to pick the right sample", "semi", fact("monkeys_swebench_coverage_250"), maj,
              "fraction solved",
              f"Claimed: the coverage a verifier (unit tests) realises, SWE-bench Lite at {L['monkeys_k']} samples "
              f"(Brown et al. 2024). Recomputed: majority vote of the same samples with no verifier, on a "
              f"benchmark whose difficulty is Beta(α={a_fit:.3f}, β={b_fit:.3f}), fitted to pass@1 = "
              f"{100 * fact('monkeys_swebench_pass1'):.1f} % and coverage "
              f"{100 * fact('monkeys_swebench_coverage_250'):.0f} %, with {m} equally likely wrong answers per problem.",
              tolerance=1.0, sense="upper", checkable=False,
              note=f"Majority vote stays at {maj:.2f} where coverage is {cov:.2f}: hard problems are covered by "
                   "a rare correct sample that voting cannot pick out. It depends on wrong answers repeating: "
                   f"were every wrong answer distinct, voting would reach {maj_unique:.2f}. Code has tests; "
                   "for free-form math the verifier is the bottleneck."),
        Claim("V4", "ARC-AGI, o3 low to high compute: 172x more compute, 57M tokens per task and 13.8 minutes "
              "versus 330k tokens and 1.3 minutes", "jonvet", fact("arc_o3_compute_ratio"), arc.token_ratio,
              "× tokens per task",
              "Token ratio from the ARC Prize results table: 5.7B / 33M tokens over the same 100 Semi-Private "
              "tasks (Chollet 2024).",
              note=f"The wall-time ratio is only {arc.time_ratio:.1f}x: the high-compute mode drew "
                   f"{arc.samples_ratio:.1f}x more samples ({arc.samples_per_task[1]:.0f} vs "
                   f"{arc.samples_per_task[0]:.0f}) of about the same length ({arc.tokens_per_sample[1] / 1e3:.1f}k "
                   f"vs {arc.tokens_per_sample[0] / 1e3:.1f}k tokens), largely in parallel "
                   f"({arc.throughput_ratio:.1f}x the tokens per second)."),
        Claim("V5", "Chains of thought reach tens of thousands of words; accuracy rises with thinking length",
              "wall", nan, nan, "—",
              "A stated toy model only (thinking_budget_accuracy): accuracy rises with the token budget and "
              "saturates where per-step errors bind.", checkable=False,
              note="Qualitative, and no public accuracy-against-thinking-tokens curve with numbers supports a "
                   "recomputation (OpenAI's o1 AIME chart has an unlabelled log-compute axis). Per-problem "
                   "accuracies at several fixed thinking budgets would settle it."),
        Claim("V6", "Errors accumulate along long chains; self-consistency protects against a chain that went "
              "wrong early", "semi", p_chain, p_voted, "probability correct",
              f"Stated model: {L['n_steps']} steps, each wrong with probability {L['per_step_error']} "
              f"independently, so one chain is right with (1-e)^L = {p_chain:.3f} (the claimed value is this "
              f"single-chain accuracy, as a lower bound). Recomputed: majority of {L['n_votes']} chains with "
              f"{m} equally likely wrong answers.",
              tolerance=1.0, sense="lower", checkable=False,
              note=f"Voting protects only while one chain beats the most common wrong answer (here "
                   f"{p_chain:.3f} > {(1 - p_chain) / m:.3f}). At {long_steps} steps one chain is right with "
                   f"{p_chain_long:.3f} and {L['n_votes']} votes give {p_voted_long:.3f}: voting then amplifies the error. "
                   "Correlated errors (chains failing the same way) weaken it further."),
    )


def claim_rows():
    """Ledger rows V1-V6 (chapter 05), recomputed with :data:`LEDGER`'s assumptions."""
    return list(_claim_rows())
