"""Determinism: re-executing a chapter as `make book` does reproduces the committed file byte for byte.

nbval already compares outputs cell by cell; this is the stronger property behind "`make book`
on a clean clone leaves `git status` clean": the whole .ipynb, metadata and SVG included, is
identical after a fresh execution. Volatile per-run metadata (papermill timestamps, nbclient
timings) is stripped by `llmscale.nbtools.strip`, the only sanitising the pipeline does.
"""

from __future__ import annotations

import difflib

import pytest

from llmscale import nbtools

NOTEBOOKS = sorted(nbtools.CHAPTERS.glob("*.ipynb"))


def _check(nb, tmp_path):
    out = nbtools.execute(nb, tmp_path / nb.name)
    committed, fresh = nb.read_text(encoding="utf-8"), out.read_text(encoding="utf-8")
    if committed != fresh:
        diff = "".join(list(difflib.unified_diff(committed.splitlines(True), fresh.splitlines(True),
                                                 "committed", "re-executed", n=1))[:60])
        pytest.fail(f"{nb.name} changed on re-execution (run `make book` and commit):\n{diff}")


def _notebook_class(nb):
    """One test class per notebook, so that pytest-xdist (``--dist loadscope``) spreads them over workers."""

    class _Determinism:
        def test_reexecution_is_byte_identical(self, tmp_path):
            _check(nb, tmp_path)

    _Determinism.__name__ = _Determinism.__qualname__ = "TestDeterminism_" + nb.stem
    return _Determinism


for _nb in NOTEBOOKS:
    _cls = _notebook_class(_nb)
    globals()[_cls.__name__] = _cls
