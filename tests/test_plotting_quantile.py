"""Tests of l1tutor.plotting.quantile: the figures draw what the math modules computed."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from l1tutor import losses
from l1tutor.experiments import prediction_band_coverage, prediction_bands
from l1tutor.plotting import (
    plot_band_coverage,
    plot_pinball_losses,
    plot_prediction_bands,
    plot_quantile_fan,
)
from l1tutor.solvers import fit_quantiles, least_squares


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def fan(n=120, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(1, 10, n)
    return x.reshape(-1, 1), 3 + x + 0.5 * x * rng.normal(size=n)


def test_pinball_curves_are_the_losses():
    r = np.linspace(-2, 2, 9)
    ax = plot_pinball_losses(r, [0.2, 0.5, 0.9])
    lines = ax.get_lines()
    assert len(lines) == 3
    for line, tau in zip(lines, [0.2, 0.5, 0.9], strict=True):
        # The x axis is the residual r = y - y_hat: y = r, y_hat = 0.
        expected = losses.pinball_loss(r, np.zeros_like(r), quantile=tau, reduction="none")
        np.testing.assert_array_equal(line.get_ydata(), expected)
        # An under-prediction (r = 1 > 0) costs tau, an over-prediction (r = -1) 1 - tau.
        assert np.interp([1.0, -1.0], line.get_xdata(), line.get_ydata()) == pytest.approx(
            [tau, 1 - tau]
        )
    with pytest.raises(ValueError, match="quantiles must be strictly between"):
        plot_pinball_losses(r, [1.5])
    with pytest.raises(ValueError, match="quantiles must hold at least one value"):
        plot_pinball_losses(r, [])
    with pytest.raises(TypeError, match="quantiles must hold real numbers"):
        plot_pinball_losses(r, ["a"])
    with pytest.raises(ValueError, match="residuals must hold at least one value"):
        plot_pinball_losses([], [0.5])


def test_the_fan_draws_each_fitted_line_and_ols():
    X, y = fan()
    family = fit_quantiles(X, y, [0.1, 0.5, 0.9])
    ols = least_squares(X, y)
    ax = plot_quantile_fan(X, y, family, ols=ols)
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["data", "τ = 0.1", "τ = 0.5 (median, LAD)", "τ = 0.9", "OLS (mean)"]
    lines = ax.get_lines()
    for line, fit in zip(lines[1:4], family.fits, strict=True):
        x_line = np.asarray(line.get_xdata())[:, None]
        np.testing.assert_allclose(line.get_ydata(), fit.predict(x_line))
    with pytest.raises(TypeError, match="family must be a QuantileFits"):
        plot_quantile_fan(X, y, family.fits)
    with pytest.raises(ValueError, match="y must have shape"):
        plot_quantile_fan(X, y[:-1], family)


def test_the_bands_are_drawn_where_they_were_computed():
    X, y = fan()
    grid = np.linspace(1, 10, 4).reshape(-1, 1)
    bands = prediction_bands(X, y, grid)
    ax = plot_prediction_bands(X, y, grid, bands)
    gauss = [line for line in ax.get_lines() if line.get_label() != "data"]
    np.testing.assert_allclose(gauss[0].get_ydata(), bands.gaussian_low)
    np.testing.assert_allclose(gauss[1].get_ydata(), bands.gaussian_high)
    with pytest.raises(ValueError, match="evaluated at the 3 points"):
        plot_prediction_bands(X, y, grid[:3], bands)


def test_coverage_bars_show_the_measured_percentages():
    X, y = fan(150)
    cov = prediction_band_coverage(X, y, n_repeats=1)
    ax = plot_band_coverage(cov)
    heights = [patch.get_height() for patch in ax.patches]
    np.testing.assert_allclose(
        heights, 100 * np.concatenate([cov.quantile_coverage, cov.gaussian_coverage])
    )
    assert len(ax.get_xticklabels()) == 3
    with pytest.raises(TypeError, match="coverage must be a BandCoverage"):
        plot_band_coverage({"coverage": 0.8})
