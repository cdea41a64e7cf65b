r"""Ridge regression: single fits and regularisation paths, in closed form.

.. math::

    \frac{1}{2n}\|y - Xw - b\|_2^2 + \frac{\alpha}{2} \|w\|_2^2

The scaling of :mod:`l1tutor.solvers.sparse`'s Lasso with the L2 penalty halved, as in glmnet:
this is scikit-learn's ``Ridge(alpha=n * alpha)`` (which minimises
:math:`\|y - Xw - b\|^2 + \alpha\|w\|^2`) and scikit-learn's ``ElasticNet(alpha=alpha,
l1_ratio=0)``. It is also the convention of :func:`l1tutor.prox.prox_l2_squared`.

``fit_intercept`` and ``standardize`` follow the conventions of :mod:`l1tutor.solvers.sparse`:
the intercept is not penalised, and standardised coefficients are returned on the scale of ``X``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from l1tutor._checks import check_scalar
from l1tutor.solvers._design import (
    centre_and_scale,
    check_alphas,
    check_coefficients,
    check_design,
    predict_linear,
)

__all__ = ["RidgePath", "RidgeResult", "ridge", "ridge_path"]


@dataclass(frozen=True)
class RidgeResult:
    """Result of :func:`ridge`: ``coef`` (n_features,), ``intercept`` and ``alpha``."""

    coef: np.ndarray
    intercept: float
    alpha: float

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Return :math:`X w + b` for ``X`` of shape (m, n_features).

        Examples
        --------
        >>> ridge([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], 0.0).predict([[3.0]]).round(6)
        array([7.])
        """
        return predict_linear(X, self.coef, self.intercept)


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
    alpha = check_scalar(alpha, "alpha", low=0.0)
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
    X, y = check_design(X, y)
    alphas = check_alphas(alphas, positive=False)
    prob = centre_and_scale(X, y, fit_intercept, standardize)
    n = X.shape[0]
    U, sigma, Vt = np.linalg.svd(prob.columns(np.arange(X.shape[1])), full_matrices=False)
    # Directions with sigma at rounding level carry no information: at alpha = 0 they would
    # divide by ~0, so they are dropped (the minimum-norm least-squares solution).
    keep = sigma > sigma.max(initial=0.0) * max(X.shape) * np.finfo(float).eps
    U, sigma, Vt = U[:, keep], sigma[keep], Vt[keep]
    Uty = U.T @ prob.y
    # sigma / (sigma^2 + n alpha), written so that sigma^2 cannot overflow or underflow.
    with np.errstate(over="ignore", invalid="ignore"):  # checked next
        factors = 1.0 / (sigma[:, None] + n * alphas[None, :] / sigma[:, None])
        w = Vt.T @ (factors * Uty[:, None])
        coefs = w / prob.scale[:, None]
    check_coefficients(coefs)
    intercepts = prob.y_mean - prob.x_mean @ coefs
    return RidgePath(alphas, coefs, np.atleast_1d(intercepts))
