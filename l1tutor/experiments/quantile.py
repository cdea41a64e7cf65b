r"""Prediction intervals from two regression quantiles, against the Gaussian band of OLS.

A band between the fitted :math:`\tau_{lo}` and :math:`\tau_{hi}` quantile lines should contain
a fraction :math:`\tau_{hi} - \tau_{lo}` of new observations *at every x*. The least-squares band
:math:`\hat y \pm z\,\hat\sigma` has the same nominal coverage only if the noise is Gaussian with
one variance everywhere; where the spread grows with x it is too narrow for large x and too
wide for small x. :func:`prediction_band_coverage` measures both bands on held-out data.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import norm

from l1tutor._checks import check_matrix, check_scalar, check_Xy, seeded_rng
from l1tutor.solvers.quantile import QuantileCrossingWarning, fit_quantiles
from l1tutor.solvers.robust import QUANTILE_MIN, least_squares

__all__ = ["BandCoverage", "PredictionBands", "prediction_band_coverage", "prediction_bands"]


@dataclass(frozen=True)
class PredictionBands:
    """Two prediction bands at the same points: between two quantile lines, and OLS's.

    Attributes
    ----------
    quantile_low, quantile_high : numpy.ndarray of shape (m,)
        The fitted ``lower`` and ``upper`` quantile lines (rearranged where they cross).
    gaussian_low, gaussian_high : numpy.ndarray of shape (m,)
        :math:`\\hat y \\mp z\\,\\hat\\sigma` of least squares.
    """

    quantile_low: np.ndarray
    quantile_high: np.ndarray
    gaussian_low: np.ndarray
    gaussian_high: np.ndarray


def _bands(
    X: np.ndarray, y: np.ndarray, X_new: np.ndarray, lower: float, upper: float
) -> PredictionBands:
    with warnings.catch_warnings():
        # Crossing lines are rearranged below; the warning would only repeat that.
        warnings.simplefilter("ignore", QuantileCrossingWarning)
        family = fit_quantiles(X, y, [lower, upper])
    low, high = family.predict(X_new, rearrange=True).T
    ols = least_squares(X, y)
    # The residual standard deviation in units of the largest residual: for targets of 1e154
    # the sum of squares (ols.objective) overflows while the deviation does not.
    residuals = y - ols.predict(X)
    peak = float(np.abs(residuals).max()) or 1.0
    sigma = peak * np.sqrt(np.sum((residuals / peak) ** 2) / (X.shape[0] - X.shape[1] - 1))
    half_width = float(norm.ppf(0.5 + (upper - lower) / 2)) * sigma
    centre = ols.predict(X_new)
    return PredictionBands(low, high, centre - half_width, centre + half_width)


def _check_levels(lower: object, upper: object) -> tuple[float, float]:
    lower, upper = (
        check_scalar(lower, "lower", low=QUANTILE_MIN, high=1.0 - QUANTILE_MIN),
        check_scalar(upper, "upper", low=QUANTILE_MIN, high=1.0 - QUANTILE_MIN),
    )
    if not lower < upper:
        raise ValueError(f"lower must be below upper, got lower={lower} and upper={upper}")
    return lower, upper


def prediction_bands(
    X: ArrayLike, y: ArrayLike, X_new: ArrayLike, *, lower: float = 0.1, upper: float = 0.9
) -> PredictionBands:
    r"""Fit both prediction bands on ``(X, y)`` and evaluate them at the rows of ``X_new``.

    The quantile band lies between :func:`~l1tutor.solvers.quantile_regression` fits at
    ``lower`` and ``upper``; the Gaussian band is :math:`\hat y \pm z\,\hat\sigma` of least
    squares, with :math:`z = \Phi^{-1}(\frac12 + \frac{upper - lower}{2})` and
    :math:`\hat\sigma^2 = \mathrm{RSS}/(n - p - 1)`. Both aim at coverage
    ``upper - lower``; only the first adapts its width to x.

    Examples
    --------
    >>> x = np.arange(1.0, 11.0)
    >>> y = x * (1 + 0.5 * np.tile([-1, 1, -0.5, 0.5, 0], 2))
    >>> bands = prediction_bands(x.reshape(-1, 1), y, [[2.0], [8.0]], lower=0.1, upper=0.9)
    >>> (bands.quantile_high - bands.quantile_low).round(2)
    array([2., 8.])
    >>> bool(np.allclose(np.diff(bands.gaussian_high - bands.gaussian_low), 0))
    True
    """
    X, y = check_Xy(X, y)
    lower, upper = _check_levels(lower, upper)
    X_new = check_matrix(X_new, "X_new")
    if X_new.shape[1] != X.shape[1]:
        raise ValueError(f"X_new must have {X.shape[1]} columns like X, got shape {X_new.shape}")
    if X.shape[0] < X.shape[1] + 2:
        raise ValueError(f"X has {X.shape[0]} rows: too few to fit {X.shape[1]} features")
    return _bands(X, y, X_new, lower, upper)


@dataclass(frozen=True)
class BandCoverage:
    """Held-out coverage of a quantile band and of the Gaussian OLS band, by group of x.

    Attributes
    ----------
    lower, upper : float
        The quantile levels of the band; its nominal coverage is ``upper - lower``.
    group_edges : numpy.ndarray of shape (n_groups + 1,)
        Edges of the groups along the first feature (its sample quantiles).
    group_sizes : numpy.ndarray of int, shape (n_groups,)
        Observations in each group.
    quantile_coverage, gaussian_coverage : numpy.ndarray of shape (n_groups,)
        Fraction of held-out observations inside each band, per group.
    quantile_width, gaussian_width : numpy.ndarray of shape (n_groups,)
        Mean width of each band, per group.
    quantile_overall, gaussian_overall : float
        Coverage over all observations.
    n_folds, n_repeats : int
        The cross-fitting design: every observation is predicted ``n_repeats`` times, each time
        by bands fitted without it.
    """

    lower: float
    upper: float
    group_edges: np.ndarray
    group_sizes: np.ndarray
    quantile_coverage: np.ndarray
    gaussian_coverage: np.ndarray
    quantile_width: np.ndarray
    gaussian_width: np.ndarray
    quantile_overall: float
    gaussian_overall: float
    n_folds: int
    n_repeats: int

    @property
    def nominal(self) -> float:
        """The coverage both bands aim at, ``upper - lower``."""
        return self.upper - self.lower

    @property
    def quantile_se(self) -> np.ndarray:
        """Standard error of ``quantile_coverage`` per group (see :meth:`gaussian_se`)."""
        return _binomial_se(self.quantile_coverage, self.group_sizes)

    @property
    def gaussian_se(self) -> np.ndarray:
        r"""Standard error of ``gaussian_coverage`` per group, :math:`\sqrt{c(1 - c)/m}`.

        Every observation is predicted ``n_repeats`` times, but a group holds only ``m``
        distinct observations: their number, not the number of predictions, limits the
        precision, so this is the binomial standard error on ``m`` points.
        """
        return _binomial_se(self.gaussian_coverage, self.group_sizes)


def _binomial_se(coverage: np.ndarray, size: np.ndarray) -> np.ndarray:
    return np.sqrt(coverage * (1 - coverage) / size)


#: Relative slack of `_covered`: a point within it of a band's edge is on the edge.
_EDGE_TOLERANCE = 1e-9


def _covered(low: np.ndarray, y: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Whether each y lies in its closed band [low, high], edges included with a relative slack.

    A quantile fit passes exactly through some of its training points, so a held-out point that
    repeats one of them (the Engel data have two repeated rows) sits on the band's edge, and
    whether ``low <= y`` holds would depend on the last bits of the fit: on the CPU and its BLAS.
    A slack of `_EDGE_TOLERANCE` times max(1, |y|) counts such a point as covered on every machine.

    Examples
    --------
    >>> _covered(np.array([1.0]), np.array([1.0 - 1e-15]), np.array([2.0]))
    array([ True])
    >>> _covered(np.array([1.0]), np.array([0.99]), np.array([2.0]))
    array([False])
    """
    slack = _EDGE_TOLERANCE * np.maximum(1.0, np.abs(y))
    return (low - slack <= y) & (y <= high + slack)


def prediction_band_coverage(
    X: ArrayLike,
    y: ArrayLike,
    *,
    lower: float = 0.1,
    upper: float = 0.9,
    n_groups: int = 3,
    n_folds: int = 5,
    n_repeats: int = 20,
    seed: int = 0,
) -> BandCoverage:
    r"""Cross-fitted coverage of the quantile band and the Gaussian OLS band, by group of x.

    For each of ``n_repeats`` random partitions of the rows into ``n_folds`` folds, each fold is
    predicted by the two bands of :func:`prediction_bands` fitted on the other folds.
    Coverage and width are then averaged per group of the first feature (``n_groups`` groups
    of equal size).

    Parameters
    ----------
    X : array_like of shape (n, p)
        Features; the first one defines the groups.
    y : array_like of shape (n,)
        Targets.
    lower, upper : float
        Quantile levels, ``0 < lower < upper < 1``.
    n_groups : int, default 3
        Groups along the first feature.
    n_folds : int, default 5
        Folds of each partition (at least 2).
    n_repeats : int, default 20
        Random partitions.
    seed : int, default 0
        Seed of the partitions.

    Returns
    -------
    BandCoverage

    References
    ----------
    R. Koenker, *Quantile Regression*, Cambridge University Press, 2005, section 1.2.
    T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
    Springer, 2009, section 7.10 (cross-validation).

    Examples
    --------
    Spread proportional to x: the OLS band covers too much at small x and too little at large
    x, the quantile band about 80% everywhere.

    >>> rng = np.random.default_rng(0)
    >>> x = rng.uniform(1, 10, 600)
    >>> y = x + x * rng.normal(size=600)
    >>> cov = prediction_band_coverage(x.reshape(-1, 1), y, n_repeats=2)
    >>> cov.gaussian_coverage.round(1), cov.quantile_coverage.round(1)
    (array([1. , 0.8, 0.6]), array([0.8, 0.8, 0.8]))
    >>> cov.group_sizes, cov.quantile_se.round(2)
    (array([200, 200, 200]), array([0.03, 0.03, 0.03]))
    """
    X, y = check_Xy(X, y)
    lower, upper = _check_levels(lower, upper)
    n_groups = check_scalar(n_groups, "n_groups", kind="int", low=1, high=10**5)
    n_folds = check_scalar(n_folds, "n_folds", kind="int", low=2, high=10**5)
    n_repeats = check_scalar(n_repeats, "n_repeats", kind="int", low=1, high=10**5)
    n, p = X.shape
    if p == 0:
        raise ValueError("X must have at least one column: the first one defines the groups")
    train_size = n - -(-n // n_folds)  # rows left to fit on when the largest fold is held out
    if train_size < p + 2 or n_groups > n:
        raise ValueError(
            f"{n} rows are too few for {n_folds} folds of a model with {p} features "
            f"and {n_groups} groups"
        )
    inside_q = np.zeros(n)
    inside_g = np.zeros(n)
    width_q = np.zeros(n)
    width_g = np.zeros(n)
    rng = seeded_rng(seed)
    for _ in range(n_repeats):
        for test in np.array_split(rng.permutation(n), n_folds):
            train = np.setdiff1d(np.arange(n), test)
            bands = _bands(X[train], y[train], X[test], lower, upper)
            y_test = y[test]
            inside_q[test] += _covered(bands.quantile_low, y_test, bands.quantile_high)
            inside_g[test] += _covered(bands.gaussian_low, y_test, bands.gaussian_high)
            width_q[test] += bands.quantile_high - bands.quantile_low
            width_g[test] += bands.gaussian_high - bands.gaussian_low
    edges = np.quantile(X[:, 0], np.linspace(0, 1, n_groups + 1))
    group = np.clip(np.searchsorted(edges, X[:, 0], side="right") - 1, 0, n_groups - 1)
    sizes = np.bincount(group, minlength=n_groups)
    if (sizes == 0).any():
        raise ValueError(
            f"the first column of X takes too few distinct values for n_groups={n_groups} groups "
            f"of rows (group sizes {sizes.tolist()}): lower n_groups"
        )

    def per_group(values: np.ndarray) -> np.ndarray:
        return np.bincount(group, weights=values / n_repeats, minlength=n_groups) / sizes

    return BandCoverage(
        lower=lower,
        upper=upper,
        group_edges=edges,
        group_sizes=sizes,
        quantile_coverage=per_group(inside_q),
        gaussian_coverage=per_group(inside_g),
        quantile_width=per_group(width_q),
        gaussian_width=per_group(width_g),
        quantile_overall=float(inside_q.sum() / (n * n_repeats)),
        gaussian_overall=float(inside_g.sum() / (n * n_repeats)),
        n_folds=n_folds,
        n_repeats=n_repeats,
    )
