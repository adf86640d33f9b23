"""Time to build the whole claims ledger (``llmscale.claims.ledger()``), warm and cold.

Formerly a wall-clock assertion in tests/test_claims.py (target: a warm ledger under 2 s).
"""

from __future__ import annotations

import statistics
import time


def run() -> list[dict]:
    from llmscale import catalog, claims

    t0 = time.perf_counter()
    claims.ledger()
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(5):
        t0 = time.perf_counter()
        claims.ledger()
        warm.append(time.perf_counter() - t0)
    catalog.clear_cache()
    return [{"benchmark": "claims ledger", "variant": "first call (cold caches)", "median_s": cold, "repeats": 1},
            {"benchmark": "claims ledger", "variant": "warm (target: under 2 s)", "median_s": statistics.median(warm),
             "repeats": 5}]
