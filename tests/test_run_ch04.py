"""Chapter 04 end to end through ``make run`` (``python -m llmscale.rerun 04 ...``): the rendered page's words.

Two runs of issue 13: DeepSeek-V3 on 8xH200 states the memory/compute switch in the direction the
computation finds and names the H200's ridge; a configuration whose weights do not fit says so in words
and shows no inf/NaN.
"""

import html
import re
import subprocess
import sys

import pytest

from llmscale import params, rerun
from llmscale.chapters import ch04

ROOT = rerun.ROOT
DEFAULTS = rerun.notebook_defaults(rerun.chapter_path("04"))


def _page_text(*args) -> str:
    res = subprocess.run([sys.executable, "-m", "llmscale.rerun", "04", *args], capture_output=True, text=True,
                         timeout=600, cwd=ROOT)
    assert res.returncode == 0, res.stderr[-3000:]
    page = ROOT / res.stdout.split("page:")[1].strip()
    # the page's words: scripts, styles and code listings (<pre>) left out
    raw = re.sub(r"<(script|style|pre)\b[^>]*>.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"<[^>]+>", " ", raw)
    return re.sub(r"\s+", " ", html.unescape(text)).replace("’", "'")


def _numbers(**over) -> dict:
    return ch04.numbers(params.validate("04", **dict(DEFAULTS, **over)))


@pytest.mark.slow
def test_deepseek_v3_on_h200_states_the_switch_found_and_the_h200_ridge():
    text = _page_text("--scenario", "scenarios/04/deepseek_v3_8xh200.yaml")
    nums = _numbers(model="DeepSeek-V3", hardware="H200", n_gpus=8, weight_precision="fp8", kv_precision="bf16")
    assert "the H200's FP8 ridge" in nums["run_intensity"] and "H100" not in nums["run_intensity"]
    assert nums["run_intensity"] in text
    assert nums["run_switch"] in text
    assert re.search(r"(FLOP|bandwidth)-limited (below|at every length)", nums["run_switch"])


@pytest.mark.slow
def test_a_configuration_that_does_not_fit_says_why_in_words():
    text = _page_text("-p", "weight_precision", "bf16")
    assert "does not fit: the weights alone need 812 GB, the node has 640 GB" in text
    assert not re.search(r"\b(?:inf|nan)\b", text, re.IGNORECASE)
