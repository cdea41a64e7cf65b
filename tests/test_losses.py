"""Tests of l1tutor.losses: exact values, properties, oracles, gradients and bad input."""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays
from sklearn.metrics import mean_absolute_error, mean_pinball_loss, mean_squared_error

from l1tutor import losses
from l1tutor._reductions import ONE_BLOCK, total
from l1tutor.datasets import source_example

LOSSES = {
    "l1": (losses.l1_loss, losses.l1_grad, {}),
    "l2": (losses.l2_loss, losses.l2_grad, {}),
    "huber": (losses.huber_loss, losses.huber_grad, {"delta": 1.5}),
    "pinball": (losses.pinball_loss, losses.pinball_grad, {"quantile": 0.8}),
}
LOSS_IDS = list(LOSSES)

# Magnitudes below 1e-100 become 0 so that squares of differences never underflow to 0, which
# would make comparisons such as MAE <= RMSE fail for reasons of float range, not of the losses.
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False).map(
    lambda v: 0.0 if abs(v) < 1e-100 else v
)


@st.composite
def pairs(draw, max_len=30):
    """Two float64 arrays of the same 1-D shape."""
    n = draw(st.integers(1, max_len))
    a = draw(arrays(np.float64, n, elements=finite))
    b = draw(arrays(np.float64, n, elements=finite))
    return a, b


# --- exact values -----------------------------------------------------------------------------


def test_source_worked_example_is_exactly_two():
    y_true, y_pred = source_example()
    assert losses.l1_loss(y_true, y_pred) == 2.0
    assert losses.l1_loss(y_true, y_pred, reduction="sum") == 10.0
    np.testing.assert_array_equal(
        losses.l1_loss(y_true, y_pred, reduction="none"), [2.0, 2.0, 1.0, 2.0, 3.0]
    )


def test_source_outlier_example():
    assert losses.l1_loss([1000], [10]) == 990.0
    assert losses.l2_loss([1000], [10]) == 980100.0


# (function, y_true, y_pred, kwargs, expected) computed by hand.
HAND_VALUES = [
    (losses.l1_loss, [0, 0], [1, -3], {}, 2.0),
    (losses.l1_loss, [0, 0], [1, -3], {"reduction": "sum"}, 4.0),
    (losses.l2_loss, [0, 0], [1, -3], {}, 5.0),
    (losses.l2_loss, [1, 2, 3], [1, 2, 5], {"reduction": "sum"}, 4.0),
    (losses.huber_loss, [0, 0], [0.5, -3.0], {}, (0.125 + 2.5) / 2),
    (losses.huber_loss, [0, 0], [0.5, -3.0], {"delta": 2.0}, (0.125 + 4.0) / 2),
    (losses.l1_loss, [0, 0], [1, 3], {"sample_weight": [3, 1]}, (3 * 1 + 3) / 4),
    (losses.l1_loss, [[0, 0], [0, 0]], [[1, 2], [4, 6]], {"sample_weight": [1, 3]}, 33 / 8),
    (losses.l1_loss, 3, 5, {}, 2.0),
]


@pytest.mark.parametrize("func, y_true, y_pred, kwargs, expected", HAND_VALUES)
def test_hand_computed_values(func, y_true, y_pred, kwargs, expected):
    assert func(y_true, y_pred, **kwargs) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("name", LOSS_IDS)
def test_mean_and_sum_return_python_floats_and_none_an_array(name):
    loss, _, kw = LOSSES[name]
    y_true, y_pred = source_example()
    assert type(loss(y_true, y_pred, **kw)) is float
    assert type(loss(y_true, y_pred, reduction="sum", **kw)) is float
    out = loss(y_true, y_pred, reduction="none", **kw)
    assert isinstance(out, np.ndarray) and out.shape == y_true.shape


def test_lists_tuples_and_integers_are_computed_in_floating_point():
    assert losses.l1_loss((1, 2), [2, 4]) == 1.5
    out = losses.l2_loss(np.array([1, 2]), np.array([2, 5]), reduction="none")
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [1.0, 9.0])


def test_l1_grad_is_zero_at_the_kink():
    g = losses.l1_grad([1.0, 2.0, 3.0], [1.0, 5.0, 0.0])
    np.testing.assert_array_equal(g, [0.0, 1 / 3, -1 / 3])


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(pairs())
def test_l1_metric_properties(ab):
    a, b = ab
    value = losses.l1_loss(a, b)
    assert value >= 0
    assert (value == 0) == np.array_equal(a, b)
    assert value == losses.l1_loss(b, a)


@settings(max_examples=60, deadline=None)
@given(pairs(), arrays(np.float64, 30, elements=finite))
def test_l1_triangle_inequality(ab, c_full):
    a, b = ab
    c = c_full[: a.size]
    lhs = losses.l1_loss(a, c)
    rhs = losses.l1_loss(a, b) + losses.l1_loss(b, c)
    assert lhs <= rhs * (1 + 1e-12) + 1e-12


@settings(max_examples=60, deadline=None)
@given(pairs(), finite, st.floats(-100, 100, allow_nan=False))
def test_l1_translation_invariance_and_homogeneity(ab, shift, scale):
    a, b = ab
    base = losses.l1_loss(a, b)
    # a + t - (b + t) rounds differently from a - b: allow a few ulps of the operands.
    ulp = 8 * np.finfo(float).eps * (np.abs(a).max() + np.abs(b).max() + abs(shift))
    assert losses.l1_loss(a + shift, b + shift) == pytest.approx(base, abs=ulp)
    assert losses.l1_loss(scale * a, scale * b) == pytest.approx(abs(scale) * base, rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(pairs())
def test_mae_is_at_most_rmse_and_huber_is_between(ab):
    a, b = ab
    l1, l2 = losses.l1_loss(a, b), losses.l2_loss(a, b)
    assert l1 <= math.sqrt(l2) * (1 + 1e-12)
    delta = 2.0
    h = losses.huber_loss(a, b, delta=delta)
    assert h <= l2 / 2 * (1 + 1e-12) + 1e-300
    assert h <= delta * l1 * (1 + 1e-12) + 1e-300


@pytest.mark.parametrize("name", LOSS_IDS)
@settings(max_examples=40, deadline=None)
@given(ab=pairs())
def test_sum_is_mean_times_size_and_none_sums_to_sum(name, ab):
    loss, _, kw = LOSSES[name]
    a, b = ab
    total = loss(a, b, reduction="sum", **kw)
    assert total == pytest.approx(loss(a, b, **kw) * a.size, rel=1e-12)
    assert loss(a, b, reduction="none", **kw).sum() == pytest.approx(total, rel=1e-12)


@pytest.mark.parametrize("name", LOSS_IDS)
@settings(max_examples=40, deadline=None)
@given(
    data=st.data(),
    n=st.integers(1, 12),
    k=st.integers(1, 3),
)
def test_integer_weights_equal_repeated_rows(name, data, n, k):
    loss, _, kw = LOSSES[name]
    a = data.draw(arrays(np.float64, (n, k), elements=finite))
    b = data.draw(arrays(np.float64, (n, k), elements=finite))
    counts = data.draw(arrays(np.int64, n, elements=st.integers(0, 4)).filter(lambda c: c.any()))
    weighted = loss(a, b, sample_weight=counts, **kw)
    repeated = loss(np.repeat(a, counts, axis=0), np.repeat(b, counts, axis=0), **kw)
    assert weighted == pytest.approx(repeated, rel=1e-12, abs=1e-300)


def test_median_minimises_l1_and_mean_minimises_l2_of_a_constant():
    y = np.array([1.0, 2.0, 2.5, 7.0, 40.0])
    grid = np.linspace(0, 41, 4101)
    l1 = [losses.l1_loss(y, np.full_like(y, c)) for c in grid]
    l2 = [losses.l2_loss(y, np.full_like(y, c)) for c in grid]
    assert grid[int(np.argmin(l1))] == pytest.approx(np.median(y))
    assert grid[int(np.argmin(l2))] == pytest.approx(np.mean(y), abs=0.01)


# --- agreement with scikit-learn --------------------------------------------------------------


@pytest.mark.parametrize("shape", [(40,), (40, 3)], ids=["1d", "multi-output"])
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize(
    "ours, oracle",
    [(losses.l1_loss, mean_absolute_error), (losses.l2_loss, mean_squared_error)],
    ids=["mae", "mse"],
)
def test_agrees_with_scikit_learn(ours, oracle, shape, weighted):
    rng = np.random.default_rng(0)
    y_true = rng.normal(size=shape)
    y_pred = rng.standard_t(3, size=shape)
    w = rng.uniform(0, 3, size=shape[0]) if weighted else None
    expected = oracle(y_true, y_pred, sample_weight=w, multioutput="uniform_average")
    assert ours(y_true, y_pred, sample_weight=w) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("quantile", [0.05, 0.25, 0.5, 0.9, 0.999])
@pytest.mark.parametrize("shape", [(40,), (40, 3)], ids=["1d", "multi-output"])
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
def test_pinball_agrees_with_scikit_learn(quantile, shape, weighted):
    rng = np.random.default_rng(1)
    y_true = rng.normal(size=shape)
    y_pred = rng.standard_t(3, size=shape)
    w = rng.uniform(0, 3, size=shape[0]) if weighted else None
    expected = mean_pinball_loss(
        y_true, y_pred, alpha=quantile, sample_weight=w, multioutput="uniform_average"
    )
    got = losses.pinball_loss(y_true, y_pred, quantile=quantile, sample_weight=w)
    assert got == pytest.approx(expected, rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(ab=pairs(), weights=st.booleans(), reduction=st.sampled_from(["mean", "sum", "none"]))
def test_pinball_at_one_half_is_exactly_half_the_l1_loss(ab, weights, reduction):
    a, b = ab
    w = np.arange(1.0, a.size + 1) if weights else None
    half = losses.pinball_loss(a, b, quantile=0.5, reduction=reduction, sample_weight=w)
    l1 = losses.l1_loss(a, b, reduction=reduction, sample_weight=w)
    np.testing.assert_array_equal(half, np.multiply(l1, 0.5))
    g_half = losses.pinball_grad(a, b, quantile=0.5, reduction=reduction, sample_weight=w)
    g_l1 = losses.l1_grad(a, b, reduction=reduction, sample_weight=w)
    np.testing.assert_array_equal(g_half, 0.5 * g_l1)


@settings(max_examples=60, deadline=None)
@given(
    y=arrays(np.float64, st.integers(1, 25), elements=st.floats(-1e3, 1e3)),
    quantile=st.floats(0.01, 0.99),
)
def test_the_best_constant_under_the_pinball_loss_is_a_quantile(y, quantile):
    # The loss of a constant c is convex and piecewise linear with kinks at the data, so its
    # minimum over all c is its minimum over the data points; the lower tau-quantile (the
    # smallest y_k with at least a fraction tau of the points at or below it) attains it.
    def cost(c):
        return losses.pinball_loss(y, np.full_like(y, c), quantile=quantile, reduction="sum")

    best = min(cost(c) for c in y)
    q = float(np.quantile(y, quantile, method="inverted_cdf"))
    assert cost(q) <= best + 1e-9 * max(1.0, best)


def test_pinball_asymmetry_by_hand():
    # Ten units under the target cost tau * 10, ten units over cost (1 - tau) * 10.
    got = losses.pinball_loss([100.0, 100.0], [90.0, 110.0], quantile=0.9, reduction="none")
    np.testing.assert_allclose(got, [9.0, 1.0], rtol=1e-15)
    assert losses.pinball_loss([3.0], [3.0], quantile=0.3) == 0.0
    g = losses.pinball_grad([0.0, 0.0, 0.0], [-1.0, 0.0, 2.0], quantile=0.25, reduction="sum")
    np.testing.assert_array_equal(g, [-0.25, 0.0, 0.75])
    g32 = losses.pinball_grad(np.zeros(3, np.float32), np.ones(3, np.float32), quantile=0.25)
    assert g32.dtype == np.float32


@pytest.mark.parametrize(
    ("quantile", "exc"),
    [
        (0.0, ValueError),
        (1.0, ValueError),
        (-0.1, ValueError),
        (1.5, ValueError),
        (math.nan, ValueError),
        ("0.5", TypeError),
        (True, TypeError),
        (None, TypeError),
    ],
)
@pytest.mark.parametrize("func", [losses.pinball_loss, losses.pinball_grad])
def test_bad_quantile_is_named(func, quantile, exc):
    with pytest.raises(exc, match="quantile"):
        func(GOOD, GOOD, quantile=quantile)


# --- gradients --------------------------------------------------------------------------------


def _central_difference(f, x, h):
    """4th-order central difference of a scalar function f at every coordinate of x."""
    g = np.empty_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (-f(x + 2 * e) + 8 * f(x + e) - 8 * f(x - e) + f(x - 2 * e)) / (12 * h)
    return g


@pytest.mark.parametrize("name", LOSS_IDS)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
def test_gradients_match_finite_differences_away_from_kinks(name, reduction, weighted):
    loss, grad, kw = LOSSES[name]
    rng = np.random.default_rng(1)
    y_true = rng.normal(size=(6, 2))
    # Residuals of size 0.2..3 in both signs: away from 0 (L1 kink) and from +-delta (Huber).
    r = rng.choice([-1, 1], size=(6, 2)) * rng.uniform(0.2, 3.0, size=(6, 2))
    r[np.abs(np.abs(r) - 1.5) < 0.05] += 0.1
    y_pred = y_true + r
    w = rng.uniform(0.5, 2, size=6) if weighted else None

    def f(p):
        return loss(y_true, p, reduction=reduction, sample_weight=w, **kw)

    expected = _central_difference(f, y_pred, 1e-3)
    got = grad(y_true, y_pred, reduction=reduction, sample_weight=w, **kw)
    assert got.shape == y_pred.shape
    np.testing.assert_allclose(got, expected, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", LOSS_IDS)
def test_none_gradient_is_elementwise_derivative(name):
    _, grad, kw = LOSSES[name]
    y_true, y_pred = source_example()
    summed = grad(y_true, y_pred, reduction="sum", **kw)
    np.testing.assert_array_equal(grad(y_true, y_pred, reduction="none", **kw), summed)
    np.testing.assert_allclose(grad(y_true, y_pred, **kw), summed / y_true.size, rtol=1e-15)


# --- precision, memory layout, blocks ---------------------------------------------------------


@pytest.mark.parametrize("name", LOSS_IDS)
def test_float32_keeps_float32_and_is_accumulated_accurately(name):
    loss, grad, kw = LOSSES[name]
    rng = np.random.default_rng(2)
    n = 3 * 2**17 + 11  # several blocks and a ragged tail
    y_true = rng.normal(size=n).astype(np.float32)
    y_pred = (y_true + rng.normal(size=n)).astype(np.float32)
    assert loss(y_true, y_pred, reduction="none", **kw).dtype == np.float32
    assert grad(y_true, y_pred, **kw).dtype == np.float32
    exact = loss(y_true.astype(np.float64), y_pred.astype(np.float64), **kw)
    assert loss(y_true, y_pred, **kw) == pytest.approx(exact, rel=1e-6)


@pytest.mark.parametrize("name", LOSS_IDS)
def test_large_strided_and_weighted_inputs_match_a_direct_computation(name):
    loss, _, kw = LOSSES[name]
    rng = np.random.default_rng(3)
    y_true = rng.normal(size=(2 * 2**16 + 5, 3))
    y_pred = rng.normal(size=(3, 2 * 2**16 + 5)).T  # Fortran-ordered view
    w = rng.uniform(0, 2, size=y_true.shape[0])
    elementwise = loss(y_true, y_pred, reduction="none", **kw)
    assert loss(y_true, y_pred, **kw) == pytest.approx(elementwise.mean(), rel=1e-12)
    expected = (w[:, None] * elementwise).sum() / (w.sum() * 3)
    assert loss(y_true, y_pred, sample_weight=w, **kw) == pytest.approx(expected, rel=1e-12)


# --- bad input --------------------------------------------------------------------------------

GOOD = np.arange(5.0)
BAD_INPUTS = [
    (
        "shape (n,) vs (n,1)",
        {"y_pred": GOOD.reshape(-1, 1)},
        ValueError,
        r"same shape.*\(5,\).*\(5, 1\)",
    ),
    ("different lengths", {"y_pred": GOOD[:4]}, ValueError, "y_true and y_pred"),
    ("empty", {"y_true": [], "y_pred": []}, ValueError, "empty"),
    ("nan in y_true", {"y_true": [1.0, np.nan, 2, 3, 4]}, ValueError, "y_true contains NaN"),
    ("inf in y_pred", {"y_pred": [1.0, 2, np.inf, 3, 4]}, ValueError, "y_pred contains infinity"),
    ("complex", {"y_pred": GOOD + 1j}, TypeError, "y_pred must hold real numbers"),
    ("strings", {"y_true": list("abcde")}, TypeError, "y_true must hold real numbers"),
    ("booleans", {"y_true": GOOD > 2}, TypeError, "y_true"),
    ("ragged", {"y_true": [[1, 2], [3]]}, TypeError, "y_true"),
    (
        "negative weight",
        {"sample_weight": [1, -1, 1, 1, 1]},
        ValueError,
        "sample_weight must be non-negative",
    ),
    (
        "zero weights",
        {"sample_weight": np.zeros(5)},
        ValueError,
        "sample_weight must not be all zero",
    ),
    ("weights too short", {"sample_weight": [1, 1]}, ValueError, r"sample_weight.*\(5,\)"),
    (
        "nan weight",
        {"sample_weight": [1, np.nan, 1, 1, 1]},
        ValueError,
        "sample_weight contains NaN",
    ),
    (
        "unknown reduction",
        {"reduction": "avg"},
        ValueError,
        "reduction must be one of 'mean', 'sum', 'none'",
    ),
    ("reduction not a string", {"reduction": None}, ValueError, "reduction"),
    (
        "weights on a scalar",
        {"y_true": 1.0, "y_pred": 2.0, "sample_weight": [1.0]},
        ValueError,
        "sample_weight",
    ),
]


@pytest.mark.parametrize("name", LOSS_IDS)
@pytest.mark.parametrize("func_kind", ["loss", "grad"])
@pytest.mark.parametrize("case, override, exc, match", BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_raises_a_clear_error(name, func_kind, case, override, exc, match):
    loss, grad, kw = LOSSES[name]
    func = loss if func_kind == "loss" else grad
    args = {"y_true": GOOD, "y_pred": GOOD + 1.0, **kw, **override}
    with pytest.raises(exc, match=match):
        func(**args)


@pytest.mark.parametrize("func", [losses.huber_loss, losses.huber_grad])
@pytest.mark.parametrize(
    "delta, exc", [(0.0, ValueError), (-1.0, ValueError), (np.inf, ValueError), ("1", TypeError)]
)
def test_bad_delta(func, delta, exc):
    with pytest.raises(exc, match="delta"):
        func(GOOD, GOOD, delta=delta)


def test_overflow_of_finite_input_is_an_error_not_inf():
    with pytest.raises(FloatingPointError, match="overflow"):
        losses.l2_loss([1e200], [-1e200])
    with pytest.raises(FloatingPointError, match="overflow"):
        losses.l1_grad([1.7e308], [-1.7e308])


# --- the unchecked path of small float64 arrays -----------------------------------------------
# l1_loss, l2_loss and huber_loss skip the checks for plain float64 arrays of one shape with at
# most ONE_BLOCK elements, unweighted "mean" and "sum", and run them only when the total is not
# finite. These tests hold that path to the checked one: same bits, same errors.

UNCHECKED = {"l1": losses.L1, "l2": losses.L2, "huber": losses.HUBER}
any_float = st.floats(width=64)  # NaN, infinities, subnormals and 1.8e308 included


def _checked(name, y_true, y_pred, reduction):
    """The loss through _prepare's checks and the blocked kernel, as before the shortcut."""
    param = LOSSES[name][2].get("delta", 0.0)
    return total(UNCHECKED[name], *losses._prepare(y_true, y_pred, reduction, None), param)


def _outcome(func):
    """The type and exact bits of the value returned, or the type and message of the error."""
    try:
        value = func()
    except (ValueError, TypeError) as exc:
        return type(exc), str(exc)
    return type(value), value.hex()


@pytest.fixture
def checked_calls(monkeypatch):
    """The argument tuples of every call of losses._prepare (the checked path)."""
    calls = []
    prepare = losses._prepare

    def spy(*args):
        calls.append(args)
        return prepare(*args)

    monkeypatch.setattr(losses, "_prepare", spy)
    return calls


@pytest.mark.parametrize("name", list(UNCHECKED))
@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    shape=array_shapes(min_dims=1, max_dims=3, max_side=6),
    reduction=st.sampled_from(["mean", "sum"]),
)
def test_unchecked_path_gives_the_bits_and_errors_of_the_checked_path(name, data, shape, reduction):
    loss, _, kw = LOSSES[name]
    y_true = data.draw(arrays(np.float64, shape, elements=any_float), label="y_true")
    y_pred = data.draw(arrays(np.float64, shape, elements=any_float), label="y_pred")
    before = y_true.copy(), y_pred.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # overflow in the residual is not reported as a warning
        got = _outcome(lambda: loss(y_true, y_pred, reduction=reduction, **kw))
    assert got == _outcome(lambda: _checked(name, y_true, y_pred, reduction))
    np.testing.assert_array_equal(y_true, before[0])  # the residual is a new array
    np.testing.assert_array_equal(y_pred, before[1])


@pytest.mark.parametrize("name", list(UNCHECKED))
@pytest.mark.parametrize("n", [1000, 1023, 1024, 1025, 5000, ONE_BLOCK])  # around ROW = 1024
@pytest.mark.parametrize("scale", [1.0, 1e-200, 1e150])
def test_unchecked_path_matches_the_checked_path_up_to_one_block(name, n, scale, checked_calls):
    loss, _, kw = LOSSES[name]
    rng = np.random.default_rng(n)
    y_true = scale * rng.normal(size=n)
    y_pred = y_true + scale * rng.standard_t(2, size=n)
    for reduction in ("mean", "sum"):
        got = _outcome(lambda r=reduction: loss(y_true, y_pred, reduction=r, **kw))
        assert got == _outcome(lambda r=reduction: _checked(name, y_true, y_pred, r))
    if scale < 1e100:  # 1e150 overflows L2, which sends the call to the checked path
        assert len(checked_calls) == 2  # those of _checked only


@pytest.mark.parametrize("name", list(UNCHECKED))
@pytest.mark.parametrize("argument", ["y_true", "y_pred"])
@pytest.mark.parametrize(
    "bad, word", [(np.nan, "NaN"), (np.inf, "infinity"), (-np.inf, "infinity")]
)
@pytest.mark.parametrize("shape, index", [((1000,), (637,)), ((20, 50), (12, 7))])
def test_non_finite_float64_arrays_are_named(name, argument, bad, word, shape, index):
    loss, _, kw = LOSSES[name]
    args = {"y_true": np.zeros(shape), "y_pred": np.full(shape, 0.5)}
    args[argument][index] = bad
    message = f"{argument} contains {word} (first at index {index})"
    with pytest.raises(ValueError, match=re.escape(message)):
        loss(**args, **kw)


@pytest.mark.parametrize("name", list(UNCHECKED))
def test_unchecked_path_refuses_what_the_checks_refuse(name):
    loss, _, kw = LOSSES[name]
    y = np.zeros(1000)
    with pytest.raises(ValueError, match=re.escape("same shape, got (1000,) and (1000, 1)")):
        loss(y, y.reshape(-1, 1), **kw)
    with pytest.raises(ValueError, match="empty"):
        loss(np.zeros(0), np.zeros(0), **kw)
    with pytest.raises(ValueError, match="reduction must be one of"):
        loss(y, y, reduction=np.array("mean"), **kw)  # equal to "mean", but not a str
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(FloatingPointError, match="overflow"):
            loss(np.full(1000, 1e306), np.full(1000, -1e306), reduction="sum", **kw)


X_CHECKED = np.random.default_rng(5).normal(size=(40, 25))


class _Subclass(np.ndarray):
    """A plain ndarray subclass, which could carry behaviour the checks must see."""


def _read_only(a):
    a = a.copy()
    a.flags.writeable = False
    return a


# Inputs that must go through _prepare, as functions (np.matrix warns when it is created).
CHECKED_PATH = {
    "list": lambda x: (x[0].tolist(), x[1], {}),
    "np.matrix": lambda x: (np.matrix(x), np.matrix(x + 1), {}),
    "ndarray subclass": lambda x: (x.view(_Subclass), x + 1, {}),
    "strided": lambda x: (x[:, 0], x[:, 1], {}),
    "Fortran order": lambda x: (np.asfortranarray(x), np.asfortranarray(x + 1), {}),
    "read-only": lambda x: (_read_only(x[0]), x[1], {}),
    "0-d": lambda x: (np.array(1.0), np.array(3.0), {}),
    "integers": lambda x: (np.arange(5), np.arange(5.0), {}),
    "float32": lambda x: (x.astype(np.float32), x.astype(np.float32), {}),
    "float32 and float64": lambda x: (x.astype(np.float32), x, {}),
    "big-endian": lambda x: (x.astype(">f8"), x, {}),
    "weights": lambda x: (x, x + 1, {"sample_weight": np.ones(40)}),
    "reduction none": lambda x: (x, x + 1, {"reduction": "none"}),
    "more than one block": lambda x: (np.zeros(ONE_BLOCK + 1), np.ones(ONE_BLOCK + 1), {}),
}


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
@pytest.mark.parametrize("name", list(UNCHECKED))
@pytest.mark.parametrize("case", list(CHECKED_PATH))
def test_other_inputs_take_the_checked_path(name, case, checked_calls):
    loss, _, kw = LOSSES[name]
    y_true, y_pred, extra = CHECKED_PATH[case](X_CHECKED)
    loss(y_true, y_pred, **kw, **extra)
    assert len(checked_calls) == 1


@pytest.mark.parametrize("name", list(UNCHECKED))
def test_masked_float64_arrays_are_still_refused(name):
    loss, _, kw = LOSSES[name]
    masked = np.ma.array(np.zeros(1000), mask=np.arange(1000) % 2 == 0)
    with pytest.raises(TypeError, match="y_pred is a masked array"):
        loss(np.zeros(1000), masked, **kw)


@pytest.mark.parametrize("name", list(UNCHECKED))
def test_plain_float64_arrays_skip_the_checks_and_return_python_floats(name, checked_calls):
    loss, _, kw = LOSSES[name]
    y_true, y_pred = X_CHECKED, X_CHECKED + 1
    assert type(loss(y_true, y_pred, **kw)) is float
    assert type(loss(y_true[0], y_pred[0], reduction="sum", **kw)) is float
    assert checked_calls == []


def test_huber_delta_is_still_checked_before_the_unchecked_path():
    y = np.zeros(1000)
    for delta in (np.nan, np.inf, -1.0, 0.0, True, "1"):
        with pytest.raises((ValueError, TypeError), match="delta"):
            losses.huber_loss(y, y, delta=delta)
    # An integer delta is converted as before: the same value as the float.
    assert losses.huber_loss(y, y + 3, delta=2) == losses.huber_loss(y, y + 3, delta=2.0) == 4.0


# --- the two-thread path for large inputs -----------------------------------------------------

LARGE = 2**21 + 3  # above the size where reductions split the work over two threads


@pytest.fixture(scope="module")
def large_pair():
    rng = np.random.default_rng(4)
    y_true = rng.normal(size=LARGE)
    return y_true, y_true + rng.standard_t(2, size=LARGE)


@pytest.mark.parametrize("name", LOSS_IDS)
def test_large_inputs_match_the_naive_expression_and_are_reproducible(name, large_pair):
    loss, _, kw = LOSSES[name]
    y_true, y_pred = large_pair
    naive = float(loss(y_true, y_pred, reduction="none", **kw).sum())
    first = loss(y_true, y_pred, reduction="sum", **kw)
    assert first == pytest.approx(naive, rel=1e-12)
    # Block totals are added in block order, whichever thread computed them.
    assert all(loss(y_true, y_pred, reduction="sum", **kw) == first for _ in range(3))
    exact32 = loss(y_true.astype(np.float32).astype(np.float64), y_pred.astype(np.float32), **kw)
    got32 = loss(y_true.astype(np.float32), y_pred.astype(np.float32), **kw)
    assert got32 == pytest.approx(exact32, rel=1e-6)


def test_large_input_with_a_nan_far_in_names_it(large_pair):
    y_true, y_pred = large_pair
    y_pred = y_pred.copy()
    y_pred[LARGE - 7] = np.nan
    with pytest.raises(
        ValueError, match=rf"y_pred contains NaN \(first at index \({LARGE - 7},\)\)"
    ):
        losses.l1_loss(y_true, y_pred)


def test_block_totals_are_added_exactly_so_every_python_gives_the_same_bits():
    # 24 blocks of 2**17 float64 residuals: the first block sums to 2**60, each of the other 23
    # to 64, and every block sum is exact whatever the BLAS kernel. Added one after the other
    # (the built-in sum of Python 3.11) each 64 is lost against 2**60, whose spacing is 256;
    # Python 3.12's sum compensates. The exactly rounded total is 2**60 + 1536 on every version.
    block = 2**17
    residual = np.full(24 * block, 2.0**-11)
    residual[:block] = 2.0**43
    block_sums = [2.0**60] + [64.0] * 23
    total = 0.0
    for value in block_sums:
        total += value
    assert total == 2.0**60  # what adding in order gives
    expected = 2.0**60 + 1536
    zeros = np.zeros_like(residual)
    assert losses.l1_loss(zeros, residual, reduction="sum") == expected
    assert losses.l1_loss(zeros, residual) == expected / residual.size
    weights = np.ones(residual.size)
    assert losses.l1_loss(zeros, residual, reduction="sum", sample_weight=weights) == expected


def test_a_reduction_that_overflows_between_blocks_is_an_error_not_a_crash():
    big = np.full(2**18, 1e303)  # each block sum is finite, their total is not
    with pytest.raises(FloatingPointError, match="overflow"):
        losses.l1_loss(np.zeros_like(big), big, reduction="sum")
