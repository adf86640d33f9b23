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
    assert ch00.kv_table(dict(P, kv_bytes_per_element=1.0)).shape == ch00.kv_table(P).shape
