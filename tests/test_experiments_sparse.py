"""Tests of l1tutor.experiments.sparse: the chapter's conclusions about support recovery."""

from __future__ import annotations

import numpy as np
import pytest

from l1tutor.datasets import make_sparse_regression
from l1tutor.experiments import SupportRecovery, support_recovery
from l1tutor.solvers import lasso_path

CHAPTER_SEED = 3  # the seed of chapter 4


@pytest.fixture(scope="module")
def chapter_result() -> SupportRecovery:
    return support_recovery(seed=CHAPTER_SEED)


def test_counts_are_consistent_with_the_lasso_path(chapter_result):
    res = chapter_result
    data = make_sparse_regression(50, 200, 5, noise=0.5, seed=CHAPTER_SEED)
    path = lasso_path(data.X, data.y, n_alphas=30, eps=1e-2)
    np.testing.assert_array_equal(res.alphas, path.alphas)
    np.testing.assert_array_equal(res.true_positives + res.false_positives, path.n_nonzero)
    assert np.all((res.true_positives >= 0) & (res.true_positives <= 5))
    assert np.all((res.false_positives >= 0) & (res.false_positives <= 195))


def test_lasso_selects_nothing_at_alpha_max_and_the_whole_truth_at_the_end(chapter_result):
    res = chapter_result
    assert res.true_positives[0] == 0 and res.false_positives[0] == 0
    assert res.true_positives[-1] == res.n_informative
    assert res.false_positives[-1] > 0  # small alpha lets noise features in
    assert res.false_positives[-1] < res.n_features // 2  # but far from all of them


def test_there_is_an_alpha_range_of_exact_support_recovery(chapter_result):
    res = chapter_result
    hits = np.flatnonzero(res.exact_recovery)
    assert hits.size >= 3
    np.testing.assert_array_equal(hits, np.arange(hits[0], hits[-1] + 1))  # one interval


def test_ridge_keeps_every_feature_at_every_alpha(chapter_result):
    np.testing.assert_array_equal(chapter_result.ridge_nonzero, 200)


def test_experiment_is_reproducible_and_configurable():
    a = support_recovery(n_samples=30, n_features=60, n_informative=3, n_alphas=8, seed=1)
    b = support_recovery(n_samples=30, n_features=60, n_informative=3, n_alphas=8, seed=1)
    np.testing.assert_array_equal(a.true_positives, b.true_positives)
    np.testing.assert_array_equal(a.false_positives, b.false_positives)
    assert a.alphas.shape == (8,) and a.n_features == 60 and a.n_informative == 3
    np.testing.assert_array_equal(a.ridge_nonzero, 60)


def test_more_samples_recover_the_support_more_easily():
    # With n = 200 instead of 50 the exact-recovery range widens (seeded, so deterministic).
    few = support_recovery(n_samples=50, seed=0)
    many = support_recovery(n_samples=200, seed=0)
    assert many.exact_recovery.sum() > few.exact_recovery.sum()
