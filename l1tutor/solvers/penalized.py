r"""The Lasso and Ridge regression: single fits and regularisation paths (chapter 4).

Both use scikit-learn's scaling, so that the same ``alpha`` means the same thing in both
libraries and on both penalties:

.. math::

    \text{Lasso:}\quad \frac{1}{2n}\|y - Xw - b\|_2^2 + \alpha \|w\|_1, \qquad
    \text{Ridge:}\quad \frac{1}{2n}\|y - Xw - b\|_2^2 + \frac{\alpha}{2} \|w\|_2^2 .

The Lasso is scikit-learn's ``Lasso(alpha=alpha)``; this Ridge is scikit-learn's
``Ridge(alpha=n * alpha)`` (which minimises :math:`\|y - Xw - b\|^2 + \alpha\|w\|^2`) and
scikit-learn's ``ElasticNet(alpha=alpha, l1_ratio=0)``.

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

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.linalg
from numpy.typing import ArrayLike

from l1tutor._checks import (
    as_float_array,
    check_bool,
    check_choice,
    check_finite,
    check_int,
    check_nonnegative,
    check_positive,
    check_Xy,
)
from l1tutor.prox import soft_threshold
from l1tutor.solvers.descent import proximal_gradient

__all__ = [
    "LASSO_METHODS",
    "LassoPath",
    "LassoResult",
    "RidgePath",
    "RidgeResult",
    "lasso",
    "lasso_alpha_max",
    "lasso_path",
    "ridge",
    "ridge_path",
]

#: Algorithms of :func:`lasso` and :func:`lasso_path`.
LASSO_METHODS = ("cd", "fista")

# FISTA iterations between two duality-gap checks; restarting the momentum at each check also
# speeds FISTA up on well-conditioned problems (O'Donoghue & Candes 2015).
_FISTA_CHUNK = 200

# Smallest number of violating features added to a working set at once.
_MIN_WORKING_SET = 25

# Smallest support whose Cholesky factor is kept between support steps (_Covariance.solve);
# for smaller ones a fresh solve costs less than the bookkeeping (measured).
_FACTOR_MIN = 100


@dataclass(frozen=True)
class LassoResult:
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
    kkt_violation : float
        :math:`\max_j` distance of :math:`c_j = x_j^\top (y - Xw - b)/n` from
        :math:`\alpha\,\partial|w_j|`, in the units of ``alpha`` (0 at the exact solution).
    """

    coef: np.ndarray
    intercept: float
    alpha: float
    n_iter: int
    converged: bool
    duality_gap: float
    kkt_violation: float


@dataclass(frozen=True)
class LassoPath:
    """Result of :func:`lasso_path`: one column of ``coefs`` per alpha, alphas decreasing.

    Attributes
    ----------
    alphas : numpy.ndarray of shape (n_alphas,)
    coefs : numpy.ndarray of shape (n_features, n_alphas)
        As in scikit-learn's ``lasso_path``.
    intercepts, duality_gaps, kkt_violations : numpy.ndarray of shape (n_alphas,)
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


@dataclass(frozen=True)
class RidgeResult:
    """Result of :func:`ridge`: ``coef`` (n_features,), ``intercept`` and ``alpha``."""

    coef: np.ndarray
    intercept: float
    alpha: float


@dataclass(frozen=True)
class RidgePath:
    """Result of :func:`ridge_path`: ``alphas`` (n_alphas,), ``coefs`` (n_features, n_alphas),
    ``intercepts`` (n_alphas,)."""

    alphas: np.ndarray
    coefs: np.ndarray
    intercepts: np.ndarray

    @property
    def n_nonzero(self) -> np.ndarray:
        """Number of nonzero coefficients at each alpha, shape (n_alphas,)."""
        return np.count_nonzero(self.coefs, axis=0)


# --------------------------------------------------------------------------------------------
# Input checks and preprocessing


def _check_Xy(X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    X, y = check_Xy(X, y)
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X must have at least one sample and one feature, got shape {X.shape}")
    return X, y


def _check_lasso_alpha(alpha: object) -> float:
    alpha = check_nonnegative(alpha, "alpha")
    if alpha == 0:
        raise ValueError(
            "alpha must be > 0 for the Lasso, got 0.0 (alpha = 0 is least squares: "
            "use ridge(X, y, 0.0))"
        )
    return alpha


@dataclass(frozen=True)
class _Problem:
    """The centred, scaled problem, kept implicit: X_s = (X - x_mean) / scale is never formed."""

    X: np.ndarray
    y: np.ndarray  # centred
    x_mean: np.ndarray
    y_mean: float
    scale: np.ndarray

    def columns(self, idx: np.ndarray) -> np.ndarray:
        """Columns ``idx`` of X_s, as an explicit (n, len(idx)) array."""
        out = self.X[:, idx]  # a copy (fancy indexing), then modified in place
        out -= self.x_mean[idx]
        out /= self.scale[idx]
        return out

    def xt(self, v: np.ndarray) -> np.ndarray:
        """X_s^T v / n, for a vector or a matrix ``v``; exact centring via the column sums of v."""
        n = self.X.shape[0]
        out = self.X.T @ v - np.multiply.outer(self.x_mean, v.sum(axis=0))
        return out / (n * (self.scale if v.ndim == 1 else self.scale[:, None]))

    def unscale(self, w: np.ndarray) -> tuple[np.ndarray, float]:
        coef = w / self.scale
        return coef, float(self.y_mean - self.x_mean @ coef)


def _prepare(X: np.ndarray, y: np.ndarray, fit_intercept: bool, standardize: bool) -> _Problem:
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    standardize = check_bool(standardize, "standardize")
    n, p = X.shape
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(p)
    y_mean = float(y.mean()) if fit_intercept else 0.0
    scale = np.ones(p)
    if standardize:
        # Spreads are computed on columns divided by their largest magnitude, so that columns
        # of 1e155 (whose squares overflow) or 1e-170 (whose squares underflow) still work.
        peak = np.abs(X).max(axis=0)
        peak[peak == 0] = 1.0
        unit = X / peak
        if fit_intercept:
            scale = peak * unit.std(axis=0)
            # A column whose spread is at rounding level relative to its values is constant.
            tiny = 16 * np.finfo(float).eps * np.abs(X).max(axis=0)
        else:
            scale = peak * np.sqrt(np.einsum("ij,ij->j", unit, unit) / n)
            tiny = np.zeros(p)
        bad = np.flatnonzero(scale <= tiny)
        if bad.size:
            j = int(bad[0])
            raise ValueError(
                f"X column {j} is constant (value {float(X[0, j])}) and cannot be standardized; "
                "drop it or use standardize=False"
            )
    return _Problem(X=X, y=y - y_mean, x_mean=x_mean, y_mean=y_mean, scale=scale)


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
    X, y = _check_Xy(X, y)
    prob = _prepare(X, y, fit_intercept, standardize)
    return float(np.abs(prob.xt(prob.y)).max())


# --------------------------------------------------------------------------------------------
# Coordinate descent on a growing working set, with covariance updates


class _Covariance:
    """Columns of the Gram matrix G = X_s^T X_s / n, computed only for features that enter.

    This is the "covariance updating" of Friedman, Hastie & Tibshirani (2010, section 2.2):
    each coordinate update then costs O(size of the working set), and the full gradient
    c = q - G w costs O(p * number of stored columns), without touching X again. It also
    solves the support systems G_AA v = b, keeping their Cholesky factor from one to the next
    (``solve``).
    """

    def __init__(self, prob: _Problem, *, full: bool = False):
        self.prob = prob
        n, p = prob.X.shape
        self.yy = float(prob.y @ prob.y) / n  # ||y_c||^2 / n
        if full:  # the whole Gram matrix in one product (A.T @ A: NumPy uses BLAS syrk)
            # Centre explicitly (one copy of X) rather than subtract n x_mean x_mean^T from
            # X^T X, which would cancel digits when the means are large against the spreads;
            # without an intercept there is nothing to centre and X is used as it is. The
            # scaling is applied to the p x p result, not to X.
            Xc = prob.X - prob.x_mean if prob.x_mean.any() else prob.X
            self.q = Xc.T @ prob.y / (n * prob.scale)
            self.cols = Xc.T @ Xc
            self.cols /= n * np.multiply.outer(prob.scale, prob.scale)
            self.pos = np.arange(p)
        else:
            self.q = prob.xt(prob.y)  # X_s^T y_c / n
            self.cols = np.empty((p, 0))
            self.pos = np.full(p, -1)  # column of self.cols holding G[:, j], or -1
        # Cholesky factor L of G_FF for the features F = self.face, in that order (see solve).
        self.face = np.empty(0, dtype=np.intp)
        self.chol = np.empty((0, 0))

    def ensure(self, idx: np.ndarray, priority: np.ndarray | None = None) -> None:
        """Compute the Gram columns of ``idx``. Each computation reads all of X, so when some
        are missing, as many more features as are already stored are added too, the most
        likely to enter next first (largest ``priority``): X is read O(log p) times in all."""
        new = idx[self.pos[idx] < 0]
        if new.size == 0:
            return
        if priority is not None:
            extra = self.cols.shape[1]
            candidates = np.flatnonzero(self.pos < 0)
            candidates = candidates[~np.isin(candidates, new)]
            if extra and candidates.size:
                order = np.argsort(-priority[candidates], kind="stable")[:extra]
                new = np.concatenate([new, candidates[order]])
        block = self.prob.xt(self.prob.columns(new))
        self.pos[new] = self.cols.shape[1] + np.arange(new.size)
        self.cols = np.hstack([self.cols, block])

    def sub(self, idx: np.ndarray) -> np.ndarray:
        return self.cols[idx[:, None], self.pos[idx]]  # G[idx, idx], in one copy

    def solve(self, A: np.ndarray, b: np.ndarray) -> np.ndarray | None:
        """Solve G_AA v = b for sorted features A, or return None if G_AA is singular (for
        the Cholesky factor: not numerically positive definite), when the face has no unique
        minimiser.

        Along a path and between working sets the support mostly repeats or grows, so the
        Cholesky factor L of the last G_AA is kept: the same support costs two triangular
        solves, and new features N extend the factor by a block, L_21 = G_NF L^-T and
        L_22 L_22^T = G_NN - L_21 L_21^T, in O(|A|^2 |N|) instead of a fresh O(|A|^3)
        factorisation. A feature leaving the support means a fresh factorisation. Supports of
        fewer than ``_FACTOR_MIN`` features get a fresh LU solve instead.
        """
        if A.size < _FACTOR_MIN:
            try:
                return np.linalg.solve(self.sub(A), b)
            except np.linalg.LinAlgError:  # G_AA singular
                return None
        try:
            if self.face.size and np.isin(self.face, A).all():  # kept every factorised feature
                new = A[~np.isin(A, self.face, assume_unique=True)]
                if new.size:
                    L21 = scipy.linalg.solve_triangular(
                        self.chol,
                        self.cols[np.ix_(self.face, self.pos[new])],
                        lower=True,
                        check_finite=False,
                    ).T
                    L22 = scipy.linalg.cholesky(
                        self.sub(new) - L21 @ L21.T, lower=True, check_finite=False
                    )
                    k = self.face.size
                    L = np.zeros((k + new.size, k + new.size), order="F")  # as LAPACK stores it
                    L[:k, :k], L[k:, :k], L[k:, k:] = self.chol, L21, L22
                    self.chol = L
                    self.face = np.concatenate([self.face, new])
            else:  # no factor yet, or a feature left the support: factorise afresh
                self.chol = scipy.linalg.cholesky(self.sub(A), lower=True, check_finite=False)
                self.face = A
        except np.linalg.LinAlgError:
            return None
        order = np.searchsorted(A, self.face)  # positions in A of the factor's features
        v = np.empty_like(b)
        v[order] = scipy.linalg.cho_solve((self.chol, True), b[order], check_finite=False)
        return v

    def gradient(self, w: np.ndarray) -> np.ndarray:
        """c = X_s^T (y_c - X_s w) / n; w must be zero outside the computed columns."""
        # w in the order of the stored columns: a product with no copy of the Gram columns.
        support = np.flatnonzero(w)
        w_cols = np.zeros(self.cols.shape[1])
        w_cols[self.pos[support]] = w[support]
        return self.q - self.cols @ w_cols


def _gap_primal(
    yy: float, q: np.ndarray, w: np.ndarray, c: np.ndarray, alpha: float
) -> tuple[float, float]:
    """Duality gap and primal objective from Gram quantities (c = q - G w).

    With r = y - X w: ||r||^2/n = yy - q.w - w.c and r.y/n = yy - q.w. The dual point is
    theta = s * r with s = min(1, alpha / ||X^T r / n||_inf), which is dual feasible; the gap is
    (1 + s^2) ||r||^2/(2n) + alpha ||w||_1 - s r.y/n (scikit-learn's enet_coordinate_descent, / n).
    """
    qw = float(q @ w)
    rr = max(yy - qw - float(w @ c), 0.0)
    l1 = float(np.abs(w).sum())
    c_max = float(np.abs(c).max()) if c.size else 0.0
    s = 1.0 if c_max <= alpha else alpha / c_max
    primal = 0.5 * rr + alpha * l1
    return max(0.5 * rr * (1.0 + s * s) + alpha * l1 - s * (yy - qw), 0.0), primal


def _kkt_violation(w: np.ndarray, c: np.ndarray, alpha: float) -> float:
    """max_j distance of c_j from alpha * (subdifferential of |w_j|)."""
    kkt = np.where(w != 0, np.abs(c - alpha * np.sign(w)), np.maximum(np.abs(c) - alpha, 0.0))
    return float(kkt.max())


def _support_step(
    cov: _Covariance,
    W: np.ndarray,
    G: np.ndarray,
    q: np.ndarray,
    w: np.ndarray,
    primal: float,
    alpha: float,
) -> tuple[np.ndarray, np.ndarray, float, float, bool] | None:
    """Jump towards the minimiser of the objective on the orthant face of w (signs fixed).

    On that face the Lasso objective is the quadratic w.G w/2 - q.w + alpha s.w, minimised by
    v with G_AA v_A = q_A - alpha s_A: the limit of cyclic coordinate descent (Gauss-Seidel on
    this system) once the signs stop changing. If v leaves the face, try v with the coefficients
    that changed sign set to 0 (a projection), else stop where the first coefficient reaches 0
    on the way to v (as LARS does; this cannot increase the objective). A candidate is taken
    only if it lowers the objective ``primal``.

    ``G`` and ``q`` are the working-set problem of features ``W`` (``w`` is indexed like them);
    G_AA is factorised by ``cov``, which knows the features by their global index.

    Returns (w, c, gap, primal, whether a coefficient was set to 0), or None if no candidate
    lowers the objective.
    """
    A = np.flatnonzero(w)
    if A.size == 0:
        return None
    s = np.sign(w[A])
    v = cov.solve(W[A], q[A] - alpha * s)
    if v is None:
        return None
    crossing = np.sign(v) != s
    candidates = [np.where(crossing, 0.0, v)]
    if crossing.any():
        t = w[A][crossing] / (w[A][crossing] - v[crossing])  # fraction of the way to 0
        i = int(np.argmin(t))
        partial = w[A] + t[i] * (v - w[A])
        partial[np.flatnonzero(crossing)[i]] = 0.0
        candidates.append(partial)
    for v_A in candidates:
        out = np.zeros_like(w)
        out[A] = v_A
        c = q - G @ out
        gap, new_primal = _gap_primal(cov.yy, q, out, c, alpha)
        # The test also guards against an ill-conditioned G_AA.
        if new_primal <= primal:
            return out, c, gap, new_primal, bool(crossing.any())
    return None


def _cd_working_set(
    cov: _Covariance, W: np.ndarray, alpha: float, w: np.ndarray, tol_abs: float, max_iter: int
) -> tuple[np.ndarray, int]:
    """Cyclic coordinate descent on the problem restricted to the features ``W`` (``w`` holds
    their coefficients), each sweep followed by support steps. Stops when the duality gap is
    at most ``tol_abs``.

    Returns (w, iterations).
    """
    G, q, yy = cov.sub(W), cov.q[W], cov.yy
    c = q - G @ w
    gap, primal = _gap_primal(yy, q, w, c, alpha)
    # Python floats and row views: the scalar loop below is the hot spot.
    d, rows, w_list = np.diag(G).tolist(), list(G), w.tolist()
    n_iter = 0
    while True:
        # Support steps until one reaches the minimiser on its face (or none helps): each step
        # that sets a coefficient to 0 shrinks the support, so this loop is finite.
        w = np.array(w_list)
        while n_iter < max_iter:
            step = _support_step(cov, W, G, q, w, primal, alpha)
            if step is None:
                break
            w, c, gap, primal, crossed = step
            w_list = w.tolist()
            n_iter += 1
            if not crossed:
                break
        if gap <= tol_abs or n_iter >= max_iter:
            return w, n_iter
        for j, d_j in enumerate(d):
            if d_j <= 0.0:  # a zero column: its coefficient stays 0
                continue
            w_j = w_list[j]
            z = w_j + c.item(j) / d_j
            t = alpha / d_j
            new = z - t if z > t else (z + t if z < -t else 0.0)
            if new != w_j:
                c -= (new - w_j) * rows[j]
                w_list[j] = new
        n_iter += 1
        gap, primal = _gap_primal(yy, q, np.array(w_list), c, alpha)


def _lasso_cd(
    cov: _Covariance, alpha: float, w: np.ndarray, tol_abs: float, max_iter: int
) -> tuple[np.ndarray, int, bool, float, float]:
    """Working-set coordinate descent (Friedman et al. 2010, sections 2.2 and 2.6).

    Outer loop: compute the full gradient c and the duality gap; stop if it certifies; else
    solve the problem restricted to the working set W (the support of w and the features that
    violate the optimality condition |c_j| <= alpha, at most max(_MIN_WORKING_SET, |support|)
    of them, the worst first) by cyclic coordinate descent, and repeat.
    """
    n_iter = 0
    while True:
        c = cov.gradient(w)
        gap, _ = _gap_primal(cov.yy, cov.q, w, c, alpha)
        if gap <= tol_abs or n_iter >= max_iter:
            return w, n_iter, gap <= tol_abs, gap, _kkt_violation(w, c, alpha)
        in_W = w != 0  # the support, then the violators
        violators = np.flatnonzero(~in_W & (np.abs(c) > alpha))
        keep = max(_MIN_WORKING_SET, int(np.count_nonzero(in_W)))
        if violators.size > keep:
            violators = violators[np.argsort(-np.abs(c[violators]), kind="stable")[:keep]]
        in_W[violators] = True
        W = np.flatnonzero(in_W)
        cov.ensure(W, priority=np.abs(c))
        w_W, it = _cd_working_set(cov, W, alpha, w[W], 0.5 * tol_abs, max_iter - n_iter)
        # A working set that needs no sweep and changes nothing would loop forever.
        n_iter += max(it, 1)
        w = np.zeros_like(w)
        w[W] = w_W


def _lasso_fista(
    cov: _Covariance, alpha: float, w: np.ndarray, tol_abs: float, max_iter: int
) -> tuple[np.ndarray, int, bool, float, float]:
    """FISTA via :func:`l1tutor.solvers.proximal_gradient`, checking the duality gap every
    ``_FISTA_CHUNK`` iterations and restarting from the last iterate."""
    p = w.size
    cov.ensure(np.arange(p))
    G = cov.sub(np.arange(p))
    q = cov.q
    # Step 1/L with L = largest eigenvalue of G, the Lipschitz constant of the gradient.
    step = 1.0 / max(float(np.linalg.eigvalsh(G)[-1]), np.finfo(float).tiny)

    def grad_f(v: np.ndarray) -> np.ndarray:
        return G @ v - q

    def prox_g(v: np.ndarray, eta: float) -> np.ndarray:
        return soft_threshold(v, eta * alpha)

    n_iter = 0
    while True:
        c = q - G @ w
        gap, _ = _gap_primal(cov.yy, q, w, c, alpha)
        if gap <= tol_abs or n_iter >= max_iter:
            return w, n_iter, gap <= tol_abs, gap, _kkt_violation(w, c, alpha)
        chunk = min(_FISTA_CHUNK, max_iter - n_iter)
        res = proximal_gradient(
            grad_f, prox_g, w, step=step, max_iter=chunk, tol=0.0, accelerated=True
        )
        w, n_iter = res.w, n_iter + res.n_iter


_SOLVERS: dict[str, Callable[..., tuple[np.ndarray, int, bool, float, float]]] = {
    "cd": _lasso_cd,
    "fista": _lasso_fista,
}


# --------------------------------------------------------------------------------------------
# Public API: the Lasso


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
    X, y = _check_Xy(X, y)
    alpha = _check_lasso_alpha(alpha)
    solver = _SOLVERS[check_choice(method, "method", LASSO_METHODS)]
    tol = check_positive(tol, "tol")
    max_iter = check_int(max_iter, "max_iter", 1)
    prob = _prepare(X, y, fit_intercept, standardize)
    w = _check_w0(w0, prob)
    cov = _Covariance(prob)
    cov.ensure(np.flatnonzero(w))
    w, n_iter, converged, gap, kkt = solver(cov, alpha, w, tol * cov.yy, max_iter)
    coef, intercept = prob.unscale(w)
    return LassoResult(coef, intercept, alpha, n_iter, converged, gap, kkt)


def _check_w0(w0: ArrayLike | None, prob: _Problem) -> np.ndarray:
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
    X, y = _check_Xy(X, y)
    solver = _SOLVERS[check_choice(method, "method", LASSO_METHODS)]
    tol = check_positive(tol, "tol")
    max_iter = check_int(max_iter, "max_iter", 1)
    prob = _prepare(X, y, fit_intercept, standardize)
    # A path usually ends with many features active: when n >= p, one Gram product is cheaper
    # than many partial ones (scikit-learn's precompute="auto" makes the same choice).
    cov = _Covariance(prob, full=X.shape[0] >= X.shape[1])
    if alphas is None:
        alphas = _default_alphas(float(np.abs(cov.q).max()), n_alphas, eps)
    else:
        alphas = _check_alphas(alphas, positive=True)
    p, k = X.shape[1], alphas.size
    coefs, intercepts = np.empty((p, k)), np.empty(k)
    n_iter, converged = np.empty(k, dtype=int), np.empty(k, dtype=bool)
    gaps, kkts = np.empty(k), np.empty(k)
    w = np.zeros(p)
    for i, alpha in enumerate(alphas):
        w, n_iter[i], converged[i], gaps[i], kkts[i] = solver(
            cov, float(alpha), w, tol * cov.yy, max_iter
        )
        coefs[:, i], intercepts[i] = prob.unscale(w)
    return LassoPath(alphas, coefs, intercepts, n_iter, converged, gaps, kkts)


def _default_alphas(alpha_max: float, n_alphas: object, eps: object) -> np.ndarray:
    n_alphas = check_int(n_alphas, "n_alphas", 1)
    eps = check_positive(eps, "eps")
    if eps >= 1:
        raise ValueError(f"eps must be < 1, got {eps}")
    if alpha_max == 0:
        raise ValueError(
            "alpha_max = ||X_c^T y_c||_inf / n is 0 (y is constant or orthogonal to every "
            "column of X): every alpha gives w = 0; pass alphas explicitly"
        )
    return np.geomspace(alpha_max, eps * alpha_max, n_alphas)


def _check_alphas(alphas: ArrayLike, *, positive: bool) -> np.ndarray:
    alphas = as_float_array(alphas, "alphas").astype(np.float64)
    if alphas.ndim != 1 or alphas.size == 0:
        raise ValueError(f"alphas must be a non-empty 1-D array, got shape {alphas.shape}")
    check_finite(alphas, "alphas")
    if positive and (alphas <= 0).any():
        raise ValueError(f"alphas must all be > 0 for the Lasso, got {alphas.min()}")
    if (alphas < 0).any():
        raise ValueError(f"alphas must all be >= 0, got {alphas.min()}")
    return np.sort(alphas)[::-1]


# --------------------------------------------------------------------------------------------
# Public API: Ridge


def ridge(
    X: ArrayLike,
    y: ArrayLike,
    alpha: float,
    *,
    fit_intercept: bool = True,
    standardize: bool = False,
) -> RidgeResult:
    r"""Ridge: :math:`\min_{w, b}\ \frac{1}{2n}\|y - Xw - b\|_2^2 + \frac{\alpha}{2}\|w\|_2^2`.

    The closed form :math:`w = (X_c^\top X_c / n + \alpha I)^{-1} X_c^\top y_c / n`.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    alpha : float
        Penalty weight :math:`\alpha \ge 0`, on the Lasso's scale; scikit-learn's
        ``Ridge(alpha=n_samples * alpha)`` gives the same coefficients. ``alpha = 0`` is least
        squares (the minimum-norm solution when it is not unique).
    fit_intercept, standardize : bool
        As in :func:`lasso`.

    Returns
    -------
    RidgeResult
        ``coef``, ``intercept``, ``alpha``.

    Raises
    ------
    ValueError
        As :func:`lasso`, with ``alpha < 0``.

    Notes
    -----
    The penalty is :math:`\frac{\alpha}{2}\|w\|^2` over a loss divided by :math:`2n` (glmnet's
    and scikit-learn's ``ElasticNet(l1_ratio=0)`` convention), so that a Lasso and a Ridge with
    the same ``alpha`` can share one axis. Through the singular value decomposition
    :math:`X_c = U \Sigma V^\top`, :math:`w = V \operatorname{diag}\bigl(\sigma_i /
    (\sigma_i^2 + n\alpha)\bigr) U^\top y_c`: every coefficient is shrunk, and none is exactly
    0 for generic data (compare :func:`lasso`).

    References
    ----------
    A. E. Hoerl, R. W. Kennard, "Ridge Regression: Biased Estimation for Nonorthogonal
    Problems", *Technometrics* 12(1), 55-67, 1970.

    Examples
    --------
    The data of :func:`lasso`'s example: Ridge keeps the second coefficient, small but not 0.

    >>> X = [[1.0, 0.5], [2.0, -1.0], [3.0, 1.0], [4.0, 0.0]]
    >>> res = ridge(X, [1.0, 2.0, 3.0, 4.0], 0.1)
    >>> res.coef.round(4), round(res.intercept, 4)
    (array([0.9256, 0.0072]), 0.1851)
    """
    alpha = check_nonnegative(alpha, "alpha")
    path = ridge_path(X, y, [alpha], fit_intercept=fit_intercept, standardize=standardize)
    return RidgeResult(path.coefs[:, 0], float(path.intercepts[0]), alpha)


def ridge_path(
    X: ArrayLike,
    y: ArrayLike,
    alphas: ArrayLike,
    *,
    fit_intercept: bool = True,
    standardize: bool = False,
) -> RidgePath:
    r"""Ridge coefficients for many alphas from one singular value decomposition.

    .. math::

        w(\alpha) = V \operatorname{diag}\Bigl(\frac{\sigma_i}{\sigma_i^2 + n\alpha}\Bigr)
        U^\top y_c, \qquad X_c = U \Sigma V^\top

    the minimiser of :math:`\frac{1}{2n}\|y_c - X_c w\|^2 + \frac{\alpha}{2}\|w\|^2` (see
    :func:`ridge` for the scaling).

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    alphas : array_like of shape (n_alphas,)
        Penalty weights, all :math:`\ge 0`; returned in decreasing order (like
        :func:`lasso_path`, so the two can share an axis).
    fit_intercept, standardize : bool
        As in :func:`lasso`.

    Returns
    -------
    RidgePath
        ``alphas`` (decreasing), ``coefs`` of shape (n_features, n_alphas), ``intercepts``, and
        the property ``n_nonzero``.

    Raises
    ------
    ValueError
        As :func:`ridge`; also ``alphas`` empty, not 1-D or with a negative value.

    Examples
    --------
    >>> path = ridge_path([[1.0, 0.0], [0.0, 1.0]], [1.0, 2.0], [0.0, 1.0], fit_intercept=False)
    >>> path.alphas
    array([1., 0.])
    >>> path.coefs
    array([[0.33333333, 1.        ],
           [0.66666667, 2.        ]])
    """
    X, y = _check_Xy(X, y)
    alphas = _check_alphas(alphas, positive=False)
    prob = _prepare(X, y, fit_intercept, standardize)
    n = X.shape[0]
    U, sigma, Vt = np.linalg.svd(prob.columns(np.arange(X.shape[1])), full_matrices=False)
    # Directions with sigma at rounding level carry no information: at alpha = 0 they would
    # divide by ~0, so they are dropped (the minimum-norm least-squares solution).
    keep = sigma > sigma.max(initial=0.0) * max(X.shape) * np.finfo(float).eps
    U, sigma, Vt = U[:, keep], sigma[keep], Vt[keep]
    Uty = U.T @ prob.y
    # sigma / (sigma^2 + n alpha), written so that sigma^2 cannot overflow or underflow.
    factors = 1.0 / (sigma[:, None] + n * alphas[None, :] / sigma[:, None])
    w = Vt.T @ (factors * Uty[:, None])
    coefs = w / prob.scale[:, None]
    intercepts = prob.y_mean - prob.x_mean @ coefs
    return RidgePath(alphas, coefs, np.atleast_1d(intercepts))
