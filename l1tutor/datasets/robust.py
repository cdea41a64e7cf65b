"""Data for robust regression: seeded data with outliers, heavy tails and leverage points, and
Brownlee's stack loss plant data, a real data set with real outliers.

Every generator returns a :class:`RegressionData`: one feature column ``X`` of shape (n, 1), the
targets ``y``, the true line (``slope``, ``intercept``) and a mask ``is_outlier`` of the rows that
were corrupted. The same ``seed`` gives the same data; the draws happen in a fixed order (features,
noise, then which rows are corrupted), so changing only the outlier fraction keeps the clean data
and makes the corrupted rows of a smaller fraction a subset of those of a larger one.
:func:`load_stackloss` reads the stack loss data from a file that ships inside ``l1tutor``.
"""

from __future__ import annotations

import csv
import math
from importlib import resources
from typing import NamedTuple

import numpy as np

from l1tutor._checks import check_generated, check_scalar, seeded_rng

__all__ = [
    "STACKLOSS_OUTLIERS",
    "STACKLOSS_VARIABLES",
    "RegressionData",
    "StackLossData",
    "heavy_tailed_line",
    "leverage_point",
    "line_with_outliers",
    "load_stackloss",
    "patient_vitals",
    "sensor_series",
]


class RegressionData(NamedTuple):
    """One-feature regression data with its ground truth.

    Attributes
    ----------
    X : numpy.ndarray of shape (n, 1)
    y : numpy.ndarray of shape (n,)
    slope, intercept : float
        The true line :math:`y = \\text{intercept} + \\text{slope} \\cdot x` (before noise).
    is_outlier : numpy.ndarray of bool, shape (n,)
        True for the rows that were corrupted.
    """

    X: np.ndarray
    y: np.ndarray
    slope: float
    intercept: float
    is_outlier: np.ndarray


def _finite(data: RegressionData, **params: object) -> RegressionData:
    """``data`` if every value is finite; else a ValueError naming the parameters at fault."""
    check_generated(data.X, data.y, **params)
    return data


def _corrupt(rng: np.random.Generator, n: int, fraction: float) -> np.ndarray:
    """Mask of round(fraction * n) rows; nested in ``fraction`` for a given generator state."""
    mask = np.zeros(n, dtype=bool)
    mask[rng.permutation(n)[: round(fraction * n)]] = True
    return mask


def line_with_outliers(
    n_samples: int = 100,
    *,
    outlier_fraction: float = 0.1,
    outlier_size: float = 50.0,
    slope: float = 2.0,
    intercept: float = 1.0,
    noise: float = 1.0,
    seed: int = 0,
) -> RegressionData:
    r"""A line with Gaussian noise, and a fraction of the targets shifted by ``outlier_size``.

    .. math::

        x_i \sim U(0, 10), \quad y_i = \text{intercept} + \text{slope}\, x_i + \varepsilon_i
        + \text{outlier\_size} \cdot [i \in O], \quad \varepsilon_i \sim N(0, \text{noise}^2)

    Parameters
    ----------
    n_samples : int, default 100
    outlier_fraction : float, default 0.1
        Fraction of rows in the outlier set :math:`O` (``round(fraction * n)`` rows, chosen at
        random, independently of :math:`x`), between 0 and 1.
    outlier_size : float, default 50.0
        The shift added to the outliers' targets (negative shifts them down).
    slope, intercept : float
        The true line.
    noise : float, default 1.0
        Standard deviation of the Gaussian noise, >= 0.
    seed : int, default 0

    Returns
    -------
    RegressionData

    Examples
    --------
    >>> data = line_with_outliers(10, outlier_fraction=0.2, seed=1)
    >>> data.X.shape, int(data.is_outlier.sum())
    ((10, 1), 2)
    >>> bool(np.all(data.y[data.is_outlier] > 40))
    True
    """
    n = check_scalar(n_samples, "n_samples", kind="int", low=2, high=10**7)
    fraction = check_scalar(outlier_fraction, "outlier_fraction", low=0.0, high=1.0)
    size = check_scalar(outlier_size, "outlier_size")
    noise = check_scalar(noise, "noise", low=0.0)
    rng = seeded_rng(seed)
    x = rng.uniform(0.0, 10.0, n)
    y = check_scalar(intercept, "intercept") + check_scalar(slope, "slope") * x
    y = y + noise * rng.standard_normal(n)
    is_outlier = _corrupt(rng, n, fraction)
    y[is_outlier] += size
    data = RegressionData(x[:, None], y, float(slope), float(intercept), is_outlier)
    return _finite(data, slope=slope, intercept=intercept, outlier_size=outlier_size, noise=noise)


def sensor_series(
    n_samples: int = 200,
    *,
    misread_fraction: float = 0.05,
    level: float = 20.0,
    drift: float = 0.02,
    noise: float = 0.3,
    seed: int = 0,
) -> RegressionData:
    r"""Hourly readings of a slowly drifting sensor that now and then reads 0 (a dropout).

    .. math::

        t_i = i, \quad y_i = \begin{cases} 0 & i \in O \\
        \text{level} + \text{drift}\; t_i + \varepsilon_i & \text{otherwise}\end{cases},
        \quad \varepsilon_i \sim N(0, \text{noise}^2)

    Parameters
    ----------
    n_samples : int, default 200
        Number of readings, one per hour.
    misread_fraction : float, default 0.05
        Fraction of readings that are dropouts, between 0 and 1.
    level : float, default 20.0
        The true value at :math:`t = 0` (say, degrees Celsius).
    drift : float, default 0.02
        The true change per hour: the quantity to estimate.
    noise : float, default 0.3
        Standard deviation of the measurement noise, >= 0.
    seed : int, default 0

    Returns
    -------
    RegressionData
        ``X`` holds the hour :math:`t`, ``slope`` is ``drift`` and ``intercept`` is ``level``.

    Examples
    --------
    >>> data = sensor_series(50, misread_fraction=0.1, seed=2)
    >>> data.X[:3, 0]
    array([0., 1., 2.])
    >>> bool(np.all(data.y[data.is_outlier] == 0)), int(data.is_outlier.sum())
    (True, 5)
    """
    n = check_scalar(n_samples, "n_samples", kind="int", low=2, high=10**7)
    fraction = check_scalar(misread_fraction, "misread_fraction", low=0.0, high=1.0)
    noise = check_scalar(noise, "noise", low=0.0)
    rng = seeded_rng(seed)
    t = np.arange(n, dtype=float)
    y = check_scalar(level, "level") + check_scalar(drift, "drift") * t
    y = y + noise * rng.standard_normal(n)
    is_outlier = _corrupt(rng, n, fraction)
    y[is_outlier] = 0.0
    data = RegressionData(t[:, None], y, float(drift), float(level), is_outlier)
    return _finite(data, drift=drift, level=level, noise=noise)


def heavy_tailed_line(
    n_samples: int = 100,
    *,
    df: float = 2.0,
    scale: float = 1.0,
    slope: float = 1.0,
    intercept: float = 0.0,
    seed: int = 0,
) -> RegressionData:
    r"""A line with Student-t noise: no gross errors, just heavy tails.

    .. math::

        x_i \sim N(0, 1), \quad y_i = \text{intercept} + \text{slope}\, x_i
        + \text{scale} \cdot t_i, \quad t_i \sim t_{\text{df}}

    A reading for finance: :math:`x` is the market's daily return (in units of its standard
    deviation), :math:`y` a stock's, and ``slope`` the stock's beta. With ``df=1`` the noise is
    Cauchy (no mean); ``df=numpy.inf`` gives Gaussian noise.

    Parameters
    ----------
    n_samples : int, default 100
    df : float, default 2.0
        Degrees of freedom of the t distribution, > 0 (``numpy.inf`` allowed).
    scale : float, default 1.0
        Scale of the noise, >= 0.
    slope, intercept : float
        The true line.
    seed : int, default 0

    Returns
    -------
    RegressionData
        ``is_outlier`` is all False: heavy tails are not a corruption.

    Examples
    --------
    >>> data = heavy_tailed_line(5, df=np.inf, scale=0.0, slope=2.0)
    >>> bool(np.allclose(data.y, 2 * data.X[:, 0]))
    True
    """
    n = check_scalar(n_samples, "n_samples", kind="int", low=2, high=10**7)
    if not (isinstance(df, float) and df == math.inf):  # numpy.inf: Gaussian noise
        df = check_scalar(df, "df", low=0.0, closed="neither")
    scale = check_scalar(scale, "scale", low=0.0)
    rng = seeded_rng(seed)
    x = rng.standard_normal(n)
    noise = rng.standard_normal(n) if np.isinf(df) else rng.standard_t(df, n)
    y = check_scalar(intercept, "intercept") + check_scalar(slope, "slope") * x + scale * noise
    data = RegressionData(x[:, None], y, float(slope), float(intercept), np.zeros(n, dtype=bool))
    return _finite(data, slope=slope, intercept=intercept, df=df, scale=scale)


def leverage_point(
    n_samples: int = 20,
    *,
    x_leverage: float = 80.0,
    y_leverage: float = 0.0,
    slope: float = 2.0,
    intercept: float = 1.0,
    noise: float = 1.0,
    seed: int = 0,
) -> RegressionData:
    r"""A clean line on :math:`x \in [0, 10]` plus one point far out in :math:`x`.

    The last row is :math:`(x, y) = (\text{x\_leverage}, \text{y\_leverage})`: an outlier in the
    features (a high-leverage point) whose target lies off the line.

    Parameters
    ----------
    n_samples : int, default 20
        Number of rows, the leverage point included.
    x_leverage, y_leverage : float
        Where the leverage point sits; by default far right of the data and far below the line.
    slope, intercept : float
        The true line of the other rows.
    noise : float, default 1.0
        Standard deviation of the Gaussian noise of the other rows, >= 0.
    seed : int, default 0

    Returns
    -------
    RegressionData
        ``is_outlier`` marks the last row only.

    Examples
    --------
    >>> data = leverage_point(5, x_leverage=50.0, y_leverage=-3.0)
    >>> data.X[-1, 0], data.y[-1], data.is_outlier.tolist()
    (np.float64(50.0), np.float64(-3.0), [False, False, False, False, True])
    """
    n = check_scalar(n_samples, "n_samples", kind="int", low=3, high=10**7)
    noise = check_scalar(noise, "noise", low=0.0)
    rng = seeded_rng(seed)
    x = rng.uniform(0.0, 10.0, n - 1)
    y = check_scalar(intercept, "intercept") + check_scalar(slope, "slope") * x
    y = y + noise * rng.standard_normal(n - 1)
    x = np.append(x, check_scalar(x_leverage, "x_leverage"))
    y = np.append(y, check_scalar(y_leverage, "y_leverage"))
    is_outlier = np.arange(n) == n - 1
    data = RegressionData(x[:, None], y, float(slope), float(intercept), is_outlier)
    return _finite(data, slope=slope, intercept=intercept, x_leverage=x_leverage, noise=noise)


def patient_vitals(
    n_samples: int = 120,
    *,
    error_fraction: float = 0.04,
    seed: int = 0,
) -> RegressionData:
    r"""Systolic blood pressure against age, with a few data-entry errors (an extra digit).

    .. math::

        \text{age}_i \sim U(20, 80), \quad \text{bp}_i = 105 + 0.5\,\text{age}_i + \varepsilon_i,
        \quad \varepsilon_i \sim N(0, 8^2)

    rounded to whole mmHg; a fraction of the records is then multiplied by 10, as if a key had
    been pressed twice (130 entered as 1300). The numbers are illustrative, not clinical.

    Parameters
    ----------
    n_samples : int, default 120
    error_fraction : float, default 0.04
        Fraction of records with an entry error, between 0 and 1.
    seed : int, default 0

    Returns
    -------
    RegressionData
        ``X`` holds the age in years, ``y`` the pressure in mmHg; the true slope is 0.5 mmHg per
        year.

    Examples
    --------
    >>> data = patient_vitals(50, error_fraction=0.1, seed=3)
    >>> int(data.is_outlier.sum()), bool(np.all(data.y[data.is_outlier] >= 1000))
    (5, True)
    """
    n = check_scalar(n_samples, "n_samples", kind="int", low=2, high=10**7)
    fraction = check_scalar(error_fraction, "error_fraction", low=0.0, high=1.0)
    rng = seeded_rng(seed)
    age = rng.uniform(20.0, 80.0, n)
    bp = np.round(105.0 + 0.5 * age + 8.0 * rng.standard_normal(n))
    is_outlier = _corrupt(rng, n, fraction)
    bp[is_outlier] *= 10
    return RegressionData(age[:, None], bp, 0.5, 105.0, is_outlier)


#: The stack loss variables in the order of the shipped file, with their meaning and coding
#: (Brownlee 1965, as documented with R's ``datasets::stackloss``). The first three are the
#: features, the last the target.
STACKLOSS_VARIABLES = {
    "air_flow": "air flow to the plant: its rate of operation",
    "water_temp": "inlet temperature of the cooling water in the absorption tower's coils",
    "acid_conc": "concentration of the circulating acid, coded (per cent - 50) x 10",
    "stack_loss": "10 x the percentage of the ingoing ammonia lost unabsorbed",
}

#: The observations (numbered 1 to 21) of the stack loss data that Daniel & Wood (1971) and
#: Rousseeuw & Leroy (1987) single out as outliers.
STACKLOSS_OUTLIERS = (1, 3, 4, 21)

_STACKLOSS_HEADER = ["observation", *STACKLOSS_VARIABLES]


class StackLossData(NamedTuple):
    """Brownlee's stack loss plant data: 21 days of operation, three features and the loss.

    Attributes
    ----------
    X : numpy.ndarray of shape (21, 3)
        Air flow, cooling water temperature and coded acid concentration, in that order.
    y : numpy.ndarray of shape (21,)
        The stack loss.
    feature_names : tuple of str
        ``("air_flow", "water_temp", "acid_conc")``, the columns of ``X``.
    target_name : str
        ``"stack_loss"``.
    observation : numpy.ndarray of int, shape (21,)
        The observation numbers 1 to 21 of the rows, as in Brownlee's table and in R, so that
        row ``i`` is observation ``observation[i] = i + 1``.
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    target_name: str
    observation: np.ndarray


def _parse_stackloss(text: str) -> StackLossData:
    """The data in ``text`` (the shipped CSV: '#' comment lines, a header, 21 rows)."""
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = list(csv.reader(lines))
    if not rows or rows[0] != _STACKLOSS_HEADER or len(rows) != 22:
        raise RuntimeError("the packaged stackloss.csv is damaged: reinstall l1tutor")
    values = np.array(rows[1:], dtype=np.float64)
    observation = values[:, 0].astype(np.int64)
    if not np.array_equal(observation, np.arange(1, 22)):
        raise RuntimeError("the packaged stackloss.csv is damaged: reinstall l1tutor")
    names = tuple(STACKLOSS_VARIABLES)
    return StackLossData(
        X=values[:, 1:4].copy(),
        y=values[:, 4].copy(),
        feature_names=names[:3],
        target_name=names[3],
        observation=observation,
    )


def load_stackloss() -> StackLossData:
    """Brownlee's stack loss plant data: 21 days of operation of a plant making nitric acid.

    The plant oxidises ammonia to nitric acid; the nitric oxides produced are absorbed in a
    countercurrent absorption tower. Each of the 21 observations (one day of operation) records
    three operating conditions and the stack loss, the ammonia that escapes unabsorbed. The
    variables and their coding, as given by Brownlee and in R's help page for the data:

    * ``air_flow``: air flow to the plant, a measure of its rate of operation;
    * ``water_temp``: inlet temperature of the cooling water circulated through coils in the
      absorption tower;
    * ``acid_conc``: concentration of the circulating acid, coded as the per cent acid minus 50,
      times 10 (89 means 58.9 per cent acid);
    * ``stack_loss`` (the target): 10 times the percentage of the ingoing ammonia that escapes
      from the absorption column unabsorbed, an inverse measure of the plant's efficiency.

    The data are a classic of robust regression. Daniel & Wood (1971) and Rousseeuw & Leroy
    (1987) single out observations 1, 3, 4 and 21 as outliers (``STACKLOSS_OUTLIERS``). In the
    least absolute deviations (LAD) fit of the stack loss on all three features these four have
    the largest absolute residuals, each above 5 while every other is below 3; least squares,
    pulled towards them, leaves each of the four a smaller residual, and observation 1 then
    barely stands out from the rest. LAD (median) regression of these data is the first example
    of ``rq`` in Koenker's R package ``quantreg``.

    The values ship inside ``l1tutor`` (nothing is downloaded); they were copied from R's
    ``datasets::stackloss``. The numbers are measurements, facts that carry no copyright: they
    are in the public domain.

    Returns
    -------
    StackLossData
        ``X`` (21, 3) and ``y`` (21,) as float64, ``feature_names``, ``target_name`` and the
        observation numbers 1 to 21. Each call returns new arrays: changing one result does not
        change the next.

    References
    ----------
    K. A. Brownlee, *Statistical Theory and Methodology in Science and Engineering*, 2nd ed.,
    Wiley, New York, 1965, p. 454.
    C. Daniel, F. S. Wood, *Fitting Equations to Data*, Wiley, New York, 1971.
    P. J. Rousseeuw, A. M. Leroy, *Robust Regression and Outlier Detection*, Wiley, New York,
    1987.
    R. Koenker, *Quantile Regression*, Cambridge University Press, 2005.

    Examples
    --------
    >>> data = load_stackloss()
    >>> data.X.shape, data.y.shape, data.feature_names
    ((21, 3), (21,), ('air_flow', 'water_temp', 'acid_conc'))
    >>> int(data.observation[-1]), data.X[-1].tolist(), float(data.y[-1])
    (21, [70.0, 20.0, 91.0], 15.0)

    The LAD fit (as R's ``quantreg::rq``) and the four observations it leaves furthest off:

    >>> from l1tutor.solvers import lad_regression
    >>> fit = lad_regression(data.X, data.y)
    >>> print(f"{fit.intercept:.3f}", " ".join(f"{c:.3f}" for c in fit.coef))
    -39.690 0.832 0.574 -0.061
    >>> largest = np.argsort(-np.abs(data.y - fit.predict(data.X)))[:4]
    >>> sorted(data.observation[largest].tolist())
    [1, 3, 4, 21]
    """
    text = resources.files("l1tutor.datasets").joinpath("data/stackloss.csv").read_text("utf-8")
    return _parse_stackloss(text)
