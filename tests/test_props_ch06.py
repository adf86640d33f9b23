"""Chapter 06's page is true for every documented configuration: property tests (hypothesis).

Draws parameter sets from ``params.SPECS["06"]`` (every catalogue model and accelerator, every
precision, lengths log-uniform) and computes every glued value in-process: no exception, no
inf/NaN or negative number in the text, and the configuration sentence agrees with the model.
"""


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmscale import params, serving
from llmscale.chapters import ch06
from tests.strategies import HARDWARE, IMPOSSIBLE, MODELS, log_int

SPEC = {p.name: p for p in params.spec("06")}


@st.composite
def chapter_params(draw):
    return params.validate("06", **{
        "model": draw(st.sampled_from(MODELS)),
        "hardware": draw(st.sampled_from(HARDWARE)),
        "n_gpus": draw(st.one_of(st.integers(1, 16), log_int(1, SPEC["n_gpus"].hi))),
        "weight_precision": draw(st.sampled_from(SPEC["weight_precision"].choices)),
        "kv_precision": draw(st.sampled_from(SPEC["kv_precision"].choices)),
        "input_len": draw(log_int(1, SPEC["input_len"].hi)),
        "output_len": draw(log_int(1, SPEC["output_len"].hi)),
    })


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chapter_params())
def test_every_glue_is_finite_and_true(P):
    got = ch06.numbers(P)
    for k, v in got.items():
        assert isinstance(v, str) and v, k
        assert not IMPOSSIBLE.search(v), (k, v)
    r = ch06.config(P)
    if r.fits:
        assert f"{int(r.concurrency):,} concurrent" in got["config"]
        assert f"{r.bound}-bound" in got["config"]
        assert r.output_tokens_per_s > 0
    else:
        assert "does not fit" in got["config"]
    e = serving.fitted_efficiency(P["hardware"], P["weight_precision"])
    assert got["eff_bw"] == f"{e.bandwidth:.2f}" and 0 < e.mfu <= 1
