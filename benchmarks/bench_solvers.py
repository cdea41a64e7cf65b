"""LAD and quantile regression against their peers on the same data in the same run.

(The Lasso's rows are in ``bench_lasso.py``.)

* ``lad_regression`` against ``QuantileRegressor(quantile=0.5, alpha=0, solver="highs")``,
  which solves the primal LP with 2n + 2p variables, and ``quantile_regression`` at tau = 0.9
  the same way (and at n = 10^5 against its ``highs-ipm`` solver); pinball objectives must
  agree to 1e-6 relative.
* ``lad_regression``'s default interior point against its ``method="simplex"`` and against R
  quantreg's ``rq.fit.fnb`` (Frisch-Newton, what ``rq(method = "fn")`` runs) and, from
  n = 10^5 on, ``rq.fit.pfn`` (the same with Portnoy and Koenker's preprocessing, what
  ``rq(method = "pfn")`` runs) on the same data, when ``Rscript`` and quantreg are installed
  (Debian: ``r-cran-quantreg``); the rows say "not available" otherwise.

Run ``python benchmarks/bench_solvers.py`` (a few minutes: R's ``rq.fit.fnb`` takes seconds
per run at n = 10^6) or with ``--quick``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness
import numpy as np
from harness import Row, Sample

from l1tutor import solvers

AREA = "solvers"
LAD_RATIO = 1 / 10
LAD_RTOL = 1e-6
# The interior point against the simplex of the same function, and against R quantreg's.
IPM_VS_SIMPLEX = 1 / 2
IPM_VS_R = 1.5
# quantreg's Frisch-Newton without and with the Portnoy-Koenker preprocessing.
BOTH_R = ("rq.fit.fnb", "rq.fit.pfn")
# QuantileRegressor takes about 7 s at n = 10^4: one run of it (the ratio is so far
# from the target that the noise of one run cannot flip the verdict).
QR_RUNS = 1


def _lp_row(
    case: str,
    measured: Sample,
    baseline_name: str,
    baseline: Sample,
    limit: float,
    diff: float,
    runs: str,
) -> Row:
    """A row of an L1 or pinball fit: timed, and checked for the same objective (``diff``)."""
    return Row(
        AREA,
        case,
        measured,
        baseline_name,
        baseline,
        limit,
        checks_ok=diff <= LAD_RTOL,
        note=f"objective rel. diff {diff:.0e}; {runs}",
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
    X, y = harness.regression_data(n, p, seed=3, heavy_tails=True)
    fits, t = harness.timed_with_results({"ours": ours_fit}, repeats)
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
    runs = f"{repeats} runs, baseline {qr_runs}"
    return _lp_row(case, t["ours"], baseline, Sample.of(seconds), LAD_RATIO, diff, runs)


def _lad_methods_row(n: int, p: int, repeats: int) -> Row:
    """``lad_regression``'s interior point against its own simplex method, on the same data."""
    X, y = harness.regression_data(n, p, seed=3, heavy_tails=True)
    fits, t = harness.timed_with_results(
        {
            "interior": lambda: solvers.lad_regression(X, y),
            "simplex": lambda: solvers.lad_regression(X, y, method="simplex"),
        },
        repeats,
    )
    diff = abs(fits["interior"].objective - fits["simplex"].objective) / fits["simplex"].objective
    return _lp_row(
        f"lad_regression interior point, n={n} p={p}",
        t["interior"],
        "lad_regression(method='simplex')",
        t["simplex"],
        IPM_VS_SIMPLEX,
        diff,
        f"{repeats} runs each",
    )


# rq.fit.fnb is quantreg's Frisch-Newton interior point, what rq(..., method = "fn") calls;
# rq.fit.pfn adds the preprocessing, on subsamples drawn by R's generator (seeded here).
R_QUANTREG = """
suppressMessages(library(quantreg))
v <- readBin("{data}", "double", {n} * ({p} + 1), endian = "little")
m <- matrix(v, nrow = {n}, byrow = TRUE)
y <- m[, 1]; Z <- cbind(1, m[, -1])
set.seed(0)
fit <- {function}(Z, y, tau = 0.5)
cat(replicate({repeats}, system.time({function}(Z, y, tau = 0.5))[["elapsed"]]), "\\n")
cat(format(sum(abs(y - Z %*% fit$coefficients)), digits = 17), "\\n")
"""


def _r_quantreg(
    X: np.ndarray, y: np.ndarray, repeats: int, function: str
) -> tuple[list[float], float] | str:
    """Seconds of R quantreg's ``function`` (``"rq.fit.fnb"``, ``"rq.fit.pfn"``) on the same
    data and its objective, or why not."""
    if shutil.which("Rscript") is None:
        return "R is not installed (apt-get install r-base-core r-cran-quantreg)"
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data.bin"
        np.column_stack([y, X]).astype("<f8").tofile(data)
        script = R_QUANTREG.format(
            data=data, n=X.shape[0], p=X.shape[1], repeats=repeats, function=function
        )
        result = subprocess.run(
            ["Rscript", "-e", script], capture_output=True, text=True, timeout=900
        )
    if result.returncode != 0:
        reason = " ".join(result.stderr.split())[-200:]
        return f"R quantreg failed or is missing (apt-get install r-cran-quantreg): {reason}"
    times, objective = result.stdout.strip().splitlines()
    return [float(v) for v in times.split()], float(objective)


def _lad_against_r_rows(n: int, p: int, repeats: int, functions: tuple[str, ...]) -> list[Row]:
    """``lad_regression`` (interior point) against each of R quantreg's ``functions`` on the
    same data; ours is timed once for all of them, and not at all if R is missing."""
    X, y = harness.regression_data(n, p, seed=3, heavy_tails=True)
    case = f"lad_regression interior point, n={n} p={p}"
    peers = {function: _r_quantreg(X, y, repeats, function) for function in functions}
    if any(not isinstance(r, str) for r in peers.values()):
        fits, t = harness.timed_with_results(
            {"ours": lambda: solvers.lad_regression(X, y)}, repeats
        )
    rows = []
    for function, r in peers.items():
        baseline = f"R quantreg {function}"
        if isinstance(r, str):
            rows.append(Row(AREA, case, None, baseline, limit=IPM_VS_R, note=f"not available: {r}"))
            continue
        seconds, theirs = r
        diff = abs(fits["ours"].objective - theirs) / theirs
        runs = f"{repeats} runs each, R timed by system.time"
        rows.append(_lp_row(case, t["ours"], baseline, Sample.of(seconds), IPM_VS_R, diff, runs))
    return rows


def run(quick: bool = False) -> list[Row]:
    repeats = harness.QUICK_REPEATS if quick else 7
    lad = (400, 5) if quick else (10_000, 20)
    large = (2_000, 5) if quick else (100_000, 20)
    qr_runs = harness.QUICK_REPEATS if quick else QR_RUNS
    against_r = (
        [(2_000, 5, BOTH_R)]
        if quick
        else [
            (10_000, 10, ("rq.fit.fnb",)),
            (100_000, 10, BOTH_R),
            (100_000, 50, BOTH_R),
            (1_000_000, 10, BOTH_R),
        ]
    )
    return [
        _quantile_row(*lad, None, repeats, qr_runs),
        _quantile_row(*lad, 0.9, repeats, qr_runs),
        # At n = 10^5 scikit-learn's default simplex takes minutes; its interior-point solver
        # is its fastest option there. One run each: both take seconds.
        _quantile_row(*large, 0.9, 1 if not quick else repeats, qr_runs, "highs-ipm"),
        _lad_methods_row(*((2_000, 5) if quick else (10_000, 10)), repeats),
        *(
            row
            for n, p, functions in against_r
            for row in _lad_against_r_rows(n, p, repeats, functions)
        ),
    ]


if __name__ == "__main__":
    harness.main(run, __doc__, sys.argv[1:])
