"""Speed of the exact majority-vote sweep: the cached recurrence vs a cell-by-cell programme and Monte Carlo.

Every variant computes the accuracy of a plurality vote with 3 equally likely wrong answers at
per-sample accuracy 0.3, for every k in a sweep. The fast path builds its table from a cold cache
on every repeat. Baselines:

- ``majority_vote_by_cells``: exact, one k at a time (votes dealt to one wrong answer after another);
  timed on k = 1..40, where the fast path is timed too;
- seeded Monte Carlo, 10,000 draws per k over k = 1..1000: inexact (about ±0.005), reported with
  its largest error against the exact values.

A third benchmark times the last step alone, many ``p`` at once (the chapter's benchmark of 1,000
Beta-quantile difficulty nodes x 27 log-spaced k, table built): the dense weighted sum over every
``a = 0..K`` for each (p, k) (the first version) against ``majority_vote_accuracy``, which sums the
binomial tail in one call and evaluates only the terms ``a <= k/2`` that are not negligible.

A last row times chapter 05's ledger rows V1-V6 (``llmscale.claims.ch05.claim_rows``) recomputed from
cold result caches, imports and the vote table warm: about 0.1 s (it was a 1 s test assertion).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from _timing import median_time

from llmscale import voting
from llmscale.claims import ch05

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))     # the repository root, for tests.oracles
from tests.oracles import majority_vote_by_cells  # noqa: E402

P, M = 0.3, 3


def _fast(k_max: int):
    voting._win_table.cache_clear()
    return voting.majority_vote_accuracy(P, np.arange(1, k_max + 1), M)


def _cells(k_max: int):
    wrong = [(1 - P) / M] * M
    return np.array([majority_vote_by_cells(P, k, wrong) for k in range(1, k_max + 1)])


def _benchmark_grid():
    a, b = voting.fit_beta_difficulty(0.159, 250, 0.56)
    nodes = voting.beta_quantile_nodes(a, b, 1000)[:, None]
    ks = np.unique(np.round(np.logspace(0, 3, 30)).astype(int))[None, :]
    return nodes, ks


def _dense(nodes, ks):
    """The first version of the last step: every a = 0..K for each (p, k), one einsum."""
    from scipy.stats import binom

    K = voting._table_size(int(ks.max()))
    G = voting._win_table(((1.0 / M, M),), K)
    p_b, k_b = np.broadcast_arrays(nodes, ks)
    p_f, k_f = p_b.ravel(), k_b.ravel()
    a = np.arange(K + 1, dtype=float)[None, :]
    res = np.empty(p_f.size)
    chunk = max(1, 2_000_000 // (K + 1))
    for i in range(0, p_f.size, chunk):
        kc = k_f[i:i + chunk]
        with np.errstate(under="ignore"):
            w = binom.pmf(a, kc.astype(float)[:, None], p_f[i:i + chunk, None])
        res[i:i + chunk] = np.einsum("ia,ia->i", w, G[:, kc].T)
    return np.clip(res, 0.0, 1.0).reshape(p_b.shape)


def _monte_carlo(k_max: int, draws: int = 10_000, seed: int = 0):
    rng = np.random.default_rng(seed)
    out = np.empty(k_max)
    for k in range(1, k_max + 1):
        counts = rng.multinomial(k, [P] + [(1 - P) / M] * M, size=draws)
        top = counts.max(axis=1)
        ties = (counts == top[:, None]).sum(axis=1)
        out[k - 1] = np.where(counts[:, 0] == top, 1.0 / ties, 0.0).mean()
    return out


def _claim_rows_cold():
    for f in (ch05.v2, ch05.v3, ch05.v4, ch05.v6, ch05._claim_rows):
        f.cache_clear()
    return ch05.claim_rows()


def run(repeats: int = 3) -> list[dict]:
    small, big = 40, 1000
    cells, ref_small = median_time(lambda: _cells(small), repeats)
    fast_small, got_small = median_time(lambda: _fast(small), repeats)
    err_cells = float(np.abs(ref_small - got_small).max())
    fast_big, got_big = median_time(lambda: _fast(big), repeats)
    mc, mc_big = median_time(lambda: _monte_carlo(big), repeats)
    err_mc = float(np.abs(mc_big - got_big).max())
    nodes, ks = _benchmark_grid()
    voting.majority_vote_accuracy(0.3, int(ks.max()), M)          # table built for both variants
    dense, got_dense = median_time(lambda: _dense(nodes, ks), repeats)
    screened, got_screened = median_time(lambda: voting.majority_vote_accuracy(nodes, ks, M), repeats)
    err_grid = float(np.abs(got_dense - got_screened).max())
    _claim_rows_cold()                                            # warm imports and the vote table
    rows_s, rows = median_time(_claim_rows_cold, repeats)
    return [
        {"benchmark": "majority_vote_sweep_k1_40", "variant": "exact, cell-by-cell programme per k (baseline)",
         "median_s": cells, "repeats": repeats, "ratio_vs_baseline": 1.0, "notes": f"m={M}, p={P}"},
        {"benchmark": "majority_vote_sweep_k1_40", "variant": "exact, cached recurrence (cold cache)",
         "median_s": fast_small, "repeats": repeats, "ratio_vs_baseline": cells / fast_small,
         "notes": f"largest difference from the baseline {err_cells:.1e}"},
        {"benchmark": "majority_vote_sweep_k1_1000", "variant": "Monte Carlo, 10,000 draws per k (baseline)",
         "median_s": mc, "repeats": repeats, "ratio_vs_baseline": 1.0,
         "notes": f"largest error against the exact values {err_mc:.3f}"},
        {"benchmark": "majority_vote_sweep_k1_1000", "variant": "exact, cached recurrence (cold cache)",
         "median_s": fast_big, "repeats": repeats, "ratio_vs_baseline": mc / fast_big,
         "notes": "absolute error below 1e-11 (binomial-tail and enumeration tests)"},
        {"benchmark": "majority_vote_1000p_x_27k", "variant": "dense weighted sum over a = 0..K (baseline)",
         "median_s": dense, "repeats": repeats, "ratio_vs_baseline": 1.0, "notes": f"m={M}, table built"},
        {"benchmark": "majority_vote_1000p_x_27k", "variant": "binomial tail + screened terms a <= k/2",
         "median_s": screened, "repeats": repeats, "ratio_vs_baseline": dense / screened,
         "notes": f"largest difference from the baseline {err_grid:.1e}"},
        {"benchmark": "claims_ch05_rows", "variant": "V1-V6 from cold result caches (tables warm)",
         "median_s": rows_s, "repeats": repeats, "notes": f"{len(rows)} rows; was asserted < 1 s in the tests"},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
