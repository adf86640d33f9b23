"""Tests of llmscale.fitting: Hoffmann et al.'s Approach-3 refit, its bootstrap and synthetic runs."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize

from llmscale import fitting, laws

EPOCH_POINTS = Path(__file__).resolve().parents[1] / ".." / "shared" / "reference" / "epoch_chinchilla_fig4_points.csv"


def _epoch_points():
    """Epoch AI's extraction of Hoffmann Fig. 4: skip where absent, fail in CI."""
    if not EPOCH_POINTS.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{EPOCH_POINTS} is required in CI (the Approach-3 faithfulness test)")
        pytest.skip("../shared/reference/epoch_chinchilla_fig4_points.csv is absent (it is not shipped; "
                    "public at github.com/epoch-research/analyzing-chinchilla, data/svg_extracted_data.csv)")
    return fitting.load_points(EPOCH_POINTS, drop_highest_loss=5)


@pytest.fixture(scope="module")
def epoch_fit():
    n, d, loss = _epoch_points()
    return n, d, loss, fitting.fit_approach3(n, d, loss)


# --- the objective --------------------------------------------------------------------------

def test_grid_is_hoffmanns():
    g = fitting.hoffmann_grid()
    assert g.shape == (4500, 5)
    assert sorted(set(g[:, 0])) == [0, 5, 10, 15, 20, 25] and sorted(set(g[:, 2])) == [-1, -0.5, 0, 0.5, 1]
    assert sorted(set(g[:, 3])) == [0, 0.5, 1, 1.5, 2]
    assert len({tuple(r) for r in g}) == 4500


def test_analytic_gradient_matches_finite_differences():
    from scipy.special import huber, logsumexp

    rng = np.random.default_rng(1)
    n, d, loss = fitting.synthetic_runs("hoffmann2022", n_runs=40, noise=0.05, seed=3)
    ln, ld, ll = np.log(n), np.log(d), np.log(loss)
    x = np.array([[6.0, 7.0, 0.5, 0.35, 0.3], [1.0, 20.0, -0.5, 0.1, 1.2], [25.0, 0.0, 1.0, 2.0, 0.0]])
    w = rng.integers(0, 3, size=(3, 40)).astype(float)
    for weights in (None, w):
        f, g = fitting._objective_and_grad(x, ln, ld, ll, 1e-3, weights)
        for i in range(3):
            def obj(z, i=i, weights=weights):
                pred = logsumexp([z[0] - z[3] * ln, z[1] - z[4] * ld, np.full_like(ln, z[2])], axis=0)
                h = huber(1e-3, pred - ll)
                return np.sum(h if weights is None else h * weights[i])
            assert f[i] == pytest.approx(obj(x[i]), rel=1e-12)
            h = 1e-6
            num = np.array([(obj(x[i] + h * e) - obj(x[i] - h * e)) / (2 * h) for e in np.eye(5)])
            assert g[i] == pytest.approx(num, rel=1e-5, abs=1e-9)


def test_huber_matches_scipy():
    from scipy.special import huber
    r = np.array([-0.01, -1e-3, -1e-4, 0.0, 5e-4, 2e-3])
    assert fitting.huber(r) == pytest.approx(huber(1e-3, r), rel=1e-15)


# --- the fit ----------------------------------------------------------------------------------

def test_fit_recovers_noise_free_synthetic_law():
    law = laws.PRESETS["besiroglu2024"]
    n, d, loss = fitting.synthetic_runs(law, n_runs=120, noise=0.0, seed=0, flop_range=(1e18, 1e23))
    fit = fitting.fit_approach3(n, d, loss, starts="coarse")
    assert fit.n_starts == 72 and fit.objective < 1e-12
    for k in ("E", "A", "B", "alpha", "beta"):
        assert getattr(fit, k) == pytest.approx(getattr(law, k), rel=1e-3), k
    assert fit.law().compute_optimal(1e24)[0] == pytest.approx(law.compute_optimal(1e24)[0], rel=1e-3)


def test_faithful_to_besiroglu_et_al(epoch_fit):
    """Hoffmann's procedure on Epoch's points gives Besiroglu et al.'s numbers within 0.5 %."""
    n, d, loss, fit = epoch_fit
    assert len(n) == 240
    expect = fitting.BESIROGLU_HUBER_FIT
    assert expect == {"A": 477.8, "B": 2143.0, "E": 1.8172, "alpha": 0.3473, "beta": 0.3672}
    for k, v in expect.items():
        assert getattr(fit, k) == pytest.approx(v, rel=5e-3), k
    assert fit.n_starts == 4500 and fit.n_converged == 4500
    assert fit.objective == pytest.approx(fitting.approach3_objective(fit.x, n, d, loss), rel=1e-12)
    # the naive procedure (scipy L-BFGS-B, numeric gradients) from a spread of grid starts finds nothing better
    g = fitting.hoffmann_grid()[::450]
    lo = fitting.approach3_objective
    best = min(minimize(lambda z: lo(z, n, d, loss), z0, method="L-BFGS-B").fun for z0 in g)
    assert fit.objective <= best + 1e-10


def test_bootstrap_on_epoch_points(epoch_fit):
    n, d, loss, fit = epoch_fit
    s = fitting.bootstrap_approach3(n, d, loss, n_resamples=1000, seed=0, start=fit)
    sd = s.std(axis=0)
    # Besiroglu et al. (2024), Table 1 standard errors: A 124.58, B 1293.23, E 0.03, alpha 0.02, beta 0.02
    assert 90 < sd[1] < 170 and 900 < sd[2] < 1800
    assert 0.015 < sd[0] < 0.04 and 0.01 < sd[3] < 0.03 and 0.01 < sd[4] < 0.03
    ci = fitting.bootstrap_interval(s)
    assert ci["alpha"][0] < fit.alpha < ci["alpha"][1]


def test_bootstrap_shape_and_determinism():
    n, d, loss = fitting.synthetic_runs("besiroglu2024", n_runs=60, noise=0.02, seed=1)
    fit = fitting.fit_approach3(n, d, loss, starts="coarse")
    a = fitting.bootstrap_approach3(n, d, loss, n_resamples=20, seed=5, start=fit)
    b = fitting.bootstrap_approach3(n, d, loss, n_resamples=20, seed=5, start=fit)
    assert a.shape == (20, 5) and np.array_equal(a, b)


# --- how many runs ------------------------------------------------------------------------------

def test_runs_needed():
    assert fitting.runs_for_target_width(240, 0.02, 0.001) == pytest.approx(96_000)
    w = 0.5 / np.sqrt([50, 200, 800])
    assert fitting.runs_for_target_width([50, 200, 800], w, 0.001) == pytest.approx(250_000)
    assert fitting.sqrt_n_width_constant([50, 200, 800], w) == pytest.approx(0.5)
    assert fitting.extrapolated_width([250_000, 100.0], [50, 200, 800], w) == pytest.approx([0.001, 0.05])


def test_parameter_recovery_small():
    rec = fitting.parameter_recovery("besiroglu2024", n_runs=(40, 160), noise=0.02, n_bootstrap=20, seed=0)
    assert list(rec["n_runs"]) == [40, 160]
    assert (rec["a_lo"] <= rec["a_hi"]).all() and (rec["a_width"] > 0).all()
    assert rec["a_width"].iloc[1] < rec["a_width"].iloc[0]                 # more runs, narrower interval
    # the fits scatter around the true exponent by about the width of their intervals
    assert (abs(rec["a_fit"] - laws.PRESETS["besiroglu2024"].a) < rec["a_width"]).all()


def test_load_points_generic(tmp_path):
    p = tmp_path / "runs.csv"
    p.write_text("N,C,loss\n1e9,6e19,3.0\n2e9,1.2e20,2.9\n4e9,2.4e20,4.0\n")
    n, d, loss = fitting.load_points(p, drop_highest_loss=1)
    assert list(n) == [2e9, 1e9] and list(d) == [1e10, 1e10] and list(loss) == [2.9, 3.0]
    bad = tmp_path / "bad.csv"
    bad.write_text("params,tokens,loss\n1,2,3\n")
    with pytest.raises(ValueError, match="path=.*allowed: N, loss and D or C"):
        fitting.load_points(bad)
    with pytest.raises(ValueError, match="path=.*file not found"):
        fitting.load_points(tmp_path / "missing.csv")


# --- bad input ----------------------------------------------------------------------------

@pytest.mark.parametrize("call, name", [
    (lambda: fitting.fit_approach3([1e9] * 6, [1e10] * 5, [3.0] * 6), "N, D and loss"),
    (lambda: fitting.fit_approach3([1e9] * 4, [1e10] * 4, [3.0] * 4), "at least 5"),
    (lambda: fitting.fit_approach3([1e9] * 6, [1e10] * 6, [3.0] * 6, delta=0), "delta="),
    (lambda: fitting.fit_approach3([1e9] * 6, [1e10] * 6, [3.0] * 6, starts="grid"), "starts="),
    (lambda: fitting.fit_approach3([1e9] * 6, [1e10] * 6, [3.0] * 6, starts=np.zeros((3, 4))), "starts"),
    (lambda: fitting.bootstrap_approach3([1e9] * 6, [1e10] * 6, [3.0] * 6, n_resamples=0), "n_resamples="),
    (lambda: fitting.bootstrap_interval(np.zeros((3, 4))), "samples"),
    (lambda: fitting.synthetic_runs(n_runs=2), "n_runs="),
    (lambda: fitting.synthetic_runs(noise=-1), "noise="),
    (lambda: fitting.runs_for_target_width(240, 0.02, 0), "target_width="),
])
def test_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()
