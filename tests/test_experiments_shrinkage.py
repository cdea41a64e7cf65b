"""Tests for l1tutor.experiments.shrinkage: the conclusions chapter 3 draws from its experiments."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import Lasso, Ridge

from l1tutor.experiments import SHRINKAGE_METHODS, compare_shrinkage, small_regression
from l1tutor.prox import soft_threshold

Z = np.array([0.3, -0.8, 0.05, 2.0, -1.5, 0.95])  # |z| < lam = 1 for four of them
LAM = 1.0


@pytest.fixture(scope="module")
def separable():
    return compare_shrinkage(Z, LAM, step=0.1, max_iter=1000)


@pytest.fixture(scope="module")
def regression():
    X, y, _ = small_regression(seed=0)
    return X, y, compare_shrinkage(y, 5.0, X=X, max_iter=2000)


def test_subgradient_never_exactly_zero(separable):
    for m in ("subgradient_constant", "subgradient_diminishing"):
        assert separable.exact_zeros[m] == 0
        assert separable.zeros_in_history[m] == 0


def test_constant_step_oscillates_around_zero(separable):
    tail = separable.runs["subgradient_constant"].history[200:, np.abs(Z) <= LAM]
    # It keeps changing sign, and stays within about step * (lam + |z|) of 0.
    assert (np.diff(np.sign(tail), axis=0) != 0).mean() > 0.25
    assert np.abs(tail).max() <= 0.1 * (LAM + 1.0) + 1e-12


def test_diminishing_step_gets_closer_but_not_exact(separable):
    const = separable.off_support["subgradient_constant"][-200:].max()
    dimin = separable.off_support["subgradient_diminishing"][-200:].max()
    assert 0 < dimin < const / 5


def test_proximal_gives_exact_zeros_where_abs_z_at_most_lam(separable):
    expected = soft_threshold(Z, LAM)
    np.testing.assert_array_equal(separable.minimiser, expected)
    assert separable.exact_zeros["proximal"] == int(np.count_nonzero(np.abs(Z) <= LAM)) == 4
    np.testing.assert_allclose(separable.runs["proximal"].w, expected, atol=1e-12)
    assert separable.off_support["proximal"][-1] == 0.0


def test_ridge_shrinks_to_z_over_one_plus_lam_never_zero(separable):
    np.testing.assert_allclose(separable.ridge_minimiser, Z / (1 + LAM), rtol=1e-14)
    np.testing.assert_allclose(separable.runs["ridge"].w, Z / (1 + LAM), rtol=1e-10)
    assert separable.exact_zeros["ridge"] == 0 and separable.zeros_in_history["ridge"] == 0


def test_every_method_runs_and_shapes(separable):
    assert set(separable.runs) == set(SHRINKAGE_METHODS)
    for m, r in separable.runs.items():
        assert r.history.shape == (r.n_iter + 1, Z.size)
        assert separable.off_support[m].shape == (r.n_iter + 1,)
        np.testing.assert_array_equal(r.history[0], Z)  # default start: unpenalised solution


def test_regression_minimiser_matches_sklearn(regression):
    # sklearn: ||y - Xw||^2 / (2n) + alpha ||w||_1, so alpha = lam / n. Tolerance 1e-6.
    X, y, res = regression
    ref = Lasso(alpha=5.0 / X.shape[0], fit_intercept=False, tol=1e-12, max_iter=100000).fit(X, y)
    np.testing.assert_allclose(res.minimiser, ref.coef_, atol=1e-6)


def test_ridge_penalty_is_half_lam_squared_norm(regression):
    # 0.5 ||Xw - y||^2 + (lam / 2) ||w||^2 has the minimiser of sklearn's
    # ||y - Xw||^2 + alpha ||w||^2 with alpha = lam (twice the objective); a penalty
    # lam ||w||^2 would need alpha = 2 lam.
    X, y, res = regression
    ref = Ridge(alpha=5.0, fit_intercept=False, solver="cholesky").fit(X, y)
    np.testing.assert_allclose(res.ridge_minimiser, ref.coef_, rtol=1e-10, atol=1e-12)
    assert not np.allclose(
        res.ridge_minimiser, Ridge(alpha=10.0, fit_intercept=False).fit(X, y).coef_
    )


def test_regression_conclusions(regression):
    _, _, res = regression
    n_zero = int(np.count_nonzero(res.minimiser == 0))
    assert n_zero >= 3
    assert res.exact_zeros["proximal"] == n_zero
    assert (
        res.exact_zeros["subgradient_constant"] == res.exact_zeros["subgradient_diminishing"] == 0
    )
    assert res.exact_zeros["ridge"] == 0
    np.testing.assert_allclose(res.runs["ridge"].w, res.ridge_minimiser, atol=1e-8)


def test_deterministic():
    a, b = small_regression(seed=3), small_regression(seed=3)
    for u, v in zip(a, b, strict=False):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(small_regression(seed=4)[0], a[0])


def test_scalar_problem():
    res = compare_shrinkage(0.3, 1.0, step=0.1, max_iter=100)
    assert res.minimiser.shape == (1,) and res.exact_zeros["proximal"] == 1


@pytest.mark.parametrize(
    "kwargs, exc, name",
    [
        (dict(lam=-1.0), ValueError, "lam"),
        (dict(lam=1.0, step=2.0), ValueError, "step"),
        (dict(lam=1.0, step=0.0), ValueError, "step"),
        (dict(lam=1.0, X=np.ones((2, 2))), ValueError, "X"),
        (dict(lam=1.0, max_iter=0), ValueError, "max_iter"),
    ],
)
def test_bad_input(kwargs, exc, name):
    with pytest.raises(exc, match=name):
        compare_shrinkage([1.0, 2.0, 3.0], **kwargs)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(n_samples=0), "n_samples"),
        (dict(n_informative=9), "n_informative"),
        (dict(noise=-1.0), "noise"),
    ],
)
def test_bad_regression_sizes(kwargs, name):
    with pytest.raises(ValueError, match=name):
        small_regression(**kwargs)
