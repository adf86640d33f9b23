"""The execution phase of `make book` against its floor.

Floor: as many notebooks as there are chapters, each only importing the library
(`import llmscale` plus its modules and `plotting.setup()`), executed exactly as
`make book` executes chapters: `python -m llmscale.nbtools execute`, separate
processes, two at a time. Target: the chapters take under 2x the floor.

Both phases run in the same call, alternating, so machine noise hits both alike.
The chapters are executed into a temporary folder (their kernels still run in
chapters/), so the committed notebooks are not touched.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))

_FLOOR_SRC = """\
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from myst_nb import glue
import llmscale
from llmscale import catalog, claims, flops, fitting, growth, laws, memory, overtraining, params, plotting, prices, reasoning, roofline, vote_cost, voting
plotting.setup()
"""


def _execute_all(paths: list[Path], outdir: Path) -> float:
    def one(p: Path):
        code = (f"from llmscale import nbtools; nbtools.execute({str(p)!r}, {str(outdir / p.name)!r})")
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as ex:
        list(ex.map(one, paths))
    return time.perf_counter() - t0


def run(repeats: int = 3) -> list[dict]:
    tmp = Path(tempfile.mkdtemp())
    try:
        floor_nbs = []
        for i in range(len(CHAPTERS)):
            nb = nbformat.v4.new_notebook()
            nb.cells = [nbformat.v4.new_code_cell(_FLOOR_SRC)]
            nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}
            p = tmp / f"floor_{i}.ipynb"
            nbformat.write(nb, p)
            floor_nbs.append(p)
        (tmp / "out").mkdir()
        floor, chapters = [], []
        for _ in range(repeats):
            floor.append(_execute_all(floor_nbs, tmp / "out"))
            chapters.append(_execute_all(CHAPTERS, tmp / "out"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    f, c = statistics.median(floor), statistics.median(chapters)
    return [
        {"benchmark": "make_book_execution", "variant": f"floor: {len(CHAPTERS)} import-only notebooks, 2 at a time",
         "median_s": f, "repeats": repeats},
        {"benchmark": "make_book_execution", "variant": f"all {len(CHAPTERS)} chapters, 2 at a time",
         "median_s": c, "repeats": repeats, "ratio_vs_baseline": c / f,
         "notes": "ratio = chapters / floor; target < 2"},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
