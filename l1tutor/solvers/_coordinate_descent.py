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

# Active-set steps tried from a warm start before coordinate descent (see _active_set).
ACTIVE_SET_ROUNDS = 3

# Sweeps between two Anderson extrapolations of coordinate descent (Bertrand & Massias 2021
# find 5 a good default).
ANDERSON_DEPTH = 5

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
    """Gram quantities of the centred, scaled problem, computed only for features that enter.

    q = X_s^T y_c / n for every feature, and the block G_FF of G = X_s^T X_s / n for the stored
    features F (all of them with ``full=True``, in one product). This is the "covariance
    updating" of Friedman, Hastie & Tibshirani (2010, section 2.2) on the working set: each
    coordinate update then costs O(size of the working set). Without the full matrix, the
    gradient c = X_s^T (y_c - X_s w) / n is computed from X itself ("naive updating", one pass
    over X), so a feature that enters costs O(n |F|) and not the O(n p) of a whole Gram column:
    this is what keeps p >> n affordable. It also solves the support systems G_AA v = b,
    keeping their Cholesky factor from one to the next (``solve``).
    """

    def __init__(self, prob: CentredProblem, *, full: bool = False):
        self.prob = prob
        n, p = prob.X.shape
        # Rank of X_s at most: a support step needs G_AA nonsingular, so no larger support.
        self.rank_bound = min(n - (1 if prob.x_mean.any() else 0), p)
        with np.errstate(over="ignore", invalid="ignore"):  # checked below
            self.yy = float(prob.y @ prob.y) / n  # ||y_c||^2 / n
        _check_range(np.array([self.yy]), "y", "||y_c||^2 / n")
        # Buffers with room to grow: G_FF in gram[:size, :size], and the explicit columns
        # X_s[:, F] in cols[:, :size], F = features[:size] in the order they were stored.
        self.gram = np.empty((0, 0))
        self.cols = np.empty((n, 0), order="F")
        self.features = np.empty(0, dtype=np.intp)
        self.pos = np.full(p, -1)  # position of feature j in F, or -1
        self.size = 0
        self.full = False
        if full:
            self.store_all()
        else:
            with np.errstate(over="ignore", invalid="ignore"):  # checked next
                self.q = prob.xt(prob.y)  # X_s^T y_c / n
            _check_range(self.q, "X", "X^T y_c / n")
        # Cholesky factor L of G_FF for the features F = self.face, in that order (see solve).
        self.face = np.empty(0, dtype=np.intp)
        self.chol = np.empty((0, 0))
        self.inverse: dict[int, np.ndarray] = {}  # columns of G_FF^-1 (see _inverse_columns)

    def worth_storing_all(self, count: int) -> bool:
        """Whether to store the whole Gram matrix rather than the blocks of ``count`` features:
        from half the features on when n >= p, one product for all of it (BLAS syrk, half
        the work of separate blocks) costs less than the blocks still to come."""
        n, p = self.prob.X.shape
        return not self.full and n >= p and 2 * count >= p

    def store_all(self) -> None:
        """Compute the whole Gram matrix G (and q again, from the same centred copy of X)."""
        prob, n = self.prob, self.prob.X.shape[0]
        with np.errstate(over="ignore", invalid="ignore"):  # checked below
            # Centre explicitly (one copy of X) rather than subtract n x_mean x_mean^T from
            # X^T X, which would cancel digits when the means are large against the spreads,
            # and scale the copy, so that standardized columns of 1e155 do not overflow the
            # products; without an intercept or scaling X is used as it is.
            Xs = prob.X - prob.x_mean if prob.x_mean.any() else prob.X
            if (prob.scale != 1).any():
                Xs = Xs / prob.scale if Xs is prob.X else np.divide(Xs, prob.scale, out=Xs)
            self.q = Xs.T @ prob.y / n
            self.gram = Xs.T @ Xs  # A.T @ A: NumPy calls BLAS syrk
            self.gram /= n
        _check_range(self.q, "X", "X^T y_c / n")
        _check_range(self.gram, "X", "the Gram matrix X^T X / n")
        p = self.gram.shape[0]
        self.pos = self.features = np.arange(p)
        self.size, self.full = p, True
        self.cols = np.empty((n, 0))  # not needed any more: the gradient comes from G

    def ensure(self, idx: np.ndarray) -> None:
        """Store the Gram entries between the features ``idx`` and those already stored."""
        new = idx[self.pos[idx] < 0]
        if new.size == 0:
            return
        k, m = self.size, new.size
        if self.worth_storing_all(k + m):
            self.store_all()
            return
        if k + m > self.gram.shape[0]:  # grow the buffers geometrically: O(n |F|) copies in all
            cap = max(2 * self.gram.shape[0], k + m, 16)
            gram, cols = np.empty((cap, cap)), np.empty((self.cols.shape[0], cap), order="F")
            gram[:k, :k], cols[:, :k] = self.gram[:k, :k], self.cols[:, :k]
            self.gram, self.cols = gram, cols
            self.features = np.resize(self.features, cap)
        n = self.prob.X.shape[0]
        with np.errstate(over="ignore", invalid="ignore"):  # checked next
            block = self.prob.columns(new)
            cross = block.T @ self.cols[:, :k] / n
            inner = block.T @ block / n
        _check_range(cross, "X", "the Gram matrix X^T X / n")
        _check_range(inner, "X", "the Gram matrix X^T X / n")
        self.gram[k : k + m, :k] = cross
        self.gram[:k, k : k + m] = cross.T
        self.gram[k : k + m, k : k + m] = inner
        self.cols[:, k : k + m] = block
        self.features[k : k + m] = new
        self.pos[new] = k + np.arange(m)
        self.size = k + m

    def sub(self, idx: np.ndarray) -> np.ndarray:
        where = self.pos[idx]
        return self.gram[where[:, None], where]  # G[idx, idx], in one copy

    def solve(self, A: np.ndarray, b: np.ndarray) -> np.ndarray | None:
        """Solve G_AA v = b for sorted features A, or return None if G_AA is singular (for
        the Cholesky factor: not numerically positive definite), when the face has no unique
        minimiser.

        Along a path and between working sets the support mostly repeats, grows or loses a
        few features, so the Cholesky factor L of G_FF for the last features F is kept:

        * new features N extend the factor by a block, L_21 = G_NF L^-T and
          L_22 L_22^T = G_NN - L_21 L_21^T, in O(|F|^2 |N|) instead of a fresh O(|F|^3);
        * features R = F minus A that left are handled without refactorising: with
          x = G_FF^-1 (b - E_R lam), where E_R selects R, the multipliers lam that make x_R = 0
          solve (G_FF^-1)_RR lam = (G_FF^-1 b)_R, and then G_AA x_A = b; this costs
          O(|F|^2 |R|), so F is refactorised once R exceeds a sixth of it.

        Supports of fewer than ``FACTOR_MIN`` features get a fresh LU solve instead.
        """
        if A.size > self.rank_bound:  # more features than the rank of X_s: G_AA is singular
            return None
        if A.size < FACTOR_MIN:
            try:
                return np.linalg.solve(self.sub(A), b)
            except np.linalg.LinAlgError:  # G_AA singular
                return None
        try:
            gone = ~np.isin(self.face, A, assume_unique=True)
            if self.face.size == 0 or 6 * np.count_nonzero(gone) > self.face.size:
                self._factorise(A)
            else:
                self._extend(A[~np.isin(A, self.face, assume_unique=True)])
        except np.linalg.LinAlgError:
            try:  # the extension failed: a fresh factorisation of A alone
                self._factorise(A)
            except np.linalg.LinAlgError:
                return None
        # The factor's features F include A; where[i] is the position in A of F's i-th feature.
        where = np.searchsorted(A, self.face)
        in_A = where < A.size
        in_A[in_A] = A[where[in_A]] == self.face[in_A]
        rhs = np.zeros(self.face.size)
        rhs[in_A] = b[where[in_A]]
        x = scipy.linalg.cho_solve((self.chol, True), rhs, check_finite=False)
        R = np.flatnonzero(~in_A)
        if R.size:
            M = self._inverse_columns(R)
            try:
                x -= M @ np.linalg.solve(M[R], x[R])
            except np.linalg.LinAlgError:
                return None
        v = np.empty_like(b)
        v[where[in_A]] = x[in_A]
        return v

    def _inverse_columns(self, R: np.ndarray) -> np.ndarray:
        """Columns ``R`` (positions in the factor) of G_FF^-1, each computed once per factor:
        features usually leave one at a time, so a step adds one column, O(|F|^2)."""
        missing = [int(i) for i in R if int(i) not in self.inverse]
        if missing:
            E = np.zeros((self.face.size, len(missing)))
            E[missing, np.arange(len(missing))] = 1.0
            M = scipy.linalg.cho_solve((self.chol, True), E, check_finite=False)
            self.inverse.update(zip(missing, M.T, strict=True))
        return np.column_stack([self.inverse[int(i)] for i in R])

    def _factorise(self, A: np.ndarray) -> None:
        self.chol = scipy.linalg.cholesky(self.sub(A), lower=True, check_finite=False)
        self.face = A
        self.inverse = {}

    def _extend(self, new: np.ndarray) -> None:
        """Extend the Cholesky factor of G_FF by the features ``new`` (see ``solve``)."""
        if new.size == 0:
            return
        L21 = scipy.linalg.solve_triangular(
            self.chol,
            self.gram[np.ix_(self.pos[self.face], self.pos[new])],
            lower=True,
            check_finite=False,
        ).T
        L22 = scipy.linalg.cholesky(self.sub(new) - L21 @ L21.T, lower=True, check_finite=False)
        k = self.face.size
        L = np.zeros((k + new.size, k + new.size), order="F")  # as LAPACK stores it
        L[:k, :k], L[k:, :k], L[k:, k:] = self.chol, L21, L22
        self.chol = L
        self.face = np.concatenate([self.face, new])
        self.inverse = {}

    def gradient(self, w: np.ndarray) -> np.ndarray:
        """c = X_s^T (y_c - X_s w) / n; w must be zero outside the stored features."""
        if self.full:
            support = np.flatnonzero(w)
            return self.q - self.gram[:, support] @ w[support]
        with np.errstate(over="ignore", invalid="ignore"):  # the quantities were checked
            residual = self.prob.y - self.cols[:, : self.size] @ w[self.features[: self.size]]
            return self.prob.xt(residual)


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


def gap_primal_columns(
    yy: float, q: np.ndarray, W: np.ndarray, C: np.ndarray, alphas: np.ndarray
) -> np.ndarray:
    """The duality gaps of :func:`gap_primal` for the columns of ``W`` (and ``C = q - G W``),
    each at its own alpha: a whole path certified in a few array operations."""
    qw = q @ W
    rr = np.maximum(yy - qw - np.einsum("ij,ij->j", W, C), 0.0)
    c_max = np.abs(C).max(axis=0, initial=0.0)
    with np.errstate(divide="ignore"):
        s = np.where(c_max <= alphas, 1.0, alphas / c_max)
    gaps = 0.5 * rr * (1.0 + s * s) + alphas * np.abs(W).sum(axis=0) - s * (yy - qw)
    return np.maximum(gaps, 0.0)


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


def _anderson(history: list[np.ndarray]) -> np.ndarray | None:
    """Anderson extrapolation of the iterates in ``history`` (Bertrand & Massias 2021).

    With U the matrix of successive differences of the K + 1 iterates, the weights
    z = (U U^T)^-1 1 / 1^T (U U^T)^-1 1 combine the last K iterates into the point that the
    sequence appears to converge to. None if U U^T is singular (the iterates have stalled).
    """
    iterates = np.array(history)
    U = np.diff(iterates, axis=0)
    try:
        z = np.linalg.solve(U @ U.T, np.ones(U.shape[0]))
    except np.linalg.LinAlgError:
        return None
    total = float(z.sum())
    if not np.isfinite(total) or total == 0.0:
        return None
    return (z / total) @ iterates[1:]


def _cd_working_set(
    cov: Covariance, W: np.ndarray, alpha: float, w: np.ndarray, tol_abs: float, max_iter: int
) -> tuple[np.ndarray, int]:
    """Cyclic coordinate descent on the problem restricted to the features ``W`` (``w`` holds
    their coefficients), each sweep followed by support steps, and every ``ANDERSON_DEPTH``
    sweeps an Anderson extrapolation, kept if it lowers the objective. Stops when the duality
    gap is at most ``tol_abs``.

    Returns (w, iterations).
    """
    G, q, yy = cov.sub(W), cov.q[W], cov.yy
    c = q - G @ w
    gap, primal = gap_primal(yy, q, w, c, alpha)
    # Python floats and row views: the scalar loop below is the hot spot.
    d, rows, w_list = np.diag(G).tolist(), list(G), w.tolist()
    n_iter = 0
    failed = None  # signs of the last w whose support step found nothing (it would again)
    history: list[np.ndarray] = []
    while True:
        # Support steps until one reaches the minimiser on its face (or none helps): each step
        # that sets a coefficient to 0 shrinks the support, so this loop is finite. The step
        # depends only on the signs of w, so a sign pattern that failed is not tried again.
        w = np.array(w_list)
        while n_iter < max_iter:
            signs = np.sign(w)
            if failed is not None and np.array_equal(signs, failed):
                break
            step = _support_step(cov, W, G, q, w, primal, alpha)
            if step is None:
                failed = signs
                break
            w, c, gap, primal, crossed = step
            w_list = w.tolist()
            history.clear()
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
        w = np.array(w_list)
        gap, primal = gap_primal(yy, q, w, c, alpha)
        history.append(w)
        if len(history) > ANDERSON_DEPTH:
            extrapolated = _anderson(history)
            history.clear()
            if extrapolated is not None:
                c_new = q - G @ extrapolated
                gap_new, primal_new = gap_primal(yy, q, extrapolated, c_new, alpha)
                if primal_new < primal:
                    w_list, c, gap, primal = extrapolated.tolist(), c_new, gap_new, primal_new


def _active_set(
    cov: Covariance, alpha: float, w: np.ndarray, tol_abs: float, max_rounds: int
) -> tuple[np.ndarray, int, float, np.ndarray] | None:
    """From a warm start, the exact minimiser for its support and signs, corrected a few times.

    Along a path the Lasso solution is piecewise linear in alpha, with the same support and
    signs between two knots (Osborne, Presnell & Turlach 2000; Efron et al. 2004): with the
    previous alpha's support A and signs s, w_A = G_AA^{-1} (q_A - alpha s) is the solution
    unless a knot lies in between. Then the features whose coefficient changed sign leave A,
    the features that violate |c_j| <= alpha enter it with the sign of c_j (a primal
    active-set step), and the system is solved again, at most ``max_rounds`` times.
    The duality gap certifies the result.

    Returns (w, rounds, gap, c) once the gap is at most ``tol_abs``, else None.
    """
    signs = np.sign(w)
    for rounds in range(1, max_rounds + 1):
        A = np.flatnonzero(signs)
        if A.size == 0:
            return None
        cov.ensure(A)
        v = cov.solve(A, cov.q[A] - alpha * signs[A])
        if v is None:  # G_AA singular: no unique minimiser on this face
            return None
        candidate = np.zeros_like(w)
        candidate[A] = v
        c = cov.gradient(candidate)
        gap, _ = gap_primal(cov.yy, cov.q, candidate, c, alpha)
        if gap <= tol_abs:
            return candidate, rounds, gap, c
        new_signs = np.where(np.sign(candidate) == signs, signs, 0.0)
        entering = (signs == 0) & (np.abs(c) > alpha)
        new_signs[entering] = np.sign(c[entering])
        if np.array_equal(new_signs, signs):
            return None
        signs = new_signs
    return None


def lasso_cd(
    cov: Covariance, alpha: float, w: np.ndarray, tol_abs: float, max_iter: int
) -> tuple[np.ndarray, int, bool, float, np.ndarray]:
    """Working-set coordinate descent (Friedman et al. 2010, sections 2.2 and 2.6).

    A warm start first gets a few active-set steps (``_active_set``): on a path they usually
    land on the solution at once. Then the outer loop: compute the full gradient c and the
    duality gap; stop if it certifies; else solve the problem restricted to the working set W
    (the support of w and the features that violate the optimality condition |c_j| <= alpha,
    at most max(MIN_WORKING_SET, |support|) of them, the worst first, or all of them once the
    whole Gram matrix is stored) by cyclic coordinate descent, and repeat.
    """
    n_iter = 0
    c = cov.gradient(w)
    gap, _ = gap_primal(cov.yy, cov.q, w, c, alpha)
    if gap > tol_abs and w.any():
        guess = _active_set(cov, alpha, w, tol_abs, min(ACTIVE_SET_ROUNDS, max_iter))
        if guess is not None:
            w, rounds, gap, c = guess
            return w, rounds, True, gap, c
    while True:
        if gap <= tol_abs or n_iter >= max_iter:
            return w, n_iter, gap <= tol_abs, gap, c
        in_W = w != 0  # the support, then the violators
        violators = np.flatnonzero(~in_W & (np.abs(c) > alpha))
        keep = max(MIN_WORKING_SET, int(np.count_nonzero(in_W)))
        if cov.worth_storing_all(min(keep, violators.size) + int(np.count_nonzero(in_W))):
            cov.store_all()
        # With the whole Gram matrix at hand a feature costs only its sweeps: take them all.
        if violators.size > keep and not cov.full:
            violators = violators[np.argsort(-np.abs(c[violators]), kind="stable")[:keep]]
        in_W[violators] = True
        W = np.flatnonzero(in_W)
        cov.ensure(W)
        w_W, it = _cd_working_set(cov, W, alpha, w[W], 0.5 * tol_abs, max_iter - n_iter)
        # A working set that needs no sweep and changes nothing would loop forever.
        n_iter += max(it, 1)
        w = np.zeros_like(w)
        w[W] = w_W
        c = cov.gradient(w)
        gap, _ = gap_primal(cov.yy, cov.q, w, c, alpha)


def homotopy(cov: Covariance, alphas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lasso solutions at the decreasing ``alphas`` by following the path from alpha_max.

    The solution is piecewise linear in alpha (Osborne, Presnell & Turlach 2000; Efron et al.
    2004, LARS with the Lasso modification): between two knots the active features A keep
    their signs s, c_A = alpha s, and as alpha decreases by t, w_A grows by t G_AA^-1 s and
    the correlations c by -t G_:A G_AA^-1 s. The next knot is the first t at which an inactive
    |c_j| reaches alpha (j enters) or an active w_j reaches 0 (j leaves). The grid's solutions
    are interpolated between the knots around them. Needs the whole Gram matrix.

    Returns (w, steps): w of shape (p, len(alphas)), the columns NaN from the first alpha not
    reached (a singular G_AA, or more than 8p knots); steps[i], the knots passed since the
    previous alpha. Callers certify each column by its duality gap: rounding, and ties
    between knots, can spoil a column, which coordinate descent then finishes.
    """
    q, G, p = cov.q, cov.gram, cov.q.size
    out = np.full((p, alphas.size), np.nan)
    steps = np.zeros(alphas.size, dtype=int)
    w = np.zeros(p)
    c = q.copy()
    lam = float(np.abs(q).max(initial=0.0))
    active = np.zeros(p, dtype=bool)
    i = 0
    while i < alphas.size and alphas[i] >= lam:  # alpha_max and above: w = 0
        out[:, i] = 0.0
        i += 1
    if lam == 0.0:
        return out, steps
    active[int(np.argmax(np.abs(q)))] = True
    knots = 0
    while i < alphas.size and knots <= 8 * p:
        A = np.flatnonzero(active)
        cov.ensure(A)
        d = cov.solve(A, np.sign(c[A]))
        if d is None:  # G_AA singular: the path is not unique from here
            break
        direction = np.zeros(p)
        direction[A] = d
        v = G @ direction  # c(lam - t) = c - t v; a product with all of G costs less than a copy
        # First t > 0 at which an inactive |c_j - t v_j| reaches lam - t, or an active w_j + t d_j
        # reaches 0; rounding is kept from re-admitting the feature that just moved.
        with np.errstate(divide="ignore", invalid="ignore"):
            enter = np.minimum(
                np.where(1.0 - v > 0, (lam - c) / (1.0 - v), np.inf),
                np.where(1.0 + v > 0, (lam + c) / (1.0 + v), np.inf),
            )
            leave = np.where(d * np.sign(c[A]) < 0, -w[A] / d, np.inf)
        enter[active | (enter <= 1e-14 * lam)] = np.inf
        leave[leave <= 1e-14 * lam] = np.inf
        t_enter, t_leave = float(enter.min()), float(leave.min(initial=np.inf))
        t = min(t_enter, t_leave, lam)
        # The grid points before the next knot lie on this segment.
        while i < alphas.size and alphas[i] >= lam - t:
            out[:, i] = w
            out[A, i] += (lam - alphas[i]) * d
            i += 1
        knots += 1
        if i < alphas.size:
            steps[i] += 1
        w[A] += t * d
        lam -= t
        c = q - G @ w  # afresh, against drift
        if t == t_leave:
            j = A[int(np.argmin(leave))]
            w[j], active[j] = 0.0, False
        elif t == t_enter:
            active[int(np.argmin(enter))] = True
        else:  # lam reached 0
            break
    return out, steps


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
