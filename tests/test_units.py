import math

import numpy as np
import pytest

from llmscale import units


def test_gb_vs_gib():
    assert units.GB == 1e9
    assert units.GiB == 1073741824
    assert units.GiB / units.GB == pytest.approx(1.073741824)


def test_pf_day_is_kaplan_unit():
    # Kaplan et al. (2020): 1 PF-day = 1e15 * 24 * 3600 = 8.64e19 FLOP
    assert units.PF_DAY == pytest.approx(8.64e19)


@pytest.mark.parametrize(
    "value, expected",
    [(3.8e25, "3.8e25 FLOP"), (3.14e23, "3.1e23 FLOP"), (1e23, "1e23 FLOP"), (9.99e22, "1e23 FLOP")],
)
def test_format_flop(value, expected):
    assert units.format_flop(value) == expected


def test_format_bytes():
    assert units.format_bytes(516_096) == "516 kB"
    assert units.format_bytes(2**30, binary=True) == "1 GiB"
    assert units.format_bytes(640e9) == "640 GB"
    assert units.format_bytes(12) == "12 B"


def test_format_usd_and_counts():
    assert units.format_usd(1.2e6) == "$1.2M"
    assert units.format_usd(63e6) == "$63M"
    assert units.format_usd(200) == "$200.00"
    assert units.format_count(15.6e12) == "15.6T"
    assert units.format_count(405.85e9, 4) == "405.9B"
    assert units.format_si(989e12, "FLOP/s") == "989 TFLOP/s"


def test_sig():
    assert units.sig(10**0.73) == "5.37"
    assert units.sig(1234567) == "1.23e+06"


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_formatters_reject_non_finite(bad):
    with pytest.raises(ValueError, match="value"):
        units.format_sci(bad)
    with pytest.raises(ValueError, match="n_bytes"):
        units.format_bytes(bad)


def test_orders_of_magnitude():
    assert units.orders_of_magnitude(1e4) == pytest.approx(4.0)
    np.testing.assert_allclose(units.orders_of_magnitude([10, 100]), [1, 2])
    with pytest.raises(ValueError, match="ratio"):
        units.orders_of_magnitude(-1)
