"""Tests of l1tutor.losses: exact values, properties, oracles, gradients and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import mean_absolute_error, mean_pinball_loss, mean_squared_error

from l1tutor import losses
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
