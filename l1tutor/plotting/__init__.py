"""Figures for the book. Helpers only draw: every number they show comes from the math modules.

Each helper takes ``ax=None``, creates a figure only when no Axes is given, returns the Axes and
never calls ``plt.show()``. Colours come from the Okabe-Ito palette (``plotting.style``), which
stays distinguishable under the common forms of colour-blindness; line styles differ too, so
figures also read in greyscale. One module per topic (``losses``, ``robust``, ``shrinkage``,
``sparse``, ``quantile``, named as in ``solvers``, ``experiments`` and ``datasets``), and
``interactive`` for the animations a reader plays in the page; this package re-exports them all.
"""

from l1tutor.plotting import interactive, losses, quantile, robust, shrinkage, sparse, style
from l1tutor.plotting.interactive import *  # noqa: F403
from l1tutor.plotting.losses import *  # noqa: F403
from l1tutor.plotting.quantile import *  # noqa: F403
from l1tutor.plotting.robust import *  # noqa: F403
from l1tutor.plotting.shrinkage import *  # noqa: F403
from l1tutor.plotting.sparse import *  # noqa: F403
from l1tutor.plotting.style import *  # noqa: F403

__all__ = (
    style.__all__
    + losses.__all__
    + robust.__all__
    + shrinkage.__all__
    + sparse.__all__
    + quantile.__all__
    + interactive.__all__
)
