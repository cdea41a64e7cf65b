"""Bad or awkward input across the public API: a clear error naming the argument, or the right
answer; never a silent wrong result or an error from deep inside NumPy.

One row per case, grouped by where the input goes in. Each row either expects an exception
(type and a pattern that names the argument) or checks the answer.
"""

from __future__ import annotations

import dataclasses
import re
import time
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import sympy as sp

from l1tutor import (
    FloatRangeError,
    datasets,
    experiments,
    losses,
    plotting,
    prox,
    solvers,
    symbolic,
)

RNG = np.random.default_rng(0)
X3 = RNG.normal(size=(30, 3))
Y3 = X3 @ np.array([1.0, -2.0, 0.5]) + RNG.standard_t(2, size=30)
X2, Y2 = X3[:, :2], Y3
GEOMETRY = experiments.norm_ball_geometry(X2, Y2, alpha_l1=0.5, alpha_l2=0.5)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _grad_step(v):
    return v - 1.0


def _prox_step(v, penalty, step):
    return prox.prox_l1(v, penalty, step)


# --- options that must be True or False, not merely truthy ------------------------------------

BOOLEAN_OPTIONS = [
    ("lasso fit_intercept", lambda v: solvers.lasso(X3, Y3, 0.1, fit_intercept=v)),
    ("lasso standardize", lambda v: solvers.lasso(X3, Y3, 0.1, standardize=v)),
    ("lasso_path fit_intercept", lambda v: solvers.lasso_path(X3, Y3, fit_intercept=v)),
    ("lasso_path standardize", lambda v: solvers.lasso_path(X3, Y3, standardize=v)),
    ("lasso_alpha_max fit_intercept", lambda v: solvers.lasso_alpha_max(X3, Y3, fit_intercept=v)),
    ("lasso_alpha_max standardize", lambda v: solvers.lasso_alpha_max(X3, Y3, standardize=v)),
    ("ridge fit_intercept", lambda v: solvers.ridge(X3, Y3, 1.0, fit_intercept=v)),
    ("ridge standardize", lambda v: solvers.ridge(X3, Y3, 1.0, standardize=v)),
    ("ridge_path fit_intercept", lambda v: solvers.ridge_path(X3, Y3, [1.0], fit_intercept=v)),
    ("ridge_path standardize", lambda v: solvers.ridge_path(X3, Y3, [1.0], standardize=v)),
    ("lad_regression fit_intercept", lambda v: solvers.lad_regression(X3, Y3, fit_intercept=v)),
    (
        "quantile_regression fit_intercept",
        lambda v: solvers.quantile_regression(X3, Y3, fit_intercept=v),
    ),
    (
        "fit_quantiles fit_intercept",
        lambda v: solvers.fit_quantiles(X3, Y3, [0.5], fit_intercept=v),
    ),
    ("huber_regression fit_intercept", lambda v: solvers.huber_regression(X3, Y3, fit_intercept=v)),
    ("least_squares fit_intercept", lambda v: solvers.least_squares(X3, Y3, fit_intercept=v)),
    ("load_diabetes standardize", lambda v: datasets.load_diabetes(standardize=v)),
    (
        "proximal_gradient accelerated",
        lambda v: solvers.proximal_gradient(
            _grad_step, _prox_step, 0.0, penalty=1.0, step=0.5, accelerated=v
        ),
    ),
    (
        "QuantileFits.predict rearrange",
        lambda v: solvers.fit_quantiles(X3, Y3, [0.5]).predict(X3, rearrange=v),
    ),
    (
        "plot_mean_vs_median logy",
        lambda v: plotting.plot_mean_vs_median(
            experiments.growing_outlier([1, 2, 3], [5.0]), xlabel="x", logy=v
        ),
    ),
]


@pytest.mark.parametrize("value", ["False", "no", 1, 0, None, np.array([True])])
@pytest.mark.parametrize(("case", "call"), BOOLEAN_OPTIONS, ids=[c for c, _ in BOOLEAN_OPTIONS])
def test_boolean_options_refuse_anything_but_a_boolean(case, call, value):
    name = case.split()[-1]
    with pytest.raises(TypeError, match=rf"{name} must be True or False"):
        call(value)


@pytest.mark.parametrize(("case", "call"), BOOLEAN_OPTIONS, ids=[c for c, _ in BOOLEAN_OPTIONS])
def test_boolean_options_accept_numpy_booleans(case, call):
    call(np.False_)


# --- badly scaled targets: solved, not failed --------------------------------------------------


@pytest.mark.parametrize("scale", [1e8, 1e9, 1e12, 1e-9])
@pytest.mark.parametrize("solver", ["lad_regression", "huber_regression"])
def test_badly_scaled_targets_are_solved_and_match_the_rescaled_problem(solver, scale):
    fit = getattr(solvers, solver)
    for seed in range(6):
        rng = np.random.default_rng(seed)
        X = rng.normal(size=(50, 3))
        y = X @ np.array([1.0, 2.0, 3.0]) + rng.standard_t(2, size=50)
        kwargs = {"delta": 1.0} if solver == "huber_regression" else {}
        unit = fit(X, y, **kwargs)
        scaled_kwargs = {"delta": scale} if solver == "huber_regression" else {}
        scaled = fit(X, y * scale, **scaled_kwargs)
        assert scaled.converged, (solver, scale, seed)
        np.testing.assert_allclose(scaled.coef / scale, unit.coef, rtol=1e-6, atol=1e-9)


def test_a_constant_fit_to_huge_targets_is_their_median():
    y = np.array([1e18, 3e18, 2e18])
    fit = solvers.lad_regression(np.empty((3, 0)), y)
    assert fit.intercept == pytest.approx(2e18, rel=1e-12) and fit.converged


# --- losses: 0-d input, overflow, masked arrays ------------------------------------------------


@pytest.mark.parametrize(
    ("func", "kwargs", "expected"),
    [
        (losses.l1_loss, {"reduction": "none"}, 2.0),
        (losses.l2_loss, {"reduction": "none"}, 4.0),
        (losses.huber_loss, {"reduction": "none"}, 1.5),
        (losses.pinball_loss, {"reduction": "none", "quantile": 0.3}, 1.4),
        (losses.l1_grad, {}, 1.0),
        (losses.l2_grad, {}, 4.0),
        (losses.huber_grad, {}, 1.0),
        (losses.pinball_grad, {"quantile": 0.3}, 0.7),
    ],
)
def test_scalars_give_the_right_answer(func, kwargs, expected):
    got = func(3.0, 5.0, **kwargs)
    assert np.ndim(got) == 0 and float(got) == pytest.approx(expected)


@pytest.mark.parametrize("func", [losses.l1_loss, losses.huber_loss, losses.pinball_loss])
def test_huge_weights_do_not_change_a_weighted_mean(func):
    y_true, y_pred = np.array([1.0, 2.0]), np.array([1.5, 2.5])
    plain = func(y_true, y_pred, sample_weight=[1.0, 1.0])
    assert func(y_true, y_pred, sample_weight=[1e308, 1e308]) == pytest.approx(plain)
    grad = {"l1_loss": losses.l1_grad, "huber_loss": losses.huber_grad}.get(func.__name__)
    if grad is not None:
        np.testing.assert_allclose(
            grad(y_true, y_pred, sample_weight=[1e308, 1e308]),
            grad(y_true, y_pred, sample_weight=[1.0, 1.0]),
        )


@pytest.mark.parametrize(
    "call",
    [
        lambda: losses.l2_grad([0.0], [1e308]),
        lambda: losses.l2_grad([1e308], [-1e308]),
        lambda: losses.l2_grad(
            [0.0, 1.0], [2.0, 3.0], sample_weight=[1e308, 1e308], reduction="sum"
        ),
        lambda: losses.l2_loss([1e200], [-1e200]),
    ],
)
def test_overflow_is_an_error_not_an_infinity(call):
    with pytest.raises(FloatingPointError, match="overflows the floating-point range"):
        call()


@pytest.mark.parametrize("func", [losses.l1_loss, losses.l2_grad, losses.pinball_loss])
@pytest.mark.parametrize("which", ["y_true", "y_pred"])
def test_masked_arrays_are_refused_rather_than_unmasked(func, which):
    masked = np.ma.array([1.0, 1000.0], mask=[False, True])
    args = {"y_true": [1.0, 1.0], "y_pred": [1.0, 1.0], which: masked}
    with pytest.raises(TypeError, match=rf"{which} is a masked array"):
        func(**args)


# --- proximal operators ------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize(
    ("func", "name"),
    [(prox.prox_l1, "v"), (prox.prox_l2_squared, "v"), (prox.soft_threshold, "v")],
)
def test_prox_operators_refuse_non_finite_points(func, name, bad):
    with pytest.raises(ValueError, match=rf"{name} contains"):
        func(np.array([1.0, bad]), 0.5)


# --- datasets ----------------------------------------------------------------------------------

GENERATORS = [
    ("line_with_outliers", lambda **kw: datasets.line_with_outliers(20, **kw)),
    ("sensor_series", lambda **kw: datasets.sensor_series(20, **kw)),
    ("heavy_tailed_line", lambda **kw: datasets.heavy_tailed_line(20, **kw)),
    ("leverage_point", lambda **kw: datasets.leverage_point(20, **kw)),
    ("patient_vitals", lambda **kw: datasets.patient_vitals(20, **kw)),
    ("make_sparse_regression", lambda **kw: datasets.make_sparse_regression(20, 5, 2, **kw)),
    ("small_regression", lambda **kw: experiments.small_regression(**kw)),
]


@pytest.mark.parametrize(("seed", "exc"), [("abc", TypeError), (-1, ValueError), (1.5, TypeError)])
@pytest.mark.parametrize(("case", "make"), GENERATORS, ids=[c for c, _ in GENERATORS])
def test_a_bad_seed_is_named(case, make, seed, exc):
    with pytest.raises(exc, match=r"seed must be an integer >= 0"):
        make(seed=seed)


@pytest.mark.parametrize(
    ("make", "kwargs", "named"),
    [
        (datasets.line_with_outliers, {"slope": 1e308}, "slope=1e+308"),
        (datasets.sensor_series, {"drift": 1e307}, "drift=1e+307"),
        (datasets.heavy_tailed_line, {"df": 1e-300}, "df=1e-300"),
        (datasets.leverage_point, {"slope": 1e308}, "slope=1e+308"),
    ],
)
def test_parameters_that_overflow_the_data_are_named(make, kwargs, named):
    with (
        pytest.raises(ValueError, match=rf"overflow the floating-point range.*{re.escape(named)}"),
        np.errstate(over="ignore", invalid="ignore"),
    ):
        make(30, **kwargs)


# --- experiments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: experiments.growing_outlier([1.0, 2.0, 3.0], []), ValueError, "outlier_values"),
        (
            lambda: experiments.compare_shrinkage(np.ones(3), 1.0, X=np.zeros((3, 2))),
            ValueError,
            "X is all zeros",
        ),
        (lambda: experiments.compare_shrinkage(np.ones(0), 1.0), ValueError, "non-empty"),
        (
            lambda: experiments.compare_shrinkage(np.ones(3), 1.0, X=np.ones((3, 0))),
            ValueError,
            "at least one column",
        ),
        (
            lambda: experiments.compare_shrinkage(np.ones(3), 1.0, X=np.eye(3), w0=np.ones(5)),
            ValueError,
            r"w0 must have shape \(3,\)",
        ),
        (
            lambda: experiments.compare_shrinkage(np.ones(3), 1.0, w0=[np.nan, 0, 0]),
            ValueError,
            "w0 contains NaN",
        ),
    ],
)
def test_experiments_name_what_is_wrong(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# --- plotting ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: plotting.plot_losses(np.linspace(-1, 1, 5), delta="x"), TypeError, "delta"),
        (lambda: plotting.plot_losses(np.linspace(-1, 1, 5), delta=-1.0), ValueError, "delta"),
        (lambda: plotting.plot_losses([]), ValueError, "residuals must hold at least one"),
        (
            lambda: plotting.plot_fit_comparison([[0.0], [1.0], [2.0]], [1.0, 2.0], []),
            ValueError,
            r"y must have shape \(3,\)",
        ),
        (
            lambda: plotting.plot_mean_vs_median({"mean": [1.0]}, xlabel="x"),
            TypeError,
            "est must be a LocationEstimates",
        ),
        (
            lambda: plotting.plot_norm_balls(GEOMETRY, n_grid=1),
            ValueError,
            "n_grid must be an integer between 2 and 10000, got 1",
        ),
        (
            lambda: plotting.plot_norm_balls(GEOMETRY, n_grid=20.5),
            TypeError,
            "n_grid must be an integer",
        ),
    ],
)
def test_plots_name_what_is_wrong(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize(
    ("X", "y"),
    [(X2, np.zeros(30)), (np.zeros((30, 2)), Y2), (X2, X2 @ [1.0, -1.0])],
    ids=["y all zero", "X all zero", "exact fit"],
)
def test_norm_balls_draw_degenerate_problems_without_warnings(X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        geometry = experiments.norm_ball_geometry(X, y, alpha_l1=0.5, alpha_l2=0.5)
        ax = plotting.plot_norm_balls(geometry, n_grid=21)
    lo, hi = ax.get_xlim()
    assert np.isfinite([lo, hi]).all() and hi > lo
    assert len(ax.patches) == 2


def test_the_l1_legend_entry_survives_a_grid_without_negative_weights():
    ax = plotting.plot_penalty_gradients(np.array([0.0, 1.0, 2.0]), lam=1.0)
    labels = ax.get_legend_handles_labels()[1]
    assert labels[0].startswith("L1: slope")


# --- descent: what the user's functions return ---------------------------------------------------


@pytest.mark.parametrize(
    ("returned", "exc", "match"),
    [
        (lambda v: v + 1j, TypeError, "subgrad must return real numbers, got dtype complex"),
        (lambda v: np.array(["1.0"]), TypeError, "subgrad must return real numbers, got dtype <U"),
        (lambda v: np.array([object()]), TypeError, "subgrad must return real numbers"),
        (lambda v: v * np.nan, ValueError, "subgrad returned NaN at a finite point"),
        (lambda v: np.ones(2), ValueError, r"subgrad must return an array of shape \(1,\)"),
    ],
)
def test_subgradient_descent_checks_what_the_subgradient_returns(returned, exc, match):
    with pytest.raises(exc, match=match):
        solvers.subgradient_descent(returned, [1.0], step=0.1, max_iter=5)


def test_proximal_gradient_checks_what_the_prox_returns():
    with pytest.raises(TypeError, match="prox_g must return real numbers"):
        solvers.proximal_gradient(
            _grad_step, lambda v, lam, s: v.astype(complex), 0.0, penalty=1.0, step=0.5
        )


# --- plotting: results of the wrong kind ------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: plotting.plot_slope_errors({"l1": [0.1]}), "result must be a SlopeErrors"),
        (
            lambda: plotting.plot_iterate_magnitudes([1.0]),
            "comparison must be a ShrinkageComparison",
        ),
        (lambda: plotting.plot_support_recovery(None), "result must be a SupportRecovery"),
        (
            lambda: plotting.plot_fit_comparison([[0.0], [1.0]], [0.0, 1.0], [np.ones(1)]),
            r"fits\[0\] must be a RegressionResult",
        ),
    ],
)
def test_plots_refuse_results_of_the_wrong_kind(call, match):
    with pytest.raises(TypeError, match=match):
        call()


def test_an_outlier_mask_of_the_wrong_length_is_named():
    X, y = [[0.0], [1.0], [2.0]], [0.0, 1.0, 2.0]
    with pytest.raises(ValueError, match=r"is_outlier must have shape \(3,\)"):
        plotting.plot_fit_comparison(X, y, [], is_outlier=[True, False])


# --- penalised solvers on badly scaled columns ---------------------------------------------------


def test_ridge_on_huge_columns_tends_to_least_squares_and_on_tiny_ones_stays_finite():
    ols = solvers.least_squares(X3, Y3).coef
    huge = solvers.ridge(X3 * 1e154, Y3, 0.5)
    # The penalty is negligible against columns of 1e154: the fit is least squares.
    np.testing.assert_allclose(huge.coef * 1e154, ols, rtol=1e-6)
    tiny = solvers.ridge(X3 * 1e-170, Y3, 0.5)
    # Against columns of 1e-170 the penalty dominates: w = X_c^T y_c / (n alpha) to first order.
    Xc = X3 * 1e-170 - (X3 * 1e-170).mean(axis=0)
    expected = Xc.T @ (Y3 - Y3.mean()) / (X3.shape[0] * 0.5)
    assert np.isfinite(tiny.coef).all()
    np.testing.assert_allclose(tiny.coef, expected, rtol=1e-6)


@pytest.mark.parametrize("scale", [1e155, 1e-170])
def test_standardized_lasso_does_not_depend_on_the_units_of_the_columns(scale):
    base = solvers.lasso(X3, Y3, 0.1, standardize=True)
    scaled = solvers.lasso(X3 * scale, Y3, 0.1, standardize=True)
    assert scaled.converged
    np.testing.assert_allclose(scaled.coef * scale, base.coef, rtol=1e-8)


# --- symbolic subgradients ------------------------------------------------------------------------

W = sp.Symbol("w", real=True)
Z = sp.Symbol("z", real=True)
LAM = sp.Symbol("lam", positive=True)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            lambda: symbolic.subdifferential(sp.Abs(W - sp.sqrt(2)), W, sp.sqrt(2)),
            sp.Interval(-1, 1),
        ),
        (lambda: symbolic.subdifferential(sp.Abs(W - sp.sqrt(2)), W, 0), sp.FiniteSet(-1)),
        (lambda: symbolic.subdifferential(sp.Abs(W - sp.pi), W, 4), sp.FiniteSet(1)),
        (lambda: symbolic.solve_optimality(sp.Abs(W - sp.sqrt(2)), W), sp.sqrt(2)),
        (
            lambda: symbolic.subgradient(sp.Abs(W - sp.sqrt(3)), W).subs(W, sp.sqrt(3)),
            sp.Interval(-1, 1),
        ),
        (
            lambda: symbolic.subdifferential(sp.Abs(W**2 - 2) + 4 * W**2, W, -sp.sqrt(2)),
            sp.Interval(-10 * sp.sqrt(2), -6 * sp.sqrt(2)),
        ),
        (lambda: symbolic.subdifferential(sp.Abs(W), W, np.float64(0.0)), sp.Interval(-1, 1)),
        (lambda: symbolic.subdifferential(sp.Abs(W), W, np.int64(2)), sp.FiniteSet(1)),
    ],
    ids=[
        "sqrt2 kink",
        "left of sqrt2",
        "pi kink",
        "argmin sqrt2",
        "subgradient sqrt3",
        "abs of quadratic",
        "numpy float",
        "numpy int",
    ],
)
def test_irrational_kinks_and_numpy_points_give_the_exact_answer(call, expected):
    assert call() == expected


def test_irrational_kinks_in_the_numeric_subgradient():
    g = symbolic.subgradient_function(sp.Abs(W - sp.sqrt(2)), W)
    np.testing.assert_array_equal(g([0.0, 1.5, np.sqrt(2)]), [-1.0, 1.0, 0.0])


@pytest.mark.parametrize(
    "expr",
    [
        sp.Abs(sp.prod([W - k for k in range(14)])),
        sp.Abs(sp.prod([W - k for k in range(20)])),
        sp.Abs(sp.prod([W - k - sp.Rational(1, 3) for k in range(20)])),
        sp.Abs(sp.chebyshevt(15, W)),
        sp.Abs(W**9 - 3 * W + 1),
        sp.prod([W - k for k in range(10)]) ** 2,
    ],
    ids=[
        "product 14",
        "product 20",
        "shifted product 20",
        "chebyshev 15",
        "degree 9",
        "squared product",
    ],
)
@pytest.mark.parametrize(
    "func", ["subdifferential", "subgradient", "solve_optimality", "subgradient_function"]
)
def test_high_degree_non_convex_inputs_are_refused_quickly(expr, func):
    args = (0,) if func == "subdifferential" else ()
    symbolic._convex_pieces.cache_clear()
    start = time.perf_counter()
    with pytest.raises(symbolic.NotConvexError, match="is not convex"):
        getattr(symbolic, func)(expr, W, *args)
    # "A few seconds" even on a slow runner; the exponential version took tens of seconds.
    assert time.perf_counter() - start < 10


def test_many_kinks_of_a_convex_sum_are_handled():
    expr = sum(sp.Abs(W - k) for k in range(50))
    assert symbolic.subdifferential(expr, W, sp.Rational(49, 2)) == sp.FiniteSet(0)
    assert symbolic.subdifferential(expr, W, 0) == sp.Interval(-50, -48)


@pytest.mark.parametrize(
    ("at", "exc", "match"),
    [
        (None, TypeError, "at must be a real number or a sympy expression, got NoneType"),
        ([1], TypeError, "at must be a real number or a sympy expression, got list"),
        ("1", TypeError, "at must be .* got str"),
        (True, TypeError, "at must be .* got bool"),
        (1 + 2j, TypeError, "at must be .* got complex"),
        (sp.oo, ValueError, "at must be a finite real point, got oo"),
        (-sp.oo, ValueError, "at must be a finite real point"),
        (float("inf"), ValueError, "at must be a finite real point"),
        (float("nan"), ValueError, "at must be a finite real point, got nan"),
        (sp.nan, ValueError, "at must be a finite real point"),
        (sp.I, ValueError, "at must be a finite real point, got I"),
        (sp.zoo, ValueError, "at must be a finite real point"),
        (W + 1, ValueError, "at must not contain the variable w"),
    ],
)
def test_a_bad_point_is_named(at, exc, match):
    with pytest.raises(exc, match=match):
        symbolic.subdifferential(sp.Abs(W), W, at)


def test_a_string_point_is_never_evaluated(tmp_path):
    marker = tmp_path / "ran"
    code = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    with pytest.raises(TypeError, match="got str"):
        symbolic.subdifferential(sp.Abs(W), W, code)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("expr", "match"),
    [
        (sp.Abs(W) + sp.I, "expr must be real-valued, got .* non-real part I"),
        (sp.Abs(W) + 2 * sp.I * LAM, "expr must be real-valued"),
        (sp.nan, "expr must be finite"),
        (sp.Abs(W) + sp.oo, "expr must be finite"),
        (sp.Abs(W) * sp.zoo, "expr must be finite"),
    ],
)
@pytest.mark.parametrize(
    "func", ["subdifferential", "subgradient", "solve_optimality", "subgradient_function"]
)
def test_non_real_or_non_finite_objectives_are_refused(expr, match, func):
    args = (0,) if func == "subdifferential" else ()
    with pytest.raises(ValueError, match=match):
        getattr(symbolic, func)(expr, W, *args)


@pytest.mark.parametrize(
    ("solve_for", "exc", "match"),
    [
        (
            sp.Symbol("q"),
            ValueError,
            r"solve_for must be a parameter of expr other than w \(lam, z\), got q",
        ),
        (W, ValueError, "solve_for must be a parameter .* got w"),
        ("z", TypeError, "solve_for must be a sympy Symbol, got str"),
        (1, TypeError, "solve_for must be a sympy Symbol, got int"),
    ],
)
def test_an_unknown_solve_for_is_named(solve_for, exc, match):
    with pytest.raises(exc, match=match):
        symbolic.solve_optimality((W - Z) ** 2 / 2 + LAM * sp.Abs(W), W, solve_for=solve_for)


def test_solve_for_isolates_a_known_parameter():
    result = symbolic.solve_optimality((W - Z) ** 2 / 2 + LAM * sp.Abs(W), W, solve_for=LAM)
    assert result.subs({Z: 3, LAM: 1}) == 2
    assert result.subs({Z: sp.Rational(1, 2), LAM: 1}) == 0


G = symbolic.subgradient_function(LAM * sp.Abs(W), W, params=[LAM])


@pytest.mark.parametrize(
    ("args", "exc", "match"),
    [
        ((np.nan, 1.0), ValueError, "w is NaN"),
        (([0.0, np.inf], 1.0), ValueError, r"w contains infinity \(first at index \(1,\)\)"),
        ((None, 1.0), TypeError, "w must be a number or an array of numbers, got None"),
        (("1", 1.0), TypeError, "w must be a number .* got '1'"),
        (([1 + 1j], 1.0), TypeError, "w must hold real numbers"),
        ((1.0, -1.0), ValueError, "lam is declared positive, got -1.0"),
        ((1.0, 0.0), ValueError, "lam is declared positive, got 0.0"),
        ((1.0, np.nan), ValueError, "lam is NaN"),
        ((1.0, None), TypeError, "lam must be a number"),
        ((1.0,), TypeError, r"expected 1 parameter value\(s\) after w \(lam\), got 0"),
        ((1.0, 1.0, 2.0), TypeError, "expected 1 parameter value.* got 2"),
        (([1.0, 2.0], [1.0, 2.0, 3.0]), ValueError, "w and the parameter values must broadcast"),
    ],
)
def test_the_numeric_subgradient_checks_its_arguments(args, exc, match):
    with pytest.raises(exc, match=match):
        G(*args)


def test_the_numeric_subgradient_respects_each_declared_sign():
    pos = sp.Symbol("c", positive=True)
    nonpos = sp.Symbol("d", nonpositive=True)
    g = symbolic.subgradient_function(pos * sp.Abs(W) + nonpos * W, W, params=[pos, nonpos])
    np.testing.assert_array_equal(g([-1.0, 0.0, 2.0], 2.0, 0.0), [-2.0, 0.0, 2.0])
    np.testing.assert_array_equal(g([-1.0, 0.0, 2.0], 2.0, -1.0), [-3.0, 0.0, 1.0])
    with pytest.raises(ValueError, match=r"c is declared positive, got -0\.5"):
        g(1.0, -0.5, -1.0)
    with pytest.raises(ValueError, match=r"d is declared nonpositive, got 0\.5"):
        g(1.0, 1.0, [0.0, 0.5])


@pytest.mark.parametrize(
    ("params", "exc", "match"),
    [
        ([LAM, W], ValueError, r"params\[1\] is the variable w"),
        ([LAM, LAM], ValueError, "params lists lam twice"),
        ([LAM, 3], TypeError, r"params\[1\] must be a sympy Symbol, got int"),
        (["lam"], TypeError, r"params\[0\] must be a sympy Symbol, got str"),
        ("lam", TypeError, "params must be a list of sympy Symbols, got str"),
        (LAM, TypeError, "params must be a list of sympy Symbols, got Symbol"),
        (None, TypeError, "params must be a list of sympy Symbols, got NoneType"),
    ],
)
def test_bad_params_are_named(params, exc, match):
    with pytest.raises(exc, match=match):
        symbolic.subgradient_function(LAM * sp.Abs(W), W, params=params)


# --- linear programs with far outliers and extreme quantiles -----------------------------------

LINE_X = np.arange(5.0).reshape(-1, 1)


@pytest.mark.parametrize("outlier", [1e10, 1e11, 1e12, 1e16, -1e16, 1e300])
def test_lad_ignores_how_far_a_single_outlier_is(outlier):
    # Four points on y = 1 + 2x and one outlier: LAD passes through the four, whatever its size.
    fit = solvers.lad_regression(LINE_X, [1.0, 3.0, outlier, 7.0, 9.0])
    assert fit.converged
    np.testing.assert_allclose([fit.coef[0], fit.intercept], [2.0, 1.0], rtol=1e-12)


@pytest.mark.parametrize("outlier", [1e15, 1e16, 1e300])
def test_the_median_of_a_sample_with_a_huge_value_is_the_median(outlier):
    est = experiments.growing_outlier([10.0, 20.0, 30.0, 40.0, 50.0], [outlier])
    assert est.median[0] == 30.0
    fit = solvers.lad_regression(np.empty((5, 0)), [10.0, 20.0, 30.0, 40.0, outlier])
    assert fit.intercept == 30.0 and fit.converged


@pytest.mark.parametrize("quantile", [1e-9, 1e-6, 1 - 1e-6, 1 - 1e-9])
def test_extreme_quantiles_are_solved_and_certified(quantile):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(40, 2))
    y = X @ [1.0, -2.0] + rng.standard_t(3, size=40)
    fit = solvers.quantile_regression(X, y, quantile=quantile)
    assert fit.converged
    # No other line through two data points (a vertex candidate) does better.
    best = losses.pinball_loss(y, fit.predict(X), quantile=quantile, reduction="sum")
    for other in (0.0, 0.5, 1.0):
        shifted = fit.predict(X) + other * np.sign(quantile - 0.5)
        assert best <= losses.pinball_loss(y, shifted, quantile=quantile, reduction="sum")


@pytest.mark.parametrize("quantile", [1e-10, 1e-12, 1 - 1e-10])
def test_quantiles_beyond_the_solvers_resolution_are_refused(quantile):
    with pytest.raises(ValueError, match=r"quantile must be between 1e-09 and 0.999999999"):
        solvers.quantile_regression(LINE_X, [1.0, 3.0, 100.0, 7.0, 9.0], quantile=quantile)
    with pytest.raises(ValueError, match=r"quantiles must be between 1e-09"):
        solvers.fit_quantiles(LINE_X, [1.0, 3.0, 100.0, 7.0, 9.0], [quantile, 0.5])


# --- plots: the Axes and the arguments that only label or mark --------------------------------

FITS_1D = solvers.fit_each_loss(X3[:, :1], Y3)
LASSO_PATH = solvers.lasso_path(X3, Y3, n_alphas=5)


@pytest.mark.parametrize("ax", ["abc", 3.0, [], np.nan])
@pytest.mark.parametrize(
    "draw",
    [
        lambda ax: plotting.plot_losses(np.linspace(-1, 1, 5), ax=ax),
        lambda ax: plotting.plot_fit_comparison(X3[:, :1], Y3, FITS_1D, ax=ax),
        lambda ax: plotting.plot_coefficient_paths(LASSO_PATH, ax=ax),
        lambda ax: plotting.plot_norm_balls(GEOMETRY, ax=ax),
    ],
    ids=["losses", "fit comparison", "paths", "norm balls"],
)
def test_a_plot_refuses_anything_but_a_flat_axes(draw, ax):
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        draw(ax)


def test_a_figure_or_a_polar_axes_is_not_an_axes_to_draw_on():
    fig = plt.figure()
    with pytest.raises(TypeError, match="got Figure"):
        plotting.plot_losses([0.0, 1.0], ax=fig)
    with pytest.raises(TypeError, match="got a polar Axes"):
        plotting.plot_losses([0.0, 1.0], ax=fig.add_subplot(projection="polar"))


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (
            lambda: plotting.plot_fit_comparison(X3[:, :1], Y3, FITS_1D, true_line=(1.0,)),
            ValueError,
            "true_line must be a pair of numbers, got 1 values",
        ),
        (
            lambda: plotting.plot_fit_comparison(X3[:, :1], Y3, FITS_1D, true_line=(np.nan, 0)),
            ValueError,
            r"true_line\[0\] must be a finite number",
        ),
        (
            lambda: plotting.plot_fit_comparison(X3[:, :1], Y3, FITS_1D, true_line="ab"),
            TypeError,
            "true_line must be a pair of numbers, got str",
        ),
        (
            lambda: plotting.plot_fit_comparison(X3[:, :1], Y3, FITS_1D, is_outlier=np.ones(30)),
            TypeError,
            "is_outlier must hold True or False, got dtype float64",
        ),
        (
            lambda: plotting.plot_fit_comparison(X3[:, :1], Y3, FITS_1D[0]),
            TypeError,
            "fits must be a list of RegressionResult",
        ),
        (
            lambda: plotting.plot_residuals(X3[:, :1], Y3, FITS_1D, atol=-1.0),
            ValueError,
            "atol must be a finite number >= 0",
        ),
        (
            lambda: plotting.plot_residuals(X3[:, :1], Y3[:10], FITS_1D),
            ValueError,
            "X and y must have the same number of rows",
        ),
        (lambda: plotting.plot_residuals(X3[:, :1], Y3, None), TypeError, "fits must be a list"),
        (
            lambda: plotting.plot_coefficient_paths(LASSO_PATH, feature_names="abc"),
            TypeError,
            "feature_names must be a list of str, got str",
        ),
        (
            lambda: plotting.plot_coefficient_paths(LASSO_PATH, feature_names=["a", "b"]),
            ValueError,
            r"feature_names must have one name per feature \(3\), got 2",
        ),
        (
            lambda: plotting.plot_coefficient_paths(LASSO_PATH, n_ticks=True),
            TypeError,
            "n_ticks must be an integer >= 1",
        ),
        (
            lambda: plotting.plot_lasso_kkt([0.1, 0.2], [0.0, 1.0], "big"),
            TypeError,
            "alpha must be a real number",
        ),
        (
            lambda: plotting.plot_lasso_kkt([0.1, 0.2], [0.0, np.nan], 0.2),
            ValueError,
            "coef contains NaN",
        ),
        (
            lambda: plotting.plot_lasso_kkt([[0.1, 0.2]], [[0.0, 1.0]], 0.2),
            ValueError,
            "correlation and coef must be 1-D",
        ),
        (
            lambda: plotting.plot_quantile_fan(
                X3[:, :1], Y3, solvers.fit_quantiles(X3[:, :1], Y3, [0.5]), ols="OLS"
            ),
            TypeError,
            "ols must be a RegressionResult",
        ),
        (lambda: plotting.plot_constant_objectives([]), ValueError, "y must hold at least one"),
    ],
)
def test_plot_options_are_checked(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_a_huge_number_of_ticks_is_capped_by_the_number_of_alphas():
    ax = plotting.plot_coefficient_paths(LASSO_PATH, n_ticks=2**40)
    top = next(other for other in ax.figure.axes if other is not ax)
    assert len(top.get_xticks()) <= LASSO_PATH.alphas.size


# --- least squares and Huber at the ends of the float range -----------------------------------


@pytest.mark.parametrize("fit", [solvers.least_squares, solvers.huber_regression])
def test_weights_of_1e308_give_the_fit_of_unit_weights(fit):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        huge = fit(X3, Y3, sample_weight=np.full(30, 1e308))
    unit = fit(X3, Y3)
    np.testing.assert_allclose(huge.coef, unit.coef, rtol=1e-9)
    assert huge.objective == np.inf  # 1e308 times the unit objective is beyond the float range


@pytest.mark.parametrize("fit", [solvers.least_squares, solvers.lad_regression])
def test_columns_of_1e_minus_170_scale_the_coefficients(fit):
    base = fit(X3, Y3)
    tiny = fit(X3 * 1e-170, Y3)
    np.testing.assert_allclose(tiny.coef * 1e-170, base.coef, rtol=1e-8)


@pytest.mark.parametrize(
    "fit", [solvers.least_squares, solvers.lad_regression, solvers.huber_regression]
)
def test_coefficients_beyond_the_float_range_name_x(fit):
    with pytest.raises(ValueError, match="the columns of X are too small"):
        fit(X3 * 1e-320, Y3)


def test_an_overflowing_loss_is_a_value_error_that_names_its_inputs():
    import l1tutor

    with pytest.raises(l1tutor.FloatRangeError, match="y_true and y_pred overflows") as info:
        losses.l2_loss([0.0, 0.0], [1e200, 1e200])
    assert isinstance(info.value, ValueError) and isinstance(info.value, FloatingPointError)


@pytest.mark.parametrize("solve", [lambda X, y: solvers.lasso(X, y, 0.1), solvers.lasso_path])
@pytest.mark.parametrize(
    ("scale_x", "scale_y", "named"), [(1e154, 1.0, "entries of X"), (1.0, 1e154, "entries of y")]
)
def test_a_lasso_whose_gram_quantities_overflow_names_the_data(solve, scale_x, scale_y, named):
    with pytest.raises(ValueError, match=f"overflows the floating-point range: the {named}"):
        solve(X3 * scale_x, Y3 * scale_y)


def test_a_standardized_lasso_path_does_not_depend_on_the_units_of_the_columns():
    base = solvers.lasso_path(X3, Y3, n_alphas=5, standardize=True)
    huge = solvers.lasso_path(X3 * 1e154, Y3, n_alphas=5, standardize=True)
    np.testing.assert_allclose(huge.coefs * 1e154, base.coefs, rtol=1e-8)


@pytest.mark.parametrize(
    ("objective", "exc", "match"),
    [
        (lambda w: None, TypeError, "objective must return one real number, got NoneType"),
        (lambda w: "1.0", TypeError, "objective must return one real number, got str"),
        (lambda w: [1.0, 2.0], TypeError, r"got list of shape \(2,\)"),
        (lambda w: np.nan, ValueError, "objective returned NaN"),
    ],
)
def test_descent_checks_what_the_objective_returns(objective, exc, match):
    with pytest.raises(exc, match=match):
        solvers.subgradient_descent(lambda w: w, 1.0, step=0.1, max_iter=3, objective=objective)


def test_an_overflowing_gradient_step_names_the_step_and_the_gradient_not_the_prox():
    with pytest.raises(FloatRangeError, match=r"w - eta \* grad_f\(w\) overflowed.*step is"):
        solvers.proximal_gradient(lambda w: 1e300 * w, prox.prox_l1, 1.0, penalty=1.0, step=1e10)


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (
            lambda f: solvers.subgradient_descent(f, [1.0], step=0.1, max_iter=5),
            "subgrad returned inf",
        ),
        (
            lambda f: solvers.proximal_gradient(f, prox.prox_l1, [1.0], penalty=1.0, step=0.1),
            "grad_f returned inf",
        ),
        (
            lambda f: solvers.proximal_gradient(
                _grad_step, lambda v, lam, s: f(v), [1.0], penalty=1.0, step=0.1
            ),
            "prox_g returned inf",
        ),
    ],
    ids=["subgrad", "grad_f", "prox_g"],
)
def test_a_callable_returning_infinity_is_named(call, named):
    with pytest.raises(FloatRangeError, match=named):
        call(lambda w: np.full_like(w, np.inf))


def _squared_norm(w):
    with np.errstate(over="ignore"):  # the overflow is the point of the test
        return float(w @ w)


def test_an_objective_beyond_the_float_range_is_refused_not_recorded_as_inf():
    with pytest.raises(FloatRangeError, match=r"objective\(w0\) is inf: w0 is too large.*1e\+200"):
        solvers.subgradient_descent(
            lambda w: np.sign(w), 1e200, step=0.1, max_iter=3, objective=_squared_norm
        )
    with pytest.raises(FloatRangeError, match=r"objective returned inf at iterate 1 .*check step"):
        solvers.proximal_gradient(
            _grad_step,
            lambda v, lam, s: np.full_like(v, 1e308),
            [1.0],
            penalty=1.0,
            step=0.1,
            objective=_squared_norm,
        )


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda n: datasets.line_with_outliers(n), "n_samples"),
        (lambda n: datasets.make_sparse_regression(n, 5, 2), "n_samples"),
        (lambda n: datasets.make_sparse_regression(20, n, 2), "n_features"),
        (lambda n: experiments.small_regression(n_samples=n), "n_samples"),
        (lambda n: experiments.contamination_experiment([0.1], n_repeats=n), "n_repeats"),
        (lambda n: solvers.lasso_path(X3, Y3, n_alphas=n), "n_alphas"),
        (lambda n: plotting.plot_norm_balls(GEOMETRY, n_grid=n), "n_grid"),
    ],
)
def test_sizes_too_large_for_memory_are_refused_at_once(call, named):
    start = time.perf_counter()
    with pytest.raises(ValueError, match=f"{named} must be an integer between"):
        call(2**40)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    "call",
    [
        lambda: datasets.make_sparse_regression(20, 5, 2, noise=1e308),
        lambda: experiments.small_regression(noise=1e308),
    ],
)
def test_generated_data_beyond_the_float_range_name_the_parameter(call):
    with pytest.raises(ValueError, match=r"noise=1e\+308 are too extreme"):
        call()


def test_a_variable_with_other_assumptions_than_the_expression_s_is_named():
    plain = sp.Symbol("w")  # not the real W of the expression
    with pytest.raises(ValueError, match="var w is not the symbol w of expr"):
        symbolic.subdifferential(sp.Abs(W), plain, 0)
    with pytest.raises(ValueError, match="var w is not the symbol w of expr"):
        symbolic.subgradient_function(sp.Abs(W), plain)


def test_symbolic_errors_name_expr():
    with pytest.raises(symbolic.NotConvexError, match="expr = -Abs"):
        symbolic.subgradient(-sp.Abs(W), W)
    with pytest.raises(symbolic.UnsupportedExpressionError, match="in expr = sin"):
        symbolic.subgradient(sp.sin(W), W)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: plotting.plot_gradient_field([]), ValueError, "w must hold at least one value"),
        (
            lambda: plotting.plot_penalty_gradients([]),
            ValueError,
            "w must hold at least one value",
        ),
        (
            lambda: solvers.quantile_crossings(None, X3[:, :1]),
            TypeError,
            "fits must be a list of RegressionResult",
        ),
        (
            lambda: solvers.quantile_crossings(
                solvers.fit_quantiles(X3[:, :1], Y3, [0.2, 0.8]).fits, np.empty((0, 1))
            ),
            ValueError,
            "X must have at least one row",
        ),
        (
            lambda: experiments.prediction_band_coverage(
                np.ones((40, 1)), Y3.repeat(2)[:40], n_groups=3
            ),
            ValueError,
            "too few distinct values for n_groups=3",
        ),
    ],
)
def test_empty_or_degenerate_inputs_name_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda: plotting.plot_losses([1e200, -1e200]), "residuals holds values too large"),
        (lambda: plotting.plot_constant_objectives([1e200, -1e200]), "y holds values too large"),
        (lambda: plotting.plot_penalty_gradients([1e308, 0.0]), "w holds values too large"),
        (lambda: plotting.plot_penalty_gradients([1.0, 2.0], lam=1e308), "lam \\* w overflows"),
    ],
)
def test_plots_name_their_own_argument_when_its_losses_overflow(call, named):
    with pytest.raises(ValueError, match=named):
        call()


@pytest.mark.parametrize("outlier", [1e308, -1e308])
def test_breakdown_with_outliers_at_the_end_of_the_float_range(outlier):
    est = experiments.replacement_breakdown([10.0, 20.0, 30.0, 40.0, 50.0], outlier_value=outlier)
    assert np.isfinite(est.mean).all()
    np.testing.assert_allclose(est.mean[1:], outlier / 5 * np.arange(1, 6), rtol=1e-12)
    assert est.median[1] in (20.0, 30.0) and abs(est.median[-1]) == 1e308


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (
            lambda: experiments.contamination_experiment([[0.1, 0.2]], n_repeats=2),
            ValueError,
            r"fractions must be a 1-D list of numbers, got shape \(1, 2\)",
        ),
        (
            lambda: experiments.heavy_tail_experiment([], n_repeats=2),
            ValueError,
            "dfs must hold at least one value",
        ),
        (
            lambda: experiments.heavy_tail_experiment([np.nan], n_repeats=2),
            ValueError,
            "dfs contains NaN",
        ),
        (
            lambda: experiments.growing_outlier([1.0, 2.0, 3.0], [[5.0]]),
            ValueError,
            "outlier_values must be a 1-D list",
        ),
        (
            lambda: solvers.fit_quantiles(X3, Y3, np.ma.masked_array([0.2, 0.8], [False, True])),
            TypeError,
            "quantiles is a masked array",
        ),
        (
            lambda: solvers.fit_quantiles(X3, Y3, [[0.2, 0.8]]),
            ValueError,
            "quantiles must be a 1-D list",
        ),
        (
            lambda: plotting.plot_mean_vs_median(
                experiments.growing_outlier([1, 2, 3], [5.0]), xlabel=None
            ),
            TypeError,
            "xlabel must be a str, got NoneType",
        ),
    ],
)
def test_lists_of_levels_and_labels_are_checked(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_an_infinite_df_is_gaussian_noise_and_allowed():
    result = experiments.heavy_tail_experiment([np.inf], n_repeats=2, n_samples=30)
    assert result.levels.tolist() == [np.inf]


def test_gaussian_bands_of_huge_targets_scale_with_them():
    X = np.linspace(1.0, 10.0, 40).reshape(-1, 1)
    y = 2.0 * X[:, 0] + np.tile([-1.0, 1.0, -0.5, 0.5], 10)
    base = experiments.prediction_bands(X, y, X[:3])
    huge = experiments.prediction_bands(X, y * 1e154, X[:3])
    np.testing.assert_allclose(huge.gaussian_high, base.gaussian_high * 1e154, rtol=1e-9)
    np.testing.assert_allclose(huge.quantile_low, base.quantile_low * 1e154, rtol=1e-9)


def test_a_median_is_found_among_values_sixteen_orders_of_magnitude_larger():
    fit = solvers.lad_regression(np.empty((5, 0)), [1.0, 1.0, 1.0, 1e16, 2e16])
    assert fit.intercept == 1.0 and fit.converged
    est = experiments.replacement_breakdown(
        np.array([10.0, 20.0, 30.0, 40.0, 50.0]) * 1e154, outlier_value=1000.0
    )
    np.testing.assert_allclose(est.median[:3], [3e155, 2e155, 1e155])
    np.testing.assert_allclose(est.median[3:], 1000.0)


@pytest.mark.parametrize("method", ["cd", "fista"])
@pytest.mark.parametrize(
    ("scale_x", "scale_y", "match"),
    [(1e-320, 1.0, "X column 0 has entries of at most"), (1.0, 1e-170, "y varies by at most")],
)
def test_a_lasso_on_data_whose_products_underflow_names_it(method, scale_x, scale_y, match):
    with pytest.raises(ValueError, match=match):
        solvers.lasso(X3 * scale_x, Y3 * scale_y, 0.1, method=method)
    with pytest.raises(ValueError, match=match):
        solvers.lasso_path(X3 * scale_x, Y3 * scale_y, n_alphas=3, method=method)


@pytest.mark.parametrize(
    "fit",
    [
        lambda X, y: solvers.ridge(X, y, 0.0),
        lambda X, y: solvers.ridge_path(X, y, [1.0, 0.0]),
        lambda X, y: solvers.lasso(X, y, 0.1, standardize=True),
    ],
)
def test_coefficients_beyond_the_float_range_on_the_scale_of_x_name_x(fit):
    with pytest.raises(ValueError, match="the columns of X are too small"):
        fit(X3 * 1e-320, Y3)


def test_compare_shrinkage_names_x_when_its_norm_overflows():
    with pytest.raises(ValueError, match="the squared norm of X overflows"):
        experiments.compare_shrinkage(np.ones(3), 1.0, X=np.eye(3) * 1e200)


@pytest.mark.parametrize(
    "call",
    [
        lambda n: solvers.subgradient_descent(lambda w: w, 1.0, step=0.1, max_iter=n),
        lambda n: solvers.proximal_gradient(
            lambda w: w, prox.prox_l1, 1.0, penalty=1.0, step=0.1, max_iter=n
        ),
        lambda n: experiments.compare_shrinkage([0.3], 1.0, step=0.1, max_iter=n),
        lambda n: solvers.huber_regression(X3, Y3, max_iter=n),
        lambda n: solvers.lasso(X3, Y3, 0.1, max_iter=n),
    ],
)
def test_an_iteration_budget_beyond_reach_is_refused_at_once(call):
    start = time.perf_counter()
    with pytest.raises(ValueError, match="max_iter must be an integer between"):
        call(2**40)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: GEOMETRY.loss("abc", 1.0), TypeError, "W1 must hold real numbers"),
        (lambda: GEOMETRY.loss([1.0, np.nan], [0.0, 0.0]), ValueError, "W1 contains NaN"),
        (lambda: GEOMETRY.loss([1.0], [0.0, 0.0]), ValueError, "W1 and W2 must have the same"),
        (lambda: GEOMETRY.loss(1.0, [1 + 2j]), TypeError, "W2 must hold real numbers"),
        (
            lambda: plotting.plot_fit_comparison(
                X3[:, :1], Y3, FITS_1D, is_outlier=np.ma.masked_array(np.zeros(30, bool))
            ),
            TypeError,
            "is_outlier is a masked array",
        ),
        (
            lambda: plotting.plot_fit_comparison(X3[:, :1], Y3, FITS_1D, is_outlier=[[True], []]),
            TypeError,
            "is_outlier must be a rectangular array",
        ),
        (
            lambda: plotting.plot_fit_comparison(X3[:, :1], Y3, FITS_1D, true_line={1.0, 2.0}),
            TypeError,
            "true_line must be a pair of numbers, got set",
        ),
        (
            lambda: plotting.plot_fit_comparison(X3[:, :1], Y3, FITS_1D, true_line=np.array(1.0)),
            TypeError,
            "true_line must be a pair of numbers, got ndarray",
        ),
        (lambda: plotting.plot_losses(np.ones((3, 2))), ValueError, "residuals must be a 1-D"),
        (lambda: plotting.plot_penalty_gradients(np.ones((3, 2))), ValueError, "w must be a 1-D"),
        (
            lambda: plotting.plot_constant_objectives([1.0, 2.0], candidates=[[1.0, 2.0]]),
            ValueError,
            "candidates must be a 1-D",
        ),
        (
            lambda: symbolic.subgradient_function(LAM * sp.Abs(W), W, params=np.array(1.0)),
            TypeError,
            "params must be a list of sympy Symbols, got ndarray",
        ),
        (
            lambda: symbolic.subgradient_function(sp.Abs(W), sp.Symbol("q", real=True)),
            ValueError,
            r"var q does not occur in expr \(its symbols: w\)",
        ),
        (lambda: G(1.0, []), ValueError, "lam must hold at least one value"),
    ],
)
def test_arrays_masks_pairs_and_symbols_are_checked(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_band_levels_beyond_the_solvers_resolution_name_the_level():
    X = np.linspace(1.0, 10.0, 40).reshape(-1, 1)
    y = 2.0 * X[:, 0] + np.tile([-1.0, 1.0, -0.5, 0.5], 10)
    with pytest.raises(ValueError, match="lower must be between 1e-09"):
        experiments.prediction_bands(X, y, X[:3], lower=1e-300)


@pytest.mark.parametrize(
    ("expr", "at"), [(sp.Abs(W) * Z, 0), (sp.Abs(W - Z), 0), (sp.Abs(W), Z)], ids=str
)
def test_an_undecidable_sign_names_expr_and_at(expr, at):
    with pytest.raises(symbolic.UnsupportedExpressionError, match="parameters of expr and at"):
        symbolic.subdifferential(expr, W, at)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: plotting.plot_losses([1e308, 0.0]), "residuals holds values of size 1e[+]308"),
        (lambda: plotting.plot_losses([0.0, 1.0], delta=1e308), "delta must be"),
        (lambda: plotting.plot_constant_objectives([1e308, 1.0]), "y holds values of size"),
        (lambda: plotting.plot_pinball_losses([1e308, 0.0]), "residuals holds values of size"),
        (lambda: plotting.plot_lasso_kkt([0.1, 0.2], [0.0, 1.0], 1e308), "alpha must be"),
        (
            lambda: plotting.plot_mean_vs_median(
                experiments.growing_outlier([1, 2, 3], [5.0]), xlabel="$\\frac$"
            ),
            "xlabel is not valid mathtext",
        ),
        (
            lambda: plotting.plot_coefficient_paths(LASSO_PATH, feature_names=["a", "b", "$x^$"]),
            r"feature_names\[2\] is not valid mathtext",
        ),
    ],
)
def test_plots_refuse_what_matplotlib_could_not_draw_later(call, match):
    with pytest.raises(ValueError, match=match):
        call()
    plt.gcf().canvas.draw()  # and whatever was accepted draws


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (
            lambda: experiments.heavy_tail_experiment([3.0, 1e-320], n_repeats=2),
            ValueError,
            r"dfs\[1\] = 1e-320: the generated data overflow",
        ),
        (
            lambda: experiments.support_recovery(n_samples=1),
            ValueError,
            "n_samples must be an integer between 2 and",
        ),
        (
            lambda: experiments.support_recovery(noise=1e154),
            FloatRangeError,
            r"noise = 1e\+154 makes the targets too large",
        ),
        (
            lambda: GEOMETRY.loss([1.0, 1e200], [0.0, 0.0]),
            FloatRangeError,
            r"largest \|W1\| = 1e\+200",
        ),
        (
            lambda: plotting.plot_constant_objectives([1.0, 2.0], candidates=[1e200]),
            FloatRangeError,
            "y and candidates hold values too large to draw",
        ),
    ],
)
def test_experiments_and_plots_name_the_argument_the_caller_passed(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


_LINE = solvers.least_squares(LINE_X, 2.0 * LINE_X[:, 0] + 1.0)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: plotting.plot_fit_comparison(
                LINE_X, LINE_X[:, 0], [dataclasses.replace(_LINE, coef=np.array([np.nan]))]
            ),
            r"fits\[0\].coef holds NaN",
        ),
        (
            lambda: plotting.plot_residuals(
                LINE_X, LINE_X[:, 0], [dataclasses.replace(_LINE, intercept=np.inf)]
            ),
            r"fits\[0\].intercept holds NaN or an infinity",
        ),
        (
            lambda: plotting.plot_coefficient_paths(
                dataclasses.replace(LASSO_PATH, coefs=LASSO_PATH.coefs * np.nan)
            ),
            "path.coefs holds NaN",
        ),
        (
            lambda: plotting.plot_norm_balls(dataclasses.replace(GEOMETRY, radius_l1=np.nan)),
            "geometry.radius_l1 holds NaN",
        ),
    ],
)
def test_plots_refuse_hand_built_results_holding_nan_or_inf(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_a_true_line_beyond_the_float_range_and_a_non_finite_grid_are_refused():
    with pytest.raises(
        ValueError, match=r"true_line \(on the range of x\) holds values of size inf"
    ):
        plotting.plot_fit_comparison(LINE_X, LINE_X[:, 0], [_LINE], true_line=(1e308, 1e308))
    X = np.linspace(1.0, 10.0, 40).reshape(-1, 1)
    y = 2.0 * X[:, 0] + np.tile([-1.0, 1.0, -0.5, 0.5], 10)
    bands = experiments.prediction_bands(X, y, X[:3])
    for bad, match in ((np.nan, "X_grid contains NaN"), (1e308, "X_grid holds values of size")):
        grid = X[:3].copy()
        grid[1] = bad
        with pytest.raises(ValueError, match=match):
            plotting.plot_prediction_bands(X, y, grid, bands)


def test_a_real_fit_whose_objective_overflowed_still_plots():
    big = solvers.least_squares(LINE_X, 1e154 * LINE_X[:, 0] ** 2)
    assert big.objective == np.inf
    plotting.plot_residuals(LINE_X, 1e154 * LINE_X[:, 0] ** 2, [big])
