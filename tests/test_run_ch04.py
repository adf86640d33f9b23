"""Chapter 04 end to end through ``make run`` (``python -m llmscale.rerun 04 ...``): the rendered page's words.

Two runs of issue 13: DeepSeek-V3 on 8xH200 states the memory/compute switch in the direction the
computation finds and names the H200's ridge; a configuration whose weights do not fit says so in words
and shows no inf/NaN.
"""

import re

import pytest

from llmscale import params, rerun
from llmscale.chapters import ch04
from tests.conftest import run_page

DEFAULTS = rerun.notebook_defaults(rerun.chapter_path("04"))


def _numbers(**over) -> dict:
    return ch04.numbers(params.validate("04", **dict(DEFAULTS, **over)))


@pytest.mark.slow
def test_deepseek_v3_on_h200_states_the_switch_found_and_the_h200_ridge():
    _, text = run_page("04", "--scenario", "scenarios/04/deepseek_v3_8xh200.yaml")
    nums = _numbers(model="DeepSeek-V3", hardware="H200", n_gpus=8, weight_precision="fp8", kv_precision="bf16")
    assert "the H200's FP8 ridge" in nums["run_intensity"] and "H100" not in nums["run_intensity"]
    assert nums["run_intensity"] in text
    assert nums["run_switch"] in text
    assert re.search(r"(FLOP|bandwidth)-limited (below|at every length)", nums["run_switch"])


@pytest.mark.slow
def test_a_configuration_that_does_not_fit_says_why_in_words():
    _, text = run_page("04", "-p", "weight_precision", "bf16")
    assert "does not fit: the weights alone need 812 GB, the node has 640 GB" in text
    assert not re.search(r"\b(?:inf|nan)\b", text, re.IGNORECASE)
