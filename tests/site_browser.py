"""What the browser tests of the built website share: where the site is, and how to open a page.

The browser is Debian's chromium driven by Playwright; where it (or the built site) is missing
the tests skip, except in CI (``CI=true``), where that is a failure. The fixtures `site`,
`server` and `browser` are in ``conftest.py``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
STUDENT_SITE = ROOT / "_build_student" / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


def missing(what: str) -> None:
    """Skip for lack of `what`, or fail in CI, where everything must be there."""
    if IN_CI:
        pytest.fail(f"{what} (required in CI)")
    pytest.skip(what)


def pages(site: Path) -> list[str]:
    """Every page of the book in a built site, relative to it: not the theme's `_static` files,
    nor the in-browser notebook app under `lite/`."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).parts[0].startswith("_")
        and p.relative_to(site).parts[0] != "lite"
    )


def is_redirect(site: Path, path: str) -> bool:
    return 'http-equiv="refresh"' in (site / path).read_text(encoding="utf-8").lower()


PAGES = pages(SITE) if SITE.exists() else []
CHAPTERS = [p for p in PAGES if re.match(r"book/\d\d_", p)]


def open_page(browser: Any, url: str, viewport: tuple[int, int] = VIEWPORTS["desktop"]):
    """Open url; return the page and what went wrong while loading it.

    ``problems`` lists console errors, failed requests (and responses of 400 and more) and
    requests to any other host than the server's.
    """
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    problems: dict[str, list[str]] = {"console": [], "failed": [], "foreign": []}
    host = urlsplit(url).netloc
    page.on(
        "console",
        lambda m: problems["console"].append(m.text) if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems["console"].append(str(e)))
    page.on("requestfailed", lambda r: problems["failed"].append(r.url))
    page.on(
        "request",
        lambda r: (
            problems["foreign"].append(r.url)
            if urlsplit(r.url).netloc not in (host, "") and not r.url.startswith("data:")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: problems["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.goto(url, wait_until="networkidle")
    return page, problems
