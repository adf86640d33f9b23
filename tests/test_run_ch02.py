"""Chapter 02 end to end through ``make run`` (``python -m llmscale.rerun 02 ...``): the rendered page's words.

A stock smaller than the largest dataset says in words that there is no headroom (and shows no
inf/NaN), and the GPU-time arithmetic names the chosen accelerator, never a literal H100.
"""

import re

import pytest

from llmscale import params, rerun
from llmscale.chapters import ch02
from tests.conftest import run_page

DEFAULTS = rerun.notebook_defaults(rerun.chapter_path("02"))


@pytest.mark.slow
def test_small_stock_on_b200_says_no_headroom_and_names_the_chip():
    _, text = run_page("02", "-p", "hardware", "B200", "-p", "data_stock_tokens", "1e12", "-p", "compute_growth_per_year", "2.5")
    nums = ch02.numbers(params.validate("02", **dict(DEFAULTS, hardware="B200", data_stock_tokens=1e12,
                                                     compute_growth_per_year=2.5)))
    assert "no headroom at all" in nums["headroom_words"] and nums["headroom_words"] in text
    assert re.search(rf"GPU time uses the selected accelerator \(\s*{nums['hardware']}\s*\)", text)
    assert nums["l15_gpus"] in text and nums["l15_gpus"].endswith(nums["hardware"])
    assert not re.search(r"\b(?:inf|nan)\b", text.split("The claims of this chapter")[0])
