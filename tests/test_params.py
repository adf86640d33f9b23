"""Parameter validation: the validator every chapter's first code cell calls."""


import pytest

from llmscale import nbtools, params


def test_valid_values_are_normalised():
    out = params.validate("00", hardware="h200", kv_precision="FP8", model="deepseek-v3")
    assert out == {"hardware": "H200", "kv_precision": "fp8", "model": "DeepSeek-V3"}


BAD_00 = [
    # (parameter, bad value, fragment the message must contain)
    ("hardware", "H1000", "It is not catalogued: add a row to data/hardware.csv"),
    ("hardware", 100, "expected a name"),
    ("kv_precision", "fp9", "Did you mean 'fp8'"),
    ("kv_precision", 2.0, "expected a name"),
    ("kv_precision", True, "expected a name"),
    ("model", "Llama 3.1 406B", "Did you mean 'Llama 3.1 405B'"),
]


@pytest.mark.parametrize("name, value, fragment", BAD_00)
def test_chapter_00_rejects(name, value, fragment):
    good = {"hardware": "H100 SXM", "kv_precision": "bf16", "model": "Llama 3.1 405B"}
    good[name] = value
    with pytest.raises(ValueError) as e:
        params.validate("00", **good)
    msg = str(e.value)
    assert f"parameter {name!r}" in msg
    assert repr(value) in msg
    assert "allowed:" in msg
    assert fragment in msg


def test_unknown_and_missing_parameter_names():
    with pytest.raises(ValueError, match="unknown parameter 'hardwre'.*Did you mean 'hardware'"):
        params.validate("00", hardwre="H100 SXM", kv_precision="bf16", model="GPT-3 175B")
    with pytest.raises(ValueError, match=r"not given"):
        params.validate("00", hardware="H100 SXM")
    with pytest.raises(ValueError, match="chapter='0'"):
        params.validate("0")


def test_list_and_int_kinds():
    p = params.Param("seq_lens", "int_list", lo=1)
    assert params.check(p, [775, 7661]) == [775, 7661]
    with pytest.raises(ValueError, match=r"parameter 'seq_lens'.*element 1"):
        params.check(p, [775, 0])
    with pytest.raises(ValueError, match="expected a list"):
        params.check(p, "775")
    q = params.Param("n", "int", lo=1)
    with pytest.raises(ValueError, match="whole number"):
        params.check(q, 2.5)
    assert params.check(q, 3.0) == 3


def test_every_spec_matches_its_notebook():
    """A chapter's parameters cell and its params.SPECS entry list the same names (no drift)."""
    for nb in sorted(nbtools.CHAPTERS.glob("[0-9][0-9]_*.ipynb")):
        chapter = nb.stem[:2]
        in_nb = [p["name"] for p in nbtools.parameters_of(nb)]
        in_spec = [p.name for p in params.spec(chapter)]
        assert sorted(in_nb) == sorted(in_spec), nb.name
        for p in nbtools.parameters_of(nb):
            assert p["help"], f"{nb.name}: parameter {p['name']} has no '# help' comment"
            assert p["type"] != "None", f"{nb.name}: parameter {p['name']} has no type annotation"
