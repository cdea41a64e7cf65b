"""The Lasso against scikit-learn on the same data in the same run, at the same objective.

``lasso`` (coordinate descent) against ``sklearn.linear_model.Lasso``, and ``lasso_path``
(100 alphas, warm starts) against ``sklearn.linear_model.lasso_path``, both with the same
stopping tolerance on the duality gap, which both libraries scale the same way; the two
objectives must then agree to 1e-8 relative.

Run ``python benchmarks/bench_lasso.py`` or with ``--quick``.
"""

from __future__ import annotations

import sys

import harness
import numpy as np
from harness import Row

from l1tutor import solvers

AREA = "lasso"
LASSO_RATIO = 2.0
LASSO_RTOL = 1e-8
# The same duality-gap tolerance for both libraries: gap <= TOL * ||y_c||^2 / n.
TOL = 1e-10


def _lasso_objective(X, y, alpha: float, coef, intercept: float) -> float:
    residual = y - X @ coef - intercept
    return float(residual @ residual / (2 * X.shape[0]) + alpha * np.abs(coef).sum())


def _lasso_row(n: int, p: int, repeats: int) -> Row:
    from sklearn.linear_model import Lasso

    case, baseline = f"lasso (cd), {n} x {p}", "sklearn Lasso"
    X, y = harness.regression_data(n, p, seed=1)
    alpha = solvers.lasso_alpha_max(X, y) / 20
    sk = Lasso(alpha=alpha, tol=TOL, max_iter=100_000)
    results, t = harness.timed_with_results(
        {"ours": lambda: solvers.lasso(X, y, alpha, tol=TOL), "sklearn": lambda: sk.fit(X, y)},
        repeats,
    )
    ours = _lasso_objective(X, y, alpha, results["ours"].coef, results["ours"].intercept)
    theirs = _lasso_objective(X, y, alpha, sk.coef_, sk.intercept_)
    diff = abs(ours - theirs) / theirs
    return Row(
        AREA,
        case,
        t["ours"],
        baseline,
        t["sklearn"],
        LASSO_RATIO,
        checks_ok=diff <= LASSO_RTOL,
        note=f"alpha = alpha_max/20, tol {TOL:.0e}; objective rel. diff {diff:.0e}",
        values={"objective_rel_diff": diff},
    )


def _lasso_path_row(n: int, p: int, repeats: int) -> Row:
    from sklearn.linear_model import lasso_path as sk_lasso_path

    case, baseline = f"lasso_path, 100 alphas, {n} x {p}", "sklearn lasso_path"
    X, y = harness.regression_data(n, p, seed=2)
    # scikit-learn's lasso_path fits no intercept: both get centred data and the same grid.
    X, y = X - X.mean(axis=0), y - y.mean()
    alpha_max = solvers.lasso_alpha_max(X, y)
    alphas = np.geomspace(alpha_max, 1e-3 * alpha_max, 100)
    results, t = harness.timed_with_results(
        {
            "ours": lambda: solvers.lasso_path(X, y, alphas=alphas, fit_intercept=False, tol=TOL),
            "sklearn": lambda: sk_lasso_path(X, y, alphas=alphas, tol=TOL, max_iter=100_000),
        },
        repeats,
    )
    ours, theirs = results["ours"].coefs, results["sklearn"][1]
    diff = max(
        abs(
            _lasso_objective(X, y, a, ours[:, k], 0.0)
            / _lasso_objective(X, y, a, theirs[:, k], 0.0)
            - 1
        )
        for k, a in enumerate(alphas)
    )
    return Row(
        AREA,
        case,
        t["ours"],
        baseline,
        t["sklearn"],
        LASSO_RATIO,
        checks_ok=diff <= LASSO_RTOL,
        note=f"eps 1e-3, tol {TOL:.0e}; max objective rel. diff {diff:.0e}",
        values={"objective_rel_diff": diff},
    )


def run(quick: bool = False) -> list[Row]:
    repeats = harness.QUICK_REPEATS if quick else 7
    big = (500, 40) if quick else (10_000, 500)
    return [
        _lasso_row(200, 50, repeats),
        _lasso_row(*big, repeats),
        _lasso_path_row(200, 50, repeats),
        _lasso_path_row(*big, repeats),
    ]


if __name__ == "__main__":
    harness.main(run, __doc__, sys.argv[1:])
