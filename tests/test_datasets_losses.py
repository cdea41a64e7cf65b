"""Tests of l1tutor.datasets.losses: the source text's worked example."""

from __future__ import annotations

import numpy as np

from l1tutor import l1_loss
from l1tutor.datasets import source_example


def test_source_example_values_and_result():
    y_true, y_pred = source_example()
    np.testing.assert_array_equal(y_true, [10, 20, 30, 40, 50])
    np.testing.assert_array_equal(y_pred, [12, 18, 29, 42, 47])
    assert y_true.dtype == y_pred.dtype == np.float64
    assert l1_loss(y_true, y_pred) == 2.0


def test_source_example_returns_fresh_arrays():
    first = source_example()
    first.y_true[0] = -1.0
    assert source_example().y_true[0] == 10.0
