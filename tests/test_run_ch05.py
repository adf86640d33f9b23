"""Chapter 05 end to end through ``make run`` (``python -m llmscale.rerun 05 ...``): the rendered page's words.

Issue 13: with 64 votes one query's KV caches do not fit on the default node, and the page says so
in words (how much the caches need, how much the node has) with no inf, no "fits 0 queries" and no
"up to no users"; the claims and every other section still render.
"""

import re

import pytest

from llmscale import params, rerun
from llmscale.chapters import ch05
from tests.conftest import run_page

DEFAULTS = rerun.notebook_defaults(rerun.chapter_path("05"))
BAD = re.compile(r"\b(?:inf|nan)\b|inf×|fits 0|no users|up to no\b", re.IGNORECASE)


@pytest.mark.slow
def test_64_votes_say_in_words_why_a_query_does_not_fit():
    _, text = run_page("05", "-p", "n_votes", "64")
    nums = ch05.numbers(params.validate("05", **dict(DEFAULTS, n_votes=64)))
    fit = ch05.fit(params.validate("05", **dict(DEFAULTS, n_votes=64)))
    assert fit.state == "query"
    assert ("64 streams of one query cannot run on this node at all: one query's 64 KV caches need 254 GB; "
            "the node has 234 GB beside the weights") in text
    assert nums["cost_key"] in text and nums["lone_user"] in text
    assert r"What \(k\) voting streams cost" in text and "five streams cost" not in text.lower()
    assert "does not fit" in text                                   # the cost table marks the rows
    assert "64 streams can cost up to about 64 times one stream" in text
    assert not BAD.search(text), BAD.search(text).group(0)
