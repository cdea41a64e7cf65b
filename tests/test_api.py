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
