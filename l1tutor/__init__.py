"""l1tutor: L1 loss, the L1 penalty and their relatives, small and tested.

The package behind the book "L1 Loss, executable". Modules:

* :mod:`l1tutor.losses`: L1, L2, Huber and pinball (quantile) losses with their gradients.
* :mod:`l1tutor.datasets`: the source text's worked example and seeded data generators.
* :mod:`l1tutor.solvers`: regression, (sub)gradient and Lasso solvers.
* :mod:`l1tutor.experiments`: the seeded simulations behind the chapters' conclusions.
* :mod:`l1tutor.plotting`: the book's figures (they draw; the math lives elsewhere).
"""

from l1tutor import datasets, experiments, losses, plotting, prox, solvers
from l1tutor.datasets import source_example
from l1tutor.losses import (
    huber_grad,
    huber_loss,
    l1_grad,
    l1_loss,
    l2_grad,
    l2_loss,
    pinball_grad,
    pinball_loss,
)

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "datasets",
    "experiments",
    "huber_grad",
    "huber_loss",
    "l1_grad",
    "l1_loss",
    "l2_grad",
    "l2_loss",
    "losses",
    "pinball_grad",
    "pinball_loss",
    "plotting",
    "prox",
    "solvers",
    "source_example",
]
