"""Tests of l1tutor.plotting.robust: the figures draw what the math modules computed."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from l1tutor.datasets import line_with_outliers
from l1tutor.experiments import contamination_experiment, growing_outlier
from l1tutor.plotting import (
    COLORS,
    plot_fit_comparison,
    plot_mean_vs_median,
    plot_residuals,
    plot_slope_errors,
)
from l1tutor.solvers import huber_regression, lad_regression, least_squares


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_fit_comparison_lines_follow_the_fits():
    X, y, slope, intercept, mask = line_with_outliers(40, outlier_fraction=0.2, seed=0)
    fits = [least_squares(X, y), lad_regression(X, y), huber_regression(X, y, delta=1.345)]
    _, ax = plt.subplots()
    assert (
        plot_fit_comparison(X, y, fits, is_outlier=mask, true_line=(slope, intercept), ax=ax) is ax
    )
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["data", "outliers", "true line", "OLS (L2)", "LAD (L1)", "Huber"]
    lines = {line.get_label(): line for line in ax.get_lines()}
    for fit, label in zip(fits, labels[3:], strict=True):
        xs, ys = lines[label].get_data()
        np.testing.assert_allclose(np.ravel(ys), fit.predict(np.asarray(xs).reshape(-1, 1)))
    assert lines["LAD (L1)"].get_color() == COLORS["l1"]
    assert len(lines["outliers"].get_xdata()) == int(mask.sum())


def test_fit_comparison_rejects_two_features():
    with pytest.raises(ValueError, match="X must have shape"):
        plot_fit_comparison(np.ones((3, 2)), np.ones(3), [])


def test_slope_errors_plots_the_means():
    res = contamination_experiment([0.0, 0.1, 0.2], n_repeats=2, n_samples=30, seed=0)
    ax = plot_slope_errors(res)
    bars = {container.get_label(): container for container in ax.containers}
    np.testing.assert_allclose(bars["LAD (L1)"].lines[0].get_ydata(), res.mean["l1"])
    np.testing.assert_allclose(bars["OLS (L2)"].lines[0].get_xdata(), [0.0, 0.1, 0.2])
    # The bars span the mean plus and minus one standard error.
    segments = bars["LAD (L1)"].lines[2][0].get_segments()
    np.testing.assert_allclose(
        [seg[1, 1] - seg[0, 1] for seg in segments], 2 * res.standard_error["l1"]
    )


def test_mean_vs_median_plots_the_estimates():
    est = growing_outlier([1.0, 2.0, 3.0], [3.0, 30.0, 300.0])
    ax = plot_mean_vs_median(est, xlabel="outlier value", logy=True)
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "outlier value"
    ys = [line.get_ydata() for line in ax.get_lines()]
    np.testing.assert_allclose(ys[0], est.mean)
    np.testing.assert_allclose(ys[1], est.median)


def test_residuals_counts_exact_zeros():
    X, y, *_ = line_with_outliers(12, outlier_fraction=0.25, seed=1)
    ax = plot_residuals(X, y, [least_squares(X, y), lad_regression(X, y)])
    labels = ax.get_legend_handles_labels()[1]
    assert labels[0] == "OLS (L2): 0 exact zeros"
    assert int(labels[1].split(": ")[1].split()[0]) >= 2


def test_residual_stems_are_numbered_from_one_and_sit_at_their_residuals():
    X, y = [[0.0], [1.0], [2.0], [3.0]], [0.0, 1.0, 9.0, 3.0]
    fit = lad_regression(X, y)
    ax = plot_residuals(X, y, [fit])
    stems = ax.collections[0].get_segments()
    np.testing.assert_allclose([seg[0, 0] for seg in stems], [1, 2, 3, 4])
    np.testing.assert_allclose([seg[1, 1] for seg in stems], np.asarray(y) - fit.predict(X))


def test_the_legend_of_a_fit_comparison_covers_no_data_point():
    X, y, slope, intercept, is_outlier = line_with_outliers(60, outlier_fraction=0.15, seed=0)
    fits = [least_squares(X, y), lad_regression(X, y)]
    ax = plot_fit_comparison(X, y, fits, is_outlier=is_outlier, true_line=(slope, intercept))
    ax.figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    points = ax.transData.transform(np.column_stack([X[:, 0], y]))
    inside = (
        (points[:, 0] >= legend.x0)
        & (points[:, 0] <= legend.x1)
        & (points[:, 1] >= legend.y0)
        & (points[:, 1] <= legend.y1)
    )
    assert not inside.any()
