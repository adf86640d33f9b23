"""llmscale.voting: pass@k, coverage laws, majority vote, best-of-n, chains and thinking length."""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from scipy.stats import binom

from llmscale import voting
from tests.oracles import majority_vote_by_cells, majority_vote_enumerated

# --- pass@k ---------------------------------------------------------------------------

def _pass_at_k_brute(n, c, k):
    """Fraction of the k-subsets of n samples (the first c correct) holding a correct one."""
    subsets = list(itertools.combinations(range(n), k))
    return Fraction(sum(1 for s in subsets if any(i < c for i in s)), len(subsets))


@pytest.mark.parametrize("n", [1, 2, 5, 8])
def test_pass_at_k_matches_enumeration(n):
    for c in range(n + 1):
        for k in range(1, n + 1):
            assert voting.pass_at_k(n, c, k) == pytest.approx(float(_pass_at_k_brute(n, c, k)), abs=1e-14)


def test_pass_at_k_is_stable_and_vectorised():
    # product form 1 - prod_{i=n-c+1}^{n} (1 - k/i): the Codex paper's numerically stable version
    n, c, k = 1_000_000, 3, 10
    prod = 1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1))
    assert voting.pass_at_k(n, c, k) == pytest.approx(prod, rel=1e-9)
    assert voting.pass_at_k(200, 0, 100) == 0.0
    assert voting.pass_at_k(200, 150, 100) == 1.0                 # n - c < k: every subset holds one
    out = voting.pass_at_k(np.array([[10], [20]]), 2, np.array([1, 5, 10]))
    assert out.shape == (2, 3)
    assert out[0, 0] == pytest.approx(0.2) and out[0, 2] == 1.0
    # large n: the estimator tends to the population coverage 1 - (1-p)^k
    assert voting.pass_at_k(10**7, 3 * 10**6, 7) == pytest.approx(voting.coverage(0.3, 7), rel=1e-6)


@pytest.mark.parametrize("args, name", [((5, 6, 1), "c"), ((5, 2, 6), "k"), ((5, 2, 0), "k"),
                                        ((5.5, 2, 1), "n"), ((5, -1, 1), "c")])
def test_pass_at_k_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        voting.pass_at_k(*args)


# --- majority vote ---------------------------------------------------------------------

def test_binary_majority_vote_published_value():
    # P(Bin(5, 0.6) >= 3) = 0.68256
    assert voting.majority_vote_accuracy(0.6, 5) == pytest.approx(0.68256, abs=1e-12)
    assert voting.majority_vote_accuracy(0.6, 5, n_wrong_answers=1) == pytest.approx(0.68256, abs=1e-12)


def test_binary_majority_vote_is_the_binomial_tail_for_k_up_to_1000():
    ks = np.arange(1, 1001)
    for p in (0.3, 0.5, 0.6):
        ref = binom.sf(ks // 2, ks, p) + 0.5 * binom.pmf(ks / 2, ks, p) * (ks % 2 == 0)
        ref = np.where(ks % 2 == 1, binom.sf((ks - 1) // 2, ks, p), ref)
        got = voting.majority_vote_accuracy(p, ks)
        assert np.abs(got - ref).max() < 1e-11
    # with a coin-flip tie-break an even k is no better than k - 1
    assert voting.majority_vote_accuracy(0.7, 4) == pytest.approx(voting.majority_vote_accuracy(0.7, 3), abs=1e-14)


@pytest.mark.parametrize("p, wrong", [(0.35, [0.325, 0.325]), (0.3, [0.7 / 3] * 3), (0.4, [0.3, 0.2, 0.1]),
                                      (0.2, [0.5, 0.2, 0.1]), (0.25, [0.25, 0.25, 0.25])])
def test_majority_vote_matches_explicit_enumeration(p, wrong):
    ks = np.arange(1, 10)
    w = np.asarray(wrong)
    equal = np.allclose(w, w[0])
    fast = (voting.majority_vote_accuracy(p, ks, n_wrong_answers=len(w)) if equal
            else voting.majority_vote_accuracy(p, ks, wrong_answer_distribution=w))
    ref = [majority_vote_enumerated(p, int(k), wrong) for k in ks]
    np.testing.assert_allclose(fast, ref, atol=1e-12)
    if not equal:   # the distribution is used relative: scaling it changes nothing
        np.testing.assert_allclose(voting.majority_vote_accuracy(p, ks, wrong_answer_distribution=3 * w), fast)


def test_majority_vote_matches_the_cell_by_cell_programme_at_larger_k():
    wrong = [0.3, 0.2, 0.1, 0.1]
    for k in (25, 40):
        fast = voting.majority_vote_accuracy(0.3, k, wrong_answer_distribution=wrong)
        assert fast == pytest.approx(majority_vote_by_cells(0.3, k, wrong), abs=1e-12)


def test_majority_vote_against_seeded_monte_carlo_at_k_200():
    rng = np.random.default_rng(5)
    p, k, m, draws = 0.3, 200, 3, 40_000
    counts = rng.multinomial(k, [p] + [(1 - p) / m] * m, size=draws)
    top = counts.max(axis=1)
    ties = (counts == top[:, None]).sum(axis=1)
    mc = np.where(counts[:, 0] == top, 1.0 / ties, 0.0).mean()
    exact = voting.majority_vote_accuracy(p, k, m)
    assert abs(mc - exact) < 5 * math.sqrt(exact * (1 - exact) / draws) + 1e-3


def test_majority_vote_limits_and_properties():
    assert voting.majority_vote_accuracy(0.37, 1, 4) == pytest.approx(0.37)
    assert voting.majority_vote_accuracy(1.0, 7, 3) == pytest.approx(1.0)
    assert voting.majority_vote_accuracy(0.0, 7, 3) == pytest.approx(0.0)
    big = voting.majority_vote_accuracy(np.array([0.2, 0.35]), 1000, 3)
    assert big[0] < 1e-3 and big[1] > 0.999          # plateau: 0 below the top wrong share (0.8/3), 1 above
    ps = np.linspace(0.05, 0.95, 19)
    assert np.all(np.diff(voting.majority_vote_accuracy(ps, 9, 2)) > 0)
    # more wrong answers split the wrong vote: voting gets easier
    assert voting.majority_vote_accuracy(0.3, 15, 5) > voting.majority_vote_accuracy(0.3, 15, 2)


def test_majority_vote_with_every_wrong_answer_distinct():
    k = np.arange(1, 9)
    got = voting.majority_vote_accuracy(0.3, k, math.inf)
    # closed form: P(a >= 2) + P(a = 1) / k
    ref = 1 - binom.pmf(0, k, 0.3) - binom.pmf(1, k, 0.3) + binom.pmf(1, k, 0.3) / k
    np.testing.assert_allclose(got, ref, atol=1e-14)
    # many equally likely wrong answers approach it
    assert voting.majority_vote_accuracy(0.3, 5, 400) == pytest.approx(got[4], abs=0.01)


def test_majority_vote_sweeps_k_to_1000():
    # its speed (cold cache) is measured by benchmarks/bench_voting.py
    voting._win_table.cache_clear()
    out = voting.majority_vote_accuracy(np.array([[0.3], [0.5]]), np.arange(1, 1001), 3)
    assert out.shape == (2, 1000)
    assert out[1, -1] > out[0, -1] > out[0, 0]


def _dense_weighted_sum(p, k, m):
    """Reference for the last step: Σ_{a=0}^{K} Binom(a; k, p) · G[a, k] over every a, nothing screened."""
    K = voting._table_size(int(np.max(k)))
    G = voting._win_table(((1.0 / m, m),), K)
    p_b, k_b = np.broadcast_arrays(p, k)
    a = np.arange(K + 1, dtype=float)
    w = binom.pmf(a[None, :], k_b.ravel()[:, None].astype(float), p_b.ravel()[:, None])
    return np.einsum("ia,ia->i", w, G[:, k_b.ravel()].T).reshape(p_b.shape)


def test_majority_vote_over_many_p_matches_the_dense_sum(monkeypatch):
    # the chapter's benchmark: Beta-quantile difficulty nodes (p from 1e-9 to near 1) x log-spaced k
    a, b = voting.fit_beta_difficulty(0.159, 250, 0.56)
    nodes = voting.beta_quantile_nodes(a, b, 200)[:, None]
    ks = np.unique(np.round(np.logspace(0, 3, 30)).astype(int))[None, :]
    ref = _dense_weighted_sum(nodes, ks, 3)
    got = voting.majority_vote_accuracy(nodes, ks, 3)
    assert np.abs(got - ref).max() < 1e-12
    monkeypatch.setattr(voting, "_CHUNK_TERMS", 97)                  # many small chunks: same sums
    assert np.abs(voting.majority_vote_accuracy(nodes, ks, 3) - got).max() < 1e-15
    edge = voting.majority_vote_accuracy(np.array([0.0, 1e-12, 0.5, 1 - 1e-12, 1.0])[:, None], ks, 3)
    assert np.abs(edge - _dense_weighted_sum(np.array([0.0, 1e-12, 0.5, 1 - 1e-12, 1.0])[:, None], ks, 3)).max() < 1e-12


def test_majority_vote_over_a_benchmark_grid_has_its_shape():
    # its speed against the dense sum is measured by benchmarks/bench_voting.py
    a, b = voting.fit_beta_difficulty(0.159, 250, 0.56)
    nodes = voting.beta_quantile_nodes(a, b, 1000)[:, None]
    ks = np.unique(np.round(np.logspace(0, 3, 30)).astype(int))[None, :]
    out = voting.majority_vote_accuracy(nodes, ks, 3)
    assert out.shape == (1000, ks.size)


@pytest.mark.parametrize("kwargs, name", [
    (dict(p_correct=1.2, k=3), "p_correct"), (dict(p_correct=0.5, k=0), "k"),
    (dict(p_correct=0.5, k=2.5), "k"), (dict(p_correct=0.5, k=3, n_wrong_answers=0), "n_wrong_answers"),
    (dict(p_correct=0.5, k=3, n_wrong_answers=2.5), "n_wrong_answers"),
    (dict(p_correct=0.5, k=3, wrong_answer_distribution=[0.5, -0.1]), "wrong_answer_distribution"),
    (dict(p_correct=0.5, k=3, wrong_answer_distribution=list(np.arange(1, 14) / 91)), "wrong_answer_distribution"),
])
def test_majority_vote_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        voting.majority_vote_accuracy(**kwargs)


# --- best-of-n, coverage laws, chains ---------------------------------------------------

def _best_of_n_brute(p, n, tpr, fpr):
    states = {"ca": p * tpr, "cr": p * (1 - tpr), "wa": (1 - p) * fpr, "wr": (1 - p) * (1 - fpr)}
    total = 0.0
    for draw in itertools.product(states, repeat=n):
        pr = math.prod(states[s] for s in draw)
        acc = [s for s in draw if s.endswith("a")]
        pool = acc if acc else list(draw)
        total += pr * sum(s.startswith("c") for s in pool) / len(pool)
    return total


@pytest.mark.parametrize("p, tpr, fpr", [(0.3, 0.9, 0.1), (0.6, 0.7, 0.4), (0.1, 1.0, 0.0), (0.5, 0.0, 0.2)])
def test_best_of_n_matches_enumeration(p, tpr, fpr):
    for n in range(1, 6):
        assert voting.best_of_n_accuracy(p, n, tpr, fpr) == pytest.approx(_best_of_n_brute(p, n, tpr, fpr),
                                                                           abs=1e-12)


def test_best_of_n_limits():
    assert voting.best_of_n_accuracy(0.3, 1, 0.8, 0.2) == pytest.approx(0.3)
    assert voting.best_of_n_accuracy(0.3, 50, 1.0, 0.0) == pytest.approx(voting.coverage(0.3, 50))
    # the plateau is the verifier's precision p·tpr / (p·tpr + (1-p)·fpr)
    assert voting.best_of_n_accuracy(0.3, 10_000, 0.9, 0.1) == pytest.approx(0.27 / (0.27 + 0.07))
    with pytest.raises(ValueError, match="verifier_fpr"):
        voting.best_of_n_accuracy(0.3, 5, 0.9, 1.5)
    with pytest.raises(ValueError, match="n"):
        voting.best_of_n_accuracy(0.3, 0, 0.9, 0.1)


def test_coverage_power_law_fit_and_extrapolation():
    k = np.array([1, 4, 16, 64, 256])
    c = np.exp(-2.0 * k**-0.3)
    fit = voting.fit_coverage_power_law(k, c)
    assert fit.a == pytest.approx(-2.0) and fit.b == pytest.approx(-0.3)
    assert fit(10_000) == pytest.approx(np.exp(-2.0 * 10_000**-0.3))
    # two published points pin the law: Monkeys' SWE-bench Lite 15.9 % -> 56 % at 250 samples
    two = voting.fit_coverage_power_law([1, 250], [0.159, 0.56])
    assert two(1) == pytest.approx(0.159) and two(250) == pytest.approx(0.56)
    with pytest.raises(ValueError, match="coverage_values"):
        voting.fit_coverage_power_law([1, 2], [0.5, 1.0])
    with pytest.raises(ValueError, match="k"):
        voting.fit_coverage_power_law([3, 3], [0.2, 0.3])
    with pytest.raises(ValueError, match="a="):
        voting.coverage_power_law(5, 0.1, -0.2)


def test_coverage_of_a_beta_benchmark():
    a, b = 0.4, 1.6
    nodes = voting.beta_quantile_nodes(a, b, 4000)
    for k in (1, 10, 300):
        assert voting.coverage_beta(k, a, b) == pytest.approx(np.mean(voting.coverage(nodes, k)), abs=2e-3)
    assert voting.coverage_beta(1, a, b) == pytest.approx(a / (a + b))
    # power-law tail: 1 - coverage ~ k^-alpha
    k1, k2 = 10_000, 100_000
    slope = math.log((1 - voting.coverage_beta(k2, a, b)) / (1 - voting.coverage_beta(k1, a, b))) / math.log(10)
    assert slope == pytest.approx(-a, abs=0.01)
    alpha, beta = voting.fit_beta_difficulty(0.159, 250, 0.56)
    assert alpha / (alpha + beta) == pytest.approx(0.159)
    assert voting.coverage_beta(250, alpha, beta) == pytest.approx(0.56)
    with pytest.raises(ValueError, match="coverage_at_k"):
        voting.fit_beta_difficulty(0.159, 250, 0.1)


def test_chains_and_thinking_budget():
    assert voting.chain_accuracy(0.001, 1000) == pytest.approx(0.999**1000)
    assert voting.chain_accuracy(0.2, 0) == 1.0
    # voting helps above the top wrong share and hurts below it
    assert voting.voted_chain_accuracy(0.002, 500, 5, 3) > voting.chain_accuracy(0.002, 500)
    assert voting.voted_chain_accuracy(0.002, 1000, 5, 3) < voting.chain_accuracy(0.002, 1000)
    # toy thinking-length model against its explicit sum
    pi, e, tps = 1 / 40, 0.01, 50
    for budget in (0, 49, 50, 1000, 20_000):
        n = budget // tps
        ref = sum(pi * (1 - pi) ** (j - 1) * (1 - e) ** j for j in range(1, n + 1))
        assert voting.thinking_budget_accuracy(budget, tps, e, 40) == pytest.approx(ref, abs=1e-14)
    sat = pi * (1 - e) / (1 - (1 - pi) * (1 - e))
    assert voting.thinking_budget_accuracy(1e9, tps, e, 40) == pytest.approx(sat)
    with pytest.raises(ValueError, match="mean_steps"):
        voting.thinking_budget_accuracy(100, 10, 0.1, 0.5)


def test_vote_threshold_and_break_even_chain_length():
    assert voting.majority_vote_threshold(1) == 0.5                 # binary answers: a vote needs p > 1/2
    assert voting.majority_vote_threshold(3) == 0.25
    assert voting.majority_vote_threshold(math.inf) == 0.0
    # just above the threshold a long vote wins, just below it loses
    for m in (1, 3):
        t = voting.majority_vote_threshold(m)
        assert voting.majority_vote_accuracy(t + 0.05, 1000, m) > 0.99
        assert voting.majority_vote_accuracy(t - 0.05, 1000, m) < 0.01
    L = voting.voting_break_even_steps(0.002, 3)
    assert L == pytest.approx(math.log(4) / -math.log(0.998))       # about 692 steps
    assert voting.chain_accuracy(0.002, 692) > 0.25 > voting.chain_accuracy(0.002, 693)
    np.testing.assert_allclose(voting.voting_break_even_steps(np.array([0.001, 0.002]), 1),
                               math.log(2) / -np.log1p(-np.array([0.001, 0.002])))
    with pytest.raises(ValueError, match="n_wrong_answers"):
        voting.majority_vote_threshold(0)
    with pytest.raises(ValueError, match="per_step_error"):
        voting.voting_break_even_steps(0.0, 3)
