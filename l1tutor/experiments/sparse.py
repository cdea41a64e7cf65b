"""Sparsity experiments: support recovery of the Lasso against Ridge, the geometry of the L1 and
L2 balls for two features, and the stability of the Lasso's and the elastic net's selection
among correlated features."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.optimize
from numpy.typing import ArrayLike

from l1tutor._checks import (
    FloatRangeError,
    as_float_array,
    check_choice,
    check_finite,
    check_scalar,
)
from l1tutor.datasets.sparse import make_correlated_group, make_sparse_regression
from l1tutor.solvers.l2_penalty import ridge, ridge_path
from l1tutor.solvers.sparse import elastic_net, lasso, lasso_alpha_max, lasso_path

__all__ = [
    "NormBallGeometry",
    "SelectionStability",
    "SupportRecovery",
    "norm_ball_geometry",
    "selection_stability",
    "support_recovery",
]


@dataclass(frozen=True)
class SupportRecovery:
    """Result of :func:`support_recovery`; arrays have one entry per alpha (decreasing).

    Attributes
    ----------
    alphas : numpy.ndarray
    true_positives : numpy.ndarray of int
        Truly nonzero coefficients that the Lasso estimates as nonzero.
    false_positives : numpy.ndarray of int
        Truly zero coefficients that the Lasso estimates as nonzero.
    ridge_nonzero : numpy.ndarray of int
        Nonzero Ridge coefficients at the same alpha (the scale of
        :func:`~l1tutor.solvers.ridge`).
    n_informative, n_features : int
        Size of the true support and number of features.
    """

    alphas: np.ndarray
    true_positives: np.ndarray
    false_positives: np.ndarray
    ridge_nonzero: np.ndarray
    n_informative: int
    n_features: int

    @property
    def exact_recovery(self) -> np.ndarray:
        """Boolean mask of the alphas at which the Lasso support equals the true support."""
        return (self.true_positives == self.n_informative) & (self.false_positives == 0)


def support_recovery(
    *,
    n_samples: int = 50,
    n_features: int = 200,
    n_informative: int = 5,
    noise: float = 0.5,
    correlation: float = 0.0,
    n_alphas: int = 30,
    eps: float = 1e-2,
    seed: int = 0,
) -> SupportRecovery:
    r"""Which features do the Lasso and Ridge select, as alpha decreases, when p >> n?

    Draws one problem from :func:`l1tutor.datasets.make_sparse_regression`, computes the
    Lasso path on ``n_alphas`` alphas from :math:`\alpha_{\max}` down to
    ``eps`` :math:`\cdot\,\alpha_{\max}` (with an intercept), and Ridge on the same alphas, and
    counts the selected features.

    Parameters
    ----------
    n_samples, n_features, n_informative, noise, correlation, seed
        Passed to :func:`~l1tutor.datasets.make_sparse_regression`.
    n_alphas : int, default 30
    eps : float, default 1e-2
        The grid of :func:`~l1tutor.solvers.lasso_path`.

    Returns
    -------
    SupportRecovery
        True and false positives of the Lasso, nonzero counts of Ridge, per alpha.

    Examples
    --------
    >>> res = support_recovery(seed=3)
    >>> int(res.true_positives[0]), int(res.false_positives[0])  # at alpha_max: nothing
    (0, 0)
    >>> int(res.ridge_nonzero.min())  # Ridge keeps every feature at every alpha
    200
    >>> bool(res.exact_recovery.any())
    True
    """
    # With an intercept a single sample is all intercept: nothing is left to select from.
    n_samples = check_scalar(n_samples, "n_samples", kind="int", low=2, high=10**7)
    data = make_sparse_regression(
        n_samples, n_features, n_informative, noise=noise, correlation=correlation, seed=seed
    )
    try:
        path = lasso_path(data.X, data.y, n_alphas=n_alphas, eps=eps)
    except FloatRangeError as error:  # the Lasso names y, which the caller never passed
        raise FloatRangeError(f"noise = {noise!r} makes the targets too large: {error}") from error
    ridge = ridge_path(data.X, data.y, path.alphas)
    selected = path.coefs != 0
    true_positives = selected[data.support].sum(axis=0)
    return SupportRecovery(
        alphas=path.alphas,
        true_positives=true_positives,
        false_positives=selected.sum(axis=0) - true_positives,
        ridge_nonzero=ridge.n_nonzero,
        n_informative=n_informative,
        n_features=n_features,
    )


@dataclass(frozen=True)
class NormBallGeometry:
    r"""Result of :func:`norm_ball_geometry`: the Lasso and Ridge as constrained problems.

    Attributes
    ----------
    X : numpy.ndarray of shape (n, 2)
    y : numpy.ndarray of shape (n,)
    alpha_l1, alpha_l2 : float
        The penalty weights of :func:`~l1tutor.solvers.lasso` and
        :func:`~l1tutor.solvers.ridge`.
    least_squares, lasso, ridge : numpy.ndarray of shape (2,)
        The three solutions (no intercept).
    radius_l1, radius_l2 : float
        :math:`t_1 = \|w_{\text{lasso}}\|_1` and :math:`t_2 = \|w_{\text{ridge}}\|_2`: the
        Lasso at ``alpha_l1`` solves :math:`\min L(w)` subject to :math:`\|w\|_1 \le t_1`,
        Ridge at ``alpha_l2`` the same with :math:`\|w\|_2 \le t_2`.
    levels : dict of str to float
        :math:`L(w) = \frac{1}{2n}\|y - Xw\|_2^2` at ``"least_squares"``, ``"lasso"`` and
        ``"ridge"``: the contour of the loss through each solution.
    half_width : float
        Half the side of a square window, centred at 0, that shows the three solutions and both
        balls.
    """

    X: np.ndarray
    y: np.ndarray
    alpha_l1: float
    alpha_l2: float
    least_squares: np.ndarray
    lasso: np.ndarray
    ridge: np.ndarray
    radius_l1: float
    radius_l2: float
    levels: dict[str, float]
    half_width: float

    def loss(self, W1: ArrayLike, W2: ArrayLike) -> np.ndarray:
        r""":math:`\frac{1}{2n}\|y - Xw\|_2^2` at the points :math:`w = (W_1, W_2)`, elementwise.

        Expanded as :math:`\frac{1}{2n}(y^\top y - 2 w^\top X^\top y + w^\top X^\top X w)`, so
        a whole grid costs a few array operations.

        Examples
        --------
        >>> geometry = norm_ball_geometry([[1.0, 0.0], [0.0, 1.0]], [1.0, 2.0], alpha_l1=0.1)
        >>> float(geometry.loss(1.0, 2.0)), float(geometry.loss(0.0, 0.0))
        (0.0, 1.25)
        """
        W1, W2 = as_float_array(W1, "W1"), as_float_array(W2, "W2")
        check_finite(W1, "W1")
        check_finite(W2, "W2")
        if W1.shape != W2.shape:
            raise ValueError(f"W1 and W2 must have the same shape, got {W1.shape} and {W2.shape}")
        n = self.y.size
        G, b = self.X.T @ self.X / n, self.X.T @ self.y / n
        with np.errstate(over="ignore", invalid="ignore"):  # checked next
            quadratic = G[0, 0] * W1**2 + 2 * G[0, 1] * W1 * W2 + G[1, 1] * W2**2
            loss = 0.5 * (self.y @ self.y / n - 2 * (b[0] * W1 + b[1] * W2) + quadratic)
        if not np.isfinite(loss).all():
            raise FloatRangeError(
                f"the loss at these points overflows the floating-point range (largest |W1| = "
                f"{float(np.max(np.abs(W1), initial=0)):.3g}, largest |W2| = "
                f"{float(np.max(np.abs(W2), initial=0)):.3g}): choose points nearer the solutions"
            )
        return loss


def norm_ball_geometry(
    X: ArrayLike,
    y: ArrayLike,
    *,
    alpha_l1: float | None = None,
    alpha_l2: float | None = None,
) -> NormBallGeometry:
    r"""Why the L1 penalty selects, for two features: the solutions, balls and loss contours.

    .. math::

        w_{\text{lasso}} = \operatorname{argmin}_w \tfrac{1}{2n}\|y - Xw\|_2^2 + \alpha_1 \|w\|_1,
        \qquad
        w_{\text{ridge}} = \operatorname{argmin}_w \tfrac{1}{2n}\|y - Xw\|_2^2
        + \tfrac{\alpha_2}{2} \|w\|_2^2

    By Lagrange duality each is the minimiser of the loss over a ball whose radius is the norm
    of the solution (Hastie, Tibshirani & Wainwright 2015, section 2.2): the contour of the loss
    through the Lasso solution touches the diamond, typically at a corner where one weight is
    0, and the contour through the Ridge solution touches the disc.

    Parameters
    ----------
    X : array_like of shape (n, 2)
        Two features; no intercept is fitted (centre the data first if needed).
    y : array_like of shape (n,)
    alpha_l1 : float, optional
        The Lasso penalty. By default the geometric middle of the range where exactly one weight
        is nonzero (so the picture shows a corner), or :math:`\alpha_{\max}/2` if the second
        weight never enters.
    alpha_l2 : float, optional
        The Ridge penalty. By default the one whose solution has the Euclidean norm of the
        Lasso's L1 norm, so that the two balls have the same radius.

    Returns
    -------
    NormBallGeometry

    References
    ----------
    T. Hastie, R. Tibshirani, M. Wainwright, *Statistical Learning with Sparsity*, CRC Press,
    2015, section 2.2 (figure 2.2).

    Examples
    --------
    >>> X = [[1.0, 0.5], [2.0, -1.0], [3.0, 1.0], [4.0, 0.0]]
    >>> geometry = norm_ball_geometry(X, [1.0, 2.0, 3.0, 4.0], alpha_l1=1.0, alpha_l2=0.5)
    >>> geometry.lasso.round(4), round(geometry.radius_l2, 4)
    (array([0.8667, 0.    ]), 0.9367)
    """
    X = as_float_array(X, "X").astype(np.float64, copy=False)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n_samples, 2), got shape {X.shape}")
    check_finite(X, "X")
    y = as_float_array(y, "y").astype(np.float64, copy=False)
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) like the rows of X, got {y.shape}")
    check_finite(y, "y")
    w_ls = ridge(X, y, 0.0, fit_intercept=False).coef
    if alpha_l1 is None:
        alpha_l1 = _one_weight_alpha(X, y)
    alpha_l1 = check_scalar(alpha_l1, "alpha_l1", low=0.0, closed="neither")
    w_l1 = lasso(X, y, alpha_l1, fit_intercept=False).coef
    t1 = float(np.abs(w_l1).sum())
    if alpha_l2 is None:
        alpha_l2 = _matching_ridge_alpha(X, y, t1)
    alpha_l2 = check_scalar(alpha_l2, "alpha_l2", low=0.0, closed="neither")
    w_l2 = ridge(X, y, alpha_l2, fit_intercept=False).coef
    t2 = float(np.hypot(*w_l2))
    geometry = NormBallGeometry(
        X=X,
        y=y,
        alpha_l1=alpha_l1,
        alpha_l2=alpha_l2,
        least_squares=w_ls,
        lasso=w_l1,
        ridge=w_l2,
        radius_l1=t1,
        radius_l2=t2,
        levels={},
        # All three solutions sit at 0 when y = 0: any window shows that point.
        half_width=1.25 * max(float(np.abs(w_ls).max()), t1, t2) or 1.0,
    )
    for name, w in (("least_squares", w_ls), ("lasso", w_l1), ("ridge", w_l2)):
        geometry.levels[name] = float(geometry.loss(*w))
    return geometry


def _one_weight_alpha(X: np.ndarray, y: np.ndarray) -> float:
    """The geometric middle of the alphas at which exactly one of two Lasso weights is nonzero."""
    alpha_max = lasso_alpha_max(X, y, fit_intercept=False)
    if alpha_max == 0:
        return 1.0  # every alpha gives w = 0
    path = lasso_path(X, y, fit_intercept=False, n_alphas=50)
    one = path.alphas[path.n_nonzero == 1]
    if one.size == 0:
        return alpha_max / 2
    return float(np.sqrt(one.max() * one.min()))


def _matching_ridge_alpha(X: np.ndarray, y: np.ndarray, radius: float) -> float:
    """The Ridge alpha whose solution has Euclidean norm ``radius`` (it decreases with alpha)."""

    def excess(log_alpha: float) -> float:
        w = ridge(X, y, float(np.exp(log_alpha)), fit_intercept=False).coef
        return float(np.hypot(*w)) - radius

    lo, hi = -30.0, 30.0  # alpha from 1e-13 to 1e13
    if radius == 0 or excess(hi) >= 0:
        return float(np.exp(hi))
    if excess(lo) <= 0:
        return float(np.exp(lo))
    return float(np.exp(scipy.optimize.brentq(excess, lo, hi, xtol=1e-12)))


@dataclass(frozen=True)
class SelectionStability:
    r"""Result of :func:`selection_stability`: one row per bootstrap resample.

    Attributes
    ----------
    lasso_coefs, enet_coefs : numpy.ndarray of shape (n_resamples, n_features)
        The Lasso and elastic-net coefficients fitted on each resample.
    group : numpy.ndarray of int
        The correlated, relevant features (the true support).
    fraction, l1_ratio : float
        The penalties: the Lasso at ``fraction`` of its :math:`\alpha_{\max}`, the elastic
        net with the same L1 weight and ``l1_ratio``.
    correlation : float
        The correlation within the group.
    """

    lasso_coefs: np.ndarray
    enet_coefs: np.ndarray
    group: np.ndarray
    fraction: float
    l1_ratio: float
    correlation: float

    @property
    def n_resamples(self) -> int:
        """Number of resamples."""
        return int(self.lasso_coefs.shape[0])

    def kept(self, method: str) -> dict[tuple[int, ...], int]:
        """How many resamples kept each subset of ``group`` (``method``: "lasso" or "enet").

        Examples
        --------
        >>> res = selection_stability(n_resamples=10)
        >>> sum(res.kept("lasso").values()), res.kept("enet")
        (10, {(0, 1): 10})
        """
        coefs = self._coefs(method)
        counts: dict[tuple[int, ...], int] = {}
        for row in coefs[:, self.group] != 0:
            key = tuple(int(j) for j in self.group[row])
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def mean_spread(self, method: str) -> float:
        """Mean over resamples of the range (max - min) of the group's coefficients."""
        within = self._coefs(method)[:, self.group]
        return float(np.mean(within.max(axis=1) - within.min(axis=1)))

    def _coefs(self, method: str) -> np.ndarray:
        method = check_choice(method, "method", ("lasso", "enet"))
        return self.lasso_coefs if method == "lasso" else self.enet_coefs


def selection_stability(
    *,
    n_samples: int = 50,
    n_features: int = 10,
    group_size: int = 2,
    correlation: float = 0.95,
    noise: float = 1.0,
    fraction: float = 0.5,
    l1_ratio: float = 0.5,
    n_resamples: int = 50,
    seed: int = 0,
) -> SelectionStability:
    r"""Which members of a correlated group do the Lasso and the elastic net keep, resample by
    resample?

    Draws one data set from :func:`l1tutor.datasets.make_correlated_group` (a group of
    ``group_size`` features with correlation ``correlation``, all relevant with coefficient 1,
    among ``n_features``), then ``n_resamples`` bootstrap resamples of its rows (drawn with
    replacement). On each resample it fits the Lasso at
    :math:`\alpha = f\,\alpha_{\max}` (``fraction`` :math:`f` of that resample's
    :math:`\alpha_{\max}`) and the elastic net with the same L1 weight,
    ``alpha`` :math:`= f\,\alpha_{\max}/\rho` and ``l1_ratio`` :math:`= \rho`, that is the
    Lasso plus the ridge term :math:`\frac{f\alpha_{\max}(1-\rho)}{2\rho}\|w\|^2`.

    Parameters
    ----------
    n_samples, n_features, group_size, correlation, noise, seed
        Passed to :func:`~l1tutor.datasets.make_correlated_group`; the resamples come from a
        generator seeded by ``(seed, 1)``.
    fraction : float, default 0.5
        :math:`f`, in :math:`(0, 1)`.
    l1_ratio : float, default 0.5
        :math:`\rho` of the elastic net, in :math:`(0, 1]`.
    n_resamples : int, default 50

    Returns
    -------
    SelectionStability
        The coefficients of both methods on every resample, with ``kept`` and ``mean_spread``.

    References
    ----------
    H. Zou, T. Hastie, "Regularization and variable selection via the elastic net", *Journal
    of the Royal Statistical Society B* 67(2), 301-320, 2005, sections 2.3 and 5.

    Examples
    --------
    >>> res = selection_stability(seed=0)
    >>> res.kept("enet")  # the elastic net keeps the pair in every resample
    {(0, 1): 50}
    >>> res.mean_spread("lasso") > 5 * res.mean_spread("enet")
    True
    """
    fraction = check_scalar(fraction, "fraction", low=0.0, high=1.0, closed="neither")
    l1_ratio = check_scalar(l1_ratio, "l1_ratio", low=0.0, high=1.0, closed="right")
    n_resamples = check_scalar(n_resamples, "n_resamples", kind="int", low=1, high=10**5)
    data = make_correlated_group(
        n_samples, n_features, group_size, correlation=correlation, noise=noise, seed=seed
    )
    rng = np.random.default_rng([seed, 1])  # seed was checked by the generator
    n, p = data.X.shape
    lasso_coefs, enet_coefs = np.empty((n_resamples, p)), np.empty((n_resamples, p))
    for r in range(n_resamples):
        rows = rng.integers(0, n, n)
        X, y = data.X[rows], data.y[rows]
        alpha = fraction * lasso_alpha_max(X, y)
        lasso_coefs[r] = lasso(X, y, alpha).coef
        enet_coefs[r] = elastic_net(X, y, alpha=alpha / l1_ratio, l1_ratio=l1_ratio).coef
    return SelectionStability(
        lasso_coefs, enet_coefs, data.support, fraction, l1_ratio, correlation
    )
