"""Robust regression, seeded simulations: fits under growing contamination, breakdown.

* :func:`contamination_experiment` and :func:`heavy_tail_experiment` fit OLS, LAD and Huber
  regression to many seeded data sets and return the slope errors (:class:`SlopeErrors`);
* :func:`location_efficiency` measures the Gaussian efficiency of the median against the mean
  (:class:`EfficiencyEstimate`), the simplest case of LAD against OLS;
* :func:`growing_outlier` and :func:`replacement_breakdown` follow the best constant under L2
  (the mean) and under L1 (a median) as the data are corrupted (:class:`LocationEstimates`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from l1tutor._checks import as_float_array, check_finite, check_scalar, check_vector
from l1tutor.datasets.robust import RegressionData, heavy_tailed_line, line_with_outliers
from l1tutor.datasets.sparse import make_sparse_regression
from l1tutor.solvers.robust import huber_regression, lad_regression, least_squares

__all__ = [
    "EfficiencyEstimate",
    "LPMethodTimes",
    "LocationEstimates",
    "SlopeErrors",
    "contamination_experiment",
    "growing_outlier",
    "heavy_tail_experiment",
    "location_efficiency",
    "replacement_breakdown",
    "time_lp_methods",
]

#: The methods compared, in drawing order, by the loss names of :class:`RegressionResult`.
METHODS = ("l2", "l1", "huber")


@dataclass(frozen=True)
class SlopeErrors:
    """Absolute slope errors :math:`|\\hat w - w|` of OLS, LAD and Huber over repeated data sets.

    Attributes
    ----------
    levels : numpy.ndarray of shape (m,)
        The setting varied (outlier fraction, or degrees of freedom).
    errors : dict of str to numpy.ndarray of shape (m, n_repeats)
        Keyed by loss: ``"l2"`` (OLS), ``"l1"`` (LAD), ``"huber"``.
    """

    levels: np.ndarray
    errors: dict[str, np.ndarray]

    @property
    def mean(self) -> dict[str, np.ndarray]:
        """Mean absolute slope error per level, shape (m,) for each method."""
        return {k: v.mean(axis=1) for k, v in self.errors.items()}

    @property
    def spread(self) -> dict[str, np.ndarray]:
        """Standard deviation of the absolute slope error per level, over the repetitions."""
        return {k: v.std(axis=1) for k, v in self.errors.items()}

    @property
    def standard_error(self) -> dict[str, np.ndarray]:
        """Monte Carlo standard error of :attr:`mean`: :math:`s / \\sqrt{R}` over R repetitions.

        With one repetition there is no estimate, and the standard error is NaN.
        """
        n_repeats = next(iter(self.errors.values())).shape[1]
        if n_repeats < 2:
            return {k: np.full(v.shape[0], np.nan) for k, v in self.errors.items()}
        return {k: v.std(axis=1, ddof=1) / np.sqrt(n_repeats) for k, v in self.errors.items()}

    def difference(self, first: str, second: str) -> tuple[np.ndarray, np.ndarray]:
        """Mean paired difference of the absolute errors of two methods, and its standard error.

        Both methods were fitted to the same data sets, so the difference
        :math:`|\\hat w_{first} - w| - |\\hat w_{second} - w|` is computed data set by data set:
        its standard error is much smaller than that of either mean (common random numbers).

        Parameters
        ----------
        first, second : {"l2", "l1", "huber"}

        Returns
        -------
        (mean, standard_error) : tuple of numpy.ndarray of shape (m,)
            Negative means ``first`` had the smaller errors.

        Examples
        --------
        >>> res = heavy_tail_experiment([1.0], n_repeats=20, n_samples=50, seed=0)
        >>> diff, se = res.difference("l1", "l2")
        >>> bool(diff[0] + 2 * se[0] < 0)  # Cauchy noise: LAD's errors are clearly smaller
        True
        """
        for name, value in (("first", first), ("second", second)):
            if value not in self.errors:
                raise ValueError(f"{name} must be one of {sorted(self.errors)}, got {value!r}")
        paired = self.errors[first] - self.errors[second]
        if paired.shape[1] < 2:
            return paired.mean(axis=1), np.full(paired.shape[0], np.nan)
        return paired.mean(axis=1), paired.std(axis=1, ddof=1) / np.sqrt(paired.shape[1])


def _slope_errors(
    levels: np.ndarray,
    name: str,
    make_data: Callable[[float, int], RegressionData],
    n_repeats: int,
    delta: float,
    seed: int,
) -> SlopeErrors:
    # One child seed per repetition, shared by all levels: the levels differ only in what they
    # vary, which makes the curves smooth (common random numbers).
    seeds = np.random.SeedSequence(check_scalar(seed, "seed", kind="int", low=0)).generate_state(
        n_repeats
    )
    errors = {m: np.empty((levels.size, n_repeats)) for m in METHODS}
    for j, child in enumerate(seeds):
        for i, level in enumerate(levels):
            try:
                X, y, slope, _, _ = make_data(float(level), int(child))
            except ValueError as error:  # the generator names its own argument, not ours
                raise type(error)(f"{name}[{i}] = {float(level)!r}: {error}") from error
            for fit in (
                least_squares(X, y),
                lad_regression(X, y),
                huber_regression(X, y, delta=delta),
            ):
                errors[fit.loss][i, j] = abs(fit.coef[0] - slope)
    return SlopeErrors(levels=levels, errors=errors)


def contamination_experiment(
    fractions: ArrayLike,
    *,
    n_repeats: int = 20,
    n_samples: int = 100,
    outlier_size: float = 50.0,
    delta: float = 1.345,
    seed: int = 0,
) -> SlopeErrors:
    """Slope errors of OLS, LAD and Huber on :func:`~l1tutor.datasets.line_with_outliers`.

    For each repetition and each outlier fraction, draw a line with slope 2 and unit Gaussian
    noise, shift that fraction of the targets by ``outlier_size``, fit the three regressions and
    record :math:`|\\hat w - 2|`.

    Parameters
    ----------
    fractions : array_like of shape (m,)
        Outlier fractions, each between 0 and 1.
    n_repeats : int, default 20
        Data sets per fraction.
    n_samples : int, default 100
        Rows per data set.
    outlier_size : float, default 50.0
        Shift of the outliers' targets (50 noise standard deviations).
    delta : float, default 1.345
        Huber's threshold. With unit noise, 1.345 is the classical choice (95% of least
        squares' efficiency on Gaussian data without outliers).
    seed : int, default 0

    Returns
    -------
    SlopeErrors
        With ``levels = fractions``.

    Examples
    --------
    >>> res = contamination_experiment([0.0, 0.3], n_repeats=3, n_samples=40, seed=1)
    >>> bool(res.mean["l1"][1] < 0.5 < res.mean["l2"][1])
    True
    """
    fractions = check_vector(fractions, "fractions")
    if np.any((fractions < 0) | (fractions > 1)):
        raise ValueError(f"fractions must lie between 0 and 1, got {fractions.tolist()}")
    n_repeats = check_scalar(n_repeats, "n_repeats", kind="int", low=1, high=10**5)
    delta = check_scalar(delta, "delta", low=0.0, closed="neither")

    def make_data(fraction: float, child: int) -> RegressionData:
        return line_with_outliers(
            n_samples, outlier_fraction=fraction, outlier_size=outlier_size, seed=child
        )

    return _slope_errors(fractions, "fractions", make_data, n_repeats, delta, seed)


def heavy_tail_experiment(
    dfs: ArrayLike,
    *,
    n_repeats: int = 50,
    n_samples: int = 100,
    delta: float = 1.345,
    seed: int = 0,
) -> SlopeErrors:
    """Slope errors of OLS, LAD and Huber on :func:`~l1tutor.datasets.heavy_tailed_line`.

    Unit slope, unit noise scale, Student-t noise with each of ``dfs`` degrees of freedom.

    Parameters
    ----------
    dfs : array_like of shape (m,)
        Degrees of freedom, each > 0; ``numpy.inf`` means Gaussian noise.
    n_repeats : int, default 50
    n_samples : int, default 100
    delta : float, default 1.345
        Huber's threshold.
    seed : int, default 0

    Returns
    -------
    SlopeErrors
        With ``levels = dfs``.

    Examples
    --------
    >>> res = heavy_tail_experiment([1.0, np.inf], n_repeats=20, n_samples=50, seed=0)
    >>> bool(res.mean["l1"][0] < res.mean["l2"][0])  # Cauchy noise: LAD wins
    True
    """
    dfs = check_vector(dfs, "dfs", allow_inf=True)
    if np.any(dfs <= 0):
        raise ValueError(f"dfs must be > 0 (numpy.inf allowed), got {dfs.tolist()}")
    n_repeats = check_scalar(n_repeats, "n_repeats", kind="int", low=1, high=10**5)
    delta = check_scalar(delta, "delta", low=0.0, closed="neither")

    def make_data(df: float, child: int) -> RegressionData:
        return heavy_tailed_line(n_samples, df=df, seed=child)

    return _slope_errors(dfs, "dfs", make_data, n_repeats, delta, seed)


@dataclass(frozen=True)
class LocationEstimates:
    """The best constant under L2 (the mean) and under L1 (a median) as the data change.

    Attributes
    ----------
    values : numpy.ndarray of shape (m,)
        What was varied: the outlier's value, or the fraction of points replaced.
    mean : numpy.ndarray of shape (m,)
        :math:`\\operatorname{argmin}_c \\sum_i (y_i - c)^2` for each setting.
    median : numpy.ndarray of shape (m,)
        :math:`\\operatorname{argmin}_c \\sum_i |y_i - c|` (one minimiser) for each setting.
    """

    values: np.ndarray
    mean: np.ndarray
    median: np.ndarray


def _best_constants(samples: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    # A regression with no features and an intercept fits the best constant.
    empty = np.empty((samples[0].size, 0))
    mean = np.array([least_squares(empty, y).intercept for y in samples])
    median = np.array([lad_regression(empty, y).intercept for y in samples])
    return mean, median


def _check_sample(y: ArrayLike) -> np.ndarray:
    y = as_float_array(y, "y").astype(float)
    if y.ndim != 1 or y.size < 2:
        raise ValueError(f"y must be 1-D with at least 2 values, got shape {y.shape}")
    check_finite(y, "y")
    return y


def growing_outlier(y: ArrayLike, outlier_values: ArrayLike) -> LocationEstimates:
    """Replace the largest value of ``y`` by each of ``outlier_values``; refit both constants.

    Parameters
    ----------
    y : array_like of shape (n,)
        Clean data, n >= 2.
    outlier_values : array_like of shape (m,)
        The values the one outlier takes.

    Returns
    -------
    LocationEstimates
        With ``values = outlier_values``.

    Examples
    --------
    >>> est = growing_outlier([10, 20, 30, 40, 50], [50, 1000])
    >>> est.mean.tolist(), est.median.tolist()
    ([30.0, 220.0], [30.0, 30.0])
    """
    y = _check_sample(y)
    values = check_vector(outlier_values, "outlier_values")
    k = int(np.argmax(y))
    samples = [np.where(np.arange(y.size) == k, v, y) for v in values]
    return LocationEstimates(values, *_best_constants(samples))


def replacement_breakdown(y: ArrayLike, *, outlier_value: float = 1e6) -> LocationEstimates:
    """Replace the k largest values of ``y`` by ``outlier_value``, for k = 0, ..., n.

    The finite-sample breakdown point of an estimator is the smallest fraction k/n of
    replaced points that can carry it arbitrarily far: 1/n for the mean (any one point), and
    about one half for the median.

    Parameters
    ----------
    y : array_like of shape (n,)
        Clean data, n >= 2.
    outlier_value : float, default 1e6
        The value of every replaced point (the largest points are replaced first). Far from the
        data on either side it shows the breakdown; the default is far above data of moderate
        size.

    Returns
    -------
    LocationEstimates
        With ``values = k / n`` for k = 0, ..., n.

    References
    ----------
    F. R. Hampel, "A General Qualitative Definition of Robustness", *The Annals of Mathematical
    Statistics* 42(6), 1887-1896, 1971.
    D. L. Donoho, P. J. Huber, "The notion of breakdown point", in *A Festschrift for Erich L.
    Lehmann*, Wadsworth, 1983, 157-184.

    Examples
    --------
    >>> est = replacement_breakdown([10, 20, 30, 40, 50], outlier_value=1000)
    >>> est.median.tolist()
    [30.0, 30.0, 30.0, 1000.0, 1000.0, 1000.0]
    """
    y = _check_sample(y)
    outlier_value = check_scalar(outlier_value, "outlier_value")
    order = np.argsort(y)[::-1]  # largest first
    samples = []
    for k in range(y.size + 1):
        corrupted = y.copy()
        corrupted[order[:k]] = outlier_value
        samples.append(corrupted)
    return LocationEstimates(np.arange(y.size + 1) / y.size, *_best_constants(samples))


@dataclass(frozen=True)
class EfficiencyEstimate:
    """The variance of the median over the variance of the mean, with its standard error.

    ``ratio`` estimates
    :math:`\\operatorname{Var}(\\text{median}) / \\operatorname{Var}(\\text{mean})`
    for ``n_samples`` Gaussian observations from ``n_repeats`` samples; its limit as the sample
    grows is :math:`\\pi / 2`, the number of times more observations the median (LAD) needs for
    the precision of the mean (OLS).
    """

    n_samples: int
    n_repeats: int
    ratio: float
    standard_error: float


def location_efficiency(
    n_samples: int = 100, *, n_repeats: int = 20_000, seed: int = 0
) -> EfficiencyEstimate:
    """Estimate the Gaussian efficiency of the median against the mean by simulation.

    Draw ``n_repeats`` samples of ``n_samples`` standard Gaussian values, take each sample's
    median :math:`m_j` and mean :math:`a_j` (both estimate the centre, 0), and return

    .. math:: \\hat\\rho = \\frac{\\sum_j m_j^2}{\\sum_j a_j^2},

    with the delta-method standard error of a ratio of paired means,
    :math:`\\operatorname{sd}(m_j^2 - \\hat\\rho\\, a_j^2) / (\\sqrt{R}\\, \\overline{a^2})`.
    The median is LAD regression on an intercept alone and the mean is OLS on it; the limit
    :math:`\\pi/2` of the ratio holds for the coefficients of LAD against OLS regression with
    Gaussian noise too (Koenker 2005, sec. 4.1). Unlike a regression experiment this needs no
    solver, so many repetitions are cheap.

    Parameters
    ----------
    n_samples : int, default 100
        Observations per sample (at least 2).
    n_repeats : int, default 20000
        Samples drawn (at least 2).
    seed : int, default 0

    Returns
    -------
    EfficiencyEstimate

    References
    ----------
    Koenker, R. (2005). *Quantile Regression*. Cambridge University Press.

    Examples
    --------
    >>> est = location_efficiency(101, n_repeats=20_000, seed=0)
    >>> bool(abs(est.ratio - np.pi / 2) < 3 * est.standard_error + 0.02)
    True
    """
    n_samples = check_scalar(n_samples, "n_samples", kind="int", low=2, high=10**4)
    n_repeats = check_scalar(n_repeats, "n_repeats", kind="int", low=2, high=10**6)
    rng = np.random.default_rng(check_scalar(seed, "seed", kind="int", low=0))
    medians = np.empty(n_repeats)
    means = np.empty(n_repeats)
    # In blocks of rows, so that a million repetitions do not need a million-row matrix.
    block = max(1, 2**20 // n_samples)
    for start in range(0, n_repeats, block):
        sample = rng.standard_normal((min(block, n_repeats - start), n_samples))
        medians[start : start + sample.shape[0]] = np.median(sample, axis=1)
        means[start : start + sample.shape[0]] = sample.mean(axis=1)
    ratio = float(np.mean(medians**2) / np.mean(means**2))
    se = float(
        np.std(medians**2 - ratio * means**2, ddof=1) / (np.sqrt(n_repeats) * np.mean(means**2))
    )
    return EfficiencyEstimate(n_samples, n_repeats, ratio, se)


@dataclass(frozen=True)
class LPMethodTimes:
    """Seconds per LAD fit by each ``method`` of :func:`~l1tutor.solvers.lad_regression`.

    Medians of ``repeats`` fits each, timed in turns on the same data; ``objective_rel_diff``
    is the relative difference of the two minima (they must agree).
    """

    n_samples: int
    n_features: int
    repeats: int
    interior_point: float
    simplex: float
    objective_rel_diff: float

    @property
    def speedup(self) -> float:
        """How many times faster the interior point was than the simplex method."""
        return self.simplex / self.interior_point


def time_lp_methods(
    n_samples: int = 10_000, n_features: int = 10, *, repeats: int = 3, seed: int = 0
) -> LPMethodTimes:
    """Time LAD regression by the interior-point method against the simplex method.

    Both solve the same linear programme exactly (:func:`~l1tutor.solvers.lad_regression`
    with ``method="interior-point"``, the default, and ``method="simplex"``) on a seeded
    Gaussian design with ``n_features`` informative features
    (:func:`~l1tutor.datasets.make_sparse_regression`). The simplex method moves from vertex
    to vertex of the feasible set, and the number of moves grows with n; the interior-point
    method takes a few dozen Newton steps whatever n, each costing O(n p^2). The times are
    measurements on the machine at hand, not reproducible numbers: they vary from run to run.

    Parameters
    ----------
    n_samples, n_features : int, default 10000 and 10
        Shape of the design (an intercept is fitted too).
    repeats : int, default 3
        Timed fits per method (after one untimed fit each), in turns.
    seed : int, default 0
        Seed of the data.

    Returns
    -------
    LPMethodTimes

    References
    ----------
    S. Portnoy, R. Koenker, "The Gaussian hare and the Laplacian tortoise: computability of
    squared-error versus absolute-error estimators", *Statistical Science* 12(4), 279-300, 1997.

    Examples
    --------
    >>> times = time_lp_methods(200, 3, repeats=1)
    >>> times.objective_rel_diff < 1e-9, times.speedup > 0
    (True, True)
    """
    n_samples = check_scalar(n_samples, "n_samples", kind="int", low=2)
    n_features = check_scalar(n_features, "n_features", kind="int", low=1)
    repeats = check_scalar(repeats, "repeats", kind="int", low=1, high=1000)
    data = make_sparse_regression(
        n_samples, n_features, n_features, noise=1.0, seed=check_scalar(seed, "seed", kind="int")
    )
    X, y = data.X, data.y
    methods = ("interior-point", "simplex")
    minima = {m: lad_regression(X, y, method=m).objective for m in methods}  # and a warm-up
    seconds: dict[str, list[float]] = {m: [] for m in methods}
    for _ in range(repeats):
        for m in methods:
            start = time.perf_counter()
            lad_regression(X, y, method=m)
            seconds[m].append(time.perf_counter() - start)
    diff = abs(minima["interior-point"] - minima["simplex"]) / max(minima["simplex"], 1e-300)
    return LPMethodTimes(
        n_samples,
        n_features,
        repeats,
        float(np.median(seconds["interior-point"])),
        float(np.median(seconds["simplex"])),
        diff,
    )
