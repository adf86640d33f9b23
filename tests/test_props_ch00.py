"""Chapter 00: every glued sentence and table holds for every chip, model and KV precision (hypothesis)."""

from __future__ import annotations

import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from llmscale import catalog, params
from llmscale.chapters import ch00

SPEC = {p.name: p for p in params.spec("00")}
BAD = re.compile(r"\b(nan|inf|NaN|None)\b")


@st.composite
def configs(draw):
    return params.validate("00", hardware=draw(st.sampled_from(catalog.hardware_names())),
                           model=draw(st.sampled_from(catalog.model_names())),
                           kv_precision=draw(st.sampled_from(SPEC["kv_precision"]._choices())))


def _cells(df):
    return [str(x) for x in df.to_numpy().ravel()]


@settings(max_examples=200, deadline=None)
@given(configs())
def test_numbers_and_tables_hold_for_every_configuration(P):
    nums = ch00.numbers(P)
    text = " ".join(nums.values())
    assert not BAD.search(text), text
    hw, m = catalog.hardware(P["hardware"]), catalog.model(P["model"])
    # regime words follow the numbers they describe
    assert ("no FP8 peak" in nums["ridge_fp8"]) == (not math.isfinite(hw.fp8_dense_flop_per_s))
    assert ("not published" in nums["model_sentence"]) == (not math.isfinite(m.tokens_trained))
    b = ch00._breakdown(m.name)
    assert ("mixture of experts" in nums["model_sentence"]) == (b.active < b.total)
    assert nums["hw"] == hw.name and nums["model"] == m.name and P["kv_precision"].upper() in nums["kvb"]
    assert float(nums["ridge"].replace(",", "")) > 0
    for key in ("kv405", "c405", "c405_reported"):
        assert not nums[key].startswith("-")
    # tables and figure data do not crash, and show no nan/inf
    for df in (ch00.hardware_table(P), ch00.params_table(P), ch00.kv_table(P), ch00.runs_table()):
        assert not any(BAD.search(c) for c in _cells(df))
    kv = ch00.kv_table(P)
    assert kv["model"].str.endswith("◀").sum() == 1
    hl = ch00.highlight_point(P)
    assert hl.plotted == math.isfinite(m.tokens_trained) and hl.params > 0
    rd = ch00.ridges(P)
    assert rd.selected == hw.name and (rd.bf16 > 0).all()
