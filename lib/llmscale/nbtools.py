"""The notebook pipeline: execute chapters in place, strip volatile metadata, inspect parameters.

Used by the Makefile (``make book``, ``make run``) and by the tests::

    python -m llmscale.nbtools execute chapters/00_numbers.ipynb
    python -m llmscale.nbtools params 04

``make run`` is :mod:`llmscale.rerun`.
"""

from __future__ import annotations

import argparse
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
                            progress_bar=False, log_output=False, kernel_name="python3",
                            request_save_on_cell_execute=False)  # one write at the end, not two per cell
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
    """The notebook of chapter ``chapter`` (``"00"``, ``"04"``, or a notebook stem); appendices are not chapters."""
    chapter = str(chapter).strip()
    hits = sorted(CHAPTERS.glob(f"{chapter}*.ipynb")) if chapter else []
    if len(hits) != 1 or not hits[0].stem[:2].isdigit():
        numbered = sorted(p.stem[:2] for p in CHAPTERS.glob("[0-9][0-9]_*.ipynb"))
        raise ValueError(f"CHAPTER={chapter!r} is not a chapter; allowed: {', '.join(numbered)}")
    return hits[0]


def parameters_of(path: str | Path) -> list[dict]:
    """Name, type, default and help of a notebook's ``parameters`` cell (papermill's inspection)."""
    import papermill as pm

    info = pm.inspect_notebook(str(path))
    return [{"name": k, "type": v["inferred_type_name"], "default": v["default"], "help": v["help"]}
            for k, v in info.items()]


def parameter_table(notebooks):
    """One row per parameter NAME across chapters: where it is used, its type, defaults, allowed values, help.

    Built from papermill's own inspection of each ``parameters`` cell (the help comments) and
    from :data:`llmscale.params.SPECS` (what is allowed), so it cannot drift from the chapters.
    The same concept has the same name in every chapter, so a name used by several chapters
    is one row.
    """
    import pandas as pd

    from . import params

    rows: dict[str, dict] = {}
    for nb in notebooks:
        chapter = Path(nb).stem[:2]
        spec = {p.name: p for p in params.spec(chapter)}
        for p in parameters_of(nb):
            r = rows.setdefault(p["name"], {"parameter": p["name"], "chapters": [], "type": p["type"],
                                            "defaults": [], "allowed": "", "help": p["help"]})
            r["chapters"].append(chapter)
            r["defaults"].append(f"{chapter}: {p['default']}")
            sp = spec.get(p["name"])
            if sp is not None and not r["allowed"]:
                if sp.kind in ("hardware", "model"):
                    table = "hardware" if sp.kind == "hardware" else "models"
                    r["allowed"] = f"a name or alias in data/{table}.csv"
                else:
                    r["allowed"] = sp.allowed()
    out = pd.DataFrame(rows.values())
    if out.empty:
        return out
    out["chapters"] = out["chapters"].map(", ".join)
    out["defaults"] = out["defaults"].map("; ".join)
    return out.sort_values(["parameter"]).reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m llmscale.nbtools")
    sub = parser.add_subparsers(dest="cmd", required=True)
    ex = sub.add_parser("execute", help="execute notebooks in place with their defaults")
    ex.add_argument("paths", nargs="+")
    ps = sub.add_parser("params", help="print a chapter's parameters")
    ps.add_argument("chapter")
    a = parser.parse_args(argv)
    if a.cmd == "execute":
        for p in a.paths:
            execute(p)
            print(f"executed {p}")
    else:
        for p in parameters_of(chapter_path(a.chapter)):
            print(f"{p['name']}: {p['type']} = {p['default']}  # {p['help']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
