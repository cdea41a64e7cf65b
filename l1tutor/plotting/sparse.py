"""Sparsity figures: norm balls, coefficient paths, support recovery, the KKT check."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Circle, Polygon
from matplotlib.ticker import NullLocator
from numpy.typing import ArrayLike

from l1tutor._checks import as_float_array, check_finite, check_names, check_result, check_scalar
from l1tutor.experiments.sparse import NormBallGeometry, SupportRecovery
from l1tutor.plotting.style import COLORS, LINESTYLES, drawable_text, drawable_values, new_axes
from l1tutor.solvers.l2_penalty import RidgePath
from l1tutor.solvers.sparse import LassoPath

__all__ = [
    "plot_coefficient_paths",
    "plot_lasso_kkt",
    "plot_norm_balls",
    "plot_support_recovery",
]


def _drawable_names(names: object, count: int) -> list[str]:
    """``feature_names``: one drawable label per feature."""
    return [
        drawable_text(name, f"feature_names[{i}]")
        for i, name in enumerate(check_names(names, "feature_names", count))
    ]


def plot_norm_balls(
    geometry: NormBallGeometry, *, n_grid: int = 201, ax: Axes | None = None
) -> Axes:
    r"""Draw why the L1 penalty selects: least-squares contours touching the L1 and L2 balls.

    The picture of :func:`~l1tutor.experiments.norm_ball_geometry`: both balls, the contour of
    the loss :math:`\frac{1}{2n}\|y - Xw\|_2^2` through each solution, and the solutions. The
    contour typically first meets the diamond at a corner, where one coefficient is 0, and the
    disc at a point where neither is.

    Parameters
    ----------
    geometry : NormBallGeometry
        The solutions, radii and loss levels to draw.
    n_grid : int, default 201
        Grid points per axis for the contours (at least 2).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from l1tutor.experiments import norm_ball_geometry
    >>> X = [[1.0, 0.5], [2.0, -1.0], [3.0, 1.0], [4.0, 0.0]]
    >>> geometry = norm_ball_geometry(X, [1.0, 2.0, 3.0, 4.0], alpha_l1=1.0, alpha_l2=0.5)
    >>> ax = plot_norm_balls(geometry)
    >>> ax.get_xlabel(), len(ax.patches)
    ('$w_1$', 2)
    """
    check_result(geometry, "geometry", NormBallGeometry)
    n_grid = check_scalar(n_grid, "n_grid", kind="int", low=2, high=10**4)
    half, levels = geometry.half_width, geometry.levels
    t1, t2 = geometry.radius_l1, geometry.radius_l2
    grid = np.linspace(-half, half, n_grid)
    W1, W2 = np.meshgrid(grid, grid)
    Z = geometry.loss(W1, W2)

    ax = new_axes(ax)
    spread = max(levels["lasso"], levels["ridge"]) - levels["least_squares"]
    if spread <= 0:  # no penalty bites (e.g. y = 0): space the contours over the window
        spread = (float(Z.max()) - levels["least_squares"]) / 4
    background = levels["least_squares"] + spread * np.array([0.1, 0.3, 0.6, 2.0, 3.5])

    def contour(values: Iterable[float], **style: Any) -> None:
        # A level at the minimum or beyond the window has no curve (matplotlib would warn).
        inside = sorted({float(v) for v in values if Z.min() < v < Z.max()})
        if inside:
            ax.contour(W1, W2, Z, levels=inside, **style)

    contour(background, colors=COLORS["muted"], linewidths=0.7)
    contour([levels["lasso"]], colors=COLORS["l1"], linewidths=1.5, linestyles=LINESTYLES["l1"])
    contour([levels["ridge"]], colors=COLORS["l2"], linewidths=1.5, linestyles=LINESTYLES["l2"])
    diamond = [(t1, 0.0), (0.0, t1), (-t1, 0.0), (0.0, -t1)]
    ax.add_patch(
        Polygon(
            diamond,
            closed=True,
            facecolor=COLORS["l1"],
            alpha=0.3,
            zorder=3,
            edgecolor=COLORS["l1"],
            lw=2,
            label=f"L1 ball, $\\|w\\|_1 \\leq {t1:.2f}$",
        )
    )
    ax.add_patch(
        Circle(
            (0.0, 0.0),
            t2,
            facecolor=COLORS["l2"],
            alpha=0.25,
            edgecolor=COLORS["l2"],
            lw=2,
            linestyle=LINESTYLES["l2"],
            label=f"L2 ball, $\\|w\\|_2 \\leq {t2:.2f}$",
        )
    )
    ax.plot(*geometry.least_squares, "x", color=COLORS["data"], ms=9, mew=2, label="least squares")
    ax.plot(*geometry.lasso, "o", color=COLORS["l1"], ms=9, zorder=4, label="Lasso solution")
    ax.plot(*geometry.ridge, "s", color=COLORS["l2"], ms=8, zorder=4, label="Ridge solution")
    ax.axhline(0.0, color=COLORS["data"], lw=0.8)
    ax.axvline(0.0, color=COLORS["data"], lw=0.8)
    ax.set_xlim(-half, half)
    ax.set_ylim(-half, half)
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


def plot_coefficient_paths(
    path: LassoPath | RidgePath,
    *,
    feature_names: Sequence[str] | None = None,
    n_ticks: int = 6,
    ax: Axes | None = None,
) -> Axes:
    """Draw each coefficient against alpha (log scale, decreasing to the right).

    Lasso paths are blue and solid, Ridge paths vermillion and dashed. The top axis shows the
    number of nonzero coefficients at a few alphas: for the Lasso it grows from 0 as alpha
    decreases; for Ridge it is always the number of features.

    Parameters
    ----------
    path : LassoPath or RidgePath
        From :func:`~l1tutor.solvers.lasso_path` or :func:`~l1tutor.solvers.ridge_path`
        (all alphas > 0, for the log scale).
    feature_names : sequence of str, optional
        Labels written at the right end of the lines.
    n_ticks : int, default 6
        Number of alphas labelled on the top axis.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from l1tutor.solvers import lasso_path
    >>> X = [[1.0, 0.5], [2.0, -1.0], [3.0, 1.0], [4.0, 0.0]]
    >>> ax = plot_coefficient_paths(lasso_path(X, [1.0, 2.0, 3.0, 4.0]), feature_names=["a", "b"])
    >>> len(ax.get_lines()), ax.get_xscale()
    (3, 'log')
    """
    check_result(path, "path", (LassoPath, RidgePath))
    if (path.alphas <= 0).any():
        raise ValueError("path.alphas must all be > 0 to be drawn on a log scale")
    key, name = ("l1", "Lasso") if isinstance(path, LassoPath) else ("l2", "Ridge")
    if feature_names is not None:
        feature_names = [
            drawable_text(name, f"feature_names[{i}]")
            for i, name in enumerate(
                check_names(feature_names, "feature_names", path.coefs.shape[0])
            )
        ]
    # More ticks than alphas would repeat ticks (and 2**31 of them would not fit in memory).
    n_ticks = min(check_scalar(n_ticks, "n_ticks", kind="int", low=1), path.alphas.size)
    ax = new_axes(ax)
    ax.plot(path.alphas, path.coefs.T, color=COLORS[key], linestyle=LINESTYLES[key], lw=1.5)
    ax.axhline(0.0, color=COLORS["data"], lw=0.8)
    ax.set_xscale("log")
    ax.set_xlim(path.alphas.max(), path.alphas.min())  # decreasing: features enter left to right
    ax.set_xlabel(r"$\alpha$ (log scale)")
    ax.set_ylabel(f"{name} coefficient")
    if feature_names is not None:
        _label_line_ends(
            ax, path.alphas.min(), path.coefs[:, np.argmin(path.alphas)], feature_names, COLORS[key]
        )
    top = ax.twiny()
    top.set_xscale("log")
    top.set_xlim(ax.get_xlim())
    ticks = np.unique(np.linspace(0, path.alphas.size - 1, n_ticks).round().astype(int))
    top.set_xticks(path.alphas[ticks], [str(k) for k in path.n_nonzero[ticks]])
    top.xaxis.set_minor_locator(NullLocator())
    top.set_xlabel("number of nonzero coefficients")
    top.grid(False)
    return ax


def _label_line_ends(
    ax: Axes, x: float, ends: np.ndarray, names: Sequence[str], color: str
) -> None:
    """Write ``names`` just right of ``x`` at heights ``ends``, pushed apart to stay legible."""
    order = np.argsort(ends)
    span = float(np.ptp(ends)) or 1.0
    heights = ends[order].astype(float)
    for i in range(1, heights.size):
        heights[i] = max(heights[i], heights[i - 1] + 0.06 * span)
    for height, i in zip(heights, order, strict=True):
        ax.annotate(
            names[i],
            xy=(x, height),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
            color=color,
            annotation_clip=False,
        )


def plot_support_recovery(result: SupportRecovery, *, ax: Axes | None = None) -> Axes:
    """Draw the Lasso's true and false positives, and Ridge's nonzero count, against alpha.

    Parameters
    ----------
    result : SupportRecovery
        From :func:`~l1tutor.experiments.support_recovery`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from l1tutor.experiments import support_recovery
    >>> ax = plot_support_recovery(support_recovery(seed=3))
    >>> ax.get_legend_handles_labels()[1][:2]
    ['Lasso: true positives', 'Lasso: false positives']
    """
    check_result(result, "result", SupportRecovery)
    a = result.alphas
    ax = new_axes(ax)
    ax.plot(
        a,
        result.true_positives,
        color=COLORS["l1"],
        lw=2,
        marker="o",
        ms=4,
        label="Lasso: true positives",
    )
    ax.plot(
        a,
        result.false_positives,
        color=COLORS["accent"],
        lw=2,
        linestyle="-.",
        marker="^",
        ms=4,
        label="Lasso: false positives",
    )
    ax.plot(
        a,
        result.ridge_nonzero,
        color=COLORS["l2"],
        lw=2,
        linestyle=LINESTYLES["l2"],
        label="Ridge: nonzero coefficients",
    )
    ax.axhline(
        result.n_informative,
        color=COLORS["muted"],
        lw=1,
        linestyle=":",
        label=f"true support size ({result.n_informative})",
    )
    if result.exact_recovery.any():
        hits = a[result.exact_recovery]
        ax.axvspan(
            hits.max(),
            hits.min(),
            color=COLORS["huber"],
            alpha=0.15,
            label="Lasso support = true support",
        )
    ax.set_xscale("log")
    # Linear up to 10, logarithmic above: the handful of true features and Ridge's hundreds.
    ax.set_yscale("symlog", linthresh=10)
    ax.set_ylim(-0.5, 2 * result.n_features)
    ticks = [t for t in (0, 5, 10, 20, 50, 100, 200, 500, 1000) if t <= result.n_features]
    ax.set_yticks(ticks, [str(t) for t in ticks])
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_xlim(a.max(), a.min())
    ax.set_xlabel(r"$\alpha$ (log scale)")
    ax.set_ylabel("number of features")
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


def plot_lasso_kkt(
    correlation: ArrayLike,
    coef: ArrayLike,
    alpha: float,
    *,
    feature_names: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Draw the Lasso optimality check: :math:`c_j = x_j^\top r / n` against :math:`\pm\alpha`.

    At a solution, features with a nonzero coefficient (filled markers) sit exactly on
    :math:`\pm\alpha`, with the sign of their coefficient; features with a zero coefficient
    (open markers) sit inside the band :math:`[-\alpha, \alpha]`.

    Parameters
    ----------
    correlation : array_like of shape (n_features,)
        :math:`c = X^\top (y - Xw - b)/n`, computed by the caller from the fitted model.
    coef : array_like of shape (n_features,)
        The fitted coefficients (only their zero pattern is used).
    alpha : float
        The penalty weight.
    feature_names : sequence of str, optional
        Tick labels of the features.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_lasso_kkt([0.5, -0.2, -0.5], [1.0, 0.0, -2.0], 0.5)
    >>> ax.get_ylabel()
    '$c_j = x_j^\\top r / n$'
    """
    c = as_float_array(correlation, "correlation")
    w = as_float_array(coef, "coef")
    if c.ndim != 1 or w.shape != c.shape:
        raise ValueError(
            "correlation and coef must be 1-D of the same shape (one entry per feature), "
            f"got {c.shape} and {w.shape}"
        )
    check_finite(c, "correlation")
    check_finite(w, "coef")
    alpha = check_scalar(alpha, "alpha", low=0.0, high=1e300, closed="right")
    drawable_values(c, "correlation")
    if feature_names is not None:
        feature_names = _drawable_names(feature_names, c.size)
    j = np.arange(c.size)
    active = w != 0
    ax = new_axes(ax)
    ax.axhspan(-alpha, alpha, color=COLORS["muted"], alpha=0.2, label=r"$|c_j| \leq \alpha$")
    for edge in (-alpha, alpha):
        ax.axhline(edge, color=COLORS["l1"], lw=1, linestyle=":")
    ax.plot(j[active], c[active], "o", color=COLORS["l1"], ms=8, label="$w_j \\neq 0$")
    ax.plot(
        j[~active], c[~active], "o", mfc="white", mec=COLORS["l1"], mew=1.5, ms=8, label="$w_j = 0$"
    )
    ax.set_xticks(j, feature_names if feature_names is not None else [str(k) for k in j])
    ax.set_xlabel("feature")
    ax.set_ylabel(r"$c_j = x_j^\top r / n$")
    ax.legend(fontsize=9, loc="best")
    return ax
