"""Tests of llmscale.laws: Kaplan's and Chinchilla's laws, the presets and Hoffmann et al.'s tables."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from llmscale import flops, laws, params

# --- presets and the closed form ---------------------------------------------------------

def test_presets_published_constants():
    h = laws.get_preset("hoffmann2022")
    assert (h.E, h.A, h.B, h.alpha, h.beta) == (1.69, 406.4, 410.7, 0.34, 0.28)
    u = laws.get_preset("Hoffmann2022_Unrounded")
    # the log-form constants round to the printed ones (Hoffmann et al. Eq. 10 vs its TeX source)
    assert u.A == pytest.approx(406.4, rel=5e-4) and u.B == pytest.approx(410.7, rel=5e-4)
    assert u.E == pytest.approx(1.69, rel=5e-3)
    b = laws.PRESETS["besiroglu2024"]
    assert (b.E, b.A, b.B, b.alpha, b.beta) == (1.8172, 482.01, 2085.43, 0.3478, 0.3658)
    assert laws.preset is laws.get_preset
    assert laws.get_preset(b) is b
    assert u.as_log_params() == pytest.approx((6.0073404, 6.0179186, 0.5267228, 0.33917, 0.28491), rel=1e-12)


def test_params_choices_match_presets():
    p = {q.name: q for q in params.spec("01")}
    assert sorted(p["preset"].choices) == sorted(laws.PRESETS)
    q = {q.name: q for q in params.spec("02")}
    assert q["preset"]._choices() == sorted(laws.PRESETS)


def test_unknown_preset_did_you_mean():
    with pytest.raises(ValueError, match=r"preset='hoffman2022'.*Did you mean 'hoffmann2022'"):
        laws.get_preset("hoffman2022")
    with pytest.raises(ValueError, match="preset"):
        laws.chinchilla_loss(1e9, 1e10, preset=3)


def test_chinchilla_loss_values_and_limits():
    n, d = 70e9, 1.4e12
    expect = 1.69 + 406.4 / n**0.34 + 410.7 / d**0.28
    assert laws.chinchilla_loss(n, d, "hoffmann2022") == pytest.approx(expect, rel=1e-12)
    assert laws.chinchilla_loss(n, d) == pytest.approx(1.936, abs=1e-3)
    law = laws.PRESETS["besiroglu2024"]
    assert law.loss(1e30, 1e30) == pytest.approx(law.E, abs=1e-6)
    ns = np.logspace(7, 12, 20)
    assert np.all(np.diff(law.loss(ns, 1e11)) < 0) and np.all(np.diff(law.loss(1e9, ns)) < 0)


def test_limits_of_the_law():
    law = laws.PRESETS["hoffmann2022"]
    assert law.loss_infinite_data(1e9) == pytest.approx(law.loss(1e9, 1e80), rel=1e-12)
    assert law.loss_infinite_params(1e11) == pytest.approx(law.loss(1e80, 1e11), rel=1e-12)


@pytest.mark.parametrize("name", sorted(laws.PRESETS))
@pytest.mark.parametrize("c", [1e21, 5.76e23, 1e26])
def test_closed_form_matches_brute_force(name, c):
    n_opt, d_opt = laws.compute_optimal(c, name)
    assert 6 * n_opt * d_opt == pytest.approx(c, rel=1e-12)
    r = minimize_scalar(lambda u: laws.isoflop_loss(10**u, c, name), bounds=(5, 15), method="bounded",
                        options={"xatol": 1e-10})
    assert 10**r.x == pytest.approx(n_opt, rel=1e-4)
    assert laws.tokens_per_param_optimal(c, name) == pytest.approx(d_opt / n_opt, rel=1e-12)
    assert laws.flop_for_params(n_opt, name) == pytest.approx(c, rel=1e-9)
    assert laws.tokens_for_params(n_opt, name) == pytest.approx(d_opt, rel=1e-9)
    assert laws.optimal_loss(c, name) == pytest.approx(float(r.fun), rel=1e-9)


def test_frontier_exponents_against_table2():
    t2 = laws.hoffmann_table2().set_index("name")
    h = laws.PRESETS["hoffmann2022"]
    # Hoffmann's rounded fit gives a = beta/(alpha+beta) = 0.4516, Table 2 prints 0.46 for Approach 3
    assert h.a == pytest.approx(t2.loc["Approach 3", "a"], abs=0.01)
    assert h.a + h.b == pytest.approx(1.0)
    assert t2.loc["Approach 1", "a"] == 0.50 and t2.loc["Kaplan et al. (2020)", "a"] == 0.73
    assert laws.PRESETS["besiroglu2024"].a == pytest.approx(0.5126, abs=1e-4)


def test_tokens_per_param_across_compute():
    c = np.array([1e20, 1e27])
    hoff = laws.tokens_per_param_optimal(c, "hoffmann2022")
    epoch = laws.tokens_per_param_optimal(c, "besiroglu2024")
    assert hoff == pytest.approx([40.1, 190.7], rel=1e-2)       # rises with compute (alpha > beta)
    assert epoch == pytest.approx([22.9, 15.2], rel=1e-2)       # near 20, falls slowly (alpha < beta)
    assert laws.tokens_per_param_optimal(5.76e23, "besiroglu2024") == pytest.approx(18.4, abs=0.1)


@pytest.mark.parametrize("name", sorted(laws.PRESETS))
def test_flop_for_tokens_per_param_inverts(name):
    k = np.array([16.0, 25.0, 60.0])
    c = laws.flop_for_tokens_per_param(k, name)
    assert laws.tokens_per_param_optimal(c, name) == pytest.approx(k, rel=1e-9)
    equal = laws.ChinchillaLaw("equal", E=1.7, A=400.0, B=400.0, alpha=0.3, beta=0.3)
    with pytest.raises(ValueError, match="alpha == beta"):
        laws.flop_for_tokens_per_param(20.0, equal)


def test_quoted_tokens_per_param_ranges():
    """The quoted "about 60-140" (rounded Hoffmann) and "about 16-25" (Epoch) against 1e20-1e27 FLOP."""
    lo, hi = laws.flop_for_tokens_per_param(np.array([60.0, 140.0]), "hoffmann2022")
    # the printed law gives 60-140 only from about 6.5e21 to 4.1e25 FLOP, inside 1e20-1e27 (where it spans 40-191)
    assert lo == pytest.approx(6.47e21, rel=1e-2) and hi == pytest.approx(4.10e25, rel=1e-2)
    hi_e, lo_e = laws.flop_for_tokens_per_param(np.array([16.0, 25.0]), "besiroglu2024")
    # Epoch's refit falls with compute: 25 at about 3e18 FLOP, 16 at about 1.4e26 FLOP
    assert lo_e == pytest.approx(2.98e18, rel=1e-2) and hi_e == pytest.approx(1.44e26, rel=1e-2)


def test_table3_reproduced_and_law_distance():
    t = laws.hoffmann_table3()
    assert len(t) == 9
    # FLOPs = 6 N D up to the rounding of the printed token counts; the Gopher column = FLOPs / 5.76e23
    assert np.allclose(t["six_nd_flop"] / t["flop"], 1.0, atol=0.09)
    assert np.allclose(t["gopher_units_recomputed"] / t["flop_gopher_units"], 1.0, atol=0.03)
    assert t["tokens_per_param"].between(19.9, 22.5).all()
    far = laws.table3_vs_law("hoffmann2022").set_index("name")
    assert far.loc["175B", "tokens_ratio"] == pytest.approx(6.30, abs=0.01)
    near = laws.table3_vs_law("besiroglu2024").set_index("name")
    assert near.loc["175B", "tokens_ratio"] == pytest.approx(0.833, abs=0.005)
    # across all nine rows: the printed Approach-3 closed form puts 1.8x (400M) to 14.7x (10T) Table 3's tokens
    assert far["tokens_ratio"].min() == pytest.approx(1.81, abs=0.01)
    assert far["tokens_ratio"].max() == pytest.approx(14.66, abs=0.01)
    assert far["tokens_ratio"].is_monotonic_increasing
    assert near["tokens_ratio"].between(0.66, 1.19).all()


# --- Kaplan ---------------------------------------------------------------------------------

def test_kaplan_laws():
    n_f, d_f = laws.kaplan_allocation(10)
    assert (round(n_f, 2), round(d_f, 2)) == (5.37, 1.86)
    # "doubling the number of parameters yields a loss that is smaller by a factor 2^-0.076 = 0.95" (Sec. 1.2)
    assert laws.kaplan_loss_n(2e9) / laws.kaplan_loss_n(1e9) == pytest.approx(0.949, abs=1e-3)
    assert laws.kaplan_loss_n(8.8e13) == pytest.approx(1.0)
    assert laws.kaplan_loss_d(5.4e13) == pytest.approx(1.0)
    assert laws.kaplan_loss_c(3.1e8 * 8.64e19) == pytest.approx(1.0)
    # Eq. 1.5 tends to its own (Table 2) L(N) as D -> infinity, not to Table 5's
    assert laws.kaplan_loss_nd(1e9, 1e30) == pytest.approx((6.4e13 / 1e9) ** 0.076, rel=1e-9)
    assert laws.kaplan_loss_nd(1e9, 1e9) > laws.kaplan_loss_nd(1e9, 1e12)
    a, b = laws.chinchilla_allocation(10, "besiroglu2024")
    assert a * b == pytest.approx(10.0)


def test_kaplan_isoflop_loss():
    n, c = np.array([1e8, 1e9, 1e10]), 1e21
    assert laws.kaplan_isoflop_loss(n, c) == pytest.approx(laws.kaplan_loss_nd(n, c / (6 * n)), rel=1e-15)
    # on a slice, Eq. 1.5 has an interior minimum: too small a model and too little data both cost
    grid = np.logspace(6, 12.5, 200)
    i = int(np.argmin(laws.kaplan_isoflop_loss(grid, c)))
    assert 0 < i < len(grid) - 1


def test_diminishing_returns():
    assert laws.data_multiplier_for_same_gain(np.array([1e9, 1e12])) == pytest.approx([10.0, 10.0])
    m = laws.data_multiplier_for_same_gain(1e9, law="hoffmann2022")
    assert 10 < m < math.inf
    assert laws.data_multiplier_for_same_gain(1e10, law="besiroglu2024") == math.inf


def test_rule_of_thumb_gpt3():
    n, d = laws.rule_of_thumb_optimal(flops.training_flop(175e9, 300e9))
    assert n == pytest.approx(51.2e9, rel=1e-3) and d == pytest.approx(1.025e12, rel=1e-3)
    assert d / n == pytest.approx(laws.CHINCHILLA_TOKENS_PER_PARAM)


def test_kaplan_optimal_params_figure14():
    # Kaplan et al. (2020) Fig. 14 / Table 6: N_opt = 1.3e9 * (C_min / PF-day)^0.73
    assert laws.kaplan_optimal_params(8.64e19) == pytest.approx(1.3e9, rel=1e-12)
    # Eq. (6.8): C* ~ 1e4 PF-days goes with N* ~ 1e12 parameters
    assert laws.kaplan_optimal_params(1e4 * 8.64e19) == pytest.approx(1.08e12, rel=0.01)
    n = laws.kaplan_optimal_params(np.array([1e22, 1e23]))
    assert n[1] / n[0] == pytest.approx(laws.kaplan_allocation(10.0)[0], rel=1e-12)  # 5.37x per 10x


# --- bad input ----------------------------------------------------------------------------

@pytest.mark.parametrize("call, name", [
    (lambda: laws.chinchilla_loss(-1, 1e10), "N="),
    (lambda: laws.chinchilla_loss(1e9, np.nan), "D="),
    (lambda: laws.chinchilla_loss([], 1e10), "N="),
    (lambda: laws.compute_optimal(0), "C="),
    (lambda: laws.kaplan_loss_n(0), "N="),
    (lambda: laws.kaplan_loss_c(-5), "C_flop="),
    (lambda: laws.kaplan_isoflop_loss(1e9, 0), "C="),
    (lambda: laws.kaplan_allocation(0), "compute_ratio="),
    (lambda: laws.kaplan_optimal_params(-1e20), "C_flop="),
    (lambda: laws.rule_of_thumb_optimal(1e23, 0), "tokens_per_param="),
    (lambda: laws.ChinchillaLaw("x", E=1, A=-1, B=1, alpha=0.3, beta=0.3), "A="),
])
def test_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()
