"""Tests of l1tutor.solvers.l2_penalty: Ridge against scikit-learn and its normal equations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from problems import problem
from sklearn.linear_model import Ridge

from l1tutor.solvers import RidgePath, ridge, ridge_path


@pytest.mark.parametrize("shape", [(40, 6), (15, 30)])
@pytest.mark.parametrize("alpha", [1e-3, 0.1, 10.0])
def test_ridge_is_sklearn_ridge_with_alpha_times_n(shape, alpha):
    X, y = problem(*shape, seed=12)
    ours = ridge(X, y, alpha)
    ref = Ridge(alpha=alpha * shape[0], solver="svd").fit(X, y)
    np.testing.assert_allclose(ours.coef, ref.coef_, rtol=1e-8, atol=1e-10)
    assert ours.intercept == pytest.approx(ref.intercept_, rel=1e-8)


def test_ridge_solves_its_normal_equations():
    X, y = problem(30, 5, seed=13)
    alpha = 0.3
    res = ridge(X, y, alpha)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    gradient = -Xc.T @ (yc - Xc @ res.coef) / len(y) + alpha * res.coef
    np.testing.assert_allclose(gradient, 0.0, atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), alpha=st.floats(1e-4, 1e3))
def test_ridge_coefficients_are_all_nonzero_on_generic_data(seed, alpha):
    X, y = problem(20, 50, seed=seed)
    assert np.all(ridge(X, y, alpha).coef != 0.0)


def test_ridge_at_alpha_zero_is_minimum_norm_least_squares():
    X, y = problem(10, 4, seed=14, offset=0.0)
    np.testing.assert_allclose(
        ridge(X, y, 0.0, fit_intercept=False).coef,
        np.linalg.lstsq(X, y, rcond=None)[0],
        atol=1e-12,
    )
    wide_X, wide_y = problem(4, 10, seed=15, offset=0.0)
    np.testing.assert_allclose(
        ridge(wide_X, wide_y, 0.0, fit_intercept=False).coef,
        np.linalg.pinv(wide_X) @ wide_y,
        atol=1e-12,
    )


def test_ridge_path_columns_are_single_fits_and_alphas_decrease():
    X, y = problem(25, 7, seed=16)
    path = ridge_path(X, y, [0.01, 1.0, 0.1], standardize=True)
    assert isinstance(path, RidgePath)
    np.testing.assert_array_equal(path.alphas, [1.0, 0.1, 0.01])
    for i, alpha in enumerate(path.alphas):
        single = ridge(X, y, alpha, standardize=True)
        np.testing.assert_allclose(path.coefs[:, i], single.coef, rtol=1e-12)
        assert path.intercepts[i] == pytest.approx(single.intercept, rel=1e-12)
    np.testing.assert_array_equal(path.n_nonzero, [7, 7, 7])
    # More penalty, smaller (standardised) coefficients.
    norms = np.linalg.norm(path.coefs * X.std(axis=0)[:, None], axis=0)
    assert np.all(np.diff(norms) > 0)
