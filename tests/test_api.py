"""Tests of the public API as a whole: every public name is documented with a runnable example."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import l1tutor

# Every module of the package, found by walking it (so a new module is checked automatically).
MODULES = sorted(info.name for info in pkgutil.walk_packages(l1tutor.__path__, prefix="l1tutor."))


def _public_callables():
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            defined_here = getattr(obj, "__module__", None) == name
            if defined_here and (inspect.isfunction(obj) or inspect.isclass(obj)):
                yield f"{name}.{attr}", obj


PUBLIC = dict(_public_callables())


def test_every_module_has_a_docstring_and_an_explicit_public_api():
    for name in MODULES:
        module = importlib.import_module(name)
        assert module.__doc__, f"{name} has no module docstring"
        if not name.rsplit(".", 1)[-1].startswith("_"):
            assert hasattr(module, "__all__"), f"{name} does not declare __all__"


def test_public_names_resolve():
    for name in l1tutor.__all__:
        assert getattr(l1tutor, name) is not None


def test_version_is_single_sourced():
    from importlib.metadata import version

    assert l1tutor.__version__ == version("l1tutor")


@pytest.mark.parametrize("qualname", sorted(PUBLIC))
def test_public_function_has_docstring_with_runnable_example(qualname):
    obj = PUBLIC[qualname]
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{qualname} has no docstring"
    if inspect.isfunction(obj):  # result classes need a docstring, functions an example too
        assert ">>> " in doc, f"{qualname} has no doctest example"


def test_the_numerical_core_imports_without_matplotlib_or_sympy():
    import subprocess
    import sys

    # None in sys.modules makes any import of that package fail, as if it were not installed.
    code = """
import sys
for blocked in ("matplotlib", "sympy", "sklearn"):
    sys.modules[blocked] = None
import l1tutor
from l1tutor import datasets, losses, prox, solvers
assert losses.l1_loss([10, 20, 30, 40, 50], [12, 18, 29, 42, 47]) == 2.0
assert prox.soft_threshold([3.0], 1.0)[0] == 2.0
assert solvers.lad_regression([[0.0], [1.0], [2.0]], [0.0, 1.0, 5.0]).coef.shape == (1,)
loaded = sorted(name for name in sys.modules if name.startswith("l1tutor."))
assert "l1tutor.plotting" not in loaded and "l1tutor.experiments" not in loaded, loaded
try:
    l1tutor.plotting
except ImportError as exc:
    print("plotting needs matplotlib:", exc)
else:
    raise AssertionError("plotting imported without matplotlib")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "plotting needs matplotlib" in done.stdout


def test_modules_loaded_on_demand_are_attributes_of_the_package():
    for name in ("experiments", "notebook", "plotting", "symbolic"):
        assert getattr(l1tutor, name) is importlib.import_module(f"l1tutor.{name}")
    assert set(l1tutor._ON_DEMAND) <= set(dir(l1tutor))
    with pytest.raises(AttributeError, match="no attribute 'plot'"):
        l1tutor.plot  # noqa: B018
