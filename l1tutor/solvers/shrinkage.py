r"""Subgradient descent and proximal gradient with full iterate histories: how steps shrink weights.

Both solvers work on a vector :math:`w \in \mathbb{R}^d` (a scalar ``w0`` is the 1-D problem,
:math:`d = 1`) and return a :class:`DescentResult` that keeps every iterate, so a chapter can
plot :math:`|w_k|` over the iterations or count exact zeros without the solver knowing why.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from l1tutor._checks import (
    FloatRangeError,
    as_float_array,
    check_bool,
    check_choice,
    check_finite,
    check_scalar,
)
from l1tutor.solvers.convergence import warn_not_converged

__all__ = ["STEP_RULES", "DescentResult", "proximal_gradient", "subgradient_descent"]

#: Step-size rules of :func:`subgradient_descent`.
STEP_RULES = ("constant", "diminishing")

_Update = Callable[[int, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class DescentResult:
    """Result of :func:`subgradient_descent` or :func:`proximal_gradient`.

    Attributes
    ----------
    w : numpy.ndarray of shape (d,)
        The final iterate :math:`w_{n\\_iter}` (not the best one seen).
    n_iter : int
        Number of iterations performed.
    converged : bool
        True if the stopping test :math:`\\|w_k - w_{k-1}\\|_\\infty \\le` ``tol`` was met before
        ``max_iter``.
    history : numpy.ndarray of shape (n_iter + 1, d)
        Every iterate, starting with ``w0``.
    objective_history : numpy.ndarray of shape (n_iter + 1,) or None
        ``objective`` at every iterate, or None when no ``objective`` was given.
    """

    w: np.ndarray
    n_iter: int
    converged: bool
    history: np.ndarray
    objective_history: np.ndarray | None


def _check_start(w0: ArrayLike) -> np.ndarray:
    w = as_float_array(w0, "w0").astype(np.float64)
    if w.ndim > 1:
        raise ValueError(f"w0 must be a scalar or a 1-D array, got shape {w.shape}")
    w = np.atleast_1d(w)
    if w.size == 0:
        raise ValueError("w0 is empty (shape (0,))")
    check_finite(w, "w0")
    return w


def _check_callable(fn: object, name: str, n_args: int = 1) -> None:
    """Require a callable that accepts ``n_args`` positional arguments."""
    if not callable(fn):
        raise TypeError(f"{name} must be callable, got {type(fn).__name__}")
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):  # some builtins have no signature: trust them
        return
    try:
        signature.bind(*range(n_args))
    except TypeError:
        raise TypeError(
            f"{name} must accept {n_args} positional argument(s), got a callable with the "
            f"signature {signature}"
        ) from None


def _evaluate(
    fn: Callable[..., ArrayLike], name: str, point: np.ndarray, *extra: object
) -> np.ndarray:
    """Call ``fn`` at ``point`` and insist on a real, finite float array of its shape."""
    raw = np.asarray(fn(point, *extra))
    # Complex values would lose their imaginary part, strings would be parsed as numbers.
    if raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must return real numbers, got dtype {raw.dtype}")
    out = raw.astype(np.float64, copy=False)
    if out.shape != point.shape:
        raise ValueError(
            f"{name} must return an array of shape {point.shape}, got shape {out.shape}"
        )
    if not np.isfinite(out).all():
        # The point is finite, so a NaN or an infinity comes from the function itself.
        first = int(np.flatnonzero(~np.isfinite(out.ravel()))[0])
        where = f"at a finite point (first at flat index {first}"
        if np.isnan(out.ravel()[first]):
            raise ValueError(f"{name} returned NaN {where})")
        largest = float(np.max(np.abs(point)))
        raise FloatRangeError(
            f"{name} returned inf {where}, largest |w| = {largest:.3g}): if the iterates grew "
            "that large, step is probably too large (for an L-smooth part, step <= 1/L)"
        )
    return out


def _step(w: np.ndarray, eta: float, direction: np.ndarray, name: str) -> np.ndarray:
    """``w - eta * direction``, refusing an overflow with the numbers that caused it."""
    with np.errstate(over="ignore", invalid="ignore"):
        w_new = w - eta * direction
    if not np.isfinite(w_new).all():
        raise FloatRangeError(
            f"the iterate w - eta * {name} overflowed the floating-point range (eta = {eta:g}, "
            f"largest |{name}| = {float(np.max(np.abs(direction))):.3g}, largest |w| = "
            f"{float(np.max(np.abs(w))):.3g}): step is probably too large (for an L-smooth "
            "part, step <= 1/L)"
        )
    return w_new


def _objective_value(objective: Callable[[np.ndarray], float], w: np.ndarray, k: int) -> float:
    """``objective(w)`` at iterate ``k`` as a float, insisting on one real, finite number."""
    raw = objective(w)
    value = np.asarray(raw)
    if value.shape != () or value.dtype.kind not in "iuf":
        raise TypeError(
            f"objective must return one real number, got {type(raw).__name__} "
            f"of shape {value.shape} and dtype {value.dtype}"
        )
    if np.isnan(value):
        raise ValueError("objective returned NaN at a finite point")
    if np.isinf(value):
        # A history with infinities can be neither compared nor plotted.
        largest = f"{float(np.max(np.abs(w))):.3g}"
        raise FloatRangeError(
            f"objective(w0) is {float(value)}: w0 is too large for the objective's "
            f"floating-point range (largest |w0| = {largest}; rescale the problem)"
            if k == 0
            else f"objective returned {float(value)} at iterate {k} (largest |w| = {largest}): "
            "the iterates left the objective's floating-point range (check step and what the "
            "callables return)"
        )
    return float(value)


def _iterate(
    update: _Update,
    w0: np.ndarray,
    max_iter: int,
    tol: float,
    objective: Callable[[np.ndarray], float] | None,
    solver: str,
) -> DescentResult:
    """Run ``w_{k+1} = update(k, w_k)`` until the infinity-norm change is <= ``tol``."""
    history = [w0]
    w = w0
    converged = False
    for k in range(max_iter):
        w_new = update(k, w)
        history.append(w_new)
        change = float(np.max(np.abs(w_new - w)))
        w = w_new
        if change <= tol:
            converged = True
            break
    if not converged and tol > 0:  # tol = 0 asks for max_iter iterations: nothing to warn of
        warn_not_converged(
            solver,
            f"the last step moved w by {change:.3g} > tol = {tol:g} after {max_iter} "
            "iterations (raise max_iter or tol)",
            depth=2,
        )
    hist = np.array(history)
    obj = (
        None
        if objective is None
        else np.array([_objective_value(objective, h, k) for k, h in enumerate(hist)])
    )
    return DescentResult(
        w=w, n_iter=len(history) - 1, converged=converged, history=hist, objective_history=obj
    )


def subgradient_descent(
    subgrad: Callable[[np.ndarray], ArrayLike],
    w0: ArrayLike,
    *,
    step: float,
    max_iter: int = 1000,
    step_rule: str = "constant",
    tol: float = 0.0,
    objective: Callable[[np.ndarray], float] | None = None,
) -> DescentResult:
    r"""Subgradient method: :math:`w_{k+1} = w_k - \eta_k g_k`, :math:`g_k \in \partial F(w_k)`.

    .. math::

        \eta_k = \eta \quad (\text{"constant"}), \qquad
        \eta_k = \frac{\eta}{\sqrt{k + 1}} \quad (\text{"diminishing"}),
        \qquad k = 0, 1, 2, \dots

    Parameters
    ----------
    subgrad : callable
        ``subgrad(w)`` returns one subgradient of the objective at ``w``, an array of the shape of
        ``w`` (for :math:`\lambda |w|` at 0 it is whatever the callable picks, e.g. 0 with
        :func:`l1tutor.losses.l1_grad`).
    w0 : array_like
        Starting point: a scalar (the 1-D problem, treated as shape (1,)) or a 1-D array.
    step : float
        Base step size :math:`\eta > 0`.
    max_iter : int, default 1000
        Maximum number of iterations.
    step_rule : {"constant", "diminishing"}, default "constant"
        ``"diminishing"`` uses :math:`\eta / \sqrt{k+1}`: the steps tend to 0 but their sum does
        not, so the best objective value seen converges to the minimum (see Notes).
    tol : float, default 0.0
        Stop when :math:`\|w_k - w_{k-1}\|_\infty \le` ``tol``. The default 0 stops only at an exact
        fixed point (a returned subgradient of exactly 0): a small step is no sign of optimality
        here, since a diminishing step shrinks whatever the iterate.
    objective : callable, optional
        ``objective(w)`` is recorded at every iterate in ``objective_history``.

    Returns
    -------
    DescentResult
        ``w`` (the last iterate, shape (d,)), ``n_iter``, ``converged``, ``history`` of shape
        (n_iter + 1, d), ``objective_history``.

    Raises
    ------
    ValueError
        Bad ``step``, ``max_iter``, ``tol``, ``step_rule``, ``w0``, or a ``subgrad`` output of the
        wrong shape.
    l1tutor.FloatRangeError
        The iterates overflowed (``step`` far too large), a callable returned ``inf``, or
        ``objective`` overflowed at an iterate.

    Notes
    -----
    The subgradient method is not a descent method: the objective can go up from one iterate to
    the next, so its guarantees are about the best value seen, :math:`F^{\text{best}}_k =
    \min_{i \le k} F(w_i)`. If every subgradient used has norm at most :math:`G` and
    :math:`\|w_0 - w^\star\|_2 \le R`, then (Boyd, Xiao & Mutapcic, sections 2 and 3)

    .. math::

        F^{\text{best}}_k - F^\star \le \frac{R^2 + G^2 \sum_{i<k} \eta_i^2}{2 \sum_{i<k} \eta_i} .

    With a constant step the bound tends to :math:`G^2 \eta / 2`: the method gets within a
    distance proportional to :math:`\eta` of the minimum value, not to it. With
    :math:`\eta_k = \eta/\sqrt{k+1}` (steps tending to 0 with a divergent sum) it tends to 0,
    as :math:`O(\log k / \sqrt{k})`. Neither rule makes the iterates land on a kink: for
    :math:`\lambda |w|` an iterate near 0 keeps jumping across 0 by about :math:`\eta\lambda`
    and (for generic data) never equals 0 exactly; the proximal step of
    :func:`proximal_gradient` does.

    References
    ----------
    S. Boyd, L. Xiao, A. Mutapcic, "Subgradient Methods", lecture notes, Stanford EE392o, 2003.
    N. Z. Shor, *Minimization Methods for Non-Differentiable Functions*, Springer, 1985.

    Examples
    --------
    Minimise :math:`\tfrac12 (w - 0.3)^2 + |w|` (minimiser 0) from :math:`w_0 = 1`:

    >>> res = subgradient_descent(lambda w: (w - 0.3) + np.sign(w), 1.0, step=0.1, max_iter=50)
    >>> res.history.shape, int(np.count_nonzero(res.history == 0))
    ((51, 1), 0)
    >>> np.round(res.history[-4:, 0], 4)  # jumping across 0, never on it
    array([ 0.0057, -0.0649,  0.0716, -0.0055])
    """
    _check_callable(subgrad, "subgrad")
    w0 = _check_start(w0)
    step = check_scalar(step, "step", low=0.0, closed="neither")
    max_iter = check_scalar(max_iter, "max_iter", kind="int", low=1, high=10**6)
    tol = check_scalar(tol, "tol", low=0.0)
    check_choice(step_rule, "step_rule", STEP_RULES)
    if objective is not None:
        _check_callable(objective, "objective")
    diminishing = step_rule == "diminishing"

    def update(k: int, w: np.ndarray) -> np.ndarray:
        eta = step / np.sqrt(k + 1) if diminishing else step
        return _step(w, eta, _evaluate(subgrad, "subgrad", w), "subgrad(w)")

    return _iterate(update, w0, max_iter, tol, objective, "subgradient_descent")


def proximal_gradient(
    grad_f: Callable[[np.ndarray], ArrayLike],
    prox_g: Callable[[np.ndarray, float, float], ArrayLike],
    w0: ArrayLike,
    *,
    penalty: float,
    step: float,
    max_iter: int = 1000,
    tol: float = 1e-10,
    accelerated: bool = False,
    objective: Callable[[np.ndarray], float] | None = None,
) -> DescentResult:
    r"""Proximal gradient (ISTA) or its accelerated form (FISTA) for :math:`f(w) + \lambda h(w)`.

    .. math::

        w_{k+1} = \operatorname{prox}_{\eta\lambda h}\bigl(y_k - \eta \nabla f(y_k)\bigr),
        \qquad \operatorname{prox}_{\eta\lambda h}(v) = \operatorname{argmin}_u\
        \eta\lambda h(u) + \tfrac12 \|u - v\|_2^2

    with :math:`y_k = w_k` (ISTA) or, for FISTA, :math:`t_0 = 1`,
    :math:`t_{k+1} = \bigl(1 + \sqrt{1 + 4 t_k^2}\bigr)/2` and
    :math:`y_{k+1} = w_{k+1} + \frac{t_k - 1}{t_{k+1}} (w_{k+1} - w_k)`.

    Parameters
    ----------
    grad_f : callable
        ``grad_f(w)``: gradient of the smooth part :math:`f`, an array of the shape of ``w``.
    prox_g : callable
        ``prox_g(v, penalty, step)``: the proximal operator of :math:`\eta\lambda h` at ``v``,
        with the signature of the operators in :mod:`l1tutor.prox`; pass
        :func:`l1tutor.prox.prox_l1` itself for :math:`h = \|\cdot\|_1`.
    w0 : array_like
        Starting point: a scalar (the 1-D problem, treated as shape (1,)) or a 1-D array.
    penalty : float
        The penalty weight :math:`\lambda \ge 0`, passed on to ``prox_g``.
    step : float
        Step size :math:`\eta > 0`. When :math:`\nabla f` is :math:`L`-Lipschitz, the iterates
        of ISTA converge to a minimiser for every :math:`\eta < 2/L` (Combettes & Wajs), and
        for :math:`\eta \le 1/L` the objective error after :math:`k` steps is at most
        :math:`\|w_0 - w^\star\|_2^2 / (2\eta k)` (FISTA: :math:`2\|w_0 - w^\star\|_2^2 /
        (\eta (k + 1)^2)`; Beck & Teboulle, theorems 3.1 and 4.4).
    max_iter : int, default 1000
        Maximum number of iterations.
    tol : float, default 1e-10
        Stop when :math:`\|w_k - w_{k-1}\|_\infty \le` ``tol`` (absolute, in the units of ``w``).
    accelerated : bool, default False
        False: ISTA, objective error :math:`O(1/k)`. True: FISTA with the momentum above,
        :math:`O(1/k^2)`.
    objective : callable, optional
        ``objective(w)`` is recorded at every iterate in ``objective_history``.

    Returns
    -------
    DescentResult
        ``w`` (the last iterate, shape (d,)), ``n_iter``, ``converged``, ``history`` of shape
        (n_iter + 1, d), ``objective_history``.

    Raises
    ------
    ValueError
        Bad ``step``, ``max_iter``, ``tol``, ``w0``, or a callable returning the wrong shape.
    l1tutor.FloatRangeError
        The iterates overflowed (``step`` far too large), a callable returned ``inf``, or
        ``objective`` overflowed at an iterate.

    Notes
    -----
    ``history`` holds the points :math:`w_k` returned by the prox (for FISTA, not the
    extrapolated :math:`y_k`), so with :math:`g = \lambda\|\cdot\|_1` its zeros are exact zeros.
    FISTA's objective need not decrease monotonically.

    References
    ----------
    A. Beck, M. Teboulle, "A Fast Iterative Shrinkage-Thresholding Algorithm for Linear Inverse
    Problems", *SIAM Journal on Imaging Sciences* 2(1), 183-202, 2009.
    N. Parikh, S. Boyd, "Proximal Algorithms", *Foundations and Trends in Optimization* 1(3),
    2014, section 4.2.
    P. L. Combettes, V. R. Wajs, "Signal Recovery by Proximal Forward-Backward Splitting",
    *Multiscale Modeling & Simulation* 4(4), 1168-1200, 2005.

    Examples
    --------
    Minimise :math:`\tfrac12 (w - z)^2 + |w|` for three values of :math:`z` at once; with
    ``step=1`` one step is exact soft-thresholding:

    >>> from l1tutor.prox import prox_l1
    >>> z = np.array([0.3, -2.0, 1.0])
    >>> res = proximal_gradient(lambda w: w - z, prox_l1, np.zeros(3), penalty=1.0, step=1.0)
    >>> res.w, res.n_iter, res.converged
    (array([ 0., -1.,  0.]), 2, True)
    """
    _check_callable(grad_f, "grad_f")
    _check_callable(prox_g, "prox_g", 3)
    w0 = _check_start(w0)
    penalty = check_scalar(penalty, "penalty", low=0.0)
    step = check_scalar(step, "step", low=0.0, closed="neither")
    max_iter = check_scalar(max_iter, "max_iter", kind="int", low=1, high=10**6)
    tol = check_scalar(tol, "tol", low=0.0)
    accelerated = check_bool(accelerated, "accelerated")
    if objective is not None:
        _check_callable(objective, "objective")

    def forward_backward(y: np.ndarray) -> np.ndarray:
        v = _step(y, step, _evaluate(grad_f, "grad_f", y), "grad_f(w)")
        return _evaluate(prox_g, "prox_g", v, penalty, step)

    if not accelerated:
        return _iterate(
            lambda k, w: forward_backward(w),
            w0,
            max_iter,
            tol,
            objective,
            "proximal_gradient",
        )

    y, t = w0, 1.0

    def fista_update(k: int, w: np.ndarray) -> np.ndarray:
        nonlocal y, t
        w_new = forward_backward(y)
        t_new = (1.0 + np.sqrt(1.0 + 4.0 * t * t)) / 2.0
        y = _step(w_new, (1.0 - t) / t_new, w_new - w, "(w_new - w_old)")
        t = t_new
        return w_new

    return _iterate(fista_update, w0, max_iter, tol, objective, "proximal_gradient")
