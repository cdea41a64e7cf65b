r"""Subdifferentials of convex functions of one variable, exactly, with SymPy.

SymPy differentiates :math:`|w|` to ``sign(w)`` (for a real symbol), which is 0 at the kink, but it
has no notion of the subdifferential

.. math::

    \partial f(a) = \{\, g : f(w) \ge f(a) + g\,(w - a) \text{ for all } w \,\}
                  = [\, f'_-(a),\ f'_+(a) \,],

the interval between the one-sided derivatives of a convex :math:`f`. This module supplies it for
the functions the book needs.

Supported grammar (``var`` is the variable, every other symbol a parameter)::

    E := number | parameter expression free of var | var
       | E + E | E * E | E**n (integer n >= 0) | Abs(E) | Max(E, ..., E) | Min(E, ..., E)

so every accepted expression is a continuous piecewise polynomial in ``var``. The module splits
it into polynomial pieces at its kinks (the real roots of the arguments of ``Abs`` and of the
differences inside ``Max``/``Min``) and then *checks* convexity rather than assuming it: each
piece needs a non-negative second derivative on its interval, and at each kink the derivative
must not drop (:math:`f'_- \le f'_+`). Kinks may depend on parameters only if SymPy can order
them, and signs of parameters must be declared (``Symbol("lam", positive=True)``) wherever a
decision depends on them. Anything else raises :class:`UnsupportedExpressionError` or
:class:`NotConvexError`, both subclasses of ``ValueError``.

This module imports SymPy, so ``import l1tutor`` does not load it: use
``from l1tutor import symbolic``.

References
----------
S. Boyd, L. Vandenberghe, *Convex Optimization*, Cambridge University Press, 2004, section 3.1.
R. T. Rockafellar, *Convex Analysis*, Princeton University Press, 1970, section 23.
"""

from __future__ import annotations

import functools
import itertools
import numbers
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike
from sympy.core.evalf import PrecisionExhausted

from ._checks import as_float_array, check_finite

__all__ = [
    "NotConvexError",
    "UnsupportedExpressionError",
    "solve_optimality",
    "subdifferential",
    "subgradient",
    "subgradient_function",
]


class UnsupportedExpressionError(ValueError, NotImplementedError):
    """The expression is outside the supported grammar, or a needed decision is undecidable.

    It is a ``ValueError`` (bad input for this module) and a ``NotImplementedError`` (the math
    may be fine, the module just does not handle it).
    """


class NotConvexError(ValueError):
    """The expression is not convex in the variable, so it has no subdifferential everywhere."""


@dataclass(frozen=True)
class _Pieces:
    """A continuous piecewise polynomial: ``polys[i]`` holds on ``(breaks[i-1], breaks[i])``."""

    breaks: tuple[sp.Expr, ...]
    polys: tuple[sp.Expr, ...]

    def interval(self, i: int) -> tuple[sp.Expr, sp.Expr]:
        lo = self.breaks[i - 1] if i > 0 else -sp.oo
        hi = self.breaks[i] if i < len(self.breaks) else sp.oo
        return lo, hi


# --- ordering and signs ----------------------------------------------------------------------


def _sign(value: sp.Expr, what: Callable[[], str]) -> int:
    """Return -1, 0 or 1 for the sign of ``value``, or raise if SymPy cannot decide it.

    ``what`` describes the value for the error message; it is called only on failure, since
    printing a large expression costs more than most sign decisions.
    """
    value = sp.sympify(value)
    for candidate in (value, sp.expand(value)):
        if candidate.is_zero:
            return 0
        if candidate.is_positive:
            return 1
        if candidate.is_negative:
            return -1
    if not value.free_symbols:
        # A number SymPy cannot order symbolically (e.g. a CRootOf of a degree-5 polynomial):
        # strict evalf either returns correct digits or gives up, which it does at an exact 0.
        try:
            approx = value.evalf(30, strict=True)
        except PrecisionExhausted:
            approx = None
        if approx is not None and approx.is_real and approx.is_finite:
            return 1 if approx > 0 else -1
    simplified = sp.simplify(value)
    if simplified.is_zero:
        return 0
    if simplified.is_positive:
        return 1
    if simplified.is_negative:
        return -1
    raise UnsupportedExpressionError(
        f"cannot decide the sign of {_brief(value)} ({what()}): declare the signs of the "
        "parameters of expr and at, e.g. Symbol('lam', positive=True)"
    )


def _describe(template: str, *parts: sp.Basic) -> Callable[[], str]:
    """A description for :func:`_sign`'s error message, printed only if it is needed."""
    return lambda: template.format(*(_brief(part) for part in parts))


def _compare(a: sp.Expr, b: sp.Expr) -> int:
    """-1 if a < b, 0 if a == b, 1 if a > b (raise if undecidable)."""
    return _sign(a - b, _describe("comparing the points {} and {}", a, b))


def _sample(lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    """A point strictly inside the open interval (lo, hi), rational where the ends are numbers."""
    if lo == -sp.oo and hi == sp.oo:
        return sp.S.Zero
    if lo == -sp.oo:
        point = hi - 1
    elif hi == sp.oo:
        point = lo + 1
    else:
        point = (lo + hi) / 2
    if point.free_symbols or point.is_Rational:
        return point
    # Between irrational kinks (roots of a degree-15 polynomial, say) a rational point keeps
    # every later evaluation in exact rational arithmetic instead of algebraic numbers.
    approx = sp.Rational(str(point.evalf(30)))
    for denominator in (10**3, 10**9, None):
        guess = approx.limit_denominator(denominator) if denominator else approx
        if (lo == -sp.oo or _compare(guess, lo) > 0) and (hi == sp.oo or _compare(guess, hi) < 0):
            return guess
    return point


def _roots_inside(p: sp.Expr, var: sp.Symbol, lo: sp.Expr, hi: sp.Expr) -> list[sp.Expr]:
    """Sorted distinct real roots of the polynomial ``p`` strictly inside (lo, hi)."""
    p = sp.expand(p)
    if not p.has(var):
        return []
    poly = sp.Poly(p, var)
    if poly.domain.is_ZZ or poly.domain.is_QQ:
        candidates = list(dict.fromkeys(sp.real_roots(poly)))
    else:
        # Parameters or irrational coefficients (a kink at sqrt(2)): closed-form roots only.
        found = sp.roots(poly)
        if sum(found.values()) < poly.degree():
            raise UnsupportedExpressionError(
                f"cannot find the roots of {_brief(p)} in closed form (its coefficients are "
                "irrational or symbolic and its degree is too high)"
            )
        candidates = []
        for r in found:
            if r.is_real is None:
                raise UnsupportedExpressionError(
                    f"cannot tell whether the root {r} of {p} is real; declare the parameters "
                    "real, e.g. Symbol('z', real=True)"
                )
            if r.is_real:
                candidates.append(r)
    inside = [
        r
        for r in candidates
        if (lo == -sp.oo or _compare(r, lo) > 0) and (hi == sp.oo or _compare(r, hi) < 0)
    ]
    return _sorted(inside)


def _sorted(points: Iterable[sp.Expr]) -> list[sp.Expr]:
    return sorted(points, key=functools.cmp_to_key(_compare))


# --- arithmetic on piecewise polynomials ----------------------------------------------------


def _merge_breaks(a: tuple[sp.Expr, ...], b: tuple[sp.Expr, ...]) -> tuple[sp.Expr, ...]:
    merged = list(a)
    for point in b:
        if all(_compare(point, m) != 0 for m in merged):
            merged.append(point)
    return tuple(_sorted(merged))


def _refine(f: _Pieces, breaks: tuple[sp.Expr, ...]) -> tuple[sp.Expr, ...]:
    """The polynomials of ``f`` on the finer partition ``breaks`` (a superset of ``f.breaks``)."""
    polys, j = [], 0
    for i in range(len(breaks) + 1):
        if i > 0 and j < len(f.breaks) and _compare(breaks[i - 1], f.breaks[j]) == 0:
            j += 1
        polys.append(f.polys[j])
    return tuple(polys)


def _combine(op: Callable[[sp.Expr, sp.Expr], sp.Expr], f: _Pieces, g: _Pieces) -> _Pieces:
    breaks = _merge_breaks(f.breaks, g.breaks)
    polys = tuple(
        sp.expand(op(p, q)) for p, q in zip(_refine(f, breaks), _refine(g, breaks), strict=True)
    )
    return _Pieces(breaks, polys)


def _signs(d: _Pieces, var: sp.Symbol) -> tuple[tuple[sp.Expr, ...], tuple[int, ...]]:
    """Split ``d`` at the roots of its pieces; return the new breaks and the sign on each piece."""
    breaks = list(d.breaks)
    for i, p in enumerate(d.polys):
        breaks.extend(_roots_inside(p, var, *d.interval(i)))
    finer = _Pieces(tuple(_sorted(breaks)), ())
    polys = _refine(d, finer.breaks)
    signs = tuple(
        _sign(_at(p, var, _sample(*finer.interval(i))), _describe("{} between kinks", p))
        for i, p in enumerate(polys)
    )
    return finer.breaks, signs


def _abs(u: _Pieces, var: sp.Symbol) -> _Pieces:
    breaks, signs = _signs(u, var)
    return _Pieces(breaks, tuple(s * p for s, p in zip(signs, _refine(u, breaks), strict=True)))


def _max(u: _Pieces, v: _Pieces, var: sp.Symbol, *, larger: bool) -> _Pieces:
    breaks, signs = _signs(_combine(sp.Add, u, _combine(sp.Mul, v, _constant(-1))), var)
    pick = zip(signs, _refine(u, breaks), _refine(v, breaks), strict=True)
    return _Pieces(breaks, tuple(p if (s >= 0) == larger else q for s, p, q in pick))


def _constant(c: sp.Expr) -> _Pieces:
    return _Pieces((), (sp.sympify(c),))


def _simplified(f: _Pieces) -> _Pieces:
    """Drop kinks where the neighbouring polynomials are identical (e.g. Abs(w)**2)."""
    breaks, polys = [], [f.polys[0]]
    for b, p in zip(f.breaks, f.polys[1:], strict=True):
        if sp.expand(p - polys[-1]) == 0:
            continue
        breaks.append(b)
        polys.append(p)
    return _Pieces(tuple(breaks), tuple(polys))


def _build(expr: sp.Expr, var: sp.Symbol, whole: sp.Expr) -> _Pieces:
    if not expr.has(var):
        return _constant(expr)
    if expr == var:
        return _Pieces((), (var,))
    if isinstance(expr, (sp.Add, sp.Mul)):
        op = sp.Add if isinstance(expr, sp.Add) else sp.Mul
        parts = [_build(a, var, whole) for a in expr.args]
        return _simplified(functools.reduce(lambda f, g: _combine(op, f, g), parts))
    if isinstance(expr, sp.Pow):
        base, n = expr.args
        if n.has(var) or not (n.is_Integer and n >= 0):
            raise UnsupportedExpressionError(
                f"{expr} in expr = {_brief(whole)} is not supported: powers of {var} need a "
                "constant integer exponent >= 0 (polynomials only)"
            )
        f = _build(base, var, whole)
        return _Pieces(f.breaks, tuple(sp.expand(p**n) for p in f.polys))
    if isinstance(expr, sp.Abs):
        return _simplified(_abs(_build(expr.args[0], var, whole), var))
    if isinstance(expr, (sp.Max, sp.Min)):
        parts = [_build(a, var, whole) for a in expr.args]
        larger = isinstance(expr, sp.Max)
        return _simplified(functools.reduce(lambda f, g: _max(f, g, var, larger=larger), parts))
    raise UnsupportedExpressionError(
        f"{expr.func.__name__} in expr = {_brief(whole)} is not supported: expressions must be "
        f"built from Abs, Max, Min, polynomials in {var} and constants"
    )


# --- validation and the convexity check ------------------------------------------------------


def _has_sign_assumption(symbol: sp.Symbol) -> bool:
    return any(
        getattr(symbol, f"is_{s}") for s in ("positive", "negative", "nonnegative", "nonpositive")
    )


def _check_inputs(expr: object, var: object) -> tuple[sp.Expr, sp.Symbol]:
    if not isinstance(var, sp.Symbol):
        raise TypeError(f"var must be a sympy Symbol, got {type(var).__name__}")
    if _has_sign_assumption(var):
        raise UnsupportedExpressionError(
            f"var must range over all reals, got {var} with a sign assumption (SymPy may already "
            f"have simplified Abs({var})); use Symbol('{var}', real=True)"
        )
    if var.is_real is False:
        raise UnsupportedExpressionError(f"var must be real, got {var} declared non-real")
    if isinstance(expr, numbers.Real) and not isinstance(expr, bool):
        expr = sp.sympify(float(expr) if isinstance(expr, float) else expr)
    if not isinstance(expr, sp.Expr):
        # Strings are refused rather than parsed: sympify evaluates them as Python code.
        raise TypeError(f"expr must be a sympy expression, got {type(expr).__name__}")
    twins = [s for s in expr.free_symbols if s.name == var.name and s != var]
    if twins:
        # Symbol("w") and Symbol("w", real=True) are different symbols with the same name.
        raise ValueError(
            f"var {var!r} is not the symbol {var.name} of expr, which was made with other "
            f"assumptions ({twins[0].assumptions0}): pass that symbol as var"
        )
    if expr.has(sp.nan, sp.oo, -sp.oo, sp.zoo):
        raise ValueError(f"expr must be finite for every real {var}, got {_brief(expr)}")
    for constant in _constants(expr, var):
        if constant.is_extended_real is False:
            raise ValueError(
                f"expr must be real-valued, got {_brief(expr)} with the non-real part {constant}"
            )
    return expr, var


def _constants(expr: sp.Expr, var: sp.Symbol) -> Iterable[sp.Expr]:
    """The largest subexpressions of ``expr`` free of ``var`` (its constants and parameters)."""
    if not expr.has(var):
        yield expr
        return
    for arg in expr.args:
        yield from _constants(arg, var)


def _check_point(at: object, var: sp.Symbol) -> sp.Expr:
    """``at`` as a finite real SymPy number or expression free of ``var``."""
    if isinstance(at, bool) or not isinstance(at, numbers.Real | sp.Expr):
        # Strings are refused rather than parsed: sympify evaluates them as Python code.
        raise TypeError(
            f"at must be a real number or a sympy expression, got {type(at).__name__} {at!r}"
        )
    point = sp.sympify(at)
    if point.has(var):
        raise ValueError(f"at must not contain the variable {var}, got {point}")
    if point.has(sp.nan, sp.zoo) or point.is_finite is False or point.is_extended_real is False:
        raise ValueError(f"at must be a finite real point, got {point}")
    return point


@functools.lru_cache(maxsize=128)
def _convex_pieces(expr: sp.Expr, var: sp.Symbol) -> _Pieces:
    """Split ``expr`` into polynomial pieces and check that it is convex in ``var``."""
    f = _build(expr, var, expr)
    for i, b in enumerate(f.breaks):
        left, right = _one_sided(f, var, i)
        if _sign(right - left, _describe("the jump of the derivative of {} at {}", expr, b)) < 0:
            raise NotConvexError(
                f"expr = {_brief(expr)} is not convex: its one-sided derivatives at {var} = "
                f"{_brief(b)} decrease ({_brief(left)} then {_brief(right)})"
            )
    curvatures = [sp.expand(sp.diff(p, var, 2)) for p in f.polys]
    # One point per piece first: it refutes most non-convex inputs before any root isolation,
    # the expensive step for high degrees.
    for i, p2 in enumerate(curvatures):
        _check_curvature(expr, var, p2, _sample(*f.interval(i)))
    for i, p2 in enumerate(curvatures):
        lo, hi = f.interval(i)
        cuts = [lo, *_roots_inside(p2, var, lo, hi), hi]
        for a, b in itertools.pairwise(cuts):
            _check_curvature(expr, var, p2, _sample(a, b))
    return f


def _check_curvature(expr: sp.Expr, var: sp.Symbol, p2: sp.Expr, point: sp.Expr) -> None:
    """Raise NotConvexError if the second derivative ``p2`` is negative at ``point``."""
    value = _at(p2, var, point)
    if _sign(value, _describe("the second derivative of {} at {}", expr, point)) < 0:
        raise NotConvexError(
            f"expr = {_brief(expr)} is not convex: its second derivative {_brief(p2)} is "
            f"{_brief(value)} < 0 at {var} = {_brief(point)}"
        )


def _brief(x: sp.Expr, width: int = 80) -> str:
    """``x`` for an error message: numbers without a closed form to 6 digits, long text cut."""
    if not x.free_symbols and not x.is_Rational and x.has(sp.CRootOf):
        x = sp.N(x, 6)
    text = str(x)
    return text if len(text) <= width else text[: width - 5] + " ..."


def _one_sided(f: _Pieces, var: sp.Symbol, i: int) -> tuple[sp.Expr, sp.Expr]:
    """Left and right derivatives of ``f`` at its kink ``f.breaks[i]``."""
    b = f.breaks[i]
    left = _at(sp.diff(f.polys[i], var), var, b)
    right = _at(sp.diff(f.polys[i + 1], var), var, b)
    return left, right


def _at(p: sp.Expr, var: sp.Symbol, point: sp.Expr) -> sp.Expr:
    """The polynomial ``p`` at ``var = point``, expanded (Horner's rule at a rational point)."""
    if point.is_Rational:
        return sp.Poly(p, var).eval(point).as_expr()
    # expand, not simplify: it cancels parameters just as well and stays fast on radicals.
    return sp.expand(p.subs(var, point))


# --- public API ------------------------------------------------------------------------------


def subdifferential(expr: sp.Expr, var: sp.Symbol, at: object) -> sp.Set:
    r"""The subdifferential :math:`[f'_-(a), f'_+(a)]` of a convex ``expr`` at the point ``at``.

    .. math::

        \partial f(a) = \{\, g \in \mathbb{R} : f(w) \ge f(a) + g\,(w - a)\ \ \forall w \,\}

    Parameters
    ----------
    expr : sympy.Expr
        A convex function of ``var`` in the module's grammar (Abs, Max, Min, polynomials,
        constants; parameters allowed).
    var : sympy.Symbol
        The variable, a symbol without sign assumptions (``real=True`` is fine).
    at : number or sympy.Expr
        The point :math:`a`, free of ``var``.

    Returns
    -------
    sympy.Set
        ``FiniteSet(f'(a))`` where ``expr`` is differentiable (the value of SymPy's derivative),
        else ``Interval(f'_-(a), f'_+(a))``.

    Raises
    ------
    NotConvexError
        ``expr`` is not convex in ``var`` (the message says where and why).
    UnsupportedExpressionError
        A function outside the grammar (e.g. ``sin``), or a sign SymPy cannot decide.
    TypeError
        ``var`` is not a Symbol or ``expr`` not an expression.

    Examples
    --------
    >>> w = sp.Symbol("w", real=True)
    >>> lam = sp.Symbol("lam", positive=True)
    >>> subdifferential(sp.Abs(w), w, 0), subdifferential(sp.Abs(w), w, 2)
    (Interval(-1, 1), {1})
    >>> subdifferential(lam * sp.Abs(w), w, 0)
    Interval(-lam, lam)
    >>> subdifferential(sp.Max(0, 1 - w), w, 1)
    Interval(-1, 0)
    >>> subdifferential(-sp.Abs(w), w, 0)
    Traceback (most recent call last):
    ...
    l1tutor.symbolic.NotConvexError: expr = -Abs(w) is not convex: its one-sided derivatives at
    w = 0 decrease (1 then -1)
    """
    expr, var = _check_inputs(expr, var)
    point = _check_point(at, var)
    f = _convex_pieces(expr, var)
    i = 0
    while i < len(f.breaks):
        c = _compare(point, f.breaks[i])
        if c == 0:
            return sp.Interval(*_one_sided(f, var, i))
        if c < 0:
            break
        i += 1
    return sp.FiniteSet(sp.simplify(sp.diff(f.polys[i], var).subs(var, point)))


def subgradient(expr: sp.Expr, var: sp.Symbol) -> sp.Piecewise:
    r"""The set-valued map :math:`w \mapsto \partial f(w)` as a SymPy ``Piecewise`` of sets.

    .. math::

        \partial |w| = \begin{cases} \{-1\} & w < 0 \\ [-1, 1] & w = 0 \\ \{1\} & w > 0 \end{cases}

    Between kinks the set is ``{f'(w)}``; at a kink :math:`b` it is
    :math:`[f'_-(b), f'_+(b)]`. A kink where the one-sided derivatives agree (a smooth join, as in
    the Huber function) is folded into the piece on its left. The last case's condition is
    ``True`` (printed "otherwise").

    Parameters
    ----------
    expr : sympy.Expr
        A convex function of ``var`` in the module's grammar.
    var : sympy.Symbol
        The variable.

    Returns
    -------
    sympy.Piecewise
        Sets as values; ``.subs(var, a)`` gives :func:`subdifferential` at ``a``, and
        ``sympy.latex`` renders it as cases.

    Raises
    ------
    NotConvexError, UnsupportedExpressionError, TypeError
        As for :func:`subdifferential`.

    Examples
    --------
    >>> w = sp.Symbol("w", real=True)
    >>> subgradient(sp.Abs(w), w)
    Piecewise(({-1}, w < 0), (Interval(-1, 1), Eq(w, 0)), ({1}, True))
    >>> subgradient(sp.Abs(w), w).subs(w, 0)
    Interval(-1, 1)
    """
    expr, var = _check_inputs(expr, var)
    return _piecewise(expr, var, lambda left, right: sp.Interval(left, right), sp.FiniteSet)


def _piecewise(
    expr: sp.Expr,
    var: sp.Symbol,
    at_kink: Callable[[sp.Expr, sp.Expr], sp.Basic],
    between: Callable[[sp.Expr], sp.Basic],
) -> sp.Piecewise:
    """Piecewise over the kinks: ``between(f')`` on pieces, ``at_kink(left, right)`` at kinks."""
    f = _convex_pieces(expr, var)
    cases, lower = [], None  # lower: the open left end of the current piece, if any
    for i, b in enumerate(f.breaks):
        deriv = between(sp.diff(f.polys[i], var))
        left, right = _one_sided(f, var, i)
        smooth = _sign(right - left, _describe("the jump of the derivative at {}", b)) == 0
        upper = (var <= b) if smooth else (var < b)
        cases.append((deriv, upper if lower is None else sp.And(lower, upper)))
        if not smooth:
            cases.append((at_kink(left, right), sp.Eq(var, b)))
        lower = var > b
    cases.append((between(sp.diff(f.polys[-1], var)), True))
    return sp.Piecewise(*cases)


def subgradient_function(
    expr: sp.Expr, var: sp.Symbol, *, params: Iterable[sp.Symbol] = ()
) -> Callable[..., np.ndarray]:
    r"""A vectorised NumPy function returning the minimum-norm subgradient of ``expr``.

    .. math::

        g(w) = \operatorname{argmin}_{g \in \partial f(w)} |g|
             = \operatorname{clip}\bigl(0,\ f'_-(w),\ f'_+(w)\bigr)

    This is :math:`f'(w)` wherever ``expr`` is differentiable; at a kink it is the element of the
    interval closest to 0, so for :math:`|w|` it is 0 at :math:`w = 0`: the same choice as
    ``numpy.sign``, PyTorch and :func:`l1tutor.losses.l1_grad` (JAX picks 1 there and
    scikit-learn's absolute-error loss -1; all lie in :math:`[-1, 1]`). It is also the steepest
    descent direction, :math:`-g`, of a convex function.

    Parameters
    ----------
    expr : sympy.Expr
        A convex function of ``var`` in the module's grammar.
    var : sympy.Symbol
        The variable.
    params : iterable of sympy.Symbol, default ()
        The other symbols of ``expr``, in the order their values are passed to the result.

    Returns
    -------
    callable
        ``g(w, *param_values)`` returning a float array of the broadcast shape of its arguments.

    Raises
    ------
    ValueError
        ``expr`` has symbols other than ``var`` that are not listed in ``params``.
    NotConvexError, UnsupportedExpressionError, TypeError
        As for :func:`subdifferential`.

    Examples
    --------
    >>> w, lam = sp.Symbol("w", real=True), sp.Symbol("lam", positive=True)
    >>> g = subgradient_function(lam * sp.Abs(w), w, params=[lam])
    >>> g([-2.0, 0.0, 0.5], 3.0)
    array([-3.,  0.,  3.])
    """
    expr, var = _check_inputs(expr, var)
    params = _check_params(params, var)
    if var not in expr.free_symbols and var not in params:
        # A constant expr is fine, but a missing variable is usually a typo.
        others = ", ".join(sorted(str(s) for s in expr.free_symbols)) or "none"
        if expr.free_symbols:
            raise ValueError(f"var {var} does not occur in expr (its symbols: {others})")
    missing = expr.free_symbols - {var} - set(params)
    if missing:
        names = ", ".join(sorted(str(s) for s in missing))
        raise ValueError(f"params must list every symbol of expr other than {var}: missing {names}")
    selection = _piecewise(expr, var, lambda left, right: sp.Max(left, sp.Min(0, right)), sp.S)
    fn = sp.lambdify((var, *params), selection, modules="numpy")

    def g(w: ArrayLike, *values: ArrayLike) -> np.ndarray:
        if len(values) != len(params):
            names = ", ".join(str(p) for p in params) or "none"
            raise TypeError(
                f"expected {len(params)} parameter value(s) after {var} ({names}), "
                f"got {len(values)}"
            )
        arrays = [
            _check_values(w, var),
            *(_check_values(v, p) for p, v in zip(params, values, strict=True)),
        ]
        try:
            shape = np.broadcast_shapes(*(a.shape for a in arrays))
        except ValueError:
            shapes = ", ".join(str(a.shape) for a in arrays)
            raise ValueError(
                f"{var} and the parameter values must broadcast, got {shapes}"
            ) from None
        out = np.asarray(fn(*arrays), dtype=np.float64)
        return np.broadcast_to(out, shape).copy()

    g.__doc__ = f"Minimum-norm subgradient of {expr} with respect to {var}."
    return g


def _check_params(params: object, var: sp.Symbol) -> tuple[sp.Symbol, ...]:
    """``params`` as a tuple of distinct Symbols other than ``var``."""
    scalar_array = isinstance(params, np.ndarray) and params.ndim == 0
    if isinstance(params, str | sp.Basic) or scalar_array or not isinstance(params, Iterable):
        raise TypeError(
            f"params must be a list of sympy Symbols, got {type(params).__name__} {params!r}"
        )
    params = tuple(params)
    for i, p in enumerate(params):
        if not isinstance(p, sp.Symbol):
            raise TypeError(f"params[{i}] must be a sympy Symbol, got {type(p).__name__} {p!r}")
        if p == var:
            raise ValueError(f"params[{i}] is the variable {var}; list only the other symbols")
        if p in params[:i]:
            raise ValueError(f"params lists {p} twice")
    return params


_DECLARED = {
    "positive": lambda v: v > 0,
    "negative": lambda v: v < 0,
    "nonnegative": lambda v: v >= 0,
    "nonpositive": lambda v: v <= 0,
}


def _check_values(values: ArrayLike, symbol: sp.Symbol) -> np.ndarray:
    """Finite float64 values for ``symbol``, within the sign it was declared with."""
    name = str(symbol)
    if values is None or isinstance(values, str | bytes):
        raise TypeError(f"{name} must be a number or an array of numbers, got {values!r}")
    arr = as_float_array(values, name).astype(np.float64, copy=False)
    if arr.size == 0:
        raise ValueError(f"{name} must hold at least one value, got none")
    check_finite(arr, name)
    for sign, holds in _DECLARED.items():
        if getattr(symbol, f"is_{sign}") and not holds(arr).all():
            bad = arr[~holds(arr)].flat[0]
            raise ValueError(f"{name} is declared {sign}, got {bad}")
    return arr


def solve_optimality(
    expr: sp.Expr, var: sp.Symbol, *, solve_for: sp.Symbol | None = None
) -> sp.Piecewise:
    r"""Minimisers of a convex ``expr`` from the optimality condition :math:`0 \in \partial f(w)`.

    .. math::

        w^\star \in \operatorname{argmin} f \iff 0 \in \partial f(w^\star)

    The condition is solved case by case: on each smooth piece :math:`f'(w) = 0` with the root
    required to lie inside the piece, and at each kink :math:`b` the condition
    :math:`f'_-(b) \le 0 \le f'_+(b)`. The conditions are in terms of the parameters. For
    :math:`\tfrac12 (w - z)^2 + \lambda |w|` this derives soft-thresholding.

    Parameters
    ----------
    expr : sympy.Expr
        A convex function of ``var`` in the module's grammar.
    var : sympy.Symbol
        The variable to minimise over.
    solve_for : sympy.Symbol, optional
        A parameter to isolate in the conditions when they are linear in it (e.g. ``z > lam``
        instead of ``lam < z``). By default the one parameter without a sign assumption, if
        there is exactly one (``z`` next to a positive ``lam``); otherwise the conditions are
        only simplified.

    Returns
    -------
    sympy.Piecewise or sympy.Expr or sympy.Set
        The minimiser under each condition, the conditions left unevaluated so that they read as
        disjoint cases. Where a piece is flat the minimiser is not unique: then every case holds
        a set (``Interval`` or ``FiniteSet``). When the first case holds unconditionally, SymPy
        returns its value itself instead of a Piecewise. Values of the parameters with no
        minimiser (``f`` unbounded below) match no case.

    Raises
    ------
    ValueError
        ``expr`` has no minimiser for any value of the parameters.
    NotConvexError, UnsupportedExpressionError, TypeError
        As for :func:`subdifferential`.

    References
    ----------
    N. Parikh, S. Boyd, "Proximal Algorithms", *Foundations and Trends in Optimization* 1(3),
    2014, section 6.5.2.

    Examples
    --------
    >>> w, z = sp.symbols("w z", real=True)
    >>> lam = sp.Symbol("lam", positive=True)
    >>> solve_optimality((w - z) ** 2 / 2 + lam * sp.Abs(w), w)
    Piecewise((lam + z, z < -lam), (0, (z <= lam) & (z >= -lam)), (-lam + z, z > lam))

    A flat bottom gives a set of minimisers (and no Piecewise when it holds unconditionally):

    >>> solve_optimality(sp.Abs(w - 1) + sp.Abs(w + 1), w)
    Interval(-1, 1)
    """
    expr, var = _check_inputs(expr, var)
    f = _convex_pieces(expr, var)
    cases: list[tuple[sp.Basic, sp.Basic]] = []
    for i, p in enumerate(f.polys):
        lo, hi = f.interval(i)
        d = sp.expand(sp.diff(p, var))
        if not d.has(var):  # an affine piece: flat (all of it minimises) or no minimiser
            cases.append((sp.Interval(lo, hi), sp.Eq(d, 0)))
        else:
            for root in sp.solve(d, var):
                if root.is_real is not False:
                    cases.append((root, sp.And(lo < root, root < hi)))
        if i < len(f.breaks):
            left, right = _one_sided(f, var, i)
            cases.append((f.breaks[i], sp.And(left <= 0, right >= 0)))
    parameters = expr.free_symbols - {var}
    if solve_for is None:
        free = [s for s in parameters if not _has_sign_assumption(s)]
        solve_for = free[0] if len(free) == 1 else None
    elif not isinstance(solve_for, sp.Symbol):
        raise TypeError(f"solve_for must be a sympy Symbol, got {type(solve_for).__name__}")
    elif solve_for not in parameters:
        names = ", ".join(sorted(str(s) for s in parameters)) or "none"
        raise ValueError(
            f"solve_for must be a parameter of expr other than {var} ({names}), got {solve_for}"
        )
    tidy = [(m, _tidy(c, solve_for)) for m, c in cases]
    tidy = [(m, c) for m, c in tidy if c is not sp.false]
    if not tidy:
        raise ValueError(f"{expr} has no minimiser over {var}: it is unbounded below")
    if any(isinstance(m, sp.Set) for m, _ in tidy):
        # A flat piece's closed interval contains the kinks at its ends: list it first.
        tidy = [(m if isinstance(m, sp.Set) else sp.FiniteSet(m), c) for m, c in tidy]
        tidy.sort(key=lambda case: isinstance(case[0], sp.FiniteSet))
    return sp.Piecewise(*tidy, evaluate=False)


def _tidy(condition: sp.Basic, solve_for: sp.Symbol | None) -> sp.Basic:
    """Simplify a condition; isolate ``solve_for`` in relations linear in it."""
    condition = sp.simplify(condition)
    if solve_for is None or condition in (sp.true, sp.false):
        return condition
    if isinstance(condition, sp.And):
        return sp.And(*(_tidy(c, solve_for) for c in condition.args))
    if not isinstance(condition, sp.core.relational.Relational):
        return condition
    diff = sp.expand(condition.lhs - condition.rhs)
    coeff = diff.coeff(solve_for)
    if (
        coeff == 0
        or sp.expand(diff - coeff * solve_for).has(solve_for)
        or coeff.is_zero is not False
    ):
        return condition
    sign = _sign(coeff, _describe("the coefficient of {}", solve_for))
    bound = -sp.expand(diff - coeff * solve_for) / coeff
    op = condition.func if sign > 0 else condition.reversed.func
    return op(solve_for, bound)
