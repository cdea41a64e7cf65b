"""Sparsity, seeded experiments: support recovery of the Lasso against Ridge."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from l1tutor.datasets.sparse import make_sparse_regression
from l1tutor.solvers.l2_penalty import ridge_path
from l1tutor.solvers.sparse import lasso_path

__all__ = ["SupportRecovery", "support_recovery"]


@dataclass(frozen=True)
class SupportRecovery:
    """Result of :func:`support_recovery`; arrays have one entry per alpha (decreasing).

    Attributes
    ----------
    alphas : numpy.ndarray
    true_positives : numpy.ndarray of int
        Truly nonzero coefficients that the Lasso estimates as nonzero.
    false_positives : numpy.ndarray of int
        Truly zero coefficients that the Lasso estimates as nonzero.
    ridge_nonzero : numpy.ndarray of int
        Nonzero Ridge coefficients at the same alpha (the scale of
        :func:`~l1tutor.solvers.l2_penalty`).
    n_informative, n_features : int
        Size of the true support and number of features.
    """

    alphas: np.ndarray
    true_positives: np.ndarray
    false_positives: np.ndarray
    ridge_nonzero: np.ndarray
    n_informative: int
    n_features: int

    @property
    def exact_recovery(self) -> np.ndarray:
        """Boolean mask of the alphas at which the Lasso support equals the true support."""
        return (self.true_positives == self.n_informative) & (self.false_positives == 0)


def support_recovery(
    *,
    n_samples: int = 50,
    n_features: int = 200,
    n_informative: int = 5,
    noise: float = 0.5,
    correlation: float = 0.0,
    n_alphas: int = 30,
    eps: float = 1e-2,
    seed: int = 0,
) -> SupportRecovery:
    r"""Which features do the Lasso and Ridge select, as alpha decreases, when p >> n?

    Draws one problem from :func:`l1tutor.datasets.make_sparse_regression`, computes the
    Lasso path on ``n_alphas`` alphas from :math:`\alpha_{\max}` down to
    ``eps`` :math:`\cdot\,\alpha_{\max}` (with an intercept), and Ridge on the same alphas, and
    counts the selected features.

    Parameters
    ----------
    n_samples, n_features, n_informative, noise, correlation, seed
        Passed to :func:`~l1tutor.datasets.make_sparse_regression`.
    n_alphas : int, default 30
    eps : float, default 1e-2
        The grid of :func:`~l1tutor.solvers.lasso_path`.

    Returns
    -------
    SupportRecovery
        True and false positives of the Lasso, nonzero counts of Ridge, per alpha.

    Examples
    --------
    >>> res = support_recovery(seed=3)
    >>> int(res.true_positives[0]), int(res.false_positives[0])  # at alpha_max: nothing
    (0, 0)
    >>> int(res.ridge_nonzero.min())  # Ridge keeps every feature at every alpha
    200
    >>> bool(res.exact_recovery.any())
    True
    """
    data = make_sparse_regression(
        n_samples, n_features, n_informative, noise=noise, correlation=correlation, seed=seed
    )
    path = lasso_path(data.X, data.y, n_alphas=n_alphas, eps=eps)
    ridge = ridge_path(data.X, data.y, path.alphas)
    selected = path.coefs != 0
    true_positives = selected[data.support].sum(axis=0)
    return SupportRecovery(
        alphas=path.alphas,
        true_positives=true_positives,
        false_positives=selected.sum(axis=0) - true_positives,
        ridge_nonzero=ridge.n_nonzero,
        n_informative=n_informative,
        n_features=n_features,
    )
