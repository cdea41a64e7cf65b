"""Data for quantile regression: Engel's household budgets, whose spread grows with income."""

from __future__ import annotations

import csv
from importlib import resources
from typing import NamedTuple

import numpy as np

__all__ = ["EngelData", "load_engel"]


class EngelData(NamedTuple):
    """Annual income and food expenditure of 235 Belgian working-class households (1857)."""

    income: np.ndarray
    food_expenditure: np.ndarray

    @property
    def X(self) -> np.ndarray:
        """Income as a one-column design matrix, shape (235, 1)."""
        return self.income.reshape(-1, 1)

    @property
    def y(self) -> np.ndarray:
        """Food expenditure, shape (235,)."""
        return self.food_expenditure


def load_engel() -> EngelData:
    """Ernst Engel's 1857 budget survey of 235 Belgian working-class households.

    Annual household income and annual food expenditure, both in Belgian francs. Engel found
    that the share of income spent on food falls as income rises ("Engel's law"). The data are
    the classic first example of quantile regression: the spread of food expenditure grows
    with income, so the conditional quantiles fan out and a single mean line tells only part
    of the story. The values ship inside ``l1tutor`` (nothing is downloaded); they are in the
    public domain.

    Returns
    -------
    EngelData
        ``income`` and ``food_expenditure``, float64 arrays of shape (235,); ``X`` and ``y``
        give them as a design matrix and a target.

    References
    ----------
    E. Engel, "Die Productions- und Consumtionsverhaeltnisse des Koenigreichs Sachsen",
    *Zeitschrift des Statistischen Bureaus des Koeniglich Saechsischen Ministeriums des
    Innern* 8-9, 1-54, 1857.
    R. Koenker, G. Bassett, "Robust Tests for Heteroscedasticity Based on Regression
    Quantiles", *Econometrica* 50(1), 43-61, 1982 (the data as used here; also distributed
    with R's ``quantreg`` package as ``engel``).

    Examples
    --------
    >>> engel = load_engel()
    >>> engel.X.shape, engel.y.shape
    ((235, 1), (235,))
    >>> print(f"{engel.income.min():.1f} {np.median(engel.income):.1f} {engel.income.max():.1f}")
    377.1 884.0 4957.8
    """
    text = resources.files("l1tutor.datasets").joinpath("data/engel.csv").read_text("utf-8")
    rows = list(csv.reader(text.splitlines()))
    if rows[0] != ["income", "food_expenditure"] or len(rows) != 236:
        raise RuntimeError("the packaged engel.csv is damaged: reinstall l1tutor")
    values = np.array(rows[1:], dtype=np.float64)
    return EngelData(income=values[:, 0], food_expenditure=values[:, 1])
