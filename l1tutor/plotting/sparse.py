"""Sparsity figures: norm balls, coefficient paths, support recovery, the KKT check, the
cross-validation curve and the grouping effect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.patches import Circle, Polygon, Rectangle
from matplotlib.text import Annotation, Text
from matplotlib.ticker import NullLocator
from numpy.typing import ArrayLike

from l1tutor._checks import (
    as_float_array,
    check_bool,
    check_finite,
    check_names,
    check_result,
    check_scalar,
)
from l1tutor.experiments.sparse import NormBallGeometry, SelectionStability, SupportRecovery
from l1tutor.plotting.style import (
    COLORS,
    LINESTYLES,
    SMALLEST_TEXT_PT,
    drawable_text,
    drawable_values,
    new_axes,
)
from l1tutor.solvers.l2_penalty import RidgePath
from l1tutor.solvers.sparse import LassoCVResult, LassoPath

__all__ = [
    "plot_coefficient_paths",
    "plot_cv_curve",
    "plot_lasso_kkt",
    "plot_norm_balls",
    "plot_selection_stability",
    "plot_support_recovery",
]

#: Legends go above the axes, out of the data: anchored just over the top edge.
_ABOVE: dict[str, Any] = {"loc": "lower left", "bbox_to_anchor": (0.0, 1.02), "borderaxespad": 0.0}


def _drawable_names(names: object, count: int) -> list[str]:
    """``feature_names``: one drawable label per feature."""
    return [
        drawable_text(name, f"feature_names[{i}]")
        for i, name in enumerate(check_names(names, "feature_names", count))
    ]


def plot_norm_balls(
    geometry: NormBallGeometry, *, zoom: bool = False, n_grid: int = 201, ax: Axes | None = None
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
    zoom : bool, default False
        False: a window that holds the least-squares point, with a dotted square marking the
        zoomed window and the legend above the axes. True: the window around the two balls
        (1.6 times the larger radius), with the two contact points labelled: the Lasso's at a
        corner, the Ridge solution off the axes.
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
    >>> ax.get_xlabel(), len(ax.patches)  # the balls fill this window: no zoom square
    ('$w_1$', 2)
    >>> [t.get_text() for t in plot_norm_balls(geometry, zoom=True).texts][:2]
    ['Lasso: a corner, $w_2 = 0$', 'Ridge: off the axes']
    """
    check_result(geometry, "geometry", NormBallGeometry)
    zoom = check_bool(zoom, "zoom")
    n_grid = check_scalar(n_grid, "n_grid", kind="int", low=2, high=10**4)
    levels = geometry.levels
    t1, t2 = geometry.radius_l1, geometry.radius_l2
    small = 1.6 * max(t1, t2) or 1.0
    half = small if zoom else geometry.half_width
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
    if zoom:
        _label_contacts(ax, geometry)
    else:
        if small < half:
            ax.add_patch(
                Rectangle(
                    (-small, -small),
                    2 * small,
                    2 * small,
                    fill=False,
                    edgecolor=COLORS["data"],
                    lw=1,
                    linestyle=":",
                    zorder=4,
                )
            )
        ax.legend(ncol=2, **_ABOVE)
    return ax


def _label_contacts(ax: Axes, geometry: NormBallGeometry) -> None:
    """Name the two contact points from opposite corners of the window, with arrows."""
    w1, w2 = geometry.lasso, geometry.ridge
    zero = [f"$w_{j + 1} = 0$" for j in range(2) if w1[j] == 0]
    lasso_text = f"Lasso: a corner, {zero[0]}" if len(zero) == 1 else "Lasso solution"
    ridge_text = "Ridge: off the axes" if np.all(w2 != 0) else "Ridge solution"
    left = w1[0] <= w2[0]  # the Lasso's label on its side, the Ridge's on the other
    box = {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}
    for point, text, color, corner in (
        (w1, lasso_text, COLORS["l1"], (0.03, 0.97) if left else (0.97, 0.97)),
        (w2, ridge_text, COLORS["l2"], (0.97, 0.03) if left else (0.03, 0.03)),
    ):
        ax.annotate(
            text,
            xy=(float(point[0]), float(point[1])),
            xytext=corner,
            textcoords="axes fraction",
            ha="left" if corner[0] < 0.5 else "right",
            va="top" if corner[1] > 0.5 else "bottom",
            color=color,
            fontsize=SMALLEST_TEXT_PT,
            bbox=box,
            arrowprops={"arrowstyle": "->", "color": color, "lw": 1.2, "shrinkB": 6},
            zorder=5,
        )


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
        Labels written at the right end of the lines. Labels that would overlap are moved
        apart when the figure is drawn (in display units, so at its final size and dpi), as
        little as possible, and tied to their line's end by a thin leader line.
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
    _nonzero_top_axis(ax, path.alphas, path.n_nonzero, n_ticks)
    return ax


def _nonzero_top_axis(ax: Axes, alphas: np.ndarray, n_nonzero: np.ndarray, n_ticks: int) -> Axes:
    """A top axis (sharing the log alpha axis) that counts the nonzero coefficients."""
    top = ax.twiny()
    top.set_xscale("log")
    top.set_xlim(ax.get_xlim())
    ticks = np.unique(np.linspace(0, alphas.size - 1, n_ticks).round().astype(int))
    top.set_xticks(alphas[ticks], [str(k) for k in n_nonzero[ticks]])
    top.xaxis.set_minor_locator(NullLocator())
    top.set_xlabel("number of nonzero coefficients")
    top.grid(False)
    return top


def _spread_positions(targets: ArrayLike, gap: float) -> np.ndarray:
    r"""Positions nearest to ``targets`` (sorted) that keep neighbours at least ``gap`` apart.

    Minimises :math:`\sum_i (p_i - t_i)^2` subject to :math:`p_{i+1} - p_i \ge g`: with
    :math:`u_i = p_i - i g` the constraint is :math:`u` nondecreasing, so :math:`u` is the
    isotonic regression of :math:`t_i - i g` (pool-adjacent-violators). A crowd of labels is
    spread symmetrically about its centre, and labels with room stay where they are.

    Examples
    --------
    >>> _spread_positions([0.0, 0.1, 0.2, 5.0], 1.0)
    array([-0.9,  0.1,  1.1,  5. ])
    """
    t = np.asarray(targets, dtype=float)
    u = t - gap * np.arange(t.size)
    blocks: list[list[float]] = []  # [sum, count] of pooled values
    for value in u:
        blocks.append([float(value), 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    fitted = np.concatenate([np.full(int(c), s / c) for s, c in blocks]) if blocks else u
    return fitted + gap * np.arange(t.size)


#: Horizontal distance, in points, between the end of a line and its label.
_LABEL_GAP_PT = 10.0


class _LabelSpreader(Artist):
    """Moves the line-end labels apart just before they are drawn, in display units.

    Where labels may sit depends on the final size of the axes (after ``tight_layout``, at the
    dpi of the output), so the offsets are computed at draw time from the renderer: each label
    keeps its anchor at its line's end and gets a vertical offset, the smallest (in the least-
    squares sense) that keeps neighbouring labels 1.15 text heights apart.
    """

    def __init__(self, labels: list[Annotation]):
        super().__init__()
        self.labels = labels
        self.set_zorder(min(label.get_zorder() for label in labels) - 0.01)  # just before them

    def draw(self, renderer: RendererBase) -> None:
        if not self.get_visible() or self.axes is None:
            return
        anchors = self.axes.transData.transform([label.xy for label in self.labels])[:, 1]
        for label in self.labels:
            label.xyann = (_LABEL_GAP_PT, 0.0)
        # The text alone (an Annotation's own extent also covers its leader line).
        height = max(Text.get_window_extent(label, renderer).height for label in self.labels)
        order = np.argsort(anchors, kind="stable")
        placed = _spread_positions(anchors[order], 1.15 * height)
        points = float(np.asarray(renderer.points_to_pixels(1.0)))
        for i, y in zip(order, placed, strict=True):
            shift = float(y - anchors[i]) / points
            self.labels[i].xyann = (_LABEL_GAP_PT, shift)
            # A label moved off its line's end is tied to it by a thin leader line.
            if self.labels[i].arrow_patch is not None:
                self.labels[i].arrow_patch.set_visible(abs(shift) > 2.0)


def _label_line_ends(
    ax: Axes, x: float, ends: np.ndarray, names: Sequence[str], color: str
) -> None:
    """Write ``names`` just right of ``x`` at heights ``ends``, moved apart where they crowd."""
    labels = [
        ax.annotate(
            names[i],
            xy=(x, float(ends[i])),
            xytext=(_LABEL_GAP_PT, 0),
            textcoords="offset points",
            va="center",
            fontsize=SMALLEST_TEXT_PT,
            color=color,
            annotation_clip=False,
            # From the middle of the label's left edge; no clipping to the text box (patchA),
            # which would cost a curve intersection per label and draw.
            arrowprops={
                "arrowstyle": "-",
                "color": color,
                "lw": 0.6,
                "patchA": None,
                "relpos": (0.0, 0.5),
                "shrinkA": 2,
                "shrinkB": 1,
            },
        )
        for i in np.argsort(ends, kind="stable")
    ]
    if labels:
        ax.add_artist(_LabelSpreader(labels))


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
        label="Ridge: nonzero",
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
            label="Lasso support = truth",
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
    ax.legend(ncol=2, **_ABOVE)
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
    ax.legend(ncol=3, **_ABOVE)
    return ax


def plot_cv_curve(
    cv: LassoCVResult, *, zoom: bool = False, n_ticks: int = 6, ax: Axes | None = None
) -> Axes:
    r"""Draw the cross-validation curve of :func:`~l1tutor.solvers.lasso_cv`.

    The mean error :math:`\mathrm{CV}(\alpha)` with bars of one standard error against alpha
    (log scale, decreasing to the right, as in :func:`plot_coefficient_paths`), a vertical
    line at :math:`\alpha_{\min}` and one at :math:`\alpha_{1\mathrm{se}}`, the level
    :math:`\mathrm{CV}(\alpha_{\min}) + \mathrm{SE}(\alpha_{\min})` that defines the latter,
    and a top axis counting the nonzero coefficients of the Lasso on all the data. The lines
    are labelled where they are drawn, so there is no legend over the data.

    Parameters
    ----------
    cv : LassoCVResult
    zoom : bool, default False
        False: the whole curve. True: the errors from just below the minimum up to the minimum
        plus six of its standard errors, where the rule decides; the curve leaves the window
        at the top towards large alpha.
    n_ticks : int, default 6
        Number of alphas labelled on the top axis.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> from l1tutor.solvers import lasso_cv
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((60, 5))
    >>> y = X @ np.array([3.0, 0.0, 0.0, -2.0, 0.0]) + rng.standard_normal(60)
    >>> ax = plot_cv_curve(lasso_cv(X, y, n_alphas=30))
    >>> [t.get_text() for t in ax.texts]
    ['$\\alpha_{1\\mathrm{se}}$', '$\\alpha_{\\min}$', 'minimum + 1 SE']
    """
    check_result(cv, "cv", LassoCVResult)
    zoom = check_bool(zoom, "zoom")
    n_ticks = min(check_scalar(n_ticks, "n_ticks", kind="int", low=1), cv.alphas.size)
    mean, se = cv.mean_error, cv.standard_error
    drawable_values(mean + se, "cv.mean_error")
    ax = new_axes(ax)
    ax.errorbar(
        cv.alphas,
        mean,
        yerr=se,
        fmt="o",
        ms=3.5,
        color=COLORS["l1"],
        ecolor=COLORS["muted"],
        elinewidth=1,
        zorder=3,
        label="CV error $\\pm$ 1 SE",
    )
    best, best_se = float(mean[cv.index_min]), float(se[cv.index_min])
    ax.axhline(best + best_se, color=COLORS["accent"], lw=1.2, linestyle="-.")
    for alpha, text, style, side in (
        (cv.alpha_1se, r"$\alpha_{1\mathrm{se}}$", "--", "right"),
        (cv.alpha_min, r"$\alpha_{\min}$", ":", "left"),
    ):
        ax.axvline(alpha, color=COLORS["data"], lw=1.2, linestyle=style)
        ax.annotate(
            text,
            xy=(alpha, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-4 if side == "right" else 4, -4),
            textcoords="offset points",
            ha=side,
            va="top",
            fontsize=SMALLEST_TEXT_PT + 1,
        )
    ax.annotate(
        "minimum + 1 SE",
        xy=(1.0, best + best_se),
        xycoords=("axes fraction", "data"),
        xytext=(-2, 3),
        textcoords="offset points",
        ha="right",
        va="bottom",
        color=COLORS["accent"],
        fontsize=SMALLEST_TEXT_PT,
        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
        zorder=4,
    )
    ax.set_xscale("log")
    ax.set_xlim(cv.alphas.max(), cv.alphas.min())
    if zoom and best_se > 0:
        ax.set_ylim(float((mean - se).min()) - 0.5 * best_se, best + 6 * best_se)
    ax.set_xlabel(r"$\alpha$ (log scale)")
    ax.set_ylabel("CV mean squared error")
    _nonzero_top_axis(ax, cv.alphas, cv.path.n_nonzero, n_ticks)
    return ax


def plot_selection_stability(result: SelectionStability, *, ax: Axes | None = None) -> Axes:
    """Draw the grouping effect: the coefficients of two correlated features, resample by resample.

    One point per bootstrap resample of :func:`~l1tutor.experiments.selection_stability`, at
    the coefficients of the first two members of the group: Lasso points (blue circles) spread
    along the line of constant sum and onto the axes (one feature dropped), elastic-net points
    (vermillion squares) gather near the diagonal :math:`w_a = w_b`.

    Parameters
    ----------
    result : SelectionStability
        With a group of at least two features.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from l1tutor.experiments import selection_stability
    >>> ax = plot_selection_stability(selection_stability(n_resamples=5))
    >>> [line.get_label() for line in ax.get_lines()][:2]
    ['Lasso', 'elastic net']
    """
    check_result(result, "result", SelectionStability)
    if result.group.size < 2:
        raise ValueError(
            f"result.group must hold at least two features to draw, got {result.group.size}"
        )
    a, b = (int(j) for j in result.group[:2])
    ax = new_axes(ax)
    ax.plot(
        result.lasso_coefs[:, a],
        result.lasso_coefs[:, b],
        "o",
        color=COLORS["l1"],
        ms=7,
        alpha=0.7,
        zorder=3,
        label="Lasso",
    )
    ax.plot(
        result.enet_coefs[:, a],
        result.enet_coefs[:, b],
        "s",
        color=COLORS["l2"],
        ms=6,
        alpha=0.7,
        zorder=3,
        label="elastic net",
    )
    values = np.concatenate([result.lasso_coefs[:, [a, b]], result.enet_coefs[:, [a, b]]])
    drawable_values(values, "result coefficients")
    top = max(float(values.max(initial=0.0)), 0.0) * 1.08 or 1.0
    bottom = min(float(values.min(initial=0.0)), 0.0) * 1.08 - 0.04 * top
    ax.plot([bottom, top], [bottom, top], color=COLORS["muted"], lw=1, linestyle=":",
            label="$w_a = w_b$")  # fmt: skip
    ax.axhline(0.0, color=COLORS["data"], lw=0.8)
    ax.axvline(0.0, color=COLORS["data"], lw=0.8)
    ax.set_xlim(bottom, top)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal")
    ax.set_xlabel(f"coefficient of $x_{a + 1}$")
    ax.set_ylabel(f"coefficient of $x_{b + 1}$")
    ax.legend(ncol=3, **_ABOVE)
    return ax
