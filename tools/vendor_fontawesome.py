"""Vendor a subset of Font Awesome Free (npm ``@fortawesome/fontawesome-free``) under _vendor/fontawesome.

The book's theme (pydata-sphinx-theme) loads Font Awesome's SVG framework,
``_static/scripts/fontawesome.js`` (1.5 MB), to draw about twenty icons. This script keeps the
icons as a web font instead: the core CSS and the ``::before`` rules of the icons the theme
templates use (:data:`ICONS`), and the solid font cut down to those glyphs (fontTools, WOFF).
``_vendor/_static/scripts/fontawesome.js`` is a stub that replaces the theme's script in the
built site (``html_extra_path`` is copied after the theme's static files).

Usage: ``python tools/vendor_fontawesome.py PACKAGE_DIR`` (the unpacked npm tarball's
``package/``), run by ``make vendor-fontawesome``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_vendor" / "fontawesome"
# Every fa-* icon in the templates and scripts of pydata-sphinx-theme 0.17 and sphinx-book-theme 1.3.
ICONS = ("angle-left", "angle-right", "arrow-up", "bars", "circle-half-stroke", "code", "download", "expand",
         "file", "file-lines", "file-pdf", "home", "house", "lightbulb", "list", "magnifying-glass", "moon",
         "outdent", "pencil", "pencil-alt", "play", "rocket", "sun", "xmark")


def main(package: Path) -> None:
    css = (package / "css" / "fontawesome.css").read_text(encoding="utf-8")
    head = css[:css.index(".fa-0::before")]
    tail = css[css.index(".sr-only,"):]
    rules, codes = [], set()
    for name in ICONS:
        pattern = r"\.fa-" + re.escape(name) + r"::before \{\n  content: \"\\(\w+)\"; \}"
        m = re.search(pattern, css)
        if m is None:
            raise SystemExit(f"icon fa-{name} not found in fontawesome.css")
        rules.append(f'.fa-{name}::before {{ content: "\\{m.group(1)}"; }}')
        codes.add(int(m.group(1), 16))
    solid = (package / "css" / "solid.css").read_text(encoding="utf-8")
    solid = re.sub(r"src: url\([^;]*;", 'src: url("fa-solid-900.subset.woff") format("woff");', solid)
    solid = solid[solid.index(":root"):]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "fontawesome.subset.css").write_text(
        head + "\n".join(rules) + "\n\n" + tail + "\n" + solid, encoding="utf-8")

    from fontTools import subset

    opts = subset.Options()
    opts.flavor = "woff"
    font = subset.load_font(str(package / "webfonts" / "fa-solid-900.ttf"), opts)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(codes))
    sub.subset(font)
    subset.save_font(font, str(OUT / "fa-solid-900.subset.woff"), opts)
    (OUT / "LICENSE.txt").write_bytes((package / "LICENSE.txt").read_bytes())


if __name__ == "__main__":
    main(Path(sys.argv[1]))
