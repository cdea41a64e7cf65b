r"""The Lasso and the elastic net: single fits, paths, cross-validation, and the smallest penalty
that zeroes every weight.

.. math::

    \frac{1}{2n}\|y - Xw - b\|_2^2 + \alpha \|w\|_1
    \qquad\text{and}\qquad
    \frac{1}{2n}\|y - Xw - b\|_2^2 + \alpha\rho \|w\|_1 + \frac{\alpha(1-\rho)}{2}\|w\|_2^2

These are scikit-learn's ``Lasso(alpha=alpha)`` and ``ElasticNet(alpha=alpha, l1_ratio=rho)``,
so the same ``alpha`` means the same thing in both libraries; :mod:`l1tutor.solvers.l2_penalty`
uses the same scaling for the L2 penalty (the elastic net with :math:`\rho = 0`).

Shared conventions:

* ``fit_intercept=True`` (default): the intercept :math:`b` is not penalised. ``X`` and ``y`` are
  centred, the centred problem is solved, and :math:`b = \bar y - \bar x^\top w` (as scikit-learn
  does). A single Lasso fit centres implicitly and does not copy ``X``.
* ``standardize=True``: each column is divided by its standard deviation (population, ``ddof=0``;
  root mean square when ``fit_intercept=False``), so that the penalty treats all features alike.
  Coefficients are returned on the original scale of ``X``; ``alpha``, the duality gap and the KKT
  violation refer to the standardised problem. A constant column cannot be standardised and is an
  error.
* Everything is computed in float64.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from l1tutor._checks import (
    FloatRangeError,
    as_float_array,
    check_choice,
    check_finite,
    check_scalar,
    seeded_rng,
)
from l1tutor.solvers._coordinate_descent import (
    SOLVERS,
    Covariance,
    gap_primal_columns,
    homotopy,
    kkt_violations,
    lasso_cd,
)
from l1tutor.solvers._design import (
    CentredProblem,
    centre_and_scale,
    check_alphas,
    check_coefficients,
    check_design,
    predict_linear,
)
from l1tutor.solvers.convergence import warn_not_converged

__all__ = [
    "CV_RULES",
    "ELASTIC_NET_MAX_ENTRIES",
    "LASSO_METHODS",
    "ElasticNetResult",
    "LassoCVResult",
    "LassoPath",
    "LassoResult",
    "PathEvent",
    "elastic_net",
    "lasso",
    "lasso_alpha_max",
    "lasso_cv",
    "lasso_path",
]

#: Algorithms of :func:`lasso` and :func:`lasso_path`.
LASSO_METHODS = ("cd", "fista")


class _CertifiedLinearFit:
    """What a Lasso or elastic-net result computes from its ``coef``, ``intercept`` and
    ``kkt_violations`` (a base of both frozen dataclasses)."""

    coef: np.ndarray
    intercept: float
    kkt_violations: np.ndarray

    @property
    def kkt_violation(self) -> float:
        """The largest of ``kkt_violations``: how far the result is from optimal."""
        return float(self.kkt_violations.max(initial=0.0))

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Return :math:`X w + b` for ``X`` of shape (m, n_features).

        Examples
        --------
        >>> fit = lasso([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], 0.01)
        >>> fit.predict([[3.0]]).round(2)
        array([6.97])
        """
        return predict_linear(X, self.coef, self.intercept)


@dataclass(frozen=True)
class LassoResult(_CertifiedLinearFit):
    r"""Result of :func:`lasso`.

    Attributes
    ----------
    coef : numpy.ndarray of shape (n_features,)
        Coefficients on the original scale of ``X``, with exact zeros.
    intercept : float
        :math:`b = \bar y - \bar x^\top w` (0.0 when ``fit_intercept=False``).
    alpha : float
        The penalty weight.
    n_iter : int
        ``"cd"``: coordinate-descent sweeps plus accepted support solves; ``"fista"``: FISTA
        iterations. 0 when the starting point is already certified optimal.
    converged : bool
        True if the stopping rule (``duality_gap <= tol * ||y_c||^2 / n``) was met.
    duality_gap : float
        :math:`P(w) - D(\theta) \ge P(w) - \min P`, in the units of the objective.
    correlations : numpy.ndarray of shape (n_features,)
        :math:`c_j = x_j^\top (y - Xw - b)/n` at the solution, for the columns :math:`x_j` of
        the centred (with ``standardize``, also scaled) ``X``: the quantities of the optimality
        conditions, :math:`c_j = \alpha \operatorname{sign}(w_j)` where :math:`w_j \ne 0` and
        :math:`|c_j| \le \alpha` where :math:`w_j = 0`.
    kkt_violations : numpy.ndarray of shape (n_features,)
        Distance of each :math:`c_j` from :math:`\alpha\,\partial|w_j|`, in the units of
        ``alpha`` (0 at the exact solution).

    Examples
    --------
    >>> fit = lasso([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]], [2.0, 1.0, -3.0], 0.5)
    >>> fit.correlations.round(6), float(fit.kkt_violation) < 1e-12
    (array([0.5, 0.5]), True)
    """

    coef: np.ndarray
    intercept: float
    alpha: float
    n_iter: int
    converged: bool
    duality_gap: float
    correlations: np.ndarray
    kkt_violations: np.ndarray


@dataclass(frozen=True)
class PathEvent:
    """A change of the support along a :class:`LassoPath`, as ``alpha`` decreases.

    Attributes
    ----------
    alpha : float
        The first alpha of the grid at which the change is seen.
    feature : int
        Index of the column of ``X``.
    kind : {"enter", "leave", "flip"}
        The coefficient becomes nonzero, becomes exactly 0, or changes sign between two grid
        points without a zero on the grid in between.
    sign : int
        Sign of the coefficient at ``alpha`` (0 for ``"leave"``).
    """

    alpha: float
    feature: int
    kind: str
    sign: int


@dataclass(frozen=True)
class LassoPath:
    """Result of :func:`lasso_path`: one column of ``coefs`` per alpha, alphas decreasing.

    Attributes
    ----------
    alphas : numpy.ndarray of shape (n_alphas,)
    coefs : numpy.ndarray of shape (n_features, n_alphas)
        As in scikit-learn's ``lasso_path``.
    intercepts, duality_gaps : numpy.ndarray of shape (n_alphas,)
    kkt_violations : numpy.ndarray of shape (n_alphas,)
        The largest violation of the optimality conditions at each alpha.
    n_iter : numpy.ndarray of int, shape (n_alphas,)
    converged : numpy.ndarray of bool, shape (n_alphas,)
    """

    alphas: np.ndarray
    coefs: np.ndarray
    intercepts: np.ndarray
    n_iter: np.ndarray
    converged: np.ndarray
    duality_gaps: np.ndarray
    kkt_violations: np.ndarray

    @property
    def n_nonzero(self) -> np.ndarray:
        """Number of nonzero coefficients at each alpha, shape (n_alphas,)."""
        return np.count_nonzero(self.coefs, axis=0)

    @property
    def events(self) -> tuple[PathEvent, ...]:
        """Every entry, exit and sign change of a coefficient, in the order of decreasing alpha.

        A Lasso path need not be monotone: a coefficient can return to 0 and re-enter, even
        with the other sign (the Lasso modification of LARS, Efron et al. 2004, section 3).

        Examples
        --------
        >>> X = [[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0], [0.5, 0.0]]
        >>> path = lasso_path(X, [2.0, 1.0, -3.0, 1.0], n_alphas=5)
        >>> [(e.feature, e.kind, e.sign) for e in path.events]
        [(0, 'enter', 1), (1, 'enter', 1)]
        """
        signs = np.sign(self.coefs).astype(int)
        events, previous = [], np.zeros(signs.shape[0], dtype=int)
        for alpha, current in zip(self.alphas, signs.T, strict=True):
            for j in np.flatnonzero(current != previous):
                if previous[j] == 0:
                    kind = "enter"
                elif current[j] == 0:
                    kind = "leave"
                else:
                    kind = "flip"
                events.append(PathEvent(float(alpha), int(j), kind, int(current[j])))
            previous = current
        return tuple(events)

    @property
    def entry_alphas(self) -> np.ndarray:
        """For each feature, the largest alpha of the grid where it is nonzero (NaN: never)."""
        nonzero = self.coefs != 0
        first = np.argmax(nonzero, axis=1)
        return np.where(nonzero.any(axis=1), self.alphas[first], np.nan)

    @property
    def entry_order(self) -> np.ndarray:
        """Indices of the features that ever enter, in the order they first do (ties by index)."""
        alphas = self.entry_alphas
        entered = np.flatnonzero(~np.isnan(alphas))
        return entered[np.argsort(-alphas[entered], kind="stable")]


def _check_magnitudes(X: np.ndarray, y: np.ndarray, standardize: bool) -> None:
    """Refuse data whose products underflow: the Gram quantities would lose every digit."""
    tiny = 1e-150  # squares and products of n such entries stay normal floats above this
    columns = np.abs(X).max(axis=0)
    if not standardize and ((columns > 0) & (columns < tiny)).any():
        j = int(np.flatnonzero((columns > 0) & (columns < tiny))[0])
        raise FloatRangeError(
            f"X column {j} has entries of at most {columns[j]:.3g}, whose products underflow the "
            "floating-point range: rescale X, or pass standardize=True"
        )
    peak = float(np.abs(y - y.mean()).max()) if y.size else 0.0
    if 0 < peak < tiny:
        raise FloatRangeError(
            f"y varies by at most {peak:.3g}, whose squares underflow the floating-point range: "
            "rescale y"
        )


def _check_lasso_alpha(alpha: object) -> float:
    alpha = check_scalar(alpha, "alpha", low=0.0)
    if alpha == 0:
        raise ValueError(
            "alpha must be > 0 for the Lasso, got 0.0 (alpha = 0 is least squares: "
            "use ridge(X, y, 0.0))"
        )
    return alpha


def lasso_alpha_max(
    X: ArrayLike, y: ArrayLike, *, fit_intercept: bool = True, standardize: bool = False
) -> float:
    r"""Smallest Lasso penalty with every coefficient 0: :math:`\|X_c^\top y_c\|_\infty / n`.

    :math:`X_c, y_c` are the centred (and, with ``standardize``, scaled) data; without an
    intercept, the raw data. For :math:`\alpha \ge \alpha_{\max}`, :math:`w = 0` satisfies the
    optimality condition :math:`|x_j^\top y_c| / n \le \alpha` for every :math:`j`.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    fit_intercept, standardize : bool
        As in :func:`lasso`.

    Returns
    -------
    float

    Examples
    --------
    >>> lasso_alpha_max([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]], [2.0, 1.0, -3.0])
    1.6666666666666667
    """
    X, y = check_design(X, y)
    prob = centre_and_scale(X, y, fit_intercept, standardize)
    return float(np.abs(prob.xt(prob.y)).max())


def lasso(
    X: ArrayLike,
    y: ArrayLike,
    alpha: float,
    *,
    method: str = "cd",
    fit_intercept: bool = True,
    standardize: bool = False,
    tol: float = 1e-10,
    max_iter: int = 10_000,
    w0: ArrayLike | None = None,
) -> LassoResult:
    r"""The Lasso: :math:`\min_{w, b}\ \frac{1}{2n}\|y - Xw - b\|_2^2 + \alpha\|w\|_1`.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    alpha : float
        Penalty weight :math:`\alpha > 0`, on scikit-learn's scale (``Lasso(alpha=alpha)``).
    method : {"cd", "fista"}, default "cd"
        ``"cd"``: cyclic coordinate descent on a working set (see Notes). ``"fista"``: the
        accelerated proximal gradient method, :func:`l1tutor.solvers.proximal_gradient` with
        :func:`l1tutor.prox.soft_threshold` as the prox and step :math:`1/L`.
    fit_intercept : bool, default True
        Fit an unpenalised intercept (centre ``X`` and ``y``); else :math:`b = 0`.
    standardize : bool, default False
        Scale each column of ``X`` to unit standard deviation before penalising (see the module
        docstring); coefficients are returned on the original scale.
    tol : float, default 1e-10
        Stop when the duality gap is at most ``tol * ||y_c||^2 / n`` (see Notes).
    max_iter : int, default 10000
        Maximum number of iterations (sweeps for ``"cd"``, gradient steps for ``"fista"``).
    w0 : array_like of shape (n_features,), optional
        Starting coefficients on the original scale (a warm start); default zeros.

    Returns
    -------
    LassoResult
        ``coef``, ``intercept``, ``alpha``, ``n_iter``, ``converged``, ``duality_gap``,
        ``kkt_violation``.

    Raises
    ------
    ValueError
        Shapes that do not match, NaN or infinity, ``alpha <= 0``, a bad ``method``, ``tol``,
        ``max_iter`` or ``w0``, a constant column with ``standardize=True``.
    TypeError
        Non-numeric input.

    Notes
    -----
    *Scaling.* The squared error is divided by :math:`2n`, as in scikit-learn's ``Lasso``, so
    ``alpha`` does not grow with the number of samples. The intercept is not penalised:
    :math:`b = \bar y - \bar x^\top w`.

    *Optimality (KKT).* :math:`w` is a solution if and only if, with
    :math:`c = X_c^\top (y_c - X_c w)/n`, :math:`c_j = \alpha\,\mathrm{sign}(w_j)` where
    :math:`w_j \ne 0` and :math:`|c_j| \le \alpha` where :math:`w_j = 0`. Hence :math:`w = 0`
    for every :math:`\alpha \ge \alpha_{\max} = \|X_c^\top y_c\|_\infty / n`
    (:func:`lasso_alpha_max`). ``kkt_violation`` is the largest departure from these conditions.

    *Stopping rule.* The dual point :math:`\theta = s\,r` (the residual :math:`r`, scaled by
    :math:`s = \min(1, \alpha / \|X_c^\top r/n\|_\infty)` into the dual feasible set, as in
    scikit-learn's ``enet_coordinate_descent``) gives the duality gap
    :math:`G = \frac{1+s^2}{2n}\|r\|^2 + \alpha\|w\|_1 - \frac{s}{n} r^\top y_c`, an upper
    bound on the distance of the objective from its minimum. Both methods stop when
    :math:`G \le` ``tol`` :math:`\cdot \|y_c\|^2/n` (scikit-learn's rule, divided by :math:`n`;
    its default ``tol`` is 1e-4, ours is stricter because the book checks solutions).

    *Coordinate descent* updates one coefficient at a time,
    :math:`w_j \leftarrow S_{\alpha/d_j}(w_j + c_j/d_j)` with :math:`d_j = \|x_j\|^2/n` and
    soft-thresholding :math:`S` (Friedman, Hastie & Tibshirani 2010). Three devices
    make it fast in Python: (1) it sweeps only a working set, the current support plus the
    features that violate the KKT conditions, and re-checks all features between working sets
    (glmnet's active-set strategy); (2) it uses Gram columns :math:`X^\top x_j / n` computed once
    per feature that enters ("covariance updates"), so ``X`` is read a few times in total;
    (3) after each sweep it jumps to where the sweeps would converge if the signs stayed fixed,
    the solution of :math:`G_{AA} w_A = q_A - \alpha\,\mathrm{sign}(w_A)` on the support
    :math:`A` (the equation behind LARS/homotopy methods); if that point changes a sign, the
    changed coefficients are set to 0, or the step stops where the first one reaches 0. A jump is
    kept only if it lowers the objective. On large supports the Cholesky factor of
    :math:`G_{AA}` is kept and extended as features enter, so along a path, where the support
    grows a little from one alpha to the next, a jump costs far less than a fresh solve. The
    duality gap certifies the result whichever step produced it.

    References
    ----------
    R. Tibshirani, "Regression shrinkage and selection via the lasso", *Journal of the Royal
    Statistical Society B* 58(1), 267-288, 1996.
    J. Friedman, T. Hastie, R. Tibshirani, "Regularization Paths for Generalized Linear Models
    via Coordinate Descent", *Journal of Statistical Software* 33(1), 1-22, 2010.
    T. Hastie, R. Tibshirani, M. Wainwright, *Statistical Learning with Sparsity: The Lasso and
    Generalizations*, CRC Press, 2015, chapters 2 and 5.

    Examples
    --------
    Two features, only the first of which matters; the second coefficient is exactly zero:

    >>> X = [[1.0, 0.5], [2.0, -1.0], [3.0, 1.0], [4.0, 0.0]]
    >>> y = [1.0, 2.0, 3.0, 4.0]
    >>> res = lasso(X, y, 0.1)
    >>> res.coef, round(res.intercept, 6), res.converged
    (array([0.92, 0.  ]), 0.2, True)
    >>> bool(res.kkt_violation < 1e-12)
    True
    """
    X, y = check_design(X, y)
    alpha = _check_lasso_alpha(alpha)
    solver = SOLVERS[check_choice(method, "method", LASSO_METHODS)]
    tol = check_scalar(tol, "tol", low=0.0, closed="neither")
    max_iter = check_scalar(max_iter, "max_iter", kind="int", low=1, high=10**7)
    prob = centre_and_scale(X, y, fit_intercept, standardize)
    _check_magnitudes(X, y, standardize)
    w = _check_w0(w0, prob)
    cov = Covariance(prob)
    cov.ensure(np.flatnonzero(w))
    w, n_iter, converged, gap, c = solver(cov, alpha, w, tol * cov.yy, max_iter)
    coef, intercept = prob.unscale(w)
    kkt = kkt_violations(w, c, alpha)
    if not converged:
        warn_not_converged(
            "lasso",
            f"the duality gap {gap:.3g} > tol * ||y_c||^2 / n after {n_iter} iterations "
            f"(max_iter={max_iter})",
        )
    return LassoResult(coef, intercept, alpha, n_iter, converged, gap, c, kkt)


def _check_w0(w0: ArrayLike | None, prob: CentredProblem) -> np.ndarray:
    p = prob.X.shape[1]
    if w0 is None:
        return np.zeros(p)
    w0 = as_float_array(w0, "w0").astype(np.float64)
    if w0.shape != (p,):
        raise ValueError(f"w0 must have shape (n_features,) = ({p},), got shape {w0.shape}")
    check_finite(w0, "w0")
    return w0 * prob.scale


def lasso_path(
    X: ArrayLike,
    y: ArrayLike,
    *,
    alphas: ArrayLike | None = None,
    n_alphas: int = 100,
    eps: float = 1e-3,
    method: str = "cd",
    fit_intercept: bool = True,
    standardize: bool = False,
    tol: float = 1e-10,
    max_iter: int = 10_000,
) -> LassoPath:
    r"""The Lasso solution for a decreasing grid of alphas, each warm-started from the previous.

    .. math::

        w(\alpha) = \operatorname{argmin}_w \frac{1}{2n}\|y_c - X_c w\|_2^2 + \alpha\|w\|_1,
        \qquad \alpha_{\max} = \alpha_1 > \alpha_2 > \dots > \alpha_K = \varepsilon\,\alpha_{\max}

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    alphas : array_like, optional
        The penalty weights (all > 0), solved in decreasing order. Default: ``n_alphas`` values
        spaced evenly on a log scale from :math:`\alpha_{\max} = \|X_c^\top y_c\|_\infty/n`,
        where every coefficient is exactly 0, down to ``eps`` :math:`\cdot\,\alpha_{\max}`
        (scikit-learn's default grid).
    n_alphas : int, default 100
        Length of the default grid.
    eps : float, default 1e-3
        Ratio of the smallest to the largest alpha of the default grid.
    method, fit_intercept, standardize, tol, max_iter
        As in :func:`lasso`, applied at each alpha.

    Returns
    -------
    LassoPath
        ``alphas`` (decreasing), ``coefs`` of shape (n_features, n_alphas) like
        scikit-learn's ``lasso_path``, ``intercepts``, ``n_iter``, ``converged``,
        ``duality_gaps``, ``kkt_violations``, and the property ``n_nonzero``.

    Raises
    ------
    ValueError
        As :func:`lasso`; also a bad ``alphas``, ``n_alphas`` or ``eps``, or a default grid when
        :math:`\alpha_{\max} = 0` (``y`` constant, or orthogonal to every column of ``X``).

    Notes
    -----
    Warm starts make the path cheap: between neighbouring alphas few coefficients change,
    and the Gram columns of features that entered earlier are reused. Unlike scikit-learn's
    ``lasso_path``, which never fits an intercept, the default here centres the data
    (``fit_intercept=True``); pass centred data, or ``fit_intercept=False``, to compare.

    References
    ----------
    J. Friedman, T. Hastie, R. Tibshirani, "Regularization Paths for Generalized Linear Models
    via Coordinate Descent", *Journal of Statistical Software* 33(1), 1-22, 2010.

    Examples
    --------
    >>> X = [[1.0, 0.5], [2.0, -1.0], [3.0, 1.0], [4.0, 0.0]]
    >>> path = lasso_path(X, [1.0, 2.0, 3.0, 4.0], n_alphas=4, eps=0.01)
    >>> path.alphas.round(4)
    array([1.25  , 0.2693, 0.058 , 0.0125])
    >>> path.n_nonzero
    array([0, 1, 1, 1])
    """
    X, y = check_design(X, y)
    solver = SOLVERS[check_choice(method, "method", LASSO_METHODS)]
    tol = check_scalar(tol, "tol", low=0.0, closed="neither")
    max_iter = check_scalar(max_iter, "max_iter", kind="int", low=1, high=10**7)
    prob = centre_and_scale(X, y, fit_intercept, standardize)
    _check_magnitudes(X, y, standardize)
    # A path usually ends with many features active: when n >= p, one Gram product is cheaper
    # than many partial ones (scikit-learn's precompute="auto" makes the same choice).
    cov = Covariance(prob, full=X.shape[0] >= X.shape[1])
    if alphas is None:
        alphas = _default_alphas(float(np.abs(cov.q).max()), n_alphas, eps)
    else:
        alphas = check_alphas(alphas, positive=True)
    p, k = X.shape[1], alphas.size
    coefs, intercepts = np.empty((p, k)), np.empty(k)
    n_iter, converged = np.empty(k, dtype=int), np.empty(k, dtype=bool)
    gaps, kkts = np.empty(k), np.empty(k)
    w = np.zeros(p)
    # With the whole Gram matrix the path is first followed knot by knot (homotopy), and every
    # point that its duality gap certifies is kept, all in a few products; coordinate descent
    # finishes the others, each from the homotopy's point where there is one.
    guesses = np.full((p, k), np.nan)
    certified = np.zeros(k, dtype=bool)
    if solver is lasso_cd and cov.full:
        guesses, steps = homotopy(cov, alphas)
        # Knots count as iterations: from the first alpha that needs more than max_iter of
        # them, coordinate descent (with its max_iter) takes over.
        guesses[:, np.argmax(steps > max_iter) if (steps > max_iter).any() else k :] = np.nan
        reached = np.flatnonzero(~np.isnan(guesses[0]))
        W = guesses[:, reached]
        C = cov.q[:, None] - cov.gram @ W
        gap_r = gap_primal_columns(cov.yy, cov.q, W, C, alphas[reached])
        ok = gap_r <= tol * cov.yy
        done = reached[ok]
        certified[done] = True
        gaps[done], n_iter[done], converged[done] = gap_r[ok], steps[done], True
        kkts[done] = kkt_violations(W[:, ok], C[:, ok], alphas[done]).max(axis=0, initial=0.0)
        coefs[:, done], intercepts[done] = prob.unscale_columns(W[:, ok])
    for i, alpha in enumerate(alphas):
        if not np.isnan(guesses[0, i]):
            w = guesses[:, i]
        if certified[i]:
            continue
        w, n_iter[i], converged[i], gaps[i], c = solver(
            cov, float(alpha), w, tol * cov.yy, max_iter
        )
        kkts[i] = kkt_violations(w, c, float(alpha)).max(initial=0.0)
        coefs[:, i], intercepts[i] = prob.unscale(w)
    if not converged.all():
        warn_not_converged(
            "lasso_path",
            f"{int(np.count_nonzero(~converged))} of {k} alphas stopped at max_iter={max_iter} "
            f"with the duality gap above tol (the largest gap is {gaps.max():.3g})",
        )
    return LassoPath(alphas, coefs, intercepts, n_iter, converged, gaps, kkts)


def _default_alphas(alpha_max: float, n_alphas: object, eps: object) -> np.ndarray:
    n_alphas = check_scalar(n_alphas, "n_alphas", kind="int", low=1, high=10**5)
    eps = check_scalar(eps, "eps", low=0.0, closed="neither")
    if eps >= 1:
        raise ValueError(f"eps must be < 1, got {eps}")
    if alpha_max == 0:
        raise ValueError(
            "alpha_max = ||X_c^T y_c||_inf / n is 0 (y is constant or orthogonal to every "
            "column of X): every alpha gives w = 0; pass alphas explicitly"
        )
    return np.geomspace(alpha_max, eps * alpha_max, n_alphas)


# ------------------------------------------------------------------------------------------
# Cross-validation

#: Rules of :func:`lasso_cv` for choosing alpha from the cross-validation curve.
CV_RULES = ("1se", "min")


@dataclass(frozen=True)
class LassoCVResult:
    r"""Result of :func:`lasso_cv`: the cross-validation curve and the Lasso refitted on all data.

    Attributes
    ----------
    alphas : numpy.ndarray of shape (n_alphas,)
        The grid, decreasing (the same for every fold).
    fold_errors : numpy.ndarray of shape (n_alphas, n_folds)
        Mean squared prediction error on each held-out fold, for the model fitted on the other
        folds: scikit-learn's ``LassoCV().mse_path_``.
    folds : numpy.ndarray of int, shape (n_samples,)
        The fold (0 to ``n_folds - 1``) that holds out each sample.
    index_min, index_1se : int
        Positions in ``alphas`` of ``alpha_min`` and ``alpha_1se``.
    rule : {"1se", "min"}
        Which of the two the refit uses.
    path : LassoPath
        The Lasso on all the data on the same grid (its ``n_nonzero`` labels the curve).
    fit : LassoResult
        The Lasso on all the data at ``alpha``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((60, 5))
    >>> cv = lasso_cv(X, X[:, 0] + rng.standard_normal(60), n_alphas=30, n_folds=4)
    >>> cv.fold_errors.shape, cv.folds.shape, bool(cv.alpha_1se >= cv.alpha_min)
    ((30, 4), (60,), True)
    """

    alphas: np.ndarray
    fold_errors: np.ndarray
    folds: np.ndarray
    index_min: int
    index_1se: int
    rule: str
    path: LassoPath
    fit: LassoResult

    @property
    def n_folds(self) -> int:
        """Number of folds :math:`K`."""
        return int(self.fold_errors.shape[1])

    @property
    def mean_error(self) -> np.ndarray:
        r"""The cross-validation curve :math:`\mathrm{CV}(\alpha) = \frac1K \sum_k e_k(\alpha)`,
        the unweighted mean of the fold errors (scikit-learn's ``mse_path_.mean(axis=1)``)."""
        return self.fold_errors.mean(axis=1)

    @property
    def standard_error(self) -> np.ndarray:
        r"""Its standard error :math:`s(\alpha)/\sqrt K`, with :math:`s` the sample standard
        deviation (``ddof=1``) of the :math:`K` fold errors, as in glmnet's ``cvsd``."""
        return self.fold_errors.std(axis=1, ddof=1) / np.sqrt(self.n_folds)

    @property
    def alpha_min(self) -> float:
        """The alpha of the grid with the smallest mean error (the largest one, on ties)."""
        return float(self.alphas[self.index_min])

    @property
    def alpha_1se(self) -> float:
        """The largest alpha whose mean error is at most the minimum plus its standard error."""
        return float(self.alphas[self.index_1se])

    @property
    def alpha(self) -> float:
        """The alpha chosen by ``rule``, at which ``fit`` was computed."""
        return self.fit.alpha

    @property
    def coef(self) -> np.ndarray:
        """``fit.coef``."""
        return self.fit.coef

    @property
    def intercept(self) -> float:
        """``fit.intercept``."""
        return self.fit.intercept

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Return :math:`X w + b` with the refitted coefficients (``fit.predict``)."""
        return self.fit.predict(X)


def lasso_cv(
    X: ArrayLike,
    y: ArrayLike,
    *,
    alphas: ArrayLike | None = None,
    n_alphas: int = 100,
    eps: float = 1e-3,
    n_folds: int = 5,
    seed: int = 0,
    rule: str = "1se",
    method: str = "cd",
    fit_intercept: bool = True,
    standardize: bool = False,
    tol: float = 1e-10,
    max_iter: int = 10_000,
) -> LassoCVResult:
    r"""Choose the Lasso's alpha by K-fold cross-validation, with the one-standard-error rule.

    .. math::

        \mathrm{CV}(\alpha) = \frac1K \sum_{k=1}^K e_k(\alpha), \qquad
        e_k(\alpha) = \frac{1}{|F_k|}\sum_{i \in F_k} \bigl(y_i - \hat y^{(-k)}_i(\alpha)\bigr)^2,
        \qquad \mathrm{SE}(\alpha) = \frac{\operatorname{sd}_k e_k(\alpha)}{\sqrt K}

    where :math:`\hat y^{(-k)}(\alpha)` is the Lasso fitted without the fold :math:`F_k`.
    :math:`\alpha_{\min}` minimises :math:`\mathrm{CV}`; :math:`\alpha_{1\mathrm{se}}` is the
    largest alpha with :math:`\mathrm{CV}(\alpha) \le \mathrm{CV}(\alpha_{\min}) +
    \mathrm{SE}(\alpha_{\min})`: the sparsest model whose error cannot be told apart from the
    best one's (Hastie, Tibshirani & Friedman 2009, section 7.10).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    alphas : array_like, optional
        The grid (all > 0), used for every fold. Default: ``n_alphas`` values from
        :math:`\alpha_{\max}` of all the data down to ``eps`` :math:`\cdot\,\alpha_{\max}`, as
        :func:`lasso_path` (and scikit-learn's ``LassoCV``) choose it.
    n_alphas : int, default 100
    eps : float, default 1e-3
        The default grid, as in :func:`lasso_path`.
    n_folds : int, default 5
        Number of folds :math:`K`, between 2 and ``n_samples``.
    seed : int, default 0
        Seed of the random split: the samples are shuffled and cut into ``n_folds`` folds
        whose sizes differ by at most one (``folds`` records it).
    rule : {"1se", "min"}, default "1se"
        Refit on all the data at :math:`\alpha_{1\mathrm{se}}` or at :math:`\alpha_{\min}`.
    method, fit_intercept, standardize, tol, max_iter
        As in :func:`lasso`, for every fit (each fold's intercept and standardisation are
        computed on its training part, as in glmnet).

    Returns
    -------
    LassoCVResult
        ``alphas``, ``fold_errors``, ``mean_error``, ``standard_error``, ``alpha_min``,
        ``alpha_1se``, ``folds``, the path and the refit ``fit`` (with ``coef``,
        ``intercept``, ``predict``).

    Raises
    ------
    ValueError
        As :func:`lasso_path`; also a bad ``n_folds``, ``seed`` or ``rule``.

    Notes
    -----
    Each fold's path is computed by :func:`lasso_path` with warm starts along the grid. The
    curve is the unweighted mean of the fold errors, as in scikit-learn's ``LassoCV`` (glmnet
    weights the folds by their sizes; with folds of equal size the two agree). The standard
    error treats the :math:`K` fold errors as independent, which they are not quite (the
    training sets overlap): it is a rough guide, and the one-standard-error rule a convention
    that favours the simpler model (Hastie, Tibshirani & Wainwright 2015, section 2.3).

    References
    ----------
    T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
    Springer, 2009, section 7.10.
    T. Hastie, R. Tibshirani, M. Wainwright, *Statistical Learning with Sparsity*, CRC Press,
    2015, section 2.3.

    Examples
    --------
    Two of five features matter. The refit at :math:`\alpha_{1\mathrm{se}}` keeps exactly
    them; the one at :math:`\alpha_{\min}` admits another:

    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((60, 5))
    >>> y = X @ np.array([3.0, 0.0, 0.0, -2.0, 0.0]) + rng.standard_normal(60)
    >>> cv = lasso_cv(X, y, n_alphas=30)
    >>> round(cv.alpha_min, 4), round(cv.alpha_1se, 4)
    (0.1198, 0.3941)
    >>> np.flatnonzero(cv.coef), np.flatnonzero(cv.path.coefs[:, cv.index_min])
    (array([0, 3]), array([0, 3, 4]))
    """
    X, y = check_design(X, y)
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"cross-validation needs at least 2 samples, got X of shape {X.shape}")
    n_folds = check_scalar(n_folds, "n_folds", kind="int", low=2, high=n)
    rule = check_choice(rule, "rule", CV_RULES)
    rng = seeded_rng(seed)
    options: dict[str, Any] = {
        "method": method,
        "fit_intercept": fit_intercept,
        "standardize": standardize,
        "tol": tol,
        "max_iter": max_iter,
    }
    path = lasso_path(X, y, alphas=alphas, n_alphas=n_alphas, eps=eps, **options)
    grid = path.alphas
    folds = np.empty(n, dtype=int)
    for k, held_out in enumerate(np.array_split(rng.permutation(n), n_folds)):
        folds[held_out] = k
    errors = np.empty((grid.size, n_folds))
    for k in range(n_folds):
        train, test = folds != k, folds == k
        fold_path = lasso_path(X[train], y[train], alphas=grid, **options)
        residuals = y[test, None] - (X[test] @ fold_path.coefs + fold_path.intercepts)
        errors[:, k] = np.mean(residuals**2, axis=0)
    check_coefficients(errors)
    mean = errors.mean(axis=1)
    se = errors.std(axis=1, ddof=1) / np.sqrt(n_folds)
    index_min = int(np.argmin(mean))  # the first, that is the largest alpha, on ties
    index_1se = int(np.argmax(mean <= mean[index_min] + se[index_min]))
    index = index_1se if rule == "1se" else index_min
    fit = lasso(X, y, float(grid[index]), w0=path.coefs[:, index], **options)
    return LassoCVResult(grid, errors, folds, index_min, index_1se, rule, path, fit)


# ------------------------------------------------------------------------------------------
# The elastic net

#: The largest augmented design, ``(n_samples + n_features) * n_features`` entries (256 MiB of
#: float64), that :func:`elastic_net` builds.
ELASTIC_NET_MAX_ENTRIES = 2**25


@dataclass(frozen=True)
class ElasticNetResult(_CertifiedLinearFit):
    r"""Result of :func:`elastic_net`.

    Attributes
    ----------
    coef : numpy.ndarray of shape (n_features,)
        Coefficients on the original scale of ``X``, with exact zeros.
    intercept : float
        :math:`b = \bar y - \bar x^\top w` (0.0 when ``fit_intercept=False``).
    alpha, l1_ratio : float
        The penalty weight :math:`\alpha` and the mix :math:`\rho`.
    n_iter : int
        Iterations of the Lasso solver on the augmented problem.
    converged : bool
        True if the stopping rule (``duality_gap <= tol * ||y_c||^2 / n``) was met.
    duality_gap : float
        The elastic net's own duality gap at ``coef``, an upper bound on the distance of the
        objective from its minimum, computed from the original data (see Notes of
        :func:`elastic_net`).
    correlations : numpy.ndarray of shape (n_features,)
        :math:`c_j = x_j^\top r/n - \alpha(1-\rho) w_j` for the centred (with ``standardize``,
        also scaled) columns: minus the gradient of the smooth part of the objective. At the
        solution :math:`c_j = \alpha\rho\operatorname{sign}(w_j)` where :math:`w_j \ne 0` and
        :math:`|c_j| \le \alpha\rho` where :math:`w_j = 0`.
    kkt_violations : numpy.ndarray of shape (n_features,)
        Distance of each :math:`c_j` from :math:`\alpha\rho\,\partial|w_j|` (0 at the exact
        solution).

    Examples
    --------
    >>> fit = elastic_net([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]], [2.0, 1.0, -3.0], alpha=0.5,
    ...                   l1_ratio=0.5)
    >>> fit.coef.round(4), bool(fit.kkt_violation < 1e-12)
    (array([1.2857, 0.7143]), True)
    """

    coef: np.ndarray
    intercept: float
    alpha: float
    l1_ratio: float
    n_iter: int
    converged: bool
    duality_gap: float
    correlations: np.ndarray
    kkt_violations: np.ndarray


def _elastic_net_gap(
    Xs: np.ndarray, yc: np.ndarray, w: np.ndarray, l1: float, l2: float
) -> tuple[float, np.ndarray]:
    r"""Duality gap of :math:`\frac{1}{2n}\|y_c - X_s w\|^2 + l_1\|w\|_1 + \frac{l_2}{2}\|w\|^2`
    at ``w``, and the correlations :math:`c = X_s^\top r / n - l_2 w` (private).

    The dual point :math:`\theta = s r`, :math:`s = \min(1, l_1/\|c\|_\infty)`, gives
    :math:`G = \frac{1+s^2}{2n}\|r\|^2 + l_1\|w\|_1 + \frac{l_2 (1+s^2)}{2}\|w\|^2
    - \frac{s}{n} r^\top y_c` (scikit-learn's ``enet_coordinate_descent``, divided by n).
    """
    n = yc.size
    r = yc - Xs @ w
    c = Xs.T @ r / n - l2 * w
    c_max = float(np.abs(c).max(initial=0.0))
    s = 1.0 if c_max <= l1 else l1 / c_max
    gap = (
        0.5 * (1 + s * s) * float(r @ r) / n
        + l1 * float(np.abs(w).sum())
        + 0.5 * l2 * (1 + s * s) * float(w @ w)
        - s * float(r @ yc) / n
    )
    return max(gap, 0.0), c


def elastic_net(
    X: ArrayLike,
    y: ArrayLike,
    *,
    alpha: float,
    l1_ratio: float,
    method: str = "cd",
    fit_intercept: bool = True,
    standardize: bool = False,
    tol: float = 1e-10,
    max_iter: int = 10_000,
) -> ElasticNetResult:
    r"""The elastic net: :math:`\min_{w, b}\ \frac{1}{2n}\|y - Xw - b\|_2^2
    + \alpha\rho\|w\|_1 + \frac{\alpha(1-\rho)}{2}\|w\|_2^2`.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    alpha : float
        Penalty weight :math:`\alpha > 0`, on scikit-learn's scale
        (``ElasticNet(alpha=alpha, l1_ratio=l1_ratio)``).
    l1_ratio : float
        The mix :math:`\rho`, with :math:`0 < \rho \le 1`; :math:`\rho = 1` is the Lasso. For
        :math:`\rho = 0`, Ridge, use :func:`l1tutor.solvers.ridge` (same scale of alpha).
    method : {"cd", "fista"}, default "cd"
        The Lasso algorithm applied to the augmented problem (see Notes).
    fit_intercept, standardize, tol, max_iter
        As in :func:`lasso`.

    Returns
    -------
    ElasticNetResult
        ``coef``, ``intercept``, ``n_iter``, ``converged``, ``duality_gap``, ``correlations``,
        ``kkt_violation``.

    Raises
    ------
    ValueError
        As :func:`lasso`; also ``l1_ratio`` outside :math:`(0, 1]`, or an augmented design of
        more than ``ELASTIC_NET_MAX_ENTRIES`` entries.

    Notes
    -----
    *Algorithm: a Lasso on augmented data.* With :math:`\lambda_2 = \alpha(1-\rho)` and the
    centred (and scaled) data :math:`X_s, y_c`, the identity of Zou & Hastie (2005, Lemma 1)

    .. math::

        \tilde X = \begin{pmatrix} X_s \\ \sqrt{n\lambda_2}\, I_p \end{pmatrix}, \quad
        \tilde y = \begin{pmatrix} y_c \\ 0 \end{pmatrix}: \qquad
        \frac{1}{2(n+p)}\|\tilde y - \tilde X w\|^2 + \frac{n\alpha\rho}{n+p}\|w\|_1
        = \frac{n}{n+p}\Bigl(\frac{1}{2n}\|y_c - X_s w\|^2 + \alpha\rho\|w\|_1
        + \frac{\lambda_2}{2}\|w\|^2\Bigr)

    turns the elastic net into a Lasso with :math:`\alpha' = \alpha\rho\,n/(n+p)`, which the
    Lasso engine of :func:`lasso` solves (working sets, support steps, its duality gap). The
    identity is exact, so this reuses a tested solver instead of a second coordinate descent
    with a ridge term; :math:`\tilde X` has full column rank, so, unlike the Lasso, the elastic
    net can keep more than :math:`n` features. Its price is memory: :math:`\tilde X` holds
    :math:`(n+p)\,p` numbers, which this function refuses beyond ``ELASTIC_NET_MAX_ENTRIES``
    (about :math:`p = 5800`); for larger :math:`p` use a solver that adds the ridge term
    inside its coordinate updates, such as scikit-learn's ``ElasticNet``.

    *Certificate.* ``correlations`` and ``duality_gap`` are recomputed from the result on the
    original (centred, scaled) problem, not taken from the augmented one. The gap equals
    :math:`(n+p)/n` times the augmented Lasso's, so the stopping rule
    :math:`G \le` ``tol`` :math:`\cdot\|y_c\|^2/n` is :func:`lasso`'s.

    *Grouping.* For :math:`\lambda_2 > 0` the objective is strictly convex, so the solution is
    unique, and two features with equal columns get equal coefficients; more generally the
    optimality conditions give :math:`|w_i - w_j| \le \|x_i - x_j\|\,\|y_c\|/(n\lambda_2)`
    for coefficients of the same sign (compare Zou & Hastie 2005, Theorem 1). The Lasso, by
    contrast, may share the weight of equal columns in any proportion.

    References
    ----------
    H. Zou, T. Hastie, "Regularization and variable selection via the elastic net", *Journal
    of the Royal Statistical Society B* 67(2), 301-320, 2005.

    Examples
    --------
    Two equal columns: the elastic net splits their weight equally; the Lasso with the same
    L1 weight puts all of it on one of them:

    >>> X = [[1.0, 1.0, 0.0], [2.0, 2.0, 1.0], [3.0, 3.0, 0.0], [4.0, 4.0, 1.0]]
    >>> y = [1.0, 2.0, 3.5, 4.0]
    >>> fit = elastic_net(X, y, alpha=0.1, l1_ratio=0.5)
    >>> fit.coef.round(4), fit.converged
    (array([ 0.499,  0.499, -0.04 ]), True)
    >>> lasso(X, y, 0.05).coef.round(4)
    array([ 1.025,  0.   , -0.075])
    """
    X, y = check_design(X, y)
    alpha = _check_lasso_alpha(alpha)
    l1_ratio = check_scalar(l1_ratio, "l1_ratio", low=0.0, high=1.0, closed="right")
    solver = SOLVERS[check_choice(method, "method", LASSO_METHODS)]
    tol = check_scalar(tol, "tol", low=0.0, closed="neither")
    max_iter = check_scalar(max_iter, "max_iter", kind="int", low=1, high=10**7)
    n, p = X.shape
    if (n + p) * p > ELASTIC_NET_MAX_ENTRIES:
        raise ValueError(
            f"elastic_net solves a Lasso on an augmented design of (n + p) * p = {(n + p) * p} "
            f"entries for X of shape {X.shape}, more than ELASTIC_NET_MAX_ENTRIES = "
            f"{ELASTIC_NET_MAX_ENTRIES}: select features first, or use a coordinate-descent "
            "elastic net (scikit-learn's ElasticNet)"
        )
    prob = centre_and_scale(X, y, fit_intercept, standardize)
    _check_magnitudes(X, y, standardize)
    l1, l2 = alpha * l1_ratio, alpha * (1.0 - l1_ratio)
    Xs = prob.columns(np.arange(p))
    augmented = CentredProblem(
        X=np.vstack([Xs, np.sqrt(n * l2) * np.eye(p)]),
        y=np.concatenate([prob.y, np.zeros(p)]),
        x_mean=np.zeros(p),
        y_mean=0.0,
        scale=np.ones(p),
    )
    cov = Covariance(augmented)
    w, n_iter, converged, _, _ = solver(cov, l1 * n / (n + p), np.zeros(p), tol * cov.yy, max_iter)
    gap, c = _elastic_net_gap(Xs, prob.y, w, l1, l2)
    coef, intercept = prob.unscale(w)
    if not converged:
        warn_not_converged(
            "elastic_net",
            f"the duality gap {gap:.3g} > tol * ||y_c||^2 / n after {n_iter} iterations "
            f"(max_iter={max_iter})",
        )
    return ElasticNetResult(
        coef, intercept, alpha, l1_ratio, n_iter, converged, gap, c, kkt_violations(w, c, l1)
    )
