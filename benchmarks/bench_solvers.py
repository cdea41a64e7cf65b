"""Solvers against scikit-learn on the same data in the same run, at the same objective.

* ``lasso`` (coordinate descent) against ``sklearn.linear_model.Lasso``, and ``lasso_path``
  (100 alphas, warm starts) against ``sklearn.linear_model.lasso_path``, both with the same
  stopping tolerance on the duality gap, which both libraries scale the same way; the two
  objectives must then agree to 1e-8 relative.
* ``lad_regression`` against ``QuantileRegressor(quantile=0.5, alpha=0, solver="highs")``,
  which solves the primal LP with 2n + 2p variables, and ``quantile_regression`` at tau = 0.9
  the same way (and at n = 10^5 against its ``highs-ipm`` solver); pinball objectives must
  agree to 1e-6 relative.

Run ``python benchmarks/bench_solvers.py`` (about a minute) or with ``--quick``.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable

import harness
import numpy as np
from harness import Row, Sample

from l1tutor import solvers

AREA = "solvers"
LASSO_RATIO = 2.0
LAD_RATIO = 1 / 10
LASSO_RTOL = 1e-8
LAD_RTOL = 1e-6
# The same duality-gap tolerance for both libraries: gap <= TOL * ||y_c||^2 / n.
TOL = 1e-10
# QuantileRegressor takes about 7 s at n = 10^4: one run of it (the ratio is so far
# from the target that the noise of one run cannot flip the verdict).
QR_RUNS = 1


def _regression_data(n: int, p: int, *, seed: int, heavy_tails: bool = False):
    """X with independent normal columns, 8 true nonzero coefficients (all of them if p < 8)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    w = np.zeros(p)
    k = min(8, p)
    w[:k] = rng.choice([-1.0, 1.0], size=k) * rng.uniform(1.0, 3.0, size=k)
    noise = rng.standard_t(3, size=n) if heavy_tails else rng.normal(size=n)
    return X, X @ w + 1.0 + noise


def _lasso_objective(X, y, alpha: float, coef, intercept: float) -> float:
    residual = y - X @ coef - intercept
    return float(residual @ residual / (2 * X.shape[0]) + alpha * np.abs(coef).sum())


def _timed(cases: dict[str, Callable[[], object]], repeats: int) -> tuple[dict, dict]:
    """First call of each case (its result, and a warm-up), then interleaved timings."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn's convergence chatter at a tight tol
        results = {name: func() for name, func in cases.items()}
        return results, harness.time_interleaved(cases, repeats, warmup=False)


def _lasso_row(n: int, p: int, repeats: int) -> Row:
    from sklearn.linear_model import Lasso

    case, baseline = f"lasso (cd), {n} x {p}", "sklearn Lasso"
    X, y = _regression_data(n, p, seed=1)
    alpha = solvers.lasso_alpha_max(X, y) / 20
    sk = Lasso(alpha=alpha, tol=TOL, max_iter=100_000)
    results, t = _timed(
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
    X, y = _regression_data(n, p, seed=2)
    # scikit-learn's lasso_path fits no intercept: both get centred data and the same grid.
    X, y = X - X.mean(axis=0), y - y.mean()
    alpha_max = solvers.lasso_alpha_max(X, y)
    alphas = np.geomspace(alpha_max, 1e-3 * alpha_max, 100)
    results, t = _timed(
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


def _quantile_row(
    n: int, p: int, quantile: float | None, repeats: int, qr_runs: int, qr_solver: str = "highs"
) -> Row:
    """``lad_regression`` (``quantile=None``) or ``quantile_regression`` against scikit-learn."""
    from sklearn.linear_model import QuantileRegressor

    tau = 0.5 if quantile is None else quantile
    if quantile is None:
        case = f"lad_regression, n={n} p={p}"
        ours_fit = lambda: solvers.lad_regression(X, y)  # noqa: E731
    else:
        case = f"quantile_regression tau={quantile}, n={n} p={p}"
        ours_fit = lambda: solvers.quantile_regression(X, y, quantile=quantile)  # noqa: E731
    baseline = f"sklearn QuantileRegressor ({qr_solver})"
    X, y = _regression_data(n, p, seed=3, heavy_tails=True)
    fits, t = _timed({"ours": ours_fit}, repeats)
    qr = QuantileRegressor(quantile=tau, alpha=0.0, solver=qr_solver)
    seconds = []
    for _ in range(qr_runs):
        start = time.perf_counter()
        qr.fit(X, y)
        seconds.append(time.perf_counter() - start)

    def pinball(coef, intercept) -> float:
        u = y - X @ coef - intercept
        return float(np.maximum(tau * u, (tau - 1) * u).sum())

    ours = pinball(fits["ours"].coef, fits["ours"].intercept)
    theirs = pinball(qr.coef_, qr.intercept_)
    diff = abs(ours - theirs) / theirs
    return Row(
        AREA,
        case,
        t["ours"],
        baseline,
        Sample.of(seconds),
        LAD_RATIO,
        checks_ok=diff <= LAD_RTOL,
        note=f"pinball objective rel. diff {diff:.0e}; {repeats} runs, baseline {qr_runs}",
        values={"objective_rel_diff": diff},
    )


def run(quick: bool = False) -> list[Row]:
    repeats = harness.QUICK_REPEATS if quick else 7
    big = (500, 40) if quick else (10_000, 500)
    lad = (400, 5) if quick else (10_000, 20)
    large = (2_000, 5) if quick else (100_000, 20)
    qr_runs = harness.QUICK_REPEATS if quick else QR_RUNS
    return [
        _lasso_row(200, 50, repeats),
        _lasso_row(*big, repeats),
        _lasso_path_row(200, 50, repeats),
        _lasso_path_row(*big, repeats),
        _quantile_row(*lad, None, repeats, qr_runs),
        _quantile_row(*lad, 0.9, repeats, qr_runs),
        # At n = 10^5 scikit-learn's default simplex takes minutes; its interior-point solver
        # is its fastest option there. One run each: both take seconds.
        _quantile_row(*large, 0.9, 1 if not quick else repeats, qr_runs, "highs-ipm"),
    ]


if __name__ == "__main__":
    harness.main(run, __doc__, sys.argv[1:])
