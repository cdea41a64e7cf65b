"""l1tutor: L1 loss, the L1 penalty and their relatives, small and tested.

The package behind the book "L1 Loss, executable". Modules:

* :mod:`l1tutor.losses`: L1, L2, Huber and pinball (quantile) losses with their gradients.
* :mod:`l1tutor.datasets`: the source text's worked example and seeded data generators.
* :mod:`l1tutor.solvers`: regression, (sub)gradient and Lasso solvers.
* :mod:`l1tutor.prox`: proximal operators (soft-thresholding).
* :mod:`l1tutor.experiments`: the seeded simulations behind the chapters' conclusions.
* :mod:`l1tutor.plotting`: the book's figures (they draw; the math lives elsewhere).
* :mod:`l1tutor.symbolic`: exact subdifferentials with SymPy.
* :mod:`l1tutor.notebook`: gluing rounded numbers into the book's prose.

The numerical core (``losses``, ``prox``, ``solvers``, ``datasets``) needs only NumPy and SciPy.
``plotting`` (matplotlib), ``experiments``, ``symbolic`` (SymPy) and ``notebook`` are imported
on first use, so ``import l1tutor`` stays light and works without matplotlib.
"""

import importlib
from types import ModuleType

from l1tutor import datasets, losses, prox, solvers
from l1tutor._checks import FloatRangeError
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

_ON_DEMAND = ("experiments", "notebook", "plotting", "symbolic")


def __getattr__(name: str) -> ModuleType:
    # PEP 562: ``l1tutor.plotting`` imports the module the first time it is used.
    if name in _ON_DEMAND:
        return importlib.import_module(f"l1tutor.{name}")
    raise AttributeError(f"module 'l1tutor' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_ON_DEMAND))


__all__ = [
    "FloatRangeError",
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
    "notebook",
    "pinball_grad",
    "pinball_loss",
    "plotting",
    "prox",
    "solvers",
    "source_example",
    "symbolic",
]
