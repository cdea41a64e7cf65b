r"""Proximal operators: the exact steps that make the L1 penalty produce exact zeros."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from l1tutor._checks import as_float_array, check_nonnegative

__all__ = ["soft_threshold"]


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
    127-239, 2014, section 6.5.2.

    Examples
    --------
    >>> soft_threshold([-3.0, -0.5, 0.0, 0.5, 3.0], 1.0)
    array([-2.,  0.,  0.,  0.,  2.])
    """
    lam = check_nonnegative(lam, "lam")
    x = as_float_array(x, "x")
    return np.sign(x) * np.maximum(np.abs(x) - lam, 0.0)
