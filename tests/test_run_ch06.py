"""Chapter 06 end to end through ``make run``: a chip on which the chosen model was never measured.

``make run CHAPTER=06 ARGS='-p hardware B200'`` used to fail: the explorable figure opened at
(Llama 3.1 70B, B200), which nobody published, and its static drawing had nothing to put on log
axes. The run must succeed, predict for the chip, and say in words that there is no measurement.
"""

import re

from tests.conftest import run_page


def test_a_chip_the_model_was_never_measured_on_runs_and_says_so(tmp_path):
    # a runs folder outside the repository ($LLMSCALE_RUNS_DIR): the printed paths are absolute
    page, text = run_page("06", "-p", "hardware", "B200", runs_dir=tmp_path / "runs")
    assert page.is_absolute() and page.is_relative_to(tmp_path / "runs") and page.exists()
    assert "Llama 3.1 70B, B200, all publishers: no published measurement" in text
    assert re.search(r"1 x B200 serving Llama 3\.1 70B .* is predicted to emit [\d,]+ output tokens/s", text)
    assert not re.search(r"\b(nan|inf)\b", text.split("This run")[1].split("◀ marks")[0], re.I)
