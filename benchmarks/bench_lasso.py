"""The Lasso against the best of its peers on the same data in the same run, at equal accuracy.

Peers: scikit-learn's ``Lasso`` and ``lasso_path`` (coordinate descent), skglm's ``Lasso``
(working sets with Anderson-accelerated coordinate descent, Bertrand & Massias 2021), celer's
``Lasso`` (working sets with dual extrapolation, Massias et al. 2018) and R's glmnet (Friedman
et al. 2010), each where installed: ``make bench`` installs skglm and celer into its own
environment (``benchmarks/requirements.txt``); glmnet runs through ``Rscript`` when Debian's
``r-cran-glmnet`` is installed. A peer that is missing is named in the row's note.

Every solver gets the tolerance 1e-10 in its own stopping rule. Accuracy is then measured with
one formula for all: the duality gap of the returned coefficients, relative to ||y_c||^2 / n
(``relative_gap``). A row compares ``l1tutor`` with the fastest peer, and passes only if
``l1tutor``'s gap is at most that peer's (equal or better accuracy) and the time ratio meets
the target.

Run ``python benchmarks/bench_lasso.py`` (several minutes: scikit-learn alone takes about a
minute on the largest problem) or with ``--quick``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import harness
import numpy as np
from harness import Row, Sample

from l1tutor import solvers

AREA = "lasso"
# Targets: the best peer for one alpha, glmnet and scikit-learn for a path of 100 alphas.
BEST_PEER_RATIO = 1.5
PATH_GLMNET_RATIO = 2.0
PATH_SKLEARN_RATIO = 2.0
TOL = 1e-10
# A first call longer than this is not repeated (the slowest peers on the largest problems).
LONG_CALL = 20.0


def relative_gap(X: np.ndarray, y: np.ndarray, alpha: float, coef: np.ndarray) -> float:
    """The duality gap of ``coef`` for the Lasso with an intercept, over ||y_c||^2 / n.

    The intercept is profiled out by centring; the dual point is the residual scaled into the
    dual feasible set (the rule of scikit-learn, skglm and celer alike).
    """
    n = X.shape[0]
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    residual = yc - Xc @ coef
    scale = min(1.0, alpha / float(np.abs(Xc.T @ residual / n).max()))
    theta = scale * residual
    primal = residual @ residual / (2 * n) + alpha * np.abs(coef).sum()
    dual = (yc @ theta) / n - theta @ theta / (2 * n)
    return float(max(primal - dual, 0.0) / (yc @ yc / n))


# --- peers: each returns (coefficients, or the reason it cannot run) -----------------------


def _sklearn(X, y, alpha):
    from sklearn.linear_model import Lasso

    # Capped: near interpolation (p >> n, small alpha) its epochs run for many minutes; a run
    # that stops early shows in its larger gap.
    return Lasso(alpha=alpha, tol=TOL, max_iter=10_000).fit(X, y).coef_


def _skglm(X, y, alpha):
    import skglm

    return skglm.Lasso(alpha=alpha, tol=TOL, max_iter=10_000).fit(X, y).coef_


def _celer(X, y, alpha):
    import celer

    return celer.Lasso(alpha=alpha, tol=TOL, max_iter=10_000).fit(X, y).coef_


PEERS: dict[str, tuple[str, Callable]] = {
    "sklearn Lasso": ("sklearn", _sklearn),
    "skglm Lasso": ("skglm", _skglm),
    "celer Lasso": ("celer", _celer),
}


def _available(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def _warm_up_jit() -> None:
    """skglm compiles its kernels (numba) on the first call: compile them before any timing."""
    X, y = harness.regression_data(50, 20, seed=0)
    for module, func in PEERS.values():
        if _available(module):
            func(X, y, 0.1)


def _time(func: Callable[[], object], repeats: int) -> tuple[object, Sample]:
    """The result of a first call, then ``repeats`` timed calls (one if the first was long)."""
    start = time.perf_counter()
    result = func()
    first = time.perf_counter() - start
    if first > LONG_CALL:
        return result, Sample.of([first])
    return result, harness.time_interleaved({"f": func}, repeats, warmup=False)["f"]


# --- R glmnet ---------------------------------------------------------------------------------

R_GLMNET = """
suppressMessages(library(glmnet))
v <- readBin("{data}", "double", {n} * ({p} + 1), endian = "little")
m <- matrix(v, nrow = {n}, byrow = TRUE)
lambda <- readBin("{lambdas}", "double", {k}, endian = "little")
y <- m[, 1]; X <- m[, -1]
fit_it <- function() glmnet(X, y, lambda = lambda, standardize = FALSE,
                            intercept = {intercept}, thresh = 1e-14, maxit = 10^7)
t0 <- system.time(fit <- fit_it())[["elapsed"]]
# system.time counts milliseconds: fast fits are timed in batches of `inner`.
inner <- max(1, ceiling(0.2 / max(t0, 0.001)))
one <- function() system.time(for (i in 1:inner) fit_it())[["elapsed"]] / inner
cat(replicate({repeats}, one()), "\\n")
writeBin(as.vector(as.matrix(fit$beta)), "{out}", endian = "little")
"""


def _glmnet(
    X: np.ndarray, y: np.ndarray, lambdas: np.ndarray, repeats: int, *, intercept: bool
) -> tuple[Sample, np.ndarray] | str:
    """Seconds of R glmnet on the same data and lambdas, and its coefficients (p x k), or why not.

    glmnet minimises ||y - b - X w||^2 / (2n) + lambda ||w||_1 with ``standardize = FALSE``,
    the objective above; thresh = 1e-14 on its own criterion makes its gaps comparable.
    """
    if shutil.which("Rscript") is None:
        return "R is not installed (apt-get install r-base-core r-cran-glmnet)"
    n, p = X.shape
    with tempfile.TemporaryDirectory() as tmp:
        data, lam, out = Path(tmp) / "data.bin", Path(tmp) / "lambda.bin", Path(tmp) / "beta.bin"
        np.column_stack([y, X]).astype("<f8").tofile(data)
        np.asarray(lambdas, "<f8").tofile(lam)
        script = R_GLMNET.format(
            data=data,
            lambdas=lam,
            out=out,
            n=n,
            p=p,
            k=lambdas.size,
            repeats=repeats,
            intercept="TRUE" if intercept else "FALSE",
        )
        result = subprocess.run(
            ["Rscript", "-e", script], capture_output=True, text=True, timeout=1800
        )
        if result.returncode != 0:
            reason = " ".join(result.stderr.split())[-200:]
            return f"R glmnet failed or is missing (apt-get install r-cran-glmnet): {reason}"
        beta = np.fromfile(out, "<f8").reshape(lambdas.size, p).T
    return Sample.of([float(v) for v in result.stdout.split()]), beta


# --- rows -------------------------------------------------------------------------------------


def _lasso_row(n: int, p: int, divisor: int, repeats: int, *, glmnet: bool) -> Row:
    """``lasso`` at alpha_max / divisor against the fastest peer that runs here."""
    X, y = harness.regression_data(n, p, seed=1)
    alpha = solvers.lasso_alpha_max(X, y) / divisor
    case = f"lasso, {n} x {p}, alpha_max/{divisor}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the peers' convergence chatter at a tight tolerance
        ours, t_ours = _time(lambda: solvers.lasso(X, y, alpha, tol=TOL), repeats)
        measured: dict[str, tuple[Sample, float]] = {}
        missing = []
        for name, (module, func) in PEERS.items():
            if not _available(module):
                missing.append(f"{name}: not installed")
                continue
            coef, t = _time(lambda func=func: func(X, y, alpha), repeats)
            measured[name] = (t, relative_gap(X, y, alpha, coef))
    if glmnet:
        r = _glmnet(X, y, np.array([alpha]), repeats, intercept=True)
        if isinstance(r, str):
            missing.append(f"glmnet: {r}")
        else:
            measured["R glmnet"] = (r[0], relative_gap(X, y, alpha, r[1][:, 0]))
    gap = relative_gap(X, y, alpha, ours.coef)
    others = "; ".join(
        f"{k} {harness.format_quantity(t.median, 's')} gap {g:.0e}"
        for k, (t, g) in measured.items()
    )
    note = f"ours: gap {gap:.0e}, {int(np.count_nonzero(ours.coef))} nonzero; {others}"
    if missing:
        note += "; " + "; ".join(missing)
    if not measured:
        return Row(AREA, case, t_ours, limit=BEST_PEER_RATIO, note="no peer: " + note)
    best = min(measured, key=lambda k: measured[k][0].median)
    t_best, gap_best = measured[best]
    return Row(
        AREA,
        case,
        t_ours,
        best,
        t_best,
        BEST_PEER_RATIO,
        checks_ok=gap <= max(gap_best, 1e-14),
        note=note,
        values={"gap": gap, "peer_gap": gap_best},
    )


def _path_rows(n: int, p: int, repeats: int, *, glmnet: bool) -> list[Row]:
    """``lasso_path`` (100 alphas, warm starts) against scikit-learn's and glmnet's paths."""
    from sklearn.linear_model import lasso_path as sk_lasso_path

    X, y = harness.regression_data(n, p, seed=2)
    # scikit-learn's lasso_path fits no intercept: all get centred data and the same grid.
    X, y = X - X.mean(axis=0), y - y.mean()
    alpha_max = solvers.lasso_alpha_max(X, y)
    alphas = np.geomspace(alpha_max, 1e-3 * alpha_max, 100)
    case = f"lasso_path, 100 alphas, {n} x {p}"
    results, t = harness.timed_with_results(
        {
            "ours": lambda: solvers.lasso_path(X, y, alphas=alphas, fit_intercept=False, tol=TOL),
            "sklearn": lambda: sk_lasso_path(X, y, alphas=alphas, tol=TOL, max_iter=1_000_000),
        },
        repeats,
    )

    def worst_gap(coefs: np.ndarray) -> float:
        return max(relative_gap(X, y, a, coefs[:, k]) for k, a in enumerate(alphas))

    gap, gap_sk = worst_gap(results["ours"].coefs), worst_gap(results["sklearn"][1])
    rows = [
        Row(
            AREA,
            case,
            t["ours"],
            "sklearn lasso_path",
            t["sklearn"],
            PATH_SKLEARN_RATIO,
            checks_ok=gap <= max(gap_sk, 1e-14),
            note=f"eps 1e-3; largest gap: ours {gap:.0e}, sklearn {gap_sk:.0e}",
            values={"gap": gap, "peer_gap": gap_sk},
        )
    ]
    if not glmnet:
        return rows
    r = _glmnet(X, y, alphas, repeats, intercept=False)
    if isinstance(r, str):
        rows.append(
            Row(AREA, case, None, "R glmnet", limit=PATH_GLMNET_RATIO, note=f"not available: {r}")
        )
    else:
        gap_r = worst_gap(r[1])
        rows.append(
            Row(
                AREA,
                case,
                t["ours"],
                "R glmnet",
                r[0],
                PATH_GLMNET_RATIO,
                checks_ok=gap <= max(gap_r, 1e-14),
                note=f"largest gap: ours {gap:.0e}, glmnet {gap_r:.0e}; glmnet timed in R",
                values={"gap": gap, "peer_gap": gap_r},
            )
        )
    return rows


def run(quick: bool = False) -> list[Row]:
    repeats = harness.QUICK_REPEATS if quick else 5
    _warm_up_jit()
    if quick:
        shapes = [(200, 50, (10, 1000)), (100, 400, (100,))]
        paths = [(200, 50)]
    else:
        shapes = [
            (200, 50, (10, 100, 1000)),
            (10_000, 500, (10, 100, 1000)),
            (1_000, 10_000, (10, 100, 1000)),
        ]
        paths = [(200, 50), (10_000, 500)]
    # Three repeats on the largest problems, where one call takes seconds.
    rows = [
        _lasso_row(n, p, d, repeats if n * p < 10**7 else 3, glmnet=not quick)
        for n, p, divs in shapes
        for d in divs
    ]
    for n, p in paths:
        rows += _path_rows(n, p, repeats, glmnet=not quick)
    return rows


if __name__ == "__main__":
    harness.main(run, __doc__, sys.argv[1:])
