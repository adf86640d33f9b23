"""Tests of llmscale.growth's catch-up arithmetic (chapter 03): You (2025)'s numbers, brute force, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from llmscale import growth


def test_months_between_o1_o3():
    # o1 GA 2024-12-05 to o3 2025-04-16: 132 days.
    assert growth.months_between("2024-12-05", "2025-04-16") == pytest.approx(132 / (365.25 / 12))
    with pytest.raises(ValueError, match="ISO"):
        growth.months_between("Dec 2024", "2025-04-16")


def test_growth_rates():
    assert growth.growth_per_year(4.0) == pytest.approx(1000.0)
    assert growth.growth_per_year(12.0) == pytest.approx(10.0)
    assert growth.months_per_10x(10.0, 4.0) == pytest.approx(4.0)
    assert growth.months_per_10x(100.0, 6.0) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="ratio"):
        growth.months_per_10x(0.5, 4.0)


def test_gap_closing_rate():
    # 10x every 5 months against 4x a year: 2.4 - 0.602 = 1.8 OOM a year; every 3 months: 3.4.
    assert growth.gap_closing_oom_per_year(5.0, 4.0) == pytest.approx(12 / 5 - math.log10(4))
    assert growth.gap_closing_oom_per_year(3.0) == pytest.approx(3.398, abs=1e-3)
    # Consistent with catch_up_months: G OOM close in 12 G / rate months.
    assert growth.catch_up_months(3, 5, 4) == pytest.approx(12 * 3 / growth.gap_closing_oom_per_year(5, 4))
    assert growth.gap_closing_oom_per_year(24.0, 4.0) < 0
    with pytest.raises(ValueError, match="months_per_10x"):
        growth.gap_closing_oom_per_year(0.0, 4.0)


def test_catch_up_formula_against_brute_force():
    for gap, m, g in [(1, 3, 4), (2, 4, 4), (3, 5, 4), (3, 4, 10)]:
        t_formula = growth.catch_up_months(gap, m, g)
        t = np.linspace(0, 60, 600_001)
        r, f = growth.trajectory(t, 1.0, 10.0 ** gap, m, g)
        first = t[np.argmax(r >= f * (1 - 1e-12))]
        assert first == pytest.approx(t_formula, abs=1e-3)


def test_catch_up_known_values_and_limits():
    rate = 1 / 3 - math.log10(4) / 12
    assert growth.catch_up_months(3, 3, 4) == pytest.approx(3 / rate)
    assert growth.catch_up_months(3, 5, 4) / 12 == pytest.approx(1.6686, abs=1e-3)
    assert growth.catch_up_months(0, 4, 4) == 0.0
    # 10x every 24 months is 3.2x/year, slower than 4x/year: never catches up.
    assert growth.catch_up_months(1, 24, 4) == math.inf
    # Monotone: a bigger gap or slower growth takes longer.
    t = growth.catch_up_months(np.array([1, 2, 3]), 4, 4)
    assert np.all(np.diff(t) > 0) and t[1] == pytest.approx(2 * t[0])
    assert growth.catch_up_months(2, 5, 4) > growth.catch_up_months(2, 3, 4)


def test_catch_up_meeting_point_and_growth_after():
    # You (2025): 10x every 3-5 months, 4x/year frontier, 3 OOM gap: meet within two years, then 4x/year.
    c = growth.catch_up(3.0, 5.0, 4.0)
    assert c.months == pytest.approx(growth.catch_up_months(3.0, 5.0, 4.0))
    assert c.years == pytest.approx(1.6686, abs=1e-3)
    assert c.growth_per_year_before == pytest.approx(10 ** (12 / 5))
    assert c.growth_per_year_after == 4.0
    assert c.slowdown == pytest.approx(10 ** 2.4 / 4)
    # Brute force: the trajectory's growth over the year after the meeting point is the frontier's.
    r, _ = growth.trajectory(np.array([c.months, c.months + 12]), 1e23, 1e26, 5.0, 4.0)
    assert r[1] / r[0] == pytest.approx(4.0)
    # Never catching up: nothing changes.
    slow = growth.catch_up(np.array([1.0, 2.0]), 24.0, 4.0)
    assert np.all(np.isinf(slow.months)) and np.all(slow.slowdown == 1.0)
    assert np.allclose(slow.growth_per_year_after, slow.growth_per_year_before)


def test_trajectory_follows_frontier_after_meeting():
    t = np.arange(0, 61, 12.0)
    r, f = growth.trajectory(t, 1e24, 1e26, 4.0, 4.0)
    assert np.all(r <= f)
    assert r[-1] == pytest.approx(f[-1])
    assert r[-1] / r[-2] == pytest.approx(4.0)          # frontier's 4x per year after meeting
    assert f[1] / f[0] == pytest.approx(4.0)
    with pytest.raises(ValueError, match="months"):
        growth.trajectory(np.array([0.0, np.inf]), 1e24, 1e26, 4.0)


def test_catch_up_bad_input():
    with pytest.raises(ValueError, match="gap_orders_of_magnitude"):
        growth.catch_up_months(-1, 4, 4)
    with pytest.raises(ValueError, match="months_per_10x"):
        growth.catch_up_months(1, 0, 4)
    with pytest.raises(ValueError, match="frontier_growth_per_year"):
        growth.catch_up_months(1, 4, 0.5)
