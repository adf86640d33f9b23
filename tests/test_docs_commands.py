"""Every shell command the README and the chapters' "What if?" sections show still works.

``make run`` commands are run exactly as printed, with ``CHECK=1`` appended: the parameters
are checked as a real run checks them (names, values, catalogue) without starting a kernel,
so a renamed parameter or a value the chapter no longer accepts fails here. Scenario files
named in the docs must exist; ``papermill --help-notebook`` commands run as printed. The
whole-book commands (``make book``, ``make test``, ...) are what CI runs: listed, not rerun.
"""

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WHOLE_BOOK = {"make book", "make test", "make bench", "make lock", "make singlehtml", "make clean", "make help",
              "make html", "make execute", "make venv", "make lint", "make vendor-mathjax", "make vendor-fontawesome"}


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    cmds = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line and not line.startswith("#"):
                cmds.append(line)
    cmds += re.findall(r"`((?:make run (?:CHAPTER|SCENARIO)=|\.venv/bin/papermill )[^`]*)`", text)
    return cmds


def _what_if_commands() -> list[tuple[str, str]]:
    out = []
    for nb in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                src = "".join(cell["source"])
                out += [(nb.stem[:2], c) for c in re.findall(r"`(make run [^`]*)`", src)]
                for block in re.findall(r"```(?:bash|shell)?\n(.*?)```", src, flags=re.S):
                    out += [(nb.stem[:2], ln.strip()) for ln in block.splitlines() if ln.strip().startswith("make run")]
    return out


COMMANDS = sorted(set(_readme_commands())) + sorted({c for _, c in _what_if_commands()})


def test_the_docs_show_commands():
    assert any(c.startswith("make run") for c in _readme_commands())
    chapters = {ch for ch, _ in _what_if_commands()}
    assert chapters >= {"00", "01", "02", "03", "04", "05"}, f"chapters without a What-if command: {chapters}"


@pytest.mark.parametrize("cmd", COMMANDS)
def test_documented_command_works(cmd):
    if cmd in WHOLE_BOOK or cmd.split(" CHAPTER")[0] in WHOLE_BOOK and not cmd.startswith("make run"):
        pytest.skip("a whole-book command: CI runs it")
    if cmd.startswith("make run") and "<" in cmd:
        # a placeholder the reader fills in (``-p points_csv <path/to/file.csv>``): check the rest,
        # and that the placeholder's parameter exists in the chapter
        name = re.search(r"-p (\w+) <[^>]+>", cmd).group(1)
        chapter = re.search(r"CHAPTER=(\d\d)", cmd).group(1)
        from llmscale import params

        assert name in {p.name for p in params.spec(chapter)}, f"{cmd}: chapter {chapter} has no {name!r}"
        cmd = re.sub(r"\s*-p \w+ <[^>]+>", "", cmd)
    if cmd.startswith("make run"):
        scen = re.search(r"SCENARIO=(\S+)", cmd)
        if scen:
            assert (ROOT / scen.group(1)).is_file(), f"{cmd}: no such scenario"
        import os

        env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}  # as a reader types it
        res = subprocess.run(["bash", "-c", cmd + " CHECK=1"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                             env=env)
        assert res.returncode == 0, f"{cmd}\n{res.stdout}{res.stderr}"
        assert any(line.startswith("ok: ") for line in res.stdout.splitlines()), res.stdout
    elif cmd.startswith(".venv/bin/papermill --help-notebook"):
        res = subprocess.run(shlex.split(cmd), cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert res.returncode == 0 and "Parameters inferred" in res.stdout, res.stdout + res.stderr
    elif cmd in WHOLE_BOOK:
        pytest.skip("a whole-book command: CI runs it")
    else:
        pytest.fail(f"the docs show a command this test does not know how to check: {cmd!r}")
