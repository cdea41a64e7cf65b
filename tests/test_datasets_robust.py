"""Tests of l1tutor.datasets.robust: seeded generators with outliers, heavy tails, leverage, and
Brownlee's stack loss data, shipped in the package."""

from __future__ import annotations

import numpy as np
import pytest

from l1tutor.datasets import (
    STACKLOSS_OUTLIERS,
    STACKLOSS_VARIABLES,
    RegressionData,
    StackLossData,
    heavy_tailed_line,
    leverage_point,
    line_with_outliers,
    load_stackloss,
    patient_vitals,
    sensor_series,
)
from l1tutor.datasets.robust import _parse_stackloss
from l1tutor.solvers import lad_regression, least_squares

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


# --- Brownlee's stack loss data ---------------------------------------------------------------
# Reference values computed in R 4.2.2 with quantreg 5.94 on datasets::stackloss:
#   colSums(stackloss); colSums(stackloss^2)
#   coef(rq(stack.loss ~ ., data = stackloss)); sum(abs(resid(...)))  (tau = 0.5, LAD)
#   coef(lm(stack.loss ~ ., data = stackloss)); sum(resid(...)^2)
R_COLUMN_SUMS = [1269.0, 443.0, 1812.0, 368.0]
R_COLUMN_SUMS_OF_SQUARES = [78365.0, 9545.0, 156924.0, 8518.0]
# The LAD coefficients are (-27386, 574, 396, -42) / 690, the objective 29036 / 690.
R_RQ_COEF = [-39.6898550724637929, 0.8318840579710135, 0.5739130434782647, -0.0608695652173913]
R_RQ_OBJECTIVE = 42.0811594202899
R_LM_COEF = [-39.919674420123961, 0.715640200485283, 1.295286124388573, -0.152122519148653]
R_LM_RSS = 178.829961598359


def test_stackloss_has_21_observations_of_three_features():
    data = load_stackloss()
    assert isinstance(data, StackLossData)
    assert data.X.shape == (21, 3) and data.y.shape == (21,)
    assert data.X.dtype == data.y.dtype == np.float64
    assert data.feature_names == ("air_flow", "water_temp", "acid_conc")
    assert data.target_name == "stack_loss"
    assert (*data.feature_names, data.target_name) == tuple(STACKLOSS_VARIABLES)
    np.testing.assert_array_equal(data.observation, np.arange(1, 22))
    assert np.issubdtype(data.observation.dtype, np.integer)


@pytest.mark.parametrize(
    "number, row",
    [
        (1, [80, 27, 89, 42]),
        (2, [80, 27, 88, 37]),
        (4, [62, 24, 87, 28]),
        (17, [50, 19, 72, 8]),
        (21, [70, 20, 91, 15]),
    ],
)
def test_stackloss_rows_are_rs(number, row):
    data = load_stackloss()
    i = int(np.flatnonzero(data.observation == number)[0])
    assert i == number - 1
    np.testing.assert_array_equal(data.X[i], row[:3])
    assert data.y[i] == row[3]


def test_stackloss_column_sums_are_rs():
    data = load_stackloss()
    table = np.column_stack([data.X, data.y])
    np.testing.assert_array_equal(table.sum(axis=0), R_COLUMN_SUMS)
    np.testing.assert_array_equal((table**2).sum(axis=0), R_COLUMN_SUMS_OF_SQUARES)
    assert np.all(table == np.round(table))  # Brownlee's values are whole numbers


@pytest.mark.parametrize("method", ["interior-point", "simplex"])
def test_stackloss_lad_fit_reproduces_quantreg(method):
    data = load_stackloss()
    fit = lad_regression(data.X, data.y, method=method)
    np.testing.assert_allclose([fit.intercept, *fit.coef], R_RQ_COEF, rtol=1e-9, atol=1e-12)
    assert fit.objective == pytest.approx(R_RQ_OBJECTIVE, rel=1e-12)
    # The solution is a vertex: it passes exactly through p + 1 = 4 observations.
    residuals = data.y - fit.predict(data.X)
    on_the_fit = data.observation[np.abs(residuals) < 1e-9]
    assert on_the_fit.tolist() == [2, 8, 16, 18]


def test_stackloss_ols_fit_reproduces_lm():
    data = load_stackloss()
    fit = least_squares(data.X, data.y)
    np.testing.assert_allclose([fit.intercept, *fit.coef], R_LM_COEF, rtol=1e-10)
    assert fit.objective == pytest.approx(R_LM_RSS, rel=1e-10)


def test_stackloss_outliers_stand_out_of_the_lad_fit_and_less_of_least_squares():
    data = load_stackloss()
    outlier = np.isin(data.observation, STACKLOSS_OUTLIERS)
    assert STACKLOSS_OUTLIERS == (1, 3, 4, 21) and int(outlier.sum()) == 4
    lad = np.abs(data.y - lad_regression(data.X, data.y).predict(data.X))
    ols = np.abs(data.y - least_squares(data.X, data.y).predict(data.X))
    assert sorted(data.observation[np.argsort(-lad)[:4]].tolist()) == [1, 3, 4, 21]
    assert lad[outlier].min() > 5 > 3 > lad[~outlier].max()
    assert np.all(ols[outlier] < lad[outlier])
    # Observation 1 barely stands out of least squares: within 0.1 of the largest other residual.
    assert 0 < ols[0] - ols[~outlier].max() < 0.1


def test_stackloss_returns_fresh_arrays():
    first = load_stackloss()
    first.X[:] = 0.0
    first.y[:] = -1.0
    first.observation[:] = 0
    second = load_stackloss()
    assert second.X[0].tolist() == [80.0, 27.0, 89.0] and second.y[0] == 42.0
    assert second.observation[0] == 1
    assert not np.shares_memory(second.X, second.y)


def test_stackloss_file_documents_its_source_coding_and_licence():
    from importlib import resources

    text = resources.files("l1tutor.datasets").joinpath("data/stackloss.csv").read_text("utf-8")
    comments = " ".join(line for line in text.splitlines() if line.startswith("#"))
    for needed in ("Brownlee", "1965", "p. 454", "datasets::stackloss", "public domain"):
        assert needed in comments, needed
    for name in STACKLOSS_VARIABLES:
        assert f"#   {name}" in text, name


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text.replace("observation,", "obs,"),
        lambda text: text.rsplit("\n21,", 1)[0],
        lambda text: text.replace("\n7,62", "\n70,62"),
        lambda text: "",
    ],
    ids=["header", "row missing", "numbering", "empty"],
)
def test_a_damaged_stackloss_file_is_refused(damage):
    from importlib import resources

    text = resources.files("l1tutor.datasets").joinpath("data/stackloss.csv").read_text("utf-8")
    assert _parse_stackloss(text).X.shape == (21, 3)
    with pytest.raises(RuntimeError, match=r"stackloss\.csv is damaged"):
        _parse_stackloss(damage(text))
