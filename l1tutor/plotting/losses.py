"""Loss figures: the losses as functions of the residual, and constant predictions."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from l1tutor import losses
from l1tutor._checks import check_scalar, check_vector
from l1tutor.plotting.style import COLORS, LINESTYLES, drawable_values, drawn_from, new_axes

__all__ = ["plot_constant_objectives", "plot_losses"]


def plot_losses(residuals: ArrayLike, *, delta: float = 1.0, ax: Axes | None = None) -> Axes:
    """Draw the L1, L2 and Huber penalty of a single residual against the residual.

    Parameters
    ----------
    residuals : array_like of shape (m,)
        Residuals :math:`r = y - \\hat y` at which to evaluate the losses (sorted for drawing).
    delta : float, default 1.0
        Huber's threshold, marked on the axis.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_losses(np.linspace(-3, 3, 61))
    >>> ax.get_legend_handles_labels()[1]
    ['L1: |r|', 'L2: r²', 'Huber (δ = 1)']
    """
    r = drawable_values(np.sort(check_vector(residuals, "residuals")), "residuals")
    delta = check_scalar(delta, "delta", low=0.0, high=1e300, closed="right")
    zeros = np.zeros_like(r)  # y_true = r and y_pred = 0: the residual y - y_hat is r
    with drawn_from("residuals"):
        curves = {
            "l1": ("L1: |r|", losses.l1_loss(r, zeros, reduction="none")),
            "l2": ("L2: r²", losses.l2_loss(r, zeros, reduction="none")),
            "huber": (
                f"Huber (δ = {delta:g})",
                losses.huber_loss(r, zeros, delta=delta, reduction="none"),
            ),
        }
    ax = new_axes(ax)
    for key, (label, values) in curves.items():
        ax.plot(r, values, color=COLORS[key], linestyle=LINESTYLES[key], lw=2, label=label)
    for edge in (-delta, delta):
        ax.axvline(edge, color=COLORS["muted"], lw=0.8, linestyle=":")
    ax.set_xlabel("residual r = y − ŷ")
    ax.set_ylabel("penalty of one residual")
    ax.legend()
    return ax


def plot_constant_objectives(
    y: ArrayLike, *, candidates: ArrayLike | None = None, ax: Axes | None = None
) -> Axes:
    """Draw the L1 loss and the root of the L2 loss of a constant prediction ``c``, against ``c``.

    The L1 curve :math:`\\frac1n \\sum_i |y_i - c|` bottoms out at a median of ``y``, the L2
    curve at the mean. The L2 loss is in squared units, so the figure draws its square root
    :math:`\\sqrt{\\frac1n \\sum_i (y_i - c)^2}` (the RMSE), which has the same minimiser and
    the units of ``y``: both curves share one axis.

    Parameters
    ----------
    y : array_like of shape (n,)
        The data to be predicted by one constant.
    candidates : array_like of shape (m,), optional
        Values of ``c`` to evaluate; by default 400 points spanning the data with a margin.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_constant_objectives([1.0, 2.0, 3.0, 10.0])
    >>> ax.get_ylabel()
    'loss of the constant c (units of y)'
    >>> [label for label in ax.get_legend_handles_labels()[1] if "=" in label]
    ['median = 2.5', 'mean = 4']
    """
    y = drawable_values(check_vector(y, "y"), "y")
    if candidates is None:
        lo, hi = float(y.min()), float(y.max())
        margin = 0.1 * (hi - lo) or 1.0
        c = np.linspace(lo - margin, hi + margin, 400)
    else:
        c = drawable_values(check_vector(candidates, "candidates"), "candidates")
    with drawn_from("y") if candidates is None else drawn_from("y", "candidates"):
        l1 = [losses.l1_loss(y, np.full_like(y, ci)) for ci in c]
        rmse = np.sqrt([losses.l2_loss(y, np.full_like(y, ci)) for ci in c])
    ax = new_axes(ax)
    ax.plot(c, l1, color=COLORS["l1"], lw=2, label="L1 loss: mean |y − c|")
    ax.plot(c, rmse, color=COLORS["l2"], lw=2, linestyle="--", label="√(L2 loss): RMSE")
    median, mean = float(np.median(y)), float(np.mean(y))
    ax.axvline(median, color=COLORS["l1"], lw=1, linestyle=":", label=f"median = {median:.3g}")
    ax.axvline(mean, color=COLORS["l2"], lw=1, linestyle="-.", label=f"mean = {mean:.3g}")
    ax.plot(y, np.zeros_like(y), "|", color=COLORS["data"], ms=12, label="data")
    ax.set_ylim(bottom=0)
    ax.set_xlabel("constant prediction c")
    ax.set_ylabel("loss of the constant c (units of y)")
    # Below the axes, where it covers neither the curves nor the data marks.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=2)
    return ax
