"""Tests of llmscale.optim: the batched L-BFGS."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from llmscale import optim


def _rosenbrock(x, rows):
    a, b = x[:, 0], x[:, 1]
    f = (1 - a) ** 2 + 100 * (b - a * a) ** 2
    g = np.stack([-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)], axis=1)
    return f, g


def test_batched_lbfgs_rosenbrock():
    x0 = np.array([[-1.2, 1.0], [2.0, 2.0], [0.0, -3.0], [1.0, 1.0]])
    res = optim.batched_lbfgs(_rosenbrock, x0, gtol=1e-10, ftol=0.0)
    assert np.allclose(res.x, 1.0, atol=1e-6)
    assert res.status[3] == 0 and res.n_iter[3] == 0          # already at the optimum
    ref = minimize(lambda z: _rosenbrock(z[None], None)[0][0], x0[0], jac=lambda z: _rosenbrock(z[None], None)[1][0],
                   method="L-BFGS-B")
    assert res.fun[0] <= ref.fun + 1e-12


def test_rows_are_independent_and_stop_on_their_own():
    """A row's result does not depend on the other rows of the batch; max_iter stops a row with status 3."""
    x0 = np.array([[-1.2, 1.0], [2.0, 2.0], [0.0, -3.0]])
    together = optim.batched_lbfgs(_rosenbrock, x0, gtol=1e-10, ftol=0.0)
    alone = optim.batched_lbfgs(_rosenbrock, x0[1:2], gtol=1e-10, ftol=0.0)
    assert together.x[1] == pytest.approx(alone.x[0], abs=1e-12)
    assert together.n_iter[1] == alone.n_iter[0]
    short = optim.batched_lbfgs(_rosenbrock, x0, max_iter=3, gtol=1e-10, ftol=0.0)
    assert list(short.status) == [3, 3, 3] and list(short.n_iter) == [3, 3, 3]


def test_rows_passed_to_the_objective_are_original_row_numbers():
    seen = set()
    centres = np.array([[1.0], [2.0], [3.0]])

    def fg(x, rows):
        seen.update(int(r) for r in rows)
        d = x - centres[rows]
        return (d ** 2).sum(axis=1), 2 * d

    res = optim.batched_lbfgs(fg, np.zeros((3, 1)))
    assert res.x[:, 0] == pytest.approx([1.0, 2.0, 3.0], abs=1e-6)
    assert seen == {0, 1, 2} and np.all(res.status <= 1)
