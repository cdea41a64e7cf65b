"""Shared test fixtures: a way for tests to report figures at the end of the run."""

from __future__ import annotations

from collections.abc import Callable

import pytest

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
