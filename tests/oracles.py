"""Slow exact references for llmscale.voting, used only by the tests and ``benchmarks/bench_voting.py``.

``majority_vote_enumerated`` sums every outcome of the multinomial (exponential in the number
of answers); ``majority_vote_by_cells`` is a cell-by-cell dynamic programme, ``O(m² · k³)`` per
``k``. Both check :func:`llmscale.voting.majority_vote_accuracy`'s recurrence.
"""

from __future__ import annotations

import math

import numpy as np

from llmscale.voting import _binom_logpmf


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
