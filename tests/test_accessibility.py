"""Every page of the built website checked with axe-core, in light and in dark mode.

axe-core comes from npm (``package.json``, ``npm ci``) and is injected into each page from
``node_modules``, so the check runs offline. No page may have a critical or serious violation;
what remains (moderate and minor findings) is counted and printed per mode at the end of the run.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable
from typing import Any

import pytest
from site_browser import PAGES, ROOT, SITE, is_redirect, missing, open_page

pytestmark = pytest.mark.site

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")
# Every page a reader can land on (the redirecting index.html has no content of its own).
CONTENT_PAGES = [p for p in PAGES if not is_redirect(SITE, p)]

# Started without waiting (axe takes seconds on a long chapter): the next page loads meanwhile.
_START_AXE = """() => {
    window.axeViolations = axe.run(document, {resultTypes: ['violations']}).then(results =>
        results.violations.map(v => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ')),
        })));
}"""
# How many pages are checked at the same time (each in its own browser process).
_IN_FLIGHT = 2

# The relative luminance of the page's background, as the reader sees it.
_BACKGROUND_LUMINANCE = """() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor
        .match(/[\\d.]+/g).slice(0, 3).map(Number)
        .map(c => c / 255).map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


def _open_in_mode(browser: Any, url: str, mode: str) -> Any:
    """Open url with the colour mode a reader chose with the theme's switch (stored per site)."""
    page, problems = open_page(browser, url)
    if mode == "dark":
        # The theme's switch stores both keys; the inline script at the top of every page reads
        # them before the first paint, so a reload shows the page as a returning reader sees it.
        page.evaluate("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark')")
        page.reload(wait_until="networkidle")
    assert problems["console"] == [], problems
    return page


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_page_has_a_serious_or_critical_accessibility_violation(
    browser: Any, server: str, report_line: Callable[[str], None], mode: str
) -> None:
    if not AXE.exists():
        missing("axe-core is not installed: run `npm ci`")
    assert len(CONTENT_PAGES) >= 10
    blocking: list[str] = []
    impacts: Counter[str] = Counter()
    rules: dict[str, Counter[str]] = {}

    def collect(path: str, page: Any) -> None:
        try:
            violations = page.evaluate("window.axeViolations")
        finally:
            page.close()
        for violation in violations:
            impact = violation["impact"] or "none"
            impacts[impact] += 1
            rules.setdefault(impact, Counter())[violation["id"]] += 1
            if impact in BLOCKING:
                nodes = violation["nodes"]
                blocking.append(
                    f"{path}: {impact} {violation['id']} ({violation['help']}) on "
                    f"{len(nodes)} element(s), e.g. {nodes[:3]}"
                )

    running: deque[tuple[str, Any]] = deque()
    for path in CONTENT_PAGES:
        page = _open_in_mode(browser, f"{server}/{path}", mode)
        try:
            assert page.evaluate("document.documentElement.dataset.theme") == mode, path
            # Really light or really dark: a white page checked "in dark mode" would prove nothing.
            luminance = page.evaluate(_BACKGROUND_LUMINANCE)
            assert (luminance < 0.05) if mode == "dark" else (luminance > 0.8), (path, luminance)
            page.add_script_tag(path=str(AXE))
            page.evaluate(_START_AXE)
        except BaseException:
            page.close()
            raise
        running.append((path, page))
        if len(running) >= _IN_FLIGHT:
            collect(*running.popleft())
    while running:
        collect(*running.popleft())
    counts = ", ".join(f"{impacts[i]} {i}" for i in ("critical", "serious", "moderate", "minor"))
    named = "; ".join(
        f"{impact}: " + ", ".join(f"{rule} ({n} pages)" for rule, n in sorted(found.items()))
        for impact, found in sorted(rules.items())
    )
    # Each count is of rules failing on a page (a rule failing on three pages counts three).
    line = f"axe-core, {mode} mode, {len(CONTENT_PAGES)} pages: {counts}" + (
        f" [{named}]" if named else ""
    )
    report_line(line)
    print(line)
    assert not blocking, "\n".join(blocking)
