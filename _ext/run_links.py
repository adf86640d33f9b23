"""Sphinx extension for ``make run`` pages: references to other pages of the book link to the book.

A rerun renders one chapter on its own, so ``{doc}`` and ``{ref}`` targets in other
chapters are missing from that small build. This resolves them to the book's own
HTML pages (``run_links_book_html``, normally ``_build/html``) with relative links, so
a run page works offline beside the built book. Labels are read from the chapters'
``(label)=`` lines; nothing is fetched.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path

from docutils import nodes

ROOT = Path(__file__).resolve().parents[1]
_LABEL = re.compile(r"^\(([A-Za-z0-9_.:-]+)\)=\s*$", re.M)


@cache
def _labels() -> dict[str, str]:
    out = {}
    for nb in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                for label in _LABEL.findall("".join(cell["source"])):
                    out[label.lower()] = f"chapters/{nb.stem}"
    return out


def _resolve(app, env, node, contnode):
    book = Path(app.config.run_links_book_html)
    here = Path(app.outdir) / (os.path.dirname(node.get("refdoc", "")) or ".")
    target = node.get("reftarget", "")
    if node.get("reftype") == "doc":
        doc = os.path.normpath(os.path.join(os.path.dirname(node.get("refdoc", "")), target))
        anchor = ""
    elif node.get("reftype") in ("ref", "myst"):
        doc = _labels().get(target.lower())
        anchor = "#" + target.lower()
        if doc is None:
            return None
    else:
        return None
    uri = os.path.relpath(book / f"{doc}.html", here) + anchor
    ref = nodes.reference("", "", internal=False, refuri=uri)
    ref += contnode
    return ref


def setup(app):
    app.add_config_value("run_links_book_html", "", "env")
    app.connect("missing-reference", _resolve)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
