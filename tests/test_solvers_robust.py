"""Tests of l1tutor.solvers.robust: LAD, quantile, least squares and Huber regression."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.linear_model import QuantileRegressor

from l1tutor import datasets
from l1tutor.solvers import (
    ConvergenceWarning,
    RegressionResult,
    fit_each_loss,
    huber_regression,
    lad_regression,
    least_squares,
    quantile_regression,
)

SOLVERS = {"lad": lad_regression, "ols": least_squares, "huber": huber_regression}


def problem(seed: int, n: int = 60, p: int = 3, weights: bool = False):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = X @ rng.normal(size=p) + 0.5 + rng.standard_t(2, size=n)
    s = rng.uniform(0.0, 3.0, size=n) if weights else None
    return X, y, s


def l1_objective(X, y, coef, intercept, s=None):
    r = np.abs(y - X @ coef - intercept)
    return float(r.sum() if s is None else s @ r)


# ---------------------------------------------------------------- LAD against scikit-learn


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("fit_intercept", [True, False], ids=["intercept", "no-intercept"])
@pytest.mark.parametrize("weights", [False, True], ids=["unweighted", "weighted"])
def test_lad_matches_quantile_regressor_objective(seed, fit_intercept, weights):
    # QuantileRegressor(quantile=0.5, alpha=0) minimises sum s_i * pinball_0.5(r_i), half our
    # objective; compare sum s_i |r_i| of both solutions to 1e-6 relative.
    X, y, s = problem(seed, weights=weights)
    ours = lad_regression(X, y, fit_intercept=fit_intercept, sample_weight=s)
    ref = QuantileRegressor(quantile=0.5, alpha=0.0, fit_intercept=fit_intercept, solver="highs")
    ref.fit(X, y, sample_weight=s)
    ref_obj = l1_objective(X, y, ref.coef_, ref.intercept_, s)
    assert ours.objective == pytest.approx(ref_obj, rel=1e-6)
    assert ours.objective == pytest.approx(
        l1_objective(X, y, ours.coef, ours.intercept, s), rel=1e-12
    )
    assert ours.converged


def test_lad_no_intercept_has_zero_intercept():
    X, y, _ = problem(0)
    assert lad_regression(X, y, fit_intercept=False).intercept == 0.0


def test_lad_is_optimal_against_perturbations():
    # A minimiser of a convex function: no random nearby point is better.
    X, y, _ = problem(7)
    fit = lad_regression(X, y)
    rng = np.random.default_rng(0)
    for _ in range(200):
        dw, db = 1e-3 * rng.normal(size=3), 1e-3 * rng.normal()
        assert l1_objective(X, y, fit.coef + dw, fit.intercept + db) >= fit.objective - 1e-9


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_lad_interpolates_at_least_p_points(seed, fit_intercept):
    # Exact-fit property: a vertex of the LP has (at least) n_params zero residuals.
    X, y, _ = problem(seed, n=40, p=4)
    fit = lad_regression(X, y, fit_intercept=fit_intercept)
    n_params = X.shape[1] + fit_intercept
    r = y - fit.predict(X)
    assert np.sum(np.abs(r) <= 1e-9 * np.abs(y).max()) >= n_params


def test_lad_zero_weights_ignore_rows():
    X, y, _ = problem(3)
    s = np.ones(len(y))
    s[:10] = 0.0
    dropped = lad_regression(X[10:], y[10:])
    weighted = lad_regression(X, y, sample_weight=s)
    assert weighted.objective == pytest.approx(dropped.objective, rel=1e-9)


def test_lad_integer_weights_equal_repeated_rows():
    X, y, _ = problem(4, n=30)
    s = np.arange(30) % 3 + 1
    repeated = lad_regression(np.repeat(X, s, axis=0), np.repeat(y, s))
    weighted = lad_regression(X, y, sample_weight=s)
    assert weighted.objective == pytest.approx(repeated.objective, rel=1e-9)


def test_lad_hand_example_ignores_outlier():
    X, y = [[0.0], [1.0], [2.0], [3.0], [4.0]], [1.0, 3.0, 100.0, 7.0, 9.0]
    fit = lad_regression(X, y)
    assert fit.coef[0] == pytest.approx(2.0, abs=1e-12)
    assert fit.intercept == pytest.approx(1.0, abs=1e-12)
    assert fit.objective == pytest.approx(95.0, abs=1e-12)


def test_lad_larger_problem_matches_quantile_regressor():
    # n = 1500, p = 8: the dual LP and scikit-learn's primal LP agree at a realistic size.
    X, y, _ = problem(11, n=1500, p=8)
    fit = lad_regression(X, y)
    ref = QuantileRegressor(quantile=0.5, alpha=0.0, solver="highs").fit(X, y)
    assert fit.objective == pytest.approx(l1_objective(X, y, ref.coef_, ref.intercept_), rel=1e-6)
    assert fit.converged and fit.n_iter > 0


# ---------------------------------------------------------------- constants: median and mean


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, st.integers(1, 25), elements=st.floats(-1e3, 1e3, allow_subnormal=False)))
def test_best_l1_constant_is_a_median(y):
    c = lad_regression(np.empty((y.size, 0)), y).intercept
    ys = np.sort(y)
    lo, hi = ys[(y.size - 1) // 2], ys[y.size // 2]
    # Any point between the two middle order statistics minimises sum |y - c|; the LP is exact
    # up to its tolerances, relative to the scale of the data.
    tol = 1e-9 * max(1.0, float(np.abs(y).max()))
    assert lo - tol <= c <= hi + tol
    assert np.abs(y - c).sum() == pytest.approx(np.abs(y - np.median(y)).sum(), rel=1e-9, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, st.integers(1, 25), elements=st.floats(-1e3, 1e3, allow_subnormal=False)))
def test_best_l2_constant_is_the_mean(y):
    c = least_squares(np.empty((y.size, 0)), y).intercept
    assert c == pytest.approx(np.mean(y), rel=1e-9, abs=1e-9)


# ---------------------------------------------------------------- least squares


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_least_squares_matches_lstsq(seed, fit_intercept):
    X, y, _ = problem(seed)
    Z = np.hstack([np.ones((len(y), 1)), X]) if fit_intercept else X
    ref = np.linalg.lstsq(Z, y, rcond=None)[0]
    fit = least_squares(X, y, fit_intercept=fit_intercept)
    got = np.r_[fit.intercept, fit.coef] if fit_intercept else fit.coef
    np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12)
    assert fit.objective == pytest.approx(float(np.sum((y - Z @ ref) ** 2)), rel=1e-10)


def test_weighted_least_squares_normal_equations():
    X, y, s = problem(5, weights=True)
    fit = least_squares(X, y, sample_weight=s)
    Z = np.hstack([np.ones((len(y), 1)), X])
    r = y - fit.predict(X)
    np.testing.assert_allclose(Z.T @ (s * r), 0.0, atol=1e-9)


# ---------------------------------------------------------------- Huber


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("delta", [0.01, 0.3, 1.0, 5.0])
@pytest.mark.parametrize("weights", [False, True], ids=["unweighted", "weighted"])
def test_huber_optimality_condition(seed, delta, weights):
    # Z^T (s * clip(r, -delta, delta)) = 0 at the minimiser, relative to its largest size.
    X, y, s = problem(seed, weights=weights)
    fit = huber_regression(X, y, delta=delta, sample_weight=s)
    s = np.ones(len(y)) if s is None else s
    Z = np.hstack([np.ones((len(y), 1)), X])
    g = Z.T @ (s * np.clip(y - fit.predict(X), -delta, delta))
    assert fit.converged
    assert np.all(np.abs(g) <= 1e-8 * delta * (s @ np.abs(Z)))


def test_huber_equals_ols_for_large_delta():
    X, y, _ = problem(1)
    ols = least_squares(X, y)
    delta = 1.01 * np.abs(y - ols.predict(X)).max()
    fit = huber_regression(X, y, delta=delta)
    np.testing.assert_allclose(fit.coef, ols.coef, rtol=1e-10)
    assert fit.intercept == pytest.approx(ols.intercept, rel=1e-10)


def test_huber_approaches_ols_as_delta_grows():
    X, y, _ = problem(2)
    ols = least_squares(X, y)
    gaps = [np.abs(huber_regression(X, y, delta=d).coef - ols.coef).max() for d in (0.5, 2.0, 8.0)]
    assert gaps[0] > gaps[1] > gaps[2]


def test_huber_approaches_lad_as_delta_shrinks():
    # H_delta / delta -> |r| as delta -> 0: the fit's L1 objective tends to LAD's optimum.
    X, y, _ = problem(3)
    lad = lad_regression(X, y)
    fit = huber_regression(X, y, delta=1e-6)
    assert l1_objective(X, y, fit.coef, fit.intercept) == pytest.approx(lad.objective, rel=1e-6)


def test_huber_objective_matches_direct_sum():
    X, y, _ = problem(4)
    fit = huber_regression(X, y, delta=1.5)
    a = np.abs(y - fit.predict(X))
    direct = np.where(a <= 1.5, 0.5 * a**2, 1.5 * (a - 0.75)).sum()
    assert fit.objective == pytest.approx(direct, rel=1e-12)


def test_huber_not_converged_flag_with_zero_iterations():
    X, y, _ = problem(5)
    with pytest.warns(ConvergenceWarning, match="huber_regression did not converge"):
        fit = huber_regression(X, y, delta=0.1, max_iter=0)
    assert not fit.converged and fit.n_iter == 0


# ---------------------------------------------------------------- common interface


@pytest.mark.parametrize("name", SOLVERS)
def test_result_type_and_frozen(name):
    X, y, _ = problem(0)
    fit = SOLVERS[name](X, y)
    assert isinstance(fit, RegressionResult)
    assert fit.coef.shape == (3,) and isinstance(fit.intercept, float)
    with pytest.raises(AttributeError):
        fit.intercept = 0.0  # type: ignore[misc]


@pytest.mark.parametrize("name", SOLVERS)
def test_exact_data_recovered(name):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 2))
    y = X @ np.array([1.5, -2.0]) + 3.0
    fit = SOLVERS[name](X, y)
    np.testing.assert_allclose(fit.coef, [1.5, -2.0], atol=1e-9)
    assert fit.intercept == pytest.approx(3.0, abs=1e-9)


@pytest.mark.parametrize("name", SOLVERS)
def test_lists_and_integers_accepted(name):
    fit = SOLVERS[name]([[0], [1], [2], [3]], [1, 3, 5, 7])
    assert fit.coef[0] == pytest.approx(2.0, abs=1e-9)


BAD_INPUTS = [
    # (X, y, kwargs, exception, message pattern)
    (np.arange(5.0), np.arange(5.0), {}, ValueError, r"X must be 2-D.*X\.reshape\(-1, 1\)"),
    (np.ones((5, 1, 1)), np.arange(5.0), {}, ValueError, "X must be 2-D"),
    (np.ones((5, 1)), np.ones((5, 1)), {}, ValueError, "y must be 1-D"),
    (
        np.ones((5, 1)),
        np.arange(4.0),
        {},
        ValueError,
        r"X and y .* X.shape\[0\] = 5 .* len\(y\) = 4",
    ),
    (np.array([[1.0], [np.nan], [2.0]]), np.arange(3.0), {}, ValueError, "X contains NaN"),
    (np.ones((3, 1)), np.array([1.0, np.inf, 2.0]), {}, ValueError, "y contains infinity"),
    (
        np.ones((2, 3)),
        np.arange(2.0),
        {},
        ValueError,
        "X has 2 rows but the model has 4 parameters",
    ),
    (np.ones((3, 3)), np.arange(3.0), {"fit_intercept": True}, ValueError, "X has 3 rows"),
    (np.ones((3, 0)), np.arange(3.0), {"fit_intercept": False}, ValueError, "nothing to fit"),
    (
        np.ones((3, 1)),
        np.arange(3.0),
        {"sample_weight": [1.0, -1.0, 1.0]},
        ValueError,
        "sample_weight must be non-negative",
    ),
    (
        np.ones((3, 1)),
        np.arange(3.0),
        {"sample_weight": [1.0, 1.0]},
        ValueError,
        "sample_weight must have one weight per row",
    ),
    (
        np.ones((3, 1)),
        np.arange(3.0),
        {"sample_weight": [0.0, 0.0, 0.0]},
        ValueError,
        "sample_weight must not be all zero",
    ),
    (
        np.ones((3, 1)),
        np.arange(3.0),
        {"sample_weight": [1.0, np.nan, 1.0]},
        ValueError,
        "sample_weight contains NaN",
    ),
    (np.ones((3, 1)), np.arange(3.0), {"fit_intercept": "yes"}, TypeError, "fit_intercept"),
    ([["a"], ["b"]], [1.0, 2.0], {}, TypeError, "X must hold real numbers"),
]


@pytest.mark.parametrize("name", SOLVERS)
@pytest.mark.parametrize(
    "X, y, kwargs, exc, match", BAD_INPUTS, ids=[str(i) for i in range(len(BAD_INPUTS))]
)
def test_bad_input(name, X, y, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        SOLVERS[name](X, y, **kwargs)


@pytest.mark.parametrize("delta", [0.0, -1.0, np.inf, np.nan])
def test_huber_bad_delta(delta):
    with pytest.raises(ValueError, match="delta"):
        huber_regression(np.ones((3, 1)), np.arange(3.0), delta=delta)


def test_huber_bad_max_iter():
    with pytest.raises(ValueError, match="max_iter"):
        huber_regression(np.ones((3, 1)), np.arange(3.0), max_iter=-1)


def test_predict_checks_columns():
    fit = least_squares(np.ones((4, 2)) + np.eye(4, 2), np.arange(4.0))
    with pytest.raises(ValueError, match="X must have 2 columns"):
        fit.predict(np.ones((3, 1)))


def test_no_warnings_on_rank_deficient_design():
    # Duplicate columns: the minimiser is not unique, but every solver must still answer.
    X, y, _ = problem(6)
    X = np.hstack([X, X[:, :1]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lad = lad_regression(X, y)
        ols = least_squares(X, y)
        hub = huber_regression(X, y, delta=1.0)
    ref = lad_regression(X[:, :3], y)
    assert lad.objective == pytest.approx(ref.objective, rel=1e-9)
    assert ols.objective == pytest.approx(least_squares(X[:, :3], y).objective, rel=1e-9)
    assert hub.converged


# ---------------------------------------------------------------- quantile regression


def pinball_objective(X, y, coef, intercept, quantile, s=None):
    u = y - X @ coef - intercept
    rho = np.maximum(quantile * u, (quantile - 1) * u)
    return float(rho.sum() if s is None else s @ rho)


@pytest.mark.parametrize("quantile", [0.1, 0.25, 0.5, 0.75, 0.9])
@pytest.mark.parametrize(
    ("weights", "fit_intercept"),
    [(False, True), (True, True), (False, False), (True, False)],
    ids=["plain", "weighted", "no-intercept", "weighted-no-intercept"],
)
def test_quantile_regression_matches_scikit_learn(quantile, weights, fit_intercept):
    X, y, s = problem(21, n=80, p=3, weights=weights)
    fit = quantile_regression(X, y, quantile=quantile, fit_intercept=fit_intercept, sample_weight=s)
    ref = QuantileRegressor(
        quantile=quantile, alpha=0.0, solver="highs", fit_intercept=fit_intercept
    ).fit(X, y, sample_weight=s)
    theirs = pinball_objective(X, y, ref.coef_, ref.intercept_, quantile, s)
    assert fit.objective == pytest.approx(theirs, rel=1e-9)
    ours = pinball_objective(X, y, fit.coef, fit.intercept, quantile, s)
    assert ours == pytest.approx(fit.objective, rel=1e-12)
    assert fit.loss == "pinball" and fit.quantile == quantile and fit.converged
    assert fit_intercept or fit.intercept == 0.0


def test_lad_is_the_median_case_of_quantile_regression():
    X, y, s = problem(5, n=70, p=4, weights=True)
    lad = lad_regression(X, y, sample_weight=s)
    median = quantile_regression(X, y, quantile=0.5, sample_weight=s)
    np.testing.assert_array_equal(lad.coef, median.coef)
    assert lad.intercept == median.intercept
    assert lad.objective == 2 * median.objective


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), quantile=st.floats(0.05, 0.95), n=st.integers(8, 40))
def test_a_fraction_tau_of_the_points_lies_below_the_quantile_plane(seed, quantile, n):
    # The subgradient condition with an intercept: #below <= tau * n <= #below + #on.
    X, y, _ = problem(seed, n=n, p=2)
    fit = quantile_regression(X, y, quantile=quantile)
    r = y - fit.predict(X)
    tol = 1e-9 * np.abs(y).max()
    below, on = int(np.sum(r < -tol)), int(np.sum(np.abs(r) <= tol))
    assert below <= quantile * n + 1e-9 <= below + on + 2e-9
    assert on >= 3  # a vertex: the plane passes through p + 1 points


def test_quantile_regression_of_a_constant_is_a_sample_quantile():
    # With tau * n not an integer the minimiser is unique: the ceil(tau * n)-th smallest value.
    y = np.array([7.0, 1.0, 4.0, 10.0, 3.0, 8.0, 2.0, 6.0, 9.0, 5.0])
    for quantile, expected in [(0.15, 2.0), (0.35, 4.0), (0.85, 9.0)]:
        fit = quantile_regression(np.empty((10, 0)), y, quantile=quantile)
        assert fit.intercept == pytest.approx(expected, abs=1e-12)
        assert expected == np.quantile(y, quantile, method="inverted_cdf")


def test_quantile_regression_is_equivariant_to_scale():
    X, y, _ = problem(8, n=50, p=2)
    base = quantile_regression(X, y, quantile=0.8)
    for y_scale, x_scale in [(1e9, 1.0), (1e-9, 1e6), (1e15, 1e-3)]:
        scaled = quantile_regression(X * x_scale, y * y_scale, quantile=0.8)
        assert scaled.converged
        np.testing.assert_allclose(scaled.coef * x_scale / y_scale, base.coef, rtol=1e-7)
        assert scaled.intercept / y_scale == pytest.approx(base.intercept, rel=1e-7, abs=1e-9)


@pytest.mark.parametrize(
    ("quantile", "exc"),
    [
        (0.0, ValueError),
        (1.0, ValueError),
        (2.0, ValueError),
        (math.nan, ValueError),
        ("0.9", TypeError),
        (None, TypeError),
        (False, TypeError),
    ],
)
def test_quantile_regression_names_a_bad_quantile(quantile, exc):
    X, y, _ = problem(0)
    with pytest.raises(exc, match="quantile"):
        quantile_regression(X, y, quantile=quantile)


def test_fit_each_loss_is_the_three_fits_in_order():
    X, y, *_ = datasets.line_with_outliers(40, outlier_fraction=0.2, seed=4)
    w = np.linspace(1.0, 2.0, 40)
    fits = fit_each_loss(X, y, delta=2.0, sample_weight=w)
    assert [fit.loss for fit in fits] == ["l2", "l1", "huber"]
    for fit, ref in zip(
        fits,
        (
            least_squares(X, y, sample_weight=w),
            lad_regression(X, y, sample_weight=w),
            huber_regression(X, y, delta=2.0, sample_weight=w),
        ),
        strict=True,
    ):
        np.testing.assert_array_equal(fit.coef, ref.coef)
        assert fit.intercept == ref.intercept
    with pytest.raises(ValueError, match="delta"):
        fit_each_loss(X, y, delta=-1.0)
