r"""The Lasso's engine: coordinate descent on working sets, and FISTA (private).

Both solve the centred, scaled problem of :class:`~l1tutor.solvers._design.CentredProblem`,

.. math::

    \min_w \frac{1}{2n}\|y_c - X_s w\|_2^2 + \alpha \|w\|_1,

and stop on the duality gap. :func:`l1tutor.solvers.lasso` and :func:`l1tutor.solvers.lasso_path`
are the public entry points.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.linalg

from l1tutor._checks import FloatRangeError
from l1tutor.prox import prox_l1
from l1tutor.solvers._design import CentredProblem
from l1tutor.solvers.shrinkage import proximal_gradient

# FISTA iterations between two duality-gap checks; restarting the momentum at each check also
# speeds FISTA up on well-conditioned problems (O'Donoghue & Candes 2015).
FISTA_CHUNK = 200

# Smallest number of violating features added to a working set at once.
MIN_WORKING_SET = 25

# Smallest support whose Cholesky factor is kept between support steps (Covariance.solve);
# for smaller ones a fresh solve costs less than the bookkeeping (measured).
FACTOR_MIN = 100


def _check_range(values: np.ndarray, name: str, what: str) -> None:
    """Raise if a quantity the solver needs overflows: the data are too large for it."""
    if not np.isfinite(values).all():
        raise FloatRangeError(
            f"{what} overflows the floating-point range: the entries of {name} are too large "
            f"for the Lasso's Gram quantities (rescale {name}"
            + (", or pass standardize=True)" if name == "X" else ")")
        )


class Covariance:
    """Columns of the Gram matrix G = X_s^T X_s / n, computed only for features that enter.

    This is the "covariance updating" of Friedman, Hastie & Tibshirani (2010, section 2.2):
    each coordinate update then costs O(size of the working set), and the full gradient
    c = q - G w costs O(p * number of stored columns), without touching X again. It also
    solves the support systems G_AA v = b, keeping their Cholesky factor from one to the next
    (``solve``).
    """

    def __init__(self, prob: CentredProblem, *, full: bool = False):
        self.prob = prob
        n, p = prob.X.shape
        with np.errstate(over="ignore", invalid="ignore"):  # checked below
            self.yy = float(prob.y @ prob.y) / n  # ||y_c||^2 / n
            if full:  # the whole Gram matrix in one product (A.T @ A: NumPy uses BLAS syrk)
                # Centre explicitly (one copy of X) rather than subtract n x_mean x_mean^T from
                # X^T X, which would cancel digits when the means are large against the spreads,
                # and scale the copy, so that standardized columns of 1e155 do not overflow the
                # products; without an intercept or scaling X is used as it is.
                Xs = prob.X - prob.x_mean if prob.x_mean.any() else prob.X
                if (prob.scale != 1).any():
                    Xs = Xs / prob.scale if Xs is prob.X else np.divide(Xs, prob.scale, out=Xs)
                self.q = Xs.T @ prob.y / n
                self.cols = Xs.T @ Xs
                self.cols /= n
                self.pos = np.arange(p)
            else:
                self.q = prob.xt(prob.y)  # X_s^T y_c / n
                self.cols = np.empty((p, 0))
                self.pos = np.full(p, -1)  # column of self.cols holding G[:, j], or -1
        _check_range(np.array([self.yy]), "y", "||y_c||^2 / n")
        _check_range(self.q, "X", "X^T y_c / n")
        _check_range(self.cols, "X", "the Gram matrix X^T X / n")
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
        with np.errstate(over="ignore", invalid="ignore"):  # checked next
            block = self.prob.xt(self.prob.columns(new))
        _check_range(block, "X", "the Gram matrix X^T X / n")
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
        fewer than ``FACTOR_MIN`` features get a fresh LU solve instead.
        """
        if A.size < FACTOR_MIN:
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


def gap_primal(
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


def kkt_violations(w: np.ndarray, c: np.ndarray, alpha: float) -> np.ndarray:
    """Distance of each c_j from alpha * (subdifferential of |w_j|): 0 where w_j is optimal."""
    return np.where(w != 0, np.abs(c - alpha * np.sign(w)), np.maximum(np.abs(c) - alpha, 0.0))


def _support_step(
    cov: Covariance,
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
        gap, new_primal = gap_primal(cov.yy, q, out, c, alpha)
        # The test also guards against an ill-conditioned G_AA.
        if new_primal <= primal:
            return out, c, gap, new_primal, bool(crossing.any())
    return None


def _cd_working_set(
    cov: Covariance, W: np.ndarray, alpha: float, w: np.ndarray, tol_abs: float, max_iter: int
) -> tuple[np.ndarray, int]:
    """Cyclic coordinate descent on the problem restricted to the features ``W`` (``w`` holds
    their coefficients), each sweep followed by support steps. Stops when the duality gap is
    at most ``tol_abs``.

    Returns (w, iterations).
    """
    G, q, yy = cov.sub(W), cov.q[W], cov.yy
    c = q - G @ w
    gap, primal = gap_primal(yy, q, w, c, alpha)
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
        gap, primal = gap_primal(yy, q, np.array(w_list), c, alpha)


def lasso_cd(
    cov: Covariance, alpha: float, w: np.ndarray, tol_abs: float, max_iter: int
) -> tuple[np.ndarray, int, bool, float, np.ndarray]:
    """Working-set coordinate descent (Friedman et al. 2010, sections 2.2 and 2.6).

    Outer loop: compute the full gradient c and the duality gap; stop if it certifies; else
    solve the problem restricted to the working set W (the support of w and the features that
    violate the optimality condition |c_j| <= alpha, at most max(MIN_WORKING_SET, |support|)
    of them, the worst first) by cyclic coordinate descent, and repeat.
    """
    n_iter = 0
    while True:
        c = cov.gradient(w)
        gap, _ = gap_primal(cov.yy, cov.q, w, c, alpha)
        if gap <= tol_abs or n_iter >= max_iter:
            return w, n_iter, gap <= tol_abs, gap, c
        in_W = w != 0  # the support, then the violators
        violators = np.flatnonzero(~in_W & (np.abs(c) > alpha))
        keep = max(MIN_WORKING_SET, int(np.count_nonzero(in_W)))
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


def lasso_fista(
    cov: Covariance, alpha: float, w: np.ndarray, tol_abs: float, max_iter: int
) -> tuple[np.ndarray, int, bool, float, np.ndarray]:
    """FISTA via :func:`l1tutor.solvers.proximal_gradient`, checking the duality gap every
    ``FISTA_CHUNK`` iterations and restarting from the last iterate."""
    p = w.size
    cov.ensure(np.arange(p))
    G = cov.sub(np.arange(p))
    q = cov.q
    # Step 1/L with L = largest eigenvalue of G, the Lipschitz constant of the gradient.
    step = 1.0 / max(float(np.linalg.eigvalsh(G)[-1]), np.finfo(float).tiny)

    def grad_f(v: np.ndarray) -> np.ndarray:
        return G @ v - q

    n_iter = 0
    while True:
        c = q - G @ w
        gap, _ = gap_primal(cov.yy, q, w, c, alpha)
        if gap <= tol_abs or n_iter >= max_iter:
            return w, n_iter, gap <= tol_abs, gap, c
        chunk = min(FISTA_CHUNK, max_iter - n_iter)
        res = proximal_gradient(
            grad_f, prox_l1, w, penalty=alpha, step=step, max_iter=chunk, tol=0.0, accelerated=True
        )
        w, n_iter = res.w, n_iter + res.n_iter


# Each returns (w, iterations, converged, duality gap, correlations c = X_s^T r / n).
SOLVERS: dict[str, Callable[..., tuple[np.ndarray, int, bool, float, np.ndarray]]] = {
    "cd": lasso_cd,
    "fista": lasso_fista,
}
