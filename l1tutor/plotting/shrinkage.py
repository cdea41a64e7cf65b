"""Shrinkage figures: the penalty gradients, their field of update arrows, the iterates."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from l1tutor import losses
from l1tutor._checks import (
    FloatRangeError,
    check_bool,
    check_result,
    check_scalar,
    check_vector,
)
from l1tutor.experiments.shrinkage import SHRINKAGE_METHODS, ShrinkageComparison
from l1tutor.plotting.style import COLORS, LINESTYLES, drawn_from, new_axes

__all__ = [
    "plot_gradient_field",
    "plot_iterate_magnitudes",
    "plot_iterates",
    "plot_penalty_gradients",
]

_METHOD_STYLE = {
    "subgradient_constant": ("(a) subgradient, step η", COLORS["accent"], "-"),
    "subgradient_diminishing": ("(b) subgradient, η/√(k+1)", COLORS["sky"], "-."),
    "proximal": ("(c) proximal, L1", COLORS["l1"], LINESTYLES["l1"]),
    "ridge": ("(d) proximal, L2", COLORS["l2"], LINESTYLES["l2"]),
}


def _penalty_slopes(w: np.ndarray, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """λ·sign(w) (0 at the kink, as l1_grad) and λw, the slope of (λ/2)w², from the loss module."""
    zeros = np.zeros_like(w)
    with drawn_from("w"), np.errstate(over="ignore"):
        l1 = lam * losses.l1_grad(zeros, w, reduction="none")
        # (λ/2) w² is λ/2 times the elementwise L2 loss, whose derivative is 2w.
        l2 = 0.5 * lam * losses.l2_grad(zeros, w, reduction="none")
    if not np.isfinite(l2).all():
        raise FloatRangeError(
            f"lam * w overflows the floating-point range (lam = {lam:g}, largest |w| = "
            f"{float(np.abs(w).max()):g}): rescale w or lam"
        )
    return l1, l2


def _grid(w: ArrayLike) -> np.ndarray:
    return np.sort(check_vector(w, "w"))


def _legend_above(ax: Axes) -> None:
    """The methods' legend in two columns above the axes, off the data."""
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.01),
        ncol=2,
        borderaxespad=0.0,
        handlelength=1.8,
        columnspacing=1.0,
    )


def _check_comparison(comparison: object) -> ShrinkageComparison:
    check_result(comparison, "comparison", ShrinkageComparison)
    if not isinstance(comparison, ShrinkageComparison):
        raise TypeError(
            f"comparison must be a ShrinkageComparison, got {type(comparison).__name__}"
        )
    return comparison


def plot_penalty_gradients(w: ArrayLike, *, lam: float = 1.0, ax: Axes | None = None) -> Axes:
    """Draw the slope of λ·abs(w) (with its subdifferential [−λ, λ] at 0) and of (λ/2)w² against w.

    Parameters
    ----------
    w : array_like of shape (m,)
        Weights at which to evaluate the slopes (sorted for drawing).
    lam : float, default 1.0
        Penalty weight λ > 0.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_penalty_gradients(np.linspace(-2, 2, 81))
    >>> ax.get_legend_handles_labels()[1]
    ['L1: slope of λ|w| (λ·sign w)', 'subdifferential at 0: [−λ, λ]', 'L2: slope of (λ/2)w² (λw)']
    """
    w = _grid(w)
    lam = check_scalar(lam, "lam", low=0.0, closed="neither")
    l1, l2 = _penalty_slopes(w, lam)
    # The one-sided slopes at the kink bound the subdifferential drawn as a vertical segment.
    left, right = _penalty_slopes(np.array([-1.0, 1.0]), lam)[0]
    ax = new_axes(ax)
    label: str | None = "L1: slope of λ|w| (λ·sign w)"
    for side in (w < 0, w > 0):
        if not side.any():
            continue
        ax.plot(w[side], l1[side], color=COLORS["l1"], lw=2.5, label=label)
        label = None  # one legend entry for the two branches
    ax.plot(
        [0, 0],
        [left, right],
        color=COLORS["l1"],
        lw=6,
        alpha=0.35,
        solid_capstyle="butt",
        label="subdifferential at 0: [−λ, λ]",
    )
    ax.plot([0], [0], "o", color=COLORS["l1"], ms=6)
    ax.plot(
        w,
        l2,
        color=COLORS["l2"],
        linestyle=LINESTYLES["l2"],
        lw=2,
        label="L2: slope of (λ/2)w² (λw)",
    )
    ax.axhline(0, color=COLORS["muted"], lw=0.8)
    ax.set_xlabel("weight w")
    ax.set_ylabel("slope of the penalty")
    ax.legend(loc="upper left")
    return ax


def plot_gradient_field(
    w: ArrayLike, *, lam: float = 1.0, scale: float = 0.1, ax: Axes | None = None
) -> Axes:
    """Draw the update arrows −λ·sign(w) (top row) and −λw (bottom row) at the points ``w``.

    An arrow starts at a weight and points where one gradient step of the penalty alone moves it:
    to w − ηλ·sign(w) and to w − ηλw, with the step η = ``scale``. The L1 arrows all have the
    same length ηλ; the L2 arrows shrink in proportion to abs(w). An arrow that lands on the
    other side of 0 (an L1 arrow from a weight closer to 0 than ηλ; an L2 arrow only when
    ηλ > 1) overshoots 0: the first one is labelled so. At w = 0 the L1 arrow has length 0
    (the kink choice of :func:`l1tutor.losses.l1_grad`).

    Parameters
    ----------
    w : array_like of shape (m,)
        Starting points of the arrows.
    lam : float, default 1.0
        Penalty weight λ > 0.
    scale : float, default 0.1
        The step size η > 0: arrow length per unit of slope.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_gradient_field([-1.0, -0.5, 0.15, 0.5, 1.0], scale=0.25)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['L2 penalty (λ/2)w²', 'L1 penalty λ|w|']
    >>> [(t.get_text(), round(t.xy[0], 2)) for t in ax.texts]  # 0.15 - 0.25: past 0
    [('overshoots 0', -0.1)]
    """
    w = _grid(w)
    lam = check_scalar(lam, "lam", low=0.0, closed="neither")
    scale = check_scalar(scale, "scale", low=0.0, closed="neither")
    l1, l2 = _penalty_slopes(w, lam)
    ax = new_axes(ax)
    annotated = False
    for row, (slope, key) in enumerate(((l2, "l2"), (l1, "l1"))):
        move = -scale * slope
        ax.quiver(
            w,
            np.full_like(w, row),
            move,
            np.zeros_like(w),
            color=COLORS[key],
            angles="xy",
            scale_units="xy",
            scale=1,
            width=0.005,
            headwidth=3,
            headlength=3.5,
            headaxislength=3,
        )
        ax.plot(w, np.full_like(w, row), "o", color=COLORS[key], ms=4)
        end = w + move
        past = np.sign(end) * np.sign(w) < 0  # landed on the other side of 0
        if past.any() and not annotated:
            ax.annotate(
                "overshoots 0",
                xy=(float(end[past][0]), row),
                xytext=(0, 14),
                textcoords="offset points",
                ha="center",
                va="bottom",
                color=COLORS[key],
            )
            annotated = True
    ax.axvline(0, color=COLORS["muted"], lw=0.8, linestyle=":")
    ax.set_yticks([0, 1], ["L2 penalty (λ/2)w²", "L1 penalty λ|w|"])
    ax.set_ylim(-0.5, 1.6)
    ax.grid(False)
    ax.set_xlabel("weight w (arrow: one step of the penalty)")
    return ax


def _coordinate(comparison: ShrinkageComparison, coordinate: object) -> int:
    d = comparison.minimiser.size
    if coordinate is None:
        zeros = np.flatnonzero(comparison.minimiser == 0)
        return int(zeros[0]) if zeros.size else 0
    return check_scalar(coordinate, "coordinate", kind="int", low=0, high=d - 1)


def plot_iterates(
    comparison: ShrinkageComparison,
    *,
    coordinate: int | None = None,
    k_max: int | None = None,
    legend: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Draw the signed iterates :math:`w_{k,j}` of each method against k, on a linear scale.

    One coordinate j of every run in ``comparison.runs`` is drawn with its sign, so that an
    iterate that jumps across 0 shows as a zigzag through the line w = 0. Dotted lines at
    :math:`\\pm\\eta\\lambda` (``comparison.step * comparison.lam``) mark the length of one step of
    the penalty: a subgradient iterate closer to 0 than that is pushed past 0. Iterates that are
    exactly 0 are marked with dots. A run that stopped early (at an exact fixed point) ends where
    it stopped.

    Parameters
    ----------
    comparison : ShrinkageComparison
        Result of :func:`l1tutor.experiments.compare_shrinkage`.
    coordinate : int, optional
        The index j of the weight drawn (0-based); default the first weight whose minimiser is
        exactly 0 (weight 0 when there is none).
    k_max : int, optional
        Draw the iterations 0 to ``k_max`` (at least 1); default all of them.
    legend : bool, default True
        Draw the methods' legend above the axes.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from l1tutor.experiments import compare_shrinkage
    >>> res = compare_shrinkage(0.3, 1.0, step=0.1, max_iter=50)
    >>> ax = plot_iterates(res, k_max=20)
    >>> ax.get_yscale(), ax.get_ylabel()
    ('linear', 'iterate w_k')
    >>> np.round(ax.get_lines()[0].get_ydata()[3:7], 3)  # constant step: across 0 and back
    array([ 0.029, -0.044,  0.09 ,  0.011])
    """
    comparison = _check_comparison(comparison)
    j = _coordinate(comparison, coordinate)
    if k_max is not None:
        k_max = check_scalar(k_max, "k_max", kind="int", low=1, high=10**7)
    legend = check_bool(legend, "legend")
    ax = new_axes(ax)
    for method in SHRINKAGE_METHODS:
        values = comparison.runs[method].history[:, j]
        if k_max is not None:
            values = values[: k_max + 1]
        label, color, style = _METHOD_STYLE[method]
        k = np.arange(values.size)
        ax.plot(k, values, color=color, linestyle=style, lw=1.5, label=label)
        exact = values == 0
        if exact.any():
            ax.plot(k[exact], values[exact], "o", color=color, ms=5)
    reach = comparison.step * comparison.lam
    ax.axhline(0, color=COLORS["muted"], lw=1.0)
    for level in (-reach, reach):
        ax.axhline(level, color=COLORS["muted"], lw=0.8, linestyle=":")
    ax.text(
        1.0,
        reach,
        " +ηλ",
        color=COLORS["muted"],
        transform=ax.get_yaxis_transform(),
        ha="left",
        va="center",
    )
    ax.text(
        1.0,
        -reach,
        " −ηλ",
        color=COLORS["muted"],
        transform=ax.get_yaxis_transform(),
        ha="left",
        va="center",
    )
    ax.set_xlabel("iteration k")
    ax.set_ylabel("iterate w_k" if comparison.minimiser.size == 1 else f"iterate w_k[{j}]")
    if legend:
        _legend_above(ax)
    return ax


def plot_iterate_magnitudes(
    comparison: ShrinkageComparison,
    *,
    floor: float | None = None,
    legend: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Draw, on a log scale, how far each method's iterates are from the minimiser's zeros.

    Plots ``comparison.off_support[method]`` (for one weight with minimiser 0, simply
    :math:`|w_k|`) against the iteration k. A log axis cannot show 0, so iterates that are
    *exactly* 0 are drawn as tick marks on a dotted line at ``floor`` labelled "exactly 0", a
    decade below the smallest nonzero value unless ``floor`` is given.
    Where :func:`plot_iterates` shows the sign of the iterates, this shows their size over many
    orders of magnitude, which separates "exactly 0" from "small".

    Parameters
    ----------
    comparison : ShrinkageComparison
        Result of :func:`l1tutor.experiments.compare_shrinkage`.
    floor : float, optional
        Height of the "exactly 0" line, > 0 and below every nonzero value drawn; default the
        power of 10 a decade below the smallest nonzero value.
    legend : bool, default True
        Draw the methods' legend above the axes.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from l1tutor.experiments import compare_shrinkage
    >>> ax = plot_iterate_magnitudes(compare_shrinkage(0.3, 1.0, step=0.1, max_iter=50))
    >>> ax.get_yscale(), [t.get_text() for t in ax.texts]
    ('log', ['exactly 0 (a log axis has no 0)'])
    """
    comparison = _check_comparison(comparison)
    drawn = np.concatenate([comparison.off_support[m] for m in SHRINKAGE_METHODS])
    smallest = float(drawn[drawn > 0].min()) if (drawn > 0).any() else 1.0
    if floor is None:
        floor = float(10.0 ** (np.floor(np.log10(smallest)) - 1))
    else:
        floor = check_scalar(floor, "floor", low=0.0, closed="neither")
        if floor >= smallest:
            raise ValueError(
                f"floor must be below every nonzero value drawn (the smallest is {smallest:.3g}), "
                f"got {floor:g}"
            )
    legend = check_bool(legend, "legend")
    ax = new_axes(ax)
    for method in SHRINKAGE_METHODS:
        values = comparison.off_support[method]
        label, color, style = _METHOD_STYLE[method]
        k = np.arange(values.size)
        nonzero = values > 0
        ax.plot(
            k, np.where(nonzero, values, np.nan), color=color, linestyle=style, lw=1.5, label=label
        )
        if (~nonzero).any():
            ax.plot(k[~nonzero], np.full((~nonzero).sum(), floor), "|", color=color, ms=8)
    ax.axhline(floor, color=COLORS["muted"], lw=0.8, linestyle=":")
    ax.text(
        0.5,
        floor * 1.3,
        "exactly 0 (a log axis has no 0)",
        color=COLORS["muted"],
        transform=ax.get_yaxis_transform(),
        ha="center",
        va="bottom",
    )
    ax.set_yscale("log")
    # Decades from the floor up, the floor itself labelled 0 (every other decade when many).
    top = max(int(np.ceil(np.log10(float(drawn.max())))), int(np.log10(floor)) + 1)
    powers = np.arange(int(np.round(np.log10(floor))), top + 1)
    if powers.size > 8:
        powers = powers[::-2][::-1]
    ax.set_yticks(
        [floor] + [10.0**e for e in powers if 10.0**e > floor],
        ["0"] + [f"$10^{{{e}}}$" for e in powers if 10.0**e > floor],
    )
    ax.minorticks_off()
    ax.set_xlabel("iteration k")
    ax.set_ylabel("|w_k|" if comparison.minimiser.size == 1 else "largest |w_k[j]|, w*_j = 0")
    if legend:
        _legend_above(ax)
    return ax
