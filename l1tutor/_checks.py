"""Input checks shared by the package: every error names the argument and what was wrong."""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Iterable
from typing import Literal, overload

import numpy as np
from numpy.typing import ArrayLike

REDUCTIONS = ("mean", "sum", "none")


class InvalidParameterError(ValueError, TypeError):
    """A scalar option of the wrong type: catchable as ``TypeError`` or as ``ValueError``.

    scikit-learn's parameter validation makes the same choice, so callers that guard a call with
    either exception type see the error.
    """


class FloatRangeError(FloatingPointError, ValueError):
    """Finite inputs whose result lies beyond the floating-point range (about 1.8e308).

    A ``ValueError`` too, since the remedy is the caller's: rescale the inputs it names.
    """


def as_float_array(x: ArrayLike, name: str) -> np.ndarray:
    """Return ``x`` as a floating-point array, rejecting non-numeric data.

    Integers, booleans excluded, become float64; float32 stays float32 (and
    float16 is promoted to float32) so that callers keep the caller's precision.

    Examples
    --------
    >>> as_float_array([1, 2], "y_true").dtype
    dtype('float64')
    >>> as_float_array(["a"], "y_true")
    Traceback (most recent call last):
    ...
    TypeError: y_true must hold real numbers, got dtype <U1
    """
    if isinstance(x, np.ma.MaskedArray):
        # np.asarray would silently drop the mask and compute with the hidden values.
        raise TypeError(
            f"{name} is a masked array, whose mask would be ignored: pass "
            f"{name}.compressed() or {name}.filled(value) instead"
        )
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise TypeError(f"{name} must be a rectangular array of real numbers: {exc}") from None
    kind = arr.dtype.kind
    if kind in "iu":
        return arr.astype(np.float64)
    if kind == "f":
        return arr.astype(np.float32) if arr.dtype.itemsize < 4 else arr
    raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")


def check_finite(x: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` naming ``name`` if ``x`` holds NaN or infinity.

    Examples
    --------
    >>> check_finite(np.array([1.0, np.nan]), "y_pred")
    Traceback (most recent call last):
    ...
    ValueError: y_pred contains NaN (first at index (1,))
    """
    bad = ~np.isfinite(x)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        what = "NaN" if np.isnan(x[index]) else "infinity"
        if x.ndim == 0:
            raise ValueError(f"{name} is {what}")
        raise ValueError(f"{name} contains {what} (first at index {index})")


def check_vector(values: ArrayLike, name: str, *, allow_inf: bool = False) -> np.ndarray:
    """``values`` as a non-empty 1-D float64 array of finite numbers (a scalar is one value).

    ``allow_inf`` lets +-infinity through, for parameters where it has a meaning (a
    t distribution with ``df = inf`` is Gaussian); NaN never passes.

    Examples
    --------
    >>> check_vector([[0.1, 0.2]], "fractions")
    Traceback (most recent call last):
    ...
    ValueError: fractions must be a 1-D list of numbers, got shape (1, 2)
    """
    arr = np.atleast_1d(as_float_array(values, name).astype(np.float64, copy=False))
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D list of numbers, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must hold at least one value, got none")
    if allow_inf:
        if np.isnan(arr).any():
            raise ValueError(
                f"{name} contains NaN (first at index {int(np.argmax(np.isnan(arr)))})"
            )
    else:
        check_finite(arr, name)
    return arr


def check_same_shape(a: np.ndarray, b: np.ndarray, names: tuple[str, str]) -> None:
    """Require identical shapes: (n,) against (n, 1) would silently broadcast to (n, n)."""
    if a.shape != b.shape:
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same shape, got {a.shape} and {b.shape}"
        )
    if a.size == 0:
        raise ValueError(f"{names[0]} and {names[1]} are empty (shape {a.shape})")


def check_choice(value: object, name: str, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise ``ValueError`` listing them.

    Examples
    --------
    >>> check_choice("avg", "reduction", REDUCTIONS)
    Traceback (most recent call last):
    ...
    ValueError: reduction must be one of 'mean', 'sum', 'none', got 'avg'
    """
    if not isinstance(value, str) or value not in choices:
        valid = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {valid}, got {value!r}")
    return value


def check_matrix(X: ArrayLike, name: str = "X") -> np.ndarray:
    """Return ``X`` as a finite 2-D float64 array (a 1-D input gets a reshape hint)."""
    X = as_float_array(X, name).astype(np.float64, copy=False)
    if X.ndim != 2:
        hint = f"; for a single feature use {name}.reshape(-1, 1)" if X.ndim == 1 else ""
        raise ValueError(
            f"{name} must be 2-D of shape (n_samples, n_features), got shape {X.shape}{hint}"
        )
    check_finite(X, name)
    return X


def check_Xy(X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Return a finite float64 design ``X`` (n, p) and target ``y`` (n,) for the solvers.

    Examples
    --------
    >>> X, y = check_Xy([[1, 2], [3, 4]], [5, 6])
    >>> X.dtype, X.shape, y.shape
    (dtype('float64'), (2, 2), (2,))
    """
    X = check_matrix(X, "X")
    y = as_float_array(y, "y").astype(np.float64, copy=False)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D of shape (n_samples,), got shape {y.shape}")
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"X and y must have the same number of rows, got {X.shape[0]} and {y.shape[0]}: "
            f"X.shape[0] = {X.shape[0]} and len(y) = {y.shape[0]}"
        )
    check_finite(y, "y")
    return X, y


def check_one_feature(X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Return the single feature of ``X`` (shape (n, 1)) and ``y`` (shape (n,)), both finite.

    Examples
    --------
    >>> check_one_feature([[1.0], [2.0]], [3.0, 4.0])
    (array([1., 2.]), array([3., 4.]))
    >>> check_one_feature([[1.0], [2.0]], [3.0])
    Traceback (most recent call last):
    ...
    ValueError: y must have shape (2,) like the rows of X, got (1,)
    """
    X = as_float_array(X, "X")
    if X.ndim != 2 or X.shape[1] != 1:
        raise ValueError(f"X must have shape (n, 1), got {X.shape}")
    y = as_float_array(y, "y")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) like the rows of X, got {y.shape}")
    check_finite(X, "X")
    check_finite(y, "y")
    return X[:, 0], y


def check_type(value: object, name: str, expected: type | tuple[type, ...]) -> None:
    """Raise ``TypeError`` naming ``name`` unless ``value`` is an instance of ``expected``.

    Examples
    --------
    >>> check_type([1.0], "result", dict)
    Traceback (most recent call last):
    ...
    TypeError: result must be a dict, got list
    """
    if not isinstance(value, expected):
        kinds = expected if isinstance(expected, tuple) else (expected,)
        wanted = " or ".join(f"a {kind.__name__}" for kind in kinds)
        raise TypeError(f"{name} must be {wanted}, got {type(value).__name__}")


def check_result(
    value: object,
    name: str,
    expected: type | tuple[type, ...],
    *,
    allow_inf: tuple[str, ...] = (),
) -> None:
    """Require a result object of type ``expected`` whose numbers are all finite.

    The solvers never return NaN or an infinite coefficient; a result that holds one was built
    or edited by hand, and a figure drawn from it would silently leave lines out. Fields in
    ``allow_inf`` may hold infinities (the Gaussian level ``df = inf`` of a heavy-tail sweep).

    Examples
    --------
    >>> import dataclasses
    >>> @dataclasses.dataclass
    ... class Fit:
    ...     coef: np.ndarray
    >>> check_result(Fit(np.array([1.0, np.nan])), "fit", Fit)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: fit.coef holds NaN or an infinity (at flat index 1): pass a result as ...
    """
    check_type(value, name, expected)
    for field in dataclasses.fields(value):  # type: ignore[arg-type]
        _check_numbers(getattr(value, field.name), f"{name}.{field.name}", field.name in allow_inf)


def _check_numbers(value: object, where: str, allow_inf: bool) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _check_numbers(item, f"{where}[{key!r}]", allow_inf)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_numbers(item, f"{where}[{i}]", allow_inf)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _check_numbers(getattr(value, field.name), f"{where}.{field.name}", allow_inf)
    elif (
        isinstance(value, np.ndarray | float | np.floating) and np.asarray(value).dtype.kind == "f"
    ):
        numbers = np.asarray(value).ravel()
        bad = np.isnan(numbers) if allow_inf else ~np.isfinite(numbers)
        if bad.any():
            what = "NaN" if allow_inf else "NaN or an infinity"
            raise ValueError(
                f"{where} holds {what} (at flat index {int(np.flatnonzero(bad)[0])}): pass a "
                "result as the solvers return it"
            )


def check_items(values: object, name: str, item_type: type) -> list:
    """``values`` as a list whose entries are all of ``item_type`` (a string is not a list).

    Examples
    --------
    >>> check_items(["bmi", 3], "feature_names", str)
    Traceback (most recent call last):
    ...
    TypeError: feature_names[1] must be a str, got int
    """
    unordered = isinstance(values, str | bytes | dict | set)  # a str would give its letters
    matrix = isinstance(values, np.ndarray) and values.ndim != 1
    if unordered or matrix or not isinstance(values, Iterable):
        raise TypeError(
            f"{name} must be a list of {item_type.__name__}, got {type(values).__name__}"
        )
    items = list(values)
    for i, item in enumerate(items):
        check_type(item, f"{name}[{i}]", item_type)
    return items


def check_names(names: object, name: str, count: int) -> list[str]:
    """``names`` as a list of exactly ``count`` strings (one label per feature)."""
    items = check_items(names, name, str)
    if len(items) != count:
        raise ValueError(f"{name} must have one name per feature ({count}), got {len(items)}")
    return items


def check_mask(mask: ArrayLike, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """``mask`` as a boolean array of ``shape`` (NumPy booleans only: 0.5 or NaN is no answer)."""
    if isinstance(mask, np.ma.MaskedArray):
        raise TypeError(
            f"{name} is a masked array, whose mask would be ignored: pass a plain array"
        )
    try:
        arr = np.asarray(mask)
    except ValueError as exc:  # ragged nested lists
        raise TypeError(f"{name} must be a rectangular array of True or False: {exc}") from None
    if arr.dtype.kind != "b":
        raise TypeError(f"{name} must hold True or False, got dtype {arr.dtype}")
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape} like y, got {arr.shape}")
    return arr


def check_pair(value: object, name: str) -> tuple[float, float]:
    """``value`` as two finite real numbers, e.g. a (slope, intercept) pair."""
    unordered = isinstance(value, str | bytes | dict | set)
    scalar_array = isinstance(value, np.ndarray) and value.ndim == 0
    if unordered or scalar_array or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a pair of numbers, got {type(value).__name__}")
    items = list(value)
    if len(items) != 2:
        raise ValueError(f"{name} must be a pair of numbers, got {len(items)} values")
    return check_scalar(items[0], f"{name}[0]"), check_scalar(items[1], f"{name}[1]")


def check_label(value: object, name: str) -> str:
    """``value`` if it is a string (an axis label, a title)."""
    check_type(value, name, str)
    return str(value)


def check_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is ``True`` or ``False`` (a NumPy boolean too), else raise.

    A truthy string such as ``"False"`` would otherwise switch an option on.

    Examples
    --------
    >>> check_bool(False, "fit_intercept")
    False
    >>> check_bool("False", "fit_intercept")
    Traceback (most recent call last):
    ...
    l1tutor._checks.InvalidParameterError: fit_intercept must be True or False, got 'False'
    """
    if not isinstance(value, bool | np.bool_):
        raise InvalidParameterError(f"{name} must be True or False, got {value!r}")
    return bool(value)


_CLOSED = ("both", "left", "right", "neither")


@overload
def check_scalar(
    value: object,
    name: str,
    *,
    kind: Literal["real"] = ...,
    low: float | None = ...,
    high: float | None = ...,
    closed: str = ...,
) -> float: ...


@overload
def check_scalar(
    value: object,
    name: str,
    *,
    kind: Literal["int"],
    low: float | None = ...,
    high: float | None = ...,
    closed: str = ...,
) -> int: ...


def check_scalar(
    value: object,
    name: str,
    *,
    kind: str = "real",
    low: float | None = None,
    high: float | None = None,
    closed: str = "both",
) -> float | int:
    """Return ``value`` as a float (``kind="real"``) or an int (``kind="int"``) within bounds.

    The one scalar check of the package, in the spirit of scikit-learn's ``check_scalar``: a
    real value must be a finite real number (NumPy scalars included, booleans refused), an
    integer value an integral number; ``low`` and ``high`` bound it, inclusive at the ends
    that ``closed`` names (``"both"``, ``"left"``, ``"right"`` or ``"neither"``).

    Raises
    ------
    InvalidParameterError
        ``value`` is of the wrong type (catchable as ``TypeError`` and as ``ValueError``).
    ValueError
        ``value`` is not finite or out of bounds; the message names ``name`` and the bounds.

    Examples
    --------
    >>> check_scalar(3, "n_samples", kind="int", low=2)
    3
    >>> check_scalar(0.9, "quantile", low=0.0, high=1.0, closed="neither")
    0.9
    >>> check_scalar(-1.0, "delta", low=0.0, closed="neither")
    Traceback (most recent call last):
    ...
    ValueError: delta must be a finite number > 0, got -1.0
    >>> check_scalar("abc", "seed", kind="int", low=0)
    Traceback (most recent call last):
    ...
    l1tutor._checks.InvalidParameterError: seed must be an integer >= 0, got 'abc'
    """
    if kind not in ("real", "int") or closed not in _CLOSED:
        raise ValueError(f"check_scalar: unknown kind {kind!r} or closed {closed!r}")
    left = closed in ("both", "left")
    right = closed in ("both", "right")
    if kind == "int":
        wanted = "an integer" + _bounds(low, high, left, right)
        if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
            raise InvalidParameterError(f"{name} must be {wanted}, got {value!r}")
        number: float | int = int(value)
    else:
        # Two bounds read as "between 0 and 1", which already says finite.
        wanted = (
            _bounds(low, high, left, right).lstrip()
            if low is not None and high is not None
            else "a finite number" + _bounds(low, high, left, right)
        )
        if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
            raise InvalidParameterError(
                f"{name} must be a real number, got {type(value).__name__} {value!r}"
            )
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{name} must be {wanted}, got {number}")
    too_low = low is not None and (number < low if left else number <= low)
    too_high = high is not None and (number > high if right else number >= high)
    if too_low or too_high:
        raise ValueError(f"{name} must be {wanted}, got {number!r}")
    return number


def _bounds(low: float | None, high: float | None, left: bool, right: bool) -> str:
    """Words for the bounds of :func:`check_scalar`'s messages."""
    if low is not None and high is not None:
        if left and right:
            return f" between {low:.12g} and {high:.12g}"
        if not left and not right:
            return f" strictly between {low:.12g} and {high:.12g}"
        return f" in {'[' if left else '('}{low:.12g}, {high:.12g}{']' if right else ')'}"
    if low is not None:
        return f" {'>=' if left else '>'} {low:.12g}"
    if high is not None:
        return f" {'<=' if right else '<'} {high:.12g}"
    return ""


def check_generated(*arrays: np.ndarray, **params: object) -> None:
    """Raise a ValueError naming ``params`` if a generator's output is not finite.

    Examples
    --------
    >>> check_generated(np.array([1.0, np.inf]), noise=1e308)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: the generated data overflow the floating-point range (inf or NaN): noise=1e+308 ...
    """
    if not all(np.isfinite(a).all() for a in arrays):
        named = ", ".join(f"{name}={value!r}" for name, value in params.items())
        raise ValueError(
            f"the generated data overflow the floating-point range (inf or NaN): {named} "
            "are too extreme together"
        )


def seeded_rng(seed: object) -> np.random.Generator:
    """A new NumPy generator for ``seed``, an integer >= 0 (the one seed type the book uses).

    Examples
    --------
    >>> float(seeded_rng(0).uniform()) == float(np.random.default_rng(0).uniform())
    True
    >>> seeded_rng("abc")
    Traceback (most recent call last):
    ...
    l1tutor._checks.InvalidParameterError: seed must be an integer >= 0, got 'abc'
    """
    return np.random.default_rng(check_scalar(seed, "seed", kind="int", low=0))


def check_sample_weight(sample_weight: ArrayLike, n_rows: int) -> np.ndarray:
    """Validate one non-negative, finite weight per row, not all zero; return float64 weights."""
    w = as_float_array(sample_weight, "sample_weight").astype(np.float64, copy=False)
    if w.ndim != 1 or w.shape[0] != n_rows:
        raise ValueError(
            f"sample_weight must have one weight per row, shape ({n_rows},), got shape {w.shape}"
        )
    check_finite(w, "sample_weight")
    if (w < 0).any():
        first = int(np.argmax(w < 0))
        raise ValueError(f"sample_weight must be non-negative, got {w[first]} at index {first}")
    if not (w > 0).any():
        raise ValueError("sample_weight must not be all zero")
    return w
