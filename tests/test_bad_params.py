"""Table-driven bad input for every chapter and every parameter (issue: reliability).

For each chapter notebook, the defaults of its `parameters` cell (read by papermill's own
inspection) must validate; then each parameter in turn gets a wrong type, an out-of-range
value, an unknown name, a negative count and NaN, whichever apply to its kind. Each must be
rejected by the same validator the notebook's first code cell calls, with a message that
names the parameter, the value and what is allowed. That every chapter's kernel calls it
first is checked on the notebooks' source; two chapters also run a bad case end to end
through papermill.
"""

from __future__ import annotations

import ast
import functools
import math
import subprocess
import sys

import pytest

from llmscale import nbtools, params
from tests.conftest import ROOT

NOTEBOOKS = sorted(nbtools.CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


@functools.cache
def _inspected(nb) -> tuple:
    return tuple((p["name"], p["default"]) for p in nbtools.parameters_of(nb))


def _defaults(nb) -> dict:
    return {name: ast.literal_eval(default) for name, default in _inspected(nb)}


def _bad_values(p: params.Param) -> list[tuple[str, object]]:
    cases: list[tuple[str, object]] = []
    numeric = p.kind in ("float", "int", "float_list", "int_list")
    if numeric:
        cases.append(("wrong type", "not-a-number" if p.kind in ("float", "int") else "1,2"))
        one = (lambda v: v) if p.kind in ("float", "int") else (lambda v: [v])
        cases.append(("NaN", one(math.nan)))
        if p.lo is not None:
            cases.append(("out of range (low)", one(p.lo if p.lo_open else p.lo - abs(p.lo) - 1)))
            if p.lo >= 0:
                cases.append(("negative", one(-1 if p.kind in ("int", "int_list") else -1.0)))
        if p.hi is not None:
            cases.append(("out of range (high)", one(p.hi if p.hi_open else p.hi + abs(p.hi) + 1)))
    elif p.kind in ("choice", "hardware", "model"):
        cases.append(("unknown name", "No Such Thing 9000"))
        cases.append(("wrong type", 42))
    elif p.kind == "bool":
        cases.append(("wrong type", "yes"))
    elif p.kind in ("str", "path"):
        cases.append(("wrong type", 42))
    return cases


CASES = []
for _nb in NOTEBOOKS:
    _ch = _nb.stem[:2]
    for _p in params.spec(_ch):
        for _what, _value in _bad_values(_p):
            CASES.append(pytest.param(_ch, _p.name, _value, id=f"{_ch}-{_p.name}-{_what}"))


def test_every_parameter_has_bad_cases():
    for nb in NOTEBOOKS:
        for p in params.spec(nb.stem[:2]):
            assert _bad_values(p), f"chapter {nb.stem[:2]}: parameter {p.name} ({p.kind}) has no bad-input case"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[n.stem[:2] for n in NOTEBOOKS])
def test_defaults_validate(nb):
    values = _defaults(nb)
    assert params.validate(nb.stem[:2], **values)


@pytest.mark.parametrize("chapter, name, value", CASES)
def test_bad_value_rejected(chapter, name, value):
    nb = next(n for n in NOTEBOOKS if n.stem.startswith(chapter))
    values = _defaults(nb)
    values[name] = value
    with pytest.raises(ValueError) as e:
        params.validate(chapter, **values)
    msg = str(e.value)
    assert f"parameter {name!r}" in msg, msg
    assert "allowed:" in msg, msg
    shown = repr(value)
    assert shown in msg or shown.replace("nan", "NaN") in msg or "nan" in msg, msg


def _first_numeric_or_name(chapter: str):
    for p in params.spec(chapter):
        cases = _bad_values(p)
        if cases:
            return p, cases[0][1]
    raise AssertionError(chapter)


def _setup_cell(nb) -> str:
    import json

    code = [c for c in json.loads(nb.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    i = next(k for k, c in enumerate(code) if "parameters" in c["metadata"].get("tags", []))
    return "".join(code[i + 1]["source"])


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[n.stem[:2] for n in NOTEBOOKS])
def test_the_cell_after_the_parameters_validates_them_before_anything_else(nb):
    """What makes the in-process cases above hold in the kernel: the first code cell after the
    parameters (where papermill injects the reader's values) only imports, then calls
    ``params.setup("NN", globals())`` for its own chapter, before any computation."""
    tree = ast.parse(_setup_cell(nb))
    k = next((i for i, st in enumerate(tree.body) if isinstance(st, ast.Assign) and isinstance(st.value, ast.Call)
              and ast.unparse(st.value.func) == "params.setup"), None)
    assert k is not None, f"{nb.name}: no params.setup(...) in the cell after the parameters"
    assert all(isinstance(st, (ast.Import, ast.ImportFrom)) for st in tree.body[:k]), nb.name
    call = tree.body[k].value
    assert [ast.unparse(a) for a in call.args] == [repr(nb.stem[:2]), "globals()"], ast.unparse(call)


#: end to end through papermill for two chapters (chapter 00's catalogue-name case is in test_scenarios);
#: the test above shows every chapter's kernel runs the same validator first
END_TO_END = [nb for nb in NOTEBOOKS if nb.stem[:2] in ("03", "05")]


@pytest.mark.parametrize("nb", END_TO_END, ids=[n.stem[:2] for n in END_TO_END])
def test_bad_value_end_to_end_through_papermill(nb, tmp_path):
    """A bad case for a chapter: papermill exits non-zero fast, shows the message, changes nothing."""
    chapter = nb.stem[:2]
    p, value = next(((p, v) for p in params.spec(chapter) for what, v in _bad_values(p)
                     if what in ("unknown name", "negative", "out of range (low)")), _first_numeric_or_name(chapter))
    before = {f: f.read_bytes() for d in ("chapters", "data") for f in sorted((ROOT / d).rglob("*")) if f.is_file()}
    arg = ["-p", p.name, str(value)] if not isinstance(value, str) else ["-r", p.name, value]
    res = subprocess.run([sys.executable, "-m", "papermill", str(nb), str(tmp_path / "out.ipynb"), "--cwd",
                          str(nbtools.CHAPTERS), "--no-progress-bar", *arg], capture_output=True, text=True, timeout=180)
    assert res.returncode != 0
    text = res.stdout + res.stderr
    assert f"parameter {p.name!r}" in text and "allowed:" in text, text[-2000:]
    after = {f: f.read_bytes() for d in ("chapters", "data") for f in sorted((ROOT / d).rglob("*")) if f.is_file()}
    assert after == before
