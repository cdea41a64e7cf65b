r"""Proximal operators: the exact steps that make the L1 penalty produce exact zeros.

Scaling convention (Parikh & Boyd 2014): the proximal operator of :math:`\lambda h` is

.. math::

    \operatorname{prox}_{\lambda h}(v)
    = \operatorname{argmin}_w\ \lambda h(w) + \tfrac12 \|w - v\|_2^2,

with the factor :math:`\tfrac12` on the distance and :math:`\lambda` on the penalty. A proximal
gradient step of size :math:`\eta` on :math:`f + \lambda h` therefore calls the prox with
:math:`\eta\lambda` (see :func:`l1tutor.solvers.proximal_gradient`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from l1tutor._checks import as_float_array, check_finite, check_nonnegative

__all__ = ["prox_l1", "prox_l2_squared", "soft_threshold"]


def soft_threshold(x: ArrayLike, lam: float) -> np.ndarray:
    r"""Soft-thresholding, the proximal operator of :math:`\lambda |\cdot|`, elementwise.

    .. math::

        S_\lambda(x) = \operatorname{argmin}_w \tfrac12 (w - x)^2 + \lambda |w|
                     = \operatorname{sign}(x)\,\max(|x| - \lambda, 0)

    Parameters
    ----------
    x : array_like
        Points to shrink, any shape.
    lam : float
        Threshold :math:`\lambda \ge 0`.

    Returns
    -------
    numpy.ndarray
        Same shape as ``x``: zero where :math:`|x| \le \lambda`, else ``x`` moved towards 0 by
        exactly :math:`\lambda`.

    References
    ----------
    N. Parikh, S. Boyd, "Proximal Algorithms", *Foundations and Trends in Optimization* 1(3),
    2014, section 6.5.2.

    Examples
    --------
    >>> soft_threshold([-3.0, -0.5, 0.0, 0.5, 3.0], 1.0)
    array([-2.,  0.,  0.,  0.,  2.])
    """
    lam = check_nonnegative(lam, "lam")
    x = as_float_array(x, "x")
    check_finite(x, "x")
    return np.sign(x) * np.maximum(np.abs(x) - lam, 0.0)


def prox_l1(v: ArrayLike, lam: float) -> np.ndarray:
    r"""Proximal operator of :math:`\lambda \|\cdot\|_1`: soft-thresholding of every entry.

    .. math::

        \operatorname{prox}_{\lambda\|\cdot\|_1}(v) = \operatorname{argmin}_w\
        \lambda \|w\|_1 + \tfrac12 \|w - v\|_2^2 = S_\lambda(v)

    The objective separates over coordinates, so the prox is :func:`soft_threshold` applied
    entrywise.

    Parameters
    ----------
    v : array_like
        Point at which the prox is taken, any shape.
    lam : float
        Penalty weight :math:`\lambda \ge 0` (for a gradient step of size :math:`\eta`, pass
        :math:`\eta\lambda`).

    Returns
    -------
    numpy.ndarray
        Same shape as ``v``, with exact zeros where :math:`|v_i| \le \lambda`.

    Raises
    ------
    ValueError
        ``lam`` negative or not finite.

    References
    ----------
    N. Parikh, S. Boyd, "Proximal Algorithms", *Foundations and Trends in Optimization* 1(3),
    2014, section 6.5.2.

    Examples
    --------
    >>> prox_l1([0.3, -2.0, 1.0], 1.0)
    array([ 0., -1.,  0.])
    """
    v = as_float_array(v, "v")
    check_finite(v, "v")
    return soft_threshold(v, lam)


def prox_l2_squared(v: ArrayLike, lam: float) -> np.ndarray:
    r"""Proximal operator of :math:`\lambda \|\cdot\|_2^2` (ridge): uniform scaling towards 0.

    .. math::

        \operatorname{prox}_{\lambda\|\cdot\|_2^2}(v) = \operatorname{argmin}_w\
        \lambda \|w\|_2^2 + \tfrac12 \|w - v\|_2^2 = \frac{v}{1 + 2\lambda}

    Setting the gradient :math:`2\lambda w + (w - v)` to zero gives the formula. The penalty is
    :math:`\lambda\|w\|_2^2` without a factor :math:`\tfrac12` (hence :math:`2\lambda`); the
    result is 0 only where :math:`v = 0`.

    Parameters
    ----------
    v : array_like
        Point at which the prox is taken, any shape.
    lam : float
        Penalty weight :math:`\lambda \ge 0`.

    Returns
    -------
    numpy.ndarray
        Same shape as ``v``.

    Raises
    ------
    ValueError
        ``lam`` negative or not finite.

    References
    ----------
    N. Parikh, S. Boyd, "Proximal Algorithms", *Foundations and Trends in Optimization* 1(3),
    2014, section 6.1.1.

    Examples
    --------
    >>> prox_l2_squared([0.3, -2.0, 1.0], 1.0)
    array([ 0.1       , -0.66666667,  0.33333333])
    """
    lam = check_nonnegative(lam, "lam")
    v = as_float_array(v, "v")
    check_finite(v, "v")
    return v / (1.0 + 2.0 * lam)
