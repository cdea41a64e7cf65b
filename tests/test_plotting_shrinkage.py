"""Tests for l1tutor.plotting.shrinkage: the figures draw the numbers of the math modules."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from l1tutor.experiments import compare_shrinkage, small_regression
from l1tutor.plotting import (
    COLORS,
    plot_gradient_field,
    plot_iterate_magnitudes,
    plot_iterates,
    plot_penalty_gradients,
)


@pytest.fixture(scope="module")
def scalar():
    return compare_shrinkage(0.3, 1.0, step=0.1, max_iter=60)


@pytest.fixture(scope="module")
def regression():
    X, y, _ = small_regression(seed=0)
    return compare_shrinkage(y, 5.0, X=X, max_iter=300)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_penalty_gradients_draw_sign_and_lambda_w():
    w = np.linspace(-2, 2, 41)
    ax = plot_penalty_gradients(w, lam=0.5)
    lines = {line.get_label(): line for line in ax.get_lines()}
    l2 = lines["L2: slope of (λ/2)w² (λw)"]
    np.testing.assert_allclose(l2.get_ydata(), 0.5 * w)
    segment = lines["subdifferential at 0: [−λ, λ]"]
    np.testing.assert_allclose(segment.get_ydata(), [-0.5, 0.5])
    l1 = lines["L1: slope of λ|w| (λ·sign w)"]
    assert set(np.unique(l1.get_ydata())) == {-0.5}  # left branch: constant magnitude
    assert l1.get_color() == COLORS["l1"]


def test_gradient_field_arrow_lengths():
    w = np.linspace(-1, 1, 9)
    ax = plot_gradient_field(w, lam=1.0, scale=0.1)
    l2_arrows, l1_arrows = ax.collections[:2]
    np.testing.assert_allclose(l1_arrows.U, -0.1 * np.sign(w))
    np.testing.assert_allclose(l2_arrows.U, -0.1 * w)


def test_gradient_field_labels_only_an_arrow_that_crosses_zero():
    # eta * lam = 0.25: the L1 arrow from 0.15 lands at -0.10, every other arrow stays on its side.
    ax = plot_gradient_field([-1.0, -0.5, 0.15, 0.5, 1.0], lam=1.0, scale=0.25)
    (label,) = ax.texts
    assert label.get_text() == "overshoots 0"
    assert label.xy == pytest.approx((-0.1, 1.0))
    assert label.get_color() == COLORS["l1"]
    # Arrows shorter than every distance to 0: nothing is labelled.
    assert len(plot_gradient_field(np.linspace(-1, 1, 9), lam=1.0, scale=0.1).texts) == 0
    # eta * lam > 1: an L2 step w (1 - eta lam) changes sign too (bottom row, drawn first).
    (label,) = plot_gradient_field([0.5, 1.0], lam=1.0, scale=1.5).texts
    assert label.xy == pytest.approx((0.5 - 1.5 * 0.5, 0.0))
    assert label.get_color() == COLORS["l2"]


def test_iterates_are_drawn_with_their_sign_on_a_linear_scale(scalar):
    ax = plot_iterates(scalar)
    assert ax.get_yscale() == "linear"
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    constant = lines["(a) subgradient, step η"]
    np.testing.assert_array_equal(
        constant.get_ydata(), scalar.runs["subgradient_constant"].history[:, 0]
    )
    # The overshoot is visible: the drawn iterates take both signs.
    assert constant.get_ydata().min() < 0 < constant.get_ydata().max()
    # The reference lines at 0 and +-eta*lam.
    levels = sorted(
        float(ln.get_ydata()[0])
        for ln in ax.get_lines()
        if ln.get_label().startswith("_") and ln.get_marker() in ("None", "")
    )
    assert levels == pytest.approx([-0.1, 0.0, 0.1])
    # Exact zeros are dots, and only the proximal L1 run has any.
    dots = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert len(dots) == 1 and dots[0].get_color() == COLORS["l1"]
    assert np.all(dots[0].get_ydata() == 0)
    prox = scalar.runs["proximal"].history[:, 0]
    np.testing.assert_array_equal(dots[0].get_xdata(), np.flatnonzero(prox == 0))


def test_iterates_show_a_zero_coordinate_of_the_regression_and_stop_at_k_max(regression):
    ax = plot_iterates(regression, k_max=40)
    first_zero = int(np.flatnonzero(regression.minimiser == 0)[0])
    assert ax.get_ylabel() == f"iterate w_k[{first_zero}]"
    line = ax.get_lines()[0]
    np.testing.assert_array_equal(line.get_xdata(), np.arange(41))
    np.testing.assert_array_equal(
        line.get_ydata(), regression.runs["subgradient_constant"].history[:41, first_zero]
    )
    ax = plot_iterates(regression, coordinate=0)
    np.testing.assert_array_equal(
        ax.get_lines()[0].get_ydata(), regression.runs["subgradient_constant"].history[:, 0]
    )


def test_legend_sits_above_the_axes_off_the_data(scalar):
    fig, (top, bottom) = plt.subplots(2, 1)
    plot_iterates(scalar, ax=top)
    plot_iterate_magnitudes(scalar, legend=False, ax=bottom)
    fig.canvas.draw()
    legend = top.get_legend()
    assert legend.get_window_extent().y0 >= top.get_window_extent().y1 - 1
    assert bottom.get_legend() is None


def test_iterate_magnitudes_log_scale_and_exact_zero_markers(scalar):
    ax = plot_iterate_magnitudes(scalar, floor=1e-18)
    assert ax.get_yscale() == "log"
    floor_markers = [ln for ln in ax.get_lines() if ln.get_marker() == "|"]
    # Only the proximal run reaches exactly 0.
    assert len(floor_markers) == 1 and floor_markers[0].get_color() == COLORS["l1"]
    assert np.all(floor_markers[0].get_ydata() == 1e-18)


def test_iterate_magnitudes_default_floor_is_a_decade_below_the_smallest_value(scalar):
    smallest = min(v[v > 0].min() for v in scalar.off_support.values())
    ax = plot_iterate_magnitudes(scalar)
    (marks,) = [ln for ln in ax.get_lines() if ln.get_marker() == "|"]
    floor = marks.get_ydata()[0]
    assert floor == 10.0 ** (np.floor(np.log10(smallest)) - 1)
    assert smallest / 100 < floor <= smallest / 10
    # The floor's tick says what it stands for.
    ticks = dict(zip(ax.get_yticks(), [t.get_text() for t in ax.get_yticklabels()], strict=True))
    assert ticks[floor] == "0"


def test_given_axes_is_used_and_returned():
    _, ax = plt.subplots()
    assert plot_penalty_gradients([-1, 0, 1], ax=ax) is ax
    assert plot_gradient_field([-1, 0, 1], ax=ax) is ax
    res = compare_shrinkage(0.3, 1.0, step=0.1, max_iter=5)
    assert plot_iterates(res, ax=ax) is ax
    assert plot_iterate_magnitudes(res, ax=ax) is ax


@pytest.mark.parametrize(
    "call, exc, name",
    [
        (lambda: plot_penalty_gradients([0.0, np.nan]), ValueError, "w"),
        (lambda: plot_penalty_gradients([0.0], lam=0.0), ValueError, "lam"),
        (lambda: plot_gradient_field([0.0], scale=-1.0), ValueError, "scale"),
        (lambda: plot_iterate_magnitudes("run"), TypeError, "comparison"),
        (
            lambda: plot_iterate_magnitudes(compare_shrinkage(1.0, 1.0, max_iter=2), floor=0.0),
            ValueError,
            "floor",
        ),
        (
            lambda: plot_iterate_magnitudes(
                compare_shrinkage(0.3, 1.0, step=0.1, max_iter=20), floor=0.5
            ),
            ValueError,
            "floor must be below every nonzero value drawn",
        ),
        (lambda: plot_iterates("run"), TypeError, "comparison"),
        (lambda: plot_iterates(compare_shrinkage(0.3, 1.0), coordinate=1), ValueError, "coord"),
        (lambda: plot_iterates(compare_shrinkage(0.3, 1.0), k_max=0), ValueError, "k_max"),
        (lambda: plot_iterates(compare_shrinkage(0.3, 1.0), legend="no"), ValueError, "legend"),
    ],
)
def test_bad_input(call, exc, name):
    with pytest.raises(exc, match=name):
        call()
