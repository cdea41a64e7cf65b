"""Tests of l1tutor.plotting.sparse: the figures show the solvers' numbers."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Circle, Polygon

from l1tutor import experiments, plotting
from l1tutor.experiments import support_recovery
from l1tutor.solvers import lasso, lasso_path, ridge, ridge_path

X2 = np.array([[1.0, 0.5], [2.0, -1.0], [3.0, 1.0], [4.0, 0.0], [0.5, 2.0]])
Y2 = np.array([1.0, 2.0, 3.0, 4.0, 1.5])


@pytest.fixture(autouse=True)
def _close_figures():
    plt.close("all")
    yield
    plt.close("all")


def _line(ax, label):
    return next(line for line in ax.get_lines() if line.get_label() == label)


def test_norm_balls_show_the_lasso_at_a_corner_and_ridge_inside_the_disc():
    fig, ax = plt.subplots()
    geometry = experiments.norm_ball_geometry(X2, Y2, alpha_l1=0.5, alpha_l2=0.5)
    assert plotting.plot_norm_balls(geometry, ax=ax) is ax
    assert plt.get_fignums() == [fig.number]
    w_l1 = lasso(X2, Y2, 0.5, fit_intercept=False).coef
    w_l2 = ridge(X2, Y2, 0.5, fit_intercept=False).coef
    assert np.count_nonzero(w_l1) == 1 and np.count_nonzero(w_l2) == 2  # the data are chosen so
    np.testing.assert_allclose(np.ravel(_line(ax, "Lasso solution").get_xydata()), w_l1)
    np.testing.assert_allclose(np.ravel(_line(ax, "Ridge solution").get_xydata()), w_l2)
    diamond = next(p for p in ax.patches if isinstance(p, Polygon))
    circle = next(p for p in ax.patches if isinstance(p, Circle))
    t1 = np.abs(w_l1).sum()
    corners = diamond.get_xy()[:4]
    np.testing.assert_allclose(corners, [[t1, 0], [0, t1], [-t1, 0], [0, -t1]])
    assert circle.get_radius() == pytest.approx(np.linalg.norm(w_l2))
    # The Lasso solution is a corner of the diamond.
    assert np.min(np.linalg.norm(corners - w_l1, axis=1)) == pytest.approx(0.0, abs=1e-12)
    assert to_hex(diamond.get_edgecolor()) == plotting.COLORS["l1"].lower()
    assert to_hex(circle.get_edgecolor()) == plotting.COLORS["l2"].lower()


def test_norm_balls_need_a_geometry():
    with pytest.raises(TypeError, match="geometry must be a NormBallGeometry"):
        plotting.plot_norm_balls(np.ones((4, 2)))


@pytest.mark.parametrize("kind", ["lasso", "ridge"])
def test_coefficient_paths_draw_each_coefficient_and_count_nonzeros(kind):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 5))
    y = X @ np.array([2.0, 0.0, -1.0, 0.0, 0.5]) + 0.1 * rng.standard_normal(40)
    lpath = lasso_path(X, y, n_alphas=30)
    path = lpath if kind == "lasso" else ridge_path(X, y, lpath.alphas)
    ax = plotting.plot_coefficient_paths(path, feature_names=list("abcde"))
    key = "l1" if kind == "lasso" else "l2"
    coef_lines = [line for line in ax.get_lines() if line.get_color() == plotting.COLORS[key]]
    assert len(coef_lines) == 5
    for j, line in enumerate(coef_lines):
        np.testing.assert_array_equal(line.get_xdata(), path.alphas)
        np.testing.assert_array_equal(line.get_ydata(), path.coefs[j])
    assert ax.get_xscale() == "log"
    left, right = ax.get_xlim()
    assert left > right  # alpha decreases to the right
    # One label per line, stacked in the order of the lines' right ends.
    ends = path.coefs[:, np.argmin(path.alphas)]
    assert [t.get_text() for t in ax.texts] == [list("abcde")[j] for j in np.argsort(ends)]
    top = next(other for other in ax.figure.axes if other is not ax)
    labels = [int(t.get_text()) for t in top.get_xticklabels()]
    ticks = top.get_xticks()
    expected = [path.n_nonzero[np.argmin(np.abs(path.alphas - t))] for t in ticks]
    assert labels == expected
    if kind == "lasso":
        assert labels[0] == 0
    else:
        assert set(labels) == {5}


def test_coefficient_paths_reject_bad_input():
    path = lasso_path(X2, Y2, n_alphas=5)
    with pytest.raises(ValueError, match="feature_names must have one name per feature"):
        plotting.plot_coefficient_paths(path, feature_names=["only one"])
    with pytest.raises(TypeError, match="path must be a LassoPath or a RidgePath"):
        plotting.plot_coefficient_paths(path.coefs)
    with pytest.raises(ValueError, match=r"path\.alphas"):
        plotting.plot_coefficient_paths(ridge_path(X2, Y2, [1.0, 0.0]))


def test_support_recovery_plot_shows_the_experiment():
    res = support_recovery(n_samples=30, n_features=60, n_informative=3, n_alphas=10, seed=1)
    ax = plotting.plot_support_recovery(res)
    np.testing.assert_array_equal(
        _line(ax, "Lasso: true positives").get_ydata(), res.true_positives
    )
    np.testing.assert_array_equal(
        _line(ax, "Lasso: false positives").get_ydata(), res.false_positives
    )
    np.testing.assert_array_equal(
        _line(ax, "Ridge: nonzero coefficients").get_ydata(), res.ridge_nonzero
    )
    assert _line(ax, "Ridge: nonzero coefficients").get_color() == plotting.COLORS["l2"]
    assert ax.get_xscale() == "log"


def test_kkt_plot_marks_active_and_inactive_features():
    ax = plotting.plot_lasso_kkt(
        [0.5, -0.2, -0.5], [1.0, 0.0, -2.0], 0.5, feature_names=["a", "b", "c"]
    )
    active = _line(ax, "$w_j \\neq 0$").get_xydata()
    inactive = _line(ax, "$w_j = 0$").get_xydata()
    np.testing.assert_array_equal(active, [[0, 0.5], [2, -0.5]])
    np.testing.assert_array_equal(inactive, [[1, -0.2]])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    with pytest.raises(ValueError, match="correlation and coef must be 1-D of the same shape"):
        plotting.plot_lasso_kkt([0.1, 0.2], [1.0], 0.5)
