"""Chapter 00 (llmscale.chapters.ch00): every glued number of the page, computed in-process."""

import re

import nbformat

from llmscale import params
from llmscale.chapters import ch00
from tests.conftest import ROOT


def test_numbers_cover_every_glue_of_the_page():
    nb = nbformat.read(ROOT / "chapters" / "00_numbers.ipynb", as_version=4)
    src = next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    ns: dict = {}
    exec(src, ns)
    P = params.validate("00", **{p.name: ns[p.name] for p in params.spec("00")})
    used = {m for c in nb.cells if c.cell_type == "markdown" for m in re.findall(r"\{glue:text\}`c00_(\w+)`", c.source)}
    nums = ch00.numbers(P)
    assert used <= set(nums), used - set(nums)
    assert nums["kv405"] == "516 kB (516,096 bytes)" and nums["ridge"] == "295"
    assert ch00.kv_table(dict(P, kv_precision="fp8")).shape == ch00.kv_table(P).shape
    assert nums["kvb"] == "BF16 (2 bytes per element)" and nums["n_outliers"] == "Two"


def test_hardware_table_shows_datasheet_and_physical_hbm():
    P = params.validate("00", hardware="H200", kv_precision="fp8", model="DeepSeek-V3")
    t = ch00.hardware_table(P).set_index("accelerator")
    assert t.loc["H200 ◀ selected", "HBM, datasheet (GB = 1e9 B)"] == "141"
    assert t.loc["H200 ◀ selected", "HBM, physical (GiB = 2^30 B)"] == "144"
    assert t.loc["A100 SXM 40GB", "FP8 dense (TFLOP/s)"] == "—"
    assert t.loc["A100 SXM 40GB", "HBM, physical (GiB = 2^30 B)"] == "40"


def test_words_follow_the_chosen_model_and_chip():
    nums = ch00.numbers(params.validate("00", hardware="A100 SXM 80GB", kv_precision="fp8", model="gpt-oss-120b"))
    assert "no FP8 peak" in nums["ridge_fp8"]
    assert "not published" in nums["model_sentence"] and "mixture of experts" in nums["model_sentence"]
    assert "gpt-oss-120b" in nums["no_tokens"]
    nums = ch00.numbers(params.validate("00", hardware="B200", kv_precision="bf16", model="DeepSeek-V3"))
    assert nums["ridge_fp8"].startswith("at FP8, ") and "latent attention" in nums["model_sentence"]
    assert "with N the active count" in nums["model_sentence"]
    hl = ch00.highlight_point(params.validate("00", hardware="H100 SXM", kv_precision="bf16", model="gpt-oss-20b"))
    assert not hl.plotted and "not published" in hl.label
