"""Tests of l1tutor.plotting.sparse: the figures show the solvers' numbers."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex
from matplotlib.patches import Circle, Polygon, Rectangle
from matplotlib.text import Text
from sklearn.isotonic import IsotonicRegression

from l1tutor import experiments, plotting
from l1tutor.datasets import load_diabetes, make_sparse_regression
from l1tutor.experiments import selection_stability, support_recovery
from l1tutor.plotting.sparse import _spread_positions
from l1tutor.solvers import lasso, lasso_cv, lasso_path, ridge, ridge_path

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
    assert sorted(t.xy[1] for t in ax.texts) == sorted(ends)  # each anchored at its line's end
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
    np.testing.assert_array_equal(_line(ax, "Ridge: nonzero").get_ydata(), res.ridge_nonzero)
    assert _line(ax, "Ridge: nonzero").get_color() == plotting.COLORS["l2"]
    assert ax.get_xscale() == "log"
    _assert_legend_above_the_data(ax)


def test_kkt_plot_marks_active_and_inactive_features():
    ax = plotting.plot_lasso_kkt(
        [0.5, -0.2, -0.5], [1.0, 0.0, -2.0], 0.5, feature_names=["a", "b", "c"]
    )
    active = _line(ax, "$w_j \\neq 0$").get_xydata()
    inactive = _line(ax, "$w_j = 0$").get_xydata()
    np.testing.assert_array_equal(active, [[0, 0.5], [2, -0.5]])
    np.testing.assert_array_equal(inactive, [[1, -0.2]])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    _assert_legend_above_the_data(ax)
    with pytest.raises(ValueError, match="correlation and coef must be 1-D of the same shape"):
        plotting.plot_lasso_kkt([0.1, 0.2], [1.0], 0.5)


def _assert_legend_above_the_data(ax):
    ax.figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert legend.y0 >= ax.get_window_extent().y1  # above the axes, off the data


# --- the norm-ball figure makes the corner contact visible ------------------------------------


def _chapter_geometry():
    pair = make_sparse_regression(100, 2, 2, noise=1.0, correlation=0.5, seed=0)
    return experiments.norm_ball_geometry(pair.X, pair.y)


def test_norm_balls_overview_marks_the_zoomed_window_and_keeps_the_legend_off_the_data():
    geometry = _chapter_geometry()
    ax = plotting.plot_norm_balls(geometry)
    half = 1.6 * max(geometry.radius_l1, geometry.radius_l2)
    window = next(p for p in ax.patches if isinstance(p, Rectangle))
    assert window.get_xy() == pytest.approx((-half, -half))
    assert window.get_width() == pytest.approx(2 * half)
    assert ax.get_xlim() == pytest.approx((-geometry.half_width, geometry.half_width))
    _assert_legend_above_the_data(ax)


def test_norm_balls_zoom_shows_the_lasso_at_a_corner_and_ridge_off_the_axes():
    geometry = _chapter_geometry()
    ax = plotting.plot_norm_balls(geometry, zoom=True)
    half = 1.6 * max(geometry.radius_l1, geometry.radius_l2)
    assert ax.get_xlim() == pytest.approx((-half, half))
    assert ax.get_ylim() == pytest.approx((-half, half))
    assert ax.get_legend() is None
    lasso_label, ridge_label = ax.texts
    assert lasso_label.get_text() == "Lasso: a corner, $w_1 = 0$"  # w = (0, t1): the w2-axis
    assert lasso_label.xy == pytest.approx(tuple(geometry.lasso))
    assert geometry.lasso[0] == 0 and geometry.lasso[1] == pytest.approx(geometry.radius_l1)
    assert ridge_label.get_text() == "Ridge: off the axes"
    assert ridge_label.xy == pytest.approx(tuple(geometry.ridge))
    assert np.all(geometry.ridge != 0)
    _assert_no_two_overlap(_label_boxes(ax))
    with pytest.raises(TypeError, match="zoom must be True or False"):
        plotting.plot_norm_balls(geometry, zoom="yes")


# --- path labels never overlap ----------------------------------------------------------------


def _label_boxes(ax):
    ax.figure.canvas.draw()
    # The text of each label (an Annotation's own extent also covers its leader line).
    return [Text.get_window_extent(t) for t in ax.texts]


def _assert_no_two_overlap(boxes):
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)


@pytest.mark.parametrize("figsize", [(5.6, 7.6), (5.6, 3.6), (4.0, 2.5)])
def test_diabetes_path_labels_never_overlap(figsize):
    data = load_diabetes()
    path = lasso_path(data.X, data.y, n_alphas=300)
    fig, axes = plt.subplots(2, 1, figsize=figsize)
    plotting.plot_coefficient_paths(path, feature_names=data.feature_names, ax=axes[0])
    plotting.plot_coefficient_paths(
        ridge_path(data.X, data.y, path.alphas), feature_names=data.feature_names, ax=axes[1]
    )
    fig.tight_layout()
    for ax in axes:
        boxes = _label_boxes(ax)
        assert len(boxes) == 10
        _assert_no_two_overlap(boxes)
    # Saving at another dpi moves the labels again, at that dpi.
    fig.set_dpi(200)
    for ax in axes:
        _assert_no_two_overlap(_label_boxes(ax))


def test_labels_with_room_stay_at_their_line_ends_without_leader_lines():
    X = np.column_stack([np.arange(10.0), np.arange(10.0) ** 2])
    path = ridge_path(X, X @ np.array([1.0, -0.1]), [1e-3, 1.0])
    ax = plotting.plot_coefficient_paths(path, feature_names=["a", "b"])
    ax.figure.canvas.draw()
    for label in ax.texts:
        assert label.xyann == (pytest.approx(10.0), pytest.approx(0.0))
        assert not label.arrow_patch.get_visible()


def test_crowded_labels_get_leader_lines_to_their_lines():
    X = np.random.default_rng(0).standard_normal((30, 6))
    path = ridge_path(X, X @ np.full(6, 1.0) + np.arange(30.0) * 1e-3, [1e-3, 1.0])
    ax = plotting.plot_coefficient_paths(path, feature_names=list("abcdef"))
    boxes = _label_boxes(ax)
    _assert_no_two_overlap(boxes)
    assert any(label.arrow_patch.get_visible() for label in ax.texts)


@settings(max_examples=50, deadline=None)
@given(
    targets=st.lists(st.floats(-100, 100), min_size=1, max_size=15),
    gap=st.floats(0.01, 10),
)
def test_spread_positions_is_the_nearest_spacing(targets, gap):
    t = np.sort(targets)
    placed = _spread_positions(t, gap)
    assert np.all(np.diff(placed) >= gap * (1 - 1e-9))
    i = np.arange(t.size)
    best = IsotonicRegression().fit_transform(i, t - gap * i) + gap * i
    np.testing.assert_allclose(placed, best, atol=1e-7)


# --- the cross-validation curve ------------------------------------------------------------


@pytest.fixture(scope="module")
def diabetes_cv():
    data = load_diabetes()
    return lasso_cv(data.X, data.y, n_alphas=40)


def test_cv_curve_draws_the_errors_and_marks_both_alphas(diabetes_cv):
    cv = diabetes_cv
    ax = plotting.plot_cv_curve(cv)
    points = next(line for line in ax.get_lines() if line.get_marker() == "o")
    np.testing.assert_array_equal(points.get_xdata(), cv.alphas)
    np.testing.assert_array_equal(points.get_ydata(), cv.mean_error)
    bars = ax.containers[0].lines[2][0].get_segments()
    np.testing.assert_allclose([b[:, 1] for b in bars], np.column_stack(
        [cv.mean_error - cv.standard_error, cv.mean_error + cv.standard_error]))  # fmt: skip
    vertical = [line.get_xdata()[0] for line in ax.get_lines() if line.get_linestyle() in ":--"]
    assert cv.alpha_1se in vertical and cv.alpha_min in vertical
    level = cv.mean_error.min() + cv.standard_error[cv.index_min]
    assert any(np.allclose(line.get_ydata(), level) for line in ax.get_lines())
    assert [t.get_text() for t in ax.texts][2] == "minimum + 1 SE"
    left, right = ax.get_xlim()
    assert left > right and ax.get_xscale() == "log"
    top = next(other for other in ax.figure.axes if other is not ax)
    labels = [int(t.get_text()) for t in top.get_xticklabels()]
    assert labels[0] == 0 and labels == sorted(labels)
    assert ax.get_legend() is None  # the lines are labelled where they are drawn


def test_cv_curve_zoom_shows_the_region_where_the_rule_decides(diabetes_cv):
    cv = diabetes_cv
    ax = plotting.plot_cv_curve(cv, zoom=True)
    low, high = ax.get_ylim()
    best, se = cv.mean_error.min(), cv.standard_error[cv.index_min]
    assert high == pytest.approx(best + 6 * se)
    assert low < (cv.mean_error - cv.standard_error).min()
    assert high < cv.mean_error[0]  # the null model's error is off the top


def test_cv_curve_rejects_bad_input(diabetes_cv):
    with pytest.raises(TypeError, match="cv must be a LassoCVResult"):
        plotting.plot_cv_curve(diabetes_cv.path)
    with pytest.raises(TypeError, match="zoom must be True or False"):
        plotting.plot_cv_curve(diabetes_cv, zoom=1)
    with pytest.raises(ValueError, match="n_ticks"):
        plotting.plot_cv_curve(diabetes_cv, n_ticks=0)


# --- the grouping effect --------------------------------------------------------------------


def test_selection_stability_plot_shows_one_point_per_resample():
    res = selection_stability(n_resamples=12)
    ax = plotting.plot_selection_stability(res)
    lasso_points, enet_points = _line(ax, "Lasso"), _line(ax, "elastic net")
    np.testing.assert_array_equal(lasso_points.get_xydata(), res.lasso_coefs[:, :2])
    np.testing.assert_array_equal(enet_points.get_xydata(), res.enet_coefs[:, :2])
    assert lasso_points.get_color() == plotting.COLORS["l1"]
    assert ax.get_xlabel() == "coefficient of $x_1$"
    _assert_legend_above_the_data(ax)


def test_selection_stability_plot_needs_a_group_of_two():
    with pytest.raises(ValueError, match="at least two features"):
        plotting.plot_selection_stability(selection_stability(group_size=1, n_resamples=2))
    with pytest.raises(TypeError, match="result must be a SelectionStability"):
        plotting.plot_selection_stability(np.zeros((3, 2)))
