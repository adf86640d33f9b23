"""llmscale._checks: a value that is not a number is refused with the argument's name and what is allowed."""

import pytest

from llmscale import _checks, explorables


@pytest.mark.parametrize("check", [_checks.finite, _checks.positive, _checks.nonneg])
@pytest.mark.parametrize("bad", ["x", {"a": 1}, ["1", "two"]])
def test_a_non_number_names_the_argument(check, bad):
    with pytest.raises(ValueError, match=r"^usd_per_gpu_hour=.*: allowed: numbers"):
        check("usd_per_gpu_hour", bad)


def test_numbers_and_numeric_strings_still_pass():
    assert float(_checks.positive("x", "2.5")) == 2.5
    assert _checks.nonneg("x", [0, 1.5]).tolist() == [0.0, 1.5]


def test_a_figure_given_a_word_for_a_price_says_which_argument():
    with pytest.raises(ValueError, match=r"usd_per_gpu_hour='x': allowed: numbers"):
        explorables.roofline_figure(usd_per_gpu_hour="x")
