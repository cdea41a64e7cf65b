"""Seeded regression problems shared by the tests of the Lasso and Ridge solvers."""

from __future__ import annotations

import numpy as np


def problem(n, p, k=3, *, seed=0, noise=0.5, offset=3.0):
    """A random problem with k true nonzeros, columns of different scales and nonzero means."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) * rng.uniform(0.5, 2.0, p) + rng.uniform(-1, 1, p)
    w = np.zeros(p)
    w[rng.choice(p, size=min(k, p), replace=False)] = rng.uniform(1, 2, min(k, p))
    y = X @ w + noise * rng.standard_normal(n) + offset
    return X, y
