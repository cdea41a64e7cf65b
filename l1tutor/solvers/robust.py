r"""Linear regression under the L1, L2, Huber and pinball losses.

Four solvers with one interface, ``f(X, y, *, fit_intercept=True, sample_weight=None)``
(Huber adds ``delta``, quantile regression ``quantile``), and one result type,
:class:`RegressionResult`, so that a chapter can fit them side by side. Each minimises a *sum*
of weighted per-row losses of the residual :math:`r_i = y_i - x_i^\top w - b`:

* :func:`lad_regression`: :math:`\sum_i s_i |r_i|` (least absolute deviations), exactly, as a
  linear programme;
* :func:`quantile_regression`: :math:`\sum_i s_i \rho_\tau(r_i)` with the pinball loss
  :math:`\rho_\tau`, by the same linear programme (LAD is its case :math:`\tau = 1/2`);
* :func:`least_squares`: :math:`\sum_i s_i r_i^2` (ordinary least squares), directly;
* :func:`huber_regression`: :math:`\sum_i s_i H_\delta(r_i)`, by Newton's method with a line
  search, which ends exactly once it has found which residuals lie inside :math:`[-\delta, \delta]`.

Shared input rules: ``X`` is 2-D of shape (n, p) (a single feature is ``x.reshape(-1, 1)``, and
p = 0 with an intercept fits a constant), ``y`` is 1-D of length n, both finite, and n is at least
the number of parameters (p, plus one for the intercept).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import linprog

from l1tutor._checks import (
    check_bool,
    check_choice,
    check_sample_weight,
    check_scalar,
    check_Xy,
)
from l1tutor._reductions import gradient, total
from l1tutor.losses import HUBER, PINBALL
from l1tutor.solvers._design import check_coefficients, predict_linear
from l1tutor.solvers._interior_point import interior_point
from l1tutor.solvers.convergence import warn_not_converged

__all__ = [
    "LP_METHODS",
    "QUANTILE_MIN",
    "RegressionResult",
    "fit_each_loss",
    "huber_regression",
    "lad_regression",
    "least_squares",
    "quantile_regression",
]


#: The quantiles a fit accepts are in [QUANTILE_MIN, 1 - QUANTILE_MIN]: closer to 0 or 1 the
#: quantile enters the linear program below its tolerances (1e-10), and fits at 1e-12 and 1e-9
#: cannot be told apart.
QUANTILE_MIN = 1e-9

#: How :func:`lad_regression` and :func:`quantile_regression` solve their linear programme:
#: Frisch-Newton interior point (the default, then moved to a vertex), or HiGHS's dual simplex.
LP_METHODS = ("interior-point", "simplex")


@dataclass(frozen=True)
class RegressionResult:
    """A fitted linear model :math:`\\hat y = X w + b` and how it was found.

    Attributes
    ----------
    coef : numpy.ndarray of shape (p,)
        The weights :math:`w`.
    intercept : float
        The intercept :math:`b` (0.0 when ``fit_intercept=False``).
    loss : {"l1", "l2", "huber", "pinball"}
        Which loss was minimised.
    objective : float
        The minimised sum :math:`\\sum_i s_i \\ell(r_i)` (no division by n); ``inf`` when the
        sum itself exceeds the floating-point range (weights near 1e308, squared residuals of
        1e154), the coefficients being exact all the same.
    n_iter : int
        Solver iterations: interior-point or simplex iterations (L1, pinball), 0 for the
        direct solve (L2), Newton or IRLS steps (Huber).
    converged : bool
        Whether the solver's own optimality check passed.
    quantile : float or None
        The quantile :math:`\\tau` of a ``"pinball"`` fit (None for the other losses).
    """

    coef: np.ndarray
    intercept: float
    loss: str
    objective: float
    n_iter: int
    converged: bool
    quantile: float | None = None

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Return :math:`X w + b` for ``X`` of shape (m, p).

        Examples
        --------
        >>> fit = least_squares([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
        >>> fit.predict([[3.0]])
        array([7.])
        """
        return predict_linear(X, self.coef, self.intercept)


def _validate(
    X: ArrayLike, y: ArrayLike, fit_intercept: bool, sample_weight: ArrayLike | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the design (with a leading column of ones for the intercept), y and the weights."""
    X, y = check_Xy(X, y)
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    n_params = X.shape[1] + int(fit_intercept)
    if n_params == 0:
        raise ValueError("X has no columns and fit_intercept=False: there is nothing to fit")
    if X.shape[0] < n_params:
        raise ValueError(
            f"X has {X.shape[0]} rows but the model has {n_params} parameters "
            f"({X.shape[1]} coefficients{' + intercept' if fit_intercept else ''}): "
            "need at least as many rows as parameters"
        )
    if sample_weight is None:
        s = np.ones(X.shape[0])
    else:
        s = check_sample_weight(sample_weight, X.shape[0])
    design = np.hstack([np.ones((X.shape[0], 1)), X]) if fit_intercept else X
    return design, y, s


def _weighted_lstsq(Z: np.ndarray, y: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Minimise sum_i s_i (y_i - z_i beta)^2 by an SVD (minimum norm if Z is rank-deficient).

    Solved for y, each column of Z and s divided by its largest magnitude (beta = a beta' / c,
    as in :func:`_solve_quantile_dual`), so that weights of 1e308 or columns of 1e-320 neither
    overflow nor vanish inside the SVD.
    """
    a, c = _scales(Z, y)
    root = np.sqrt(s / s.max())
    beta = np.linalg.lstsq(Z / c * root[:, None], y / a * root, rcond=None)[0]
    with np.errstate(over="ignore"):
        return a * beta / c


def _unit_weights(s: np.ndarray) -> tuple[np.ndarray, float]:
    """``s`` divided by its largest weight, and that weight: the fits do not change, and
    weights of 1e308 can then be summed and multiplied without overflowing."""
    scale = float(s.max())
    return s / scale, scale


def _scales(Z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """The largest magnitude of ``y`` and of each column of ``Z`` (1 where it is 0)."""
    col_scale = np.abs(Z).max(axis=0)
    col_scale[col_scale == 0] = 1.0
    return float(np.abs(y).max()) or 1.0, col_scale


def _quantile_dual(
    Z: np.ndarray, y: np.ndarray, s: np.ndarray, quantile: float, method: str = "interior-point"
) -> tuple[np.ndarray, np.ndarray, int]:
    """Weighted quantile regression of y on the checked design Z, by its dual linear program.

    Returns (beta, d, iterations): beta minimises sum_i s_i rho_tau(y_i - z_i beta), and the
    dual point d certifies it (y^T d equals that minimum).

    Targets far from the bulk of y (an outlier of 1e11 next to data of size 1) would leave the
    rest below the LP solver's tolerances. A quantile fit depends on such a point only through
    the side of the fit it lies on (its term of the optimality condition is -tau s_i z_i or
    (1 - tau) s_i z_i either way), so they are moved closer, the LP is solved, and the answer
    is kept once every moved point is still strictly on the same side: then it satisfies the
    optimality conditions of the original problem too. Otherwise they are moved less.
    """
    centre = float(np.median(y))
    with np.errstate(over="ignore"):  # inf for a pair of values near -1e308 and 1e308: far
        deviation = np.abs(y - centre)
    spread = float(np.median(deviation))
    if not 0 < spread < np.inf:
        # More than half the values equal the median (or lie beyond the range): the bulk has
        # no spread, so measure "far" against the median's own size.
        spread = abs(centre) if 0 < abs(centre) < np.inf else 1.0
    limit = 1e4 * spread
    while True:
        far = deviation > limit
        clipped = np.clip(y, centre - limit, centre + limit) if far.any() else y
        beta, d, n_iter = _solve_quantile_dual(Z, clipped, s, quantile, method)
        check_coefficients(beta)
        fitted = Z @ beta
        side = np.sign(y[far] - fitted[far])
        if not far.any() or (
            np.all(side != 0) and np.all(side == np.sign(clipped[far] - fitted[far]))
        ):
            # d is feasible for every y (the constraints do not involve y): y^T d is the dual
            # optimum of the original problem.
            return beta, d, n_iter
        limit *= 1e3


def _solve_quantile_dual(
    Z: np.ndarray, y: np.ndarray, s: np.ndarray, quantile: float, method: str
) -> tuple[np.ndarray, np.ndarray, int]:
    """Solve max y^T d s.t. Z^T d = 0, (tau - 1) s_i <= d_i <= tau s_i; return beta, d, iterations.

    HiGHS's tolerances are absolute (about 1e-7), so the LP is solved for y, each column of Z
    and s divided by its largest magnitude; the problem is equivariant under these scalings
    (with y' = y / a and Z' = Z / c, beta = a * beta' / c), so the answer is mapped back
    exactly. The variables are shifted to u in [0, s_i] (d = u + (tau - 1) s for tau <= 1/2,
    d = tau s - u above), so that a quantile of 1e-11 is a right-hand side of size 1, not a
    bound of 1e-11 that the tolerances would swallow. beta is minus the multipliers of the
    equality rows Z^T d = 0.
    """
    y_scale, col_scale = _scales(Z, y)
    s_scale = float(s.max())
    w = s / s_scale
    if method == "interior-point":
        # Rows of weight 0 are fixed at d_i = 0: no interior for them, and no effect on beta.
        kept = w > 0
        # A copy of the rows only when some are dropped: at n = 10^6 it costs a pass over Z.
        rows, targets = (Z, y) if kept.all() else (Z[kept], y[kept])
        beta, d_kept, n_iter = interior_point(
            rows / col_scale, targets / y_scale, w[kept], quantile
        )
        d = np.zeros_like(w)
        d[kept] = d_kept
        with np.errstate(over="ignore"):  # checked by the caller
            return beta * y_scale / col_scale, d * s_scale, n_iter
    A = (Z / col_scale).T
    low = quantile <= 0.5
    res = linprog(
        -(y / y_scale) if low else y / y_scale,
        A_eq=A,
        b_eq=((1.0 - quantile) if low else quantile) * (A @ w),
        bounds=np.column_stack([np.zeros_like(w), w]),
        method="highs-ds",
        # Tighter than HiGHS's 1e-7, so that a vertex one tolerance away from optimal (a
        # median off by a point 1e-8 away) is not accepted as the answer.
        options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10},
    )
    if not res.success:
        raise RuntimeError(f"the LP solver failed: {res.message}")
    # For tau > 1/2 the rows read Z^T u = tau Z^T w, the negatives of Z^T d = 0.
    multipliers = res.eqlin.marginals if low else -res.eqlin.marginals
    with np.errstate(over="ignore"):  # checked by the caller
        beta = -multipliers * y_scale / col_scale
    d = res.x + (quantile - 1.0) * w if low else quantile * w - res.x
    return beta, d * s_scale, int(res.nit)


def _fit_quantile(
    Z: np.ndarray,
    y: np.ndarray,
    s: np.ndarray,
    quantile: float,
    fit_intercept: bool,
    method: object = "interior-point",
) -> RegressionResult:
    """Weighted quantile regression on the checked design Z, as a ``"pinball"`` result."""
    method = check_choice(method, "method", LP_METHODS)
    s, weight_scale = _unit_weights(s)
    beta, d, n_iter = _quantile_dual(Z, y, s, quantile, method)
    # The certificate in units of the largest |y_i|: sums of values near 1e308 overflow.
    a = float(np.abs(y).max()) or 1.0
    u = y / a
    with np.errstate(over="ignore"):  # Z beta / a can exceed the range only if beta does
        fitted = Z @ beta / a
    objective = float(total(PINBALL, u, fitted, s, "sum", quantile))
    dual_objective = float(u @ d)
    # Strong duality: the primal objective of the recovered beta equals the dual optimum, up to
    # 1e-9 relative and the rounding of y^T d (|d_i| <= s_i), which dominates for tiny tau.
    size = float(s @ np.abs(u))
    scale = max(objective, size * min(quantile, 1 - quantile))
    rounding = 64 * np.finfo(float).eps * size
    converged = bool(abs(objective - dual_objective) <= 1e-9 * scale + rounding)
    if not converged:
        warn_not_converged(
            "lad_regression" if quantile == 0.5 else "quantile_regression",
            f"the duality gap {abs(objective - dual_objective):.3g} exceeds its tolerance",
            depth=2,
        )
    with np.errstate(over="ignore"):  # a minimum beyond the float range is inf
        minimum = objective * a * weight_scale
    return _result(beta, fit_intercept, "pinball", minimum, n_iter, converged, quantile)


def _result(
    beta: np.ndarray,
    fit_intercept: bool,
    loss: str,
    objective: float,
    n_iter: int,
    converged: bool,
    quantile: float | None = None,
) -> RegressionResult:
    coef, intercept = (beta[1:], float(beta[0])) if fit_intercept else (beta, 0.0)
    return RegressionResult(
        coef=coef,
        intercept=intercept,
        loss=loss,
        objective=float(objective),
        n_iter=int(n_iter),
        converged=bool(converged),
        quantile=quantile,
    )


def lad_regression(
    X: ArrayLike,
    y: ArrayLike,
    *,
    fit_intercept: bool = True,
    sample_weight: ArrayLike | None = None,
    method: str = "interior-point",
) -> RegressionResult:
    r"""Least absolute deviations (L1-loss linear regression), solved exactly.

    .. math::

        \min_{w, b} \sum_{i=1}^{n} s_i \, |y_i - x_i^\top w - b|

    Parameters
    ----------
    X : array_like of shape (n, p)
        Features; p may be 0 with ``fit_intercept=True`` (the fit is then a median of ``y``).
    y : array_like of shape (n,)
        Targets.
    fit_intercept : bool, default True
        Whether to fit :math:`b` (otherwise :math:`b = 0`).
    sample_weight : array_like of shape (n,), optional
        Non-negative weights :math:`s_i`, not all zero; all ones by default.
    method : {"interior-point", "simplex"}, default "interior-point"
        How the linear programme below is solved (see Notes); both give the same minimum.

    Returns
    -------
    RegressionResult
        With ``loss="l1"``; ``objective`` is the minimised weighted sum of absolute residuals.

    Raises
    ------
    ValueError
        ``X`` not 2-D, ``y`` not 1-D, row counts differ, NaN or infinity, fewer rows than
        parameters, bad weights.
    RuntimeError
        The LP solver reports a failure (not expected: the dual LP is feasible and bounded).

    Notes
    -----
    The problem is solved through its dual linear programme, with :math:`Z = [\mathbf 1, X]`
    (or :math:`Z = X` without intercept):

    .. math::

        \max_{d \in \mathbb R^n} y^\top d \quad \text{s.t.} \quad Z^\top d = 0,\;
        -s_i \le d_i \le s_i .

    It has n bounded variables and only p + 1 equality rows, against 2n + 2p variables and n
    rows for the primal LP that scikit-learn's ``QuantileRegressor`` solves. :math:`(b, w)` is
    minus the multipliers of the equality rows. ``method="interior-point"`` (the default)
    follows the central path by Frisch-Newton steps (Mehrotra's predictor-corrector, as in
    Koenker's ``rq.fit.fnb``): each costs one (p + 1) x (p + 1) solve, and a few dozen of them
    suffice whatever n, so it scales to millions of rows. From 30,000 rows on it first runs
    Portnoy and Koenker's preprocessing (as ``rq.fit.pfn``): a fit on a random subsample of
    about :math:`\sqrt{p}\, n^{2/3}` rows (the same one on every call) says which rows lie
    clearly above or below the fit; each of the two groups is replaced by one pseudo-row and
    the iterations run on the rows left, about as many as the subsample. Rows that end on the
    wrong side are put back and the problem solved again; once every grouped row is on its
    side, the fit minimises the full objective too, exactly. It then moves to the vertex
    through the p + 1 points nearest its solution when that is as good. ``method="simplex"`` is
    HiGHS's dual simplex, which pivots from vertex to vertex and slows down as n grows. Either
    way the primal objective is checked against the dual one (``converged`` is True when they
    agree to 1e-9 relative).

    At a vertex the fit passes exactly through at least p + 1 data points (p with
    ``fit_intercept=False``) when :math:`Z` has full column rank: the residual vector is
    sparse; both methods return one (the interior-point method unless no vertex near its
    solution is as good, which rounding can cause in degenerate problems). The minimiser need
    not be unique (for example, any median of an even number of points minimises
    :math:`\sum_i |y_i - c|`); this returns one of them.

    scikit-learn's ``QuantileRegressor(quantile=0.5, alpha=0)`` minimises the same objective
    up to a constant factor (its pinball loss at 0.5 is half the absolute value).

    References
    ----------
    R. Koenker, G. Bassett, "Regression Quantiles", *Econometrica* 46(1), 33-50, 1978.
    A. Charnes, W. W. Cooper, R. O. Ferguson, "Optimal Estimation of Executive Compensation by
    Linear Programming", *Management Science* 1(2), 138-151, 1955.
    S. Portnoy, R. Koenker, "The Gaussian hare and the Laplacian tortoise: computability of
    squared-error versus absolute-error estimators", *Statistical Science* 12(4), 279-300, 1997.

    Examples
    --------
    Four points on the line y = 1 + 2x and one outlier: LAD passes through the four.

    >>> X, y = [[0.0], [1.0], [2.0], [3.0], [4.0]], [1.0, 3.0, 100.0, 7.0, 9.0]
    >>> fit = lad_regression(X, y)
    >>> print(f"{fit.coef[0]:.4f} {fit.intercept:.4f} {fit.objective:.4f}")
    2.0000 1.0000 95.0000
    >>> lad_regression(np.empty((5, 0)), [3.0, 1.0, 4.0, 1.0, 5.0]).intercept
    3.0
    """
    Z, y, s = _validate(X, y, fit_intercept, sample_weight)
    # The median case of quantile regression: |u| = 2 rho_{1/2}(u).
    median = _fit_quantile(Z, y, s, 0.5, fit_intercept, method)
    return dataclasses.replace(median, loss="l1", objective=2.0 * median.objective, quantile=None)


def quantile_regression(
    X: ArrayLike,
    y: ArrayLike,
    *,
    quantile: float = 0.5,
    fit_intercept: bool = True,
    sample_weight: ArrayLike | None = None,
    method: str = "interior-point",
) -> RegressionResult:
    r"""Linear quantile regression, solved exactly: the line below which a fraction tau lies.

    .. math::

        \min_{w, b} \sum_{i=1}^{n} s_i \, \rho_\tau(y_i - x_i^\top w - b), \qquad
        \rho_\tau(u) = \max(\tau u, (\tau - 1) u)

    Parameters
    ----------
    X : array_like of shape (n, p)
        Features; p may be 0 with ``fit_intercept=True`` (the fit is then a
        :math:`\tau`-quantile of ``y``).
    y : array_like of shape (n,)
        Targets.
    quantile : float, default 0.5
        :math:`\tau`, in ``[QUANTILE_MIN, 1 - QUANTILE_MIN]`` (``QUANTILE_MIN = 1e-9``); 0.5
        fits the conditional median (LAD).
    fit_intercept : bool, default True
        Whether to fit :math:`b` (otherwise :math:`b = 0`).
    sample_weight : array_like of shape (n,), optional
        Non-negative weights :math:`s_i`, not all zero; all ones by default.
    method : {"interior-point", "simplex"}, default "interior-point"
        As in :func:`lad_regression`.

    Returns
    -------
    RegressionResult
        With ``loss="pinball"``, ``quantile`` set, and ``objective`` the minimised weighted sum
        :math:`\sum_i s_i \rho_\tau(r_i)` (half of LAD's objective at ``quantile=0.5``).

    Raises
    ------
    ValueError
        As :func:`lad_regression`, and ``quantile`` outside (0, 1).
    RuntimeError
        The LP solver reports a failure (not expected: the dual LP is feasible and bounded).

    Notes
    -----
    Because :math:`\rho_\tau(u) = \max_{d \in [\tau - 1, \tau]} d\,u`, the problem is the
    dual linear programme

    .. math::

        \max_{d \in \mathbb R^n} y^\top d \quad \text{s.t.} \quad Z^\top d = 0,\;
        (\tau - 1)\, s_i \le d_i \le \tau\, s_i ,

    with :math:`Z = [\mathbf 1, X]`: the programme of :func:`lad_regression` with its box
    shifted, solved by the same code. At a solution with an intercept, at most a fraction
    :math:`\tau` of the (weighted) points lies strictly below the fitted plane and at most
    :math:`1 - \tau` strictly above it. The fit passes exactly through p + 1 points (a vertex)
    when :math:`Z` has full column rank, and need not be unique.

    scikit-learn's ``QuantileRegressor(quantile=tau, alpha=0, solver="highs")`` minimises the
    same objective divided by :math:`\sum_i s_i` (and adds an L1 penalty unless
    ``alpha=0``). :func:`fit_quantiles` fits several quantiles and reports lines that cross.

    References
    ----------
    R. Koenker, G. Bassett, "Regression Quantiles", *Econometrica* 46(1), 33-50, 1978.
    R. Koenker, *Quantile Regression*, Cambridge University Press, 2005, chapters 1 and 6.

    Examples
    --------
    The 80% line of eleven points 0, 1, ..., 10 on a constant: eight of them (80%) lie at or
    below it.

    >>> fit = quantile_regression(np.empty((11, 0)), np.arange(11.0), quantile=0.8)
    >>> fit.intercept, fit.loss, fit.quantile
    (8.0, 'pinball', 0.8)
    >>> X, y = [[0.0], [1.0], [2.0], [3.0], [4.0]], [1.0, 3.0, 100.0, 7.0, 9.0]
    >>> fit = quantile_regression(X, y, quantile=0.5)
    >>> print(f"{fit.coef[0]:.4f} {fit.intercept:.4f} {fit.objective:.4f}")
    2.0000 1.0000 47.5000
    """
    quantile = check_scalar(quantile, "quantile", low=QUANTILE_MIN, high=1.0 - QUANTILE_MIN)
    Z, y, s = _validate(X, y, fit_intercept, sample_weight)
    return _fit_quantile(Z, y, s, quantile, fit_intercept, method)


def least_squares(
    X: ArrayLike,
    y: ArrayLike,
    *,
    fit_intercept: bool = True,
    sample_weight: ArrayLike | None = None,
) -> RegressionResult:
    r"""Ordinary (weighted) least squares.

    .. math::

        \min_{w, b} \sum_{i=1}^{n} s_i \, (y_i - x_i^\top w - b)^2

    Parameters
    ----------
    X : array_like of shape (n, p)
        Features; p may be 0 with ``fit_intercept=True`` (the fit is then the mean of ``y``).
    y : array_like of shape (n,)
        Targets.
    fit_intercept : bool, default True
        Whether to fit :math:`b`.
    sample_weight : array_like of shape (n,), optional
        Non-negative weights :math:`s_i`, not all zero.

    Returns
    -------
    RegressionResult
        With ``loss="l2"``, ``n_iter=0`` and ``converged=True``.

    Raises
    ------
    ValueError
        As :func:`lad_regression`.

    Notes
    -----
    Solved by ``numpy.linalg.lstsq`` on the rows scaled by :math:`\sqrt{s_i}` (an SVD, so a
    rank-deficient ``X`` gives the minimum-norm :math:`w` instead of failing), after centring
    ``X`` and ``y`` at their weighted means when there is an intercept; then
    :math:`b = \bar y - \bar x^\top w`.

    References
    ----------
    G. H. Golub, C. F. Van Loan, *Matrix Computations*, 4th ed., Johns Hopkins University
    Press, 2013, chapter 5.

    Examples
    --------
    The outlier of :func:`lad_regression`'s example lifts the whole line by 19:

    >>> X, y = [[0.0], [1.0], [2.0], [3.0], [4.0]], [1.0, 3.0, 100.0, 7.0, 9.0]
    >>> fit = least_squares(X, y)
    >>> print(f"{fit.coef[0]:.4f} {fit.intercept:.4f}")
    2.0000 20.0000
    >>> least_squares(np.empty((5, 0)), [3.0, 1.0, 4.0, 1.0, 5.0]).intercept
    2.8
    """
    Z, y, s = _validate(X, y, fit_intercept, sample_weight)
    s, weight_scale = _unit_weights(s)
    if fit_intercept:
        # Solved on centred data: the intercept is then the weighted mean of y when X has no
        # columns (exact for data whose sum is exact, 220.0 rather than 219.99999999999994),
        # and a column with a large mean does not worsen the conditioning.
        features, total = Z[:, 1:], s.sum()
        # Means of the data divided by their largest magnitudes: a sum of values near 1e308
        # overflows where their mean does not.
        a, c = _scales(features, y)
        x_mean, y_mean = (s @ (features / c)) / total * c, a * (float(s @ (y / a)) / total)
        w = _weighted_lstsq(features - x_mean, y - y_mean, s)
        with np.errstate(over="ignore", invalid="ignore"):  # checked below
            beta = np.concatenate([[y_mean - x_mean @ w], w])
    else:
        beta = _weighted_lstsq(Z, y, s)
    check_coefficients(beta)
    with np.errstate(over="ignore"):  # a sum of squares beyond the float range is inf
        objective = float(s @ (y - Z @ beta) ** 2) * weight_scale
    return _result(beta, fit_intercept, "l2", objective, 0, True)


def huber_regression(
    X: ArrayLike,
    y: ArrayLike,
    *,
    delta: float = 1.0,
    fit_intercept: bool = True,
    sample_weight: ArrayLike | None = None,
    tol: float = 1e-10,
    max_iter: int = 200,
) -> RegressionResult:
    r"""Huber regression on the raw residual scale: L2 for small residuals, L1 for large ones.

    .. math::

        \min_{w, b} \sum_{i=1}^{n} s_i \, H_\delta(y_i - x_i^\top w - b), \qquad
        H_\delta(r) = \begin{cases} \tfrac12 r^2 & |r| \le \delta \\
        \delta\,(|r| - \tfrac12\delta) & |r| > \delta \end{cases}

    Parameters
    ----------
    X : array_like of shape (n, p)
        Features.
    y : array_like of shape (n,)
        Targets.
    delta : float, default 1.0
        The threshold, in the units of ``y``; must be > 0.
    fit_intercept : bool, default True
        Whether to fit :math:`b`.
    sample_weight : array_like of shape (n,), optional
        Non-negative weights :math:`s_i`, not all zero.
    tol : float, default 1e-10
        Stop when every component of the gradient is at most ``tol`` times its largest possible
        size, :math:`\delta \sum_i s_i |z_{ij}|`.
    max_iter : int, default 200
        Most iterations.

    Returns
    -------
    RegressionResult
        With ``loss="huber"``; ``converged`` says whether the gradient test passed.

    Raises
    ------
    ValueError
        As :func:`lad_regression`, and for ``delta`` <= 0.

    Notes
    -----
    The optimality condition is :math:`Z^\top (s \odot \operatorname{clip}(r, -\delta, \delta)) = 0`
    with :math:`Z = [\mathbf 1, X]`. Starting from the better of the least-squares and the LAD
    fit, each step is a Newton step
    for the quadratic that agrees with the objective on the current split of residuals into
    inside and outside :math:`[-\delta, \delta]`, or an iteratively reweighted least-squares
    (IRLS) step, whichever lowers the objective more. The IRLS step minimises a quadratic that
    majorises the objective (weights :math:`\min(1, \delta/|r_i|)`), so the objective never
    increases; the Newton step lands exactly on the minimiser once the split is right. If every
    least-squares residual is within :math:`\delta`, least squares is already optimal: Huber
    regression equals OLS for ``delta`` at least the largest OLS residual.

    There is no scale estimate: ``delta`` is in the units of ``y``. scikit-learn's
    ``HuberRegressor`` differs: it estimates a scale :math:`\sigma` jointly, thresholds
    :math:`r/\sigma` at its ``epsilon``, and adds an L2 penalty ``alpha`` by default.
    The objective and its gradient come from :func:`l1tutor.losses.huber_loss` and
    :func:`l1tutor.losses.huber_grad`.

    References
    ----------
    P. J. Huber, "Robust Estimation of a Location Parameter", *The Annals of Mathematical
    Statistics* 35(1), 73-101, 1964.
    P. J. Huber, E. M. Ronchetti, *Robust Statistics*, 2nd ed., Wiley, 2009, chapter 7.

    Examples
    --------
    >>> X, y = [[0.0], [1.0], [2.0], [3.0], [4.0]], [1.0, 3.0, 100.0, 7.0, 9.0]
    >>> fit = huber_regression(X, y, delta=1.0)
    >>> print(f"{fit.coef[0]:.4f} {fit.intercept:.4f} {fit.converged}")
    2.0000 1.2500 True
    """
    delta = check_scalar(delta, "delta", low=0.0, closed="neither")
    tol = check_scalar(tol, "tol", low=0.0, closed="neither")
    max_iter = check_scalar(max_iter, "max_iter", kind="int", low=0, high=10**6)
    Z, y_raw, s = _validate(X, y, fit_intercept, sample_weight)
    s, weight_scale = _unit_weights(s)
    # Solved for y and delta divided by a, each column of Z by its largest magnitude, so that
    # targets of 1e8 or 1e-8 neither overflow the squares nor drown in rounding. Huber's loss
    # is equivariant under these scalings (H_delta(a u) = a^2 H_{delta/a}(u)).
    a, c = _scales(Z, y_raw)
    Z, y, delta = Z / c, y_raw / a, delta / a

    def objective(beta: np.ndarray) -> float:
        # The kernels of losses.huber_loss without its checks: Z, y and s are checked once.
        return float(total(HUBER, y, Z @ beta, s, "sum", delta))

    # Start from the better of least squares (optimal for large delta) and LAD (near the
    # answer for small delta, where IRLS alone converges slowly).
    starts = (_weighted_lstsq(Z, y, s), _quantile_dual(Z, y, s, 0.5)[0])
    beta = min(starts, key=objective)
    # |d/d beta_j| <= delta * sum_i s_i |z_ij|: the gradient's largest possible size.
    gtol = tol * delta * np.maximum(s @ np.abs(Z), np.finfo(float).tiny)
    f = objective(beta)
    converged, n_iter = False, 0
    while True:
        y_pred = Z @ beta
        grad = Z.T @ gradient(HUBER, y, y_pred, s, "sum", delta)
        if np.all(np.abs(grad) <= gtol):
            converged = True
            break
        if n_iter == max_iter:
            break
        n_iter += 1
        r = np.abs(y - y_pred)
        # IRLS: the quadratic with weights psi(r)/r = delta/max(|r|, delta) majorises the
        # objective, so its minimiser never increases it.
        irls = _weighted_lstsq(Z, y, s * (delta / np.maximum(r, delta)))
        # Newton: exact in one step once the split inside/outside [-delta, delta] is right.
        inside = r <= delta
        Zi = Z[inside] * np.sqrt(s[inside])[:, None]
        newton = beta - np.linalg.lstsq(Zi.T @ Zi, grad, rcond=None)[0]
        f_newton, f_irls = objective(newton), objective(irls)
        beta_new, f_new = (newton, f_newton) if f_newton <= f_irls else (irls, f_irls)
        if not f_new < f:  # no decrease left at machine precision
            break
        beta, f = beta_new, f_new
    if not converged:
        warn_not_converged(
            "huber_regression",
            f"the gradient test failed after {n_iter} iterations "
            f"(max_iter={max_iter}, tol={tol:g})",
        )
    with np.errstate(over="ignore"):
        beta = a * beta / c
    check_coefficients(beta)
    with np.errstate(over="ignore"):  # an objective beyond the float range is inf
        minimum = a * a * f * weight_scale
    return _result(beta, fit_intercept, "huber", minimum, n_iter, converged)


def fit_each_loss(
    X: ArrayLike,
    y: ArrayLike,
    *,
    delta: float = 1.345,
    fit_intercept: bool = True,
    sample_weight: ArrayLike | None = None,
) -> tuple[RegressionResult, RegressionResult, RegressionResult]:
    r"""Fit the same data under the L2, L1 and Huber losses, for side-by-side comparisons.

    .. math::

        \min_{w, b} \sum_i s_i\, \ell(y_i - x_i^\top w - b), \qquad
        \ell \in \{\, r^2,\ |r|,\ H_\delta(r) \,\}

    Parameters
    ----------
    X, y, fit_intercept, sample_weight
        As in :func:`least_squares`.
    delta : float, default 1.345
        Huber's threshold, in the units of ``y`` (1.345 is the classic choice for unit-variance
        noise: 95% efficiency under Gaussian errors).

    Returns
    -------
    tuple of RegressionResult
        ``(least_squares, lad_regression, huber_regression)`` fits, in this order (their
        ``loss`` attributes are ``"l2"``, ``"l1"`` and ``"huber"``).

    References
    ----------
    P. J. Huber, E. M. Ronchetti, *Robust Statistics*, 2nd ed., Wiley, 2009, section 4.6.

    Examples
    --------
    >>> X, y = [[0.0], [1.0], [2.0], [3.0], [4.0]], [1.0, 3.0, 100.0, 7.0, 9.0]
    >>> [(fit.loss, round(fit.intercept, 2)) for fit in fit_each_loss(X, y, delta=1.0)]
    [('l2', 20.0), ('l1', 1.0), ('huber', 1.25)]
    """
    return (
        least_squares(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight),
        lad_regression(X, y, fit_intercept=fit_intercept, sample_weight=sample_weight),
        huber_regression(
            X, y, delta=delta, fit_intercept=fit_intercept, sample_weight=sample_weight
        ),
    )
