"""Shrinkage figures: the penalty gradients, their field of update arrows, iterate magnitudes."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from l1tutor import losses
from l1tutor._checks import (
    FloatRangeError,
    check_result,
    check_scalar,
    check_vector,
)
from l1tutor.experiments.shrinkage import SHRINKAGE_METHODS, ShrinkageComparison
from l1tutor.plotting.style import COLORS, LINESTYLES, drawn_from, new_axes

__all__ = ["plot_gradient_field", "plot_iterate_magnitudes", "plot_penalty_gradients"]

_METHOD_STYLE = {
    "subgradient_constant": ("subgradient, constant step", COLORS["accent"], "-"),
    "subgradient_diminishing": ("subgradient, step η/√(k+1)", COLORS["sky"], "-."),
    "proximal": ("proximal gradient (L1)", COLORS["l1"], LINESTYLES["l1"]),
    "ridge": ("proximal gradient (L2 penalty)", COLORS["l2"], LINESTYLES["l2"]),
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

    An arrow starts at a weight and points where one gradient step of the penalty alone moves it;
    its length is ``scale`` times the slope. The L1 arrows all have the same length λ·scale; the
    L2 arrows shrink in proportion to abs(w). At w = 0 the L1 arrow has length 0 (the kink choice
    of :func:`l1tutor.losses.l1_grad`).

    Parameters
    ----------
    w : array_like of shape (m,)
        Starting points of the arrows.
    lam : float, default 1.0
        Penalty weight λ > 0.
    scale : float, default 0.1
        Arrow length per unit of slope (a step size), > 0.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_gradient_field(np.linspace(-1, 1, 9))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['L2 penalty (λ/2)w²', 'L1 penalty λ|w|']
    """
    w = _grid(w)
    lam = check_scalar(lam, "lam", low=0.0, closed="neither")
    scale = check_scalar(scale, "scale", low=0.0, closed="neither")
    l1, l2 = _penalty_slopes(w, lam)
    ax = new_axes(ax)
    for row, (slope, key) in enumerate(((l2, "l2"), (l1, "l1"))):
        ax.quiver(
            w,
            np.full_like(w, row),
            -scale * slope,
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
    ax.axvline(0, color=COLORS["muted"], lw=0.8, linestyle=":")
    ax.set_yticks([0, 1], ["L2 penalty (λ/2)w²", "L1 penalty λ|w|"])
    ax.set_ylim(-0.5, 1.5)
    ax.grid(False)
    ax.set_xlabel("weight w (arrow: one gradient step of the penalty)")
    return ax


def plot_iterate_magnitudes(
    comparison: ShrinkageComparison, *, floor: float = 1e-18, ax: Axes | None = None
) -> Axes:
    """Draw, on a log scale, how far each method's iterates are from the minimiser's zeros.

    Plots ``comparison.off_support[method]`` (for one weight with minimiser 0, simply
    :math:`|w_k|`) against the iteration k. A log axis cannot show 0, so iterates that are
    *exactly* 0 are drawn as markers on a line at ``floor`` labelled "exactly 0".

    Parameters
    ----------
    comparison : ShrinkageComparison
        Result of :func:`l1tutor.experiments.compare_shrinkage`.
    floor : float, default 1e-18
        Height of the "exactly 0" line, > 0 and below every nonzero value drawn.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from l1tutor.experiments import compare_shrinkage
    >>> ax = plot_iterate_magnitudes(compare_shrinkage(0.3, 1.0, step=0.1, max_iter=50))
    >>> ax.get_yscale()
    'log'
    """
    check_result(comparison, "comparison", ShrinkageComparison)
    if not isinstance(comparison, ShrinkageComparison):
        raise TypeError(
            f"comparison must be a ShrinkageComparison, got {type(comparison).__name__}"
        )
    floor = check_scalar(floor, "floor", low=0.0, closed="neither")
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
        floor * 10,
        "exactly 0 (cannot sit on a log axis)",
        color=COLORS["muted"],
        transform=ax.get_yaxis_transform(),
        ha="center",
        va="bottom",
    )
    ax.set_yscale("log")
    ax.set_xlabel("iteration k")
    ax.set_ylabel("largest |w_k,j| where the minimiser is 0")
    ax.legend(loc="center right")
    return ax
