r"""Does the L1 penalty drive weights to exactly 0? Subgradient steps vs proximal steps.

The problem is :math:`\tfrac12 \|Xw - y\|_2^2 + \lambda \|w\|_1`; with ``X=None`` it is the
separable :math:`\tfrac12 \|w - z\|_2^2 + \lambda \|w\|_1` (``y`` plays the role of :math:`z`),
whose minimiser is soft-thresholding, exactly 0 where :math:`|z_j| \le \lambda`. Four methods
are run with the same step size from the same start:

* ``"subgradient_constant"``: subgradient descent with a fixed step,
* ``"subgradient_diminishing"``: the same with step :math:`\eta/\sqrt{k+1}`,
* ``"proximal"``: proximal gradient (ISTA) with the prox of :math:`\lambda\|\cdot\|_1`,
* ``"ridge"``: proximal gradient with the L2 penalty :math:`\tfrac{\lambda}{2}\|w\|_2^2` instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from l1tutor._checks import (
    FloatRangeError,
    as_float_array,
    check_finite,
    check_generated,
    check_scalar,
    seeded_rng,
)
from l1tutor.losses import l1_grad
from l1tutor.prox import prox_l1, prox_l2_squared, soft_threshold
from l1tutor.solvers.shrinkage import DescentResult, proximal_gradient, subgradient_descent

__all__ = ["SHRINKAGE_METHODS", "ShrinkageComparison", "compare_shrinkage", "small_regression"]

#: The four methods compared by :func:`compare_shrinkage`, in the order the book shows them.
SHRINKAGE_METHODS = ("subgradient_constant", "subgradient_diminishing", "proximal", "ridge")


@dataclass(frozen=True)
class ShrinkageComparison:
    """Result of :func:`compare_shrinkage`.

    Attributes
    ----------
    lam, step : float
        Penalty weight and (base) step size used by every method.
    runs : dict of str to DescentResult
        One run per name in ``SHRINKAGE_METHODS``, with full iterate histories.
    minimiser : numpy.ndarray of shape (d,)
        Minimiser of the L1-penalised objective: exact soft-thresholding when ``X`` is None,
        else FISTA from the proximal run's last iterate, until its steps are below 1e-13.
    ridge_minimiser : numpy.ndarray of shape (d,)
        Closed form :math:`(X^\\top X + \\lambda I)^{-1} X^\\top y` (``z / (1 + lam)``).
    exact_zeros : dict of str to int
        Number of coordinates exactly equal to 0 in each method's final iterate.
    zeros_in_history : dict of str to int
        Number of (iteration, coordinate) entries exactly equal to 0 over iterations
        ``1..n_iter`` (the start excluded).
    off_support : dict of str to numpy.ndarray
        For each method, :math:`\\max_{j : w^\\star_j = 0} |w_{k,j}|` for every iterate ``k``:
        how far the iterates are from the minimiser's zeros (0 means all of them exactly 0).
    """

    lam: float
    step: float
    runs: dict[str, DescentResult]
    minimiser: np.ndarray
    ridge_minimiser: np.ndarray
    exact_zeros: dict[str, int]
    zeros_in_history: dict[str, int]
    off_support: dict[str, np.ndarray]


def compare_shrinkage(
    y: ArrayLike,
    lam: float,
    *,
    X: ArrayLike | None = None,
    step: float | None = None,
    max_iter: int = 500,
    w0: ArrayLike | None = None,
) -> ShrinkageComparison:
    r"""Run the four methods of this module on :math:`\tfrac12\|Xw - y\|_2^2 + \lambda\|w\|_1`.

    .. math::

        F(w) = \tfrac12 \|Xw - y\|_2^2 + \lambda \|w\|_1
        \quad (\text{ridge: } \tfrac12 \|Xw - y\|_2^2 + \tfrac{\lambda}{2} \|w\|_2^2)

    Parameters
    ----------
    y : array_like of shape (n,) or scalar
        Targets; with ``X=None`` these are the points :math:`z` being shrunk (a scalar is the
        1-D problem).
    lam : float
        Penalty weight :math:`\lambda \ge 0` (the same for L1 and L2).
    X : array_like of shape (n, d), optional
        Design matrix; None means the identity (the separable problem).
    step : float, optional
        Step size for every method; default :math:`0.5/L` with :math:`L = \|X\|_2^2`
        (:math:`0.5` when ``X`` is None). It must be at most :math:`1/L`, the range in which
        ISTA's objective error is bounded by :math:`\|w_0 - w^\star\|_2^2 / (2\eta k)`.
    max_iter : int, default 500
        Iterations of every run. All use ``tol=0``: a run stops early only when an iterate
        repeats exactly (a proximal run at its floating-point fixed point).
    w0 : array_like of shape (d,), optional
        Common start; default the unpenalised least-squares solution (``y`` itself when ``X``
        is None).

    Returns
    -------
    ShrinkageComparison

    Raises
    ------
    ValueError
        Bad ``lam``, ``step`` or shapes; ``step > 1/L``.

    Notes
    -----
    The L1 subgradient is :func:`l1tutor.losses.l1_grad` (0 at the kink), so a subgradient step
    *from* exactly 0 moves only by the data term: it does not stay at 0.

    References
    ----------
    N. Parikh, S. Boyd, "Proximal Algorithms", *Foundations and Trends in Optimization* 1(3),
    2014. A. Beck, M. Teboulle, SIAM J. Imaging Sciences 2(1), 183-202, 2009.

    Examples
    --------
    >>> res = compare_shrinkage([0.3, -0.8, 2.0], 1.0, step=0.1, max_iter=300)
    >>> res.exact_zeros
    {'subgradient_constant': 0, 'subgradient_diminishing': 0, 'proximal': 2, 'ridge': 0}
    >>> res.minimiser + 0.0, res.ridge_minimiser.round(4)  # + 0.0 prints -0.0 as 0.0
    (array([0., 0., 1.]), array([ 0.15, -0.4 ,  1.  ]))
    """
    lam = check_scalar(lam, "lam", low=0.0)
    y = np.atleast_1d(as_float_array(y, "y").astype(np.float64))
    check_finite(y, "y")
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"y must be a scalar or a non-empty 1-D array, got shape {y.shape}")
    if X is None:
        X = np.eye(y.size)
    else:
        X = as_float_array(X, "X").astype(np.float64)
        check_finite(X, "X")
        if X.ndim != 2 or X.shape[0] != y.size:
            raise ValueError(f"X must have shape ({y.size}, d) to match y, got {X.shape}")
    if X.shape[1] == 0:
        raise ValueError("X must have at least one column (one weight to shrink)")
    # Checked before the runs, so that a huge max_iter is refused at once.
    max_iter = check_scalar(max_iter, "max_iter", kind="int", low=1, high=10**6)
    with np.errstate(over="ignore"):
        L = float(np.linalg.norm(X, 2) ** 2)
    if L == 0.0:
        raise ValueError("X is all zeros: the data term does not depend on w, nothing to compare")
    if not np.isfinite(L):
        raise FloatRangeError(
            "the squared norm of X overflows the floating-point range: the entries of X are too "
            "large (rescale X)"
        )
    step = 0.5 / L if step is None else check_scalar(step, "step", low=0.0, closed="neither")
    if step > 1.0 / L * (1 + 1e-12):
        raise ValueError(f"step must be <= 1/L = {1.0 / L:.6g} for the proximal runs, got {step}")
    if w0 is None:
        start = np.linalg.lstsq(X, y, rcond=None)[0]
    else:
        start = np.atleast_1d(as_float_array(w0, "w0").astype(np.float64))
        check_finite(start, "w0")
        if start.shape != (X.shape[1],):
            raise ValueError(
                f"w0 must have shape ({X.shape[1]},), one weight per column of X, got {start.shape}"
            )

    def grad_f(w: np.ndarray) -> np.ndarray:
        return X.T @ (X @ w - y)

    def subgrad(w: np.ndarray) -> np.ndarray:
        return grad_f(w) + lam * l1_grad(np.zeros_like(w), w, reduction="none")

    runs = {
        "subgradient_constant": subgradient_descent(subgrad, start, step=step, max_iter=max_iter),
        "subgradient_diminishing": subgradient_descent(
            subgrad, start, step=step, max_iter=max_iter, step_rule="diminishing"
        ),
        "proximal": proximal_gradient(
            grad_f, prox_l1, start, penalty=lam, step=step, max_iter=max_iter, tol=0.0
        ),
        "ridge": proximal_gradient(
            grad_f, prox_l2_squared, start, penalty=lam, step=step, max_iter=max_iter, tol=0.0
        ),
    }
    if np.array_equal(X, np.eye(y.size)):
        minimiser = soft_threshold(y, lam)
    else:
        minimiser = proximal_gradient(
            grad_f,
            prox_l1,
            runs["proximal"].w,
            penalty=lam,
            step=1.0 / L,
            max_iter=100_000,
            tol=1e-13,
            accelerated=True,
        ).w
    ridge = np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)
    zero_set = minimiser == 0
    return ShrinkageComparison(
        lam=lam,
        step=step,
        runs=runs,
        minimiser=minimiser,
        ridge_minimiser=ridge,
        exact_zeros={m: int(np.count_nonzero(r.w == 0)) for m, r in runs.items()},
        zeros_in_history={m: int(np.count_nonzero(r.history[1:] == 0)) for m, r in runs.items()},
        off_support={
            m: np.abs(r.history[:, zero_set]).max(axis=1, initial=0.0) for m, r in runs.items()
        },
    )


def small_regression(
    *,
    n_samples: int = 30,
    n_features: int = 8,
    n_informative: int = 3,
    noise: float = 0.5,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""A small seeded regression :math:`y = X w_{\text{true}} + \varepsilon`, few nonzero weights.

    .. math::

        X_{ij} \sim N(0, 1), \quad w_{\text{true}} = (2, -1.5, 1, \dots, 0, \dots, 0),
        \quad \varepsilon_i \sim N(0, \sigma^2)

    The informative weights cycle through 2, -1.5, 1; the remaining ``n_features -
    n_informative`` are exactly 0.

    Parameters
    ----------
    n_samples, n_features, n_informative : int
        Sizes; ``1 <= n_informative <= n_features``.
    noise : float, default 0.5
        Noise standard deviation :math:`\sigma \ge 0`.
    seed : int, default 0
        Seed of the generator; the same seed gives the same data.

    Returns
    -------
    X : numpy.ndarray of shape (n_samples, n_features)
    y : numpy.ndarray of shape (n_samples,)
    w_true : numpy.ndarray of shape (n_features,)

    Examples
    --------
    >>> X, y, w_true = small_regression(seed=0)
    >>> X.shape, int(np.count_nonzero(w_true))
    ((30, 8), 3)
    """
    n_samples = check_scalar(n_samples, "n_samples", kind="int", low=1, high=10**7)
    n_features = check_scalar(n_features, "n_features", kind="int", low=1, high=10**6)
    n_informative = check_scalar(n_informative, "n_informative", kind="int", low=1, high=n_features)
    noise = check_scalar(noise, "noise", low=0.0)
    rng = seeded_rng(seed)
    X = rng.standard_normal((n_samples, n_features))
    w_true = np.zeros(n_features)
    w_true[:n_informative] = np.resize([2.0, -1.5, 1.0], n_informative)
    with np.errstate(over="ignore"):  # checked next
        y = X @ w_true + noise * rng.standard_normal(n_samples)
    check_generated(y, noise=noise)
    return X, y, w_true
