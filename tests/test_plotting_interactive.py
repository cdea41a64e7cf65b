"""Tests for l1tutor.plotting.interactive: the animations draw the math modules' numbers, and
their player is self-contained, accessible, small and unique on a page."""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from html.parser import HTMLParser
from io import BytesIO

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.animation import FuncAnimation
from PIL import Image

from l1tutor.datasets import line_with_outliers, load_diabetes
from l1tutor.experiments import compare_shrinkage
from l1tutor.plotting import (
    animate_lasso_path,
    animate_outlier_drag,
    animate_shrinkage_steps,
)
from l1tutor.plotting.interactive import MAX_FRAMES, _jshtml_frames
from l1tutor.plotting.style import MAX_FIGURE_WIDTH_PX
from l1tutor.solvers import lad_regression, lasso_path, least_squares

#: The page-weight budget of one animation (its whole player markup), in bytes.
BUDGET = 300_000


def _drag_data(n_values: int = 21):
    X, y, slope, intercept, _ = line_with_outliers(20, outlier_fraction=0.0, seed=0)
    values = np.linspace(-40.0, 80.0, n_values)
    fits = []
    for value in values:
        X_with, y_with = np.vstack([X, [[9.5]]]), np.append(y, value)
        fits.append((least_squares(X_with, y_with), lad_regression(X_with, y_with)))
    return X, y, values, fits, (slope, intercept)


# The chapters' three animations, as the chapters make them.
@pytest.fixture(scope="module")
def drag():
    X, y, values, fits, line = _drag_data()
    player = animate_outlier_drag(X, y, values, fits, outlier_x=9.5, true_line=line)
    return player, X, y, values


@pytest.fixture(scope="module")
def scalar():
    return compare_shrinkage(0.3, 1.0, step=0.1, max_iter=300)


@pytest.fixture(scope="module")
def steps(scalar):
    return animate_shrinkage_steps(scalar, k_max=20)


@pytest.fixture(scope="module")
def diabetes_path():
    data = load_diabetes()
    return lasso_path(data.X, data.y, n_alphas=300), data.feature_names


@pytest.fixture(scope="module")
def path_player(diabetes_path):
    path, names = diabetes_path
    return animate_lasso_path(path, feature_names=names, n_frames=20)


@pytest.fixture(scope="module")
def players(drag, steps, path_player):
    return {"outlier drag": drag[0], "shrinkage steps": steps, "lasso path": path_player}


@pytest.fixture(scope="module")
def tiny():
    """A cheap player for the markup tests."""
    return animate_shrinkage_steps(compare_shrinkage(0.3, 1.0, step=0.1, max_iter=20), k_max=2)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


class _Markup(HTMLParser):
    """The elements of a player's markup, with their attributes and visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.buttons: list[tuple[dict[str, str], str]] = []  # attributes, visible text
        self.labels: list[tuple[dict[str, str], str]] = []
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self._hidden_depth = 0
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        self.elements.append((tag, values))
        if tag in ("img", "input"):
            return  # void elements
        if values.get("aria-hidden") == "true":
            self._hidden_depth += 1
        self._open.append((tag, values, []))

    def handle_endtag(self, tag):
        name, values, text = self._open.pop()
        assert name == tag, f"<{name}> closed by </{tag}>"
        if values.get("aria-hidden") == "true":
            self._hidden_depth -= 1
        joined = "".join(text).strip()
        if tag == "button":
            self.buttons.append((values, joined))
        elif tag == "label":
            self.labels.append((values, joined))
        elif tag == "script":
            self.scripts.append("".join(text))
        if self._open:
            self._open[-1][2].append("".join(text))

    def handle_data(self, data):
        if self._open and (self._hidden_depth == 0 or self._open[-1][0] == "script"):
            self._open[-1][2].append(data)


def _parse(markup: str) -> _Markup:
    parser = _Markup()
    parser.feed(markup)
    parser.close()
    assert not parser._open, "unclosed elements"
    return parser


def _png_size(data: bytes) -> tuple[int, int]:
    with Image.open(BytesIO(data)) as image:
        return image.size


# --- frames and their numbers ------------------------------------------------------------------


def test_frame_counts_are_one_per_result(players, drag):
    assert len(players["outlier drag"].frames) == len(drag[3]) == 21
    assert len(players["shrinkage steps"].frames) == 21  # k = 0 to 20
    assert len(players["lasso path"].frames) == 20
    for name, player in players.items():
        n = len(player.frames)
        assert len(player.captions) == len(player.values) == len(player.numbers) == n, name
        assert len(set(player.frames)) == n, f"{name}: two frames are the same picture"


def test_frames_are_pngs_of_the_book_width(players):
    for name, player in players.items():
        sizes = {_png_size(frame) for frame in player.frames}
        assert len(sizes) == 1, f"{name}: frames of different sizes {sizes}"
        width, _ = sizes.pop()
        assert width == 560 <= MAX_FIGURE_WIDTH_PX, name  # 5.6 in at 100 dpi
        assert player.size == _png_size(player.frames[0])


def test_outlier_drag_shows_the_solvers_fits(drag):
    player, X, y, values = drag
    for value, numbers, caption in zip(values, player.numbers, player.captions, strict=True):
        X_with, y_with = np.vstack([X, [[9.5]]]), np.append(y, value)
        lad, ols = lad_regression(X_with, y_with), least_squares(X_with, y_with)
        assert numbers["outlier_y"] == value
        assert numbers["slope_l1"] == lad.coef[0] and numbers["intercept_l1"] == lad.intercept
        assert numbers["slope_l2"] == ols.coef[0] and numbers["intercept_l2"] == ols.intercept
        assert caption == (
            f"outlier at y = {value:g}: OLS slope {ols.coef[0]:.2f}, LAD slope {lad.coef[0]:.2f}"
        )
    ols_slopes = [n["slope_l2"] for n in player.numbers]
    lad_slopes = [n["slope_l1"] for n in player.numbers]
    assert np.ptp(ols_slopes) > 2.0 > 0.1 > np.ptp(lad_slopes)  # OLS swings, LAD barely moves


def test_outlier_drag_draws_the_fits_it_is_given_and_computes_none():
    X, y, values, fits, _ = _drag_data(3)
    edited = [(dataclasses.replace(ols, coef=np.array([7.0])), lad) for ols, lad in fits]
    player = animate_outlier_drag(X, y, values, edited, outlier_x=9.5)
    assert all("OLS slope 7.00" in caption for caption in player.captions)
    assert [n["slope_l2"] for n in player.numbers] == [7.0, 7.0, 7.0]


def test_shrinkage_steps_show_the_runs_iterates(steps, scalar):
    for k, numbers in enumerate(steps.numbers):
        for method in ("subgradient_constant", "proximal"):
            run = scalar.runs[method]
            assert numbers[method] == run.history[min(k, run.n_iter), 0]
    prox_stop = scalar.runs["proximal"].n_iter
    assert steps.captions[0] == (
        "iteration k = 0: (a) subgradient w = +0.3000; (c) proximal w = +0.3000"
    )
    assert steps.captions[-1].endswith(
        f"(c) proximal w = exactly 0 (stopped at iteration {prox_stop}: the iterate repeats)"
    )
    crossed = [c for c in steps.captions if "(a) subgradient w = " in c and "(crossed 0)" in c]
    assert len(crossed) >= 5  # the constant step keeps jumping over 0


def test_shrinkage_steps_other_methods_and_coordinate():
    X = np.eye(3)
    comparison = compare_shrinkage([0.3, -0.8, 2.0], 1.0, X=X, step=0.1, max_iter=30)
    player = animate_shrinkage_steps(
        comparison, methods=("ridge", "subgradient_diminishing"), k_max=3, coordinate=2
    )
    assert player.numbers[3]["ridge"] == comparison.runs["ridge"].history[3, 2]
    assert "(d) proximal, L2" in player.captions[0]
    assert "(b) subgradient, diminishing step" in player.captions[0]


def test_lasso_path_frames_hold_every_change_of_the_support(path_player, diabetes_path):
    path, names = diabetes_path
    alphas = [n["alpha"] for n in path_player.numbers]
    assert alphas == sorted(alphas, reverse=True)
    assert alphas[0] == path.alphas[0] and alphas[-1] == path.alphas[-1]
    assert {e.alpha for e in path.events} <= set(alphas)
    for numbers in path_player.numbers:
        i = int(np.flatnonzero(path.alphas == numbers["alpha"])[0])
        coefs = [numbers[f"coef[{name}]"] for name in names]
        np.testing.assert_array_equal(coefs, path.coefs[:, i])
        assert numbers["n_nonzero"] == path.n_nonzero[i]
    captions = " ".join(path_player.captions)
    for e in path.events:
        word = {"enter": "enters", "leave": "drops to 0"}[e.kind]
        assert f"{names[e.feature]} {word}" in captions
    first = path_player.captions[alphas.index(path.entry_alphas[path.entry_order[0]])]
    assert first.endswith(f"1 of 10 coefficients nonzero: bmi {path.coefs[2, 1]:+.2f}; bmi enters")


def test_lasso_path_events_only():
    X = [[1.0, 0.5], [2.0, -1.0], [3.0, 1.0], [4.0, 0.0]]
    path = lasso_path(X, [1.0, 2.0, 3.0, 4.0], n_alphas=10)
    player = animate_lasso_path(path, n_frames=None)
    assert len(player.frames) == 2 + len(path.events)
    assert player.captions[0] == f"α = {path.alphas[0]:.2f}: 0 of 2 coefficients nonzero"
    assert "x0 enters" in player.captions[1]


def test_frames_are_deterministic(tiny):
    again = animate_shrinkage_steps(compare_shrinkage(0.3, 1.0, step=0.1, max_iter=20), k_max=2)
    assert again.frames == tiny.frames and again.captions == tiny.captions


# --- the player --------------------------------------------------------------------------------


def test_player_loads_nothing_from_anywhere(players):
    for name, player in players.items():
        markup = player.to_html()
        sources = re.findall(r'\bsrc="([^"]*)"', markup)
        assert sources and all(s.startswith("data:image/png;base64,") for s in sources), name
        # Without the frames' base64 (whose alphabet has "/"), nothing looks like an address.
        text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "DATA", markup)
        for pattern in ("http", "//", "<link", "@import", "url(", "href"):
            assert pattern not in text.lower(), f"{name}: {pattern}"
        assert 'class="fa' not in markup and "font-awesome" not in markup.lower(), name
        parsed = _parse(markup)
        assert [tag for tag, attrs in parsed.elements if tag == "script" and "src" in attrs] == []


def test_player_markup_is_accessible(players):
    for name, player in players.items():
        parsed = _parse(player.to_html())
        images = [attrs for tag, attrs in parsed.elements if tag == "img"]
        assert len(images) == 1 and images[0]["alt"] == player.alt and len(player.alt) > 40
        assert images[0]["width"] == "560", name
        assert len(parsed.buttons) == 5, name
        for attrs, visible in parsed.buttons:
            assert attrs["type"] == "button"
            assert visible and visible.isascii(), f"{name}: a button without a visible word"
            # The accessible name starts with the visible word (WCAG 2.5.3, label in name).
            assert attrs["aria-label"].startswith(visible), (attrs, visible)
        glyphs = re.findall(r'<span aria-hidden="true">([^<]+)</span>', player.to_html())
        assert len(glyphs) == 5 and all(g.strip() for g in glyphs)
        (slider,) = [attrs for tag, attrs in parsed.elements if tag == "input"]
        assert slider["type"] == "range" and slider["max"] == str(len(player.frames) - 1)
        assert slider["aria-valuetext"] == player.values[player.still]
        labels = [text for attrs, text in parsed.labels if attrs.get("for") == slider["id"]]
        assert labels == [player.slider_label], name
        live = [attrs for _, attrs in parsed.elements if "aria-live" in attrs]
        assert len(live) == 1 and live[0]["aria-live"] == "polite"
        assert player.captions[player.still] in player.to_html()  # readable without a script


def test_player_ids_are_unique_for_two_players_on_a_page(drag, tiny):
    page = drag[0].to_html() + tiny.to_html() + tiny.to_html()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) == 6  # a root and a slider per player
    roots = [i for i in ids if not i.endswith("-slider")]
    for root, script in zip(roots, _parse(page).scripts, strict=True):
        assert f'document.getElementById("{root}")' in script  # each script drives its own


def test_player_script_carries_every_frame_and_caption(tiny):
    (script,) = _parse(tiny.to_html()).scripts
    arrays = re.search(r"var frames = (.*), texts = (.*), values = (.*);\n", script)
    frames, texts, values = (json.loads(group) for group in arrays.groups())
    # The still frame is in the <img> only; the script takes it from there.
    assert frames[tiny.still] is None
    assert [base64.b64decode(f.split(",")[1]) for f in frames if f] == [
        f for i, f in enumerate(tiny.frames) if i != tiny.still
    ]
    assert texts == list(tiny.captions) and values == list(tiny.values)


def test_text_cannot_break_out_of_the_markup(tiny):
    evil = dataclasses.replace(
        tiny,
        captions=("</script><b>x</b> & y",) * len(tiny.frames),
        alt='a "quoted" <alt>',
        slider_label="<k>",
    )
    markup = evil.to_html()
    assert markup.count("</script>") == 1 and "<b>" not in markup and "<k>" not in markup
    assert 'alt="a &quot;quoted&quot; &lt;alt&gt;"' in markup


def test_rich_display_holds_the_player_a_still_png_and_text(drag):
    player = drag[0]
    bundle = player._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]) == player.frames[-1]  # still=-1 by default
    assert 'class="l1tutor-animation"' in bundle["text/html"]
    lines = bundle["text/plain"].splitlines()
    assert lines[0].startswith("Animated figure, 21 frames") and player.alt in lines[0]
    assert lines[1:] == [f"frame {i + 1} of 21: {c}" for i, c in enumerate(player.captions)]
    assert repr(player) == "<AnimatedFigure: 21 frames of 560x390 px>"


def test_still_frame_is_the_one_shown_first():
    X, y, values, fits, _ = _drag_data(3)
    player = animate_outlier_drag(X, y, values, fits, outlier_x=9.5, still=0)
    assert player.still == 0
    assert base64.b64encode(player.frames[0]).decode() in re.search(
        r'<img src="([^"]+)"', player.to_html()
    ).group(1)


def test_every_animation_stays_within_the_page_budget(players, report_line):
    sizes = {name: len(player.to_html().encode()) for name, player in players.items()}
    report_line(
        "animated figures: "
        + ", ".join(f"{name} {size / 1000:.0f} kB" for name, size in sizes.items())
        + f" (budget {BUDGET / 1000:.0f} kB each)"
    )
    for name, size in sizes.items():
        assert size <= BUDGET, f"{name}: {size} bytes"


# --- the frames of to_jshtml -------------------------------------------------------------------


def test_frames_are_read_from_matplotlibs_jshtml_markup():
    fig, ax = plt.subplots(figsize=(2, 1), dpi=50)
    (line,) = ax.plot([0, 1], [0, 0])
    animation = FuncAnimation(fig, lambda i: line.set_ydata([0, i]), frames=3)
    markup = animation.to_jshtml()
    frames = _jshtml_frames(markup, 3)
    assert len(frames) == 3 and all(f.startswith(b"\x89PNG\r\n\x1a\n") for f in frames)
    assert _png_size(frames[0]) == (100, 50)
    assert len(set(frames)) == 3
    with pytest.raises(RuntimeError, match="expected 4 embedded PNG frames"):
        _jshtml_frames(markup, 4)  # one missing, as when the embed limit drops frames
    with pytest.raises(RuntimeError, match="found 2"):
        _jshtml_frames(re.sub(r"frames\[1\]", "frame_one", markup), 3)


# --- bad arguments -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_drag():
    X, y, values, fits, _ = _drag_data(3)
    return X, y, values, fits


@pytest.mark.parametrize(
    ("change", "exc", "message"),
    [
        ({"outlier_values": [1.0]}, ValueError, "outlier_values must be a 1-D array of 2 to 40"),
        ({"outlier_values": np.zeros((3, 1))}, ValueError, "outlier_values must be a 1-D array"),
        ({"outlier_values": [0.0, np.nan, 1.0]}, ValueError, "outlier_values"),
        ({"fits": "fits"}, TypeError, "fits must be a list"),
        ({"fits": [[1.0]] * 3}, TypeError, r"fits\[0\]\[0\] must be a RegressionResult"),
        ({"fits": [[]] * 3}, ValueError, r"fits\[0\] must hold at least one fit"),
        ({"outlier_x": "9"}, TypeError, "outlier_x must be a real number"),
        ({"outlier_x": np.inf}, ValueError, "outlier_x"),
        ({"true_line": (1.0,)}, ValueError, "true_line"),
        ({"still": 3}, ValueError, "still must be an integer between -3 and 2"),
        ({"still": 1.0}, TypeError, "still must be an integer"),
        ({"interval_ms": 10}, ValueError, "interval_ms must be an integer between 50 and 10000"),
        ({"X": [[0.0, 1.0]]}, ValueError, r"X must have shape \(n, 1\)"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_outlier_drag_refuses_bad_arguments(small_drag, change, exc, message):
    X, y, values, fits = small_drag
    args = {"X": X, "y": y, "outlier_values": values, "fits": fits, "outlier_x": 9.5} | change
    with pytest.raises(exc, match=message):
        animate_outlier_drag(
            args.pop("X"), args.pop("y"), args.pop("outlier_values"), args.pop("fits"), **args
        )


def test_outlier_drag_refuses_fits_that_do_not_match_the_frames(small_drag):
    X, y, values, fits = small_drag
    with pytest.raises(
        ValueError, match=r"fits must hold one sequence of fits per outlier value \(3\), got 2"
    ):
        animate_outlier_drag(X, y, values, fits[:2], outlier_x=9.5)
    mixed = [fits[0], fits[1][::-1], fits[2]]
    with pytest.raises(
        ValueError, match=r"fits\[1\] must hold fits of the same losses as fits\[0\]"
    ):
        animate_outlier_drag(X, y, values, mixed, outlier_x=9.5)
    two = least_squares(np.hstack([X, X]), y)
    with pytest.raises(ValueError, match=r"fits\[0\]\[0\] must be a fit on one feature"):
        animate_outlier_drag(X, y, values, [(two,)] * 3, outlier_x=9.5)
    broken = dataclasses.replace(fits[0][0], coef=np.array([np.nan]))
    with pytest.raises(ValueError, match=r"fits\[0\]\[0\].coef holds NaN"):
        animate_outlier_drag(X, y, values, [(broken,)] + [(f[0],) for f in fits[1:]], outlier_x=9.5)


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"methods": ("proximal", "newton")}, ValueError, r"methods\[1\] must be one of"),
        ({"methods": ()}, ValueError, "methods must name 1 to 4 different methods"),
        ({"methods": ("proximal", "proximal")}, ValueError, "methods must name 1 to 4 different"),
        ({"methods": "proximal"}, TypeError, "methods must be a list of str"),
        ({"k_max": 0}, ValueError, "k_max must be an integer between 1 and 39"),
        ({"k_max": MAX_FRAMES}, ValueError, "k_max must be an integer between 1 and 39"),
        ({"k_max": 2.5}, TypeError, "k_max must be an integer"),
        ({"coordinate": 1}, ValueError, "coordinate must be an integer between 0 and 0"),
        ({"still": -30}, ValueError, "still must be an integer between -21 and 20"),
        ({"interval_ms": "fast"}, TypeError, "interval_ms must be an integer"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_shrinkage_steps_refuse_bad_arguments(scalar, kwargs, exc, message):
    with pytest.raises(exc, match=message):
        animate_shrinkage_steps(scalar, **kwargs)


def test_shrinkage_steps_refuse_a_result_of_another_kind(path_player):
    with pytest.raises(TypeError, match="comparison must be a ShrinkageComparison, got tuple"):
        animate_shrinkage_steps((1.0, 2.0))


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"n_frames": 5}, ValueError, "n_frames must be at least 14, the first and last alpha"),
        ({"n_frames": 41}, ValueError, "n_frames must be an integer between 2 and 40"),
        ({"n_frames": "all"}, TypeError, "n_frames must be an integer"),
        (
            {"feature_names": ["a", "b"]},
            ValueError,
            r"feature_names must have one name per feature \(10\)",
        ),
        ({"feature_names": "abcdefghij"}, TypeError, "feature_names must be a list of str"),
        ({"still": 20}, ValueError, "still must be an integer between -20 and 19"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_lasso_path_refuses_bad_arguments(diabetes_path, kwargs, exc, message):
    path, names = diabetes_path
    with pytest.raises(exc, match=message):
        animate_lasso_path(path, **({"feature_names": names} | kwargs))


def test_lasso_path_refuses_a_result_of_another_kind(diabetes_path):
    path, _ = diabetes_path
    with pytest.raises(TypeError, match="path must be a LassoPath"):
        animate_lasso_path(path.coefs)
    one = dataclasses.replace(
        path,
        alphas=path.alphas[:1],
        coefs=path.coefs[:, :1],
        intercepts=path.intercepts[:1],
        n_iter=path.n_iter[:1],
        converged=path.converged[:1],
        duality_gaps=path.duality_gaps[:1],
        kkt_violations=path.kkt_violations[:1],
    )
    with pytest.raises(ValueError, match="path must hold at least 2 alphas to animate, got 1"):
        animate_lasso_path(one)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"captions": ()}, r"captions must have one entry per frame \(3\), got 0"),
        ({"frames": (b"GIF89a",) * 3}, r"frames\[0\] is not a PNG image"),
        ({"frames": ()}, "frames must hold at least one PNG image"),
        ({"still": 3}, "still must be an integer between 0 and 2"),
        ({"alt": "  "}, "alt must be a non-empty text"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_animated_figure_checks_what_it_holds(tiny, change, message):
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(tiny, **change)
