"""Tests of l1tutor.datasets.sparse: the seeded sparse problems and the diabetes data."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from sklearn.datasets import load_diabetes as sklearn_load_diabetes

from l1tutor.datasets import (
    DIABETES_FEATURES,
    load_diabetes,
    make_correlated_group,
    make_sparse_regression,
)


def test_sparse_regression_has_the_documented_shape_and_truth():
    data = make_sparse_regression(30, 100, 7, seed=4)
    assert data.X.shape == (30, 100) and data.y.shape == (30,)
    assert data.support.shape == (7,)
    assert np.all(np.diff(data.support) > 0)  # sorted, distinct
    np.testing.assert_array_equal(np.flatnonzero(data.coef), data.support)
    magnitudes = np.abs(data.coef[data.support])
    assert np.all((magnitudes >= 1.0) & (magnitudes <= 2.0))


def test_sparse_regression_is_reproducible_and_seed_dependent():
    a, b = make_sparse_regression(seed=11), make_sparse_regression(seed=11)
    for left, right in zip(a, b, strict=True):
        np.testing.assert_array_equal(left, right)
    assert not np.array_equal(a.X, make_sparse_regression(seed=12).X)


def test_sparse_regression_without_noise_is_exactly_linear():
    data = make_sparse_regression(20, 10, 3, noise=0.0, seed=1)
    np.testing.assert_array_equal(data.y, data.X @ data.coef)


def test_sparse_regression_noise_has_the_requested_scale():
    data = make_sparse_regression(20_000, 5, 2, noise=0.7, seed=2)
    residual = data.y - data.X @ data.coef
    assert residual.std() == pytest.approx(0.7, rel=0.03)


@pytest.mark.parametrize("rho", [0.0, 0.6, -0.5])
def test_sparse_regression_columns_have_ar1_correlation(rho):
    X = make_sparse_regression(20_000, 4, 1, correlation=rho, seed=3).X
    corr = np.corrcoef(X, rowvar=False)
    expected = rho ** np.abs(np.subtract.outer(np.arange(4), np.arange(4)))
    np.testing.assert_allclose(corr, expected, atol=0.03)
    np.testing.assert_allclose(X.std(axis=0), 1.0, atol=0.03)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"n_samples": 0}, "n_samples must be an integer between 1 and 10000000, got 0"),
        ({"n_features": 2.5}, "n_features must be an integer"),
        ({"n_features": 3, "n_informative": 4}, "n_informative must be <= n_features = 3, got 4"),
        ({"noise": -1.0}, "noise must be .*>= 0, got -1.0"),
        ({"correlation": 1.0}, r"correlation must be strictly between -1 and 1, got 1.0"),
    ],
)
def test_sparse_regression_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_sparse_regression(**kwargs)


def test_diabetes_is_the_efron_et_al_data_from_sklearn():
    raw = sklearn_load_diabetes(scaled=False)
    data = load_diabetes(standardize=False)
    assert data.X.shape == (442, 10)
    np.testing.assert_array_equal(data.X, raw.data)
    np.testing.assert_array_equal(data.y, raw.target)
    np.testing.assert_array_equal(data.X[0, :4], [59.0, 2.0, 32.1, 101.0])
    assert data.feature_names == tuple(DIABETES_FEATURES)
    assert data.feature_names[4:] == ("tc", "ldl", "hdl", "tch", "ltg", "glu")  # s1..s6


def test_standardized_diabetes_has_mean_zero_and_unit_variance():
    data = load_diabetes()
    raw = load_diabetes(standardize=False)
    np.testing.assert_allclose(data.X.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(data.X.std(axis=0), 1.0, rtol=1e-12)
    # The same information: each column is an affine image of the raw one.
    for j in range(10):
        assert np.corrcoef(data.X[:, j], raw.X[:, j])[0, 1] == pytest.approx(1.0)
    np.testing.assert_array_equal(data.y, raw.y)


def test_importing_l1tutor_does_not_import_sklearn():
    code = "import sys, l1tutor; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_without_scikit_learn_the_error_names_the_extra_to_install(monkeypatch):
    # None in sys.modules makes the import fail as it does where scikit-learn is not installed.
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ModuleNotFoundError, match=r'pip install "l1tutor\[data\]"'):
        load_diabetes()


# --- a correlated group ------------------------------------------------------------------------


def test_correlated_group_has_the_documented_covariance_and_truth():
    data = make_correlated_group(100_000, 6, 3, correlation=0.8, coef=2.0, noise=0.5, seed=3)
    C = np.cov(data.X, rowvar=False)
    expected = np.eye(6)
    expected[:3, :3] = 0.8 + 0.2 * np.eye(3)
    np.testing.assert_allclose(C, expected, atol=0.015)
    np.testing.assert_array_equal(data.coef, [2.0, 2.0, 2.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(data.support, [0, 1, 2])
    assert (data.y - data.X @ data.coef).std() == pytest.approx(0.5, rel=0.02)


def test_correlated_group_is_reproducible_and_exactly_linear_without_noise():
    a, b = make_correlated_group(seed=5), make_correlated_group(seed=5)
    for left, right in zip(a, b, strict=True):
        np.testing.assert_array_equal(left, right)
    assert not np.array_equal(a.X, make_correlated_group(seed=6).X)
    quiet = make_correlated_group(20, 4, 4, noise=0.0, seed=1)
    np.testing.assert_array_equal(quiet.y, quiet.X @ quiet.coef)
    independent = make_correlated_group(20, 4, 1, correlation=0.0, seed=1)
    assert independent.X.shape == (20, 4) and independent.support.tolist() == [0]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"group_size": 0}, "group_size must be an integer between 1 and 10"),
        ({"group_size": 11}, "group_size"),
        ({"correlation": 1.0}, r"correlation must be in \[0, 1\)"),
        ({"correlation": -0.1}, "correlation"),
        ({"noise": -1.0}, "noise"),
        ({"coef": np.inf}, "coef"),
        ({"n_samples": 0}, "n_samples"),
        ({"seed": -1}, "seed"),
    ],
)
def test_correlated_group_rejects_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_correlated_group(**kwargs)


def test_correlated_group_names_parameters_that_overflow():
    with pytest.raises(ValueError, match="coef=1e\\+308"):
        make_correlated_group(coef=1e308)
