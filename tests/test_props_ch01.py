"""Chapter 01: every glued value holds over the documented parameter ranges (hypothesis).

The parameter-recovery experiment (bootstrap fits) costs about half a second per new
``(preset, synthetic_noise, n_bootstrap, seed)`` and is cached per key, so the draw takes
``n_bootstrap`` at its lower bound and three (noise, seed) pairs covering no noise, the default
and the upper bound, and both ends of the seed range: 9 fits, then every example is cheap. ``compute_flop``
is drawn over its whole range. The full-size bootstrap is covered by tests/test_ch01.py.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from llmscale import params
from llmscale.chapters import ch01

SPEC = {p.name: p for p in params.spec("01")}
BAD = re.compile(r"\b(nan|inf|NaN|None)\b")
NOISE_SEEDS = ((SPEC["synthetic_noise"].lo, SPEC["seed"].lo), (0.02, SPEC["seed"].hi),
               (SPEC["synthetic_noise"].hi, SPEC["seed"].lo))


@st.composite
def configs(draw):
    exp = draw(st.floats(min_value=18.0, max_value=30.0))
    noise, seed = draw(st.sampled_from(NOISE_SEEDS))
    return params.validate("01", compute_flop=10.0 ** exp, preset=draw(st.sampled_from(SPEC["preset"]._choices())),
                           n_bootstrap=int(SPEC["n_bootstrap"].lo), seed=int(seed), synthetic_noise=noise,
                           points_csv=None)


@settings(max_examples=200, deadline=None)
@given(configs())
def test_numbers_hold_for_every_configuration(P):
    nums = ch01.numbers(P)
    text = " ".join(nums.values())
    assert not BAD.search(text), text
    assert nums["preset"] == P["preset"]
    # the runs-needed sentence agrees with its count
    few = nums["runs_needed"].startswith("fewer than")
    needed = ch01.recovery_runs_needed(P)
    assert few == (needed < min(ch01.RECOVERY_RUNS))
    assert ("not what a few hundred runs can deliver" in nums["runs_conclusion"]) == (needed > ch01.HOFFMANN_RUNS)
    assert needed >= 0
    # K6: an unbounded multiple is said in words, a finite one as a number
    assert nums["k6_mult"].endswith("× more data") or nums["k6_mult"].startswith("more than any amount")
    # tables and figure data
    bt = ch01.budget_table(P)
    assert len(bt) == 4 and not bt.map(lambda x: bool(BAD.search(str(x)))).any().any()
    for df in (ch01.recovery_table(P), ch01.diminishing_table(P), ch01.preset_table(P)):
        assert not df.map(lambda x: bool(BAD.search(str(x)))).any().any()
    rc = ch01.recovery_curve(P)
    assert rc["n_needed"] >= min(ch01.RECOVERY_RUNS)
