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

On many rows (:data:`PREPROCESS_MIN_ROWS`), :func:`portnoy_koenker` first guesses from a fit on a
subsample which rows lie clearly above or below the fit and replaces each group by one
pseudo-observation, so the iterations run on about :math:`\sqrt{p}\, n^{2/3}` rows instead of
n (Koenker's ``rq.fit.pfn``). :func:`interior_point` chooses between the two and ends at a vertex.

References
----------
S. Portnoy, R. Koenker, "The Gaussian hare and the Laplacian tortoise: computability of
squared-error versus absolute-error estimators", *Statistical Science* 12(4), 279-300, 1997.
S. Mehrotra, "On the implementation of a primal-dual interior point method", *SIAM Journal on
Optimization* 2(4), 575-601, 1992.
R. Koenker, *quantreg: Quantile Regression*, R package version 5.94, functions ``rq.fit.fnb``
and ``rq.fit.pfn``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.linalg.lapack import dpotrf as _potrf
from scipy.linalg.lapack import dpotrs as _potrs

from l1tutor._reductions import dot, total
from l1tutor.losses import PINBALL

# The fraction of the way to the boundary a step may go (Koenker's 0.99995).
_STEP_FRACTION = 0.99995

#: From this many rows on, :func:`interior_point` solves through :func:`portnoy_koenker`.
#: Measured in CPU time on one BLAS thread (heavy-tailed data, tau = 0.5, p = 2, 10 and 50):
#: at 3 10^4 rows and more the preprocessing is 2-5x faster than one solve on all rows (10x
#: at 10^6, p = 10; 4.5x at 10^6, p = 50); at 1-2 10^4 it saves 0-40%, less than a doubled
#: subsample costs when the first guess is too far off, which is more frequent on few rows.
PREPROCESS_MIN_ROWS = 30_000

# rq.fit.pfn's constants: the band keeps the rows between the tau -/+ 0.8 m / (2 n) quantiles of
# the scaled residuals (about 0.8 m of them), and more than 0.1 of that number of wrongly
# globbed rows means the band was too narrow: m doubles instead of moving them back.
_BAND_FRACTION = 0.8
_FIXUP_LIMIT = 0.1
# Fix-up rounds on one subsample before m doubles. quantreg allows any number; each round is a
# full reduced solve, and this bounds how many of them one subsample gets (after it, m doubles,
# and at m >= n the plain solve ends the search).
_MAX_FIXUPS = 3
# The pilot fit only places the band: its statistical error, of order 1 / sqrt(m), dwarfs this
# tolerance, which saves a few iterations (rq.fit.pfn's eps).
_PILOT_TOL = 1e-6


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
        return _gap(self.x, self.z, self.slack, self.w)


def _gap(x: np.ndarray, z: np.ndarray, slack: np.ndarray, w: np.ndarray) -> float:
    """``x^T z + slack^T w``, by the reductions' row-wise dot products: a single BLAS dot of
    tens of thousands of elements runs on OpenBLAS's threads, which wait milliseconds for a
    core that another process holds (measured at n = 3 10^4: 15 ms a call on a busy 2-core
    machine, against 0.1 ms)."""
    return dot(x, z) + dot(slack, w)


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
    rounding, ``(tau - 1) s <= d <= tau s``), so ``y^T d`` bounds the minimum from below. The run
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
        affine_gap = _gap(
            x + alpha_p * dx, z + alpha_d * dz, slack - alpha_p * dx, w + alpha_d * dw
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
    # d = x - (1 - tau) s = tau s - slack: from whichever of the two is the smaller, clipped
    # because the subtraction can round an ulp past the bound.
    d = np.where(quantile <= 0.5, quantile * s - point.slack, point.x - (1.0 - quantile) * s)
    d = np.clip(d, (quantile - 1.0) * s, quantile * s)
    return -point.dual, d, n_iter, point.gap <= target


def _normal_solver(Z: np.ndarray, q: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """A solver for ``Z^T diag(q) Z v = rhs``: Cholesky, or least squares if it is singular."""
    normal = Z.T @ (q[:, None] * Z)
    if normal.size == 0:
        return lambda rhs: np.zeros(0)
    # LAPACK's potrf and potrs, which scipy.linalg.cho_factor and cho_solve call (the same
    # bits), without their input checks: on small problems those cost more than the solve.
    factor, info = _potrf(normal, lower=False)
    if info != 0:  # not positive definite (a rank-deficient design): the minimum-norm direction
        return lambda rhs: np.linalg.lstsq(normal, rhs, rcond=None)[0]
    return lambda rhs: _potrs(factor, rhs, lower=False)[0]


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
    for i in _smallest(nearness, 5 * p):
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


def _smallest(v: np.ndarray, k: int) -> np.ndarray:
    """The indices of the k smallest entries of ``v`` in ascending order, ties by index.

    ``np.argsort(v, kind="stable")[:k]``, from a partial sort: at n = 10^6 a full sort would
    take longer than the rest of the vertex step.
    """
    if k >= v.size:
        return np.argsort(v, kind="stable")
    # Every entry below the k-th smallest value, and the ties with it, in index order; a stable
    # sort of those puts the same k first as a stable sort of all of v.
    candidates = np.flatnonzero(v <= np.partition(v, k - 1)[k - 1])
    return candidates[np.argsort(v[candidates], kind="stable")[:k]]


def subsample_size(n: int, p: int) -> int:
    r"""The first subsample size of :func:`portnoy_koenker`, :math:`m = \sqrt{p}\, n^{2/3}`.

    Rounded, as in quantreg's ``rq.fit.pfn`` (``m <- round(sqrt(p) * n^(2/3))``): the
    subsample and the band of rows kept (about 0.8 m) both grow like :math:`n^{2/3}`, so for
    large n the iterations run on a vanishing fraction of the rows, and what grows linearly
    in n is a few passes over the data (the band, the checks of the signs).
    """
    return round(np.sqrt(p) * n ** (2 / 3))


@dataclass(frozen=True)
class Preprocessed:
    """The result of :func:`portnoy_koenker`.

    Attributes
    ----------
    beta : numpy.ndarray of shape (p,)
        A minimiser of the full problem.
    d : numpy.ndarray of shape (n,)
        A dual point for all n rows, certifying ``beta`` as :func:`frisch_newton`'s does.
    n_iter : int
        Frisch-Newton iterations over all solves (subsamples and reduced problems).
    converged : bool
        Whether the last solve closed its gap.
    size : int
        The last subsample size m (n when the full problem was solved instead).
    rounds : int
        Reduced problems solved: 1 when the first guess of signs was right, 0 when the first
        subsample was already as large as the data.
    """

    beta: np.ndarray
    d: np.ndarray
    n_iter: int
    converged: bool
    size: int
    rounds: int


def portnoy_koenker(
    Z: np.ndarray,
    y: np.ndarray,
    s: np.ndarray,
    quantile: float,
    *,
    size: int | None = None,
    seed: int = 0,
    tol: float = 1e-12,
) -> Preprocessed:
    r"""Minimise :math:`\sum_i s_i \rho_\tau(y_i - z_i^\top \beta)` on a band of the rows.

    The Portnoy-Koenker preprocessing: fit a random subsample of m rows (``size``, by default
    :func:`subsample_size`), keep the rows whose residuals from that fit are within a band
    around it (:func:`_outside_band`), and replace the rows below the band by one
    pseudo-observation, their weighted mean row and target with their total weight, and those
    above by another. Frisch-Newton solves this reduced problem of about 0.8 m + 2 rows. If
    some globbed rows end on the wrong side of its fit, they join the kept rows and the reduced
    problem is solved again; if more than 0.1 of 0.8 m do, m doubles (up to n, the plain
    solve).

    Why the answer is exact: with :math:`L` the rows below and :math:`U` those above, and
    :math:`S_L`, :math:`\bar z_L`, :math:`\bar y_L` their total weight and weighted means, the
    reduced objective is

    .. math::

        R(\beta) = \sum_{i \text{ kept}} s_i \rho_\tau(r_i)
        + S_L\, \rho_\tau(\bar y_L - \bar z_L^\top \beta)
        + S_U\, \rho_\tau(\bar y_U - \bar z_U^\top \beta)
        \le F(\beta) = \sum_i s_i \rho_\tau(r_i)

    for every :math:`\beta` (:math:`\rho_\tau` is convex: Jensen), with equality where every
    row of :math:`L` has :math:`r_i \le 0` and every row of :math:`U` has :math:`r_i \ge 0`
    (:math:`\rho_\tau` is linear on each side). So a minimiser :math:`\beta^*` of R with those
    signs has :math:`F(\beta^*) = R(\beta^*) \le R(\beta) \le F(\beta)` for all
    :math:`\beta`: it minimises F. The dual point is the reduced one on the kept rows and
    :math:`d_i = (\tau - 1) s_i` on L, :math:`\tau s_i` on U: the bounds the reduced dual
    reaches, up to the gap, on the two pseudo-observations.

    The subsamples come from ``np.random.default_rng(seed)``: the same data give the same fit.
    ``tol`` is :func:`frisch_newton`'s for the reduced problems (the pilot fits stop at 1e-6).
    """
    n, p = Z.shape
    m = subsample_size(n, p) if size is None else size
    rng = np.random.default_rng(seed)
    n_iter = rounds = 0
    while m < n:
        sample = np.sort(rng.choice(n, size=m, replace=False))
        pilot, _, k, _ = frisch_newton(Z[sample], y[sample], s[sample], quantile, tol=_PILOT_TOL)
        n_iter += k
        below, above = _outside_band(Z, y, s, quantile, sample, pilot)
        for _ in range(_MAX_FIXUPS):
            kept = ~(below | above)
            rows, targets, weights = _reduced_problem(Z, y, s, kept, below, above)
            beta, d_reduced, k, converged = frisch_newton(rows, targets, weights, quantile, tol=tol)
            n_iter, rounds = n_iter + k, rounds + 1
            r = y - Z @ beta
            wrong_below, wrong_above = below & (r > 0), above & (r < 0)
            n_wrong = np.count_nonzero(wrong_below) + np.count_nonzero(wrong_above)
            if n_wrong == 0:
                d = np.where(above, quantile * s, (quantile - 1.0) * s)
                d[kept] = d_reduced[: np.count_nonzero(kept)]
                return Preprocessed(beta, d, n_iter, converged, m, rounds)
            if n_wrong > _FIXUP_LIMIT * _BAND_FRACTION * m:
                break
            below &= ~wrong_below
            above &= ~wrong_above
        m *= 2
    beta, d, k, converged = frisch_newton(Z, y, s, quantile, tol=tol)
    return Preprocessed(beta, d, n_iter + k, converged, n, rounds)


def _outside_band(
    Z: np.ndarray,
    y: np.ndarray,
    s: np.ndarray,
    quantile: float,
    sample: np.ndarray,
    pilot: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Masks of the rows clearly below and clearly above the fit, judged from ``pilot``.

    The pilot fit on the m rows of ``sample`` errs at :math:`z_i` by about its standard error,
    proportional to :math:`h_i = \sqrt{z_i^\top G^{+} z_i}` with
    :math:`G = \sum_{j \in \text{sample}} s_j z_j z_j^\top`. The band keeps the rows whose
    scaled residuals :math:`r_i / h_i` lie between their weighted :math:`\tau \mp 0.8 m / (2n)`
    quantiles (clipped to :math:`[1/n, 1 - 1/n]`), as ``rq.fit.pfn`` does with unit weights.
    """
    n, m = y.size, sample.size
    scale = _fitted_value_scale(Z, Z[sample] * np.sqrt(s[sample])[:, None])
    scaled = (y - Z @ pilot) / scale
    half = _BAND_FRACTION * m / (2 * n)
    levels = np.array([max(1 / n, quantile - half), min(quantile + half, (n - 1) / n)])
    low, high = _weighted_quantiles(scaled, s, levels)
    return scaled < low, scaled > high


def _fitted_value_scale(Z: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``sqrt(z_i^T (rows^T rows)^+ z_i)`` for each row of Z, floored above 0.

    From the SVD of ``rows``, so that a subsample of a rank-deficient design (a rare dummy
    column) gives a pseudo-inverse instead of a failed Cholesky factorisation. The floor, 1e-6
    of the largest value (rq.fit.pfn's eps), keeps rows outside the subsample's span finite
    after scaling: their residuals are then far outside the band unless they are 0.
    """
    _, sigma, vt = np.linalg.svd(rows, full_matrices=False)
    keep = sigma > sigma.max(initial=0.0) * max(rows.shape) * np.finfo(float).eps
    root = Z @ (vt[keep].T / sigma[keep])
    scale = np.sqrt(np.einsum("ij,ij->i", root, root))
    return np.maximum(scale, 1e-6 * float(scale.max(initial=0.0)) or np.finfo(float).tiny)


def _weighted_quantiles(v: np.ndarray, s: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """For each level, the smallest ``v_i`` with at least that fraction of the weight at or
    below it (the inverted-CDF quantile of the distribution putting weight ``s_i`` on ``v_i``)."""
    if s.min() == s.max():  # equal weights: np.quantile's partial sort, 3x faster than a sort
        return np.quantile(v, levels, method="inverted_cdf")
    order = np.argsort(v)
    cumulative = np.cumsum(s[order])
    at = np.searchsorted(cumulative, levels * cumulative[-1])
    return v[order[np.minimum(at, v.size - 1)]]


def _reduced_problem(
    Z: np.ndarray,
    y: np.ndarray,
    s: np.ndarray,
    kept: np.ndarray,
    below: np.ndarray,
    above: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The kept rows, then one pseudo-observation per non-empty glob: the weighted mean row
    and target of its rows, with their total weight.

    Means rather than rq.fit.pfn's sums (whose weight is 1): the pseudo-rows then stay of the
    size of the data, which :func:`frisch_newton` expects; the reduced problem is the same.
    """
    globs = np.stack([np.where(below, s, 0.0), np.where(above, s, 0.0)])
    weights = globs.sum(axis=1)
    present = weights > 0
    globs, weights = globs[present], weights[present]
    return (
        np.vstack([Z[kept], globs @ Z / weights[:, None]]),
        np.concatenate([y[kept], globs @ y / weights]),
        np.concatenate([s[kept], weights]),
    )


def interior_point(
    Z: np.ndarray,
    y: np.ndarray,
    s: np.ndarray,
    quantile: float,
    *,
    preprocess_from: int | None = None,
    size: int | None = None,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Minimise ``sum_i s_i rho_tau(y_i - z_i beta)`` (data of order 1, weights > 0); return
    ``(beta, d, n_iter)`` with a dual certificate ``d`` for every row.

    :func:`portnoy_koenker` from ``preprocess_from`` rows on (default
    :data:`PREPROCESS_MIN_ROWS`), with a first subsample of ``size`` rows; :func:`frisch_newton`
    on all rows below. Then :func:`nearest_vertex` on all rows: one product with Z and a
    partial sort, and it certifies its vertex against every row itself, whichever way the
    interior fit was found.
    """
    threshold = PREPROCESS_MIN_ROWS if preprocess_from is None else preprocess_from
    if y.size >= threshold:
        fit = portnoy_koenker(Z, y, s, quantile, size=size)
        beta, d, n_iter = fit.beta, fit.d, fit.n_iter
    else:
        beta, d, n_iter, _ = frisch_newton(Z, y, s, quantile)
    vertex = nearest_vertex(Z, y, s, quantile, beta)
    if vertex is None:
        return beta, d, n_iter
    # A vertex, as the simplex method would return, with its exact dual unless degenerate.
    return vertex[0], d if vertex[1] is None else vertex[1], n_iter
