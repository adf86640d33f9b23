"""Explorable figures in real headless Chromium: a small fixture book, then the real book.

The fixture is a one-page Jupyter Book built with the book's own configuration (scripts,
styles, html_extra_path), whose page holds three figures made by ``llmscale.explore``. The
test moves every control (keyboard on sliders and drop-downs, ``select_option`` too), checks
that the figure and the readout change, that the readout is the text ``llmscale`` computed for
that selection, that nothing outside the local server is requested, that the console stays
clean, that the figures add little to the page, and that print shows the static figure.

The real book is then built as ``make book`` builds it, and every chapter page 00-06 must hold
an explorable figure that the same driver moves through at least three selections, each
readout equal to the text of the library's own grid for that selection; every chapter page,
with everything it loads (theme, MathJax, fonts, figures), must weigh under 3 MB.
Like tests/test_book.py it drives Debian's Chromium through Playwright and skips where
Chromium is absent, unless REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.conftest import PAGE_BUDGET_BYTES, ROOT, require_browser, serve, shared_book

FIGURES_BUDGET_BYTES = 600_000  # explore.js and .css + the three figure bundles of the fixture page


# --- the fixture figures (computed by the library) --------------------------------------------

def _frontier():
    import numpy as np
    import pandas as pd

    from llmscale import laws

    presets = ["hoffmann2022", "besiroglu2024"]
    flops = 10.0 ** np.arange(20, 26.5, 0.5)
    rows = []
    for p in presets:
        n, d = laws.compute_optimal(flops, preset=p)
        for c, ni, di in zip(flops, n, d):
            rows.append({"preset": p, "compute": float(c), "tpp": float(di / ni),
                         "n_txt": f"{ni:.3g}", "d_txt": f"{di:.3g}", "tpp_txt": f"{di / ni:.1f}"})
    return pd.DataFrame(rows)


FRONTIER_TEXT = "{preset} at {compute:.3g} FLOP: N = {n_txt} parameters, D = {d_txt} tokens, {tpp_txt} tokens per parameter"
LOSS_TEXT = "{preset} with N = {n_txt} parameters"


def _loss_curve():
    import numpy as np
    import pandas as pd

    from llmscale import laws

    rows = []
    for p in ["hoffmann2022", "besiroglu2024"]:
        for n in [1e9, 1e10, 1e11]:
            d = np.geomspace(1e10, 1e13, 13)
            loss = laws.chinchilla_loss(n, d, preset=p)
            rows += [{"preset": p, "n": n, "n_txt": f"{n:.0e}", "tokens": float(di), "loss": float(li)}
                     for di, li in zip(d, loss)]
    return pd.DataFrame(rows)


def _figures() -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from llmscale import explorables, explore, plotting

    plotting.setup()
    g = _frontier()
    fig, ax = plt.subplots()
    for p, sub in g.groupby("preset"):
        ax.loglog(sub.compute, sub.tpp, label=p)
    ax.legend()
    a = explore.figure(
        g, name="fixture-frontier",
        controls=[explore.Control("preset", "Law preset"),
                  explore.Control("compute", "Compute budget", "FLOP", kind="range", default=1e24,
                                  format=lambda v: f"{v:.1e}")],
        x="compute", y="tpp", color="preset", text=FRONTIER_TEXT, static=fig,
        caption="Grid: 2 presets x 13 budgets (half-decade steps).", alt_text="Tokens per parameter",
        x_title="Compute (FLOP)", y_title="Tokens per parameter", x_scale="log", y_scale="log")
    g2 = _loss_curve()
    fig2, ax2 = plt.subplots()
    ax2.semilogx(g2.tokens[:13], g2.loss[:13])
    b = explore.figure(
        g2, name="fixture-loss",
        controls=[explore.Control("preset", "Law preset"),
                  explore.Control("n", "Model size", "parameters", format=lambda v: f"{v:.0e}")],
        x="tokens", y="loss", text=LOSS_TEXT, static=fig2, caption="Grid: 2 presets x 3 sizes x 13 dataset sizes.",
        alt_text="Loss against tokens", x_title="Tokens", y_title="Loss (nats)", x_scale="log")
    c = explorables.roofline_figure(_roofline(), model="Llama 3.1 70B", hardware="H200", n_gpus=1,
                                    kv_precision="fp8", seq_len=32768)
    return a.data, b.data, c.data


@functools.cache
def _roofline():
    from llmscale import explorables

    return explorables.roofline_grid()


def _config(src: Path) -> dict:
    import yaml

    cfg = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    cfg["bibtex_bibfiles"] = [str(ROOT / "data" / "references.bib")]
    sph = cfg["sphinx"]
    sph["local_extensions"] = {k: str(ROOT / v) for k, v in sph.get("local_extensions", {}).items()}
    conf = sph["config"]
    conf["html_extra_path"] = [str(ROOT / "_vendor")]
    conf["html_favicon"] = str(ROOT / "_vendor" / "favicon.svg")
    cfg.setdefault("html", {})["favicon"] = str(ROOT / "_vendor" / "favicon.svg")
    return cfg


def _build(tmp: Path, builder: str, htmls=None) -> Path:
    import nbformat
    import yaml

    src = tmp / "src"
    (src / "chapters").mkdir(parents=True, exist_ok=True)
    htmls = _figures() if htmls is None else htmls
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Fixture\n\nTwo explorable figures.", id="title")]
    for i, h in enumerate(htmls):
        cell = nbformat.v4.new_code_cell(f"figure_{i}", id=f"fig{i}")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": h, "text/plain": "<HTML>"})]
        nb.cells.append(cell)
    nbformat.write(nb, src / "chapters" / "fixture.ipynb")
    (src / "_config.yml").write_text(yaml.safe_dump(_config(src), sort_keys=False), encoding="utf-8")
    (src / "intro.md").write_text("# Fixture book\n\nA page without figures.\n", encoding="utf-8")
    (src / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n- file: chapters/fixture\n",
                                  encoding="utf-8")
    jb = Path(sys.executable).with_name("jupyter-book")
    res = subprocess.run([str(jb), "build", str(src), "--path-output", str(tmp), "--builder", builder,
                          "-W", "-n", "--keep-going"], capture_output=True, text=True, timeout=300)
    log = res.stdout + res.stderr
    assert res.returncode == 0, log[-4000:]
    return tmp / "_build" / builder


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_browser()
    html = _build(tmp_path_factory.mktemp("explore"), "html")
    with serve(html) as url:
        yield url


class _Tab:
    def __init__(self, browser, site):
        self.site = site
        self.ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.ctx.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort())
        self.tab = self.ctx.new_page()
        self.tab.on("request", lambda r: self.requests.append(r.url))
        self.tab.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.tab.on("pageerror", lambda e: self.errors.append(str(e)))
        self.tab.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url}"))

    def page_bytes(self) -> int:
        """Bytes the page loaded: the document and every resource (the Resource Timing API)."""
        return int(self.tab.evaluate("""() => [...performance.getEntriesByType('navigation'),
            ...performance.getEntriesByType('resource')].reduce((s, e) => s + e.encodedBodySize, 0)"""))

    def open(self, rel="chapters/fixture.html"):
        self.tab.goto(urljoin(self.site, rel), wait_until="load")
        return self.tab


def _state(tab, fid):
    return tab.evaluate("""(id) => { const el = document.getElementById(id);
        return {readout: el.querySelector('.explore-readout').textContent,
                svg: el.querySelector('.explore-mount').innerHTML,
                rendered: el.getAttribute('data-explore-rendered')}; }""", fid)


def _settled(tab, fid, before):
    """The state once the readout has changed and explore.js has redrawn the figure for the change."""
    tab.wait_for_function("([id, old, n]) => { const el = document.getElementById(id);"
                          " return el.querySelector('.explore-readout').textContent !== old"
                          " && el.getAttribute('data-explore-rendered') !== n; }",
                          arg=[fid, before["readout"], before["rendered"]], timeout=10_000)
    return _state(tab, fid)


def _selection(tab, fid, grid, fields):
    """The selected values, read from the controls' positions (an index into the sorted values)."""
    from llmscale.explore import _values

    out = {}
    for i, f in enumerate(fields):
        idx = int(tab.locator(f"#{fid}-c{i}").input_value())
        out[f] = _values(grid[f])[idx]
    return out


def _drive(tab, fid, grid, text, fields) -> int:
    """Move every control of figure ``fid`` (keys, then ``select_option``); return the selections checked.

    After each move the figure must have changed and the readout must be the text the library
    gives for the selection the controls now show (:func:`llmscale.explore.selection_text`).
    """
    from llmscale.explore import selection_text

    tab.wait_for_selector(f"#{fid}.explore-live .explore-mount svg", timeout=30_000)
    assert tab.locator(f"#{fid} .explore-controls").is_visible()
    assert not tab.locator(f"#{fid} .explore-static").is_visible()
    first = _state(tab, fid)
    assert first["readout"] == selection_text(grid, text, **_selection(tab, fid, grid, fields))
    checked = 1
    for i, _ in enumerate(fields):
        control = tab.locator(f"#{fid}-c{i}")
        if control.evaluate("e => e.tagName === 'SELECT' ? e.options.length : +e.max + 1") < 2:
            continue
        at_end = control.evaluate("e => e.tagName === 'SELECT' ? e.selectedIndex === e.options.length - 1"
                                  " : +e.value === +e.max")
        if control.evaluate("e => e.tagName") == "INPUT":
            keys = ("Home", "End") if at_end else ("End", "Home")
        else:
            keys = ("ArrowUp", "ArrowDown") if at_end else ("ArrowDown", "ArrowUp")
        for key in keys:
            before = _state(tab, fid)
            control.focus()
            tab.keyboard.press(key)
            after = _settled(tab, fid, before)
            assert after["svg"] != before["svg"], f"{fid} control {i} {key}: the figure did not change"
            assert after["readout"] == selection_text(grid, text, **_selection(tab, fid, grid, fields))
            checked += 1
        if control.evaluate("e => e.tagName") == "SELECT":
            before = _state(tab, fid)
            n, cur = control.evaluate("e => [e.options.length, e.selectedIndex]")
            control.select_option(index=n - 1 if cur != n - 1 else 0)
            assert _settled(tab, fid, before)["readout"] == selection_text(grid, text, **_selection(tab, fid, grid, fields))
            checked += 1
    # the range control announces its value as text
    ranges = tab.locator(f"#{fid} input[type=range]")
    for j in range(ranges.count()):
        r = ranges.nth(j)
        assert r.get_attribute("aria-valuetext") == tab.locator(f"#{fid} output").nth(j).text_content()
    assert tab.locator(f"#{fid} .explore-readout").get_attribute("aria-live") == "polite"
    return checked


def _print_shows_static(tab, fid):
    """Print shows the static figure with the default selection's text, not the live one."""
    tab.emulate_media(media="print")
    assert tab.locator(f"#{fid} .explore-static").is_visible()
    assert not tab.locator(f"#{fid} .explore-mount").is_visible()
    assert tab.locator(f"#{fid} .explore-print-text").is_visible()
    default = tab.locator(f"#{fid} .explore-print-text").text_content()
    tab.emulate_media(media="screen")
    return default


@pytest.mark.parametrize("fid, grid_fn, text, fields", [
    ("explore-fixture-frontier", _frontier, FRONTIER_TEXT, ["preset", "compute"]),
    ("explore-fixture-loss", _loss_curve, LOSS_TEXT, ["preset", "n"]),
    ("explore-roofline", _roofline, "ROOFLINE_TEXT",
     ["model", "hardware", "n_gpus", "weight_precision", "kv_precision", "seq_len"]),
])
def test_controls_drive_figure_and_readout(site, browser, fid, grid_fn, text, fields):
    grid = grid_fn()
    if text == "ROOFLINE_TEXT":
        from llmscale.explorables import ROOFLINE_TEXT as text
    t = _Tab(browser, site)
    tab = t.open()
    tab.wait_for_selector(f"#{fid}.explore-live .explore-mount svg", timeout=30_000)
    first = _state(tab, fid)
    checked = _drive(tab, fid, grid, text, fields)
    assert checked >= 1 + 2 * len(fields)
    assert _print_shows_static(tab, fid) == first["readout"]
    t.ctx.close()
    assert not t.errors, t.errors[:5]
    assert all(u.startswith(site) for u in t.requests), [u for u in t.requests if not u.startswith(site)][:5]


def test_page_is_light_and_vendored(site, browser):
    t = _Tab(browser, site)
    tab = t.open()
    tab.wait_for_selector(".explore.explore-live .explore-mount svg", timeout=30_000)
    tab.wait_for_load_state("networkidle")
    size = t.page_bytes()
    # what the explorable figures add: our script and style, and the bundles in the page
    ours = int(tab.evaluate(r"""() => performance.getEntriesByType('resource')
        .filter(e => /\/explore\//.test(e.name)).reduce((s, e) => s + e.encodedBodySize, 0)
        + [...document.querySelectorAll('.explore')].reduce((s, el) => s + el.outerHTML.length, 0)"""))
    t.ctx.close()
    assert not t.errors, t.errors[:5]
    # no chart library: the page fetches explore.js and explore.css and nothing else for its figures
    assert not [u for u in t.requests if "/vega/" in u or "cdn" in u]
    assert all(u.startswith(site) for u in t.requests)
    assert 100_000 < ours < FIGURES_BUDGET_BYTES, f"explorable figures: {ours} bytes (page: {size})"
    assert size < PAGE_BUDGET_BYTES, f"fixture page: {size} bytes"


def test_pages_without_figures_stay_static(site, browser):
    t = _Tab(browser, site)
    t.open("intro.html")
    t.tab.wait_for_load_state("networkidle")
    t.ctx.close()
    assert any("explore/explore.js" in u for u in t.requests)
    assert not [u for u in t.requests if "/vega/" in u]
    assert not t.errors, t.errors[:5]


def test_single_page_build_keeps_static_figures(tmp_path, browser):
    html = _build(tmp_path, "singlehtml")

    with serve(html) as url:
        t = _Tab(browser, url)
        tab = t.open("intro.html")
        tab.wait_for_load_state("networkidle")
        assert tab.locator(".explore").count() == 3
        assert tab.locator(".explore .explore-static").first.is_visible()
        assert not [u for u in t.requests if "/vega/" in u]
        t.ctx.close()
        # the theme asks for a search index that the singlehtml builder does not write: not ours
        errors = [e for e in t.errors if "searchindex.js" not in e and "404 (File not found)" not in e]
        assert not errors, errors[:5]
        assert not [e for e in t.errors if "request failed" in e and "searchindex.js" not in e]


# --- the real book ---------------------------------------------------------------------------------

#: element id -> (grid function, readout template) in llmscale.explorables: each chapter's figure.
CHAPTER_FIGURES = {
    "explore-kv-fit": ("kv_fit_grid", "KV_FIT_TEXT"),
    "explore-frontier": ("frontier_grid", "FRONTIER_TEXT"),
    "explore-lifetime-cost": ("lifetime_cost_grid", "LIFETIME_TEXT"),
    "explore-data-wall": ("data_wall_grid", "DATA_WALL_TEXT"),
    "explore-catch-up": ("catch_up_grid", "CATCH_UP_TEXT"),
    "explore-roofline": ("roofline_grid", "ROOFLINE_TEXT"),
    "explore-voting": ("voting_grid", "VOTING_TEXT"),
    "explore-measured": ("measured_grid", "measured_text"),
}
CHAPTERS = ("00", "01", "02", "03", "04", "05", "06")


@functools.cache
def _library(fid):
    """The grid and readout template the library computes for figure ``fid`` (with its defaults)."""
    from llmscale import explorables

    grid_fn, text = CHAPTER_FIGURES[fid]
    return getattr(explorables, grid_fn)(), getattr(explorables, text)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The whole book, built as ``make book`` builds it, served on a local port."""
    require_browser()
    html, record = shared_book()   # one build per test run, shared with tests/test_book.py
    assert record["rc"] == 0, record["log"][-4000:]
    with serve(html) as url:
        yield html, url


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_figure_matches_the_library(book, browser, chapter):
    import json

    html, site = book
    pages = sorted((html / "chapters").glob(f"{chapter}_*.html"))
    assert len(pages) == 1, pages
    rel = pages[0].relative_to(html).as_posix()
    t = _Tab(browser, site)
    tab = t.open(rel)
    ids = tab.evaluate("() => [...document.querySelectorAll('.explore')].map(e => e.id)")
    assert ids, f"{rel}: no explorable figure"
    for fid in ids:
        assert fid in CHAPTER_FIGURES, f"{rel}: {fid} is not in CHAPTER_FIGURES"
        payload = json.loads(tab.locator(f"#{fid} script.explore-data").text_content())
        fields = [c["field"] for c in payload["controls"]]
        grid, text = _library(fid)
        assert _drive(tab, fid, grid, text, fields) >= 3, fid
        _print_shows_static(tab, fid)
    t.ctx.close()
    assert not t.errors, t.errors[:5]
    assert all(u.startswith(site) for u in t.requests), [u for u in t.requests if not u.startswith(site)][:5]


def test_an_empty_selection_says_so_in_the_figure(book, browser):
    """Chapter 06: nobody published Llama 3.1 70B on B200. The live figure says so inside its frame,
    and its legend lists only the regimes that have points (no blank entry)."""
    html, site = book
    rel = next((html / "chapters").glob("06_*.html")).relative_to(html).as_posix()
    t = _Tab(browser, site)
    tab = t.open(rel)
    fid = "explore-measured"
    tab.wait_for_selector(f"#{fid}.explore-live .explore-mount svg", timeout=30_000)
    labels = [c.lower() for c in tab.locator(f"#{fid} label").all_text_contents()]
    model, chip = (tab.locator(f"#{fid}-c{labels.index(k)}") for k in ("model", "chip"))
    model.select_option(label="Llama 3.1 70B")
    chip.select_option(label="B200")
    tab.wait_for_function(f"document.querySelector('#{fid} .explore-readout').textContent"
                          ".endsWith('no published measurement')", timeout=10_000)
    after = _state(tab, fid)
    assert "No point for this selection" in after["svg"]
    legend = tab.evaluate(f"""() => [...document.querySelectorAll('#{fid} .explore-mount svg > g:last-of-type text')]
        .map(e => e.textContent)""")
    assert "" not in legend and "decode" in legend, legend
    before = after
    chip.select_option(label="H200")
    after = _settled(tab, fid, before)
    assert "No point for this selection" not in after["svg"] and "measurements" in after["readout"]
    t.ctx.close()
    assert not t.errors, t.errors[:5]
