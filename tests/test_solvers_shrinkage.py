"""Tests for l1tutor.solvers.shrinkage: subgradient descent, ISTA and FISTA."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import Lasso

from l1tutor.losses import l1_grad
from l1tutor.prox import prox_l1, prox_l2_squared, soft_threshold
from l1tutor.solvers import (
    ConvergenceWarning,
    DescentResult,
    proximal_gradient,
    subgradient_descent,
)

finite = st.floats(-10, 10, allow_nan=False)


def identity_prox(v, penalty, step):
    return v


def lasso_problem(seed=0, n=40, d=8):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    w_true = np.zeros(d)
    w_true[:3] = [2.0, -1.5, 1.0]
    y = X @ w_true + 0.3 * rng.standard_normal(n)
    return X, y


# --- proximal gradient -----------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(z=finite, lam=st.floats(0, 5))
def test_one_prox_step_with_unit_step_is_soft_threshold(z, lam):
    # f(w) = (w - z)^2 / 2 has L = 1: a step of 1 from any w0 lands on prox(z) exactly.
    # (5 - 1 * (5 - z) may differ from z in the last bit, hence the tolerance 1e-14.)
    res = proximal_gradient(lambda w: w - z, prox_l1, 5.0, penalty=lam, step=1.0)
    assert res.history[1, 0] == pytest.approx(soft_threshold(z, lam), abs=1e-14)
    if abs(z) < lam - 1e-12:  # away from the rounding at the boundary |z| = lam
        assert res.history[1, 0] == 0.0  # exactly, in one step
    assert res.converged and res.n_iter <= 2  # the next step confirms the fixed point


@pytest.mark.parametrize("accelerated", [False, True], ids=["ista", "fista"])
def test_lasso_matches_sklearn(accelerated):
    # sklearn's Lasso minimises ||y - Xw||^2 / (2n) + alpha ||w||_1; tolerance 1e-6 on coef.
    X, y = lasso_problem()
    n = X.shape[0]
    alpha = 0.1
    L = np.linalg.eigvalsh(X.T @ X / n).max()
    res = proximal_gradient(
        lambda w: X.T @ (X @ w - y) / n,
        prox_l1,
        np.zeros(X.shape[1]),
        penalty=alpha,
        step=1.0 / L,
        max_iter=20000,
        tol=1e-12,
        accelerated=accelerated,
    )
    ref = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=100000).fit(X, y)
    assert res.converged
    np.testing.assert_allclose(res.w, ref.coef_, atol=1e-6)
    # The prox produces exact zeros on the same support.
    np.testing.assert_array_equal(res.w == 0, np.abs(ref.coef_) < 1e-10)


def test_fista_objective_gap_smaller_than_ista():
    # More features than samples: not strongly convex, where ISTA's O(1/k) vs FISTA's O(1/k^2)
    # shows. Compare the objective gap after 200 iterations with a long FISTA run as reference.
    X, y = lasso_problem(seed=1, n=20, d=40)
    n, lam = X.shape[0], 0.05
    L = np.linalg.eigvalsh(X.T @ X / n).max()
    obj = lambda w: np.sum((X @ w - y) ** 2) / (2 * n) + lam * np.abs(w).sum()  # noqa: E731

    def run(acc, k):
        return proximal_gradient(
            lambda w: X.T @ (X @ w - y) / n,
            prox_l1,
            np.zeros(X.shape[1]),
            penalty=lam,
            step=1.0 / L,
            max_iter=k,
            tol=0.0,
            accelerated=acc,
        )

    best = obj(run(True, 20000).w)
    gap_ista, gap_fista = (obj(run(acc, 200).w) - best for acc in (False, True))
    assert 0 <= gap_fista < gap_ista / 10


@pytest.mark.parametrize("accelerated", [False, True])
def test_objective_error_within_the_documented_bounds(accelerated):
    # Beck & Teboulle (2009), theorems 3.1 and 4.4, with step eta <= 1/L:
    # ISTA  F(w_k) - F* <= ||w0 - w*||^2 / (2 eta k),  FISTA  <= 2 ||w0 - w*||^2 / (eta (k+1)^2).
    X, y = lasso_problem(seed=1, n=20, d=40)
    n, lam = X.shape[0], 0.05
    step = 0.9 / np.linalg.eigvalsh(X.T @ X / n).max()
    obj = lambda w: np.sum((X @ w - y) ** 2) / (2 * n) + lam * np.abs(w).sum()  # noqa: E731
    grad = lambda w: X.T @ (X @ w - y) / n  # noqa: E731
    w0 = np.zeros(X.shape[1])
    ref = proximal_gradient(
        grad, prox_l1, w0, penalty=lam, step=step, max_iter=50000, tol=1e-14, accelerated=True
    )
    F_star, dist2 = obj(ref.w), float(np.sum((w0 - ref.w) ** 2))
    res = proximal_gradient(
        grad,
        prox_l1,
        w0,
        penalty=lam,
        step=step,
        max_iter=300,
        tol=0.0,
        accelerated=accelerated,
        objective=obj,
    )
    k = np.arange(1, res.n_iter + 1)
    bound = 2 * dist2 / (step * (k + 1) ** 2) if accelerated else dist2 / (2 * step * k)
    gap = res.objective_history[1:] - F_star
    assert np.all(gap <= bound + 1e-12)
    # The bound is not vacuous: it is within a factor 100 of the gap after the first step.
    assert gap[0] > bound[0] / 100


@pytest.mark.parametrize("step_rule", ["constant", "diminishing"])
def test_best_value_within_the_subgradient_bound(step_rule):
    # Boyd, Xiao & Mutapcic (2003): F_best_k - F* <= (R^2 + G^2 sum eta_i^2) / (2 sum eta_i),
    # with G the largest subgradient norm used and R = |w0 - w*|. Here F = (w - z)^2/2 + |w|,
    # z = 0.3, minimiser 0, F* = z^2 / 2.
    z, eta, k = 0.3, 0.1, 400
    F = lambda w: 0.5 * (w[0] - z) ** 2 + abs(w[0])  # noqa: E731
    sub = lambda w: (w - z) + np.sign(w)  # noqa: E731
    res = subgradient_descent(sub, 1.0, step=eta, max_iter=k, step_rule=step_rule, objective=F)
    etas = eta / np.sqrt(np.arange(k) + 1) if step_rule == "diminishing" else np.full(k, eta)
    G = float(np.max(np.abs([sub(w) for w in res.history[:-1]])))
    R2 = 1.0**2
    best = np.minimum.accumulate(res.objective_history)[1:] - z**2 / 2
    bound = (R2 + G**2 * np.cumsum(etas**2)) / (2 * np.cumsum(etas))
    assert np.all(best <= bound + 1e-15)
    if step_rule == "constant":
        # The bound tends to G^2 eta / 2, and the best value does come within it but not to 0.
        assert bound[-1] == pytest.approx(G**2 * eta / 2, rel=0.1)
        assert best[-1] > 0


def test_fista_first_iterates_by_hand():
    # f(w) = w^2 / 2 (gradient w), g = 0, step 1/2: the gradient step halves y.
    # t0 = 1, w1 = 2, t1 = (1 + sqrt 5)/2, y1 = w1 + 0 = 2, w2 = 1,
    # y2 = w2 + (t1 - 1)/t2 (w2 - w1), w3 = y2 / 2.
    with pytest.warns(ConvergenceWarning, match=r"proximal_gradient did not converge: the last"):
        res = proximal_gradient(
            lambda w: w, identity_prox, 4.0, penalty=0.0, step=0.5, max_iter=3, accelerated=True
        )
    t1 = (1 + np.sqrt(5)) / 2
    t2 = (1 + np.sqrt(1 + 4 * t1**2)) / 2
    y2 = 1.0 + (t1 - 1) / t2 * (1.0 - 2.0)
    np.testing.assert_allclose(res.history[:, 0], [4.0, 2.0, 1.0, y2 / 2], rtol=1e-15)
    assert res.n_iter == 3 and not res.converged


def test_ridge_prox_matches_closed_form():
    # min ||Xw - y||^2 / 2 + (lam / 2) ||w||^2  <=>  (X^T X + lam I) w = X^T y.
    X, y = lasso_problem(seed=2)
    lam = 0.7
    L = np.linalg.eigvalsh(X.T @ X).max()
    res = proximal_gradient(
        lambda w: X.T @ (X @ w - y),
        prox_l2_squared,
        np.zeros(X.shape[1]),
        penalty=lam,
        step=1.0 / L,
        max_iter=20000,
        accelerated=True,
    )
    exact = np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)
    np.testing.assert_allclose(res.w, exact, atol=1e-8)


def test_result_shapes_and_objective_history():
    z = np.array([3.0, -0.2, 0.5])
    obj = lambda w: 0.5 * np.sum((w - z) ** 2) + np.sum(np.abs(w))  # noqa: E731
    res = proximal_gradient(
        lambda w: w - z, prox_l1, np.ones(3), penalty=1.0, step=0.5, objective=obj
    )
    assert isinstance(res, DescentResult)
    assert res.history.shape == (res.n_iter + 1, 3)
    np.testing.assert_array_equal(res.history[0], np.ones(3))
    np.testing.assert_array_equal(res.history[-1], res.w)
    np.testing.assert_allclose(res.objective_history, [obj(h) for h in res.history])
    # ISTA with step <= 1/L is a descent method.
    assert np.all(np.diff(res.objective_history) <= 1e-15)
    with pytest.raises(AttributeError):
        res.n_iter = 0  # frozen


def test_scalar_start_is_the_one_dimensional_problem():
    res = proximal_gradient(lambda w: w - 2.0, prox_l1, 0.0, penalty=1.0, step=1.0)
    assert res.w.shape == (1,) and res.history.shape[1] == 1
    assert res.w[0] == 1.0
    assert res.objective_history is None


# --- subgradient descent ---------------------------------------------------------------------


def test_constant_step_oscillates_and_never_hits_zero():
    # F(w) = (w - z)^2 / 2 + lam |w| with |z| <= lam: the minimiser is exactly 0.
    z, lam, step = 0.3, 1.0, 0.1
    res = subgradient_descent(lambda w: (w - z) + lam * np.sign(w), 1.0, step=step, max_iter=2000)
    tail = res.history[200:, 0]
    assert np.count_nonzero(res.history == 0) == 0
    assert not res.converged
    # It keeps crossing 0 and stays within one step of it: |w_k| <= step * (lam + |z| + |w|).
    assert np.count_nonzero(np.diff(np.sign(tail))) > len(tail) / 4
    assert np.abs(tail).max() <= step * (lam + z + 0.2)


def test_diminishing_steps_follow_documented_rule():
    # Gradient of w^2/2 is w: w_{k+1} = w_k (1 - step / sqrt(k + 1)).
    res = subgradient_descent(lambda w: w, 1.0, step=0.5, max_iter=4, step_rule="diminishing")
    expected = np.cumprod([1.0] + [1 - 0.5 / np.sqrt(k + 1) for k in range(4)])
    np.testing.assert_allclose(res.history[:, 0], expected, rtol=1e-15)


def test_diminishing_steps_approach_zero_but_not_exactly():
    z, lam = np.array([0.3, -0.5, 0.05]), 1.0
    sub = lambda w: (w - z) + lam * l1_grad(0 * w, w, reduction="sum")  # noqa: E731
    const = subgradient_descent(sub, np.ones(3), step=0.1, max_iter=3000)
    dimin = subgradient_descent(sub, np.ones(3), step=0.1, max_iter=3000, step_rule="diminishing")
    assert np.count_nonzero(dimin.history == 0) == 0
    assert np.abs(dimin.history[-500:]).max() < np.abs(const.history[-500:]).max() / 10


def test_stops_at_exact_stationary_point():
    # Gradient exactly 0 at 0 (l1_grad picks 0 at the kink): the step is 0 and tol=0 is met.
    res = subgradient_descent(lambda w: np.sign(w), 0.0, step=0.1, max_iter=100)
    assert res.converged and res.n_iter == 1


# --- errors ----------------------------------------------------------------------------------

BAD = [
    (dict(step=0.0), ValueError, "step"),
    (dict(step=-1.0), ValueError, "step"),
    (dict(step="1"), TypeError, "step"),
    (dict(step=0.1, max_iter=0), ValueError, "max_iter"),
    (dict(step=0.1, max_iter=2.5), TypeError, "max_iter"),
    (dict(step=0.1, tol=-1.0), ValueError, "tol"),
    (dict(step=0.1, objective=3), TypeError, "objective"),
]


@pytest.mark.parametrize("kwargs, exc, name", BAD, ids=[b[2] + str(i) for i, b in enumerate(BAD)])
def test_bad_options_name_the_argument(kwargs, exc, name):
    with pytest.raises(exc, match=name):
        proximal_gradient(lambda w: w, identity_prox, [1.0], penalty=0.0, **kwargs)
    with pytest.raises(exc, match=name):
        subgradient_descent(lambda w: w, [1.0], **kwargs)


@pytest.mark.parametrize(
    ("penalty", "exc"),
    [(-1.0, ValueError), (np.nan, ValueError), ("1", TypeError), (None, TypeError)],
)
def test_a_bad_penalty_is_named(penalty, exc):
    with pytest.raises(exc, match="penalty"):
        proximal_gradient(lambda w: w, prox_l1, [1.0], penalty=penalty, step=0.1)


def test_the_solver_passes_its_step_and_penalty_to_the_prox():
    seen = []

    def recording_prox(v, penalty, step):
        seen.append((penalty, step))
        return prox_l1(v, penalty, step)

    proximal_gradient(
        lambda w: w - 3.0, recording_prox, 0.0, penalty=0.5, step=0.25, max_iter=2, tol=0.0
    )
    assert seen == [(0.5, 0.25), (0.5, 0.25)]


@pytest.mark.parametrize(
    "w0, exc",
    [([[1.0, 2.0]], ValueError), ([], ValueError), ([np.nan], ValueError), (["a"], TypeError)],
    ids=["2d", "empty", "nan", "text"],
)
def test_bad_start(w0, exc):
    with pytest.raises(exc, match="w0"):
        proximal_gradient(lambda w: w, identity_prox, w0, penalty=0.0, step=0.1)


def test_bad_callables():
    with pytest.raises(TypeError, match="grad_f"):
        proximal_gradient(None, identity_prox, 1.0, penalty=0.0, step=0.1)
    with pytest.raises(TypeError, match="prox_g"):
        proximal_gradient(lambda w: w, 1.0, 1.0, penalty=0.0, step=0.1)
    with pytest.raises(TypeError, match="subgrad"):
        subgradient_descent("sign", 1.0, step=0.1)
    with pytest.raises(ValueError, match="grad_f must return an array of shape \\(2,\\)"):
        proximal_gradient(lambda w: np.ones(3), identity_prox, [1.0, 2.0], penalty=0.0, step=0.1)
    with pytest.raises(ValueError, match="step_rule"):
        subgradient_descent(lambda w: w, 1.0, step=0.1, step_rule="sqrt")


def test_divergence_is_reported():
    # The overflow happens in the test's own gradient; the solver must turn it into an error.
    with np.errstate(over="ignore"), pytest.raises(FloatingPointError, match="step"):
        proximal_gradient(
            lambda w: 1e10 * w, identity_prox, 1.0, penalty=0.0, step=1.0, max_iter=100
        )


def test_a_fixed_number_of_iterations_does_not_warn_but_a_missed_tolerance_does():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fixed = subgradient_descent(lambda w: np.sign(w), 1.0, step=0.3, max_iter=5)
    assert not fixed.converged  # tol = 0 (the default): run max_iter steps, no test to pass
    with pytest.warns(ConvergenceWarning, match="subgradient_descent did not converge"):
        subgradient_descent(lambda w: np.sign(w), 1.0, step=0.3, max_iter=5, tol=1e-3)
