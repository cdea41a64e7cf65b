"""The book's experiments: seeded simulations whose results the chapters show and the tests check.

Each function returns plain arrays or small frozen dataclasses; chapters plot them with
:mod:`l1tutor.plotting`, and tests assert their qualitative conclusions, so a regression in a
solver shows up as a failing test rather than as a quietly different figure.
"""

from l1tutor.experiments import quantile, robust, shrinkage, sparse
from l1tutor.experiments.quantile import *  # noqa: F403
from l1tutor.experiments.robust import *  # noqa: F403
from l1tutor.experiments.shrinkage import *  # noqa: F403
from l1tutor.experiments.sparse import *  # noqa: F403

__all__ = quantile.__all__ + robust.__all__ + shrinkage.__all__ + sparse.__all__
