r"""Several regression quantiles at once, and the lines that cross.

Fitting :func:`~l1tutor.solvers.quantile_regression` at several quantiles
:math:`\tau_1 < \tau_2 < \dots` describes how the whole conditional distribution of ``y`` moves
with ``X``, not only its centre. Each fit is a separate linear programme, so nothing forces the
fitted lines to keep their order: where the data are sparse, the line for a higher quantile can
fall below the line for a lower one (*quantile crossing*), which no distribution allows.
:func:`fit_quantiles` fits a family of quantiles and reports every crossing inside the data;
:meth:`QuantileFits.predict` can rearrange the predictions into order, the remedy of
Chernozhukov, Fernandez-Val and Galichon (2010).
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from l1tutor._checks import check_bool, check_items, check_matrix, check_scalar, check_vector
from l1tutor.solvers.robust import (
    QUANTILE_MIN,
    RegressionResult,
    _fit_quantile,
    _validate,
)

__all__ = [
    "QuantileCrossing",
    "QuantileCrossingWarning",
    "QuantileFits",
    "fit_quantiles",
    "quantile_crossings",
]


class QuantileCrossingWarning(UserWarning):
    """Fitted quantile lines cross inside the data (a higher quantile predicts less)."""


@dataclass(frozen=True)
class QuantileCrossing:
    """Two neighbouring quantile fits that cross at some rows of the data.

    Attributes
    ----------
    lower, upper : float
        The two quantiles, ``lower < upper``.
    rows : numpy.ndarray of int
        Indices of the rows of ``X`` where the ``lower`` fit predicts more than the ``upper``.
    largest : float
        The largest amount by which it does.
    """

    lower: float
    upper: float
    rows: np.ndarray
    largest: float


@dataclass(frozen=True)
class QuantileFits:
    """Regression quantiles fitted on the same data, in increasing order of quantile.

    Attributes
    ----------
    quantiles : numpy.ndarray of shape (k,)
        The quantiles, increasing.
    fits : tuple of RegressionResult
        One ``"pinball"`` fit per quantile, in the same order.
    crossings : tuple of QuantileCrossing
        The neighbouring pairs that cross at a row of the training data (empty if none).
    """

    quantiles: np.ndarray
    fits: tuple[RegressionResult, ...]
    crossings: tuple[QuantileCrossing, ...]

    def predict(self, X: ArrayLike, *, rearrange: bool = False) -> np.ndarray:
        """Predictions of every fit, shape (m, k): column j for ``quantiles[j]``.

        With ``rearrange=True`` each row is sorted, so that predicted quantiles never
        decrease with the quantile level (Chernozhukov et al. 2010: the sorted curves are
        closer to the true quantile curves than the crossing ones).

        Examples
        --------
        >>> x = np.arange(1.0, 11.0)
        >>> y = x * (1 + 0.5 * np.tile([-1, 1, -0.5, 0.5, 0], 2))
        >>> family = fit_quantiles(x.reshape(-1, 1), y, [0.1, 0.5, 0.9])
        >>> family.predict([[4.0], [20.0]]).round(3)
        array([[ 2.,  4.,  6.],
               [10., 20., 30.]])
        """
        rearrange = check_bool(rearrange, "rearrange")
        X = check_matrix(X, "X")
        predictions = np.column_stack([fit.predict(X) for fit in self.fits])
        return np.sort(predictions, axis=1) if rearrange else predictions


def quantile_crossings(
    fits: tuple[RegressionResult, ...] | list[RegressionResult], X: ArrayLike
) -> tuple[QuantileCrossing, ...]:
    """The neighbouring pairs of quantile fits that cross at a row of ``X``.

    The difference of two linear fits is affine, so its smallest value over the convex hull
    of the rows of ``X`` is at one of the rows: checking the rows finds every crossing inside
    the data. Differences below ``1e-9`` times the size of the predictions are rounding, not
    crossings.

    Parameters
    ----------
    fits : sequence of RegressionResult
        ``"pinball"`` fits with increasing ``quantile``, with as many coefficients as ``X`` has
        columns.
    X : array_like of shape (n, p)
        Where to look: the training data, typically.

    Returns
    -------
    tuple of QuantileCrossing
        One entry per crossing pair of neighbours, in the order of ``fits``.

    Examples
    --------
    Two made-up fits that cross at x = 1:

    >>> low = RegressionResult(np.array([1.0]), 0.0, "pinball", 0.0, 0, True, 0.1)
    >>> high = RegressionResult(np.array([0.0]), 1.0, "pinball", 0.0, 0, True, 0.9)
    >>> (crossing,) = quantile_crossings([low, high], [[0.0], [2.0]])
    >>> crossing.lower, crossing.upper, crossing.rows.tolist(), crossing.largest
    (0.1, 0.9, [1], 1.0)
    """
    fits = tuple(check_items(fits, "fits", RegressionResult))
    for i, fit in enumerate(fits):
        if not isinstance(fit, RegressionResult) or fit.loss != "pinball" or fit.quantile is None:
            raise TypeError(f"fits[{i}] must be a quantile_regression result, got {fit!r:.80}")
    taus = [float(fit.quantile) for fit in fits]  # type: ignore[arg-type]  # checked above
    if any(b <= a for a, b in itertools.pairwise(taus)):
        raise ValueError(f"fits must have increasing quantiles, got {taus}")
    X = check_matrix(X, "X")
    if X.shape[0] == 0:
        raise ValueError(f"X must have at least one row to look for crossings, got shape {X.shape}")
    predictions = [fit.predict(X) for fit in fits]
    found = []
    for (lo, p_lo), (hi, p_hi) in itertools.pairwise(zip(taus, predictions, strict=True)):
        excess = p_lo - p_hi
        tol = 1e-9 * max(float(np.abs(p_lo).max()), float(np.abs(p_hi).max()), 1e-300)
        rows = np.flatnonzero(excess > tol)
        if rows.size:
            found.append(
                QuantileCrossing(
                    lower=lo,
                    upper=hi,
                    rows=rows,
                    largest=float(excess[rows].max()),
                )
            )
    return tuple(found)


def fit_quantiles(
    X: ArrayLike,
    y: ArrayLike,
    quantiles: ArrayLike,
    *,
    fit_intercept: bool = True,
    sample_weight: ArrayLike | None = None,
) -> QuantileFits:
    """Fit :func:`~l1tutor.solvers.quantile_regression` at each quantile; report crossings.

    Parameters
    ----------
    X : array_like of shape (n, p)
        Features.
    y : array_like of shape (n,)
        Targets.
    quantiles : array_like of shape (k,)
        Distinct quantiles strictly between 0 and 1, in any order (the result is sorted).
    fit_intercept : bool, default True
        Whether to fit an intercept.
    sample_weight : array_like of shape (n,), optional
        Non-negative weights, not all zero.

    Returns
    -------
    QuantileFits
        The fits in increasing order of quantile and the crossings at the rows of ``X``.

    Warns
    -----
    QuantileCrossingWarning
        When two neighbouring fits cross inside the data.

    Notes
    -----
    The data are checked and the design matrix built once; each quantile is then its own
    linear programme (the same one as :func:`~l1tutor.solvers.quantile_regression`'s).

    References
    ----------
    R. Koenker, *Quantile Regression*, Cambridge University Press, 2005, section 2.5.
    V. Chernozhukov, I. Fernandez-Val, A. Galichon, "Quantile and Probability Curves Without
    Crossing", *Econometrica* 78(3), 1093-1125, 2010.

    Examples
    --------
    Ten points whose spread grows with x, as y = x (1 + e / 2) with e between -1 and 1: the
    10%, 50% and 90% lines fan out with slopes 1/2, 1 and 3/2.

    >>> x = np.arange(1.0, 11.0)
    >>> y = x * (1 + 0.5 * np.tile([-1, 1, -0.5, 0.5, 0], 2))
    >>> family = fit_quantiles(x.reshape(-1, 1), y, [0.9, 0.1, 0.5])
    >>> family.quantiles.tolist(), [round(float(f.coef[0]), 3) for f in family.fits]
    ([0.1, 0.5, 0.9], [0.5, 1.0, 1.5])
    >>> family.crossings
    ()
    """
    raw = check_vector(quantiles, "quantiles")
    taus = np.array(
        sorted(check_scalar(q, "quantiles", low=QUANTILE_MIN, high=1.0 - QUANTILE_MIN) for q in raw)
    )
    if np.any(np.diff(taus) == 0):
        raise ValueError(f"quantiles must be distinct, got {raw.tolist()}")
    Z, y_checked, s = _validate(X, y, fit_intercept, sample_weight)
    fits = [_fit_quantile(Z, y_checked, s, float(tau), fit_intercept) for tau in taus]
    features = Z[:, 1:] if fit_intercept else Z
    crossings = quantile_crossings(fits, features)
    if crossings:
        pairs = ", ".join(f"{c.lower:g} and {c.upper:g} ({c.rows.size} rows)" for c in crossings)
        warnings.warn(
            f"quantile fits cross inside the data: {pairs}; see QuantileFits.crossings, or "
            "predict(..., rearrange=True)",
            QuantileCrossingWarning,
            stacklevel=2,
        )
    return QuantileFits(quantiles=taus, fits=tuple(fits), crossings=crossings)
