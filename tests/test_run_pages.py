"""Every chapter's ``make run`` page, rendered with the book's configuration and loaded in Chromium offline.

The run pages are rendered from the committed (nbval-checked) notebooks with the same code
``make run`` uses (:func:`llmscale.rerun.add_summary` and :func:`llmscale.rerun.render`), so this
checks the rendering of every chapter without executing any (one full ``make run`` is in
``tests/test_rerun.py``). In Chromium every request that is not to the local server is
aborted: math must still render, numbers must be resolved, and no raw MyST text may remain.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from llmscale import rerun
from tests.conftest import serve
from tests.test_book import _CHECK_JS

CHAPTER_IDS = sorted(p.stem[:2] for p in rerun.CHAPTERS.glob("[0-9][0-9]_*.ipynb"))
RAW = re.compile(r"\{glue:text\}|\{glue\}|\{admonition\}|\{cite\}|\{ref\}|\{doc\}|\(claim-[a-z0-9]+\)=|```")


@pytest.fixture(scope="module")
def run_pages(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    root = tmp_path_factory.mktemp("runs")
    nbs = {}
    for ch in CHAPTER_IDS:
        src = rerun.chapter_path(ch)
        nb = root / "nbs" / src.name
        nb.parent.mkdir(exist_ok=True)
        shutil.copy(src, nb)
        rerun.add_summary(nb, src, ch, {}, rerun.notebook_defaults(src))
        nbs[ch] = nb
    rerun.render(list(nbs.values()), root)   # one Sphinx build for every chapter's run page
    html = root / "_build" / "html" / "chapters"
    return root, {ch: html / f"{nb.stem}.html" for ch, nb in nbs.items()}


def test_run_pages_have_no_raw_markup_and_no_cdn(run_pages):
    _, pages = run_pages
    for ch, page in pages.items():
        html = page.read_text(encoding="utf-8")
        assert "This run" in html, ch
        assert not re.search(r"https?://(?!127\.0\.0\.1)[^\"' ]+\.js", html), f"{ch}: an external script"
        assert "cdn.jsdelivr" not in html and "require.js" not in html and "cdnjs" not in html, ch


def test_run_pages_in_chromium_offline(run_pages, browser):
    root, pages = run_pages
    problems = []
    with serve(root) as base:
        for ch, page in pages.items():
            ctx = browser.new_context(service_workers="block")
            outside: list[str] = []

            def block(route, outside=outside):
                outside.append(route.request.url)
                route.abort()

            ctx.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), block)
            tab = ctx.new_page()
            errors: list[str] = []
            tab.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            tab.goto(base + page.relative_to(root).as_posix(), wait_until="load")
            info = tab.evaluate(_CHECK_JS)
            text = tab.inner_text("main")
            ctx.close()
            if errors:
                problems.append(f"{ch}: console errors {errors[:3]}")
            if outside:
                problems.append(f"{ch}: requests outside the local server {outside[:3]}")
            if info["mathNodes"] and info["mjx"] == 0:
                problems.append(f"{ch}: math not rendered")
            if info["rawMath"]:
                problems.append(f"{ch}: raw TeX left")
            raw = RAW.findall(text)
            if raw:
                problems.append(f"{ch}: raw MyST text {sorted(set(raw))[:5]}")
            if not re.search(r"\d", text.split("This run", 1)[-1][:3000]):
                problems.append(f"{ch}: no resolved numbers under the run box")
    assert not problems, problems
