"""Figures of quantile regression: the pinball losses, the fan of quantile lines, bands."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from l1tutor import losses
from l1tutor._checks import (
    as_float_array,
    check_finite,
    check_one_feature,
    check_result,
    check_scalar,
    check_vector,
)
from l1tutor.experiments.quantile import BandCoverage, PredictionBands
from l1tutor.plotting.style import COLORS, LINESTYLES, drawable_values, drawn_from, new_axes
from l1tutor.solvers.quantile import QuantileFits
from l1tutor.solvers.robust import RegressionResult

__all__ = [
    "plot_band_coverage",
    "plot_pinball_losses",
    "plot_prediction_bands",
    "plot_quantile_fan",
]


def _quantile_colors(quantiles: Sequence[float] | np.ndarray) -> list:
    """One colour per quantile from a colour-blind-safe sequential map (cividis)."""
    cmap = mpl.colormaps["cividis"]
    return [cmap(0.1 + 0.8 * float(q)) for q in quantiles]


def plot_pinball_losses(
    residuals: ArrayLike, quantiles: Sequence[float] = (0.1, 0.5, 0.9), *, ax: Axes | None = None
) -> Axes:
    """Draw the pinball loss of one residual for several quantiles.

    Parameters
    ----------
    residuals : array_like of shape (m,)
        Residuals :math:`r = y - \\hat y` at which to evaluate
        :func:`~l1tutor.losses.pinball_loss` (sorted for drawing).
    quantiles : sequence of float, default (0.1, 0.5, 0.9)
        The quantiles :math:`\\tau` to draw.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_pinball_losses(np.linspace(-2, 2, 41), [0.25, 0.5])
    >>> ax.get_legend_handles_labels()[1]
    ['τ = 0.25', 'τ = 0.5 (half of |r|)']
    """
    r = drawable_values(np.sort(check_vector(residuals, "residuals")), "residuals")
    taus = check_vector(quantiles, "quantiles")
    quantiles = [
        check_scalar(float(q), "quantiles", low=0.0, high=1.0, closed="neither") for q in taus
    ]
    zeros = np.zeros_like(r)
    ax = new_axes(ax)
    for tau, color in zip(quantiles, _quantile_colors(quantiles), strict=True):
        # y_true = r and y_pred = 0: the residual y - y_hat is r.
        with drawn_from("residuals"):
            values = losses.pinball_loss(r, zeros, quantile=tau, reduction="none")
        label = f"τ = {tau:g}" + (" (half of |r|)" if tau == 0.5 else "")
        ax.plot(r, values, color=color, lw=2.5 if tau == 0.5 else 2, label=label)
    ax.set_xlabel("residual r = y − ŷ  (right: under-prediction)")
    ax.set_ylabel("pinball loss of one residual")
    ax.legend(loc="upper center")
    return ax


def plot_quantile_fan(
    X: ArrayLike,
    y: ArrayLike,
    family: QuantileFits,
    *,
    ols: RegressionResult | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Scatter one-feature data with the fitted line of every quantile (and OLS's, optionally).

    Parameters
    ----------
    X : array_like of shape (n, 1)
        The feature.
    y : array_like of shape (n,)
        The targets.
    family : QuantileFits
        From :func:`~l1tutor.solvers.fit_quantiles` on one feature.
    ols : RegressionResult, optional
        A least-squares fit, drawn dashed in the L2 colour.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from l1tutor.solvers import fit_quantiles
    >>> X, y = np.arange(10.0).reshape(-1, 1), np.arange(10.0) % 4
    >>> ax = plot_quantile_fan(X, y, fit_quantiles(X, y, [0.25, 0.75]))
    >>> ax.get_legend_handles_labels()[1]
    ['data', 'τ = 0.25', 'τ = 0.75']
    """
    x, y = check_one_feature(X, y)
    check_result(family, "family", QuantileFits)
    if ols is not None:
        check_result(ols, "ols", RegressionResult, allow_inf=("objective",))
    if family.fits[0].coef.shape != (1,):
        raise ValueError("family must be fitted on one feature")
    ax = new_axes(ax)
    ax.plot(x, y, "o", color=COLORS["data"], ms=3.5, alpha=0.45, label="data")
    grid = np.linspace(x.min(), x.max(), 2)[:, None]
    colors = _quantile_colors(family.quantiles)
    for tau, fit, color in zip(family.quantiles, family.fits, colors, strict=True):
        median = abs(tau - 0.5) < 1e-12
        ax.plot(
            grid[:, 0],
            fit.predict(grid),
            color=COLORS["l1"] if median else color,
            lw=2.5 if median else 1.6,
            label=f"τ = {tau:g}" + (" (median, LAD)" if median else ""),
        )
    if ols is not None:
        ax.plot(
            grid[:, 0],
            ols.predict(grid),
            color=COLORS["l2"],
            linestyle=LINESTYLES["l2"],
            lw=2,
            label="OLS (mean)",
        )
    ax.legend(loc="upper left")
    return ax


def plot_prediction_bands(
    X: ArrayLike,
    y: ArrayLike,
    X_grid: ArrayLike,
    bands: PredictionBands,
    *,
    ax: Axes | None = None,
) -> Axes:
    """Scatter one-feature data with the quantile band and the Gaussian OLS band over it.

    Parameters
    ----------
    X, y : array_like
        The data, ``X`` of shape (n, 1).
    X_grid : array_like of shape (m, 1)
        Increasing points at which ``bands`` was evaluated.
    bands : PredictionBands
        From :func:`~l1tutor.experiments.prediction_bands` at ``X_grid``.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from l1tutor.experiments import prediction_bands
    >>> X, y = np.arange(10.0).reshape(-1, 1), np.arange(10.0) % 4
    >>> grid = np.array([[0.0], [9.0]])
    >>> ax = plot_prediction_bands(X, y, grid, prediction_bands(X, y, grid))
    >>> ax.get_legend_handles_labels()[1]
    ['data', 'quantile band', 'OLS ± z σ']
    """
    x, y = check_one_feature(X, y)
    g = as_float_array(X_grid, "X_grid")
    if g.ndim != 2 or g.shape[1] != 1:
        raise ValueError(f"X_grid must have shape (m, 1), got {g.shape}")
    g = g[:, 0]
    check_finite(g, "X_grid")
    drawable_values(g, "X_grid")
    check_result(bands, "bands", PredictionBands)
    if bands.quantile_low.shape != g.shape:
        raise ValueError(f"bands must be evaluated at the {g.size} points of X_grid")
    ax = new_axes(ax)
    ax.plot(x, y, "o", color=COLORS["data"], ms=3.5, alpha=0.45, label="data")
    ax.fill_between(
        g,
        bands.quantile_low,
        bands.quantile_high,
        color=COLORS["l1"],
        alpha=0.25,
        label="quantile band",
    )
    for edge in (bands.gaussian_low, bands.gaussian_high):
        ax.plot(
            g,
            edge,
            color=COLORS["l2"],
            linestyle=LINESTYLES["l2"],
            lw=2,
            label="OLS ± z σ" if edge is bands.gaussian_low else None,
        )
    ax.legend(loc="upper left")
    return ax


def plot_band_coverage(coverage: BandCoverage, *, ax: Axes | None = None) -> Axes:
    """Bars of held-out coverage per group for both bands, with the nominal level marked.

    Error bars are two binomial standard errors (``quantile_se``, ``gaussian_se``).

    Parameters
    ----------
    coverage : BandCoverage
        From :func:`~l1tutor.experiments.prediction_band_coverage`.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from l1tutor.experiments import prediction_band_coverage
    >>> rng = np.random.default_rng(0)
    >>> x = rng.uniform(1, 10, 200)
    >>> cov = prediction_band_coverage(x[:, None], x * rng.normal(size=200), n_repeats=1)
    >>> ax = plot_band_coverage(cov)
    >>> ax.get_legend_handles_labels()[1]
    ['nominal 80%', 'quantile band', 'OLS band']
    """
    check_result(coverage, "coverage", BandCoverage)
    ax = new_axes(ax)
    k = coverage.group_sizes.size
    positions = np.arange(k)
    ax.axhline(
        100 * coverage.nominal,
        color=COLORS["muted"],
        linestyle=":",
        lw=1.5,
        label=f"nominal {100 * coverage.nominal:.0f}%",
    )
    bars = (
        ("quantile band", coverage.quantile_coverage, coverage.quantile_se, "l1", -0.2),
        ("OLS band", coverage.gaussian_coverage, coverage.gaussian_se, "l2", 0.2),
    )
    for label, values, se, key, shift in bars:
        ax.bar(
            positions + shift,
            100 * values,
            width=0.38,
            color=COLORS[key],
            alpha=0.85,
            yerr=200 * se,
            capsize=4,
            label=label,
        )
    edges = coverage.group_edges
    ax.set_xticks(positions, [f"{edges[i]:.0f}-{edges[i + 1]:.0f}" for i in range(k)])
    ax.set_ylim(0, 105)
    ax.set_ylabel("held-out coverage (%)")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3)  # above the bars
    return ax
