"""Tests for l1tutor.symbolic: exact subdifferentials, the derived soft-threshold, clear errors."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from l1tutor.losses import l1_grad
from l1tutor.prox import soft_threshold
from l1tutor.symbolic import (
    NotConvexError,
    UnsupportedExpressionError,
    solve_optimality,
    subdifferential,
    subgradient,
    subgradient_function,
)

w = sp.Symbol("w", real=True)
z = sp.Symbol("z", real=True)
lam = sp.Symbol("lam", positive=True)
Iv, F = sp.Interval, sp.FiniteSet

# (expression, point, known subdifferential), computed by hand.
TABLE = [
    (sp.Abs(w), 0, Iv(-1, 1)),
    (sp.Abs(w), 2, F(1)),
    (sp.Abs(w), -sp.Rational(1, 2), F(-1)),
    (lam * sp.Abs(w), 0, Iv(-lam, lam)),
    (lam * sp.Abs(w), 1, F(lam)),
    (sp.Abs(w - 3), 3, Iv(-1, 1)),
    (sp.Abs(w - 3), 0, F(-1)),
    (sp.Abs(2 * w + 1), -sp.Rational(1, 2), Iv(-2, 2)),
    (sp.Max(0, 1 - w), 1, Iv(-1, 0)),
    (sp.Max(0, 1 - w), 0, F(-1)),
    (sp.Max(0, 1 - w), 5, F(0)),
    (sp.Max(w, 2 * w - 1, 0), 0, Iv(0, 1)),
    (sp.Max(w, 2 * w - 1, 0), 1, Iv(1, 2)),
    (sp.Abs(w - 1) + sp.Abs(w + 1), 0, F(0)),
    (sp.Abs(w - 1) + sp.Abs(w + 1), 1, Iv(0, 2)),
    (sp.Max(w**2, 1), 1, Iv(0, 2)),
    (sp.Max(w**2, 1), -2, F(-4)),
    (sp.Abs(w) ** 3, 0, F(0)),
    (sp.Abs(w**2 - 1), 0, None),  # not convex: checked in test_not_convex
    ((w - z) ** 2 / 2 + lam * sp.Abs(w), 0, Iv(-lam - z, lam - z)),
    (w**2, 1, F(2)),
    (sp.Integer(5), 1, F(0)),
    (sp.Abs(w) + sp.Abs(w), 0, Iv(-2, 2)),
    (sp.Max(sp.Abs(w), sp.Abs(w - 2)), 1, Iv(-1, 1)),
]
TABLE = [row for row in TABLE if row[2] is not None]


@pytest.mark.parametrize("expr, at, expected", TABLE, ids=[f"{e} at {a}" for e, a, _ in TABLE])
def test_subdifferential_table(expr, at, expected):
    assert subdifferential(expr, w, at) == expected


@pytest.mark.parametrize(
    "expr",
    [sp.Abs(w), sp.Max(0, 1 - w), (w - 1) ** 2 + sp.Abs(w + 2), sp.Max(w**2, 1), w**4 + 3 * w],
)
@pytest.mark.parametrize("at", [-3, -sp.Rational(3, 2), sp.Rational(1, 3), 2])
def test_differentiable_points_match_sympy_derivative(expr, at):
    # Away from kinks the subdifferential is {f'(at)} with SymPy's own derivative (real symbol).
    assert subdifferential(expr, w, at) == F(sp.diff(expr, w).subs(w, at))


def test_subdifferential_matches_one_sided_difference_quotients():
    # Independent oracle: limits of (f(a +- h) - f(a)) / h as h -> 0+.
    h = sp.Symbol("h", positive=True)
    for expr, at in [(sp.Abs(w - 3), 3), (sp.Max(0, 1 - w), 1), (sp.Abs(w - 1) + sp.Abs(w + 1), 1)]:
        f = sp.Lambda(w, expr)
        right = sp.limit((f(at + h) - f(at)) / h, h, 0, "+")
        left = sp.limit((f(at) - f(at - h)) / h, h, 0, "+")
        assert subdifferential(expr, w, at) == sp.Interval(left, right)


def test_plain_symbol_works_like_real_symbol():
    x = sp.Symbol("x")
    assert subdifferential(sp.Abs(x), x, 0) == Iv(-1, 1)


def test_subgradient_of_abs_is_the_textbook_piecewise():
    expected = sp.Piecewise((F(-1), w < 0), (Iv(-1, 1), sp.Eq(w, 0)), (F(1), True))
    assert subgradient(sp.Abs(w), w) == expected
    assert "cases" in sp.latex(subgradient(sp.Abs(w), w))


@pytest.mark.parametrize(
    "expr", [sp.Abs(w - 1) + sp.Abs(w + 1), sp.Max(w, 2 * w - 1, 0), sp.Max(w**2, 1)]
)
@pytest.mark.parametrize("at", [-2, -1, 0, sp.Rational(1, 2), 1, 3])
def test_subgradient_piecewise_agrees_with_subdifferential(expr, at):
    assert subgradient(expr, w).subs(w, at) == subdifferential(expr, w, at)


def test_smooth_join_is_not_a_kink():
    # Max(w, 0)^2 is C^1: pieces 0 and w^2 meet at 0 with equal slopes (curvature jumps).
    smooth = sp.Max(w, 0) ** 2
    assert subdifferential(smooth, w, 0) == F(0)
    pieces = subgradient(smooth, w)
    assert pieces == sp.Piecewise((F(0), w <= 0), (F(2 * w), True))
    assert all(not isinstance(e, sp.Interval) for e, _ in pieces.args)


def test_derived_soft_threshold_equals_prox():
    rule = solve_optimality((w - z) ** 2 / 2 + lam * sp.Abs(w), w, solve_for=z)
    # z is the only parameter without a sign assumption, so it is isolated by default too.
    assert solve_optimality((w - z) ** 2 / 2 + lam * sp.Abs(w), w) == rule
    # The three cases, derived by the solver (not typed in).
    cases = {(m, c) for m, c in rule.args}
    assert cases == {(z + lam, z < -lam), (0, sp.And(z >= -lam, z <= lam)), (z - lam, z > lam)}
    f = sp.lambdify((z, lam), rule, "numpy")
    grid = np.linspace(-4, 4, 161)
    for lam_value in (0.0, 0.3, 1.0, 2.5):
        np.testing.assert_allclose(f(grid, lam_value), soft_threshold(grid, lam_value), atol=1e-15)


def test_solve_optimality_other_objectives():
    # Median of three points: argmin sum |w - y_i| = 2.
    assert solve_optimality(sp.Abs(w - 1) + sp.Abs(w - 2) + sp.Abs(w - 7), w) == 2
    # Flat bottom: a whole interval of minimisers.
    assert solve_optimality(sp.Abs(w - 1) + sp.Abs(w + 1), w) == Iv(-1, 1)
    # Ridge: (w - z)^2 / 2 + (lam / 2) w^2 -> z / (1 + lam), the prox_l2_squared convention.
    ridge = solve_optimality((w - z) ** 2 / 2 + lam * w**2 / 2, w)
    assert sp.simplify(ridge - z / (1 + lam)) == 0
    with pytest.raises(ValueError, match="unbounded below"):
        solve_optimality(w + 1, w)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-50, 50, allow_nan=False, allow_infinity=False), min_size=1, max_size=30))
def test_numpy_subgradient_agrees_with_l1_grad(values):
    x = np.array([*values, 0.0, -0.0])
    g = subgradient_function(sp.Abs(w), w)
    np.testing.assert_array_equal(g(x), l1_grad(np.zeros_like(x), x, reduction="none"))
    g_lam = subgradient_function(lam * sp.Abs(w), w, params=[lam])
    np.testing.assert_array_equal(
        g_lam(x, 2.5), 2.5 * l1_grad(np.zeros_like(x), x, reduction="none")
    )


def test_numpy_subgradient_picks_minimum_norm_element():
    g = subgradient_function((w - z) ** 2 / 2 + lam * sp.Abs(w), w, params=[z, lam])
    # At w = 0 the subdifferential is [-z - lam, -z + lam]; its element closest to 0:
    np.testing.assert_allclose(g(0.0, [0.5, 3.0, -3.0], 1.0), [0.0, -2.0, 2.0])
    hinge = subgradient_function(sp.Max(0, 1 - w), w)
    np.testing.assert_array_equal(hinge([0.0, 1.0, 2.0]), [-1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match=r"params.*lam"):
        subgradient_function(lam * sp.Abs(w), w)


NOT_CONVEX = [
    (-sp.Abs(w), "one-sided derivatives at w = 0 decrease \\(1 then -1\\)"),
    (sp.Min(w, 0), "one-sided derivatives at w = 0 decrease"),
    (w**3, "second derivative 6\\*w"),
    (sp.Abs(w**2 - 1), "not convex"),
    (-(w**2) + sp.Abs(w), "not convex"),
]


@pytest.mark.parametrize("expr, why", NOT_CONVEX, ids=[str(e) for e, _ in NOT_CONVEX])
def test_not_convex(expr, why):
    with pytest.raises(NotConvexError, match=why):
        subdifferential(expr, w, 0)
    assert issubclass(NotConvexError, ValueError)


UNSUPPORTED = [
    (sp.sin(w), "sin .* not supported"),
    (sp.exp(w), "exp .* not supported"),
    (1 / (1 + w**2), "not supported"),
    (sp.sqrt(sp.Abs(w)), "integer exponent"),
    (sp.Symbol("a", real=True) * w**2, "cannot decide the sign"),
    (sp.Abs(w - sp.Symbol("b")) + sp.Abs(w), "cannot decide|cannot tell"),
]


@pytest.mark.parametrize("expr, why", UNSUPPORTED, ids=[str(e) for e, _ in UNSUPPORTED])
def test_unsupported_input(expr, why):
    with pytest.raises(UnsupportedExpressionError, match=why):
        subdifferential(expr, w, 0)
    assert issubclass(UnsupportedExpressionError, ValueError)
    assert issubclass(UnsupportedExpressionError, NotImplementedError)


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match="var"):
        subdifferential(sp.Abs(w), "w", 0)
    with pytest.raises(TypeError, match="expr"):
        subdifferential("Abs(w)", w, 0)
    with pytest.raises(ValueError, match="var must range over all reals"):
        p = sp.Symbol("p", positive=True)
        subdifferential(sp.Abs(p), p, 0)
    with pytest.raises(ValueError, match="at must not contain"):
        subdifferential(sp.Abs(w), w, w + 1)
