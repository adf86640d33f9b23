"""Chapter 02's page is true for every documented configuration (issue 13): property tests.

Draws parameter sets from ``params.SPECS["02"]`` (every preset and catalogue accelerator; numeric
ranges within the spec, log-uniform where they span decades) and computes every glued value and
every table and figure array in-process: no exception, no inf/NaN or impossible sign in any glued
value, and the words agree with the numbers they describe.
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmscale import catalog, params
from llmscale.chapters import ch02
from tests.strategies import HARDWARE, IMPOSSIBLE, log_float

SPEC = {p.name: p for p in params.spec("02")}


@st.composite
def chapter_params(draw):
    return params.validate("02", **{
        "preset": draw(st.sampled_from(SPEC["preset"].choices())) if callable(SPEC["preset"].choices)
        else draw(st.sampled_from(SPEC["preset"].choices)),
        "inference_tokens": draw(st.one_of(st.just(0.0), log_float(1.0, SPEC["inference_tokens"].hi))),
        "training_mfu": draw(st.floats(1e-3, 1.0)),
        "inference_mfu": draw(st.floats(1e-3, 1.0)),
        "hardware": draw(st.sampled_from(HARDWARE)),
        "usd_per_gpu_hour": draw(log_float(1e-3, SPEC["usd_per_gpu_hour"].hi)),
        "compute_growth_per_year": draw(st.one_of(st.floats(1.01, 2.0), log_float(1.01, SPEC["compute_growth_per_year"].hi))),
        "data_stock_tokens": draw(log_float(SPEC["data_stock_tokens"].lo, SPEC["data_stock_tokens"].hi)),
    })


@pytest.fixture(autouse=True)
def small_grids(monkeypatch):
    """The demand grid of the figures on fewer points: the property is the same, the test is fast."""
    monkeypatch.setattr(ch02, "DEMAND_GRID", np.logspace(9, 16, 8))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(P=chapter_params())
def test_every_glued_value_is_finite_and_sensible(P):
    nums = ch02.numbers(P)
    bad = {k: v for k, v in nums.items() if IMPOSSIBLE.search(v)}
    assert not bad
    assert nums["hardware"] == catalog.hardware(P["hardware"]).name
    # the words follow the numbers: the headroom is the stock over the largest dataset
    head = P["data_stock_tokens"] / 18e12
    assert ("no headroom" in nums["headroom_words"]) == (head < 1)
    # over-training (Llama 3.1 8B's ratio) never reaches the wall later than a compute-optimal run
    assert float(nums["wall_8b"]) <= float(nums["wall_opt"]) + 1e-9
    for k in ("wall_opt", "wall_8b", "wall_opt_eff", "wall_8b_eff", "colossus_days"):
        assert math.isfinite(float(nums[k]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(P=chapter_params())
def test_tables_and_figure_data(P):
    assert len(ch02.llama_table(P)) == 10
    cands = ch02.candidates_table(P)
    assert not cands.apply(lambda col: col.str.contains(r"\b(?:inf|nan)\b", case=False)).any().any()
    assert len(ch02.arithmetic_table(P)) == 9
    years, datasets, wall = ch02.data_wall_curves(P)
    assert np.isfinite(years).all() and all(np.isfinite(v).all() for v in datasets.values())
    assert ch02.data_wall_table(P).shape[0] == 4
    for _, (loss, size, saving) in ch02.demand_curves(P).items():
        assert np.isfinite(loss) and (size > 0).all() and (saving >= -1e-9).all()
