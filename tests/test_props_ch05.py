"""Chapter 05's page is true for every documented configuration (issue 13): property tests.

Draws parameter sets from ``params.SPECS["05"]`` (every catalogue model and accelerator, every
precision choice; the serving numbers over their whole ranges, log-uniform) and computes every
glued value, table and figure array in-process: no exception, no inf/NaN or impossible sign in
any glued value, and the words (does one query fit at all and why not, which regime the batch is
in, whether the multiple stays under the price step) agree with the numbers they describe.

``k_max`` and ``n_wrong_answers`` only drive the exact majority-vote tables, whose first build
for ``k_max = 2,000`` and 50 wrong answers takes about a minute: they are drawn from a few values
that span their ranges' shapes (the accuracies themselves are tested in ``tests/test_voting.py``).
The user sweep behind "far less than k×" is coarsened for speed; the property is the same.
"""

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmscale import params
from llmscale.chapters import ch05
from llmscale.claims import ch05 as c05
from tests.strategies import HARDWARE, MODELS, log_int

SPEC = {p.name: p for p in params.spec("05")}
BAD = re.compile(r"\b(?:inf|nan)\b|no users|fits 0|up to no\b", re.IGNORECASE)
NONNEG = ("votes", "kmax", "batch", "out_tokens", "v2_mult", "v2_kv", "maj_votes", "threshold", "cov_kmax")


@st.composite
def chapter_params(draw):
    return params.validate("05", **{
        "k_max": draw(st.sampled_from([2, 7, 64, 250])),
        "p_correct": draw(st.floats(1e-6, 1 - 1e-6)),
        "n_wrong_answers": draw(st.sampled_from([1, 2, 3, 10])),
        "n_votes": draw(st.one_of(st.integers(1, 8), st.integers(1, SPEC["n_votes"].hi))),
        "model": draw(st.sampled_from(MODELS)),
        "hardware": draw(st.sampled_from(HARDWARE)),
        "n_gpus": draw(st.one_of(st.integers(1, 16), log_int(1, SPEC["n_gpus"].hi))),
        "weight_precision": draw(st.sampled_from(SPEC["weight_precision"].choices)),
        "kv_precision": draw(st.sampled_from(SPEC["kv_precision"].choices)),
        "batch": draw(log_int(1, SPEC["batch"].hi)),
        "prompt_tokens": draw(st.one_of(st.just(0), log_int(1, SPEC["prompt_tokens"].hi))),
        "output_tokens": draw(log_int(1, SPEC["output_tokens"].hi)),
        "per_step_error": draw(st.floats(1e-9, SPEC["per_step_error"].hi)),
    })


@pytest.fixture(autouse=True)
def coarse_sweep(monkeypatch):
    monkeypatch.setattr(ch05, "USERS_FINE", np.unique(np.round(np.logspace(0, 3, 40)).astype(int)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(P=chapter_params())
def test_every_glued_value_is_true_for_every_configuration(P):
    nums = ch05.numbers(P)
    for k, v in nums.items():
        assert isinstance(v, str) and v and not BAD.search(v), (k, v)
    for k in NONNEG:
        assert not nums[k].lstrip().startswith(("-", "−")), (k, nums[k])
    fit = ch05.fit(P)
    single, batch = ch05.costs(P)
    V = P["n_votes"]
    if fit.state == "ok":
        assert single.users_served >= 1 and np.isfinite(single.multiple) and np.isfinite(batch.multiple)
        assert f"{single.multiple:.2f}×" in nums["cost_key"] and "cannot run" not in nums["cost_key"]
        if P["batch"] > 1:
            assert f"{batch.multiple:.2f}×" in nums["cost_key"]
            assert ("crowd other users out of HBM" in nums["cost_key"]) == bool(batch.capacity_limited)
    else:
        assert single.users_served < 1
        assert nums["cost_key"].startswith(f"{V} streams of one query cannot run on this node at all: ")
        assert fit.words in nums["cost_key"] and fit.words in nums["lone_user"]
        assert nums["cheap_long"] == "for no batch at all"
        need = {"weights": fit.weight_bytes, "stream": fit.kv_stream_bytes, "query": fit.kv_query_bytes}[fit.state]
        assert need > fit.hbm_bytes - (0 if fit.state == "weights" else fit.weight_bytes)
    cm = ch05.cost_map(P)
    assert len(cm.levels) >= 2 and all(np.isfinite(cm.levels)) and np.all(np.diff(cm.levels) > 0)
    if cm.any_fit:
        assert np.nanmin(cm.multiple) >= cm.levels[0] and np.nanmax(cm.multiple) <= cm.levels[-1]
        step = c05.v2().price_step
        assert nums["price_phrase"].startswith("holds" if cm.top < step else "fails")
    else:
        assert nums["price_phrase"].startswith("cannot be judged")
    assert ("cannot cost much more" in nums["votes_vs_step"]) == (V < c05.v2().price_step)
    table = ch05.cost_table(P)
    assert not table.map(lambda x: bool(BAD.search(str(x)))).any().any()
    ch05.vote_table(P)
    cc = ch05.chain_curves(P)
    assert np.all(np.isfinite(cc.chain)) and all(np.all(np.isfinite(a)) for _, _, a, _ in cc.voted)
    _, curves = ch05.thinking_curves(P)
    assert all(np.all((a >= 0) & (a <= 1)) for _, a in curves)
