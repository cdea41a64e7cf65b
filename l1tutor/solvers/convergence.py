"""Convergence: how every solver says that it stopped before its optimality test passed.

Each result carries ``converged``; when it is False the solver also emits a
:class:`ConvergenceWarning` (a ``UserWarning``, as scikit-learn's), so that a script that never
looks at the flag still hears of it. Solvers asked to run a fixed number of iterations
(``tol=0``) have no test to pass and do not warn.
"""

from __future__ import annotations

import warnings

__all__ = ["ConvergenceWarning"]


class ConvergenceWarning(UserWarning):
    """A solver stopped before its optimality test passed; the result has ``converged=False``.

    Examples
    --------
    >>> import warnings
    >>> from l1tutor.solvers import huber_regression
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     fit = huber_regression([[0.0], [1.0], [2.0]], [0.0, 1.0, 9.0], max_iter=0)
    >>> fit.converged, caught[0].category.__name__
    (False, 'ConvergenceWarning')
    """


def warn_not_converged(solver: str, detail: str, *, depth: int = 1) -> None:
    """Emit the :class:`ConvergenceWarning` of ``solver``.

    ``depth`` counts the frames between this call and the public function, so that the warning
    points at the line of the user's code that called it.
    """
    warnings.warn(
        f"{solver} did not converge: {detail}; the result has converged=False",
        ConvergenceWarning,
        stacklevel=2 + depth,
    )
