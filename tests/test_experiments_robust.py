"""Tests of l1tutor.experiments.robust: the qualitative conclusions of chapter 2."""

from __future__ import annotations

import numpy as np
import pytest

from l1tutor.experiments import (
    contamination_experiment,
    growing_outlier,
    heavy_tail_experiment,
    location_efficiency,
    replacement_breakdown,
    time_lp_methods,
)

FRACTIONS = np.array([0.0, 0.1, 0.2, 0.3])


@pytest.fixture(scope="module")
def contamination():
    return contamination_experiment(FRACTIONS, n_repeats=10, n_samples=100, seed=0)


def test_lad_stays_bounded_while_ols_breaks(contamination):
    # The chapter's conclusion: up to 30% outliers the LAD (and Huber) slope error stays below
    # 0.2 on every repetition's average, while OLS's exceeds it once outliers are present.
    bound = 0.2
    assert np.all(contamination.mean["l1"] < bound)
    assert np.all(contamination.mean["huber"] < bound)
    assert np.all(contamination.mean["l2"][1:] > bound)
    assert contamination.mean["l2"][0] < bound  # no outliers: OLS is fine too


def test_ols_error_grows_with_outlier_size():
    small = contamination_experiment([0.2], n_repeats=5, outlier_size=5.0, seed=1)
    large = contamination_experiment([0.2], n_repeats=5, outlier_size=500.0, seed=1)
    # OLS slope error is (nearly) proportional to the shift: 100 times larger shift.
    assert large.mean["l2"][0] > 50 * small.mean["l2"][0]
    # LAD does not care how far the outliers are, only on which side: same fit.
    np.testing.assert_allclose(large.errors["l1"], small.errors["l1"], atol=1e-8)


def test_slope_errors_shapes_and_spread(contamination):
    assert set(contamination.errors) == {"l1", "l2", "huber"}
    for key, e in contamination.errors.items():
        assert e.shape == (4, 10)
        np.testing.assert_allclose(contamination.mean[key], e.mean(axis=1))
        np.testing.assert_allclose(contamination.spread[key], e.std(axis=1))
        assert np.all(e >= 0)


def test_experiment_is_deterministic():
    a = contamination_experiment([0.1], n_repeats=3, n_samples=30, seed=9)
    b = contamination_experiment([0.1], n_repeats=3, n_samples=30, seed=9)
    np.testing.assert_array_equal(a.errors["l1"], b.errors["l1"])


def test_heavy_tails_favour_lad_and_gaussian_favours_ols():
    res = heavy_tail_experiment([1.0, np.inf], n_repeats=40, n_samples=100, seed=0)
    assert res.mean["l1"][0] < 0.5 * res.mean["l2"][0]  # Cauchy noise
    assert res.mean["l2"][1] < res.mean["l1"][1]  # Gaussian noise: OLS is more efficient


def test_growing_outlier_mean_unbounded_median_fixed():
    y = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0])
    values = np.array([10.0, 1e3, 1e6])
    est = growing_outlier(y, values)
    # The mean moves by (v - 9) / 7; the median never moves.
    np.testing.assert_allclose(est.mean, (y.sum() - 9.0 + values) / 7, rtol=1e-12)
    np.testing.assert_allclose(est.median, np.median(y), rtol=1e-12)


@pytest.mark.parametrize("n", [5, 6, 11])
def test_replacement_breakdown_points(n):
    y = np.arange(1.0, n + 1)
    est = replacement_breakdown(y, outlier_value=1e9)
    k = np.arange(n + 1)
    broken_mean = est.mean > y.max()
    broken_median = est.median > y.max()
    assert k[np.argmax(broken_mean)] == 1  # one point breaks the mean
    # The median holds while fewer than half of the points are replaced (LP may pick either
    # middle value when n is even, so allow floor(n/2) or floor(n/2)+1).
    assert k[np.argmax(broken_median)] in {n // 2, n // 2 + 1}
    assert np.all(~broken_median[: (n - 1) // 2 + 1])
    np.testing.assert_allclose(est.values, k / n)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: contamination_experiment([0.5, 1.2]), "fractions"),
        (lambda: contamination_experiment([0.1], n_repeats=0), "n_repeats"),
        (lambda: contamination_experiment([0.1], delta=0.0), "delta"),
        (lambda: heavy_tail_experiment([-1.0]), "dfs"),
        (lambda: growing_outlier([1.0], [2.0]), "y"),
        (lambda: growing_outlier([1.0, 2.0], [np.nan]), "outlier_values"),
        (lambda: replacement_breakdown([1.0, 2.0], outlier_value=np.inf), "outlier_value"),
    ],
)
def test_bad_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_lp_method_timings_compare_the_same_minimum():
    times = time_lp_methods(300, 4, repeats=2, seed=3)
    assert (times.n_samples, times.n_features, times.repeats) == (300, 4, 2)
    assert times.interior_point > 0 and times.simplex > 0
    assert times.speedup == times.simplex / times.interior_point
    assert times.objective_rel_diff <= 1e-9


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_samples": 1}, "n_samples"),
        ({"n_features": 0}, "n_features"),
        ({"repeats": 0}, "repeats"),
        ({"seed": 1.5}, "seed"),
    ],
)
def test_lp_method_timings_name_a_bad_argument(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        time_lp_methods(**{"n_samples": 50, "n_features": 2, "repeats": 1, **kwargs})


def test_standard_errors_and_paired_differences(contamination):
    n_repeats = contamination.errors["l1"].shape[1]
    for key, e in contamination.errors.items():
        np.testing.assert_allclose(
            contamination.standard_error[key], e.std(axis=1, ddof=1) / np.sqrt(n_repeats)
        )
    diff, se = contamination.difference("huber", "l1")
    paired = contamination.errors["huber"] - contamination.errors["l1"]
    np.testing.assert_allclose(diff, contamination.mean["huber"] - contamination.mean["l1"])
    np.testing.assert_allclose(se, paired.std(axis=1, ddof=1) / np.sqrt(n_repeats))
    with pytest.raises(ValueError, match="second must be one of"):
        contamination.difference("l1", "l3")


def test_one_repetition_has_no_standard_error():
    res = heavy_tail_experiment([np.inf], n_repeats=1, n_samples=30, seed=0)
    assert np.isnan(res.standard_error["l1"]).all()
    assert np.isnan(res.difference("l1", "l2")[1]).all()


def test_location_efficiency_approaches_pi_over_2_with_an_honest_standard_error():
    est = location_efficiency(201, n_repeats=40_000, seed=1)
    assert est.n_samples == 201 and est.n_repeats == 40_000
    # The finite-sample ratio at n = 201 is within 0.02 of its limit pi/2.
    assert abs(est.ratio - np.pi / 2) < 4 * est.standard_error + 0.02
    # The standard error is what independent reruns scatter by.
    reruns = [location_efficiency(51, n_repeats=2_000, seed=s).ratio for s in range(40)]
    one = location_efficiency(51, n_repeats=2_000, seed=0).standard_error
    assert 0.6 < np.std(reruns, ddof=1) / one < 1.5
    assert location_efficiency(3, n_repeats=10, seed=5) == location_efficiency(
        3, n_repeats=10, seed=5
    )


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"n_samples": 1}, "n_samples"),
        ({"n_repeats": 1}, "n_repeats"),
        ({"seed": -1}, "seed"),
    ],
)
def test_location_efficiency_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        location_efficiency(**kwargs)
