"""Tests of l1tutor.experiments.quantile: prediction bands and their held-out coverage."""

from __future__ import annotations

import numpy as np
import pytest

from l1tutor.experiments import prediction_band_coverage, prediction_bands


def heteroscedastic(n=900, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(1, 10, n)
    return x.reshape(-1, 1), 5 + 2 * x + x * rng.normal(size=n)


def test_the_quantile_band_keeps_its_level_where_the_gaussian_band_does_not():
    X, y = heteroscedastic()
    cov = prediction_band_coverage(X, y, n_repeats=3)
    assert cov.nominal == pytest.approx(0.8)
    # Spread proportional to x: OLS's constant band is too wide on the left, too narrow on
    # the right; the quantile band is near 80% in each third (3 standard errors).
    assert cov.gaussian_coverage[0] > 0.9 and cov.gaussian_coverage[-1] < 0.7
    assert np.all(np.abs(cov.quantile_coverage - 0.8) <= 3 * cov.quantile_se)
    assert np.all(np.diff(cov.quantile_width) > 0)
    assert np.allclose(cov.gaussian_width, cov.gaussian_width[0], rtol=0.05)
    assert cov.group_sizes.sum() == 900 and cov.group_sizes.tolist() == [300, 300, 300]
    # Overall, both are close to nominal: only the breakdown by x shows the difference.
    assert abs(cov.quantile_overall - 0.8) < 0.03 and abs(cov.gaussian_overall - 0.8) < 0.05


def test_with_gaussian_noise_of_constant_variance_both_bands_are_right():
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 10, 900)
    cov = prediction_band_coverage(x.reshape(-1, 1), 1 + x + rng.normal(size=900), n_repeats=2)
    for values, se in [
        (cov.quantile_coverage, cov.quantile_se),
        (cov.gaussian_coverage, cov.gaussian_se),
    ]:
        assert np.all(np.abs(values - 0.8) <= 3 * se)


def test_coverage_is_seeded_and_measured_out_of_sample():
    X, y = heteroscedastic(120, seed=2)
    first = prediction_band_coverage(X, y, n_repeats=2, seed=5)
    again = prediction_band_coverage(X, y, n_repeats=2, seed=5)
    np.testing.assert_array_equal(first.quantile_coverage, again.quantile_coverage)
    other = prediction_band_coverage(X, y, n_repeats=2, seed=6)
    assert not np.array_equal(first.quantile_coverage, other.quantile_coverage)
    # In-sample, a 10%-90% quantile band holds about 80% of its own training points by
    # construction; held out it covers less on small data.
    assert first.quantile_overall < 0.8


def test_prediction_bands_are_ordered_and_adapt_their_width():
    X, y = heteroscedastic(400, seed=3)
    grid = np.linspace(1, 10, 5).reshape(-1, 1)
    bands = prediction_bands(X, y, grid, lower=0.05, upper=0.95)
    assert np.all(bands.quantile_low <= bands.quantile_high)
    assert np.all(np.diff(bands.quantile_high - bands.quantile_low) > 0)
    gauss = bands.gaussian_high - bands.gaussian_low
    np.testing.assert_allclose(gauss, gauss[0])
    centre = (bands.gaussian_high + bands.gaussian_low) / 2
    from l1tutor.solvers import least_squares

    np.testing.assert_allclose(centre, least_squares(X, y).predict(grid))


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"lower": 0.9, "upper": 0.1}, ValueError, "lower must be below upper"),
        ({"lower": 0.0}, ValueError, "lower must be between 1e-09 and 0.999999999, got 0.0"),
        ({"upper": "0.9"}, TypeError, "upper must be a real number"),
        ({"n_folds": 1}, ValueError, "n_folds must be an integer between 2 and"),
        ({"n_repeats": 0}, ValueError, "n_repeats must be an integer between 1 and"),
        ({"seed": -1}, ValueError, "seed must be an integer >= 0"),
        ({"n_groups": 2.5}, TypeError, "n_groups must be an integer"),
    ],
)
def test_prediction_band_coverage_names_bad_arguments(kwargs, exc, match):
    X, y = heteroscedastic(60)
    with pytest.raises(exc, match=match):
        prediction_band_coverage(X, y, **kwargs)


def test_too_little_data_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="too few"):
        prediction_band_coverage(np.ones((4, 3)), np.arange(4.0), n_folds=2)
    with pytest.raises(ValueError, match="at least one column"):
        prediction_band_coverage(np.empty((10, 0)), np.arange(10.0))
    with pytest.raises(ValueError, match="X_new must have 1 columns"):
        prediction_bands(*heteroscedastic(30), np.ones((2, 2)))


def test_a_point_on_a_bands_edge_is_covered_whatever_its_last_bits():
    from l1tutor.experiments.quantile import _covered

    low, high = np.array([1.0, -3.0]), np.array([2.0, 5.0])
    on_edges = np.array([1.0, 5.0])
    for shift in (-np.inf, np.inf):  # one ulp either way, as another CPU's BLAS might give
        assert _covered(low, np.nextafter(on_edges, shift), high).all()
    assert not _covered(low, np.array([0.999, 5.001]), high).any()


def test_band_coverage_does_not_depend_on_the_last_bits_of_the_data():
    # The Engel data repeat two rows: a held-out copy of a point the quantile fit passes
    # through lies on the band's edge.
    from l1tutor.datasets import load_engel

    engel = load_engel()
    x, y = np.log(engel.X), np.log(engel.y)
    exact = prediction_band_coverage(x, y, n_repeats=2, seed=0)
    nudged = prediction_band_coverage(x, np.nextafter(y, np.inf), n_repeats=2, seed=0)
    np.testing.assert_array_equal(exact.quantile_coverage, nudged.quantile_coverage)
    np.testing.assert_array_equal(exact.gaussian_coverage, nudged.gaussian_coverage)
