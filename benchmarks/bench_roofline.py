"""Speed of the decode roofline: one vectorised call over a million configurations vs a Python loop.

The grid draws (model, hardware, batch, seq_len) at random from 4 models x 4 accelerators x
batches 1-511 x contexts 128-131,071 tokens (seeded). The baseline evaluates the same
function one configuration at a time (models and hardware pre-resolved, so the loop times
the arithmetic, not the catalogue look-ups) on a sample and is reported per configuration.

Targets (formerly wall-clock assertions in tests/test_roofline.py): the vectorised decode
step runs at least 1e6 configurations per second, and chapter 04's claim rows T1-T8
(``llmscale.claims.ch04.claim_rows``, from cold caches) take under 1 s.
"""

from __future__ import annotations

import numpy as np
from _timing import median_time

from llmscale import arrays, roofline
from llmscale.claims import ch04
from llmscale.serving_options import Precision

MODELS = ["Llama 3.1 405B", "Llama 3.1 70B", "Llama 3.1 8B", "DeepSeek-V3"]
HARDWARE = ["H100 SXM", "H200", "B200", "A100 SXM 80GB"]
W8 = Precision(weight_bytes_per_element=1.0)   # FP8 weights, BF16 cache and maths


def _grid(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    m = arrays.model_arrays(MODELS)[rng.integers(0, len(MODELS), n)]
    h = arrays.hardware_arrays(HARDWARE)[rng.integers(0, len(HARDWARE), n)]
    b = rng.integers(1, 512, n).astype(float)
    s = rng.integers(128, 131_072, n).astype(float)
    return m, h, b, s


def run(n: int = 1_000_000, n_loop: int = 2_000, repeats: int = 5) -> list[dict]:
    m, h, b, s = _grid(n)
    vec = median_time(lambda: roofline.decode_step(m, h, 8, b, s, precision=W8), repeats)[0]
    ms = [m[i] for i in range(n_loop)]
    hs = [h[i] for i in range(n_loop)]

    def loop():
        for i in range(n_loop):
            roofline.decode_step(ms[i], hs[i], 8, b[i], s[i], precision=W8)

    per_config = median_time(loop, 3)[0] / n_loop
    loop_1e6 = per_config * n
    mb_n = 100_000
    mb = median_time(lambda: roofline.max_batch(m[:mb_n], h[:mb_n], 8, s[:mb_n], 30.0, precision=W8), 3)[0]

    def claims_cold():
        for f in (ch04.t1_t2, ch04.t3, ch04.t4_t6, ch04.t7):
            f.cache_clear()
        ch04.claim_rows()

    rows_s = median_time(claims_cold, 3)[0]
    return [
        {"benchmark": "decode_step_grid", "variant": "python_loop (extrapolated to 1e6)", "median_s": loop_1e6,
         "repeats": 3, "ratio_vs_baseline": 1.0,
         "notes": f"{n_loop} configurations timed one by one, {per_config * 1e6:.1f} us each"},
        {"benchmark": "decode_step_grid", "variant": "vectorised (1e6 configurations, one call)", "median_s": vec,
         "repeats": repeats, "ratio_vs_baseline": loop_1e6 / vec,
         "notes": f"{n / vec:.3g} configurations/s (target >= 1e6)"},
        {"benchmark": "max_batch_grid", "variant": "vectorised bisection (1e5 configurations)", "median_s": mb,
         "repeats": 3, "notes": f"{mb_n / mb:.3g} configurations/s, 24 bisection steps each"},
        {"benchmark": "claims_ch04", "variant": "claim_rows T1-T8, cold result caches", "median_s": rows_s,
         "repeats": 3, "notes": "target < 1 s"},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
