"""The book's visual style: one colour-blind-safe colour per concept, shared by every figure."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.mathtext import MathTextParser

from l1tutor._checks import FloatRangeError, check_label

__all__ = ["COLORS", "LINESTYLES", "MAX_FIGURE_WIDTH_PX", "new_axes", "use_book_style"]

#: Okabe & Ito (2008), "Color Universal Design": one colour per concept, used book-wide.
#: L1 things (LAD, Lasso, the absolute value) are blue, L2 things (OLS, Ridge, squares)
#: vermillion, Huber green.
COLORS = {
    "l1": "#0072B2",  # blue
    "l2": "#D55E00",  # vermillion
    "huber": "#009E73",  # bluish green
    "data": "#000000",
    "accent": "#E69F00",  # orange
    "accent2": "#CC79A7",  # reddish purple
    "sky": "#56B4E9",  # sky blue
    "muted": "#999999",
}

LINESTYLES = {"l1": "-", "l2": "--", "huber": "-."}

#: The smallest text the book's figures draw (tick labels, legends, annotations), in points.
SMALLEST_TEXT_PT = 12
#: The widest figure (in pixels at the book's 100 dpi) whose smallest text is still at least 9
#: CSS pixels on a 390-pixel phone, where the page's text column is about 358 pixels wide:
#: 12 pt is 16.7 px at 100 dpi, and 16.7 * 358 / 660 = 9.0. Wider ideas (two panels side by
#: side) are stacked in rows instead.
MAX_FIGURE_WIDTH_PX = 660


def use_book_style() -> None:
    """Set the book's matplotlib defaults: readable sizes and an opaque white background.

    Figures are 5.6 inches wide with text of at least ``SMALLEST_TEXT_PT`` points, so that
    they stay legible on a phone (see ``MAX_FIGURE_WIDTH_PX``). The opaque background keeps
    figures legible when the website is in dark mode.

    Examples
    --------
    >>> use_book_style()
    >>> import matplotlib as mpl
    >>> mpl.rcParams["figure.facecolor"]
    'white'
    """
    mpl.rcParams.update(
        {
            "figure.figsize": (5.6, 3.6),
            "figure.dpi": 100,
            "figure.facecolor": "white",
            "savefig.facecolor": "white",
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "font.size": 13,
            "axes.titlesize": 13,
            "axes.labelsize": 13,
            "xtick.labelsize": SMALLEST_TEXT_PT,
            "ytick.labelsize": SMALLEST_TEXT_PT,
            "legend.fontsize": SMALLEST_TEXT_PT,
            "legend.frameon": False,
        }
    )


def new_axes(ax: Axes | None = None) -> Axes:
    """Return ``ax``, or the Axes of a new figure when ``ax`` is None.

    Examples
    --------
    >>> new_axes().get_xlabel()
    ''
    >>> new_axes(plt.figure())
    Traceback (most recent call last):
    ...
    TypeError: ax must be a matplotlib Axes (or None for a new figure), got Figure
    """
    if ax is None:
        _, ax = plt.subplots()
    elif not isinstance(ax, Axes) or ax.name != "rectilinear":
        # A polar or 3-D Axes is an Axes too, but the book's figures are flat and Cartesian.
        kind = type(ax).__name__ if not isinstance(ax, Axes) else f"a {ax.name} Axes"
        raise TypeError(f"ax must be a matplotlib Axes (or None for a new figure), got {kind}")
    return ax


@contextmanager
def drawn_from(*names: str) -> Iterator[None]:
    """Name the plot's arguments ``names`` when the losses computed from them overflow.

    The losses name their own arguments (``y_true``, ``y_pred``), which a reader of the plot
    never passed.

    Examples
    --------
    >>> with drawn_from("y", "candidates"):  # doctest: +ELLIPSIS
    ...     raise FloatRangeError("y_true and y_pred ...")
    Traceback (most recent call last):
    ...
    l1tutor._checks.FloatRangeError: y and candidates hold values too large to draw: ...
    """
    together = " and ".join(names)
    try:
        yield
    except FloatRangeError:
        raise FloatRangeError(
            f"{together} hold{'s' if len(names) == 1 else ''} values too large to draw: the "
            f"losses of them overflow the floating-point range (rescale {together})"
        ) from None


def drawable_text(value: object, name: str) -> str:
    """``value`` as a label matplotlib can draw: a string whose ``$...$`` math parses.

    Checked here because matplotlib only parses the math when the figure is drawn, long after
    the plot function returned.

    Examples
    --------
    >>> drawable_text("$w_1$", "xlabel")
    '$w_1$'
    >>> drawable_text("$x^$", "xlabel")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: xlabel is not valid mathtext: '$x^$' (...)
    """
    text = check_label(value, name)
    if text.count("$") >= 2 and text.count("$") % 2 == 0:
        try:
            MathTextParser("path").parse(text)
        except ValueError as exc:
            reason = str(exc).strip().splitlines()[-1]
            raise ValueError(f"{name} is not valid mathtext: {text!r} ({reason})") from None
    return text


def drawable_values(values: np.ndarray, name: str) -> np.ndarray:
    """``values`` if matplotlib can place them on an axis (autoscaling fails near 1e308)."""
    if values.size and float(np.abs(values).max()) > 1e300:
        raise ValueError(
            f"{name} holds values of size {float(np.abs(values).max()):.3g}, too large to draw "
            "on an axis (at most 1e300): rescale them"
        )
    return values
