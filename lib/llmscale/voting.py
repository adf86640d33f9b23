"""Test-time compute: pass@k, majority vote (self-consistency), best-of-n, chains of thought.

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
What ``k`` streams cost to serve is :mod:`llmscale.vote_cost`.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass

import numpy as np
from scipy.special import betaln, gammaln, xlog1py, xlogy

from ._checks import nonneg, positive, probability, scalar_or_array, whole

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
    n_, c_, k_ = np.broadcast_arrays(whole("n", n, 1), whole("c", c, 0), whole("k", k, 1))
    if np.any(c_ > n_):
        raise ValueError(f"c={c!r}: allowed: 0 <= c <= n (n={n!r})")
    if np.any(k_ > n_):
        raise ValueError(f"k={k!r}: allowed: 1 <= k <= n (n={n!r})")
    return scalar_or_array(-np.expm1(_log_ratio(n_, c_, k_)))


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
    p = probability("p_correct", p_correct)
    kk = whole("k", k, 0).astype(float)
    return scalar_or_array(_one_minus_pow(p, kk))


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
    kk = whole("k", k, 0).astype(float)
    a = positive("alpha", alpha)
    b = positive("beta", beta)
    return scalar_or_array(-np.expm1(betaln(a, b + kk) - betaln(a, b)))


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
    kk = positive("k", k)
    a_ = np.asarray(a, dtype=float)
    if np.any(~np.isfinite(a_)) or np.any(a_ > 0):
        raise ValueError(f"a={a!r}: allowed: finite values <= 0 (a = log of the coverage at k = 1)")
    b_ = np.asarray(b, dtype=float)
    if np.any(~np.isfinite(b_)):
        raise ValueError(f"b={b!r}: allowed: finite values")
    return scalar_or_array(np.exp(a_ * kk**b_))


def fit_coverage_power_law(k, coverage_values) -> CoveragePowerLaw:
    """Fit ``log(c) = a · k^b`` to points by least squares on ``log(−log c) = log(−a) + b · log k``.

    The linearisation Brown et al. (2024, Section 4) fit in. Needs at least
    two distinct ``k`` (samples) and coverages (fractions) strictly between 0 and 1.
    Returns a :class:`CoveragePowerLaw` (``a``: log of a fraction, ``b``: dimensionless).
    """
    kk = np.asarray(positive("k", k), dtype=float).ravel()
    c = np.asarray(coverage_values, dtype=float).ravel()
    if c.shape != kk.shape:
        raise ValueError(f"coverage_values has {c.size} points, k has {kk.size}; allowed: the same number")
    probability("coverage_values", c, open_low=True, open_high=True)
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
    p = probability("p_correct", p_correct)
    kk = whole("k", k, 1)
    groups = _wrong_groups(n_wrong_answers, wrong_answer_distribution)
    p_b, k_b = np.broadcast_arrays(p, kk)
    out = np.empty(p_b.shape)
    if p_b.size == 0:
        return out
    if groups is None:                           # every wrong answer distinct: wrong counts are all <= 1
        kf = k_b.astype(float)
        p0 = np.exp(_binom_logpmf(0.0, kf, p_b))
        p1 = np.exp(_binom_logpmf(1.0, kf, p_b))
        return scalar_or_array(np.clip(1.0 - p0 - p1 + p1 / kf, 0.0, 1.0))
    K = _table_size(int(k_b.max()))
    G = _win_table(groups, K)
    res = _weighted_wins(G, p_b.ravel(), k_b.ravel())
    out[...] = np.clip(res, 0.0, 1.0).reshape(p_b.shape)
    return scalar_or_array(out)


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
    p = probability("p_correct", p_correct)
    nn = whole("n", n, 1).astype(float)
    tpr = probability("verifier_tpr", verifier_tpr)
    fpr = probability("verifier_fpr", verifier_fpr)
    alpha = p * tpr
    beta = (1.0 - p) * fpr
    gamma = np.clip(1.0 - alpha - beta, 0.0, 1.0)
    accepted = alpha + beta
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(accepted > 0, alpha / np.where(accepted > 0, accepted, 1.0), 0.0)
        fallback = np.where(nn > 1, gamma ** (nn - 1), 1.0) * p * (1.0 - tpr)
    return scalar_or_array(precision * (1.0 - gamma**nn) + fallback)


def chain_accuracy(per_step_error, n_steps):
    """Chance a chain of ``L`` steps stays correct when each step fails independently: ``(1 − e)^L``.

    The error-accumulation model behind claim V6 (SemiAnalysis 2024): one
    wrong step spoils the final answer. Units: probability. Vectorised.
    """
    e = probability("per_step_error", per_step_error)
    L = whole("n_steps", n_steps, 0).astype(float)
    return scalar_or_array(1.0 - _one_minus_pow(e, L))


def voted_chain_accuracy(per_step_error, n_steps, k, n_wrong_answers=1):
    """Majority vote over ``k`` independent chains, each correct with :func:`chain_accuracy`.

    A chain that went wrong lands on one of ``n_wrong_answers`` equally likely
    wrong answers (``math.inf``: all distinct). Voting protects only while the
    chain accuracy exceeds the most common wrong answer's share. Units:
    probability. Vectorised over ``per_step_error``, ``n_steps`` and ``k``.
    """
    return majority_vote_accuracy(chain_accuracy(per_step_error, n_steps), k, n_wrong_answers)


def majority_vote_threshold(n_wrong_answers):
    """Per-sample accuracy above which a majority vote beats one sample: ``1 / (m + 1)``.

    With ``m`` equally likely wrong answers the right answer is the single most
    likely one when ``p > (1 − p)/m``, i.e. ``p > 1/(m + 1)``; below it more votes
    converge to 0 (Wang et al. 2022's self-consistency without a verifier; the
    plateau of :func:`majority_vote_accuracy`). ``m = 1`` gives ``1/2``. Units:
    probability. Vectorised over ``n_wrong_answers`` (>= 1; ``math.inf`` gives 0).
    """
    m = np.asarray(n_wrong_answers, dtype=float)
    if np.any(np.isnan(m)) or np.any(m < 1):
        raise ValueError(f"n_wrong_answers={n_wrong_answers!r}: allowed: values >= 1, or math.inf")
    return scalar_or_array(1.0 / (m + 1.0))


def voting_break_even_steps(per_step_error, n_wrong_answers):
    """Chain length ``L`` beyond which voting over chains hurts: ``(1 − e)^L = 1/(m + 1)``.

    ``L = log(1/(m + 1)) / log(1 − e)``: there :func:`chain_accuracy` falls to
    :func:`majority_vote_threshold` (the error-accumulation model of claim V6,
    SemiAnalysis 2024). Units: steps (not rounded). Vectorised.
    """
    e = probability("per_step_error", per_step_error, open_low=True, open_high=True)
    return scalar_or_array(np.log(np.asarray(majority_vote_threshold(n_wrong_answers))) / np.log1p(-e))


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
    T = nonneg("budget_tokens", budget_tokens)
    tps = positive("tokens_per_step", tokens_per_step)
    e = probability("per_step_error", per_step_error, open_high=True)
    mu = np.asarray(mean_steps, dtype=float)
    if np.any(~np.isfinite(mu)) or np.any(mu < 1):
        raise ValueError(f"mean_steps={mean_steps!r}: allowed: finite values >= 1")
    pi = 1.0 / mu
    x = (1.0 - pi) * (1.0 - e)
    n = np.floor(T / tps)
    with np.errstate(invalid="ignore", divide="ignore"):
        val = pi * (1.0 - e) * np.where(x < 1, -np.expm1(n * np.log(np.where(x > 0, x, 1.0))) / (1.0 - x), n)
    return scalar_or_array(np.where(x > 0, val, pi * (1.0 - e) * (n >= 1)))


# --- benchmarks of problems of varied difficulty ------------------------------------------

def beta_quantile_nodes(alpha, beta, n_nodes=2000):
    """Per-problem accuracies of a benchmark whose difficulty follows Beta(``alpha``, ``beta``).

    The midpoints of ``n_nodes`` equal-probability bins (``p_i = F⁻¹((i + ½)/n)``):
    the mean of any bounded function of ``p`` over these nodes approximates its
    expectation over the benchmark. Units: probabilities (array of ``n_nodes``).
    """
    from scipy.stats import beta as beta_dist

    a = float(positive("alpha", alpha))
    b = float(positive("beta", beta))
    n = int(whole("n_nodes", n_nodes, 1))
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

    mu = float(probability("pass_at_1", pass_at_1, open_low=True, open_high=True))
    kk = int(whole("k", k, 2))
    c = float(probability("coverage_at_k", coverage_at_k, open_low=True, open_high=True))
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
