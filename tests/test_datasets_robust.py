"""Tests of l1tutor.datasets.robust: seeded generators with outliers, heavy tails, leverage."""

from __future__ import annotations

import numpy as np
import pytest

from l1tutor.datasets import (
    RegressionData,
    heavy_tailed_line,
    leverage_point,
    line_with_outliers,
    patient_vitals,
    sensor_series,
)

GENERATORS = {
    "line": line_with_outliers,
    "sensor": sensor_series,
    "heavy": heavy_tailed_line,
    "leverage": leverage_point,
    "vitals": patient_vitals,
}


@pytest.mark.parametrize("name", GENERATORS)
def test_shapes_types_and_determinism(name):
    a = GENERATORS[name](40, seed=3)
    b = GENERATORS[name](40, seed=3)
    c = GENERATORS[name](40, seed=4)
    assert isinstance(a, RegressionData)
    assert a.X.shape == (40, 1) and a.y.shape == (40,) and a.is_outlier.shape == (40,)
    assert a.is_outlier.dtype == bool
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.y, c.y)
    assert np.all(np.isfinite(a.X)) and np.all(np.isfinite(a.y))


@pytest.mark.parametrize(
    "fraction, expected", [(0.0, 0), (0.1, 10), (0.25, 25), (0.4, 40), (1.0, 100)]
)
def test_line_outlier_count(fraction, expected):
    assert int(line_with_outliers(100, outlier_fraction=fraction).is_outlier.sum()) == expected


def test_line_outliers_are_shifted_by_size_and_clean_rows_unchanged():
    clean = line_with_outliers(50, outlier_fraction=0.0, seed=2)
    dirty = line_with_outliers(50, outlier_fraction=0.2, outlier_size=-30.0, seed=2)
    np.testing.assert_array_equal(clean.X, dirty.X)
    np.testing.assert_allclose(dirty.y - clean.y, np.where(dirty.is_outlier, -30.0, 0.0))


def test_line_outlier_sets_are_nested_in_the_fraction():
    small = line_with_outliers(80, outlier_fraction=0.1, seed=5).is_outlier
    large = line_with_outliers(80, outlier_fraction=0.3, seed=5).is_outlier
    assert np.all(large[small])


def test_line_without_noise_lies_on_the_line():
    d = line_with_outliers(20, outlier_fraction=0.0, noise=0.0, slope=-1.5, intercept=4.0)
    np.testing.assert_allclose(d.y, 4.0 - 1.5 * d.X[:, 0])
    assert (d.slope, d.intercept) == (-1.5, 4.0)


def test_sensor_dropouts_read_zero_and_others_follow_drift():
    d = sensor_series(300, misread_fraction=0.1, noise=0.0, level=20.0, drift=0.05, seed=1)
    assert int(d.is_outlier.sum()) == 30
    np.testing.assert_array_equal(d.y[d.is_outlier], 0.0)
    t = d.X[~d.is_outlier, 0]
    np.testing.assert_allclose(d.y[~d.is_outlier], 20.0 + 0.05 * t)


def test_heavy_tails_are_heavier_for_small_df():
    # Kurtosis proxy: the share of residuals beyond 5 scale units grows as df falls.
    def tail_share(df):
        d = heavy_tailed_line(4000, df=df, seed=0)
        return np.mean(np.abs(d.y - d.slope * d.X[:, 0]) > 5)

    assert tail_share(1.0) > tail_share(3.0) > tail_share(np.inf)
    assert not heavy_tailed_line(10, df=1.0).is_outlier.any()


def test_leverage_point_is_last_row():
    d = leverage_point(25, x_leverage=60.0, y_leverage=-5.0, seed=1)
    assert d.X[-1, 0] == 60.0 and d.y[-1] == -5.0
    assert d.is_outlier.tolist() == [False] * 24 + [True]
    assert d.X[:-1].max() <= 10.0


def test_patient_vitals_errors_are_tenfold():
    clean = patient_vitals(100, error_fraction=0.0, seed=7)
    dirty = patient_vitals(100, error_fraction=0.05, seed=7)
    np.testing.assert_allclose(dirty.y[dirty.is_outlier], 10 * clean.y[dirty.is_outlier])
    assert clean.X.min() >= 20 and clean.X.max() <= 80
    assert np.all(clean.y == np.round(clean.y))


BAD = [
    (line_with_outliers, {"n_samples": 1}, "n_samples"),
    (line_with_outliers, {"n_samples": 2.5}, "n_samples"),
    (line_with_outliers, {"outlier_fraction": 1.5}, "outlier_fraction"),
    (line_with_outliers, {"outlier_fraction": -0.1}, "outlier_fraction"),
    (line_with_outliers, {"outlier_size": np.nan}, "outlier_size"),
    (line_with_outliers, {"noise": -1.0}, "noise"),
    (sensor_series, {"misread_fraction": 2.0}, "misread_fraction"),
    (sensor_series, {"drift": np.inf}, "drift"),
    (heavy_tailed_line, {"df": 0.0}, "df"),
    (heavy_tailed_line, {"scale": -1.0}, "scale"),
    (leverage_point, {"n_samples": 2}, "n_samples"),
    (leverage_point, {"x_leverage": np.nan}, "x_leverage"),
    (patient_vitals, {"error_fraction": 1.1}, "error_fraction"),
]


@pytest.mark.parametrize("func, kwargs, name", BAD, ids=[f"{f.__name__}-{n}" for f, _, n in BAD])
def test_bad_arguments(func, kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        func(**kwargs)
