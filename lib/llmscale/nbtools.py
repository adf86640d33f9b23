"""The notebook pipeline: execute chapters in place, strip volatile metadata, inspect parameters.

Used by the Makefile (``make book``, ``make run``) and by the tests::

    python -m llmscale.nbtools execute chapters/00_numbers.ipynb
    python -m llmscale.nbtools run 00 -p hardware H200
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ROOT / "chapters"


def strip(nb) -> None:
    """Remove papermill's and nbclient's per-run metadata (timestamps, durations) in place."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.get("cell_type") == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)


def execute(path: str | Path, output: str | Path | None = None, parameters: dict | None = None) -> Path:
    """Execute a notebook with papermill (kernel cwd = ``chapters/``), strip metadata, write it.

    In place when ``output`` is None. Raises papermill's error when a cell fails.
    """
    import nbformat
    import papermill as pm

    path = Path(path).resolve()
    out = Path(output).resolve() if output else path
    try:
        pm.execute_notebook(str(path), str(out), parameters=parameters or {}, cwd=str(CHAPTERS),
                            progress_bar=False, log_output=False, kernel_name="python3")
    finally:
        if out.exists():
            nb = nbformat.read(out, as_version=4)
            strip(nb)
            nbformat.write(nb, out)
    return out


def glue_all(prefix: str, values: dict) -> None:
    """Glue every entry of ``values`` (name -> already formatted text) as ``{prefix}_{name}``.

    One call per computed result instead of one ``glue(...)`` line per number; the
    prose reads them with ``{glue:text}`prefix_name```. Values are stored without
    display, as myst-nb's ``glue(..., display=False)`` does.
    """
    from myst_nb import glue

    for name, value in values.items():
        glue(f"{prefix}_{name}", value, display=False)


def chapter_path(chapter: str) -> Path:
    """The notebook of chapter ``chapter`` (``"00"``, ``"01"``, ... or a stem)."""
    hits = sorted(CHAPTERS.glob(f"{chapter}*.ipynb"))
    if len(hits) != 1:
        names = sorted(p.stem for p in CHAPTERS.glob("*.ipynb"))
        raise ValueError(f"CHAPTER={chapter!r} matches {len(hits)} notebooks; allowed: {names}")
    return hits[0]


def parameters_of(path: str | Path) -> list[dict]:
    """Name, type, default and help of a notebook's ``parameters`` cell (papermill's inspection)."""
    import papermill as pm

    info = pm.inspect_notebook(str(path))
    return [{"name": k, "type": v["inferred_type_name"], "default": v["default"], "help": v["help"]}
            for k, v in info.items()]


def _slug(args: list[str]) -> str:
    s = "-".join(args)
    s = re.sub(r"[^A-Za-z0-9.]+", "-", s).strip("-")
    return s[:80] or "defaults"


def run(chapter: str, papermill_args: list[str]) -> tuple[Path, Path]:
    """``make run``: execute a chapter with parameters into ``_build/runs/`` and export HTML."""
    import subprocess

    src = chapter_path(chapter)
    outdir = ROOT / "_build" / "runs"
    outdir.mkdir(parents=True, exist_ok=True)
    stem = f"{src.stem}--{_slug([a for a in papermill_args if a not in ('-p', '-r', '-y', '-f')])}"
    nb_out = outdir / f"{stem}.ipynb"
    cmd = [sys.executable, "-m", "papermill", str(src), str(nb_out), "--cwd", str(CHAPTERS),
           "--no-progress-bar", "--log-level", "WARNING", *papermill_args]
    res = subprocess.run(cmd)
    if res.returncode != 0:
        raise SystemExit(res.returncode)
    import nbformat

    nb = nbformat.read(nb_out, as_version=4)
    strip(nb)
    nbformat.write(nb, nb_out)
    # glue records have no HTML form and nbconvert does not read myst-nb's alt text: quiet both notices
    res = subprocess.run([sys.executable, "-W", "ignore::UserWarning", "-m", "nbconvert", "--to", "html",
                          "--log-level", "ERROR", str(nb_out)])
    if res.returncode != 0:
        raise SystemExit(res.returncode)
    return nb_out, nb_out.with_suffix(".html")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m llmscale.nbtools")
    sub = parser.add_subparsers(dest="cmd", required=True)
    ex = sub.add_parser("execute", help="execute notebooks in place with their defaults")
    ex.add_argument("paths", nargs="+")
    rn = sub.add_parser("run", help="execute a chapter with parameters into _build/runs/")
    rn.add_argument("chapter")
    rn.add_argument("papermill_args", nargs=argparse.REMAINDER)
    ps = sub.add_parser("params", help="print a chapter's parameters")
    ps.add_argument("chapter")
    a = parser.parse_args(argv)
    if a.cmd == "execute":
        for p in a.paths:
            execute(p)
            print(f"executed {p}")
    elif a.cmd == "run":
        try:
            nb, html = run(a.chapter, a.papermill_args)
        except ValueError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        print(f"notebook: {nb.relative_to(ROOT)}")
        print(f"html:     {html.relative_to(ROOT)}")
    else:
        for p in parameters_of(chapter_path(a.chapter)):
            print(f"{p['name']}: {p['type']} = {p['default']}  # {p['help']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
