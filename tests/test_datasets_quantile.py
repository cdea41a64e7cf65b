"""Tests of l1tutor.datasets.quantile: Engel's food-expenditure data, shipped in the package."""

from __future__ import annotations

import numpy as np
import pytest

from l1tutor.datasets import load_engel
from l1tutor.solvers import fit_quantiles

# Koenker's quantreg (R) on these data, rq(foodexp ~ income, tau): intercept and slope as
# printed in its documentation and in Koenker (2005), section 2.4.
QUANTREG = {
    0.05: (124.880, 0.3434),
    0.10: (110.142, 0.4018),
    0.25: (95.484, 0.4741),
    0.50: (81.482, 0.5602),
    0.75: (62.397, 0.6440),
    0.90: (67.351, 0.6863),
    0.95: (64.104, 0.7091),
}


def test_engel_has_235_households_with_the_published_means():
    engel = load_engel()
    assert engel.income.shape == engel.food_expenditure.shape == (235,)
    assert engel.X.shape == (235, 1) and engel.y is engel.food_expenditure
    assert engel.income.dtype == np.float64
    # summary(engel) in R: mean income 982.5, mean food expenditure 624.2
    assert engel.income.mean() == pytest.approx(982.473, abs=1e-3)
    assert engel.food_expenditure.mean() == pytest.approx(624.150, abs=1e-3)
    assert np.all(engel.food_expenditure < engel.income)  # food is part of the budget


def test_quantile_regression_on_engel_reproduces_quantreg():
    engel = load_engel()
    family = fit_quantiles(engel.X, engel.y, list(QUANTREG))
    for tau, fit in zip(family.quantiles, family.fits, strict=True):
        intercept, slope = QUANTREG[round(float(tau), 2)]
        assert fit.intercept == pytest.approx(intercept, abs=5e-4)
        assert fit.coef[0] == pytest.approx(slope, abs=5e-5)
    assert family.crossings == ()


def test_the_spread_grows_with_income():
    # What makes the data the standard example: the 90% - 10% gap widens with income.
    engel = load_engel()
    family = fit_quantiles(engel.X, engel.y, [0.1, 0.9])
    gap = np.diff(family.predict([[500.0], [4000.0]]), axis=1).ravel()
    assert gap[1] > 5 * gap[0] > 0
