"""Figures a reader can play with: frames drawn by matplotlib, played in the page by a few lines
of JavaScript, with no kernel, no CDN and nothing loaded from anywhere.

Each ``animate_*`` function takes results computed by the math modules (fits, iterate histories,
a Lasso path), draws one frame per result with matplotlib's ``FuncAnimation`` and
``Animation.to_jshtml``, and returns an :class:`AnimatedFigure`. Its rich display holds

* ``text/html``: an accessible player, with the frames embedded as PNG data URLs: alt text on the
  image, buttons with a visible glyph and word and an accessible name, a labelled slider whose
  value is read out as text (``aria-valuetext``), and a live line under the image that says
  what the frame shows, in numbers;
* ``image/png``: one frame (``still``), for the PDF edition, for print and wherever scripts do
  not run;
* ``text/plain``: the alt text and the line of every frame.

Why a player of our own around matplotlib's frames, and not the markup ``to_jshtml`` returns:
that markup draws its buttons with Font Awesome 4 icons (a font this site does not load, so they
would be empty boxes), gives the buttons no accessible names, the image no alt text and the
slider no label. Only its frames are kept, and they are re-encoded with a 64-colour palette
(line art has few colours), which makes them about four times smaller: an animation of 20 frames
stays under 300 kB in the page.

Unlike the other plotting helpers these take no ``ax``: an animation owns its figure (5.6 in
wide at 100 dpi, the book's style, drawn and closed here), and never shows it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from numpy.typing import ArrayLike
from PIL import Image

from l1tutor._checks import (
    as_float_array,
    check_finite,
    check_items,
    check_label,
    check_names,
    check_one_feature,
    check_pair,
    check_result,
    check_scalar,
)
from l1tutor.experiments.shrinkage import SHRINKAGE_METHODS, ShrinkageComparison
from l1tutor.plotting.robust import LABELS as FIT_LABELS
from l1tutor.plotting.shrinkage import _METHOD_STYLE
from l1tutor.plotting.style import COLORS, LINESTYLES, SMALLEST_TEXT_PT, use_book_style
from l1tutor.solvers.robust import RegressionResult
from l1tutor.solvers.sparse import LassoPath

__all__ = [
    "AnimatedFigure",
    "animate_lasso_path",
    "animate_outlier_drag",
    "animate_shrinkage_steps",
]

#: The book's figure width (inches) and resolution: 560 pixels, under MAX_FIGURE_WIDTH_PX.
_WIDTH_IN, _DPI = 5.6, 100
#: Colours kept per frame: anti-aliased line art needs few, and a palette PNG is ~4x smaller.
_PALETTE = 64
#: The most frames an animation may have: beyond this a page would outgrow its weight budget.
MAX_FRAMES = 40
#: How each method is named in the live text under a frame.
_FIT_NAMES = {"l2": "OLS", "l1": "LAD", "huber": "Huber"}
_METHOD_NAMES = {
    "subgradient_constant": "(a) subgradient",
    "subgradient_diminishing": "(b) subgradient, diminishing step",
    "proximal": "(c) proximal",
    "ridge": "(d) proximal, L2",
}
#: A frame of to_jshtml's markup: ``frames[3] = "data:image/png;base64,..."`` (base64 lines are
#: continued with a backslash, as JavaScript allows).
_JSHTML_FRAME = re.compile(r'frames\[(\d+)\]\s*=\s*"data:image/png;base64,([A-Za-z0-9+/=\\\s]*)"')
#: Player ids: unique within a session, so that two players on one page never share one, and
#: the same from one run of a notebook to the next, so that re-executing it changes no output.
_PLAYER_NUMBERS = itertools.count(1)


@dataclass(frozen=True, repr=False, eq=False)
class AnimatedFigure:
    """Frames of an animation with what each shows, displayed as an accessible HTML player.

    Returned by :func:`animate_outlier_drag`, :func:`animate_shrinkage_steps` and
    :func:`animate_lasso_path`. In Jupyter (and in the book, through MyST-NB) it displays as a
    player: the image of the current frame, a line of text that says what it shows, buttons
    (first, back, play or pause, next, last) and a slider over the frames. Where scripts do not
    run (a notebook not yet trusted, a static viewer) the page shows the ``still`` frame and its
    line; the PDF edition prints the ``still`` frame.

    Attributes
    ----------
    frames : tuple of bytes
        One PNG image per frame, all of the same size.
    captions : tuple of str
        What each frame shows, in numbers: the live line under the image.
    values : tuple of str
        The slider's value at each frame, read out by screen readers ("y = 40", "k = 3").
    numbers : tuple of dict of str to float
        The numbers each frame draws, as the math modules computed them (for tests and readers).
    alt : str
        Alt text of the image: what the figure draws, whatever the frame.
    slider_label : str
        The visible label of the slider: what it moves through.
    still : int
        The frame shown first, and the one in ``image/png``.
    interval_ms : int
        Milliseconds between frames while playing.
    """

    frames: tuple[bytes, ...]
    captions: tuple[str, ...]
    values: tuple[str, ...]
    numbers: tuple[dict[str, float], ...]
    alt: str
    slider_label: str
    still: int
    interval_ms: int = 600

    def __post_init__(self) -> None:
        n = len(self.frames)
        if n == 0:
            raise ValueError("frames must hold at least one PNG image, got none")
        for name in ("captions", "values", "numbers"):
            if len(getattr(self, name)) != n:
                raise ValueError(
                    f"{name} must have one entry per frame ({n}), got {len(getattr(self, name))}"
                )
        for i, frame in enumerate(self.frames):
            if not isinstance(frame, bytes) or not frame.startswith(b"\x89PNG\r\n\x1a\n"):
                raise ValueError(f"frames[{i}] is not a PNG image")
        check_scalar(self.still, "still", kind="int", low=0, high=n - 1)
        check_scalar(self.interval_ms, "interval_ms", kind="int", low=50, high=10_000)
        for name in ("alt", "slider_label"):
            if not check_label(getattr(self, name), name).strip():
                raise ValueError(f"{name} must be a non-empty text")

    @property
    def size(self) -> tuple[int, int]:
        """Width and height of the frames in pixels (read from the first PNG's header)."""
        header = self.frames[0][16:24]
        return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")

    def to_html(self) -> str:
        """The player: self-contained HTML (inline script, no external file), a fresh id each call.

        Examples
        --------
        >>> from l1tutor.experiments import compare_shrinkage
        >>> player = animate_shrinkage_steps(compare_shrinkage(0.3, 1.0, step=0.1), k_max=2)
        >>> markup = player.to_html()
        >>> "http" in markup, markup.count("<button"), markup.count('aria-label="')
        (False, 5, 6)
        >>> player.to_html() != markup  # two players on one page never share an id
        True
        """
        return _player_html(self, _player_id(self))

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        # IPython's rich display: the player for HTML, a still frame for PDF and print.
        return {
            "text/html": self.to_html(),
            "image/png": base64.b64encode(self.frames[self.still]).decode("ascii"),
            "text/plain": self._text(),
        }

    def _text(self) -> str:
        n = len(self.frames)
        lines = [f"Animated figure, {n} frames ({self.slider_label}). {self.alt}"]
        lines += [f"frame {i + 1} of {n}: {c}" for i, c in enumerate(self.captions)]
        return "\n".join(lines)

    def __repr__(self) -> str:
        width, height = self.size
        return f"<AnimatedFigure: {len(self.frames)} frames of {width}x{height} px>"


# --- recording frames ---------------------------------------------------------------------------


def _compact_png(data: bytes) -> bytes:
    """``data`` re-encoded with a palette of ``_PALETTE`` colours, without dithering (exact
    colours where there are few: the white background, the lines, the text)."""
    with Image.open(BytesIO(data)) as image:
        small = image.convert("RGB").quantize(
            colors=_PALETTE, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    out = BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _jshtml_frames(markup: str, count: int) -> tuple[bytes, ...]:
    r"""The PNG frames embedded in the markup of ``Animation.to_jshtml``, checked to be ``count``.

    Examples
    --------
    >>> _jshtml_frames('frames[0] = "data:image/png;base64,iVBO\\\nRw=="', 1)  # continued line
    (b'\x89PNG',)
    >>> _jshtml_frames("<div>no frames</div>", 2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    RuntimeError: expected 2 embedded PNG frames (frames[0] to frames[1]) ... found 0
    """
    found = _JSHTML_FRAME.findall(markup)
    if [int(i) for i, _ in found] != list(range(count)):
        # matplotlib drops frames beyond rcParams["animation.embed_limit"]; a changed markup
        # format would lose them all. Either way the player would not match its captions.
        raise RuntimeError(
            f"expected {count} embedded PNG frames (frames[0] to frames[{count - 1}]) in "
            f"to_jshtml's markup, found {len(found)}"
        )
    return tuple(base64.b64decode(re.sub(r"[\\\s]", "", data)) for _, data in found)


def _new_figure(height: float) -> Figure:
    return plt.figure(figsize=(_WIDTH_IN, height), dpi=_DPI, layout="constrained")


def _record(fig: Figure, update: Callable[[int], None], count: int) -> tuple[bytes, ...]:
    """Draw ``update(i)`` for every frame i with matplotlib's animation machinery; return PNGs.

    The layout is computed once, for the first frame, and then kept: a layout per frame would
    move the axes by a pixel whenever a label changes width, and the picture would jitter
    (and with no layout engine left, savefig draws each frame once instead of twice).
    """
    try:
        update(0)
        fig.canvas.draw()
        fig.set_layout_engine(None)
        animation = FuncAnimation(fig, update, frames=count, repeat=False)
        with mpl.rc_context({"savefig.dpi": "figure", "savefig.transparent": False}):
            # Only the frames are kept; to_jshtml's own player (and its fps) is not used.
            markup = animation.to_jshtml(fps=1, default_mode="once")
    finally:
        plt.close(fig)
    return tuple(_compact_png(frame) for frame in _jshtml_frames(markup, count))


def _check_still(still: object, count: int) -> int:
    """``still`` as an index into the frames (negative counts from the end, as in Python)."""
    index = check_scalar(still, "still", kind="int", low=-count, high=count - 1)
    return index % count


def _check_interval(interval_ms: object) -> int:
    return check_scalar(interval_ms, "interval_ms", kind="int", low=50, high=10_000)


# --- the player ---------------------------------------------------------------------------------


def _player_id(figure: AnimatedFigure) -> str:
    digest = hashlib.sha256()
    for frame in figure.frames:
        digest.update(frame)
    digest.update("\n".join(figure.captions).encode())
    return f"l1tutor-anim-{digest.hexdigest()[:10]}-{next(_PLAYER_NUMBERS)}"


def _js_strings(values: Sequence[str | None]) -> str:
    """A JavaScript array literal of ``values`` that cannot end the <script> element early."""
    text = json.dumps(list(values), ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_BUTTON_STYLE = (
    "font:inherit;min-height:2.5em;min-width:2.75em;padding:0.2em 0.6em;border:1px solid "
    "currentColor;border-radius:0.3em;background:transparent;color:inherit;cursor:pointer"
)
#: (action, glyph, visible word, accessible name). The name starts with the visible word, so
#: that a reader who says what they see ("click Next") reaches the button (WCAG 2.5.3). The
#: glyphs are in every common font and get the text presentation (U+FE0E), never an emoji.
_BUTTONS = (
    ("first", "\u00ab", "First", "First frame"),
    ("back", "\u2039", "Back", "Back one frame"),
    ("play", "\u25b6\ufe0e", "Play", "Play"),
    ("next", "\u203a", "Next", "Next frame"),
    ("last", "\u00bb", "Last", "Last frame"),
)

#: The player's behaviour. While it plays, the live line is switched off ("aria-live" off), so
#: that a screen reader does not announce every frame; stepping announces the frame reached.
_SCRIPT = """(function () {
  var root = document.getElementById(%(id)s);
  if (!root || root.getAttribute("data-ready")) return;
  root.setAttribute("data-ready", "1");
  var img = root.querySelector("img"), line = root.querySelector("[data-role=text]");
  var slider = root.querySelector("input"), play = root.querySelector("[data-action=play]");
  var frames = %(frames)s, texts = %(texts)s, values = %(values)s;
  frames[%(still)d] = img.getAttribute("src");
  var n = frames.length, at = %(still)d, timer = null;
  function show(i) {
    at = Math.max(0, Math.min(n - 1, i));
    img.setAttribute("src", frames[at]);
    line.textContent = texts[at];
    slider.value = String(at);
    slider.setAttribute("aria-valuetext", values[at]);
  }
  function label(word, glyph) {
    play.setAttribute("aria-label", word);
    play.firstChild.textContent = glyph;
    play.lastChild.textContent = " " + word;
  }
  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    label("Play", "\\u25b6\\ufe0e");
    line.setAttribute("aria-live", "polite");
  }
  function start() {
    if (at >= n - 1) show(0);
    label("Pause", "\\u275a\\u275a");
    line.setAttribute("aria-live", "off");
    timer = setInterval(function () { if (at >= n - 1) { stop(); } else { show(at + 1); } },
                        %(interval)d);
  }
  var steps = {first: function () { show(0); }, back: function () { show(at - 1); },
               next: function () { show(at + 1); }, last: function () { show(n - 1); }};
  root.querySelectorAll("button[data-action]").forEach(function (button) {
    button.addEventListener("click", function () {
      var action = button.getAttribute("data-action");
      if (action === "play") { if (timer === null) { start(); } else { stop(); } return; }
      stop();
      steps[action]();
    });
  });
  slider.addEventListener("input", function () { stop(); show(Number(slider.value)); });
  root.querySelectorAll("[data-role=controls]").forEach(function (e) { e.hidden = false; });
})();"""


def _player_html(figure: AnimatedFigure, uid: str) -> str:
    esc = html.escape
    width, height = figure.size
    n = len(figure.frames)
    frames = [
        None if i == figure.still else "data:image/png;base64," + base64.b64encode(f).decode()
        for i, f in enumerate(figure.frames)
    ]
    still_src = "data:image/png;base64," + base64.b64encode(figure.frames[figure.still]).decode()
    buttons = "".join(
        f'<button type="button" data-action="{action}" aria-label="{esc(name)}" '
        f'title="{esc(name)}" style="{_BUTTON_STYLE}"><span aria-hidden="true">{glyph}</span>'
        f"<span> {esc(word)}</span></button>"
        for action, glyph, word, name in _BUTTONS
    )
    script = _SCRIPT % {
        "id": json.dumps(uid),
        "frames": _js_strings(frames),
        "texts": _js_strings(figure.captions),
        "values": _js_strings(figure.values),
        "still": figure.still,
        "interval": figure.interval_ms,
    }
    return (
        f'<div class="l1tutor-animation" id="{uid}" role="group" '
        f'aria-label="{esc("Animated figure: " + figure.slider_label)}" '
        f'style="max-width:{width}px;margin:0 auto">'
        f'<img src="{still_src}" alt="{esc(figure.alt)}" width="{width}" height="{height}" '
        'style="display:block;max-width:100%;height:auto">'
        f'<p data-role="text" aria-live="polite" style="margin:0.5em 0">'
        f"{esc(figure.captions[figure.still])}</p>"
        # Hidden until the script runs: without it the buttons would do nothing.
        '<div data-role="controls" hidden>'
        '<div style="display:flex;flex-wrap:wrap;justify-content:center;gap:0.4em;'
        f'margin-bottom:0.4em">{buttons}</div>'
        f'<label for="{uid}-slider" style="display:block">{esc(figure.slider_label)}</label>'
        f'<input type="range" id="{uid}-slider" min="0" max="{n - 1}" step="1" '
        f'value="{figure.still}" aria-valuetext="{esc(figure.values[figure.still])}" '
        'style="width:100%;margin:0.3em 0">'
        "</div>"
        f"<script>{script}</script>"
        "</div>"
    )


# --- chapter 2: one outlier moved up and down ---------------------------------------------------


def _check_frame_fits(fits: object, count: int) -> list[list[RegressionResult]]:
    frames = check_items(fits, "fits", object)
    if len(frames) != count:
        raise ValueError(
            f"fits must hold one sequence of fits per outlier value ({count}), got {len(frames)}"
        )
    checked = []
    for i, frame in enumerate(frames):
        items = check_items(frame, f"fits[{i}]", RegressionResult)
        if not items:
            raise ValueError(f"fits[{i}] must hold at least one fit, got none")
        for k, fit in enumerate(items):
            check_result(fit, f"fits[{i}][{k}]", RegressionResult, allow_inf=("objective",))
            if fit.coef.shape != (1,):
                raise ValueError(
                    f"fits[{i}][{k}] must be a fit on one feature, got {fit.coef.size} coefficients"
                )
        checked.append(items)
    losses = [fit.loss for fit in checked[0]]
    for i, frame in enumerate(checked):
        if [fit.loss for fit in frame] != losses:
            raise ValueError(
                f"fits[{i}] must hold fits of the same losses as fits[0] ({losses}), got "
                f"{[fit.loss for fit in frame]}"
            )
    return checked


def animate_outlier_drag(
    X: ArrayLike,
    y: ArrayLike,
    outlier_values: ArrayLike,
    fits: Sequence[Sequence[RegressionResult]],
    *,
    outlier_x: float,
    true_line: tuple[float, float] | None = None,
    still: int = -1,
    interval_ms: int = 600,
) -> AnimatedFigure:
    r"""Animate one outlier moved along the y axis, with the lines fitted with it at each height.

    Frame i draws the points ``(X, y)``, the outlier at :math:`(x_o, v_i)` with
    :math:`x_o` = ``outlier_x`` and :math:`v_i` = ``outlier_values[i]``, and the lines of
    ``fits[i]``, fitted (by the caller, with :mod:`l1tutor.solvers`) to the points and the
    outlier at that height. The legend and the line under the frame give each fit's slope:
    "outlier at y = 40: OLS slope 2.31, LAD slope 1.99".

    Parameters
    ----------
    X : array_like of shape (n, 1)
        The single feature of the other points.
    y : array_like of shape (n,)
        Their targets.
    outlier_values : array_like of shape (m,)
        The outlier's y value in each frame (2 to ``MAX_FRAMES`` frames).
    fits : sequence of m sequences of RegressionResult
        ``fits[i]``: one-feature fits (e.g. ``least_squares`` and ``lad_regression``) of the
        points with the outlier at ``outlier_values[i]``, of the same losses in every frame.
    outlier_x : float
        The outlier's x value.
    true_line : (slope, intercept), optional
        The line that generated the points, drawn dotted grey.
    still : int, default -1
        The frame shown first and printed (negative counts from the end).
    interval_ms : int, default 600
        Milliseconds between frames while playing.

    Returns
    -------
    AnimatedFigure

    Examples
    --------
    >>> from l1tutor.solvers import lad_regression, least_squares
    >>> X, y = [[0.0], [1.0], [2.0], [3.0]], [0.0, 1.0, 2.0, 3.0]
    >>> values = [0.0, 20.0]
    >>> fits = [
    ...     [least_squares(X + [[4.0]], y + [v]), lad_regression(X + [[4.0]], y + [v])]
    ...     for v in values
    ... ]
    >>> player = animate_outlier_drag(X, y, values, fits, outlier_x=4.0)
    >>> print(*player.captions, sep="\n")
    outlier at y = 0: OLS slope 0.20, LAD slope 1.00
    outlier at y = 20: OLS slope 4.20, LAD slope 1.00
    """
    x, y = check_one_feature(X, y)
    values = as_float_array(outlier_values, "outlier_values")
    if values.ndim != 1 or not 2 <= values.size <= MAX_FRAMES:
        raise ValueError(
            f"outlier_values must be a 1-D array of 2 to {MAX_FRAMES} values (one per frame), "
            f"got shape {values.shape}"
        )
    check_finite(values, "outlier_values")
    frames = _check_frame_fits(fits, values.size)
    x_o = check_scalar(outlier_x, "outlier_x")
    if true_line is not None:
        true_line = check_pair(true_line, "true_line")
    still = _check_still(still, values.size)
    interval_ms = _check_interval(interval_ms)

    x_range = np.array([min(x.min(), x_o), max(x.max(), x_o)])
    ends = [fit.predict(x_range[:, None]) for frame in frames for fit in frame]
    low = min(y.min(), values.min(), *(e.min() for e in ends))
    high = max(y.max(), values.max(), *(e.max() for e in ends))
    pad = 0.06 * (high - low or 1.0)

    captions, numbers = [], []
    for v, frame in zip(values, frames, strict=True):
        slopes = ", ".join(f"{_FIT_NAMES[f.loss]} slope {f.coef[0]:.2f}" for f in frame)
        captions.append(f"outlier at y = {v:g}: {slopes}")
        record: dict[str, float] = {"outlier_y": float(v)}
        for fit in frame:
            record[f"slope_{fit.loss}"] = float(fit.coef[0])
            record[f"intercept_{fit.loss}"] = float(fit.intercept)
        numbers.append(record)

    with mpl.rc_context():
        use_book_style()
        fig = _new_figure(3.9)
        ax = fig.add_subplot()
        ax.plot(x, y, "o", color=COLORS["data"], ms=4, alpha=0.7, label="data")
        ax.plot(
            [x_o, x_o],
            [values.min(), values.max()],
            ":",
            color=COLORS["muted"],
            lw=1.5,
        )
        if true_line is not None:
            slope, intercept = true_line
            ax.plot(x_range, intercept + slope * x_range, ":", color=COLORS["muted"], lw=2)
        lines = [
            ax.plot(
                x_range,
                frames[0][k].predict(x_range[:, None]),
                color=COLORS[fit.loss],
                linestyle=LINESTYLES[fit.loss],
                lw=2.5,
                label=FIT_LABELS[fit.loss],
            )[0]
            for k, fit in enumerate(frames[0])
        ]
        (marker,) = ax.plot([x_o], [values[0]], "X", color=COLORS["accent"], ms=12, mec="white")
        ax.set_xlim(x_range[0] - 0.04 * np.ptp(x_range), x_range[1] + 0.04 * np.ptp(x_range))
        ax.set_ylim(low - pad, high + pad)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        legend = ax.legend(
            handles=lines, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=min(len(lines), 2)
        )

        def update(i: int) -> None:
            marker.set_ydata([values[i]])
            for k, (line, fit) in enumerate(zip(lines, frames[i], strict=True)):
                line.set_ydata(fit.predict(x_range[:, None]))
                legend.get_texts()[k].set_text(f"{FIT_LABELS[fit.loss]}: slope {fit.coef[0]:.2f}")

        pngs = _record(fig, update, values.size)
    names = " and ".join(FIT_LABELS[fit.loss] for fit in frames[0])
    alt = (
        f"Scatter of {x.size} black points and one orange cross, the outlier, at x = {x_o:g}, "
        f"with the lines fitted by {names}. The slider moves the outlier's y value from "
        f"{values[0]:g} to {values[-1]:g}; the legend and the line under the image give each "
        "fit's slope."
    )
    return AnimatedFigure(
        frames=pngs,
        captions=tuple(captions),
        values=tuple(f"y = {v:g}" for v in values),
        numbers=tuple(numbers),
        alt=alt,
        slider_label="The outlier's y value",
        still=still,
        interval_ms=interval_ms,
    )


# --- chapter 3: subgradient and proximal steps, one at a time -----------------------------------


def _check_methods(methods: object) -> list[str]:
    items = check_items(methods, "methods", str)
    if not 1 <= len(items) <= len(SHRINKAGE_METHODS) or len(set(items)) != len(items):
        raise ValueError(
            f"methods must name 1 to {len(SHRINKAGE_METHODS)} different methods, got {items}"
        )
    for i, method in enumerate(items):
        if method not in SHRINKAGE_METHODS:
            valid = ", ".join(repr(m) for m in SHRINKAGE_METHODS)
            raise ValueError(f"methods[{i}] must be one of {valid}, got {method!r}")
    return items


def _iterate_text(w: float, before: float | None) -> str:
    text = "exactly 0" if w == 0 else f"{w:+.4f}"
    if before is not None and before * w < 0:
        text += " (crossed 0)"
    return text


def animate_shrinkage_steps(
    comparison: ShrinkageComparison,
    *,
    methods: Sequence[str] = ("subgradient_constant", "proximal"),
    k_max: int = 20,
    coordinate: int | None = None,
    still: int = -1,
    interval_ms: int = 600,
) -> AnimatedFigure:
    r"""Animate iterates of several methods step by step, on the axis of one weight.

    Frame k (k = 0 to ``k_max``) draws, in one row per method, the iterate :math:`w_{k,j}` of
    ``comparison.runs[method]`` as a dot, the earlier iterates as faint dots and the last step
    as an arc from :math:`w_{k-1,j}`; dotted lines mark :math:`\pm\eta\lambda`, one step of the
    penalty. A run that stopped before k (its iterate repeated exactly, so every later one is
    the same) stays where it stopped. The line under the frame gives each iterate to 4 decimals,
    "exactly 0" when it is 0 and "(crossed 0)" when the step jumped over 0.

    Parameters
    ----------
    comparison : ShrinkageComparison
        From :func:`l1tutor.experiments.compare_shrinkage`.
    methods : sequence of str, default ("subgradient_constant", "proximal")
        Runs to show, from ``SHRINKAGE_METHODS``, top row first.
    k_max : int, default 20
        The last iteration shown: ``k_max + 1`` frames (at most ``MAX_FRAMES``).
    coordinate : int, optional
        The weight j shown; default the first whose minimiser is exactly 0 (else weight 0).
    still : int, default -1
        The frame shown first and printed (negative counts from the end).
    interval_ms : int, default 600
        Milliseconds between frames while playing.

    Returns
    -------
    AnimatedFigure

    Examples
    --------
    >>> from l1tutor.experiments import compare_shrinkage
    >>> player = animate_shrinkage_steps(compare_shrinkage(0.3, 1.0, step=0.1), k_max=4)
    >>> print(player.captions[4])
    iteration k = 4: (a) subgradient w = -0.0439 (crossed 0); (c) proximal w = exactly 0
    """
    check_result(comparison, "comparison", ShrinkageComparison)
    methods = _check_methods(methods)
    k_max = check_scalar(k_max, "k_max", kind="int", low=1, high=MAX_FRAMES - 1)
    d = comparison.minimiser.size
    if coordinate is None:
        zeros = np.flatnonzero(comparison.minimiser == 0)
        j = int(zeros[0]) if zeros.size else 0
    else:
        j = check_scalar(coordinate, "coordinate", kind="int", low=0, high=d - 1)
    still = _check_still(still, k_max + 1)
    interval_ms = _check_interval(interval_ms)

    runs = {m: comparison.runs[m] for m in methods}
    # paths[m][k]: the iterate shown at frame k (a stopped run keeps its last iterate).
    paths = {
        m: run.history[np.minimum(np.arange(k_max + 1), run.n_iter), j] for m, run in runs.items()
    }
    reach = comparison.step * comparison.lam
    target = float(comparison.minimiser[j])
    drawn = np.concatenate([*paths.values(), [0.0, -reach, reach, target]])
    left, right = float(drawn.min()), float(drawn.max())
    pad = 0.08 * (right - left or 1.0)

    captions, numbers = [], []
    for k in range(k_max + 1):
        parts = []
        record: dict[str, float] = {"k": float(k)}
        for m in methods:
            w = float(paths[m][k])
            before = float(paths[m][k - 1]) if 0 < k <= runs[m].n_iter else None
            text = f"{_METHOD_NAMES[m]} w = {_iterate_text(w, before)}"
            if k > runs[m].n_iter:
                text += f" (stopped at iteration {runs[m].n_iter}: the iterate repeats)"
            parts.append(text)
            record[m] = w
        captions.append(f"iteration k = {k}: " + "; ".join(parts))
        numbers.append(record)

    rows = {m: len(methods) - 1 - i for i, m in enumerate(methods)}
    with mpl.rc_context():
        use_book_style()
        fig = _new_figure(1.5 + 1.0 * len(methods))
        ax = fig.add_subplot()
        ax.axvline(0.0, color=COLORS["muted"], lw=1.0)
        for level, text in ((-reach, "−ηλ"), (reach, "+ηλ")):
            ax.axvline(level, color=COLORS["muted"], lw=0.9, linestyle=":")
            ax.text(
                level,
                0.02,
                text,
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="bottom",
                color=COLORS["muted"],
                fontsize=SMALLEST_TEXT_PT,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
            )
        if target != 0.0:
            ax.axvline(target, color=COLORS["data"], lw=1.0, linestyle="--")
        artists: dict[str, tuple[Any, Any, FancyArrowPatch, Any]] = {}
        for m in methods:
            label, color, _ = _METHOD_STYLE[m]
            row = rows[m]
            ax.text(
                0.01,
                row + 0.32,
                label,
                transform=ax.get_yaxis_transform(),
                color=color,
                fontsize=SMALLEST_TEXT_PT,
                va="bottom",
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
                zorder=5,
            )
            (trail,) = ax.plot([], [], "o", color=color, ms=5, alpha=0.3)
            (dot,) = ax.plot([], [], "o", color=color, ms=10, mec="white", zorder=4)
            arc = FancyArrowPatch(
                (0, row),
                (0, row),
                arrowstyle="-|>",
                mutation_scale=14,
                color=color,
                lw=1.5,
                connectionstyle="arc3,rad=-0.35",
                shrinkA=4,
                shrinkB=6,
                zorder=3,
            )
            ax.add_patch(arc)
            note = ax.text(
                0, row - 0.22, "", color=color, ha="center", va="top", fontsize=SMALLEST_TEXT_PT
            )
            artists[m] = (trail, dot, arc, note)
        title = ax.set_title("", loc="left")
        ax.set_xlim(left - pad, right + pad)
        ax.set_ylim(-0.9, len(methods) - 0.2)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.grid(False, axis="y")
        ax.set_xlabel("weight w" if d == 1 else f"weight w[{j}]")

        def update(k: int) -> None:
            title.set_text(f"iteration k = {k}")
            for m in methods:
                trail, dot, arc, note = artists[m]
                row, path = rows[m], paths[m]
                trail.set_data(path[:k], np.full(k, row))
                dot.set_data([path[k]], [row])
                moved = 0 < k <= runs[m].n_iter and path[k] != path[k - 1]
                arc.set_visible(bool(moved))
                if moved:
                    arc.set_positions((path[k - 1], row), (path[k], row))
                note.set_position((path[k], row - 0.22))
                note.set_text("exactly 0" if path[k] == 0 else "")

        pngs = _record(fig, update, k_max + 1)
    names = " and ".join(_METHOD_STYLE[m][0] for m in methods)
    alt = (
        f"Rows of points on the weight axis, one per method: {names}. Each frame shows the "
        "iterate after k steps as a large dot, the earlier iterates as faint dots and the last "
        f"step as an arc; dotted lines mark one penalty step, plus and minus {reach:g}, around 0."
    )
    return AnimatedFigure(
        frames=pngs,
        captions=tuple(captions),
        values=tuple(f"k = {k}" for k in range(k_max + 1)),
        numbers=tuple(numbers),
        alt=alt,
        slider_label="Iteration k",
        still=still,
        interval_ms=interval_ms,
    )


# --- chapter 4: the Lasso path, one alpha at a time ---------------------------------------------


def _path_frames(path: LassoPath, n_frames: int | None) -> np.ndarray:
    """Grid indices to show: the first and last alpha, every change of the support, and (up to
    ``n_frames``) alphas spread evenly over the rest of the grid."""
    m = path.alphas.size
    must = {0, m - 1} | {int(np.flatnonzero(path.alphas == e.alpha)[0]) for e in path.events}
    if n_frames is None:
        return np.array(sorted(must))
    n_frames = check_scalar(n_frames, "n_frames", kind="int", low=2, high=min(m, MAX_FRAMES))
    if n_frames < len(must):
        raise ValueError(
            f"n_frames must be at least {len(must)}, the first and last alpha and one frame per "
            f"change of the support, got {n_frames}"
        )
    rest = np.array(sorted(set(range(m)) - must), dtype=int)
    extra = n_frames - len(must)
    fill = rest[np.round(np.linspace(0, rest.size - 1, extra)).astype(int)] if extra else []
    return np.array(sorted(must | {int(i) for i in fill}))


def _event_text(kind: str, name: str) -> str:
    return {"enter": f"{name} enters", "leave": f"{name} drops to 0"}.get(
        kind, f"{name} changes sign"
    )


def animate_lasso_path(
    path: LassoPath,
    *,
    feature_names: Sequence[str] | None = None,
    n_frames: int | None = 20,
    still: int = -1,
    interval_ms: int = 700,
) -> AnimatedFigure:
    """Animate a Lasso path as alpha decreases: one bar per coefficient, entering one by one.

    Each frame draws the coefficients ``path.coefs[:, i]`` at one alpha of the path's grid as
    horizontal bars (features in the order they first enter, top first; an exact 0 has no bar
    and a grey "0"). The frames are the first and the last alpha, every alpha where the support
    changes (``path.events``), and alphas spread evenly over the rest of the grid up to
    ``n_frames``. The line under the frame gives alpha, the nonzero coefficients (2 decimals)
    and what changed since the previous frame.

    Parameters
    ----------
    path : LassoPath
        From :func:`~l1tutor.solvers.lasso_path`.
    feature_names : sequence of str, optional
        One name per feature; default ``x0``, ``x1``, ...
    n_frames : int or None, default 20
        Number of frames, at least the number of support changes plus 2 and at most
        ``MAX_FRAMES``; None shows only the first and last alpha and the changes.
    still : int, default -1
        The frame shown first and printed (negative counts from the end).
    interval_ms : int, default 700
        Milliseconds between frames while playing.

    Returns
    -------
    AnimatedFigure

    Examples
    --------
    >>> from l1tutor.solvers import lasso_path
    >>> X = [[1.0, 0.5], [2.0, -1.0], [3.0, 1.0], [4.0, 0.0]]
    >>> path = lasso_path(X, [1.0, 2.0, 3.0, 4.0], n_alphas=10)
    >>> player = animate_lasso_path(path, feature_names=["a", "b"], n_frames=None)
    >>> len(player.frames), player.captions[1]
    (3, 'α = 0.58: 1 of 2 coefficients nonzero: a +0.54; a enters')
    """
    check_result(path, "path", LassoPath)
    p = path.coefs.shape[0]
    names = (
        [f"x{j}" for j in range(p)]
        if feature_names is None
        else check_names(feature_names, "feature_names", p)
    )
    if path.alphas.size < 2:
        raise ValueError(f"path must hold at least 2 alphas to animate, got {path.alphas.size}")
    shown = _path_frames(path, n_frames)
    count = shown.size
    if count > MAX_FRAMES:
        raise ValueError(
            f"path changes its support too often to show each change in at most {MAX_FRAMES} "
            f"frames ({count} needed): pass a path on fewer alphas"
        )
    still = _check_still(still, count)
    interval_ms = _check_interval(interval_ms)

    entered = [int(j) for j in path.entry_order]
    order = entered + [j for j in range(p) if j not in entered]
    rows = {j: p - 1 - r for r, j in enumerate(order)}  # the first to enter on top
    coefs = path.coefs[:, shown]
    largest = float(np.abs(coefs).max()) or 1.0

    captions, numbers = [], []
    events = path.events
    for i, index in enumerate(shown):
        alpha = float(path.alphas[index])
        upper = np.inf if i == 0 else float(path.alphas[shown[i - 1]])
        nonzero = [j for j in order if coefs[j, i] != 0]
        text = f"α = {alpha:.2f}: {len(nonzero)} of {p} coefficients nonzero"
        if nonzero:
            text += ": " + ", ".join(f"{names[j]} {coefs[j, i]:+.2f}" for j in nonzero)
        changes = [
            _event_text(e.kind, names[e.feature]) for e in events if upper > e.alpha >= alpha
        ]
        if changes:
            text += "; " + ", ".join(changes)
        captions.append(text)
        record = {"alpha": alpha, "n_nonzero": float(len(nonzero))}
        record.update({f"coef[{names[j]}]": float(coefs[j, i]) for j in range(p)})
        numbers.append(record)

    with mpl.rc_context():
        use_book_style()
        fig = _new_figure(1.6 + 0.3 * p)
        ax = fig.add_subplot()
        positions = [rows[j] for j in range(p)]
        bars = ax.barh(positions, coefs[:, 0], height=0.62, color=COLORS["l1"])
        zeros = [
            ax.text(
                0,
                rows[j],
                " 0",
                color=COLORS["muted"],
                va="center",
                ha="left",
                fontsize=SMALLEST_TEXT_PT,
            )
            for j in range(p)
        ]
        ax.axvline(0.0, color=COLORS["data"], lw=0.8)
        ax.set_yticks(positions, names)
        ax.set_ylim(-0.6, p - 0.4)
        ax.set_xlim(-1.08 * largest, 1.08 * largest)
        ax.grid(False, axis="y")
        ax.set_xlabel("Lasso coefficient")
        title = ax.set_title("", loc="left")

        def update(i: int) -> None:
            alpha = float(path.alphas[shown[i]])
            title.set_text(f"α = {alpha:.2f}: {np.count_nonzero(coefs[:, i])} of {p} nonzero")
            for j in range(p):
                bars[j].set_width(coefs[j, i])
                zeros[j].set_visible(bool(coefs[j, i] == 0))

        pngs = _record(fig, update, count)
    alt = (
        f"Horizontal bars, one per feature ({', '.join(names[j] for j in order)}, top to "
        "bottom), giving the Lasso coefficients at one alpha of the path; a coefficient that is "
        "exactly 0 has no bar and a grey 0. The slider steps alpha down from "
        f"{path.alphas[shown[0]]:.2f} to {path.alphas[shown[-1]]:.2f}, and the features enter "
        "one by one."
    )
    return AnimatedFigure(
        frames=pngs,
        captions=tuple(captions),
        values=tuple(f"α = {path.alphas[i]:.2f}" for i in shown),
        numbers=tuple(numbers),
        alt=alt,
        slider_label="Penalty α, decreasing",
        still=still,
        interval_ms=interval_ms,
    )
