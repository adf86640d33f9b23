"""Chapter 04's page is true for every documented configuration (issue 13): property tests.

Draws parameter sets from ``params.SPECS["04"]`` (every catalogue model and accelerator, every
precision choice; numeric ranges within the spec, log-uniform) and computes every glued value,
table and figure array in-process: no exception, no inf/NaN or impossible sign in any glued
value, and the words (which bound binds, which direction the switch goes, which chip's ridge,
what fits) agree with the numbers they describe.
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmscale import memory, params, roofline, serving, serving_fit
from llmscale.chapters import ch04
from tests.strategies import HARDWARE, IMPOSSIBLE, MODELS, log_float

SPEC = {p.name: p for p in params.spec("04")}


@st.composite
def chapter_params(draw):
    return params.validate("04", **{
        "model": draw(st.sampled_from(MODELS)),
        "hardware": draw(st.sampled_from(HARDWARE)),
        "n_gpus": draw(st.one_of(st.integers(1, 16), st.integers(1, SPEC["n_gpus"].hi))),
        "weight_precision": draw(st.sampled_from(SPEC["weight_precision"].choices)),
        "kv_precision": draw(st.sampled_from(SPEC["kv_precision"].choices)),
        "tokens_per_s_per_user": draw(log_float(1e-2, SPEC["tokens_per_s_per_user"].hi)),
        "seq_lens": draw(st.lists(st.integers(1, SPEC["seq_lens"].hi), min_size=2, max_size=3)),
        "usd_per_gpu_hour": draw(log_float(1e-2, SPEC["usd_per_gpu_hour"].hi)),
        # None: the fit to published measured servers of the drawn chip and weight format (issue 15)
        "bandwidth_efficiency": draw(st.one_of(st.none(), st.floats(0.01, 1.0))),
        "mfu": draw(st.one_of(st.none(), st.floats(0.01, 1.0))),
    })


@pytest.fixture(autouse=True)
def small_map(monkeypatch):
    """The efficiency map on a coarse grid: the property is the same, the test is fast."""
    monkeypatch.setattr(ch04, "MAP_EFFICIENCIES", np.array([0.3, 0.65, 1.0]))
    monkeypatch.setattr(ch04, "MAP_MFUS", np.array([0.1, 0.55, 1.0]))


def _binding(c, s):
    cb = roofline.continuous_batch_limits(*c.args, s, c.target, **c.kw)
    return "compute" if float(np.asarray(cb["compute"])) <= float(np.asarray(cb["memory"])) else "memory"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(chapter_params())
def test_every_configuration_reads_true(P):
    c = ch04.config(P)
    nums = ch04.numbers(P)
    for name, text in nums.items():
        assert isinstance(text, str) and text, name
        assert not IMPOSSIBLE.search(text), (name, text)

    # the efficiencies: None takes chapter 06's fit for this chip and weight format, and the words say which fit
    fit = serving.fitted_efficiency(P["hardware"], P["weight_precision"])
    bw, mfu = P["bandwidth_efficiency"], P["mfu"]
    assert c.efficiency.bandwidth == (fit.bandwidth if bw is None else bw)
    assert c.efficiency.mfu == (fit.mfu if mfu is None else mfu)
    if bw is not None and mfu is not None:
        assert nums["eff_text"].startswith("Here they are this run's own values")
    else:
        pooled = serving_fit.efficiency_row(P["hardware"], P["weight_precision"])["hardware_family"] == "*"
        assert ("no published measurement covers the " + c.hardware.name in nums["eff_text"]) == pooled
        assert ("fitted in chapter 06 to" in nums["eff_text"]) == (not pooled)
        assert ("pooled fit" in c.text) == pooled

    # which chip's ridge, and the direction a longer context pushes a fixed batch
    r = ch04.regime(P)
    assert f"the {c.hardware.name}'s {r.math} ridge" in nums["run_intensity"]
    side = "below" if r.attention_flop_per_kv_byte < r.effective_ridge_flop_per_byte else "above"
    assert f"FLOP per KV byte at {P['kv_precision'].upper()}, {side} the" in nums["run_intensity"]
    assert f"towards the {'memory' if side == 'below' else 'compute'} bound" in nums["run_intensity"]

    # the switch(es): the words name the limits the computation finds on every side
    if "no batch meets" not in nums["run_switch"]:
        edges = [1.0, *r.switches, 1e8]
        assert len(r.limits) == len(edges) - 1
        assert all(a != b for a, b in zip(r.limits, r.limits[1:]))
        for k, lim in enumerate(r.limits):
            assert ch04._LIMIT[lim] in nums["run_switch"]
            lo, hi = edges[k], edges[k + 1]
            assert _binding(c, math.sqrt(lo * hi) if hi / lo > 1.5 else lo * 1.001) == lim
        if not r.switches:
            assert "at every length" in nums["run_switch"]
        for x in r.switches:
            assert f"{x:,.0f}" in nums["run_switch"]

    # what fits: a served length has a dollar figure, an unserved one says why
    lim = ch04.batch_limits(P)
    for i, key in enumerate(("cost_short", "cost_long")):
        if lim.batch[i] > 0:
            assert nums[key].startswith("$")
        else:
            assert nums[key].startswith(("does not fit", "not servable"))

    # tables: a batch whose cache does not fit beside the weights shows no step time
    free = c.n_gpus * c.hardware.hbm_bytes - memory.weight_bytes(c.model, c.precision.weight_bytes_per_element)
    table = ch04.step_table(P)
    for s in (c.s_short, c.s_long):
        need = memory.kv_cache_bytes(c.model, ch04.STEP_BATCHES, s, c.precision.kv_bytes_per_element)
        marked = table[f"step at {s:,} tok (ms)"].str.startswith("does not fit").to_numpy()
        assert np.array_equal(marked, (need > free) | (free <= 0))
    for df in (ch04.memory_table(P), ch04.switch_table(P), ch04.comparison_table(P)):
        assert not df.astype(str).apply(lambda col: col.str.contains(IMPOSSIBLE)).to_numpy().any()

    # figure arrays: finite where plotted
    kv = ch04.kv_curves(P)
    assert all(np.isfinite(gb).all() for _, _, gb in kv.kv_gb)
    for cur in ch04.interactivity_curves(P):
        assert np.isfinite(cur.user_tokens_per_s).all() and np.isfinite(cur.gpu_tokens_per_s).all()
    lc = ch04.limit_curves(P)
    assert (lc.switch_label == "") == math.isnan(lc.switch_seq_len)
    rp = ch04.roofline_points(P)
    assert all(np.isfinite(ai).all() and np.isfinite(rate).all() for _, ai, rate in rp.steps)
