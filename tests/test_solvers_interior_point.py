"""The interior-point method of lad_regression and quantile_regression against the exact LP.

The default ``method="interior-point"`` must reach the minimum the simplex method reaches (to
1e-9 relative), return a vertex, and be certified, on random and on degenerate problems: ties,
duplicated rows, p close to n, zero weights, extreme quantiles. The same holds with the
Portnoy-Koenker preprocessing of large problems, exercised on small ones by lowering its
threshold: its dual point must certify every row, including the globbed ones.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import QuantileRegressor

from l1tutor import losses, solvers
from l1tutor.solvers import _interior_point
from l1tutor.solvers._interior_point import (
    frisch_newton,
    interior_point,
    nearest_vertex,
    portnoy_koenker,
    subsample_size,
)


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


@pytest.fixture(params=[False, True], ids=["plain", "preprocessed"])
def preprocessed(request, monkeypatch):
    """Run a test as it is, and with every problem going through the preprocessing."""
    if request.param:
        monkeypatch.setattr(_interior_point, "PREPROCESS_MIN_ROWS", 0)
    return request.param


@pytest.mark.parametrize(
    "case",
    ["ties", "duplicated rows", "p = n - 1", "p = n - 2", "zero weights", "integer design"],
)
def test_degenerate_problems_reach_the_same_minimum(case, preprocessed):
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
def test_extreme_quantiles_are_certified_by_the_exact_dual_of_the_vertex(quantile, preprocessed):
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


# --- the Portnoy-Koenker preprocessing ---------------------------------------------------------


def _scaled_problem(seed, n, p, *, weighted=False):
    """Z = [1, X] and y of t(2) noise, divided by their largest magnitudes, and weights <= 1."""
    rng = np.random.default_rng(seed)
    Z = np.column_stack([np.ones(n), rng.normal(size=(n, p))])
    y = Z @ rng.normal(size=p + 1) + rng.standard_t(2, size=n)
    s = rng.exponential(size=n) + 1e-3 if weighted else np.ones(n)
    return Z / np.abs(Z).max(axis=0), y / np.abs(y).max(), s / s.max()


def _pinball(Z, y, s, quantile, beta):
    r = y - Z @ beta
    return float(s @ np.maximum(quantile * r, (quantile - 1) * r))


def _assert_certifies(Z, y, s, quantile, beta, d):
    """d is dual feasible for every row and closes the duality gap with beta."""
    assert np.all(d >= (quantile - 1) * s) and np.all(d <= quantile * s)
    size = float(s @ np.abs(y))
    # Z^T d = 0 up to rounding of its terms (|d_i| <= s_i), the gap up to the solver's 1e-12.
    np.testing.assert_allclose(Z.T @ d, 0.0, atol=1e-12 * float((s @ np.abs(Z)).max()))
    assert abs(_pinball(Z, y, s, quantile, beta) - y @ d) <= 1e-11 * size


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(100, 3000),
    p=st.integers(0, 4),
    quantile=st.sampled_from([0.5, 0.1, 0.75, 0.97]),
    weighted=st.booleans(),
)
def test_the_preprocessed_minimum_is_the_plain_and_the_simplex_minimum(
    seed, n, p, quantile, weighted
):
    Z, y, s = _scaled_problem(seed, n, p, weighted=weighted)
    beta, d, _ = interior_point(Z, y, s, quantile, preprocess_from=0)
    plain, _, _ = interior_point(Z, y, s, quantile, preprocess_from=n + 1)
    simplex = solvers.quantile_regression(
        Z, y, quantile=quantile, fit_intercept=False, sample_weight=s, method="simplex"
    )
    ours, reference = _pinball(Z, y, s, quantile, beta), _pinball(Z, y, s, quantile, plain)
    rounding = 1e-12 * float(s @ np.abs(y))
    assert abs(ours - reference) <= 1e-9 * reference + rounding
    assert ours <= simplex.objective * (1 + 1e-9) + rounding
    _assert_certifies(Z, y, s, quantile, beta, d)


@pytest.mark.parametrize("quantile", [0.5, 0.2, 0.9])
def test_the_preprocessed_dual_certifies_every_row_before_the_vertex_step(quantile):
    Z, y, s = _scaled_problem(4, 4000, 3, weighted=True)
    fit = portnoy_koenker(Z, y, s, quantile)
    assert fit.converged and fit.size < 4000  # solved on a band, not on all rows
    _assert_certifies(Z, y, s, quantile, fit.beta, fit.d)
    # The globbed rows, most of them, are at their bounds: d_i = tau s_i above the fit,
    # (tau - 1) s_i below.
    r = y - Z @ fit.beta
    above, below = fit.d == quantile * s, fit.d == (quantile - 1) * s
    assert np.count_nonzero(above | below) > 3000
    assert np.all(r[above] >= 0) and np.all(r[below] <= 0)


def test_wrong_first_guesses_are_moved_back_or_the_subsample_doubles():
    # At n = 1500 the first subsample (227 rows) gives a pilot fit rough enough that its band
    # often misplaces rows: either a few of them go back to the kept rows (a second reduced
    # solve with the same m) or so many that m doubles. Both must happen among these problems,
    # and on a first subsample of 12 rows m must double; every answer must be exact.
    paths = set()
    for seed in range(10):
        Z, y, s = _scaled_problem(seed, 1500, 2, weighted=seed % 2 == 1)
        plain = frisch_newton(Z, y, s, 0.5)[0]
        objective = _pinball(Z, y, s, 0.5, plain)
        for size in (None, 12):
            fit = portnoy_koenker(Z, y, s, 0.5, size=size)
            assert abs(_pinball(Z, y, s, 0.5, fit.beta) - objective) <= 1e-10 * objective
            _assert_certifies(Z, y, s, 0.5, fit.beta, fit.d)
            first = subsample_size(1500, 3) if size is None else size
            path = "doubled" if fit.size > first else "fixed up" if fit.rounds > 1 else "first"
            assert size is None or path == "doubled"
            paths.add(path)
    assert {"doubled", "fixed up"} <= paths


def test_a_subsample_as_large_as_the_data_is_a_plain_solve():
    # p close to n: sqrt(p) n^(2/3) >= n, nothing to gain from a subsample.
    Z, y, s = _scaled_problem(0, 12, 5)
    assert subsample_size(12, 6) >= 12
    fit = portnoy_koenker(Z, y, s, 0.3)
    assert (fit.size, fit.rounds) == (12, 0)
    _assert_certifies(Z, y, s, 0.3, fit.beta, fit.d)


def test_the_preprocessing_is_deterministic():
    Z, y, s = _scaled_problem(9, 2000, 3, weighted=True)
    first = interior_point(Z, y, s, 0.4, preprocess_from=0)
    np.random.default_rng().normal(size=10)  # the global state must play no part
    np.random.random(10)  # noqa: NPY002 (the legacy global generator, on purpose)
    second = interior_point(Z, y, s, 0.4, preprocess_from=0)
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert first[2] == second[2]


def test_large_problems_are_preprocessed_by_default(monkeypatch):
    calls = []

    def spy(*args, **kwargs):
        calls.append(args[0].shape)
        return portnoy_koenker(*args, **kwargs)

    monkeypatch.setattr(_interior_point, "portnoy_koenker", spy)
    n = _interior_point.PREPROCESS_MIN_ROWS
    rng = np.random.default_rng(6)
    X = rng.normal(size=(n, 2))
    y = X @ [1.0, -2.0] + rng.standard_t(2, size=n)
    fit = solvers.lad_regression(X, y)
    assert calls == [(n, 3)] and fit.converged
    solvers.lad_regression(X[:-1], y[:-1])
    assert len(calls) == 1  # one row fewer: the plain solve
    Z = np.column_stack([np.ones(n), X])
    a, c = np.abs(y).max(), np.abs(Z).max(axis=0)
    plain = frisch_newton(Z / c, y / a, np.ones(n), 0.5)[0] * a / c
    reference = float(np.abs(y - Z @ plain).sum())
    assert abs(fit.objective - reference) <= 1e-9 * reference
