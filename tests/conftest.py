"""Shared test set-up: the hypothesis profile for CI, and a way to report figures at the end."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from hypothesis import settings

# CI must not fail on a property example that no earlier run tried: there the examples are
# derived from each test's name (still hundreds of them), while local runs keep exploring.
settings.register_profile("ci", derandomize=True, deadline=None)
# `make check`, the contributors' quick loop, tries fewer examples per property; `make test`
# (and CI) keep the full number.
settings.register_profile("quick", max_examples=20, deadline=None)
if os.environ.get("CI", "").lower() == "true":
    settings.load_profile("ci")

_LINES = pytest.StashKey[list[str]]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_LINES] = []


@pytest.fixture(scope="session")
def report_line(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Append a line to the summary printed after the tests (output is captured until then)."""
    return request.config.stash[_LINES].append


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    for line in config.stash[_LINES]:
        terminalreporter.write_line(line)
