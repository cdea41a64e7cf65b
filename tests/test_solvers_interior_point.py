"""The interior-point method of lad_regression and quantile_regression against the exact LP.

The default ``method="interior-point"`` must reach the minimum the simplex method reaches (to
1e-9 relative), return a vertex, and be certified, on random and on degenerate problems: ties,
duplicated rows, p close to n, zero weights, extreme quantiles.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import QuantileRegressor

from l1tutor import losses, solvers
from l1tutor.solvers._interior_point import frisch_newton, nearest_vertex


def _both(X, y, **kwargs):
    interior = solvers.quantile_regression(X, y, method="interior-point", **kwargs)
    simplex = solvers.quantile_regression(X, y, method="simplex", **kwargs)
    return interior, simplex


def _assert_same_minimum(interior, simplex, y):
    assert interior.converged and simplex.converged
    # The interior-point minimum may even be lower: HiGHS stops at its own tolerances. An
    # interpolating fit has a minimum of 0, that is rounding of the size of the data.
    rounding = 1e-12 * float(np.abs(y).sum())
    assert interior.objective <= simplex.objective * (1 + 1e-9) + rounding


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(3, 60),
    p=st.integers(0, 4),
    quantile=st.floats(0.05, 0.95),
)
def test_the_interior_point_minimum_is_the_simplex_minimum(seed, n, p, quantile):
    rng = np.random.default_rng(seed)
    p = min(p, n - 1)
    X = rng.normal(size=(n, p))
    y = X @ rng.normal(size=p) + rng.standard_t(2, size=n)
    interior, simplex = _both(X, y, quantile=quantile)
    _assert_same_minimum(interior, simplex, y)


@pytest.mark.parametrize(
    "case",
    ["ties", "duplicated rows", "p = n - 1", "p = n - 2", "zero weights", "integer design"],
)
def test_degenerate_problems_reach_the_same_minimum(case):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(30, 3))
    y = X @ [1.0, -1.0, 0.5] + rng.standard_t(2, size=30)
    weights = None
    if case == "ties":
        y = np.round(y)  # many equal targets: many optimal vertices
    elif case == "duplicated rows":
        X, y = np.vstack([X, X[:10]]), np.concatenate([y, y[:10]])
    elif case == "p = n - 1":
        X, y = X[:4], y[:4]
    elif case == "p = n - 2":
        X, y = X[:5], y[:5]
    elif case == "zero weights":
        weights = np.where(np.arange(30) % 3 == 0, 0.0, 1.0)
    elif case == "integer design":
        X = np.round(2 * X)
    for quantile in (0.25, 0.5, 0.9):
        interior, simplex = _both(X, y, quantile=quantile, sample_weight=weights)
        _assert_same_minimum(interior, simplex, y)


@pytest.mark.parametrize("quantile", [1e-9, 1e-6, 1 - 1e-6, 1 - 1e-9])
def test_extreme_quantiles_are_certified_by_the_exact_dual_of_the_vertex(quantile):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(40, 2))
    y = X @ [1.0, -2.0] + rng.standard_t(3, size=40)
    interior, simplex = _both(X, y, quantile=quantile)
    _assert_same_minimum(interior, simplex, y)


def test_the_fit_is_a_vertex_through_p_points():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 4))
    y = X @ [1.0, 2.0, 0.0, -1.0] + rng.laplace(size=200)
    fit = solvers.lad_regression(X, y)
    residuals = y - fit.predict(X)
    assert np.count_nonzero(np.abs(residuals) < 1e-9) >= 5  # p + 1 with the intercept


def test_scikit_learn_reaches_the_same_minimum():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(300, 3))
    y = X @ [0.5, -1.0, 2.0] + rng.standard_t(3, size=300)
    for quantile in (0.1, 0.5, 0.8):
        ours = solvers.quantile_regression(X, y, quantile=quantile)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scikit-learn's own deprecations
            theirs = QuantileRegressor(quantile=quantile, alpha=0.0, solver="highs").fit(X, y)
        reference = losses.pinball_loss(y, theirs.predict(X), quantile=quantile, reduction="sum")
        assert ours.objective <= reference * (1 + 1e-9)
        np.testing.assert_allclose(ours.coef, theirs.coef_, atol=1e-6)


def test_frisch_newton_certifies_its_own_answer():
    rng = np.random.default_rng(2)
    Z = np.column_stack([np.ones(500), rng.normal(size=(500, 2))])
    y = Z @ [1.0, 2.0, -1.0] + rng.standard_t(2, size=500)
    y = y / np.abs(y).max()
    s = np.ones(500)
    beta, d, n_iter, converged = frisch_newton(Z, y, s, 0.3)
    assert converged and 5 <= n_iter <= 60
    assert np.all((d > -0.7 * s) & (d < 0.3 * s))  # strictly inside the box
    np.testing.assert_allclose(Z.T @ d, 0.0, atol=1e-10)
    r = y - Z @ beta
    primal = float(s @ np.where(r >= 0, 0.3 * r, -0.7 * r))
    assert abs(primal - y @ d) <= 1e-10 * np.abs(y).sum()
    vertex, exact = nearest_vertex(Z, y, s, 0.3, beta)
    assert exact is not None and abs(y @ exact - primal) <= 1e-12 * np.abs(y).sum()
    assert np.count_nonzero(np.abs(y - Z @ vertex) < 1e-12) >= 3


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="method must be one of"):
        solvers.lad_regression([[0.0], [1.0]], [0.0, 1.0], method="barrier")
