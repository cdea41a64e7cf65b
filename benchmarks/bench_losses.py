"""Loss kernels: l1_loss, l2_loss and huber_loss against the cost of reading their inputs.

The baseline "floor" is ``y_true.sum() + y_pred.sum()``: one pass over both inputs, which no
reduction of the two can beat. Also compared: the naive NumPy expression
``np.mean(np.abs(y_true - y_pred))`` (at n = 1000 also ``np.mean((y_true - y_pred) ** 2)``, for
``l2_loss``) and scikit-learn's ``mean_absolute_error``.

Run ``python benchmarks/bench_losses.py`` (about 10 s) or with ``--quick`` (a few seconds).
"""

from __future__ import annotations

import math
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import harness
import numpy as np
from harness import Row, Sample

from l1tutor import _reductions, losses

try:
    from sklearn.metrics import mean_absolute_error
except ImportError:  # the baseline is optional
    mean_absolute_error = None

AREA = "losses"
NAIVE = "naive np.mean(np.abs(y-yhat))"
NAIVE_L2 = "naive np.mean((y-yhat)**2)"
SKLEARN = "sklearn mean_absolute_error"
# Targets (ratios to the baseline unless said otherwise).
FLOOR_L1_L2 = 1.5
FLOOR_HUBER = 3.5
FASTER_THAN_NAIVE = 1 / 3
# At n = 1000, per call with every check: within 1.3x of the naive expression of the same loss,
# timed in the same run (absolute times move with the load on a shared machine). Huber has no
# one-line naive expression: its row keeps the L1 expression as baseline and the ratio it meets.
SMALL_N_RATIO = 1.3
SMALL_N_HUBER = 1.5
PEAK_BYTES = 8 * 2**20  # absolute
FLOAT32_RTOL = 1e-6
# The loss cases are cheap: more repeats than the harness default steady the medians.
REPEATS = 11

Funcs = dict[str, Callable[[], object]]


def _data(n: int, dtype: type, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y_true = rng.normal(size=n)
    return y_true.astype(dtype), (y_true + rng.normal(size=n)).astype(dtype)


@contextmanager
def _one_thread() -> Iterator[None]:
    """Disable the second thread of large reductions (an ablation: what do threads buy?)."""
    saved = _reductions.PARALLEL_MIN
    _reductions.PARALLEL_MIN = math.inf
    try:
        yield
    finally:
        _reductions.PARALLEL_MIN = saved


def _single_threaded_l1(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    with _one_thread():
        return losses.l1_loss(y_true, y_pred)


def _peak_bytes(func: Callable[[], object]) -> float:
    """Peak memory allocated while ``func`` runs, as traced by tracemalloc (NumPy reports its
    array buffers to it, from every thread)."""
    tracemalloc.start()
    try:
        func()
        return float(tracemalloc.get_traced_memory()[1])
    finally:
        tracemalloc.stop()


def _rel(a: float, b: float) -> float:
    return abs(a - b) / abs(b)


def _float64_rows(n: int, repeats: int) -> list[Row]:
    y, yhat = _data(n, np.float64)
    cases: Funcs = {
        "floor": lambda: y.sum() + yhat.sum(),
        NAIVE: lambda: np.mean(np.abs(y - yhat)),
        "l1_loss mean": lambda: losses.l1_loss(y, yhat),
        "l1_loss sum": lambda: losses.l1_loss(y, yhat, reduction="sum"),
        "l1_loss mean on one thread": lambda: _single_threaded_l1(y, yhat),
        "l2_loss mean": lambda: losses.l2_loss(y, yhat),
        "huber_loss mean": lambda: losses.huber_loss(y, yhat),
    }
    if mean_absolute_error is not None:
        cases[SKLEARN] = lambda: mean_absolute_error(y, yhat)
    t = harness.time_interleaved(cases, repeats)
    # Each fast result must agree with the naive NumPy expression of the same loss.
    r = yhat - y
    a = np.abs(r)
    naive_values = {
        "l1_loss mean": a.mean(),
        "l2_loss mean": np.mean(r * r),
        "huber_loss mean": np.mean(np.where(a <= 1.0, 0.5 * r * r, a - 0.5)),
    }
    del r, a
    errors = {
        case: _rel(float(cases[case]()), float(value)) for case, value in naive_values.items()
    }
    comparisons = [  # (case, baseline, target, note)
        ("l1_loss mean", "floor", FLOOR_L1_L2, ""),
        ("l1_loss sum", "floor", FLOOR_L1_L2, ""),
        ("l1_loss mean", NAIVE, FASTER_THAN_NAIVE, ""),
        ("l1_loss mean", SKLEARN, FASTER_THAN_NAIVE, ""),
        ("l2_loss mean", "floor", FLOOR_L1_L2, ""),
        ("huber_loss mean", "floor", FLOOR_HUBER, ""),
        (NAIVE, "floor", None, ""),
        (SKLEARN, "floor", None, ""),
        ("l1_loss mean on one thread", "floor", None, "ablation: no second thread"),
    ]
    rows = []
    for case, baseline, limit, note in comparisons:
        if case not in t or baseline not in t:
            continue  # scikit-learn missing
        err = errors.get(case) if baseline == "floor" else None
        if err is not None:
            note = f"rel. diff to naive {err:.0e}"
        rows.append(
            Row(
                AREA,
                f"{case}, n={n:.0e} float64",
                t[case],
                baseline,
                t[baseline],
                limit,
                checks_ok=err is None or err <= 1e-12,
                note=note,
                values={} if err is None else {"rel_err": err},
            )
        )
    return rows


def _float32_rows(n: int, repeats: int) -> list[Row]:
    y, yhat = _data(n, np.float32)
    y64, yhat64 = y.astype(np.float64), yhat.astype(np.float64)
    funcs = {
        losses.l1_loss: FLOOR_L1_L2,
        losses.l2_loss: FLOOR_L1_L2,
        losses.huber_loss: FLOOR_HUBER,
    }
    cases: Funcs = {"floor": lambda: y.sum() + yhat.sum()}
    cases.update({f.__name__: lambda f=f: f(y, yhat) for f in funcs})
    t = harness.time_interleaved(cases, repeats)
    rows = []
    for func, limit in funcs.items():
        err = _rel(func(y, yhat), func(y64, yhat64))
        rows.append(
            Row(
                AREA,
                f"{func.__name__} mean, n={n:.0e} float32",
                t[func.__name__],
                "float32 floor",
                t["floor"],
                limit,
                checks_ok=err <= FLOAT32_RTOL,
                note=f"rel. diff to float64 {err:.0e} (target <= {FLOAT32_RTOL:.0e})",
                values={"rel_err": err},
            )
        )
    return rows


def _small_rows(n: int, repeats: int) -> list[Row]:
    """Per-call time at small n, validation included: the fixed overhead."""
    y, yhat = _data(n, np.float64)
    cases: Funcs = {
        NAIVE: lambda: np.mean(np.abs(y - yhat)),
        NAIVE_L2: lambda: np.mean((y - yhat) ** 2),
    }
    cases.update({f.__name__: lambda f=f: f(y, yhat) for f in _LOSSES})
    t = harness.time_interleaved(cases, repeats, number=2000)
    targets = {  # (baseline, target, note)
        "l1_loss": (NAIVE, SMALL_N_RATIO, "target: 1.3x the naive expression"),
        "l2_loss": (NAIVE_L2, SMALL_N_RATIO, "target: 1.3x the naive expression"),
        "huber_loss": (NAIVE, SMALL_N_HUBER, "baseline: the L1 expression; target: what it meets"),
    }
    rows = [
        Row(AREA, f"{name} mean, n={n} per call", t[name], baseline, t[baseline], limit, note=note)
        for name, (baseline, limit, note) in targets.items()
    ]
    if mean_absolute_error is not None:
        sk = harness.time_interleaved(
            {SKLEARN: lambda: mean_absolute_error(y, yhat)}, repeats, number=100
        )
        rows.append(
            Row(
                AREA,
                f"{SKLEARN}, n={n} per call",
                sk[SKLEARN],
                NAIVE,
                t[NAIVE],
                note="fixed overhead of its input checks",
            )
        )
    return rows


def _memory_rows(n: int) -> list[Row]:
    y, yhat = _data(n, np.float64)
    naive = _peak_bytes(lambda: np.mean(np.abs(y - yhat)))
    rows = []
    for func in _LOSSES:
        peak = _peak_bytes(lambda func=func: func(y, yhat))
        rows.append(
            Row(
                AREA,
                f"{func.__name__} mean, n={n:.0e}: peak extra memory",
                Sample(peak, peak, peak, "B"),
                "naive expression",
                Sample(naive, naive, naive, "B"),
                PEAK_BYTES,
                compare="value",
                note="tracemalloc",
                values={"peak": peak, "naive": naive},
            )
        )
    return rows


_LOSSES = (losses.l1_loss, losses.l2_loss, losses.huber_loss)


def run(quick: bool = False) -> list[Row]:
    """All loss rows; ``quick`` uses n = 2^21 (still above the two-thread threshold)."""
    n = 2**21 if quick else 10**7
    repeats = harness.QUICK_REPEATS if quick else REPEATS
    return (
        _float64_rows(n, repeats)
        + _float32_rows(n, repeats)
        + _small_rows(1000, repeats)
        + _memory_rows(n)
    )


if __name__ == "__main__":
    harness.main(run, __doc__, sys.argv[1:])
