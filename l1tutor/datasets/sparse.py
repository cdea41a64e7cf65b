"""Sparsity: sparse regression problems, a correlated group of features, and the diabetes data."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from l1tutor._checks import check_bool, check_generated, check_scalar, seeded_rng

__all__ = [
    "DIABETES_FEATURES",
    "DiabetesData",
    "SparseRegression",
    "load_diabetes",
    "make_correlated_group",
    "make_sparse_regression",
]

#: Names of the diabetes variables, as in Efron et al. (2004), with their meaning. scikit-learn
#: calls the six serum measurements ``s1`` to ``s6``, in this order.
DIABETES_FEATURES = {
    "age": "age in years",
    "sex": "sex",
    "bmi": "body mass index",
    "bp": "average blood pressure",
    "tc": "total serum cholesterol",
    "ldl": "low-density lipoproteins",
    "hdl": "high-density lipoproteins",
    "tch": "total cholesterol / HDL",
    "ltg": "log of serum triglycerides level (possibly)",
    "glu": "blood sugar level",
}


class SparseRegression(NamedTuple):
    """A regression problem with a known sparse truth: ``y = X @ coef + noise``."""

    X: np.ndarray
    y: np.ndarray
    coef: np.ndarray
    support: np.ndarray


class DiabetesData(NamedTuple):
    """The diabetes data: 442 patients, 10 baseline variables, disease progression ``y``."""

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]


def make_sparse_regression(
    n_samples: int = 50,
    n_features: int = 200,
    n_informative: int = 5,
    *,
    noise: float = 0.5,
    correlation: float = 0.0,
    seed: int = 0,
) -> SparseRegression:
    r"""A seeded sparse linear model :math:`y = Xw^\star + \sigma\varepsilon`.

    The rows of ``X`` are independent Gaussian vectors with unit variances and correlations
    :math:`\rho^{|j - k|}` between features :math:`j` and :math:`k` (an AR(1) design, the usual
    test bed of Lasso studies); :math:`\varepsilon` is standard normal. ``n_informative``
    features, chosen at random, get coefficients of random sign and magnitude uniform in
    :math:`[1, 2]`; all others are exactly 0. There is no intercept.

    Parameters
    ----------
    n_samples, n_features : int, default 50 and 200
        Shape of ``X``; ``n_features`` may exceed ``n_samples`` (the high-dimensional case).
    n_informative : int, default 5
        Number of nonzero true coefficients, at most ``n_features``.
    noise : float, default 0.5
        Standard deviation :math:`\sigma \ge 0` of the noise.
    correlation : float, default 0.0
        :math:`\rho`, in :math:`(-1, 1)`.
    seed : int, default 0
        Seed of the generator; the same seed gives the same problem.

    Returns
    -------
    SparseRegression
        ``X`` (n_samples, n_features), ``y`` (n_samples,), the true ``coef`` (n_features,) and
        its ``support`` (sorted indices of the nonzero coefficients).

    Raises
    ------
    ValueError
        A size below 1, ``n_informative > n_features``, ``noise < 0``, or
        :math:`|\rho| \ge 1`.

    Examples
    --------
    >>> data = make_sparse_regression(n_samples=4, n_features=6, n_informative=2, seed=1)
    >>> data.X.shape, data.support
    ((4, 6), array([3, 5]))
    >>> int((data.coef != 0).sum())
    2
    """
    n_samples = check_scalar(n_samples, "n_samples", kind="int", low=1, high=10**7)
    n_features = check_scalar(n_features, "n_features", kind="int", low=1, high=10**6)
    n_informative = check_scalar(n_informative, "n_informative", kind="int", low=0)
    if n_informative > n_features:
        raise ValueError(f"n_informative must be <= n_features = {n_features}, got {n_informative}")
    noise = check_scalar(noise, "noise", low=0.0)
    correlation = check_scalar(correlation, "correlation", low=-1.0, high=1.0, closed="neither")
    rng = seeded_rng(seed)
    Z = rng.standard_normal((n_samples, n_features))
    X = np.empty_like(Z)
    X[:, 0] = Z[:, 0]
    # AR(1) across columns: unit variance and corr(x_j, x_k) = rho^|j-k|.
    for j in range(1, n_features):
        X[:, j] = correlation * X[:, j - 1] + np.sqrt(1 - correlation**2) * Z[:, j]
    support = np.sort(rng.choice(n_features, size=n_informative, replace=False))
    coef = np.zeros(n_features)
    coef[support] = rng.choice([-1.0, 1.0], size=n_informative) * rng.uniform(
        1.0, 2.0, size=n_informative
    )
    with np.errstate(over="ignore"):  # checked next
        y = X @ coef + noise * rng.standard_normal(n_samples)
    check_generated(y, noise=noise)
    return SparseRegression(X=X, y=y, coef=coef, support=support)


def make_correlated_group(
    n_samples: int = 50,
    n_features: int = 10,
    group_size: int = 2,
    *,
    correlation: float = 0.95,
    coef: float = 1.0,
    noise: float = 1.0,
    seed: int = 0,
) -> SparseRegression:
    r"""A seeded linear model whose relevant features are one group of correlated copies.

    .. math::

        x_j = \sqrt{\rho}\, z + \sqrt{1-\rho}\, e_j \ (j < g), \qquad
        x_j = e_j \ (j \ge g), \qquad y = \beta \sum_{j < g} x_j + \sigma\varepsilon

    with :math:`z`, :math:`e_j` and :math:`\varepsilon` independent standard normal: the first
    :math:`g` = ``group_size`` features have unit variance and pairwise correlation
    :math:`\rho`, and all carry the same coefficient :math:`\beta`; the others are independent
    and irrelevant. The test bed of the grouping effect (Zou & Hastie 2005, section 5): the
    Lasso tends to keep some members of the group and drop others, and which ones changes
    with the sample; the elastic net keeps the group together. There is no intercept.

    Parameters
    ----------
    n_samples, n_features : int, default 50 and 10
        Shape of ``X``.
    group_size : int, default 2
        :math:`g`, between 1 and ``n_features``.
    correlation : float, default 0.95
        :math:`\rho`, in :math:`[0, 1)`.
    coef : float, default 1.0
        :math:`\beta`, the coefficient of every member of the group.
    noise : float, default 1.0
        Standard deviation :math:`\sigma \ge 0` of the noise.
    seed : int, default 0
        Seed of the generator.

    Returns
    -------
    SparseRegression
        ``X``, ``y``, the true ``coef`` and its ``support`` (``0, ..., group_size - 1``).

    References
    ----------
    H. Zou, T. Hastie, "Regularization and variable selection via the elastic net", *Journal
    of the Royal Statistical Society B* 67(2), 301-320, 2005.

    Examples
    --------
    >>> data = make_correlated_group(n_samples=2000, seed=1)
    >>> data.X.shape, data.support, data.coef[:3]
    ((2000, 10), array([0, 1]), array([1., 1., 0.]))
    >>> round(float(np.corrcoef(data.X[:, 0], data.X[:, 1])[0, 1]), 2)
    0.95
    """
    n_samples = check_scalar(n_samples, "n_samples", kind="int", low=1, high=10**7)
    n_features = check_scalar(n_features, "n_features", kind="int", low=1, high=10**6)
    group_size = check_scalar(group_size, "group_size", kind="int", low=1, high=n_features)
    correlation = check_scalar(correlation, "correlation", low=0.0, high=1.0, closed="left")
    coef = check_scalar(coef, "coef")
    noise = check_scalar(noise, "noise", low=0.0)
    rng = seeded_rng(seed)
    z = rng.standard_normal(n_samples)
    X = rng.standard_normal((n_samples, n_features))
    X[:, :group_size] *= np.sqrt(1.0 - correlation)
    X[:, :group_size] += np.sqrt(correlation) * z[:, None]
    true = np.zeros(n_features)
    true[:group_size] = coef
    with np.errstate(over="ignore", invalid="ignore"):  # checked next
        y = X @ true + noise * rng.standard_normal(n_samples)
    check_generated(y, coef=coef, noise=noise)
    return SparseRegression(X=X, y=y, coef=true, support=np.arange(group_size))


def load_diabetes(*, standardize: bool = True) -> DiabetesData:
    """The diabetes data of Efron, Hastie, Johnstone & Tibshirani (2004), from scikit-learn.

    442 patients; ten baseline variables (age, sex, body mass index, average blood pressure and
    six blood serum measurements); the target is a quantitative measure of disease progression
    one year after baseline. The data ship inside scikit-learn (nothing is downloaded), which
    this function needs; the rest of ``l1tutor`` does not. Without scikit-learn it raises
    ``ModuleNotFoundError`` naming the extra that installs it: ``pip install "l1tutor[data]"``.

    Parameters
    ----------
    standardize : bool, default True
        True: every column of ``X`` centred to mean 0 and scaled to (population) standard
        deviation 1, so that a penalty treats the variables alike and ``alpha`` is comparable
        across them. False: the variables in their original units (age in years, sex coded
        1/2, ...). ``y`` is never transformed.

    Returns
    -------
    DiabetesData
        ``X`` (442, 10), ``y`` (442,), ``feature_names``: the keys of
        ``DIABETES_FEATURES`` (``age, sex, bmi, bp, tc, ldl, hdl, tch, ltg, glu``).

    References
    ----------
    B. Efron, T. Hastie, I. Johnstone, R. Tibshirani, "Least Angle Regression", *Annals of
    Statistics* 32(2), 407-499, 2004.

    Examples
    --------
    >>> data = load_diabetes()
    >>> data.X.shape, data.feature_names[:4]
    ((442, 10), ('age', 'sex', 'bmi', 'bp'))
    >>> bool(np.allclose(data.X.std(axis=0), 1.0)), float(data.y[0])
    (True, 151.0)
    """
    standardize = check_bool(standardize, "standardize")
    try:
        from sklearn.datasets import load_diabetes as _sklearn_load_diabetes
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            "load_diabetes needs scikit-learn, which ships the data: install the 'data' extra, "
            'pip install "l1tutor[data]" (or pip install scikit-learn)',
            name=exc.name,
        ) from exc

    raw = _sklearn_load_diabetes(scaled=False)
    X = np.asarray(raw.data, dtype=np.float64)
    if standardize:
        X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = np.asarray(raw.target, dtype=np.float64)
    return DiabetesData(X=X, y=y, feature_names=tuple(DIABETES_FEATURES))
