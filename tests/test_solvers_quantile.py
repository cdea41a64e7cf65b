"""Tests of l1tutor.solvers.quantile: families of regression quantiles and their crossings."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from l1tutor.solvers import (
    QuantileCrossingWarning,
    fit_quantiles,
    least_squares,
    quantile_crossings,
    quantile_regression,
)

# Twelve points with heavy-tailed noise where the 20% and 30% lines cross inside the data.
X_CROSS = np.array([0.09, 0.24, 0.8, 0.58, 0.09, 0.43, 0.48, 0.16, 0.73, 0.11, 0.39, 0.52]).reshape(
    -1, 1
)
Y_CROSS = np.array([-0.4, -1.7, 7.3, 2.2, -0.3, -2.2, 1.5, -3.7, -5.5, -1.0, -0.8, 0.5])


def fan(n=200, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(1, 10, n)
    return x.reshape(-1, 1), 2 + x + x * rng.normal(size=n) * 0.3


def test_the_family_equals_separate_fits_in_increasing_order():
    X, y = fan()
    family = fit_quantiles(X, y, [0.9, 0.1, 0.5])
    assert family.quantiles.tolist() == [0.1, 0.5, 0.9]
    for tau, fit in zip(family.quantiles, family.fits, strict=True):
        alone = quantile_regression(X, y, quantile=tau)
        np.testing.assert_array_equal(fit.coef, alone.coef)
        assert fit.objective == alone.objective and fit.quantile == tau
    # Spread growing with x: the slopes fan out, and nothing crosses.
    slopes = [fit.coef[0] for fit in family.fits]
    assert slopes[0] < slopes[1] < slopes[2]
    assert family.crossings == ()
    assert family.predict(X).shape == (200, 3)


def test_crossing_lines_are_found_warned_about_and_can_be_rearranged():
    with pytest.warns(QuantileCrossingWarning, match="0.2 and 0.3"):
        family = fit_quantiles(X_CROSS, Y_CROSS, [0.2, 0.3, 0.8])
    (crossing,) = family.crossings
    assert (crossing.lower, crossing.upper) == (0.2, 0.3)
    predictions = family.predict(X_CROSS)
    # The reported rows are exactly those where the lower quantile predicts more.
    expected_rows = np.flatnonzero(predictions[:, 0] > predictions[:, 1] + 1e-9)
    np.testing.assert_array_equal(crossing.rows, expected_rows)
    assert crossing.largest == pytest.approx((predictions[:, 0] - predictions[:, 1]).max())
    ordered = family.predict(X_CROSS, rearrange=True)
    assert np.all(np.diff(ordered, axis=1) >= 0)
    np.testing.assert_array_equal(np.sort(predictions, axis=1), ordered)


def test_crossings_are_looked_for_where_the_caller_asks():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QuantileCrossingWarning)
        family = fit_quantiles(X_CROSS, Y_CROSS, [0.2, 0.3])
    # Far to the right of the data the two lines are in order again.
    assert quantile_crossings(family.fits, [[5.0], [10.0]]) == ()
    assert len(quantile_crossings(family.fits, X_CROSS)) == 1


@pytest.mark.parametrize(
    ("quantiles", "exc", "match"),
    [
        ([], ValueError, "at least one"),
        ([0.5, 0.5], ValueError, "distinct"),
        ([0.1, 1.0], ValueError, "quantiles must be between 1e-09 and 0.999999999, got 1.0"),
        ([0.1, "0.9"], TypeError, "quantiles must hold real numbers"),
        (0.5, None, None),
    ],
)
def test_fit_quantiles_checks_its_quantiles(quantiles, exc, match):
    X, y = fan(30)
    if exc is None:
        assert fit_quantiles(X, y, quantiles).quantiles.tolist() == [0.5]
        return
    with pytest.raises(exc, match=match):
        fit_quantiles(X, y, quantiles)


def test_quantile_crossings_refuses_what_is_not_an_ordered_quantile_family():
    X, y = fan(30)
    low, high = (quantile_regression(X, y, quantile=q) for q in (0.2, 0.8))
    with pytest.raises(TypeError, match=r"fits\[1\] must be a quantile_regression result"):
        quantile_crossings([low, least_squares(X, y)], X)
    with pytest.raises(ValueError, match="increasing quantiles"):
        quantile_crossings([high, low], X)
    with pytest.raises(ValueError, match="X must have 1 columns"):
        quantile_crossings([low, high], np.ones((3, 2)))


def test_predict_checks_rearrange():
    X, y = fan(30)
    with pytest.raises(TypeError, match="rearrange must be True or False"):
        fit_quantiles(X, y, [0.5]).predict(X, rearrange="yes")
