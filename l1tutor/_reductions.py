r"""The machinery behind :mod:`l1tutor.losses`: blocked, threaded, exactly rounded reductions.

A loss is three formulas of the prediction error :math:`e = \hat y - y`, the residual with
its sign flipped (:class:`LossKernels`); this
module turns them into a loss value or gradient for arrays that ``losses`` has already checked.
Solvers that evaluate a loss many times on arrays they built themselves call :func:`total` and
:func:`gradient` directly, skipping the checks of the public functions.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from l1tutor._checks import FloatRangeError, check_finite

# Reductions stream the inputs in blocks of this many bytes: the residual block stays in cache
# while it is reduced, and blocks are large enough to amortise the per-call overhead of the NumPy
# kernels (benchmarks/bench_losses.py measures the choice).
BLOCK_BYTES = 2**20
# Dot products run as one BLAS call per row of ROW elements (np.vecdot over a 2-D view): short
# enough for OpenBLAS to stay on one thread (its own threads were erratic on a busy machine) and
# for float32 partial sums to stay accurate, long enough for full SIMD speed.
ROW = 1024
# From this many elements on, unweighted reductions run on two threads (NumPy releases the GIL
# inside its kernels). Starting a thread costs about 60 microseconds.
PARALLEL_MIN = 2**20
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
# Float64 inputs up to this size are reduced as a single block (see one_block_sum).
ONE_BLOCK = BLOCK_BYTES // 8

# A pointwise function of the prediction error r = y_pred - y_true and the loss's parameter (Huber's
# delta, the pinball loss's quantile; unused by L1 and L2) that may overwrite r.
_Pointwise = Callable[[np.ndarray, float], np.ndarray]
# The sum of a loss over a 1-D block of residuals r, given a scratch array shaped like r; both
# may be overwritten.
_BlockSum = Callable[[np.ndarray, np.ndarray, float], float]


@dataclass(frozen=True)
class LossKernels:
    """The formulas of one loss: elementwise values, the sum over a block, the derivative."""

    pointwise: _Pointwise
    block_sum: _BlockSum
    derivative: _Pointwise


def dot(a: np.ndarray, b: np.ndarray | None = None) -> float:
    """``sum(a * b)``, or ``sum(a)`` without ``b``, for 1-D arrays of equal length.

    One BLAS dot product per row of ``ROW`` elements; a row of ones stands in for a missing
    ``b`` (faster than ``a.sum()``, notably in float32).
    """
    # np.add.reduce is what ndarray.sum calls, minus a Python-level wrapper (0.2 us per call).
    split = a.size - a.size % ROW
    if split == 0:  # one short row: no views to build (small inputs, the tail of a block)
        return float(np.add.reduce(a) if b is None else np.dot(a, b))
    total = float(np.add.reduce(a[split:]) if b is None else np.dot(a[split:], b[split:]))
    rows_b = np.ones(ROW, a.dtype) if b is None else b[:split].reshape(-1, ROW)
    return total + float(np.add.reduce(np.vecdot(a[:split].reshape(-1, ROW), rows_b)))


def _residual(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    """``p - t`` as a writable array, also for 0-d inputs (where NumPy returns a scalar)."""
    r = np.empty(t.shape, dtype=np.result_type(t, p))
    np.subtract(p, t, out=r)
    return r


def _name_non_finite(t: np.ndarray, p: np.ndarray, what: str = "loss") -> None:
    """Called only when a result is not finite: find the input to blame, else report overflow."""
    check_finite(t, "y_true")
    check_finite(p, "y_pred")
    raise FloatRangeError(
        f"the {what} of y_true and y_pred overflows the floating-point range although both are "
        f"finite (largest magnitudes {float(np.abs(t).max()):.3g} and "
        f"{float(np.abs(p).max()):.3g}): rescale them"
    )


def _row_weights(w: np.ndarray, ndim: int, dtype: np.dtype) -> np.ndarray:
    return w.astype(dtype, copy=False).reshape((-1,) + (1,) * (ndim - 1))


def _denominator(t: np.ndarray, w: np.ndarray | None) -> float:
    if w is None:
        return float(t.size)
    return float(w.sum()) * (t.size // t.shape[0])


def _exact_total(partial: list[float]) -> float:
    """The exactly rounded sum of the block sums: the same bits on every Python version.

    ``math.fsum`` raises where the total is not finite (``inf - inf``, an intermediate
    overflow); NaN then stands for it, and the caller diagnoses the inputs.
    """
    try:
        return math.fsum(partial)
    except (OverflowError, ValueError):
        return math.nan


def _blocked_sum(block_sum: _BlockSum, t: np.ndarray, p: np.ndarray, param: float) -> float:
    """Sum of ``block_sum`` over the residual ``p - t`` of 1-D arrays, one block at a time.

    Large inputs get a second thread. Both threads take the next block as they become free, so a
    thread that another process keeps waiting does less of the work instead of delaying the
    result. Block sums are kept per block and added by ``math.fsum`` (exactly rounded), so the
    result depends neither on which thread did which block nor on the Python version (the
    built-in ``sum`` of floats became compensated in Python 3.12).
    """
    dtype = np.result_type(t, p)
    step = min(t.size, BLOCK_BYTES // dtype.itemsize)
    starts = range(0, t.size, step)
    partial = [0.0] * len(starts)
    pending = iter(enumerate(starts))
    lock = threading.Lock()

    def work() -> None:
        r, scratch = np.empty(step, dtype), np.empty(step, dtype)
        # errstate is per thread; a non-finite total is diagnosed by the caller.
        with np.errstate(over="ignore", invalid="ignore"):
            while True:
                with lock:
                    block = next(pending, None)
                if block is None:
                    return
                i, start = block
                size = min(step, t.size - start)
                np.subtract(p[start : start + size], t[start : start + size], out=r[:size])
                partial[i] = block_sum(r[:size], scratch[:size], param)

    if t.size < PARALLEL_MIN or CORES < 2:
        work()
        return _exact_total(partial)
    errors: list[BaseException] = []

    def helper() -> None:
        try:
            work()
        except BaseException as exc:  # re-raised in the calling thread
            errors.append(exc)

    thread = threading.Thread(target=helper, name="l1tutor-loss")
    thread.start()
    work()
    thread.join()
    if errors:
        raise errors[0]
    return _exact_total(partial)


# As a decorator errstate costs half of what a with-block costs (0.8 us against 1.6 us), and it
# stays thread-safe: each call keeps its own token.
@np.errstate(over="ignore", invalid="ignore")
def one_block_sum(kernels: LossKernels, t: np.ndarray, p: np.ndarray, param: float = 0.0) -> float:
    """:func:`_blocked_sum` of float64 arrays of one shape with at most ``ONE_BLOCK`` elements.

    ``_blocked_sum`` reduces such inputs in one block: the same residual goes to the same
    ``block_sum``, so the result has the same bits, without the buffers, the lock and the
    exact total of a single value. A NaN or infinity in the inputs makes it non-finite, for the
    caller to diagnose.
    """
    r = np.subtract(p, t)
    if r.ndim > 1:
        r = r.reshape(-1)
    return kernels.block_sum(r, np.empty(r.size), param)


def _weighted_sum(
    pointwise: _Pointwise, t: np.ndarray, p: np.ndarray, w: np.ndarray, param: float
) -> float:
    """``sum_i w_i sum_j loss_ij`` over the rows ``i`` (first axis), in blocks of whole rows."""
    rows_t = t.reshape(t.shape[0], -1)
    rows_p = p.reshape(rows_t.shape)
    dtype = np.result_type(t, p)
    step = max(1, BLOCK_BYTES // dtype.itemsize // rows_t.shape[1])
    buffer = np.empty((min(step, rows_t.shape[0]), rows_t.shape[1]), dtype=dtype)
    partial = []
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, rows_t.shape[0], step):
            stop = min(start + step, rows_t.shape[0])
            r = np.subtract(rows_p[start:stop], rows_t[start:stop], out=buffer[: stop - start])
            partial.append(dot(w[start:stop], pointwise(r, param).sum(axis=1, dtype=np.float64)))
    return _exact_total(partial)


def total(
    kernels: LossKernels,
    t: np.ndarray,
    p: np.ndarray,
    w: np.ndarray | None,
    reduction: str,
    param: float = 0.0,
) -> float | np.ndarray:
    """The loss of checked arrays (see ``losses._prepare``): no validation happens here."""
    if reduction == "none":
        with np.errstate(over="ignore", invalid="ignore"):
            values = kernels.pointwise(_residual(t, p), param)
            if w is not None:
                values *= _row_weights(w, values.ndim, values.dtype)
        if not np.isfinite(values).all():
            _name_non_finite(t, p)
        return values
    if w is None:
        result = _blocked_sum(kernels.block_sum, t.reshape(-1), p.reshape(-1), param)
    else:
        result = _weighted_sum(kernels.pointwise, t, p, w, param)
    # A NaN or infinity in the inputs makes the total non-finite: only then scan the inputs.
    if not math.isfinite(result):
        _name_non_finite(t, p)
    return result / _denominator(t, w) if reduction == "mean" else result


def gradient(
    kernels: LossKernels,
    t: np.ndarray,
    p: np.ndarray,
    w: np.ndarray | None,
    reduction: str,
    param: float = 0.0,
) -> np.ndarray:
    """The gradient of :func:`total` with respect to ``p``, for checked arrays."""
    with np.errstate(over="ignore", invalid="ignore"):
        r = _residual(t, p)
    # The derivative may be finite for infinite residuals (sign(inf) == 1): check the residual.
    if not np.isfinite(r).all():
        _name_non_finite(t, p)
    with np.errstate(over="ignore", invalid="ignore"):
        g = kernels.derivative(r, param)
        if w is not None:
            g *= _row_weights(w, g.ndim, g.dtype)
        if reduction == "mean":
            g /= g.dtype.type(_denominator(t, w))
    if not np.isfinite(g).all():  # 2 r or a weight times a slope can overflow
        _name_non_finite(t, p, "gradient")
    return g
