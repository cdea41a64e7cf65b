"""Tests of l1tutor.solvers.sparse and its engine (solvers._coordinate_descent): the Lasso
against scikit-learn and its KKT conditions, the cross-validated Lasso against scikit-learn's
LassoCV, and the elastic net against scikit-learn's ElasticNet.

Tolerances: coefficients agree with scikit-learn (run with a duality-gap tolerance of 1e-13)
to 1e-6 and objectives to 1e-8 relative; optimality conditions are re-checked from explicit
residuals, independently of the solver's own certificate, to 1e-8 relative to alpha;
cross-validation errors agree with LassoCV's on the same folds to 1e-7 relative.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from problems import problem
from sklearn.linear_model import ElasticNet, Lasso, LassoCV
from sklearn.linear_model import lasso_path as sk_lasso_path

from l1tutor.datasets import load_diabetes
from l1tutor.solvers import (
    ELASTIC_NET_MAX_ENTRIES,
    ConvergenceWarning,
    ElasticNetResult,
    LassoCVResult,
    LassoPath,
    LassoResult,
    elastic_net,
    lasso,
    lasso_alpha_max,
    lasso_cv,
    lasso_path,
    ridge,
    ridge_path,
)
from l1tutor.solvers._coordinate_descent import (
    ACTIVE_SET_ROUNDS,
    FACTOR_MIN,
    Covariance,
    _anderson,
    homotopy,
)
from l1tutor.solvers._design import centre_and_scale

METHODS = ["cd", "fista"]


def objective(X, y, coef, intercept, alpha):
    r = y - X @ coef - intercept
    return r @ r / (2 * len(y)) + alpha * np.abs(coef).sum()


def sklearn_lasso(X, y, alpha, fit_intercept=True):
    return Lasso(alpha=alpha, fit_intercept=fit_intercept, tol=1e-13, max_iter=1_000_000).fit(X, y)


def assert_kkt(X, y, coef, intercept, alpha, *, fit_intercept=True, rtol=1e-8):
    """The Lasso optimality conditions, recomputed from the residual of the returned model."""
    r = y - X @ coef - intercept
    Xc = X - X.mean(axis=0) if fit_intercept else X
    c = Xc.T @ r / len(y)
    nz = coef != 0
    atol = rtol * max(alpha, 1.0)
    np.testing.assert_allclose(c[nz], alpha * np.sign(coef[nz]), rtol=0, atol=atol)
    assert np.all(np.abs(c[~nz]) <= alpha + atol)
    if fit_intercept:
        assert abs(r.mean()) <= atol  # the unpenalised intercept: residuals sum to 0


# ------------------------------------------------------------------------------------------
# Lasso against scikit-learn


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    shape=st.sampled_from([(40, 8), (30, 60), (100, 20), (12, 3)]),
    fraction=st.sampled_from([0.5, 0.1, 0.02]),
    fit_intercept=st.booleans(),
    method=st.sampled_from(METHODS),
)
def test_lasso_agrees_with_sklearn(seed, shape, fraction, fit_intercept, method):
    X, y = problem(*shape, seed=seed)
    alpha = fraction * lasso_alpha_max(X, y, fit_intercept=fit_intercept)
    ours = lasso(X, y, alpha, method=method, fit_intercept=fit_intercept, max_iter=200_000)
    ref = sklearn_lasso(X, y, alpha, fit_intercept)
    assert ours.converged
    np.testing.assert_allclose(ours.coef, ref.coef_, rtol=0, atol=1e-6)
    assert ours.intercept == pytest.approx(ref.intercept_, abs=1e-6)
    p_ours = objective(X, y, ours.coef, ours.intercept, alpha)
    p_ref = objective(X, y, ref.coef_, ref.intercept_, alpha)
    assert p_ours == pytest.approx(p_ref, rel=1e-8)
    assert_kkt(X, y, ours.coef, ours.intercept, alpha, fit_intercept=fit_intercept)


@pytest.mark.parametrize("method", METHODS)
def test_lasso_sets_coefficients_exactly_to_zero_and_certifies_them(method):
    X, y = problem(60, 30, k=3, seed=1)
    alpha = 0.2 * lasso_alpha_max(X, y)
    res = lasso(X, y, alpha, method=method)
    n_zero = int(np.sum(res.coef == 0.0))
    assert 0 < n_zero < X.shape[1]
    assert res.kkt_violation < 1e-9 * alpha
    yc = y - y.mean()
    assert res.duality_gap <= 1e-10 * (yc @ yc) / len(y)  # the documented stopping rule


def test_cd_and_fista_agree():
    X, y = problem(50, 80, k=4, seed=2)
    alpha = 0.05 * lasso_alpha_max(X, y)
    cd, fista = lasso(X, y, alpha), lasso(X, y, alpha, method="fista", max_iter=100_000)
    np.testing.assert_allclose(cd.coef, fista.coef, rtol=0, atol=1e-6)
    np.testing.assert_array_equal(cd.coef == 0, fista.coef == 0)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("factor", [1.0, 1.5, 100.0])
def test_every_coefficient_is_exactly_zero_from_alpha_max_on(method, factor):
    X, y = problem(30, 10, seed=3)
    alpha_max = lasso_alpha_max(X, y)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    assert alpha_max == pytest.approx(np.abs(Xc.T @ yc).max() / len(y), rel=1e-14)
    res = lasso(X, y, factor * alpha_max, method=method)
    assert np.all(res.coef == 0.0)
    assert res.intercept == pytest.approx(y.mean(), rel=1e-14)
    assert res.n_iter == 0 and res.duality_gap == 0.0
    assert np.count_nonzero(lasso(X, y, 0.99 * alpha_max, method=method).coef) >= 1


def test_duality_gap_bounds_the_suboptimality_of_an_unfinished_run():
    X, y = problem(40, 25, k=5, seed=4)
    alpha = 0.01 * lasso_alpha_max(X, y)
    best = objective(X, y, *_coef_intercept(sklearn_lasso(X, y, alpha)), alpha)
    for method in METHODS:
        with pytest.warns(ConvergenceWarning, match="lasso did not converge: the duality gap"):
            early = lasso(X, y, alpha, method=method, max_iter=1)
        assert not early.converged
        gap_true = objective(X, y, early.coef, early.intercept, alpha) - best
        assert 0 <= gap_true <= early.duality_gap * (1 + 1e-9) + 1e-12


def _coef_intercept(model):
    return model.coef_, model.intercept_


def test_warm_start_at_the_solution_needs_no_iteration():
    X, y = problem(50, 15, seed=5)
    alpha = 0.1 * lasso_alpha_max(X, y)
    first = lasso(X, y, alpha)
    again = lasso(X, y, alpha, w0=first.coef)
    assert again.n_iter == 0 and again.converged
    np.testing.assert_array_equal(again.coef, first.coef)


def test_standardize_is_the_lasso_on_standardised_columns():
    X, y = problem(60, 6, seed=6)
    scale = X.std(axis=0)
    Xs = (X - X.mean(axis=0)) / scale
    alpha = 0.1 * lasso_alpha_max(Xs, y)
    ours = lasso(X, y, alpha, standardize=True)
    ref = sklearn_lasso(Xs, y, alpha)
    np.testing.assert_allclose(ours.coef * scale, ref.coef_, atol=1e-6)
    np.testing.assert_allclose(
        X @ ours.coef + ours.intercept, Xs @ ref.coef_ + ref.intercept_, atol=1e-6
    )
    assert lasso_alpha_max(X, y, standardize=True) == pytest.approx(lasso_alpha_max(Xs, y))


def test_lasso_accepts_lists_and_float32_and_computes_in_float64():
    X, y = problem(30, 4, seed=7)
    alpha = 0.1 * lasso_alpha_max(X, y)
    ref = lasso(X, y, alpha)
    from_lists = lasso(X.tolist(), y.tolist(), alpha)
    np.testing.assert_array_equal(from_lists.coef, ref.coef)
    single = lasso(X.astype(np.float32), y.astype(np.float32), alpha)
    assert single.coef.dtype == np.float64
    np.testing.assert_allclose(single.coef, ref.coef, atol=1e-4)


def test_lasso_result_is_frozen():
    res = lasso([[1.0], [2.0], [3.0]], [1.0, 2.0, 2.0], 0.1)
    assert isinstance(res, LassoResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.coef = None  # type: ignore[misc]


# ------------------------------------------------------------------------------------------
# Lasso paths


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("shape", [(60, 12), (25, 40)])
def test_lasso_path_agrees_with_sklearn_lasso_path(shape, method):
    X, y = problem(*shape, seed=8)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    alpha_max = lasso_alpha_max(X, y)
    alphas = np.geomspace(alpha_max, 0.01 * alpha_max, 15)
    ours = lasso_path(X, y, alphas=alphas, method=method, max_iter=200_000)
    # scikit-learn's lasso_path fits no intercept: give it centred data.
    ref_alphas, ref_coefs, _ = sk_lasso_path(Xc, yc, alphas=alphas, tol=1e-13, max_iter=1_000_000)
    assert isinstance(ours, LassoPath)
    assert ours.coefs.shape == ref_coefs.shape == (shape[1], 15)
    np.testing.assert_allclose(ours.alphas, ref_alphas)
    np.testing.assert_allclose(ours.coefs, ref_coefs, rtol=0, atol=1e-6)
    assert ours.converged.all()
    for i, alpha in enumerate(ours.alphas):
        assert_kkt(X, y, ours.coefs[:, i], ours.intercepts[i], alpha)


def test_lasso_path_default_grid_starts_at_alpha_max_with_all_zeros():
    X, y = problem(40, 10, seed=9)
    path = lasso_path(X, y, n_alphas=20, eps=1e-2)
    alpha_max = lasso_alpha_max(X, y)
    assert path.alphas[0] == pytest.approx(alpha_max, rel=1e-14)
    assert path.alphas[-1] == pytest.approx(1e-2 * alpha_max, rel=1e-12)
    np.testing.assert_allclose(np.diff(np.log(path.alphas)), np.log(1e-2) / 19)
    assert np.all(path.coefs[:, 0] == 0.0)
    assert path.n_nonzero[0] == 0 and path.n_nonzero[-1] > 0
    np.testing.assert_array_equal(path.n_nonzero, np.count_nonzero(path.coefs, axis=0))
    assert path.n_iter.shape == (20,) and path.n_iter.dtype.kind == "i"


def test_lasso_path_sorts_alphas_decreasing_and_matches_single_fits():
    X, y = problem(30, 8, seed=10)
    alpha_max = lasso_alpha_max(X, y)
    alphas = [0.05 * alpha_max, 0.5 * alpha_max, 0.2 * alpha_max]
    path = lasso_path(X, y, alphas=alphas)
    np.testing.assert_array_equal(path.alphas, sorted(alphas, reverse=True))
    for i, alpha in enumerate(path.alphas):
        np.testing.assert_allclose(path.coefs[:, i], lasso(X, y, alpha).coef, atol=1e-9)


def test_lasso_path_without_intercept_on_raw_data_matches_sklearn():
    X, y = problem(50, 6, seed=11, offset=0.0)
    alphas = np.geomspace(1.0, 0.01, 5) * lasso_alpha_max(X, y, fit_intercept=False)
    ours = lasso_path(X, y, alphas=alphas, fit_intercept=False)
    _, ref, _ = sk_lasso_path(X, y, alphas=alphas, tol=1e-13, max_iter=1_000_000)
    np.testing.assert_allclose(ours.coefs, ref, atol=1e-6)
    assert np.all(ours.intercepts == 0.0)


@pytest.mark.parametrize("shape", [(300, 150), (120, 200)])
def test_lasso_path_with_large_supports_agrees_with_sklearn(shape):
    # Supports of more than FACTOR_MIN features go through the kept Cholesky factor (extended
    # as features enter, downdated through G_FF^-1 columns when some leave); n < p uses Gram
    # blocks of the working set and gradients from X.
    X, y = problem(*shape, k=10, seed=20)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    alphas = np.geomspace(1.0, 1e-3, 30) * lasso_alpha_max(X, y)
    ours = lasso_path(X, y, alphas=alphas)
    _, ref, _ = sk_lasso_path(Xc, yc, alphas=alphas, tol=1e-13, max_iter=1_000_000)
    assert ours.n_nonzero.max() > FACTOR_MIN
    assert ours.converged.all()
    np.testing.assert_allclose(ours.coefs, ref, rtol=0, atol=1e-6)
    for i, alpha in enumerate(ours.alphas):
        assert objective(X, y, ours.coefs[:, i], ours.intercepts[i], alpha) == pytest.approx(
            objective(Xc, yc, ref[:, i], 0.0, alpha), rel=1e-8
        )
        assert_kkt(X, y, ours.coefs[:, i], ours.intercepts[i], alpha)


@settings(max_examples=15, deadline=None)
@given(
    moves=st.lists(
        st.tuples(st.sampled_from(["grow", "same", "shrink"]), st.integers(0, 2**32 - 1)),
        min_size=1,
        max_size=6,
    )
)
def test_kept_factor_solves_like_a_fresh_solve_whatever_the_supports(moves):
    # Oracle: numpy.linalg.solve on G_AA; G is well conditioned here (n = 2p), so 1e-10 is
    # far above rounding and far below any wrong factor.
    X, y = problem(300, 150, seed=21)
    cov = Covariance(centre_and_scale(X, y, True, False), full=True)
    G = cov.sub(np.arange(150))
    A = np.arange(FACTOR_MIN)
    for move, seed in moves:
        rng = np.random.default_rng(seed)
        others = np.setdiff1d(np.arange(150), A)
        if move == "grow":
            A = np.union1d(A, rng.choice(others, size=rng.integers(1, 11), replace=False))
        elif move == "shrink" and A.size > FACTOR_MIN:
            A = np.setdiff1d(A, rng.choice(A, size=1))
        b = rng.standard_normal(A.size)
        v = cov.solve(A, b)
        assert v is not None
        expected = np.linalg.solve(G[np.ix_(A, A)], b)
        # atol covers entries that happen to be near 0, where a relative check means nothing.
        np.testing.assert_allclose(v, expected, rtol=1e-10, atol=1e-12 * np.abs(expected).max())


def test_gram_blocks_and_gradients_match_the_explicit_products():
    # n < p: the Gram matrix is never stored whole; blocks of the features that entered are, and
    # the gradient is computed from X. Oracle: the explicitly centred design.
    X, y = problem(40, 120, seed=23, offset=3.0)
    prob = centre_and_scale(X, y, True, False)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    G = Xc.T @ Xc / 40
    cov = Covariance(prob)
    rng = np.random.default_rng(0)
    stored = np.empty(0, dtype=int)
    for size in (5, 30, 70):
        stored = np.union1d(stored, rng.choice(120, size=size, replace=False))
        cov.ensure(stored)
        assert not cov.full
        np.testing.assert_allclose(cov.sub(stored), G[np.ix_(stored, stored)], atol=1e-12)
        w = np.zeros(120)
        w[stored] = rng.standard_normal(stored.size)
        np.testing.assert_allclose(cov.gradient(w), Xc.T @ (yc - Xc @ w) / 40, atol=1e-12)


def test_gram_is_stored_whole_once_half_the_features_enter_when_n_exceeds_p():
    X, y = problem(200, 40, seed=24)
    cov = Covariance(centre_and_scale(X, y, True, False))
    cov.ensure(np.arange(10))
    assert not cov.full
    assert cov.worth_storing_all(20) and not cov.worth_storing_all(19)
    cov.ensure(np.arange(20))
    assert cov.full
    Xc = X - X.mean(axis=0)
    np.testing.assert_allclose(cov.sub(np.arange(40)), Xc.T @ Xc / 200, atol=1e-12)
    # p > n: never whole, whatever enters.
    wide = Covariance(centre_and_scale(*problem(30, 60, seed=25), True, False))
    wide.ensure(np.arange(60))
    assert not wide.full


def test_anderson_extrapolation_finds_the_fixed_point_of_a_linear_iteration():
    # x_{k+1} = M x_k + b in R^4 converges to (I - M)^-1 b; Anderson on 5 iterates (4
    # differences) is exact for such an iteration (Walker & Ni 2011), far before convergence.
    rng = np.random.default_rng(1)
    M = 0.3 * rng.standard_normal((4, 4))
    b = rng.standard_normal(4)
    history = [np.zeros(4)]
    for _ in range(5):
        history.append(M @ history[-1] + b)
    fixed_point = np.linalg.solve(np.eye(4) - M, b)
    assert np.abs(history[-1] - fixed_point).max() > 1e-3
    np.testing.assert_allclose(_anderson(history), fixed_point, atol=1e-9)
    assert _anderson([np.ones(4)] * 3) is None  # stalled iterates: nothing to extrapolate


def test_path_points_between_knots_come_from_active_set_steps():
    # Between two knots the solution is one linear solve away from the warm start: most
    # alphas of a fine grid take at most ACTIVE_SET_ROUNDS rounds and no coordinate sweep.
    X, y = problem(200, 30, seed=26)
    path = lasso_path(X, y, n_alphas=100)
    assert path.converged.all()
    assert np.mean(path.n_iter[1:] <= ACTIVE_SET_ROUNDS) > 0.8
    for i in (10, 50, 99):
        ref = sklearn_lasso(X, y, path.alphas[i])
        np.testing.assert_allclose(path.coefs[:, i], ref.coef_, atol=1e-7)


def test_homotopy_follows_the_path_through_a_feature_that_leaves():
    # The diabetes path: a coefficient drops to exactly 0 and re-enters (the Lasso modification
    # of LARS). Oracle: scikit-learn's coordinate descent at each alpha of the grid.
    data = load_diabetes()
    X, y = data.X, data.y
    prob = centre_and_scale(X, y, True, False)
    cov = Covariance(prob, full=True)
    alphas = np.geomspace(1.0, 1e-4, 60) * lasso_alpha_max(X, y)
    W, steps = homotopy(cov, alphas)
    assert not np.isnan(W).any()
    ref = np.column_stack([sklearn_lasso(X, y, a).coef_ for a in alphas])
    np.testing.assert_allclose(W / prob.scale[:, None], ref, atol=1e-6 * np.abs(ref).max())
    signs = np.sign(W)
    left = (signs[:, :-1] != 0) & (signs[:, 1:] == 0)
    assert left.any()  # some feature leaves on the way
    assert steps.sum() >= np.count_nonzero(signs[:, -1])  # at least one knot per entry


def test_homotopy_stops_on_a_singular_gram_and_the_path_still_converges():
    # Two identical columns: G_AA singular once both are active, the path is not unique;
    # coordinate descent finishes from the last point reached.
    X, y = problem(60, 6, seed=28)
    X = np.column_stack([X, X[:, 0]])
    path = lasso_path(X, y, n_alphas=30)
    assert path.converged.all()
    for i in (5, 29):
        ref = sklearn_lasso(X, y, path.alphas[i])
        assert objective(X, y, path.coefs[:, i], path.intercepts[i], path.alphas[i]) <= (
            objective(X, y, ref.coef_, ref.intercept_, path.alphas[i]) * (1 + 1e-9)
        )


def test_path_max_iter_bounds_the_knots_too():
    X, y = problem(80, 20, k=10, seed=29)
    with pytest.warns(ConvergenceWarning):
        path = lasso_path(X, y, n_alphas=10, max_iter=1)
    assert np.all(path.n_iter <= 1)


@pytest.mark.parametrize("divisor", [100, 1000])
def test_lasso_with_many_more_features_than_samples_at_small_alpha(divisor):
    # Near interpolation (supports close to n): G_AA is nearly singular, support steps alternate
    # with sweeps and Anderson steps. Oracle: scikit-learn's objective and the KKT conditions.
    X, y = problem(60, 400, k=10, seed=27)
    alpha = lasso_alpha_max(X, y) / divisor
    ours = lasso(X, y, alpha)
    ref = sklearn_lasso(X, y, alpha)
    assert ours.converged
    assert objective(X, y, ours.coef, ours.intercept, alpha) <= objective(
        X, y, ref.coef_, ref.intercept_, alpha
    ) * (1 + 1e-9)
    assert_kkt(X, y, ours.coef, ours.intercept, alpha, rtol=1e-7)


@pytest.mark.parametrize("size", [3, FACTOR_MIN + 5])
def test_solve_on_a_singular_gram_block_gives_no_step(size):
    # A zero column without intercept: G_AA has a zero row and column, so no unique minimiser.
    X, y = problem(300, 150, seed=22, offset=0.0)
    X[:, 1] = 0.0
    cov = Covariance(centre_and_scale(X, y, False, False), full=True)
    assert cov.solve(np.arange(size), np.ones(size)) is None


# ------------------------------------------------------------------------------------------
# Bad input

X_OK = [[1.0, 2.0], [3.0, 1.0], [0.0, 1.0]]
Y_OK = [1.0, 2.0, 3.0]

BAD_CALLS = {
    "X 1-D": (lambda: lasso([1.0, 2.0, 3.0], Y_OK, 0.1), ValueError, "X must be 2-D"),
    "X empty": (lambda: lasso(np.empty((0, 2)), [], 0.1), ValueError, "X must have at least"),
    "y 2-D": (lambda: lasso(X_OK, [[1.0], [2.0], [3.0]], 0.1), ValueError, "y must be 1-D"),
    "lengths": (lambda: lasso(X_OK, [1.0, 2.0], 0.1), ValueError, "X and y .* 3 and 2"),
    "NaN in X": (
        lambda: lasso([[np.nan, 1.0], [1.0, 2.0]], [1.0, 2.0], 0.1),
        ValueError,
        "X contains NaN",
    ),
    "inf in y": (lambda: lasso(X_OK, [1.0, np.inf, 0.0], 0.1), ValueError, "y contains infinity"),
    "text X": (lambda: lasso([["a", "b"]], [1.0], 0.1), TypeError, "X must hold real numbers"),
    "alpha < 0": (lambda: lasso(X_OK, Y_OK, -1.0), ValueError, r"alpha must be .*>= 0, got -1.0"),
    "alpha = 0": (lambda: lasso(X_OK, Y_OK, 0.0), ValueError, r"alpha must be > 0.*ridge"),
    "alpha NaN": (lambda: lasso(X_OK, Y_OK, np.nan), ValueError, "alpha"),
    "alpha text": (lambda: lasso(X_OK, Y_OK, "1"), TypeError, "alpha must be a real number"),
    "method": (lambda: lasso(X_OK, Y_OK, 0.1, method="lars"), ValueError, "method must be one of"),
    "tol": (lambda: lasso(X_OK, Y_OK, 0.1, tol=0.0), ValueError, "tol"),
    "max_iter": (lambda: lasso(X_OK, Y_OK, 0.1, max_iter=0), ValueError, "max_iter .* got 0"),
    "w0 shape": (lambda: lasso(X_OK, Y_OK, 0.1, w0=[0.0]), ValueError, r"w0 must have shape"),
    "w0 NaN": (lambda: lasso(X_OK, Y_OK, 0.1, w0=[0.0, np.nan]), ValueError, "w0 contains NaN"),
    "constant column": (
        lambda: lasso([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]], Y_OK, 0.1, standardize=True),
        ValueError,
        "X column 1 is constant",
    ),
    "zero column, no intercept": (
        lambda: ridge(
            [[1.0, 0.0], [2.0, 0.0]], [1.0, 2.0], 0.1, fit_intercept=False, standardize=True
        ),
        ValueError,
        "X column 1 is constant",
    ),
    "path alphas <= 0": (
        lambda: lasso_path(X_OK, Y_OK, alphas=[0.1, 0.0]),
        ValueError,
        "alphas must all be > 0",
    ),
    "path alphas 2-D": (
        lambda: lasso_path(X_OK, Y_OK, alphas=[[0.1]]),
        ValueError,
        "alphas must be a non-empty 1-D",
    ),
    "path eps": (lambda: lasso_path(X_OK, Y_OK, eps=1.0), ValueError, "eps must be < 1"),
    "path n_alphas": (lambda: lasso_path(X_OK, Y_OK, n_alphas=0), ValueError, "n_alphas"),
    "path alpha_max 0": (lambda: lasso_path(X_OK, [2.0, 2.0, 2.0]), ValueError, "alpha_max"),
    "ridge alpha < 0": (lambda: ridge(X_OK, Y_OK, -0.5), ValueError, "alpha must be .*got -0.5"),
    "ridge_path alphas < 0": (
        lambda: ridge_path(X_OK, Y_OK, [1.0, -1.0]),
        ValueError,
        "alphas must all be >= 0",
    ),
    "ridge_path NaN alphas": (
        lambda: ridge_path(X_OK, Y_OK, [np.nan]),
        ValueError,
        "alphas contains NaN",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CALLS))
def test_bad_input_raises_a_clear_error(case):
    call, error, message = BAD_CALLS[case]
    with pytest.raises(error, match=message):
        call()


def test_max_iter_reached_is_flagged_and_warned_not_raised():
    X, y = problem(40, 30, k=10, seed=17)
    with pytest.warns(ConvergenceWarning, match="after 1 iterations"):
        res = lasso(X, y, 1e-3 * lasso_alpha_max(X, y), max_iter=1)
    assert not res.converged
    assert res.duality_gap > 0
    with pytest.warns(ConvergenceWarning, match=r"lasso_path did not converge: \d+ of 5 alphas"):
        path = lasso_path(X, y, n_alphas=5, max_iter=1)
    assert not path.converged.all()


# ------------------------------------------------------------------------------------------
# What the results carry


@pytest.mark.parametrize("standardize", [False, True])
def test_the_result_carries_the_correlations_of_its_optimality_conditions(standardize):
    X, y = problem(60, 8, seed=21)
    fit = lasso(X, y, 0.05, standardize=standardize)
    scale = X.std(axis=0) if standardize else np.ones(X.shape[1])
    Xs = (X - X.mean(axis=0)) / scale
    c = Xs.T @ (y - fit.predict(X)) / X.shape[0]
    np.testing.assert_allclose(fit.correlations, c, atol=1e-10)
    active = fit.coef != 0
    np.testing.assert_allclose(c[active], 0.05 * np.sign(fit.coef[active]), atol=1e-9)
    assert np.all(np.abs(c[~active]) <= 0.05 + 1e-9)
    assert fit.kkt_violations.shape == (8,)
    assert fit.kkt_violation == fit.kkt_violations.max() < 1e-9


def test_path_events_follow_the_coefficients():
    X, y = problem(80, 6, k=4, seed=22)
    path = lasso_path(X, y, n_alphas=60)
    signs = np.sign(path.coefs)
    replay = np.zeros(6)
    for event in path.events:
        i = int(np.flatnonzero(path.alphas == event.alpha)[0])
        assert signs[event.feature, i] == event.sign
        assert event.kind == (
            "enter" if replay[event.feature] == 0 else "leave" if event.sign == 0 else "flip"
        )
        replay[event.feature] = event.sign
    np.testing.assert_array_equal(replay, signs[:, -1])
    # The first feature to enter is the one with the largest pull at alpha_max.
    Xc = X - X.mean(axis=0)
    assert path.entry_order[0] == np.argmax(np.abs(Xc.T @ (y - y.mean())))
    assert np.all(np.diff(path.entry_alphas[path.entry_order]) <= 0)


def test_a_coefficient_that_leaves_and_re_enters_is_reported():
    # A hand-made path: feature 1 enters positive, leaves, re-enters negative.
    coefs = np.array([[0.0, 1.0, 2.0, 3.0, 4.0], [0.0, 0.5, 0.0, -0.2, -0.4]])
    path = LassoPath(
        np.geomspace(1, 0.01, 5),
        coefs,
        np.zeros(5),
        np.ones(5, int),
        np.ones(5, bool),
        np.zeros(5),
        np.zeros(5),
    )
    kinds = [(e.feature, e.kind, e.sign) for e in path.events]
    assert kinds == [(0, "enter", 1), (1, "enter", 1), (1, "leave", 0), (1, "enter", -1)]
    np.testing.assert_array_equal(path.entry_order, [0, 1])
    never = dataclasses.replace(path, coefs=np.vstack([coefs, np.zeros(5)]))
    assert np.isnan(never.entry_alphas[2]) and list(never.entry_order) == [0, 1]


# ------------------------------------------------------------------------------------------
# Cross-validation


def _sklearn_cv(X, y, cv, *, fit_intercept=True):
    """scikit-learn's LassoCV on the folds of ``cv``, at a duality-gap tolerance of 1e-14."""
    splits = [(np.flatnonzero(cv.folds != k), np.flatnonzero(cv.folds == k)) for k in range(5)]
    return LassoCV(
        alphas=cv.alphas, cv=splits, fit_intercept=fit_intercept, tol=1e-14, max_iter=1_000_000
    ).fit(X, y)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("shape", [(80, 6), (40, 60)])
def test_lasso_cv_agrees_with_sklearn_lassocv_on_the_same_folds(shape, fit_intercept):
    X, y = problem(*shape, k=3, seed=31, noise=1.0)
    cv = lasso_cv(X, y, n_alphas=40, fit_intercept=fit_intercept, tol=1e-14, max_iter=100_000)
    ref = _sklearn_cv(X, y, cv, fit_intercept=fit_intercept)
    np.testing.assert_array_equal(ref.alphas_, cv.alphas)
    np.testing.assert_allclose(cv.fold_errors, ref.mse_path_, rtol=1e-7)
    np.testing.assert_allclose(cv.mean_error, ref.mse_path_.mean(axis=1), rtol=1e-7)
    assert cv.alpha_min == ref.alpha_
    # The default grid is LassoCV's default grid (alpha_max of all the data, eps = 1e-3).
    default = LassoCV(fit_intercept=fit_intercept, cv=3).fit(X, y).alphas_
    np.testing.assert_allclose(
        lasso_path(X, y, fit_intercept=fit_intercept).alphas, default, rtol=1e-12
    )


def test_lasso_cv_fold_errors_are_the_errors_of_single_fits_on_the_held_out_folds():
    X, y = problem(50, 8, seed=32, noise=1.0)
    cv = lasso_cv(X, y, n_alphas=10, n_folds=4, seed=7)
    for i in (1, 5, 9):
        for k in range(4):
            train, test = cv.folds != k, cv.folds == k
            fit = lasso(X[train], y[train], float(cv.alphas[i]))
            error = np.mean((y[test] - fit.predict(X[test])) ** 2)
            assert cv.fold_errors[i, k] == pytest.approx(error, rel=1e-8)


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_folds=st.integers(2, 10),
    shape=st.sampled_from([(30, 5), (25, 40), (60, 3)]),
)
def test_the_one_standard_error_rule(seed, n_folds, shape):
    X, y = problem(*shape, seed=seed, noise=2.0)
    cv = lasso_cv(X, y, n_alphas=25, n_folds=n_folds, seed=seed)
    e = cv.fold_errors
    mean = e.sum(axis=1) / n_folds
    se = np.sqrt(((e - mean[:, None]) ** 2).sum(axis=1) / (n_folds - 1) / n_folds)
    np.testing.assert_allclose(cv.mean_error, mean, rtol=1e-12)
    np.testing.assert_allclose(cv.standard_error, se, rtol=1e-10)
    assert cv.mean_error[cv.index_min] == cv.mean_error.min()
    assert np.all(cv.mean_error[: cv.index_min] > cv.mean_error.min())  # largest alpha on ties
    threshold = cv.mean_error.min() + cv.standard_error[cv.index_min]
    assert cv.alpha_1se >= cv.alpha_min
    assert cv.mean_error[cv.index_1se] <= threshold
    assert np.all(cv.mean_error[: cv.index_1se] > threshold)  # no larger alpha qualifies
    assert cv.alpha == cv.alpha_1se and cv.rule == "1se"
    # The refit is the Lasso on all the data at alpha_1se.
    np.testing.assert_allclose(cv.coef, lasso(X, y, cv.alpha_1se).coef, rtol=0, atol=1e-7)


def test_lasso_cv_folds_are_a_seeded_balanced_partition():
    X, y = problem(47, 4, seed=33)
    cv = lasso_cv(X, y, n_alphas=5, n_folds=5, seed=3)
    sizes = np.bincount(cv.folds)
    assert sizes.size == 5 and sizes.sum() == 47 and sizes.max() - sizes.min() <= 1
    np.testing.assert_array_equal(lasso_cv(X, y, n_alphas=5, seed=3).folds, cv.folds)
    assert not np.array_equal(lasso_cv(X, y, n_alphas=5, seed=4).folds, cv.folds)
    assert cv.n_folds == 5 and cv.fold_errors.shape == (5, 5)


def test_lasso_cv_rule_min_refits_at_alpha_min_and_predicts_with_the_refit():
    X, y = problem(60, 10, seed=34, noise=1.0)
    cv = lasso_cv(X, y, n_alphas=30, rule="min")
    assert cv.alpha == cv.alpha_min
    ref = lasso(X, y, cv.alpha_min)
    np.testing.assert_allclose(cv.coef, ref.coef, atol=1e-8)
    assert cv.intercept == pytest.approx(ref.intercept, abs=1e-8)
    np.testing.assert_allclose(cv.predict(X[:3]), ref.predict(X[:3]), atol=1e-8)
    np.testing.assert_array_equal(cv.path.alphas, cv.alphas)
    assert isinstance(cv, LassoCVResult) and cv.fit.converged
    with pytest.raises(dataclasses.FrozenInstanceError):
        cv.rule = "1se"  # type: ignore[misc]


def test_lasso_cv_on_the_diabetes_data_prefers_a_sparser_model_with_the_1se_rule():
    data = load_diabetes()
    cv = lasso_cv(data.X, data.y, seed=0)
    assert cv.alpha_1se > cv.alpha_min
    assert np.count_nonzero(cv.coef) < np.count_nonzero(cv.path.coefs[:, cv.index_min])


CV_BAD_CALLS = {
    "n_folds 1": (lambda: lasso_cv(X_OK, Y_OK, n_folds=1), ValueError, "n_folds must be .*got 1"),
    "n_folds > n": (lambda: lasso_cv(X_OK, Y_OK, n_folds=4), ValueError, r"n_folds .* and 3"),
    "n_folds float": (lambda: lasso_cv(X_OK, Y_OK, n_folds=2.5), TypeError, "n_folds"),
    "rule": (
        lambda: lasso_cv(X_OK, Y_OK, n_folds=2, rule="best"),
        ValueError,
        "rule must be one of",
    ),
    "seed": (lambda: lasso_cv(X_OK, Y_OK, n_folds=2, seed=-1), ValueError, "seed must be"),
    "alphas": (
        lambda: lasso_cv(X_OK, Y_OK, n_folds=2, alphas=[1.0, 0.0]),
        ValueError,
        "alphas must all",
    ),
    "one sample": (lambda: lasso_cv([[1.0]], [1.0]), ValueError, "at least 2 samples"),
    "lengths": (lambda: lasso_cv(X_OK, [1.0, 2.0]), ValueError, "X and y"),
}


@pytest.mark.parametrize("case", sorted(CV_BAD_CALLS))
def test_lasso_cv_bad_input_raises_a_clear_error(case):
    call, error, message = CV_BAD_CALLS[case]
    with pytest.raises(error, match=message):
        call()


# ------------------------------------------------------------------------------------------
# The elastic net


def enet_objective(X, y, coef, intercept, alpha, l1_ratio):
    r = y - X @ coef - intercept
    l1, l2 = alpha * l1_ratio, alpha * (1 - l1_ratio)
    return r @ r / (2 * len(y)) + l1 * np.abs(coef).sum() + 0.5 * l2 * coef @ coef


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    shape=st.sampled_from([(40, 8), (30, 60), (100, 20), (12, 3)]),
    fraction=st.sampled_from([0.5, 0.1, 0.02]),
    l1_ratio=st.sampled_from([0.05, 0.5, 0.9, 1.0]),
    fit_intercept=st.booleans(),
    method=st.sampled_from(METHODS),
)
def test_elastic_net_agrees_with_sklearn(seed, shape, fraction, l1_ratio, fit_intercept, method):
    X, y = problem(*shape, seed=seed)
    alpha = fraction * lasso_alpha_max(X, y, fit_intercept=fit_intercept) / l1_ratio
    ours = elastic_net(
        X, y, alpha=alpha, l1_ratio=l1_ratio, method=method, fit_intercept=fit_intercept,
        max_iter=200_000,
    )  # fmt: skip
    ref = ElasticNet(
        alpha=alpha, l1_ratio=l1_ratio, fit_intercept=fit_intercept, tol=1e-13, max_iter=10**6
    ).fit(X, y)
    assert ours.converged
    np.testing.assert_allclose(ours.coef, ref.coef_, rtol=0, atol=1e-6)
    assert ours.intercept == pytest.approx(ref.intercept_, abs=1e-6)
    p_ours = enet_objective(X, y, ours.coef, ours.intercept, alpha, l1_ratio)
    p_ref = enet_objective(X, y, ref.coef_, ref.intercept_, alpha, l1_ratio)
    assert p_ours == pytest.approx(p_ref, rel=1e-8)
    # Optimality, from the residual of the returned model.
    Xc = X - X.mean(axis=0) if fit_intercept else X
    r = y - X @ ours.coef - ours.intercept
    c = Xc.T @ r / len(y) - alpha * (1 - l1_ratio) * ours.coef
    nz = ours.coef != 0
    atol = 1e-8 * max(alpha, 1.0)
    np.testing.assert_allclose(c[nz], alpha * l1_ratio * np.sign(ours.coef[nz]), atol=atol)
    assert np.all(np.abs(c[~nz]) <= alpha * l1_ratio + atol)
    np.testing.assert_allclose(ours.correlations, c, atol=atol)
    assert ours.kkt_violation <= atol


def test_elastic_net_with_l1_ratio_one_is_the_lasso():
    X, y = problem(50, 30, k=4, seed=35)
    alpha = 0.05 * lasso_alpha_max(X, y)
    net, las = elastic_net(X, y, alpha=alpha, l1_ratio=1.0), lasso(X, y, alpha)
    np.testing.assert_allclose(net.coef, las.coef, rtol=0, atol=1e-8)
    np.testing.assert_array_equal(net.coef == 0, las.coef == 0)
    assert net.intercept == pytest.approx(las.intercept, abs=1e-8)
    np.testing.assert_allclose(net.correlations, las.correlations, atol=1e-8)
    # ... and tends to it as l1_ratio -> 1.
    near = elastic_net(X, y, alpha=alpha, l1_ratio=1 - 1e-9)
    np.testing.assert_allclose(near.coef, las.coef, atol=1e-6)


def test_elastic_net_gives_equal_columns_equal_coefficients_where_the_lasso_does_not():
    rng = np.random.default_rng(36)
    z = rng.standard_normal((60, 3))
    X = np.column_stack([z[:, 0], z[:, 0], z[:, 0], z[:, 1], z[:, 2]])  # three equal columns
    y = 2 * z[:, 0] + z[:, 1] + 0.5 * rng.standard_normal(60)
    net = elastic_net(X, y, alpha=0.2, l1_ratio=0.5)
    assert np.all(net.coef[:3] != 0)
    np.testing.assert_allclose(net.coef[:3], net.coef[0], rtol=1e-10)
    las = lasso(X, y, 0.1)  # the same L1 weight: one of the copies takes (nearly) everything
    assert np.sort(np.abs(las.coef[:3]))[-2] < 1e-12
    assert las.coef[:3].sum() == pytest.approx(3 * net.coef[0], rel=0.2)


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    rho=st.sampled_from([0.5, 0.9, 0.99]),
    l1_ratio=st.sampled_from([0.2, 0.5, 0.8]),
)
def test_the_grouping_bound_of_zou_and_hastie(seed, rho, l1_ratio):
    # |w_i - w_j| <= ||x_i - x_j|| ||y_c|| / (n lambda_2) for coefficients of the same sign.
    rng = np.random.default_rng(seed)
    n = 40
    base = rng.standard_normal(n)
    X = np.column_stack(
        [base, rho * base + np.sqrt(1 - rho**2) * rng.standard_normal(n), rng.standard_normal(n)]
    )
    y = X[:, 0] + X[:, 1] + rng.standard_normal(n)
    alpha = 0.3 * lasso_alpha_max(X, y) / l1_ratio
    w = elastic_net(X, y, alpha=alpha, l1_ratio=l1_ratio).coef
    if w[0] * w[1] > 0:
        Xc, yc = X - X.mean(axis=0), y - y.mean()
        bound = np.linalg.norm(Xc[:, 0] - Xc[:, 1]) * np.linalg.norm(yc)
        assert abs(w[0] - w[1]) <= bound / (n * alpha * (1 - l1_ratio)) * (1 + 1e-9)


def test_elastic_net_keeps_more_features_than_samples():
    X, y = problem(10, 40, k=20, seed=37, noise=0.1)
    net = elastic_net(X, y, alpha=0.01, l1_ratio=0.3)
    assert np.count_nonzero(net.coef) > 10 and net.converged
    assert np.count_nonzero(lasso(X, y, 0.003).coef) <= 9  # the Lasso: at most n - 1 here


def test_elastic_net_duality_gap_bounds_the_suboptimality_of_an_unfinished_run():
    X, y = problem(40, 25, k=5, seed=38)
    alpha, l1_ratio = 0.01 * lasso_alpha_max(X, y) / 0.7, 0.7
    ref = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=1e-14, max_iter=10**6).fit(X, y)
    best = enet_objective(X, y, ref.coef_, ref.intercept_, alpha, l1_ratio)
    for method in METHODS:
        with pytest.warns(ConvergenceWarning, match="elastic_net did not converge: the duality"):
            early = elastic_net(X, y, alpha=alpha, l1_ratio=l1_ratio, method=method, max_iter=1)
        assert not early.converged
        gap_true = enet_objective(X, y, early.coef, early.intercept, alpha, l1_ratio) - best
        assert 0 <= gap_true <= early.duality_gap * (1 + 1e-9) + 1e-12
    done = elastic_net(X, y, alpha=alpha, l1_ratio=l1_ratio)
    yc = y - y.mean()
    assert done.converged and done.duality_gap <= 1e-10 * (yc @ yc) / len(y)


def test_elastic_net_standardize_is_the_elastic_net_on_standardised_columns():
    X, y = problem(60, 6, seed=39)
    scale = X.std(axis=0)
    Xs = (X - X.mean(axis=0)) / scale
    ours = elastic_net(X, y, alpha=0.3, l1_ratio=0.4, standardize=True)
    ref = ElasticNet(alpha=0.3, l1_ratio=0.4, tol=1e-14, max_iter=10**6).fit(Xs, y)
    np.testing.assert_allclose(ours.coef * scale, ref.coef_, atol=1e-7)
    np.testing.assert_allclose(ours.predict(X), ref.predict(Xs), atol=1e-7)
    assert isinstance(ours, ElasticNetResult) and ours.alpha == 0.3 and ours.l1_ratio == 0.4
    with pytest.raises(dataclasses.FrozenInstanceError):
        ours.coef = None  # type: ignore[misc]


def test_elastic_net_refuses_an_augmented_design_beyond_its_memory_limit():
    p = int(np.sqrt(ELASTIC_NET_MAX_ENTRIES)) + 1
    X = np.zeros((2, p))
    X[1] = 1.0
    with pytest.raises(ValueError, match=r"augmented design of \(n \+ p\) \* p = \d+ entries"):
        elastic_net(X, [0.0, 1.0], alpha=0.1, l1_ratio=0.5)


ENET_BAD_CALLS = {
    "l1_ratio 0": (
        lambda: elastic_net(X_OK, Y_OK, alpha=0.1, l1_ratio=0.0),
        ValueError,
        r"l1_ratio must be in \(0, 1\], got 0.0",
    ),
    "l1_ratio > 1": (
        lambda: elastic_net(X_OK, Y_OK, alpha=0.1, l1_ratio=1.5),
        ValueError,
        "l1_ratio must be",
    ),
    "l1_ratio text": (
        lambda: elastic_net(X_OK, Y_OK, alpha=0.1, l1_ratio="0.5"),
        TypeError,
        "l1_ratio must be a real number",
    ),
    "alpha 0": (
        lambda: elastic_net(X_OK, Y_OK, alpha=0.0, l1_ratio=0.5),
        ValueError,
        "alpha must be > 0",
    ),
    "method": (
        lambda: elastic_net(X_OK, Y_OK, alpha=0.1, l1_ratio=0.5, method="lars"),
        ValueError,
        "method must be one of",
    ),
    "tol": (
        lambda: elastic_net(X_OK, Y_OK, alpha=0.1, l1_ratio=0.5, tol=-1.0),
        ValueError,
        "tol",
    ),
    "NaN in y": (
        lambda: elastic_net(X_OK, [1.0, np.nan, 2.0], alpha=0.1, l1_ratio=0.5),
        ValueError,
        "y contains NaN",
    ),
    "constant column": (
        lambda: elastic_net(
            [[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]], Y_OK, alpha=0.1, l1_ratio=0.5, standardize=True
        ),
        ValueError,
        "X column 1 is constant",
    ),
}


@pytest.mark.parametrize("case", sorted(ENET_BAD_CALLS))
def test_elastic_net_bad_input_raises_a_clear_error(case):
    call, error, message = ENET_BAD_CALLS[case]
    with pytest.raises(error, match=message):
        call()
