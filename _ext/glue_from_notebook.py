"""Sphinx extension: let a Markdown page show a value glued in another notebook.

myst-nb's ``{glue}`` roles only see the current document's glue data. The landing page
(``intro.md``) shows the "Key findings" that the claims-ledger appendix computes, so this
extension replaces a marker line

    <!-- glue-from: chapters/appendix_claims_ledger.ipynb::led_key_findings -->

with the ``text/markdown`` (or ``text/plain``) output glued under that key in the committed,
nbval-validated notebook. Nothing is recomputed at build time: the page shows exactly the
notebook's stored output. A missing notebook or key is a build error.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.errors import ExtensionError

MARKER = re.compile(r"^<!-- glue-from: (?P<path>[^:]+?)::(?P<key>\w+) -->$", re.M)
MIME = "application/papermill.record/"


def _glued(srcdir: Path, path: str, key: str) -> str:
    nb_path = srcdir / path
    if not nb_path.exists():
        raise ExtensionError(f"glue-from: notebook {path!r} not found")
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if out.get("metadata", {}).get("scrapbook", {}).get("name") != key:
                continue
            data = out.get("data", {})
            for mime in ("text/markdown", "text/plain"):
                if MIME + mime in data:
                    text = data[MIME + mime]
                    return "".join(text) if isinstance(text, list) else text
    raise ExtensionError(f"glue-from: no key {key!r} glued in {path!r}")


def _source_read(app, docname, source):
    srcdir = Path(app.srcdir)
    source[0] = MARKER.sub(lambda m: _glued(srcdir, m["path"], m["key"]), source[0])


def setup(app):
    app.connect("source-read", _source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
