"""Every scenario YAML runs through papermill; bad parameters fail fast and change nothing."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

CHAPTERS = ROOT / "chapters"
SCENARIOS = sorted((ROOT / "scenarios").glob("*/*.yaml"))


def _chapter_nb(chapter: str) -> Path:
    hits = sorted(CHAPTERS.glob(f"{chapter}_*.ipynb"))
    assert len(hits) == 1, f"scenarios/{chapter} has no single chapter notebook: {hits}"
    return hits[0]


def _papermill(nb: Path, out: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """The reader's papermill command; the notebook is written once at the end rather than after
    every cell (``--no-request-save-on-cell-execute``, as ``make book`` and ``make run`` do), which
    changes nothing but the time: 10-25 % of a chapter's run."""
    cmd = [sys.executable, "-m", "papermill", str(nb), str(out), "--cwd", str(CHAPTERS), "--no-progress-bar",
           "--log-level", "WARNING", "--no-request-save-on-cell-execute", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def _tree_digest(*dirs: Path) -> str:
    h = hashlib.sha256()
    for d in dirs:
        for p in sorted(d.rglob("*")):
            if p.is_file() and ".ipynb_checkpoints" not in p.parts:
                h.update(str(p.relative_to(ROOT)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def test_scenarios_exist_for_every_chapter():
    for nb in sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb")):
        assert list((ROOT / "scenarios" / nb.stem[:2]).glob("*.yaml")), f"no scenario for {nb.name}"


def _run_scenario(scenario: Path, tmp_path: Path) -> None:
    nb = _chapter_nb(scenario.parent.name)
    values = yaml.safe_load(scenario.read_text())
    assert isinstance(values, dict) and values, f"{scenario} must map parameter names to values"
    from llmscale import params

    names = {p.name for p in params.spec(scenario.parent.name)}
    assert set(values) <= names, f"{scenario}: unknown parameters {set(values) - names}"
    out = tmp_path / "out.ipynb"
    res = _papermill(nb, out, "-f", str(scenario))
    assert res.returncode == 0, res.stderr[-3000:]
    import nbformat

    result = nbformat.read(out, as_version=4)
    injected = [c for c in result.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected, "papermill injected no parameters"
    for cell in result.cells:
        for o in cell.get("outputs", []):
            assert o.get("output_type") != "error", o
            assert o.get("name") != "stderr", f"{scenario}: stderr output: {o.get('text', '')[:500]}"


def _chapter_class(chapter: str, paths: list[Path]):
    """One test class per chapter, so that pytest-xdist (``--dist loadscope``) spreads the scenarios over workers."""

    class _Scenarios:
        @pytest.mark.parametrize("scenario", paths, ids=[p.stem for p in paths])
        def test_scenario_runs(self, scenario, tmp_path):
            _run_scenario(scenario, tmp_path)

    _Scenarios.__name__ = _Scenarios.__qualname__ = f"TestScenariosOfChapter{chapter}"
    return _Scenarios


for _chapter in sorted({p.parent.name for p in SCENARIOS}):
    _cls = _chapter_class(_chapter, [p for p in SCENARIOS if p.parent.name == _chapter])
    globals()[_cls.__name__] = _cls


def test_bad_hardware_fails_fast_and_changes_nothing(tmp_path):
    """`-p hardware H1000`: papermill exits non-zero, names the parameter and the choices; nothing changes."""
    before = _tree_digest(CHAPTERS, ROOT / "data")
    res = _papermill(_chapter_nb("00"), tmp_path / "out.ipynb", "-p", "hardware", "H1000", timeout=120)
    assert res.returncode != 0
    text = res.stdout + res.stderr
    assert "parameter 'hardware'" in text
    assert "'H1000'" in text
    assert "'H100 SXM'" in text and "'H200'" in text  # the valid choices are listed
    assert _tree_digest(CHAPTERS, ROOT / "data") == before
