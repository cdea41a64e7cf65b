r"""Designs shared by the solvers (private): prediction, and the Lasso and Ridge centring.

The conventions they implement are listed in :mod:`l1tutor.solvers.sparse`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from l1tutor._checks import (
    FloatRangeError,
    as_float_array,
    check_bool,
    check_finite,
    check_matrix,
    check_Xy,
)


def check_design(X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    X, y = check_Xy(X, y)
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X must have at least one sample and one feature, got shape {X.shape}")
    return X, y


@dataclass(frozen=True)
class CentredProblem:
    """The centred, scaled problem, kept implicit: X_s = (X - x_mean) / scale is never formed."""

    X: np.ndarray
    y: np.ndarray  # centred
    x_mean: np.ndarray
    y_mean: float
    scale: np.ndarray

    def columns(self, idx: np.ndarray) -> np.ndarray:
        """Columns ``idx`` of X_s, as an explicit (n, len(idx)) array."""
        out = self.X[:, idx]  # a copy (fancy indexing), then modified in place
        out -= self.x_mean[idx]
        out /= self.scale[idx]
        return out

    def xt(self, v: np.ndarray) -> np.ndarray:
        """X_s^T v / n, for a vector or a matrix ``v``; exact centring via the column sums of v."""
        n = self.X.shape[0]
        out = self.X.T @ v - np.multiply.outer(self.x_mean, v.sum(axis=0))
        return out / (n * (self.scale if v.ndim == 1 else self.scale[:, None]))

    def unscale(self, w: np.ndarray) -> tuple[np.ndarray, float]:
        coef, intercept = self.unscale_columns(w[:, None])
        return coef[:, 0], float(intercept[0])

    def unscale_columns(self, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Coefficients and intercepts of the original problem, one per column of ``W``."""
        with np.errstate(over="ignore"):  # checked next
            coef = W / self.scale[:, None]
        check_coefficients(coef)
        return coef, self.y_mean - self.x_mean @ coef


def check_coefficients(coef: np.ndarray) -> None:
    """Raise if fitted coefficients lie beyond the float range (columns of X too small)."""
    if not np.isfinite(coef).all():
        raise FloatRangeError(
            "the coefficients overflow the floating-point range: the columns of X are too "
            "small for the size of y (rescale X)"
        )


def centre_and_scale(
    X: np.ndarray, y: np.ndarray, fit_intercept: bool, standardize: bool
) -> CentredProblem:
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    standardize = check_bool(standardize, "standardize")
    n, p = X.shape
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(p)
    y_mean = float(y.mean()) if fit_intercept else 0.0
    scale = np.ones(p)
    if standardize:
        # Spreads are computed on columns divided by their largest magnitude, so that columns
        # of 1e155 (whose squares overflow) or 1e-170 (whose squares underflow) still work.
        peak = np.abs(X).max(axis=0)
        peak[peak == 0] = 1.0
        unit = X / peak
        if fit_intercept:
            scale = peak * unit.std(axis=0)
            # A column whose spread is at rounding level relative to its values is constant.
            tiny = 16 * np.finfo(float).eps * np.abs(X).max(axis=0)
        else:
            scale = peak * np.sqrt(np.einsum("ij,ij->j", unit, unit) / n)
            tiny = np.zeros(p)
        bad = np.flatnonzero(scale <= tiny)
        if bad.size:
            j = int(bad[0])
            raise ValueError(
                f"X column {j} is constant (value {float(X[0, j])}) and cannot be standardized; "
                "drop it or use standardize=False"
            )
    return CentredProblem(X=X, y=y - y_mean, x_mean=x_mean, y_mean=y_mean, scale=scale)


def check_alphas(alphas: ArrayLike, *, positive: bool) -> np.ndarray:
    alphas = as_float_array(alphas, "alphas").astype(np.float64)
    if alphas.ndim != 1 or alphas.size == 0:
        raise ValueError(f"alphas must be a non-empty 1-D array, got shape {alphas.shape}")
    check_finite(alphas, "alphas")
    if positive and (alphas <= 0).any():
        raise ValueError(f"alphas must all be > 0 for the Lasso, got {alphas.min()}")
    if (alphas < 0).any():
        raise ValueError(f"alphas must all be >= 0, got {alphas.min()}")
    return np.sort(alphas)[::-1]


def predict_linear(X: ArrayLike, coef: np.ndarray, intercept: float) -> np.ndarray:
    """:math:`X w + b` for a finite ``X`` with one column per coefficient."""
    X = check_matrix(X, "X")
    if X.shape[1] != coef.shape[0]:
        raise ValueError(
            f"X must have {coef.shape[0]} columns like the data it was fitted on, "
            f"got shape {X.shape}"
        )
    return X @ coef + intercept
