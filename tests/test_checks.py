"""Tests of l1tutor._checks.check_scalar, the one scalar check behind every public function."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from l1tutor._checks import InvalidParameterError, check_scalar

CLOSED = ["both", "left", "right", "neither"]


@given(
    value=st.floats(-10, 10),
    low=st.floats(-5, 5),
    width=st.floats(0, 5),
    closed=st.sampled_from(CLOSED),
)
def test_a_real_value_passes_exactly_when_it_is_inside_the_bounds(value, low, width, closed):
    high = low + width
    left = value >= low if closed in ("both", "left") else value > low
    right = value <= high if closed in ("both", "right") else value < high
    if left and right:
        assert check_scalar(value, "x", low=low, high=high, closed=closed) == value
    else:
        with pytest.raises(ValueError, match="x must be"):
            check_scalar(value, "x", low=low, high=high, closed=closed)


@pytest.mark.parametrize(
    "value", [3, np.int64(3), np.uint8(3), np.float32(3.0), Fraction(3, 1), 3.0]
)
def test_numbers_of_every_real_type_are_accepted(value):
    assert check_scalar(value, "x") == 3.0
    assert type(check_scalar(value, "x")) is float


@pytest.mark.parametrize("value", [3, np.int64(3), np.int32(3), np.uint8(3)])
def test_integers_of_every_integral_type_are_accepted(value):
    assert check_scalar(value, "n", kind="int", low=1) == 3
    assert type(check_scalar(value, "n", kind="int", low=1)) is int


@pytest.mark.parametrize(
    ("value", "kwargs", "exc", "match"),
    [
        (True, {}, InvalidParameterError, "x must be a real number, got bool True"),
        (np.bool_(False), {}, InvalidParameterError, "x must be a real number"),
        ("1", {}, InvalidParameterError, "x must be a real number, got str '1'"),
        (None, {}, InvalidParameterError, "x must be a real number, got NoneType"),
        (1 + 2j, {}, InvalidParameterError, "x must be a real number, got complex"),
        (math.nan, {}, ValueError, "x must be a finite number, got nan"),
        (math.inf, {"low": 0.0}, ValueError, "x must be a finite number >= 0, got inf"),
        (0.0, {"low": 0.0, "closed": "neither"}, ValueError, "x must be a finite number > 0"),
        (2.0, {"high": 1.0}, ValueError, "x must be a finite number <= 1, got 2.0"),
        (
            1.0,
            {"low": 0.0, "high": 1.0, "closed": "neither"},
            ValueError,
            "x must be strictly between 0 and 1, got 1.0",
        ),
        (1.5, {"low": 0.0, "high": 1.0}, ValueError, "x must be between 0 and 1, got 1.5"),
        (1.0, {"low": 0.0, "high": 1.0, "closed": "left"}, ValueError, r"x must be in \[0, 1\)"),
        (2.5, {"kind": "int", "low": 1}, InvalidParameterError, "n must be an integer >= 1"),
        (True, {"kind": "int", "low": 0}, InvalidParameterError, "n must be an integer >= 0"),
        (0, {"kind": "int", "low": 1}, ValueError, "n must be an integer >= 1, got 0"),
        (
            9,
            {"kind": "int", "low": 1, "high": 8},
            ValueError,
            "n must be an integer between 1 and 8, got 9",
        ),
    ],
)
def test_bad_values_are_named_with_their_bounds(value, kwargs, exc, match):
    name = "n" if kwargs.get("kind") == "int" else "x"
    with pytest.raises(exc, match=match):
        check_scalar(value, name, **kwargs)


def test_a_type_error_is_catchable_as_either_exception():
    with pytest.raises(TypeError):
        check_scalar("a", "x")
    with pytest.raises(ValueError):
        check_scalar("a", "x")
