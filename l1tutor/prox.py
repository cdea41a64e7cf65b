r"""Proximal operators: the exact steps that make the L1 penalty produce exact zeros.

Scaling convention (Parikh & Boyd 2014): the proximal operator of :math:`\eta\lambda h`, for a
step :math:`\eta` and a penalty weight :math:`\lambda`, is

.. math::

    \operatorname{prox}_{\eta\lambda h}(v)
    = \operatorname{argmin}_w\ \eta\lambda\, h(w) + \tfrac12 \|w - v\|_2^2 .

Every operator here has the signature ``prox(v, lam, step=1.0)``, the one that
:func:`l1tutor.solvers.proximal_gradient` calls with its own step (as jaxopt's
``prox_lasso(x, l1reg, scaling)``). The L2 penalty is :math:`\tfrac{\lambda}{2}\|w\|_2^2`, the
convention of :func:`l1tutor.solvers.ridge` and scikit-learn's ``ElasticNet``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from l1tutor._checks import as_float_array, check_finite, check_scalar

__all__ = ["prox_l1", "prox_l2_squared", "soft_threshold"]


def soft_threshold(v: ArrayLike, threshold: float) -> np.ndarray:
    r"""Soft-thresholding at ``threshold`` :math:`t`, elementwise: the one L1 proximal operator.

    .. math::

        S_t(v) = \operatorname{argmin}_w \tfrac12 (w - v)^2 + t\,|w|
               = \operatorname{sign}(v)\,\max(|v| - t, 0)

    :func:`prox_l1` is this operator with :math:`t = \eta\lambda`.

    Parameters
    ----------
    v : array_like
        Points to shrink, any shape.
    threshold : float
        The threshold :math:`t \ge 0`.

    Returns
    -------
    numpy.ndarray
        Same shape as ``v``: zero where :math:`|v| \le t`, else ``v`` moved towards 0 by
        exactly :math:`t`.

    References
    ----------
    N. Parikh, S. Boyd, "Proximal Algorithms", *Foundations and Trends in Optimization* 1(3),
    2014, section 6.5.2.

    Examples
    --------
    >>> soft_threshold([-3.0, -0.5, 0.0, 0.5, 3.0], 1.0)
    array([-2.,  0.,  0.,  0.,  2.])
    """
    threshold = check_scalar(threshold, "threshold", low=0.0)
    v = as_float_array(v, "v")
    check_finite(v, "v")
    return np.sign(v) * np.maximum(np.abs(v) - threshold, 0.0)


def prox_l1(v: ArrayLike, lam: float, step: float = 1.0) -> np.ndarray:
    r"""Proximal operator of :math:`\eta\lambda \|\cdot\|_1`: soft-thresholding, elementwise.

    .. math::

        \operatorname{prox}_{\eta\lambda\|\cdot\|_1}(v) = \operatorname{argmin}_w\
        \eta\lambda \|w\|_1 + \tfrac12 \|w - v\|_2^2 = S_{\eta\lambda}(v)

    The objective separates over coordinates, so the prox is :func:`soft_threshold` of every
    entry, with the threshold :math:`\eta\lambda`.

    Parameters
    ----------
    v : array_like
        Point at which the prox is taken, any shape.
    lam : float
        Penalty weight :math:`\lambda \ge 0`.
    step : float, default 1.0
        Step size :math:`\eta > 0` of the proximal gradient method that calls it.

    Returns
    -------
    numpy.ndarray
        Same shape as ``v``, with exact zeros where :math:`|v_i| \le \eta\lambda`.

    Raises
    ------
    ValueError
        ``lam`` negative, ``step`` not positive, either not finite, or ``v`` not finite.

    References
    ----------
    N. Parikh, S. Boyd, "Proximal Algorithms", *Foundations and Trends in Optimization* 1(3),
    2014, section 6.5.2.

    Examples
    --------
    >>> prox_l1([0.3, -2.0, 1.0], 1.0)
    array([ 0., -1.,  0.])
    >>> prox_l1([0.3, -2.0, 1.0], 1.0, step=0.5)
    array([ 0. , -1.5,  0.5])
    """
    return soft_threshold(v, _threshold(lam, step))


def prox_l2_squared(v: ArrayLike, lam: float, step: float = 1.0) -> np.ndarray:
    r"""Proximal operator of :math:`\tfrac{\eta\lambda}{2} \|\cdot\|_2^2` (ridge): a scaling to 0.

    .. math::

        \operatorname{prox}_{\frac{\eta\lambda}{2}\|\cdot\|_2^2}(v) = \operatorname{argmin}_w\
        \tfrac{\eta\lambda}{2} \|w\|_2^2 + \tfrac12 \|w - v\|_2^2 = \frac{v}{1 + \eta\lambda}

    Setting the gradient :math:`\eta\lambda w + (w - v)` to zero gives the formula; the result is
    0 only where :math:`v = 0`. The penalty :math:`\tfrac{\lambda}{2}\|w\|_2^2` is the one of
    :func:`l1tutor.solvers.ridge`: a ridge fit with orthonormal columns is this prox of the
    least-squares weights.

    Parameters
    ----------
    v : array_like
        Point at which the prox is taken, any shape.
    lam : float
        Penalty weight :math:`\lambda \ge 0`.
    step : float, default 1.0
        Step size :math:`\eta > 0` of the proximal gradient method that calls it.

    Returns
    -------
    numpy.ndarray
        Same shape as ``v``.

    Raises
    ------
    ValueError
        ``lam`` negative, ``step`` not positive, either not finite, or ``v`` not finite.

    References
    ----------
    N. Parikh, S. Boyd, "Proximal Algorithms", *Foundations and Trends in Optimization* 1(3),
    2014, section 6.1.1.

    Examples
    --------
    >>> prox_l2_squared([0.3, -2.0, 1.0], 1.0)
    array([ 0.15, -1.  ,  0.5 ])
    """
    factor = 1.0 + _threshold(lam, step)
    v = as_float_array(v, "v")
    check_finite(v, "v")
    return v / factor


def _threshold(lam: object, step: object) -> float:
    r"""The product :math:`\eta\lambda` of checked arguments (refusing an overflow to infinity)."""
    lam = check_scalar(lam, "lam", low=0.0)
    step = check_scalar(step, "step", low=0.0, closed="neither")
    product = step * lam
    if product == float("inf"):
        raise ValueError(f"step * lam overflows: step = {step}, lam = {lam}")
    return product
