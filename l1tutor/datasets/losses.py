"""Data for the losses: the worked examples quoted from the source text."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["WorkedExample", "source_example"]


class WorkedExample(NamedTuple):
    """Observed and predicted values of a worked example."""

    y_true: np.ndarray
    y_pred: np.ndarray


def source_example() -> WorkedExample:
    """The worked example of the source text, whose mean absolute error is 2.0.

    Returns
    -------
    WorkedExample
        ``y_true = [10, 20, 30, 40, 50]`` and ``y_pred = [12, 18, 29, 42, 47]`` as float arrays.

    Examples
    --------
    >>> y_true, y_pred = source_example()
    >>> y_true
    array([10., 20., 30., 40., 50.])
    >>> y_pred
    array([12., 18., 29., 42., 47.])
    """
    return WorkedExample(
        y_true=np.array([10.0, 20.0, 30.0, 40.0, 50.0]),
        y_pred=np.array([12.0, 18.0, 29.0, 42.0, 47.0]),
    )
