"""llmscale.vote_cost: what k voting streams sharing one prompt cost on the decode roofline."""

import math

import numpy as np
import pytest

from llmscale import roofline, vote_cost
from llmscale.serving_options import Precision

KW = dict(n_gpus=8, precision=Precision(1.0, 2.0))


def test_voting_cost_sums_the_decode_steps_exactly():
    users, k, P, T = 8, 5, 1000, 7661
    steps = roofline.decode_step("Llama 3.1 405B", "H100 SXM", 8, users * k, P + np.arange(1, T + 1),
                                 precision=Precision(weight_bytes_per_element=1.0, kv_bytes_per_element=2.0),
                                 shared_prefix_tokens=P, streams_per_prefix=k)
    c = vote_cost.voting_cost("Llama 3.1 405B", "H100 SXM", k, P, T, users=users, **KW)
    assert c.decode_time_s == pytest.approx(float(np.sum(steps.time_s)), rel=1e-12)
    pre = roofline.prefill_time_s("Llama 3.1 405B", "H100 SXM", 8, P, 1.0,
                                  precision=Precision(weight_bytes_per_element=1.0, kv_bytes_per_element=2.0))
    assert c.node_seconds_per_query == pytest.approx(pre + c.decode_time_s / users)
    # compute-bound at first, memory-bound later (small model, big batch): the kink is summed exactly
    steps = roofline.decode_step("Llama 3.1 8B", "H100 SXM", 8, 512, 10 + np.arange(1, 2001))
    assert steps.bound[0] == "compute" and steps.bound[-1] == "memory"
    c = vote_cost.voting_cost("Llama 3.1 8B", "H100 SXM", 1, 10, 2000, n_gpus=8, users=512)
    assert c.users_served == 512
    assert c.decode_time_s == pytest.approx(float(np.sum(steps.time_s)), rel=1e-12)


def test_voting_cost_regimes():
    one = vote_cost.voting_cost("Llama 3.1 405B", "H100 SXM", 1, 1000, 7661, users=32, **KW)
    assert one.multiple == pytest.approx(1.0)
    solo = vote_cost.voting_cost("Llama 3.1 405B", "H100 SXM", 5, 1000, 7661, users=1, **KW)
    assert 1.0 < solo.multiple < 1.05 and solo.bound == "memory"          # weight reads dominate
    served = vote_cost.voting_cost("Llama 3.1 405B", "H100 SXM", 5, 1000, 7661, users=32, **KW)
    assert served.capacity_limited and served.users_served == 11 and served.users_served_single == 32
    assert served.multiple == pytest.approx(3.068, abs=0.01)
    full = vote_cost.voting_cost("Llama 3.1 405B", "H100 SXM", 5, 1000, 7661, users=52, **KW)
    assert 4.0 < full.multiple < 5.0                                        # capacity-bound: close to 5x
    grid = vote_cost.voting_cost("Llama 3.1 405B", "H100 SXM", np.arange(1, 17)[:, None], 1000, 7661,
                              users=np.array([1, 4, 16, 64]), **KW)
    assert grid.multiple.shape == (16, 4)
    small = grid.multiple[:8, :3]                   # where whole queries pack HBM as well as single streams
    assert np.all(small <= grid.naive_multiple[:8, :3] + 1e-9)
    # packing whole queries of k streams can waste HBM: 3 queries x 15 streams use 45 of 52 slots
    assert grid.users_served[14, 3] == 3 and grid.multiple[14, 3] > 15
    assert np.all(np.diff(grid.multiple, axis=0) >= -1e-12)
    # a long shared prompt makes the streams cheaper: the prompt's KV is read once
    long_prompt = vote_cost.voting_cost("Llama 3.1 405B", "H100 SXM", 5, 30_000, 2000, users=4, **KW)
    no_share = 5 * long_prompt.node_seconds_per_query_single
    assert long_prompt.node_seconds_per_query < 0.5 * no_share
    # nothing fits: infinite cost
    nofit = vote_cost.voting_cost("Llama 3.1 405B", "H100 SXM", 64, 100_000, 100_000, users=1, **KW)
    assert math.isinf(nofit.multiple) and nofit.users_served == 0


def test_voting_cost_bad_input():
    with pytest.raises(ValueError, match="k"):
        vote_cost.voting_cost("Llama 3.1 405B", "H100 SXM", 0, 1000, 100, **KW)
    with pytest.raises(ValueError, match="output_tokens"):
        vote_cost.voting_cost("Llama 3.1 405B", "H100 SXM", 5, 1000, 0, **KW)
    with pytest.raises(TypeError, match="batch_size"):
        vote_cost.voting_cost("Llama 3.1 405B", "H100 SXM", 5, 1000, 100, batch_size=4, **KW)
    with pytest.raises(ValueError, match="Did you mean"):
        vote_cost.voting_cost("Llama 3.1 450B", "H100 SXM", 5, 1000, 100, **KW)
