"""Tests of l1tutor.notebook: values recorded for the book's text, rounded as the text shows."""

from __future__ import annotations

import math

import nbformat
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from nbclient import NotebookClient

from l1tutor.notebook import glue, rounded

FORMATS = [f".{d}{k}" for d in range(0, 7) for k in "feg"] + [".0%", ".1%", ".2%"]
finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)


def _without_sign_of_zero(text: str) -> str:
    mantissa = text.split("e")[0]
    return (
        text[1:] if text.startswith("-") and not any(c in mantissa for c in "123456789") else text
    )


@given(value=finite, fmt=st.sampled_from(FORMATS))
def test_the_rounded_value_shows_the_same_text(value, fmt):
    # What the book prints with {glue:text}`name:fmt` is unchanged by rounding at the source
    # (except that a negative zero, "-0.00", loses its sign). Percentages are of fractions:
    # past 1e6 (a 1e8 % share) they would need more than a double's 17 digits.
    if fmt.endswith("%"):
        value = math.fmod(value, 1e6)
    assert format(rounded(value, fmt), fmt) == _without_sign_of_zero(format(value, fmt))


@given(value=finite, fmt=st.sampled_from([".2f", ".3f", ".1e", ".4g"]), ulps=st.integers(-4, 4))
def test_rounding_noise_in_the_last_bits_disappears(value, fmt, ulps):
    # Away from a rounding boundary, a few units in the last place change nothing.
    nearby = value
    for _ in range(abs(ulps)):
        nearby = math.nextafter(nearby, math.copysign(math.inf, ulps))
    if format(value, fmt) == format(nearby, fmt):
        assert rounded(value, fmt) == rounded(nearby, fmt)


def test_exact_results_come_out_exact():
    assert rounded(219.99999999999994, ".0f") == 220.0
    assert repr(rounded(0.09999999999999999, ".4f")) == "0.1"
    assert repr(rounded(6.051242020389318e-10, ".0e")) == "6e-10"
    assert repr(rounded(0.99997755, ".3%")) == "0.99998"


def test_negative_zero_becomes_zero():
    for value in (-0.0, -2.5e-14, -0.0004):
        assert math.copysign(1.0, rounded(value, ".3f")) == 1.0


@pytest.mark.parametrize(
    ("value", "fmt", "exc", "match"),
    [
        (1.0, "2f", ValueError, "fmt must be a float format"),
        (1.0, ".2d", ValueError, "fmt must be a float format"),
        (1.0, None, ValueError, "fmt must be a float format"),
        (math.nan, ".2f", ValueError, "value must be finite"),
        (math.inf, ".1e", ValueError, "value must be finite"),
        (True, ".2f", TypeError, "value must be a real number"),
        ("1.5", ".2f", TypeError, "value must be a real number"),
        (1 + 2j, ".2f", TypeError, "value must be a real number"),
    ],
)
def test_rounded_refuses_bad_input(value, fmt, exc, match):
    with pytest.raises(exc, match=match):
        rounded(value, fmt)


def test_glue_accepts_numpy_scalars_and_returns_nothing():
    assert glue("a", np.float32(0.1), fmt=".3f") is None
    assert glue("b", np.int64(7)) is None
    assert glue("c", np.array(3.25), fmt=".1f") is None  # 0-d arrays are scalars
    assert glue("d", "bmi, ltg") is None


@pytest.mark.parametrize(
    ("name", "value", "fmt", "exc", "match"),
    [
        ("x", 0.5, None, TypeError, "value 0.5 is a float, which needs fmt"),
        ("x", np.float64(0.5), None, TypeError, "is a float, which needs fmt"),
        ("x", 3, ".1f", TypeError, "value 3 is an integer, which is exact .* got fmt='.1f'"),
        ("x", "text", ".1f", TypeError, "value 'text' is a string, which takes no fmt"),
        ("x", True, None, TypeError, "value True is a boolean, which is not a number"),
        ("x", [1.0, 2.0], ".1f", TypeError, "must be an int, a float or a str"),
        ("x", np.array([1.0]), ".1f", TypeError, "must be an int, a float or a str"),
        ("x", 1.0, ".2", ValueError, "fmt must be a float format"),
        ("not a name", 1, None, ValueError, "name must be a Python identifier"),
        (3, 1, None, ValueError, "name must be a Python identifier"),
    ],
)
def test_glue_refuses_what_the_text_could_not_show_reproducibly(name, value, fmt, exc, match):
    with pytest.raises(exc, match=match):
        glue(name, value, fmt=fmt)


def _run(*sources: str) -> list[dict]:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    return [output for cell in nb.cells for output in cell.outputs]


@pytest.mark.kernel
def test_in_a_kernel_with_myst_nb_the_record_is_the_rounded_value():
    outputs = _run(
        "from l1tutor.notebook import glue\nglue('ch9_x', 219.99999999999994, fmt='.1f')"
    )
    records = [o for o in outputs if "scrapbook" in o.get("metadata", {})]
    assert len(records) == 1 and len(outputs) == 1  # the record only: no Out[] value
    assert records[0]["metadata"]["scrapbook"]["name"] == "ch9_x"
    assert records[0]["data"]["application/papermill.record/text/plain"] == "220.0"
    assert all(o["output_type"] != "stream" for o in outputs)  # nothing shown to the reader


@pytest.mark.kernel
def test_the_record_is_the_one_myst_nb_glue_writes_and_myst_nb_is_not_imported():
    ours, loaded, theirs = _run(
        "from l1tutor.notebook import glue\nglue('ch9_x', 0.50000000000000001, fmt='.1f')",
        "import sys\nprint('myst_nb' in sys.modules)",
        "from myst_nb import glue as myst_glue\nmyst_glue('ch9_x', 0.5, display=False)",
    )
    assert loaded["text"] == "False\n"
    assert ours == theirs


@pytest.mark.kernel
def test_in_a_kernel_without_myst_nb_nothing_is_recorded_or_shown():
    outputs = _run(
        "import sys\nsys.modules['myst_nb'] = None  # as if it were not installed",
        "from l1tutor.notebook import glue\nglue('ch9_x', 0.125, fmt='.2f')",
        "print('ran')",
    )
    assert [o.get("text") for o in outputs] == ["ran\n"]
