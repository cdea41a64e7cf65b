"""Tests of l1tutor.plotting.losses and the book style: figures show the package's numbers."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from l1tutor import losses, plotting


@pytest.fixture(autouse=True)
def _close_figures():
    plt.close("all")  # doctests collected earlier may leave figures open
    yield
    plt.close("all")


def test_plot_losses_draws_the_package_values_on_the_given_axes():
    fig, ax = plt.subplots()
    r = np.array([2.0, -1.5, 0.0, 0.3])
    returned = plotting.plot_losses(r, delta=0.5, ax=ax)
    assert returned is ax
    assert plt.get_fignums() == [fig.number]  # no extra figure
    curves = {
        line.get_label(): line for line in ax.get_lines() if not line.get_label().startswith("_")
    }
    assert set(curves) == {"L1: |r|", "L2: r²", "Huber (δ = 0.5)"}
    x = np.sort(r)
    zeros = np.zeros_like(x)
    np.testing.assert_array_equal(curves["L1: |r|"].get_xdata(), x)
    np.testing.assert_array_equal(
        curves["L1: |r|"].get_ydata(), losses.l1_loss(zeros, x, reduction="none")
    )
    np.testing.assert_array_equal(
        curves["L2: r²"].get_ydata(), losses.l2_loss(zeros, x, reduction="none")
    )
    np.testing.assert_array_equal(
        curves["Huber (δ = 0.5)"].get_ydata(),
        losses.huber_loss(zeros, x, delta=0.5, reduction="none"),
    )


def test_plot_losses_uses_distinct_colour_blind_safe_colours():
    ax = plotting.plot_losses(np.linspace(-2, 2, 5))
    colours = [line.get_color() for line in ax.get_lines()[:3]]
    assert colours == [plotting.COLORS["l1"], plotting.COLORS["l2"], plotting.COLORS["huber"]]
    assert len({line.get_linestyle() for line in ax.get_lines()[:3]}) == 3


def test_plot_constant_objectives_bottoms_out_at_median_and_mean():
    y = np.array([1.0, 2.0, 3.0, 4.0, 100.0])
    ax = plotting.plot_constant_objectives(y, candidates=np.linspace(0, 101, 1011))
    assert ax.figure.axes == [ax]  # one y-axis: both curves are in the units of y
    l1_line = next(line for line in ax.get_lines() if line.get_label().startswith("L1 loss"))
    rmse_line = next(line for line in ax.get_lines() if "RMSE" in line.get_label())
    c = l1_line.get_xdata()
    assert c[np.argmin(l1_line.get_ydata())] == pytest.approx(np.median(y))
    assert c[np.argmin(rmse_line.get_ydata())] == pytest.approx(np.mean(y), abs=0.1)
    assert l1_line.get_ydata()[0] == pytest.approx(losses.l1_loss(y, np.zeros_like(y)))
    assert rmse_line.get_ydata()[0] == pytest.approx(np.sqrt(losses.l2_loss(y, np.zeros_like(y))))
    labels = ax.get_legend_handles_labels()[1]
    assert "median = 3" in labels and "mean = 22" in labels


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: plotting.plot_losses([0.0, np.nan]), "residuals contains NaN"),
        (lambda: plotting.plot_losses(["a"]), "residuals must hold real numbers"),
        (lambda: plotting.plot_losses([1.0], delta=-1), "delta"),
        (lambda: plotting.plot_constant_objectives([1.0, np.inf]), "y contains infinity"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_book_style_has_an_opaque_background_for_dark_mode():
    plotting.use_book_style()
    assert matplotlib.rcParams["figure.facecolor"] == "white"
    assert matplotlib.rcParams["savefig.facecolor"] == "white"
