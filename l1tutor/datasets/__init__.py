"""Datasets for the book: the source text's worked examples and seeded generators.

Every generator takes a ``seed`` and uses its own :class:`numpy.random.Generator`, so a chapter
that calls it twice gets the same data twice and never touches global random state. Nothing is
downloaded: real data come from files that ship inside ``l1tutor`` or an installed package.
"""

from l1tutor.datasets import losses, quantile, robust, sparse
from l1tutor.datasets.losses import *  # noqa: F403
from l1tutor.datasets.quantile import *  # noqa: F403
from l1tutor.datasets.robust import *  # noqa: F403
from l1tutor.datasets.sparse import *  # noqa: F403

__all__ = losses.__all__ + quantile.__all__ + robust.__all__ + sparse.__all__
