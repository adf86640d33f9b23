"""Chapter 03's prose holds for every valid parameter set (hypothesis, in-process, no kernel).

Draws parameter sets from ``params.SPECS["03"]`` (ranges, catalogue hardware) and checks that
``llmscale.chapters.ch03.numbers(P)`` and the chapter's tables and curves build, that no glued value
is inf, NaN or negative, and that the regime words agree with the numbers they describe.
"""

from __future__ import annotations

import math
import re

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmscale import catalog, params
from llmscale.chapters import ch03

SPEC = {p.name: p for p in params.SPECS["03"]}


def _float(name):
    p = SPEC[name]
    return st.floats(min_value=p.lo, max_value=p.hi, exclude_min=p.lo_open, exclude_max=p.hi_open,
                     allow_nan=False, allow_infinity=False)


def _int(name):
    p = SPEC[name]
    return st.integers(min_value=int(p.lo), max_value=int(p.hi))


PARAMS = st.fixed_dictionaries({
    "hardware": st.sampled_from(catalog.hardware_names()),
    "mfu": _float("mfu").filter(lambda x: x >= 1e-6),
    "usd_per_gpu_hour": _float("usd_per_gpu_hour").filter(lambda x: x >= 1e-6),
    "months_per_10x": _float("months_per_10x"),
    "frontier_growth_per_year": _float("frontier_growth_per_year"),
    "gap_orders_of_magnitude": _float("gap_orders_of_magnitude"),
    "rollouts_per_problem": _int("rollouts_per_problem"),
    "tokens_per_rollout": _int("tokens_per_rollout"),
})

_BAD = re.compile(r"\b(inf|nan)\b|(^|\s)-\d", re.I)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PARAMS)
def test_numbers_and_tables_hold_for_every_configuration(raw):
    P = params.validate("03", **raw)
    nums = ch03.numbers(P)
    bad = {k: v for k, v in nums.items() if _BAD.search(v)}
    assert not bad, bad
    # the regime words agree with the arithmetic they describe
    reasoning_oom_per_year = 12.0 / P["months_per_10x"]
    frontier_oom_per_year = math.log10(P["frontier_growth_per_year"])
    if nums["catch"].startswith("never"):
        assert reasoning_oom_per_year <= frontier_oom_per_year + 1e-9 and P["gap_orders_of_magnitude"] > 0
        assert nums["after"] == "its growth never has to slow"
    else:
        years = float(re.search(r"in ([\d.,]+) years", nums["catch"]).group(1).replace(",", ""))
        assert years >= 0
        assert reasoning_oom_per_year > frontier_oom_per_year or P["gap_orders_of_magnitude"] == 0
    assert nums["hw"] == catalog.hardware(P["hardware"]).name
    # tables and curves build, with finite numbers
    for f in (ch03.rl_cost_table, ch03.deepseek_table, ch03.budget_table, ch03.catch_up_table, ch03.rollout_table):
        df = f(P)
        assert len(df) > 0
        text = df.to_string()
        assert not re.search(r"\b(inf|nan)\b", text, re.I), (f.__name__, text)
    curves = ch03.catch_up_curves(P)
    assert np.all(np.isfinite(curves.frontier_flop)) and np.all(curves.frontier_flop > 0)
    for _, r, month, _ in curves.reasoning:
        assert np.all(r > 0)
        assert month is None or 0 <= month <= curves.months[-1]
    c = ch03.deepseek_curve(P)
    assert np.all(np.isfinite(c.flop_bf16)) and 0 < c.chosen_mfu_pct <= 100
