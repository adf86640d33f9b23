"""The rendered book: a warning-free build, then every page checked in real headless Chromium.

The build runs `jupyter-book build . -W -n --keep-going` (execution off: the book shows the
committed, nbval-validated outputs) into a temporary folder, and copies the HTML to
_build/html. The browser part drives Debian's Chromium (/usr/bin/chromium) through
Playwright; where Chromium is absent it skips, unless REQUIRE_BROWSER=1 (set by .ci/run).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from tests.conftest import PAGE_BUDGET_BYTES, ROOT, serve, shared_book

SCREENSHOTS = ROOT / "_build" / "screenshots"


@pytest.fixture(scope="module")
def built_book() -> Path:
    html, record = shared_book()
    log = record["log"]
    assert record["rc"] == 0, log[-5000:]
    assert "WARNING" not in log, [ln for ln in log.splitlines() if "WARNING" in ln][:20]
    dest = ROOT / "_build" / "html"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(html, dest)
    return html


def _pages(html: Path) -> list[Path]:
    skip = {"genindex.html", "search.html", "index.html"}
    return sorted(p for p in html.rglob("*.html") if p.name not in skip and "_static" not in p.parts
                  and "_sources" not in p.parts)


def test_build_has_every_toc_page(built_book):
    import yaml

    names = {str(p.relative_to(built_book)) for p in _pages(built_book)}
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    for f in files:
        assert f"{f}.html" in names, f
    # every chapter notebook is in the table of contents
    for nb in sorted((ROOT / "chapters").glob("*.ipynb")):
        assert f"chapters/{nb.stem}" in files, f"{nb.name} is not in _toc.yml"
    assert "intro.html" in names
    # MathJax is served from the site itself, never from a CDN
    intro = (built_book / "intro.html").read_text()
    assert "mathjax/startup.js" in intro
    assert "cdn.jsdelivr" not in intro and "mathjax@" not in intro
    assert (built_book / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2" / "MathJax_Main-Regular.woff").exists()


def test_single_page_build(tmp_path):
    """`make singlehtml`: the whole book as one printable page, also warning-free."""
    jb = Path(sys.executable).with_name("jupyter-book")
    res = subprocess.run([str(jb), "build", str(ROOT), "--path-output", str(tmp_path), "--builder", "singlehtml",
                          "-W", "-n", "--keep-going"], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, (res.stdout + res.stderr)[-3000:]
    page = (tmp_path / "_build" / "singlehtml" / "intro.html").read_text(encoding="utf-8")
    for title in ("The numbers we use", "Kaplan and Chinchilla", "Llama over-training", "Reasoning RL compute",
                  "Roofline token economics", "o1 pro", "the claims ledger", "parameter reference"):
        assert title in page, title


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])


@functools.cache
def _parse(path: Path) -> _Anchors:
    p = _Anchors()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_internal_links_and_anchors_resolve(built_book):
    broken = []
    for page in _pages(built_book) + [built_book / "search.html", built_book / "genindex.html"]:
        for href in _parse(page).links:
            u = urlparse(href)
            if u.scheme or href.startswith(("mailto:", "javascript:")):
                continue
            target = page if not u.path else (page.parent / unquote(u.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.name}: {href} (no file)")
                continue
            if u.fragment and target.suffix == ".html" and u.fragment not in _parse(target).ids:
                broken.append(f"{page.name}: {href} (no anchor)")
    assert not broken, broken[:30]


def test_every_figure_has_caption_and_alt_text(built_book):
    for page in _pages(built_book):
        text = page.read_text(encoding="utf-8")
        for img in re.findall(r"<img [^>]*>", text):
            if "logo" in img or "_static" in img:
                continue
            alt = re.search(r'alt="([^"]*)"', img)
            assert alt and alt.group(1).strip() and alt.group(1) != "_images", f"{page.name}: {img[:200]}"
        n_figs = text.count('<figure class="align-default"')
        assert text.count("<figcaption>") >= n_figs, page.name


def test_tables_have_headers(built_book):
    for page in _pages(built_book):
        text = page.read_text(encoding="utf-8")
        for table in re.findall(r"<table.*?</table>", text, flags=re.S):
            assert "<th" in table, f"{page.name}: a table without header cells"


# --- the browser ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(built_book):
    with serve(built_book) as url:
        yield url


_CHECK_JS = """
async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  const imgs = [...document.images].map(i => ({src: i.src, ok: i.complete && i.naturalWidth > 0}));
  const svgs = [...document.querySelectorAll('main svg')].filter(s => !(s.getAttribute('class') || '').includes('fa') && s.checkVisibility())
      .map(s => { const r = s.getBoundingClientRect(); return {ok: r.width > 0 && r.height > 0, cls: s.getAttribute('class')}; });
  const mathNodes = document.querySelectorAll('main .math, main span.math, main div.math').length;
  const mjx = document.querySelectorAll('mjx-container').length;
  const text = document.querySelector('main') ? document.querySelector('main').innerText : document.body.innerText;
  return {imgs, svgs, mathNodes, mjx, rawMath: /\\$\\$|\\\\\\(|\\\\\\[/.test(text)};
}
"""


def _count_bytes(sizes: dict, response) -> None:
    try:
        sizes[response.url] = len(response.body())
    except Exception:  # noqa: BLE001 - a redirect or aborted request has no body
        pass


def _settle(tab) -> None:
    """Wait for what a chapter page loads after "load": its explorable figures' drawing, MathJax's
    components (its startup promise), the web fonts of the typeset math and icons, and anything a
    scroll to the end brings in."""
    n = tab.locator(".explore").count()
    if n:
        tab.wait_for_function(f"document.querySelectorAll('.explore.explore-live').length === {n}", timeout=30_000)
    tab.evaluate("async () => { if (window.MathJax && MathJax.startup) { await MathJax.startup.promise; } }")
    tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    tab.evaluate("""async () => { await document.fonts.ready;
        await Promise.all([...document.images].map(i => i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; })));
    }""")
    tab.evaluate("window.scrollTo(0, 0)")


def test_pages_in_chromium(built_book, site, browser):
    """Every page, once: no console error, images and SVG drawn, math typeset, nothing fetched from
    outside the local server; and every chapter page, with all it loads, under 3 MB (issue 16)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems, heavy = [], {}
    pages = _pages(built_book)
    for page in pages:
        rel = page.relative_to(built_book).as_posix()
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        # nothing but the local server may be reached
        ctx.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort())
        tab = ctx.new_page()
        errors: list[str] = []
        sizes: dict[str, int] = {}
        tab.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        tab.on("requestfailed", lambda r, errors=errors: errors.append(f"request failed: {r.url}"))
        tab.on("response", functools.partial(_count_bytes, sizes))
        tab.goto(urljoin(site, rel), wait_until="load")
        info = tab.evaluate(_CHECK_JS)
        chapter = rel.startswith("chapters/")
        if chapter:
            _settle(tab)
        tab.screenshot(path=str(SCREENSHOTS / (rel.replace("/", "__").replace(".html", ".png"))))
        ctx.close()
        if chapter:
            # the theme's 1.5 MB Font Awesome script is replaced by a stub; MathJax loads its components
            if [u for u in sizes if "fontawesome.js" in u and sizes[u] > 2_000] or [u for u in sizes if "tex-chtml" in u]:
                problems.append(f"{rel}: the full Font Awesome script or tex-chtml was loaded")
            if sum(sizes.values()) >= PAGE_BUDGET_BYTES:
                heavy[rel] = (sum(sizes.values()), sorted(sizes.items(), key=lambda kv: -kv[1])[:5])
        if errors:
            problems.append(f"{rel}: console errors {errors[:5]}")
        bad_imgs = [i["src"] for i in info["imgs"] if not i["ok"]]
        if bad_imgs:
            problems.append(f"{rel}: images not loaded {bad_imgs[:5]}")
        if any(not s["ok"] for s in info["svgs"]):
            problems.append(f"{rel}: an inline SVG has zero size")
        if info["mathNodes"] and info["mjx"] == 0:
            problems.append(f"{rel}: {info['mathNodes']} formulas but no mjx-container (MathJax did not render)")
        if info["rawMath"]:
            problems.append(f"{rel}: raw TeX delimiters left in the text")
    assert not problems, problems
    assert not heavy, heavy
    assert len(list(SCREENSHOTS.glob("*.png"))) >= len(pages)
    assert sum(p.relative_to(built_book).as_posix().startswith("chapters/") for p in pages) >= 7


def test_math_renders_offline(built_book, site, browser):
    ctx = browser.new_context(service_workers="block")
    ctx.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort())
    tab = ctx.new_page()
    tab.goto(urljoin(site, "chapters/00_numbers.html"), wait_until="load")
    info = tab.evaluate(_CHECK_JS)
    ctx.close()
    assert info["mathNodes"] >= 4
    assert info["mjx"] >= info["mathNodes"]


def test_search_finds_chinchilla(built_book, site, browser):
    tab = browser.new_page()
    tab.goto(urljoin(site, "search.html?q=Chinchilla"), wait_until="load")
    tab.wait_for_selector("#search-results ul.search li", timeout=30_000)
    hits = tab.locator("#search-results ul.search li").count()
    tab.close()
    assert hits >= 1
