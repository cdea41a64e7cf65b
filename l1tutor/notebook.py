"""Recording computed values for a book's text, at the precision the text shows.

The chapters quote numbers in their prose through MyST-NB's *glue*: a code cell records a value
under a name and the text pastes it with ``{glue:text}`name:.2f```. :func:`glue` is the one
way the chapters do that. It differs from ``myst_nb.glue`` in two ways:

* **Rounded at the source.** A float is stored after formatting it with the same format
  specification the text uses (``fmt=".2f"`` keeps two decimals). The stored notebook then
  holds ``0.79`` rather than ``0.7932150199524383``, whose last digits change with the CPU,
  the BLAS kernels and the library versions; the notebook tests (nbval) compare stored with
  fresh outputs, and a value must not fail them because of rounding noise. A float without
  ``fmt`` is an error, so no unrounded value can slip into a stored notebook.
* **Optional.** Without MyST-NB installed (a reader running a downloaded chapter) nothing is
  recorded and nothing is shown; the value is still checked, rounded and returned.

Reference: the ``glue`` section of the MyST-NB documentation
(https://myst-nb.readthedocs.io/en/latest/render/glue.html).
"""

from __future__ import annotations

import importlib.util
import numbers
import re
import sys
from decimal import Decimal

import numpy as np

__all__ = ["glue", "rounded"]

# A float format of the kind the prose uses: optional precision and one of f, e, g or %.
_FLOAT_FORMAT = re.compile(r"\.(\d{1,2})([efg%])")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def rounded(value: float, fmt: str) -> float:
    """``value`` rounded as ``format(value, fmt)`` shows it, as a float (``-0.0`` becomes 0.0).

    Parameters
    ----------
    value : float
        A finite real number.
    fmt : str
        A format specification ``".<digits><type>"`` with type ``f`` (decimals), ``e`` or ``g``
        (significant digits) or ``%`` (a fraction shown as a percentage).

    Returns
    -------
    float
        The number that ``format(value, fmt)`` displays, so that formatting it again with
        ``fmt`` gives the same text.

    Examples
    --------
    >>> rounded(219.99999999999994, ".1f")
    220.0
    >>> rounded(6.051242020389318e-10, ".1e")
    6.1e-10
    >>> rounded(-2.5e-14, ".3f")
    0.0
    >>> rounded(0.2857, ".1%")
    0.286
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"value must be a real number, got {type(value).__name__}")
    match = _FLOAT_FORMAT.fullmatch(fmt) if isinstance(fmt, str) else None
    if match is None:
        raise ValueError(
            f"fmt must be a float format such as '.2f', '.1e', '.3g' or '.1%', got {fmt!r}"
        )
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"value must be finite, got {number}")
    shown = format(number, fmt)
    # The number the text shows, read back (a percentage is the shown number / 100).
    number = float(Decimal(shown[:-1]) / 100) if match.group(2) == "%" else float(shown)
    return number + 0.0  # turns -0.0 into 0.0, which would print as "-0.00"


def glue(name: str, value: object, *, fmt: str | None = None) -> None:
    """Record ``value`` under ``name`` for the book's text, rounded to ``fmt``.

    Parameters
    ----------
    name : str
        The name the text refers to, a Python identifier such as ``"ch1_mae"``.
    value : int, float, str or a NumPy scalar
        What to record. Integers (NumPy integers included) and strings are recorded as they
        are; floats and 0-d float arrays need ``fmt``.
    fmt : str, optional
        The format specification the text uses for this value (``".2f"``, ``".0e"``, ...): a
        float is stored as :func:`rounded` returns it. Required for floats, refused for
        integers (which are exact) and strings.

    Returns
    -------
    None
        Nothing, so that a glue call at the end of a cell shows no output in a notebook
        (:func:`rounded` gives the stored value of a float).

    Notes
    -----
    In a Jupyter kernel with MyST-NB installed (the book's build) this displays the record that
    ``myst_nb.glue(name, value, display=False)`` displays, without importing MyST-NB (which
    loads Sphinx: seconds per chapter); anywhere else (a chapter downloaded and run without
    MyST-NB, a script) it records nothing and displays nothing.

    Examples
    --------
    >>> glue("ch1_mae", np.float64(2.0000000000000004), fmt=".1f")  # records 2.0
    >>> glue("ch2_share", 0.99, fmt=None)
    Traceback (most recent call last):
    ...
    TypeError: glue('ch2_share', ...): value 0.99 is a float, which needs fmt, the format the text
    shows (e.g. '.2f')
    """
    if not isinstance(name, str) or _NAME.fullmatch(name) is None:
        raise ValueError(f"name must be a Python identifier, got {name!r}")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    recorded: object
    if isinstance(value, bool | np.bool_):
        raise TypeError(
            f"glue({name!r}, ...): value {value!r} is a boolean, which is not a number; "
            "glue a str or an int"
        )
    if isinstance(value, numbers.Integral):
        if fmt is not None:
            raise TypeError(
                f"glue({name!r}, ...): value {value!r} is an integer, which is exact and takes no "
                f"fmt, got fmt={fmt!r}"
            )
        recorded = int(value)
    elif isinstance(value, numbers.Real):
        if fmt is None:
            raise TypeError(
                f"glue({name!r}, ...): value {value!r} is a float, which needs fmt, the format "
                "the text shows (e.g. '.2f')"
            )
        recorded = rounded(float(value), fmt)
    elif isinstance(value, str):
        if fmt is not None:
            raise TypeError(
                f"glue({name!r}, ...): value {value!r} is a string, which takes no fmt, "
                f"got fmt={fmt!r}"
            )
        recorded = str(value)  # a NumPy string would be recorded as "np.str_('...')"
    else:
        raise TypeError(
            f"glue({name!r}, ...): value must be an int, a float or a str, "
            f"got {type(value).__name__}"
        )
    if _in_book_build():
        from IPython.core.formatters import format_display_data
        from IPython.display import display

        # What myst_nb.glue(name, recorded, display=False) displays (myst_nb/ext/glue).
        bundle, metadata = format_display_data(recorded)
        metadata["scrapbook"] = {"name": name, "mime_prefix": _RECORD_PREFIX}
        display({_RECORD_PREFIX + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)


#: The MIME-type prefix of MyST-NB's glue records (``myst_nb.ext.glue.GLUE_PREFIX``).
_RECORD_PREFIX = "application/papermill.record/"


def _in_book_build() -> bool:
    """True inside a Jupyter kernel that has MyST-NB: only there is a record read."""
    ipython = sys.modules.get("IPython")
    if ipython is None or ipython.get_ipython() is None:
        return False  # plain Python (a script, a doctest): display() would print the record
    return importlib.util.find_spec("myst_nb") is not None
