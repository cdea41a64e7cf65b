"""Shared test set-up: the hypothesis profile for CI, a way to report figures at the end, and the
built website served to a real browser (see ``site_browser.py``)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from site_browser import CHROMIUM_ARGS, SITE, missing

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


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Under pytest-xdist each worker reports its lines to the controller, which prints them.
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["report_lines"] = session.config.stash[_LINES]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    node.config.stash[_LINES].extend(getattr(node, "workeroutput", {}).get("report_lines", []))


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    for line in config.stash[_LINES]:
        terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    """Close the figures a test opened: pyplot keeps every figure alive until it is closed."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


@pytest.fixture(scope="session")
def site() -> Path:
    """The built website (`make book`)."""
    if not (SITE / "index.html").exists():
        missing("the website is not built: run `make book`")
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The site served on 127.0.0.1 (a free port), as a static host would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright (never `playwright install`)."""
    executable = shutil.which("chromium")
    if executable is None:
        missing("chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
