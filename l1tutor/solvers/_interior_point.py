r"""The Frisch-Newton interior-point method for quantile regression (Koenker's ``rq.fit.fnb``).

Quantile regression's dual, written with :math:`x = d + (1 - \tau) s \in [0, s]`, is the
bounded linear programme

.. math::

    \min_x\ -y^\top x \quad \text{s.t.} \quad Z^\top x = (1 - \tau) Z^\top s, \qquad
    0 \le x \le s,

whose equality multipliers are minus the coefficients :math:`\beta`. Each primal-dual Newton
step (Mehrotra's predictor-corrector) solves one :math:`p \times p` system
:math:`Z^\top Q Z`, so an iteration costs :math:`O(np^2)` and a fit takes a few dozen of them
whatever n, where the simplex method pivots through many vertices.

References
----------
S. Portnoy, R. Koenker, "The Gaussian hare and the Laplacian tortoise: computability of
squared-error versus absolute-error estimators", *Statistical Science* 12(4), 279-300, 1997.
S. Mehrotra, "On the implementation of a primal-dual interior point method", *SIAM Journal on
Optimization* 2(4), 575-601, 1992.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.linalg

from l1tutor._reductions import total
from l1tutor.losses import PINBALL

# The fraction of the way to the boundary a step may go (Koenker's 0.99995).
_STEP_FRACTION = 0.99995


def _step_to_boundary(v: np.ndarray, dv: np.ndarray) -> float:
    """The largest step that keeps ``v + step * dv`` non-negative (inf if ``dv >= 0``)."""
    # One pass with a mask, not a copy of the shrinking entries: this runs 4 times per iteration.
    steps = np.divide(v, -dv, out=np.full_like(v, np.inf), where=dv < 0)
    return float(steps.min())


class _Point:
    """A primal-dual point: x and its slack s - x (each kept to its own relative accuracy),
    the equality multipliers, z and w."""

    def __init__(
        self, x: np.ndarray, slack: np.ndarray, dual: np.ndarray, z: np.ndarray, w: np.ndarray
    ) -> None:
        self.x, self.slack, self.dual, self.z, self.w = x, slack, dual, z, w

    @property
    def gap(self) -> float:
        return float(self.x @ self.z + self.slack @ self.w)


def _newton_direction(
    Z: np.ndarray,
    point: _Point,
    solve: Callable[[np.ndarray], np.ndarray],
    q: np.ndarray,
    residual: np.ndarray,
    r_xz: np.ndarray,
    r_sw: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The step (dx, d_dual, dz, dw) for the linearised conditions with these right-hand sides.

    Complementarity ``z dx + x dz = r_xz`` and ``-w dx + (s - x) dw = r_sw`` leave, after
    eliminating dz and dw, ``dx = q (Z d_dual - rhs)`` with ``q = 1 / (z/x + w/(s - x))``, and
    ``Z^T dx = 0`` gives the p x p system ``Z^T Q Z d_dual = Z^T Q rhs``, which ``solve``
    solves (its matrix is factored once for the predictor and the corrector).
    """
    x, slack, z, w = point.x, point.slack, point.z, point.w
    rhs = residual - r_xz / x + r_sw / slack
    d_dual = solve(Z.T @ (q * rhs))
    dx = q * (Z @ d_dual - rhs)
    return dx, d_dual, (r_xz - z * dx) / x, (r_sw + w * dx) / slack


def frisch_newton(
    Z: np.ndarray,
    y: np.ndarray,
    s: np.ndarray,
    quantile: float,
    *,
    tol: float = 1e-12,
    max_iter: int = 100,
) -> tuple[np.ndarray, np.ndarray, int, bool]:
    """Solve the dual LP above for data of order 1; return ``(beta, d, n_iter, converged)``.

    ``d = x - (1 - tau) s = tau s - (s - x)`` is feasible for the dual (``Z^T d = 0`` up to
    rounding, ``(tau - 1) s < d < tau s``), so ``y^T d`` bounds the minimum from below. The run
    stops when the complementarity gap ``x^T z + (s - x)^T w``, which bounds the distance of both
    objectives from the optimum, is below ``tol`` times ``sum_i s_i |y_i|``.
    """
    n = y.size
    c = -y
    # Primal start: x = (1 - tau) s satisfies Z^T x = (1 - tau) Z^T s exactly. Dual start: the
    # least-squares multipliers, with c - Z dual split into z - w, both positive by a margin.
    dual = np.linalg.lstsq(Z, c, rcond=None)[0]
    r = c - Z @ dual
    margin = max(float(np.mean(np.abs(r))), 1e-3)
    z, w = np.maximum(r, 0.0) + margin, np.maximum(-r, 0.0) + margin
    point = _Point((1.0 - quantile) * s, quantile * s, dual, z, w)
    # On all-zero targets every point is optimal and the start already has gap > 0: scale by
    # the weights then.
    target = tol * (float(np.abs(y) @ s) or float(s.sum()))
    n_iter = 0
    while point.gap > target and n_iter < max_iter:
        n_iter += 1
        x, slack, z, w = point.x, point.slack, point.z, point.w
        residual = c - Z @ point.dual - z + w  # dual infeasibility: rounding only
        q = 1.0 / (z / x + w / slack)
        solve = _normal_solver(Z, q)
        # Predictor: the affine-scaling direction, towards complementarity 0.
        dx, _, dz, dw = _newton_direction(Z, point, solve, q, residual, -x * z, -slack * w)
        alpha_p = min(1.0, _step_to_boundary(x, dx), _step_to_boundary(slack, -dx))
        alpha_d = min(1.0, _step_to_boundary(z, dz), _step_to_boundary(w, dw))
        affine_gap = float(
            (x + alpha_p * dx) @ (z + alpha_d * dz) + (slack - alpha_p * dx) @ (w + alpha_d * dw)
        )
        mu = (affine_gap / point.gap) ** 3 * point.gap / (2 * n)
        # Corrector: towards the central path at mu, with the predictor's second-order term.
        dx, d_dual, dz, dw = _newton_direction(
            Z, point, solve, q, residual, mu - x * z - dx * dz, mu - slack * w + dx * dw
        )
        alpha_p = min(
            1.0, _STEP_FRACTION * min(_step_to_boundary(x, dx), _step_to_boundary(slack, -dx))
        )
        alpha_d = min(1.0, _STEP_FRACTION * min(_step_to_boundary(z, dz), _step_to_boundary(w, dw)))
        point = _Point(
            x + alpha_p * dx,
            slack - alpha_p * dx,
            point.dual + alpha_d * d_dual,
            z + alpha_d * dz,
            w + alpha_d * dw,
        )
    # d = x - (1 - tau) s = tau s - slack: from whichever of the two is the smaller.
    d = np.where(quantile <= 0.5, quantile * s - point.slack, point.x - (1.0 - quantile) * s)
    return -point.dual, d, n_iter, point.gap <= target


def _normal_solver(Z: np.ndarray, q: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """A solver for ``Z^T diag(q) Z v = rhs``: Cholesky, or least squares if it is singular."""
    normal = Z.T @ (q[:, None] * Z)
    if normal.size == 0:
        return lambda rhs: np.zeros(0)
    try:
        factor = scipy.linalg.cho_factor(normal)
    except np.linalg.LinAlgError:  # a rank-deficient design: the minimum-norm direction
        return lambda rhs: np.linalg.lstsq(normal, rhs, rcond=None)[0]
    return lambda rhs: scipy.linalg.cho_solve(factor, rhs)


def nearest_vertex(
    Z: np.ndarray, y: np.ndarray, s: np.ndarray, quantile: float, beta: np.ndarray
) -> tuple[np.ndarray, np.ndarray | None] | None:
    """The optimal vertex through the p points nearest the interior fit ``beta``, or None.

    An interior-point method ends inside the optimal face; the simplex method, and the book's
    statement that an L1 fit interpolates p points, end at a vertex. The p points with the
    smallest residuals whose rows of ``Z`` are independent define a basic solution. Its dual
    follows from the signs of the other residuals (``d_i = tau s_i`` above the fit,
    ``(tau - 1) s_i`` below) and ``Z^T d = 0``; when the basic points' ``d_i`` are within
    their bounds, the vertex is optimal and ``(vertex, d)`` is returned, ``d`` being an exact
    certificate (``y^T d`` equals the minimum up to rounding, even for a tiny ``tau``), or
    ``(vertex, None)`` for a degenerate vertex whose objective is no larger than ``beta``'s.
    """
    n, p = Z.shape
    if n < p:
        return None
    basis: list[int] = []
    # Residuals equal to 1e-9 (of the data's size 1) count as ties, broken by the row order: the
    # choice between two equally good vertices must not hang on the last bits of an iterate.
    nearness = np.floor(np.abs(y - Z @ beta) * 1e9)
    for i in np.argsort(nearness, kind="stable")[: 5 * p]:
        if np.linalg.matrix_rank(Z[[*basis, i]]) == len(basis) + 1:
            basis.append(int(i))
            if len(basis) == p:
                break
    if len(basis) < p:
        return None
    rows = Z[basis]
    vertex = np.linalg.solve(rows, y[basis]) if p else np.zeros(0)
    r = y - Z @ vertex
    r[basis] = 0.0
    d = np.where(r > 0, quantile * s, (quantile - 1.0) * s)
    d[basis] = 0.0
    if p:
        d[basis] = np.linalg.solve(rows.T, -(Z.T @ d))
    low, high = (quantile - 1.0) * s[basis], quantile * s[basis]
    margin = 1e-10 * s[basis]
    if np.all((d[basis] >= low - margin) & (d[basis] <= high + margin)):
        d[basis] = np.clip(d[basis], low, high)
        return vertex, d
    # A degenerate vertex (more than p residuals at 0, the signs of the rest then say nothing):
    # still the answer if no worse than the interior fit, certified by the interior dual.
    slack = 1e-12 * (float(np.abs(y) @ s) or 1.0)
    vertex_loss = total(PINBALL, y, Z @ vertex, s, "sum", quantile)
    if vertex_loss <= total(PINBALL, y, Z @ beta, s, "sum", quantile) + slack:
        return vertex, None
    return None
