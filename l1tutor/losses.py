r"""Regression losses and their gradients: L1 (MAE), L2 (MSE) and Huber.

Every function has the signature ``f(y_true, y_pred, *, reduction="mean", sample_weight=None)``
(Huber adds ``delta``, the pinball loss ``quantile``). Conventions shared by all of them:

* ``y_true`` and ``y_pred`` must have exactly the same shape (any shape). NumPy would broadcast
  (n,) against (n, 1) to an (n, n) matrix and return a meaningless number; here it is an error.
* ``reduction="mean"`` and ``"sum"`` return a Python ``float``; ``"none"`` returns the elementwise
  array (multiplied by the row's weight when ``sample_weight`` is given, so that
  ``none.sum() == sum``).
* ``sample_weight`` holds one non-negative weight :math:`s_i` per row (first axis). With
  :math:`k` outputs per row the weighted mean is :math:`\sum_{i,j} s_i \ell_{ij} / (k \sum_i s_i)`,
  which equals scikit-learn's ``mean_absolute_error(..., sample_weight=s)`` with uniform
  multi-output averaging.
* Lists, tuples and integer arrays are computed in float64; float32 input keeps float32 arrays
  (``"none"`` and gradients), while reductions are accumulated blockwise into a float64 total.
* The gradients are those of the *reduced* loss with respect to ``y_pred``, with the shape of
  ``y_pred`` (for ``"mean"`` they include the factor :math:`1/n`).
"""

from __future__ import annotations

import math
from typing import Literal, overload

import numpy as np
from numpy.typing import ArrayLike

from l1tutor._checks import (
    REDUCTIONS,
    as_float_array,
    check_choice,
    check_same_shape,
    check_sample_weight,
    check_scalar,
)
from l1tutor._reductions import ONE_BLOCK, LossKernels, dot, gradient, one_block_sum, total

__all__ = [
    "huber_grad",
    "huber_loss",
    "l1_grad",
    "l1_loss",
    "l2_grad",
    "l2_loss",
    "pinball_grad",
    "pinball_loss",
]


def _l1_pointwise(r: np.ndarray, param: float) -> np.ndarray:
    return np.abs(r, out=r)


def _l2_pointwise(r: np.ndarray, param: float) -> np.ndarray:
    return np.square(r, out=r)


def _huber_pointwise(r: np.ndarray, delta: float) -> np.ndarray:
    # _huber_sum's branch-free form, elementwise: m * (r - m/2) with m = clip(r, -delta, delta).
    m = r.clip(-delta, delta)
    r -= 0.5 * m
    r *= m
    return r


def _pinball_pointwise(r: np.ndarray, quantile: float) -> np.ndarray:
    # rho_tau(y - y_hat) = max((1 - tau) e, -tau e) for e = y_hat - y: over-predictions cost
    # 1 - tau per unit, under-predictions tau. At tau = 1/2 both terms are exact halves of |r|.
    over = r * (1.0 - quantile)
    r *= -quantile
    return np.maximum(over, r, out=r)


def _l1_sum(r: np.ndarray, scratch: np.ndarray, param: float) -> float:
    return dot(np.abs(r, out=r))


def _l2_sum(r: np.ndarray, scratch: np.ndarray, param: float) -> float:
    return dot(r, r)


def _huber_sum(r: np.ndarray, scratch: np.ndarray, delta: float) -> float:
    # With m = clip(r, -delta, delta): m * r - m^2/2 is r^2/2 inside [-delta, delta] and
    # delta * |r| - delta^2/2 outside, so the sum takes two dot products and no branch.
    m = r.clip(-delta, delta, out=scratch)  # the method skips np.clip's dispatch (2 us)
    return dot(m, r) - 0.5 * dot(m, m)


def _pinball_sum(r: np.ndarray, scratch: np.ndarray, quantile: float) -> float:
    # Summed elementwise rather than as 0.5 sum|r| + (0.5 - tau) sum r, which cancels badly
    # for tau near 0 or 1.
    over = np.multiply(r, 1.0 - quantile, out=scratch)
    r *= -quantile
    return dot(np.maximum(over, r, out=r))


def _l1_derivative(r: np.ndarray, param: float) -> np.ndarray:
    # sign(0) == 0: the subgradient chosen at the kink, as numpy.sign and PyTorch do.
    return np.sign(r, out=r)


def _l2_derivative(r: np.ndarray, param: float) -> np.ndarray:
    r *= 2
    return r


def _huber_derivative(r: np.ndarray, delta: float) -> np.ndarray:
    return np.clip(r, -delta, delta, out=r)


def _pinball_derivative(r: np.ndarray, quantile: float) -> np.ndarray:
    # 1 - tau above the target, -tau below it, and 0 at the kink (inside [-tau, 1 - tau], and
    # the choice of l1_grad, so that the tau = 1/2 case is half of it).
    slope = np.where(r > 0, 1.0 - quantile, 0.0)
    slope[r < 0] = -quantile
    return slope.astype(r.dtype, copy=False)


L1 = LossKernels(_l1_pointwise, _l1_sum, _l1_derivative)
L2 = LossKernels(_l2_pointwise, _l2_sum, _l2_derivative)
HUBER = LossKernels(_huber_pointwise, _huber_sum, _huber_derivative)
PINBALL = LossKernels(_pinball_pointwise, _pinball_sum, _pinball_derivative)

_FLOAT64 = np.dtype(np.float64)


def _prepare(
    y_true: ArrayLike, y_pred: ArrayLike, reduction: object, sample_weight: ArrayLike | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, str]:
    reduction = check_choice(reduction, "reduction", REDUCTIONS)
    t = as_float_array(y_true, "y_true")
    p = as_float_array(y_pred, "y_pred")
    check_same_shape(t, p, ("y_true", "y_pred"))
    w = None
    if sample_weight is not None:
        if t.ndim == 0:
            raise ValueError("sample_weight needs y_true and y_pred with at least one axis")
        w = check_sample_weight(sample_weight, t.shape[0])
        if reduction == "mean":
            # The weighted mean does not change when every weight is divided by the largest,
            # and then neither its sum nor its products can overflow (weights of 1e308).
            w = w / w.max()
    return t, p, w, reduction


def _unchecked_loss(
    kernels: LossKernels,
    y_true: object,
    y_pred: object,
    reduction: object,
    sample_weight: object,
    param: float = 0.0,
) -> float | None:
    """The loss of inputs that every check would pass unchanged, or None: then ``_prepare`` runs.

    Taken by unweighted ``"mean"`` and ``"sum"`` of two plain, C-contiguous, writeable float64
    ``numpy.ndarray`` of one shape with 1 to ``ONE_BLOCK`` elements. At n = 1000 the checks cost
    more than the arithmetic (15 us per call against 7 us for the naive NumPy expression).
    NaN and infinity are not searched for: they make the total non-finite, and only then does
    the checked path run, to name the argument (or report an overflow of finite inputs). Both
    paths reduce the same residual with the same kernel, so they return the same bits.
    """
    if (
        sample_weight is None
        # Exact types: subclasses (np.matrix, masked arrays), lists and scalars get the checks.
        and type(y_true) is np.ndarray
        and type(y_pred) is np.ndarray
        and y_true.dtype == _FLOAT64
        and y_pred.dtype == _FLOAT64
        and y_true.shape == y_pred.shape
        and y_true.ndim > 0
        and 0 < y_true.size <= ONE_BLOCK
        and y_true.flags.carray  # C-contiguous, aligned and writeable
        and y_pred.flags.carray
        # check_choice wants a str: a 0-d array would compare equal to "mean" too.
        and type(reduction) is str
        and reduction in ("mean", "sum")
    ):
        result = one_block_sum(kernels, y_true, y_pred, param)
        if math.isfinite(result):
            return result / y_true.size if reduction == "mean" else result
    return None


@overload
def l1_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Literal["mean", "sum"] = ...,
    sample_weight: ArrayLike | None = ...,
) -> float: ...


@overload
def l1_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Literal["none"],
    sample_weight: ArrayLike | None = ...,
) -> np.ndarray: ...


@overload
def l1_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = ...,
    sample_weight: ArrayLike | None = ...,
) -> float | np.ndarray: ...


def l1_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""L1 loss, the mean absolute error (MAE).

    .. math::

        L_1(y, \hat y) = \frac{1}{n} \sum_{i=1}^{n} |y_i - \hat y_i|

    Parameters
    ----------
    y_true : array_like
        Observed values, any shape.
    y_pred : array_like
        Predicted values, exactly the shape of ``y_true``.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages, ``"sum"`` adds up, ``"none"`` returns the elementwise losses.
    sample_weight : array_like of shape (n_rows,), optional
        One non-negative weight per row (first axis), not all zero.

    Returns
    -------
    float or numpy.ndarray
        A float for ``"mean"`` and ``"sum"``, an array shaped like ``y_true`` for ``"none"``.

    Raises
    ------
    ValueError
        Shapes differ, input is empty or not finite, bad weights, unknown ``reduction``.
    TypeError
        Complex or non-numeric input.

    References
    ----------
    T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
    Springer, 2009, section 10.6 (absolute loss).

    Examples
    --------
    The source text's worked example:

    >>> l1_loss([10, 20, 30, 40, 50], [12, 18, 29, 42, 47])
    2.0
    >>> l1_loss([10, 20, 30, 40, 50], [12, 18, 29, 42, 47], reduction="none")
    array([2., 2., 1., 2., 3.])
    """
    fast = _unchecked_loss(L1, y_true, y_pred, reduction, sample_weight)
    if fast is not None:
        return fast
    return total(L1, *_prepare(y_true, y_pred, reduction, sample_weight))


@overload
def l2_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Literal["mean", "sum"] = ...,
    sample_weight: ArrayLike | None = ...,
) -> float: ...


@overload
def l2_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Literal["none"],
    sample_weight: ArrayLike | None = ...,
) -> np.ndarray: ...


@overload
def l2_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = ...,
    sample_weight: ArrayLike | None = ...,
) -> float | np.ndarray: ...


def l2_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""L2 loss, the mean squared error (MSE).

    .. math::

        L_2(y, \hat y) = \frac{1}{n} \sum_{i=1}^{n} (y_i - \hat y_i)^2

    There is no factor 1/2 here (scikit-learn's ``mean_squared_error`` and PyTorch's
    ``mse_loss`` make the same choice), so the derivative of one term is :math:`2 (\hat y - y)`.

    Parameters
    ----------
    y_true, y_pred : array_like
        Observed and predicted values of exactly the same shape.
    reduction : {"mean", "sum", "none"}, default "mean"
        How the elementwise losses are combined.
    sample_weight : array_like of shape (n_rows,), optional
        One non-negative weight per row (first axis), not all zero.

    Returns
    -------
    float or numpy.ndarray
        A float for ``"mean"`` and ``"sum"``, an array shaped like ``y_true`` for ``"none"``.

    References
    ----------
    T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
    Springer, 2009, section 2.4.

    Examples
    --------
    An outlier at 1000 predicted as 10 costs :math:`990^2`:

    >>> l2_loss([1000], [10])
    980100.0
    >>> l2_loss([10, 20, 30, 40, 50], [12, 18, 29, 42, 47])
    4.4
    """
    fast = _unchecked_loss(L2, y_true, y_pred, reduction, sample_weight)
    if fast is not None:
        return fast
    return total(L2, *_prepare(y_true, y_pred, reduction, sample_weight))


@overload
def huber_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    delta: float = ...,
    reduction: Literal["mean", "sum"] = ...,
    sample_weight: ArrayLike | None = ...,
) -> float: ...


@overload
def huber_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    delta: float = ...,
    reduction: Literal["none"],
    sample_weight: ArrayLike | None = ...,
) -> np.ndarray: ...


@overload
def huber_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    delta: float = ...,
    reduction: str = ...,
    sample_weight: ArrayLike | None = ...,
) -> float | np.ndarray: ...


def huber_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    delta: float = 1.0,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Huber loss: quadratic for small residuals, linear (like L1) for large ones.

    .. math::

        H_\delta(r) = \begin{cases} \tfrac12 r^2 & |r| \le \delta \\
        \delta\,(|r| - \tfrac12\delta) & |r| > \delta \end{cases},
        \qquad r = y - \hat y

    This is Huber's original scaling (also PyTorch's ``huber_loss``). PyTorch's
    ``smooth_l1_loss`` with ``beta = delta`` equals :math:`H_\delta / \delta`: the two differ by
    the factor ``delta``.

    Parameters
    ----------
    y_true, y_pred : array_like
        Observed and predicted values of exactly the same shape.
    delta : float, default 1.0
        Where the loss turns from quadratic to linear; must be > 0.
    reduction : {"mean", "sum", "none"}, default "mean"
        How the elementwise losses are combined.
    sample_weight : array_like of shape (n_rows,), optional
        One non-negative weight per row (first axis), not all zero.

    Returns
    -------
    float or numpy.ndarray
        A float for ``"mean"`` and ``"sum"``, an array shaped like ``y_true`` for ``"none"``.

    References
    ----------
    P. J. Huber, "Robust Estimation of a Location Parameter", *The Annals of Mathematical
    Statistics* 35(1), 73-101, 1964.

    Examples
    --------
    >>> huber_loss([0.0, 0.0], [0.5, 3.0], reduction="none")
    array([0.125, 2.5  ])
    >>> huber_loss([0.0, 0.0], [0.5, 3.0], delta=2.0)
    2.0625
    """
    # check_scalar would return such a delta unchanged, after 2 us: more than the loss at n = 1000.
    if type(delta) is not float or not 0.0 < delta < math.inf:
        delta = check_scalar(delta, "delta", low=0.0, closed="neither")
    fast = _unchecked_loss(HUBER, y_true, y_pred, reduction, sample_weight, delta)
    if fast is not None:
        return fast
    return total(HUBER, *_prepare(y_true, y_pred, reduction, sample_weight), delta)


def l1_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient (a subgradient at the kink) of :func:`l1_loss` with respect to ``y_pred``.

    .. math::

        \frac{\partial L_1}{\partial \hat y_i} = \frac{1}{n}\,\operatorname{sign}(\hat y_i - y_i)

    Where ``y_pred == y_true`` the absolute value has a kink and every number in
    :math:`[-1/n, 1/n]` is a subgradient; this function returns 0 there, the choice of
    ``numpy.sign`` and PyTorch. (JAX's ``grad(abs)(0.0)`` returns 1 and scikit-learn's
    absolute-error loss returns -1: all are valid subgradients.)

    Parameters
    ----------
    y_true, y_pred : array_like
        Observed and predicted values of exactly the same shape.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss being differentiated; ``"none"`` gives the derivative of each
        elementwise loss with respect to its own prediction.
    sample_weight : array_like of shape (n_rows,), optional
        One non-negative weight per row (first axis), not all zero.

    Returns
    -------
    numpy.ndarray
        Same shape as ``y_pred``.

    References
    ----------
    S. Boyd, L. Vandenberghe, *Convex Optimization*, Cambridge University Press, 2004
    (subgradients of the absolute value).

    Examples
    --------
    >>> l1_grad([10, 20, 30, 40, 50], [12, 18, 30, 42, 47])
    array([ 0.2, -0.2,  0. ,  0.2, -0.2])
    """
    return gradient(L1, *_prepare(y_true, y_pred, reduction, sample_weight))


def l2_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient of :func:`l2_loss` with respect to ``y_pred``.

    .. math::

        \frac{\partial L_2}{\partial \hat y_i} = \frac{2}{n}\,(\hat y_i - y_i)

    Parameters
    ----------
    y_true, y_pred : array_like
        Observed and predicted values of exactly the same shape.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss being differentiated.
    sample_weight : array_like of shape (n_rows,), optional
        One non-negative weight per row (first axis), not all zero.

    Returns
    -------
    numpy.ndarray
        Same shape as ``y_pred``.

    References
    ----------
    T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
    Springer, 2009, section 3.2.

    Examples
    --------
    >>> l2_grad([1.0, 2.0], [2.0, 2.0], reduction="sum")
    array([2., 0.])
    """
    return gradient(L2, *_prepare(y_true, y_pred, reduction, sample_weight))


def huber_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    delta: float = 1.0,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient of :func:`huber_loss` with respect to ``y_pred``: the clipped residual.

    .. math::

        \frac{\partial H_\delta}{\partial \hat y_i} = \frac{1}{n}\,
        \operatorname{clip}(\hat y_i - y_i, -\delta, \delta)

    Parameters
    ----------
    y_true, y_pred : array_like
        Observed and predicted values of exactly the same shape.
    delta : float, default 1.0
        Where the loss turns from quadratic to linear; must be > 0.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss being differentiated.
    sample_weight : array_like of shape (n_rows,), optional
        One non-negative weight per row (first axis), not all zero.

    Returns
    -------
    numpy.ndarray
        Same shape as ``y_pred``.

    References
    ----------
    P. J. Huber, "Robust Estimation of a Location Parameter", *The Annals of Mathematical
    Statistics* 35(1), 73-101, 1964.

    Examples
    --------
    >>> huber_grad([0.0, 0.0, 0.0], [0.5, 3.0, -3.0], reduction="sum")
    array([ 0.5,  1. , -1. ])
    """
    delta = check_scalar(delta, "delta", low=0.0, closed="neither")
    return gradient(HUBER, *_prepare(y_true, y_pred, reduction, sample_weight), delta)


@overload
def pinball_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    quantile: float = ...,
    reduction: Literal["mean", "sum"] = ...,
    sample_weight: ArrayLike | None = ...,
) -> float: ...


@overload
def pinball_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    quantile: float = ...,
    reduction: Literal["none"],
    sample_weight: ArrayLike | None = ...,
) -> np.ndarray: ...


@overload
def pinball_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    quantile: float = ...,
    reduction: str = ...,
    sample_weight: ArrayLike | None = ...,
) -> float | np.ndarray: ...


def pinball_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    quantile: float = 0.5,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Pinball (quantile, check) loss: the L1 loss tilted towards one side.

    .. math::

        L_\tau(y, \hat y) = \frac{1}{n} \sum_{i=1}^{n} \rho_\tau(y_i - \hat y_i), \qquad
        \rho_\tau(u) = \max(\tau u, (\tau - 1) u) =
        \begin{cases} \tau\, u & u \ge 0 \\ (\tau - 1)\, u & u < 0 \end{cases}

    An under-prediction (:math:`\hat y < y`) costs :math:`\tau` per unit, an over-prediction
    :math:`1 - \tau`. The constant that minimises it is a :math:`\tau`-quantile of ``y``, as a
    median minimises the L1 loss: at ``quantile=0.5`` it is exactly half of :func:`l1_loss`.

    Parameters
    ----------
    y_true, y_pred : array_like
        Observed and predicted values of exactly the same shape.
    quantile : float, default 0.5
        :math:`\tau`, strictly between 0 and 1.
    reduction : {"mean", "sum", "none"}, default "mean"
        How the elementwise losses are combined.
    sample_weight : array_like of shape (n_rows,), optional
        One non-negative weight per row (first axis), not all zero.

    Returns
    -------
    float or numpy.ndarray
        A float for ``"mean"`` and ``"sum"``, an array shaped like ``y_true`` for ``"none"``.

    Raises
    ------
    ValueError
        As :func:`l1_loss`, and ``quantile`` outside (0, 1).

    Notes
    -----
    Equals scikit-learn's ``mean_pinball_loss(y_true, y_pred, alpha=quantile)``.

    References
    ----------
    R. Koenker, G. Bassett, "Regression Quantiles", *Econometrica* 46(1), 33-50, 1978.
    R. Koenker, *Quantile Regression*, Cambridge University Press, 2005, section 1.3.

    Examples
    --------
    Ten units under the target cost 9 at the 90% quantile; ten units over cost 1:

    >>> pinball_loss([100.0, 100.0], [90.0, 110.0], quantile=0.9, reduction="none")
    array([9., 1.])
    >>> pinball_loss([10, 20, 30, 40, 50], [12, 18, 29, 42, 47])  # half the L1 loss of 2.0
    1.0
    """
    quantile = check_scalar(quantile, "quantile", low=0.0, high=1.0, closed="neither")
    return total(PINBALL, *_prepare(y_true, y_pred, reduction, sample_weight), quantile)


def pinball_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    quantile: float = 0.5,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient (a subgradient at the kink) of :func:`pinball_loss` with respect to ``y_pred``.

    .. math::

        \frac{\partial L_\tau}{\partial \hat y_i} = \frac{1}{n}
        \begin{cases} 1 - \tau & \hat y_i > y_i \\ -\tau & \hat y_i < y_i \end{cases}

    The slope is asymmetric: it pushes a prediction up with force :math:`\tau` and down with
    force :math:`1 - \tau`, so at the best constant a fraction :math:`\tau` of the points lies
    below it. Where ``y_pred == y_true`` every number in :math:`[-\tau/n, (1 - \tau)/n]` is a
    subgradient; this returns 0 there, as :func:`l1_grad` does, so that the gradient at
    ``quantile=0.5`` is half of :func:`l1_grad`.

    Parameters
    ----------
    y_true, y_pred : array_like
        Observed and predicted values of exactly the same shape.
    quantile : float, default 0.5
        :math:`\tau`, strictly between 0 and 1.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss being differentiated.
    sample_weight : array_like of shape (n_rows,), optional
        One non-negative weight per row (first axis), not all zero.

    Returns
    -------
    numpy.ndarray
        Same shape as ``y_pred``.

    References
    ----------
    R. Koenker, *Quantile Regression*, Cambridge University Press, 2005, section 1.3.

    Examples
    --------
    >>> pinball_grad([100.0, 100.0, 100.0], [90.0, 100.0, 110.0], quantile=0.9, reduction="sum")
    array([-0.9,  0. ,  0.1])
    """
    quantile = check_scalar(quantile, "quantile", low=0.0, high=1.0, closed="neither")
    return gradient(PINBALL, *_prepare(y_true, y_pred, reduction, sample_weight), quantile)
