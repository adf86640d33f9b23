"""``make run``: checks before any kernel, short errors, nothing left behind, a rendered page."""

import json
import os
import subprocess
import sys

import pytest

from llmscale import rerun

ROOT = rerun.ROOT


def _run(*args, timeout=300, runs_dir=None):
    env = dict(os.environ, LLMSCALE_RUNS_DIR=str(runs_dir)) if runs_dir else None
    return subprocess.run([sys.executable, "-m", "llmscale.rerun", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env=env)


@pytest.mark.parametrize("args, fragment", [
    (["00", "-p", "hardwre", "H200"], "chapter 00 has no parameter 'hardwre'. Did you mean 'hardware'?"),
    (["04", "-p", "gpu", "H200"], "chapter 04 has no parameter 'gpu'"),
    (["04", "-p", "seq_lens", "[1000, 128000]"], "hint: a list goes in with -y"),
    (["04", "-p", "n_gpus", "0"], "parameter 'n_gpus': got 0"),
    (["04", "-p", "hardware", "H1000"], "parameter 'hardware': got 'H1000'"),
    (["4x"], "CHAPTER='4x' is not a chapter"),
    (["04", "-p", "model"], "-p needs a name and a value"),
])
def test_rejected_runs_print_one_or_two_lines_and_leave_nothing(args, fragment, tmp_path):
    runs = tmp_path / "runs"   # this check's own runs folder: other tests' runs cannot disturb it
    res = _run(*args, timeout=60, runs_dir=runs)
    assert res.returncode == 2
    assert res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 2, res.stderr
    assert lines[0].startswith("error: ")
    assert fragment in res.stderr
    assert "Traceback" not in res.stderr
    assert not runs.exists() or not any(runs.iterdir())


def test_debug_shows_the_traceback():
    res = _run("00", "--debug", "-p", "hardwre", "H200", timeout=60)
    assert res.returncode != 0 and "Traceback" in res.stderr


def test_papermill_value_typing():
    assert rerun.resolve_value("8") == 8 and isinstance(rerun.resolve_value("8"), int)
    assert rerun.resolve_value("0.5") == 0.5
    assert rerun.resolve_value("True") is True and rerun.resolve_value("None") is None
    assert rerun.resolve_value("H200") == "H200"
    given, via_p = rerun.parse_args(["-p", "n_gpus", "4", "-y", "seq_lens: [1000, 128000]", "-r", "model", "8"])
    assert given == {"n_gpus": 4, "seq_lens": [1000, 128000], "model": "8"} and via_p == {"n_gpus"}


def test_defaults_are_read_without_a_kernel():
    d = rerun.notebook_defaults(rerun.chapter_path("04"))
    assert d["n_gpus"] == 8 and d["seq_lens"] == [775, 7661]


def test_summary_lists_changed_parameters_and_key_numbers():
    book = json.loads(rerun.chapter_path("00").read_text())
    keys = rerun.key_names(book)
    assert keys, "chapter 00's Key results box cites glued numbers"
    run = json.loads(json.dumps(book))
    text = rerun.summary_markdown("00", {"hardware": "H200"}, {"hardware": "H100 SXM"}, run, book)
    assert "`hardware` = `'H200'` (book: `'H100 SXM'`)" in text
    assert all(f"`{k}`" in text for k in keys)
    # each key number says what it is: its words in the Key results box, the number as ■
    assert "| Its KV cache at BF16 costs ■ per token (`c00_kv405`) |" in text
    assert rerun.key_labels(book)["c00_c405_ratio"] == "■ of it"
    assert set(rerun.key_labels(book)) >= set(keys)


def test_a_scenario_runs_end_to_end_and_renders_offline(tmp_path):
    res = _run("--scenario", "scenarios/04/llama70b_h200.yaml")
    assert res.returncode == 0, res.stderr[-3000:]
    page = ROOT / res.stdout.split("page:")[1].strip()
    html = page.read_text(encoding="utf-8")
    assert "This run" in html and "Llama 3.1 70B" in html
    assert "{glue:text}" not in html and "{admonition}" not in html and "{cite}" not in html
    assert "cdn." not in html and "require.js" not in html
    assert "mathjax/startup.js" in html


def test_the_two_half_render_equals_a_plain_jupyter_book_build(tmp_path):
    """``Renderer`` starts Sphinx while the kernel runs and builds afterwards; its pages must be
    byte-identical to ``jupyter-book build`` of the same source folder (``.buildinfo`` aside,
    whose config hash differs between two Sphinx applications in one process)."""
    import contextlib
    import filecmp
    import io
    import shutil

    from jupyter_book.cli.main import build

    nb = rerun.chapter_path("00")
    a, b = tmp_path / "two_halves", tmp_path / "plain"
    a.mkdir()
    shutil.copy(nb, a / nb.name)
    renderer = rerun.Renderer([nb.stem], a).start()
    page = renderer.finish([a / nb.name])
    log = io.StringIO()
    with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log), pytest.raises(SystemExit) as done:
        build.main([str(a / "src"), "--path-output", str(b), "-q", "--keep-going"])
    assert done.value.code in (0, None), log.getvalue()[-2000:]
    ha, hb = a / "_build" / "html", b / "_build" / "html"
    files_a = {p.relative_to(ha) for p in ha.rglob("*") if p.is_file()}
    files_b = {p.relative_to(hb) for p in hb.rglob("*") if p.is_file()}
    assert files_a == files_b
    assert page.relative_to(ha).as_posix() == f"chapters/{nb.stem}.html"
    differ = [str(f) for f in sorted(files_a) if f.name != ".buildinfo"
              and not filecmp.cmp(ha / f, hb / f, shallow=False)]
    assert differ == []


def test_a_renderer_cancelled_before_its_notebooks_builds_nothing(tmp_path):
    renderer = rerun.Renderer(["00_numbers"], tmp_path).start()
    renderer.cancel()
    assert not (tmp_path / "_build" / "html" / "chapters").exists()
    with pytest.raises(rerun.RunError, match="rendering failed"):
        renderer.finish([])


def test_run_names_keep_the_sign_of_an_exponent():
    assert rerun.slug({"compute_flop": 1e25}) == "compute_flop-1e25"
    assert rerun.slug({"compute_flop": 1e-3}) == "compute_flop-0.001"
    assert rerun.slug({"inference_tokens": 2.5e13, "hardware": "H200 SXM"}) == "inference_tokens-25000000000000.0-hardware-H200-SXM"
    assert rerun.slug({}) == "defaults"
