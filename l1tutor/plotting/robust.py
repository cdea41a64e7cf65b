"""Robust regression figures: fits under contamination and where robustness ends."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from l1tutor._checks import (
    check_bool,
    check_items,
    check_mask,
    check_one_feature,
    check_pair,
    check_result,
    check_scalar,
    check_Xy,
)
from l1tutor.experiments.robust import LocationEstimates, SlopeErrors
from l1tutor.plotting.style import COLORS, LINESTYLES, drawable_text, drawable_values, new_axes
from l1tutor.solvers.robust import RegressionResult

__all__ = ["plot_fit_comparison", "plot_mean_vs_median", "plot_residuals", "plot_slope_errors"]

#: How each loss is named in legends.
LABELS = {"l2": "OLS (L2)", "l1": "LAD (L1)", "huber": "Huber"}


def _check_fits(fits: object) -> list[RegressionResult]:
    items = check_items(fits, "fits", RegressionResult)
    for i, fit in enumerate(items):
        # An objective beyond the float range is inf on a correct fit (see RegressionResult).
        check_result(fit, f"fits[{i}]", RegressionResult, allow_inf=("objective",))
    return items


def plot_fit_comparison(
    X: ArrayLike,
    y: ArrayLike,
    fits: Sequence[RegressionResult],
    *,
    is_outlier: ArrayLike | None = None,
    true_line: tuple[float, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw one-feature data and the fitted lines of several regressions.

    Parameters
    ----------
    X : array_like of shape (n, 1)
        The single feature.
    y : array_like of shape (n,)
        The targets.
    fits : sequence of RegressionResult
        One-feature fits (e.g. from :func:`~l1tutor.solvers.least_squares`,
        :func:`~l1tutor.solvers.lad_regression`, :func:`~l1tutor.solvers.huber_regression`),
        coloured by their ``loss``.
    is_outlier : array_like of bool, shape (n,), optional
        Rows drawn as orange crosses instead of black dots.
    true_line : (slope, intercept), optional
        The line that generated the data, drawn dotted grey.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from l1tutor.solvers import lad_regression, least_squares
    >>> X, y = [[0.0], [1.0], [2.0], [3.0]], [0.0, 1.0, 9.0, 3.0]
    >>> ax = plot_fit_comparison(X, y, [least_squares(X, y), lad_regression(X, y)])
    >>> ax.get_legend_handles_labels()[1]
    ['data', 'OLS (L2)', 'LAD (L1)']
    """
    x, y = check_one_feature(X, y)
    fits = _check_fits(fits)
    mask = (
        np.zeros(x.size, bool)
        if is_outlier is None
        else check_mask(is_outlier, "is_outlier", x.shape)
    )
    if true_line is not None:
        true_line = check_pair(true_line, "true_line")
    ax = new_axes(ax)
    ax.plot(x[~mask], y[~mask], "o", color=COLORS["data"], ms=4, alpha=0.7, label="data")
    if mask.any():
        ax.plot(x[mask], y[mask], "x", color=COLORS["accent"], ms=7, mew=2, label="outliers")
    grid = np.linspace(x.min(), x.max(), 2)[:, None]
    if true_line is not None:
        slope, intercept = true_line
        with np.errstate(over="ignore", invalid="ignore"):  # checked next
            line = drawable_values(intercept + slope * grid, "true_line (on the range of x)")
        ax.plot(grid, line, ":", color=COLORS["muted"], lw=2, label="true line")
    for fit in fits:
        ax.plot(
            grid,
            fit.predict(grid),
            color=COLORS[fit.loss],
            linestyle=LINESTYLES[fit.loss],
            lw=2,
            label=LABELS[fit.loss],
        )
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    # Above the axes: outliers can sit anywhere inside them.
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3)
    return ax


def plot_slope_errors(
    result: SlopeErrors, *, xlabel: str = "fraction of outliers", ax: Axes | None = None
) -> Axes:
    """Draw the mean absolute slope error of each method against the varied setting.

    The bars are plus and minus one Monte Carlo standard error of each mean
    (:attr:`~l1tutor.experiments.SlopeErrors.standard_error`): how far the mean could move with
    other random data sets, not the spread of single errors.

    Parameters
    ----------
    result : SlopeErrors
        From :func:`~l1tutor.experiments.contamination_experiment` (or
        :func:`~l1tutor.experiments.heavy_tail_experiment` with finite levels).
    xlabel : str, default "fraction of outliers"
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from l1tutor.experiments import contamination_experiment
    >>> res = contamination_experiment([0.0, 0.2], n_repeats=2, n_samples=30)
    >>> plot_slope_errors(res).get_ylabel()
    'mean |slope error|'
    """
    check_result(result, "result", SlopeErrors, allow_inf=("levels",))
    ax = new_axes(ax)
    mean, se = result.mean, result.standard_error
    for key in result.errors:
        ax.errorbar(
            result.levels,
            mean[key],
            yerr=np.nan_to_num(se[key]),
            fmt="o",
            color=COLORS[key],
            linestyle=LINESTYLES[key],
            lw=2,
            ms=4,
            capsize=3,
            label=LABELS[key],
        )
    ax.set_xlabel(drawable_text(xlabel, "xlabel"))
    ax.set_ylabel("mean |slope error|")
    ax.set_ylim(bottom=0)
    # Above the axes, in one row: the curves fill the panel.
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(result.errors))
    return ax


def plot_mean_vs_median(
    est: LocationEstimates, *, xlabel: str, logy: bool = False, ax: Axes | None = None
) -> Axes:
    """Draw the best L2 constant (mean) and best L1 constant (median) against what was varied.

    Parameters
    ----------
    est : LocationEstimates
        From :func:`~l1tutor.experiments.growing_outlier` or
        :func:`~l1tutor.experiments.replacement_breakdown`.
    xlabel : str
        What ``est.values`` is.
    logy : bool, default False
        Use a logarithmic y-axis (for estimates that jump to a huge value).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from l1tutor.experiments import growing_outlier
    >>> ax = plot_mean_vs_median(growing_outlier([1, 2, 3], [3, 30]), xlabel="outlier")
    >>> ax.get_legend_handles_labels()[1]
    ['mean (minimises L2)', 'median (minimises L1)']
    """
    check_result(est, "est", LocationEstimates)
    logy = check_bool(logy, "logy")
    ax = new_axes(ax)
    ax.plot(
        est.values,
        est.mean,
        "o",
        color=COLORS["l2"],
        linestyle=LINESTYLES["l2"],
        lw=2,
        ms=4,
        label="mean (minimises L2)",
    )
    ax.plot(
        est.values,
        est.median,
        "s",
        color=COLORS["l1"],
        linestyle=LINESTYLES["l1"],
        lw=2,
        ms=4,
        label="median (minimises L1)",
    )
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(drawable_text(xlabel, "xlabel"))
    ax.set_ylabel("best constant c")
    ax.legend()
    return ax


def plot_residuals(
    X: ArrayLike,
    y: ArrayLike,
    fits: Sequence[RegressionResult],
    *,
    atol: float = 1e-9,
    ax: Axes | None = None,
) -> Axes:
    """Draw each fit's residuals :math:`y_i - \\hat y_i` as stems; ring the exact zeros.

    Data points are numbered :math:`i = 1, \\dots, n`, as in the formulas (and as data sets
    number their observations).

    Parameters
    ----------
    X : array_like of shape (n, p)
    y : array_like of shape (n,)
    fits : sequence of RegressionResult
        Fits of ``y`` on ``X``; their stems are drawn side by side.
    atol : float, default 1e-9
        Residuals at most ``atol * max|y|`` in size count as exact zeros.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from l1tutor.solvers import lad_regression
    >>> X, y = [[0.0], [1.0], [2.0], [3.0]], [0.0, 1.0, 9.0, 3.0]
    >>> plot_residuals(X, y, [lad_regression(X, y)]).get_legend_handles_labels()[1]
    ['LAD (L1): 3 exact zeros']
    """
    X, y = check_Xy(X, y)
    fits = _check_fits(fits)
    atol = check_scalar(atol, "atol", low=0.0)
    ax = new_axes(ax)
    index = np.arange(1, y.size + 1)
    width = 0.8 / max(len(fits), 1)
    for k, fit in enumerate(fits):
        r = y - fit.predict(X)
        zero = np.abs(r) <= atol * max(float(np.abs(y).max()), 1.0)
        pos = index + (k - (len(fits) - 1) / 2) * width
        ax.vlines(pos, 0, r, color=COLORS[fit.loss], lw=2, linestyle=LINESTYLES[fit.loss])
        ax.plot(
            pos[zero],
            r[zero],
            "o",
            mfc="none",
            mec=COLORS[fit.loss],
            ms=9,
            mew=2,
            label=f"{LABELS[fit.loss]}: {int(zero.sum())} exact zeros",
        )
    ax.axhline(0, color=COLORS["muted"], lw=0.8)
    ax.set_xlabel("data point i")
    ax.set_ylabel("residual y − ŷ")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(fits))  # above the stems
    return ax
