"""``make run`` against the bare papermill run of the same chapter, side by side.

For each chapter, alternating in one loop: (a) ``papermill`` alone executing the chapter
with one changed parameter (its own process, as a reader would type it), (a') the same
with papermill's ``--no-request-save-on-cell-execute`` (one write at the end instead of two
per cell, which is how ``make run`` calls papermill), and (b) ``make run``'s driver (``python -m llmscale.rerun``) with the same parameter, which also checks the
parameters, writes the "This run" summary and renders the page with the book's
configuration. Target (issue "Rerun, first class"): (b) / (a) <= 1.5 for every chapter.
Also timed: a rejected parameter (a typo), target under 2 s, before any kernel starts.

``BENCH_RERUN_CHAPTERS=00,04`` limits the chapters; ``BENCH_RERUN_REPEATS`` sets repeats (3).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: one changed parameter per chapter (a reader's typical first question)
CHANGE = {"00": ["-p", "hardware", "H200"], "01": ["-p", "compute_flop", "1e25"],
          "02": ["-p", "usd_per_gpu_hour", "3.0"], "03": ["-p", "mfu", "0.4"],
          "04": ["-p", "hardware", "H200"], "05": ["-p", "n_votes", "8"], "06": ["-p", "hardware", "H200"]}


def _time(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if res.returncode not in (0, 2):
        raise RuntimeError(f"{cmd} failed: {res.stderr[-1000:]}")
    return dt


def run() -> list[dict]:
    chapters = os.environ.get("BENCH_RERUN_CHAPTERS", ",".join(CHANGE)).split(",")
    repeats = int(os.environ.get("BENCH_RERUN_REPEATS", "3"))
    rows = []
    tmp = Path(tempfile.mkdtemp())
    try:
        for ch in chapters:
            nb = next((ROOT / "chapters").glob(f"{ch}_*.ipynb"))
            pm = [sys.executable, "-m", "papermill", str(nb), str(tmp / "out.ipynb"), "--cwd", "chapters",
                  "--no-progress-bar", "--log-level", "WARNING", *CHANGE[ch]]
            pm_once = [*pm, "--no-request-save-on-cell-execute"]
            mr = [sys.executable, "-m", "llmscale.rerun", ch, *CHANGE[ch]]
            a, a1, b = [], [], []
            for _ in range(repeats):
                a.append(_time(pm))
                a1.append(_time(pm_once))
                b.append(_time(mr))
            ma, ma1, mb = statistics.median(a), statistics.median(a1), statistics.median(b)
            rows.append({"benchmark": f"rerun chapter {ch}", "variant": "papermill alone (baseline)",
                         "median_s": ma, "repeats": repeats})
            rows.append({"benchmark": f"rerun chapter {ch}", "variant": "papermill, one write at the end",
                         "median_s": ma1, "repeats": repeats, "ratio_vs_baseline": ma1 / ma,
                         "notes": "--no-request-save-on-cell-execute, as make run executes"})
            rows.append({"benchmark": f"rerun chapter {ch}", "variant": "make run: check + execute + summary + page",
                         "median_s": mb, "repeats": repeats, "ratio_vs_baseline": mb / ma,
                         "notes": "target: ratio <= 1.5"})
        rej = [_time([sys.executable, "-m", "llmscale.rerun", "04", "-p", "hardwre", "H200"]) for _ in range(5)]
        rows.append({"benchmark": "rerun: rejected parameter", "variant": "typo 'hardwre', exit 2, no kernel",
                     "median_s": statistics.median(rej), "repeats": 5, "notes": "target: under 2 s"})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows
