"""Tests for l1tutor.prox: soft-thresholding and the L1 / squared-L2 proximal operators."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from l1tutor.prox import prox_l1, prox_l2_squared, soft_threshold

reals = st.floats(-1e6, 1e6, allow_nan=False)
lams = st.floats(0, 100, allow_nan=False)
vectors = arrays(np.float64, st.integers(1, 6), elements=st.floats(-100, 100))


@settings(max_examples=60, deadline=None)
@given(x=reals, lam=lams)
def test_soft_threshold_is_odd(x, lam):
    assert soft_threshold(-x, lam) == -soft_threshold(x, lam)


@settings(max_examples=60, deadline=None)
@given(x=reals, lam=lams)
def test_zero_inside_and_shrinks_by_exactly_lam_outside(x, lam):
    s = float(soft_threshold(x, lam))
    if abs(x) <= lam:
        assert s == 0.0
    else:
        # |x| - lam is one rounding away from the float result: relative tolerance 1e-15.
        assert np.sign(s) == np.sign(x)
        assert abs(s) == pytest.approx(abs(x) - lam, rel=1e-15, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(a=reals, b=reals, lam=lams)
def test_soft_threshold_is_nonexpansive(a, b, lam):
    # Exactly, |S(a) - S(b)| <= |a - b|; each computed S carries one rounding of its own size.
    rounding = 2 * np.finfo(float).eps * max(abs(a), abs(b))
    assert abs(soft_threshold(a, lam) - soft_threshold(b, lam)) <= abs(a - b) + rounding


@settings(max_examples=40, deadline=None)
@given(v=vectors, lam=st.floats(0, 50))
def test_prox_optimality_conditions(v, lam):
    # 0 in (w - v) + lam * d|w|: w - v = -lam sign(w) where w != 0, |v| <= lam where w == 0.
    w = prox_l1(v, lam)
    nz = w != 0
    np.testing.assert_allclose((w - v)[nz], -lam * np.sign(w[nz]), atol=1e-12)
    assert np.all(np.abs(v[~nz]) <= lam)
    # Ridge prox of (lam / 2) w^2: the gradient lam w + (w - v) vanishes.
    u = prox_l2_squared(v, lam)
    np.testing.assert_allclose(lam * u + (u - v), 0.0, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(v=vectors, lam=st.floats(0, 10))
def test_prox_is_a_fixed_point_and_idempotent_at_zero_lam(v, lam):
    np.testing.assert_array_equal(prox_l1(v, 0.0), v)
    np.testing.assert_array_equal(prox_l2_squared(v, 0.0), v)
    # Shrinking by lam twice equals shrinking by 2 lam (semigroup property of the L1 prox).
    np.testing.assert_allclose(prox_l1(prox_l1(v, lam), lam), prox_l1(v, 2 * lam), atol=1e-12)


@pytest.mark.parametrize("v", [-2.5, -0.7, 0.0, 0.4, 1.3, 3.0])
@pytest.mark.parametrize("lam", [0.0, 0.5, 1.0])
def test_prox_is_the_grid_minimiser(v, lam):
    # Grid of spacing 1e-4 on [-4, 4]: the grid argmin is within one spacing of the prox.
    grid = np.linspace(-4, 4, 80001)
    l1_obj = lam * np.abs(grid) + 0.5 * (grid - v) ** 2
    l2_obj = 0.5 * lam * grid**2 + 0.5 * (grid - v) ** 2
    assert abs(grid[np.argmin(l1_obj)] - float(prox_l1(v, lam))) <= 1e-4
    assert abs(grid[np.argmin(l2_obj)] - float(prox_l2_squared(v, lam))) <= 1e-4


def test_hand_values_and_shapes():
    np.testing.assert_array_equal(soft_threshold([[-3, 0.5], [2, -1]], 1), [[-2, 0], [1, 0]])
    np.testing.assert_allclose(prox_l2_squared([3.0, -1.5], 2.0), [1.0, -0.5])
    assert prox_l1(np.float32([2.0]), 0.5).dtype == np.float32
    assert soft_threshold(2.0, 0.5).shape == ()
    # Ridge never gives 0 for v != 0, L1 does.
    assert prox_l2_squared(1e-3, 100.0) != 0 and prox_l1(1e-3, 100.0) == 0


BAD_WEIGHTS = [(-1.0, ValueError), (np.inf, ValueError), (np.nan, ValueError), ("1", TypeError)]


@pytest.mark.parametrize("fn", [prox_l1, prox_l2_squared])
@pytest.mark.parametrize(("lam", "exc"), BAD_WEIGHTS)
def test_bad_lam_names_lam(fn, lam, exc):
    with pytest.raises(exc, match="lam"):
        fn([1.0], lam)


@pytest.mark.parametrize(("threshold", "exc"), BAD_WEIGHTS)
def test_bad_threshold_is_named(threshold, exc):
    with pytest.raises(exc, match="threshold"):
        soft_threshold([1.0], threshold)


@pytest.mark.parametrize("fn", [prox_l1, prox_l2_squared])
@pytest.mark.parametrize("step", [0.0, -1.0, np.inf, np.nan])
def test_bad_step_is_named(fn, step):
    with pytest.raises(ValueError, match="step"):
        fn([1.0], 1.0, step)


@pytest.mark.parametrize("fn", [prox_l1, prox_l2_squared])
def test_a_step_and_penalty_whose_product_overflows_are_refused(fn):
    with pytest.raises(ValueError, match="step \\* lam overflows"):
        fn([1.0], 1e300, 1e10)


@settings(max_examples=40, deadline=None)
@given(v=vectors, lam=st.floats(0, 10), step=st.floats(1e-3, 10))
def test_the_step_scales_the_penalty(v, lam, step):
    # prox of step * (lam h) is the prox of (step * lam) h: one operator, the step passed in.
    np.testing.assert_array_equal(prox_l1(v, lam, step), soft_threshold(v, step * lam))
    np.testing.assert_array_equal(prox_l2_squared(v, lam, step), prox_l2_squared(v, step * lam))


@pytest.mark.parametrize("fn", [prox_l1, prox_l2_squared])
def test_bad_point_is_named(fn):
    with pytest.raises(TypeError, match="v must hold real numbers"):
        fn(["a"], 1.0)
