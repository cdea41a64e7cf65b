"""Small, transparent solvers: L1, L2, Huber and quantile regression, (sub)gradient methods,
the Lasso and Ridge.

Every solver returns a small frozen result object (coefficients, intercept, iteration count,
convergence information) so that chapters can inspect and plot it without the solver knowing
about plots. Modules are named by topic, as in ``datasets``, ``experiments`` and ``plotting``:
``robust`` (least squares, LAD, Huber), ``shrinkage`` ((sub)gradient and proximal gradient
descent), ``sparse`` (the Lasso, its cross-validation and the elastic net), ``l2_penalty``
(Ridge), ``quantile``. This package re-exports their public names.
"""

from l1tutor.solvers import convergence, l2_penalty, quantile, robust, shrinkage, sparse
from l1tutor.solvers.convergence import *  # noqa: F403
from l1tutor.solvers.l2_penalty import *  # noqa: F403
from l1tutor.solvers.quantile import *  # noqa: F403
from l1tutor.solvers.robust import *  # noqa: F403
from l1tutor.solvers.shrinkage import *  # noqa: F403
from l1tutor.solvers.sparse import *  # noqa: F403

__all__ = (
    convergence.__all__
    + robust.__all__
    + quantile.__all__
    + shrinkage.__all__
    + sparse.__all__
    + l2_penalty.__all__
)
