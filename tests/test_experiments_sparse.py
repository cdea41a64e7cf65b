"""Tests of l1tutor.experiments.sparse: the chapter's conclusions about support recovery."""

from __future__ import annotations

import numpy as np
import pytest

from l1tutor.datasets import make_correlated_group, make_sparse_regression
from l1tutor.experiments import (
    SelectionStability,
    SupportRecovery,
    norm_ball_geometry,
    selection_stability,
    support_recovery,
)
from l1tutor.solvers import elastic_net, lasso, lasso_alpha_max, lasso_path

CHAPTER_SEED = 3  # the seed of chapter 4


@pytest.fixture(scope="module")
def chapter_result() -> SupportRecovery:
    return support_recovery(seed=CHAPTER_SEED)


def test_counts_are_consistent_with_the_lasso_path(chapter_result):
    res = chapter_result
    data = make_sparse_regression(50, 200, 5, noise=0.5, seed=CHAPTER_SEED)
    path = lasso_path(data.X, data.y, n_alphas=30, eps=1e-2)
    np.testing.assert_array_equal(res.alphas, path.alphas)
    np.testing.assert_array_equal(res.true_positives + res.false_positives, path.n_nonzero)
    assert np.all((res.true_positives >= 0) & (res.true_positives <= 5))
    assert np.all((res.false_positives >= 0) & (res.false_positives <= 195))


def test_lasso_selects_nothing_at_alpha_max_and_the_whole_truth_at_the_end(chapter_result):
    res = chapter_result
    assert res.true_positives[0] == 0 and res.false_positives[0] == 0
    assert res.true_positives[-1] == res.n_informative
    assert res.false_positives[-1] > 0  # small alpha lets noise features in
    assert res.false_positives[-1] < res.n_features // 2  # but far from all of them


def test_there_is_an_alpha_range_of_exact_support_recovery(chapter_result):
    res = chapter_result
    hits = np.flatnonzero(res.exact_recovery)
    assert hits.size >= 3
    np.testing.assert_array_equal(hits, np.arange(hits[0], hits[-1] + 1))  # one interval


def test_ridge_keeps_every_feature_at_every_alpha(chapter_result):
    np.testing.assert_array_equal(chapter_result.ridge_nonzero, 200)


def test_experiment_is_reproducible_and_configurable():
    a = support_recovery(n_samples=30, n_features=60, n_informative=3, n_alphas=8, seed=1)
    b = support_recovery(n_samples=30, n_features=60, n_informative=3, n_alphas=8, seed=1)
    np.testing.assert_array_equal(a.true_positives, b.true_positives)
    np.testing.assert_array_equal(a.false_positives, b.false_positives)
    assert a.alphas.shape == (8,) and a.n_features == 60 and a.n_informative == 3
    np.testing.assert_array_equal(a.ridge_nonzero, 60)


def test_more_samples_recover_the_support_more_easily():
    # With n = 200 instead of 50 the exact-recovery range widens (seeded, so deterministic).
    few = support_recovery(n_samples=50, seed=0)
    many = support_recovery(n_samples=200, seed=0)
    assert many.exact_recovery.sum() > few.exact_recovery.sum()


# --- the geometry of the L1 and L2 balls -------------------------------------------------------


def _pair(seed=0):
    pair = make_sparse_regression(100, 2, 2, noise=1.0, correlation=0.5, seed=seed)
    return pair.X, pair.y


def test_the_lasso_and_ridge_solve_their_constrained_problems():
    X, y = _pair()
    geometry = norm_ball_geometry(X, y)
    # Default choices: one Lasso weight at 0 (a corner), balls of equal radius.
    assert np.count_nonzero(geometry.lasso) == 1
    assert geometry.radius_l2 == pytest.approx(geometry.radius_l1, rel=1e-9)
    # Each solution minimises the loss over its ball: compare with points on the boundary.
    angles = np.linspace(0, 2 * np.pi, 2001)
    circle = geometry.radius_l2 * np.stack([np.cos(angles), np.sin(angles)])
    assert geometry.levels["ridge"] <= geometry.loss(*circle).min() + 1e-9
    t = np.linspace(-1, 1, 2001)
    diamond = geometry.radius_l1 * np.stack([t, 1 - np.abs(t)])
    both = np.hstack([diamond, -diamond])
    assert geometry.levels["lasso"] <= geometry.loss(*both).min() + 1e-9
    # The least-squares level is the smallest of all.
    assert geometry.levels["least_squares"] <= min(geometry.levels.values())


def test_the_loss_of_the_geometry_is_the_halved_mean_squared_error():
    X, y = _pair(1)
    geometry = norm_ball_geometry(X, y, alpha_l1=0.2, alpha_l2=0.3)
    w = np.array([0.4, -1.3])
    assert geometry.loss(*w) == pytest.approx(0.5 * np.mean((y - X @ w) ** 2), rel=1e-12)
    assert geometry.alpha_l1 == 0.2 and geometry.alpha_l2 == 0.3
    assert geometry.half_width >= max(np.abs(geometry.least_squares).max(), geometry.radius_l1)


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"X": np.ones((5, 3))}, ValueError, r"X must have shape \(n_samples, 2\)"),
        ({"y": np.ones(4)}, ValueError, r"y must have shape \(5,\)"),
        ({"alpha_l1": -1.0}, ValueError, "alpha_l1"),
        ({"alpha_l2": "1"}, TypeError, "alpha_l2"),
        ({"y": [1, 2, np.nan, 4, 5]}, ValueError, "y contains NaN"),
    ],
)
def test_bad_geometry_input_is_named(kwargs, exc, match):
    args = {"X": np.arange(10.0).reshape(5, 2), "y": np.arange(5.0)} | kwargs
    with pytest.raises(exc, match=match):
        norm_ball_geometry(args.pop("X"), args.pop("y"), **args)


# --- the stability of selection among correlated features -------------------------------------


@pytest.fixture(scope="module")
def stability() -> SelectionStability:
    return selection_stability(seed=0)  # the chapter's run


def test_the_lasso_keeps_different_members_of_the_pair_in_different_resamples(stability):
    kept = stability.kept("lasso")
    assert sum(kept.values()) == stability.n_resamples == 50
    assert kept.get((0,), 0) > 0 and kept.get((1,), 0) > 0  # which one changes
    assert kept.get((0, 1), 0) < 50


def test_the_elastic_net_keeps_the_pair_together(stability):
    assert stability.kept("enet") == {(0, 1): 50}
    assert stability.mean_spread("enet") < stability.mean_spread("lasso") / 5
    spread = stability.enet_coefs[:, 0] - stability.enet_coefs[:, 1]
    assert np.all(np.abs(spread) < 0.25)


def test_each_row_is_the_fit_on_a_bootstrap_resample(stability):
    data = make_correlated_group(50, 10, 2, correlation=0.95, noise=1.0, seed=0)
    rng = np.random.default_rng([0, 1])
    for r in range(3):
        rows = rng.integers(0, 50, 50)
        X, y = data.X[rows], data.y[rows]
        alpha = 0.5 * lasso_alpha_max(X, y)
        np.testing.assert_array_equal(stability.lasso_coefs[r], lasso(X, y, alpha).coef)
        np.testing.assert_array_equal(
            stability.enet_coefs[r], elastic_net(X, y, alpha=2 * alpha, l1_ratio=0.5).coef
        )
    np.testing.assert_array_equal(stability.group, [0, 1])
    assert stability.fraction == 0.5 and stability.l1_ratio == 0.5


def test_selection_stability_is_reproducible_and_configurable():
    a = selection_stability(n_resamples=4, group_size=3, correlation=0.9, seed=2)
    b = selection_stability(n_resamples=4, group_size=3, correlation=0.9, seed=2)
    np.testing.assert_array_equal(a.lasso_coefs, b.lasso_coefs)
    assert a.lasso_coefs.shape == (4, 10) and a.group.tolist() == [0, 1, 2]
    assert a.correlation == 0.9
    with pytest.raises(ValueError, match="method must be one of 'lasso', 'enet'"):
        a.kept("ridge")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"fraction": 1.0}, "fraction must be strictly between 0 and 1"),
        ({"l1_ratio": 0.0}, "l1_ratio"),
        ({"n_resamples": 0}, "n_resamples"),
        ({"seed": -1}, "seed"),
        ({"correlation": 1.0}, "correlation"),
    ],
)
def test_selection_stability_rejects_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        selection_stability(**kwargs)
