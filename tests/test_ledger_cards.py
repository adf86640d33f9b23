"""The ledger appendix for readers: one card per claim, parts nested, filters without a kernel."""

import html
import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from llmscale import claims
from llmscale.claims import cards

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "chapters" / "appendix_claims_ledger.ipynb"


@pytest.fixture(scope="module")
def ledger():
    return claims.ledger()


@pytest.fixture(scope="module")
def page(ledger):
    return cards.cards_html(ledger)


class _Tree(HTMLParser):
    """Records, for every element with an id, the ids of the elements that enclose it."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.ancestors, self.inputs, self.labels, self.errors = [], {}, [], {}, []
        self._label = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input":
            self.inputs.append(a)
        if tag == "label":
            self._label = a.get("for")
            self.labels[self._label] = ""
        if tag in self.VOID:
            return
        if "id" in a:
            self.ancestors[a["id"]] = [i for _, i in self.stack if i]
        self.stack.append((tag, a.get("id")))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()
        if tag == "label":
            self._label = None

    def handle_data(self, data):
        if self._label is not None:
            self.labels[self._label] += data


@pytest.fixture(scope="module")
def tree(page):
    t = _Tree()
    t.feed(page)
    t.close()
    return t


def test_well_formed(tree):
    assert not tree.errors
    assert not tree.stack


def test_every_top_level_claim_has_a_card(ledger, page, tree):
    top = ledger.loc[ledger["parent"].fillna("") == "", "id"]
    for cid in top:
        assert f'id="ledger-{cid.lower()}"' in page, cid
    assert page.count('<article class="lc-card"') == len(top)
    ids = re.findall(r'<article class="lc-card" id="ledger-([a-z0-9]+)"', page)
    assert ids == [c.lower() for c in top], "cards are in ledger (ID) order"


def test_parts_are_nested_under_their_parent(ledger, tree):
    parts = ledger[ledger["parent"].fillna("") != ""]
    for _, p in parts.iterrows():
        anc = tree.ancestors[f"ledger-{p['id'].lower()}"]
        assert f"ledger-{p['parent'].lower()}" in anc, p["id"]


def test_card_shows_what_a_reader_needs(ledger, page):
    for _, r in cards.top_level(ledger).iterrows():
        card = page.split(f'id="ledger-{r["id"].lower()}"', 1)[1].split('<article class="lc-card"', 1)[0]
        assert html.escape(r["quote"], quote=True) in card, r["id"]
        assert html.escape(r["translation"], quote=True) in card, r["id"]
        assert html.escape(r["verdict"]) in card
        assert f'href="{html.escape(r["link"])}"' in card
        if r["wording"] != "compound" and r["note"]:
            assert html.escape(r["note"], quote=True) in card
        parts = ledger[(ledger["parent"] == r["id"]) & (ledger["verdict"] == r["verdict"])]
        for note in parts["note"]:  # a compound claim's reason: the parts that set its verdict
            assert html.escape(note, quote=True) in card.split('<details class="lc-parts">')[0], r["id"]


def test_readings_each_show_their_verdict(ledger, page):
    for _, r in ledger.iterrows():
        if len(r["readings"]) > 1:
            for x in r["readings"]:
                assert html.escape(x["reading"], quote=True) in page, (r["id"], x["reading"])


def test_text_is_escaped():
    row = {c: "" for c in claims.COLUMNS}
    evil = '<script>alert("x")</script> & 约'
    row.update(id="K1", parent="", chapter="01", claim=evil, quote=evil, translation=evil, note=evil,
               verdict="disputed", readings=[], claimed=1.0, recomputed=2.0, recomputed_low=math.nan,
               recomputed_high=math.nan, ratio=2.0, tolerance=1.1, wording="exact", sense="approx",
               method="recomputed", link='01_kaplan_chinchilla.html#claim-k1"><script>')
    out = cards.cards_html(pd.DataFrame([row], columns=claims.COLUMNS))
    assert "<script" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 约" in out


def test_filters_present_and_labelled(ledger, page, tree):
    radios = [a for a in tree.inputs if a.get("type") == "radio"]
    names = {a["name"] for a in radios}
    assert names == {"lc-verdict", "lc-chapter"}
    for a in radios:
        assert tree.labels.get(a["id"]), f"radio {a['id']} has no label"
    for name in names:
        assert sum("checked" in a for a in radios if a["name"] == name) == 1
    present = set(cards.top_level(ledger)["verdict"])
    for v in present:
        iid = f"lc-fv-{re.sub('[^a-z0-9]+', '-', v)}"
        assert f'#{iid}:checked ~ .lc-list .lc-card:not([data-verdict="{iid[6:]}"]){{display:none}}' in page
    for ch in set(cards.top_level(ledger)["chapter"]):
        assert f'#lc-fc-{ch}:checked ~ .lc-list .lc-card:not([data-chapter="{ch}"]){{display:none}}' in page
    assert ":focus-visible" in page  # keyboard users see where they are


def test_no_script_no_network(page):
    assert "<script" not in page.lower()
    assert "http://" not in page and "https://" not in page


def test_deterministic(ledger):
    assert cards.cards_html(ledger) == cards.cards_html(ledger.copy())


def test_verdict_counts_equal_the_ledgers(ledger, tree):
    top = cards.top_level(ledger)
    counts = cards.verdict_counts(ledger)
    assert counts == {v: int((top["verdict"] == v).sum()) for v in claims.VERDICTS}
    assert sum(counts.values()) == len(top)
    for v, n in counts.items():
        if n:
            assert tree.labels[f"lc-fv-{re.sub('[^a-z0-9]+', '-', v)}"] == f"{v} ({n})"


def test_size_budget(page):
    assert len(page.encode()) < 1_500_000


def test_bad_input():
    with pytest.raises(ValueError, match="df is missing ledger columns"):
        cards.cards_html(pd.DataFrame({"id": ["K1"]}))


def test_key_findings_put_the_weakest_first(ledger):
    md = cards.key_findings_md(ledger)
    lines = md.splitlines()
    top = cards.top_level(ledger)
    n_weak = int(top["verdict"].isin(cards.FINDING_ORDER).sum())
    assert len(lines) == n_weak + 1
    order = [re.search(r", (disputed|depends on reading):\*\*", line)[1] for line in lines[:n_weak]]
    assert order == sorted(order, key=cards.FINDING_ORDER.index)
    assert "$" not in md.replace("\\$", "")  # no accidental math on the landing page


def test_notebook_glues_the_ledgers_counts(ledger):
    """The committed appendix shows the counts of the ledger as it is now (rerun the notebook if not)."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    glued = {}
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                glued[name] = out["data"].get("application/papermill.record/text/plain")
    counts = cards.verdict_counts(ledger)
    assert glued["led_counts"] == repr(", ".join(f"{n} {v}" for v, n in counts.items()))
    assert "led_key_findings" in glued


def test_filters_work_in_a_browser_with_mouse_and_keyboard(ledger, page, tmp_path, browser):
    """Headless Chromium, no script on the page: a click and the arrow keys filter the cards."""
    f = tmp_path / "cards.html"
    f.write_text(f"<!doctype html><html lang=en><meta charset=utf-8><title>cards</title><body>{page}</body></html>",
                 encoding="utf-8")
    top = cards.top_level(ledger)
    counts = cards.verdict_counts(ledger)
    shown = "() => [...document.querySelectorAll('.lc-card')].filter(e => e.offsetParent !== null).map(e => e.id)"
    p = browser.new_page()
    p.goto(f.as_uri())
    assert len(p.evaluate(shown)) == len(top)
    first = next(v for v, n in counts.items() if n)
    slug = re.sub("[^a-z0-9]+", "-", first)
    # keyboard: Tab reaches the verdict group, the arrow key selects the next option
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.id") == "lc-fv-all"
    p.keyboard.press("ArrowRight")
    assert p.evaluate("document.activeElement.id") == f"lc-fv-{slug}"
    ids = p.evaluate(shown)
    assert len(ids) == counts[first]
    assert ids == [f"ledger-{i.lower()}" for i in top.loc[top["verdict"] == first, "id"]]
    # mouse: a chapter on top of the verdict narrows further
    ch = str(top["chapter"].iloc[0])
    p.click(f"label[for='lc-fc-{ch}']")
    expected = top[(top["verdict"] == first) & (top["chapter"].astype(str) == ch)]
    assert len(p.evaluate(shown)) == len(expected)
    assert p.is_visible(".lc-empty") == (len(expected) == 0)
    p.click("label[for='lc-fv-all']")
    p.click("label[for='lc-fc-all']")
    assert len(p.evaluate(shown)) == len(top)
    p.close()
