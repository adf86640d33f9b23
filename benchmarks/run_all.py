"""Run every benchmarks/bench_*.py and print one table (``make bench``).

Usage: ``python benchmarks/run_all.py [name ...]`` where each name selects modules whose
file name contains it (default: all).
"""

from __future__ import annotations

import importlib.util
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(HERE))
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str]) -> int:
    files = sorted(HERE.glob("bench_*.py"))
    if argv:
        files = [f for f in files if any(a in f.stem for a in argv)]
    rows = []
    for f in files:
        t0 = time.perf_counter()
        mod = _load(f)
        for r in mod.run():
            rows.append({"module": f.stem, **r})
        print(f"# {f.stem}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    print(f"# {platform.node()} · {platform.processor() or platform.machine()} · Python {platform.python_version()}")
    header = f"| {'benchmark':<34} | {'variant':<58} | {'median':>10} | {'n':>3} | {'ratio':>8} |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for r in rows:
        ratio = r.get("ratio_vs_baseline")
        ratio_s = f"{ratio:,.1f}x" if isinstance(ratio, (int, float)) else ""
        med = r["median_s"]
        med_s = f"{med:.3f} s" if med >= 0.01 else f"{med * 1e3:.2f} ms"
        print(f"| {r['benchmark']:<34} | {r['variant'][:58]:<58} | {med_s:>10} | {r.get('repeats', ''):>3} | {ratio_s:>8} |")
        if r.get("notes"):
            print(f"|   {'':<32} |   {r['notes'][:56]:<56} | {'':>10} | {'':>3} | {'':>8} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
