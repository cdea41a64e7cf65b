"""Tests for l1tutor.plotting.shrinkage: the figures draw the numbers of the math modules."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from l1tutor.experiments import compare_shrinkage
from l1tutor.plotting import (
    COLORS,
    plot_gradient_field,
    plot_iterate_magnitudes,
    plot_penalty_gradients,
)


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


def test_iterate_magnitudes_log_scale_and_exact_zero_markers():
    res = compare_shrinkage(0.3, 1.0, step=0.1, max_iter=60)
    ax = plot_iterate_magnitudes(res, floor=1e-18)
    assert ax.get_yscale() == "log"
    floor_markers = [ln for ln in ax.get_lines() if ln.get_marker() == "|"]
    # Only the proximal run reaches exactly 0.
    assert len(floor_markers) == 1 and floor_markers[0].get_color() == COLORS["l1"]
    assert np.all(floor_markers[0].get_ydata() == 1e-18)


def test_given_axes_is_used_and_returned():
    _, ax = plt.subplots()
    assert plot_penalty_gradients([-1, 0, 1], ax=ax) is ax
    assert plot_gradient_field([-1, 0, 1], ax=ax) is ax


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
    ],
)
def test_bad_input(call, exc, name):
    with pytest.raises(exc, match=name):
        call()
