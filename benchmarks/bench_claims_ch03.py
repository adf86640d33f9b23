"""Time to build chapter 03's claim rows (``llmscale.claims.ch03.claim_rows()``) from cold caches.

Formerly a wall-clock assertion in tests/test_reasoning.py (target: under 1 s cold; about 0.04 s
on an unloaded machine).
"""

from __future__ import annotations

import statistics
import time


def _clear(c03, catalog) -> None:
    catalog.clear_cache()
    c03._claim_rows.cache_clear()
    for f in (c03.r1, c03.r3, c03.r4, c03.r5, c03.r6, c03.r7, c03.r8, c03.r9, c03.r10, c03.r11, c03.r12):
        f.cache_clear()


def run() -> list[dict]:
    from llmscale import catalog
    from llmscale.claims import ch03 as c03

    cold = []
    for _ in range(5):
        _clear(c03, catalog)
        t0 = time.perf_counter()
        c03.claim_rows()
        cold.append(time.perf_counter() - t0)
    _clear(c03, catalog)
    return [{"benchmark": "chapter 03 claim rows", "variant": "cold caches (target: under 1 s)",
             "median_s": statistics.median(cold), "repeats": 5}]
