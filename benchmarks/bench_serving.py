"""Speed of serving.max_throughput: one vectorised call over a million configurations vs a Python loop.

The grid draws (model, hardware, GPUs, prompt and output lengths, precision) at random from 4
models (one MoE) x 4 accelerators x 1-8 GPUs x lengths 16-32,768 tokens (seeded), with the
fitted efficiencies of each chip. Names travel as ``pandas.Categorical`` (coded once). The baseline evaluates the same function one configuration at
a time on a sample and is extrapolated to 1e6. Target: at least 1e6 configurations per second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _timing import median_time

from llmscale import serving
from llmscale.serving_options import Efficiency, Precision

MODELS = np.array(["Llama 3.1 405B", "Llama 3.1 70B", "Llama 3.1 8B", "DeepSeek-V3"], dtype=object)
HARDWARE = np.array(["H100 SXM", "H200", "B200", "A100 SXM 80GB"], dtype=object)


def _grid(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    hi = rng.integers(0, len(HARDWARE), n)
    m = pd.Categorical(MODELS[rng.integers(0, len(MODELS), n)])     # names, coded once (as a grid would be)
    h = pd.Categorical(HARDWARE[hi])
    g = rng.integers(1, 9, n).astype(float)
    i = np.round(np.exp(rng.uniform(np.log(16), np.log(32768), n)))
    o = np.round(np.exp(rng.uniform(np.log(16), np.log(32768), n)))
    fp8 = hi != 3                                    # the A100 has no FP8 tensor cores
    pr = Precision(np.where(fp8, 1.0, 2.0), np.where(fp8, 1.0, 2.0), np.where(fp8, "fp8", "bf16"))
    effs = [serving.fitted_efficiency(x, "fp8" if k != 3 else "bf16") for k, x in enumerate(HARDWARE)]
    eff = Efficiency(np.array([e.bandwidth for e in effs])[hi], np.array([e.mfu for e in effs])[hi])
    return m, h, g, i, o, pr, eff


def run(n: int = 1_000_000, n_loop: int = 1_000, repeats: int = 3) -> list[dict]:
    m, h, g, i, o, pr, eff = _grid(n)
    vec = median_time(lambda: serving.max_throughput(m, h, g, i, o, precision=pr, efficiency=eff), repeats)[0]
    sample = [(str(m[k]), str(h[k]), g[k], i[k], o[k],
               Precision(float(pr.weight_bytes_per_element[k]), float(pr.kv_bytes_per_element[k]),
                         str(pr.flop_precision[k])),
               Efficiency(float(eff.bandwidth[k]), float(eff.mfu[k]))) for k in range(n_loop)]

    def loop():
        for a, b, c, d, e, p, f in sample:
            serving.max_throughput(a, b, c, d, e, precision=p, efficiency=f)

    per = median_time(loop, 3)[0] / n_loop
    return [
        {"benchmark": "max_throughput_grid", "variant": "python_loop (extrapolated to 1e6)", "median_s": per * n,
         "repeats": 3, "ratio_vs_baseline": 1.0, "notes": f"{n_loop} configurations one by one, {per * 1e6:.0f} us each"},
        {"benchmark": "max_throughput_grid", "variant": "vectorised (1e6 configurations, one call)", "median_s": vec,
         "repeats": repeats, "ratio_vs_baseline": per * n / vec,
         "notes": f"{n / vec:.3g} configurations/s (target >= 1e6)"},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
