"""Small, transparent solvers: L1, L2, Huber and quantile regression, (sub)gradient methods,
the Lasso.

Every solver returns a small frozen result object (coefficients, intercept, iteration count,
convergence information) so that chapters can inspect and plot it without the solver knowing
about plots. This package re-exports the public names of its modules.
"""

from l1tutor.solvers import descent, penalized, quantile, regression
from l1tutor.solvers.descent import *  # noqa: F403
from l1tutor.solvers.penalized import *  # noqa: F403
from l1tutor.solvers.quantile import *  # noqa: F403
from l1tutor.solvers.regression import *  # noqa: F403

__all__ = regression.__all__ + quantile.__all__ + descent.__all__ + penalized.__all__
