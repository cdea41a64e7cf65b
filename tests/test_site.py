"""The built website, tested as its readers meet it: in a real browser, offline.

`make test` builds both editions first (see ``site_browser.py`` for the browser and when these
tests skip). Screenshots of every chapter at desktop and phone widths (and in dark mode) are
written to ``_build/screenshots``.
"""

from __future__ import annotations

import functools
import html as html_module
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from site_browser import (
    CHAPTERS,
    PAGES,
    ROOT,
    SCREENSHOTS,
    SITE,
    STUDENT_SITE,
    VIEWPORTS,
    is_redirect,
    missing,
    open_page,
    pages,
)

pytestmark = pytest.mark.site

# What the checks covered, printed at the end of the module's run.
COUNTS = {"pages loaded": 0, "images": 0, "math containers": 0, "internal links": 0}


class _LinksAndIds(HTMLParser):
    """Collects every href/src and every id of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.classes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if values.get("class"):
            self.classes.append(values["class"] or "")
        for key in ("href", "src"):
            if values.get(key) and tag in ("a", "img", "link", "script"):
                self.links.append(values[key] or "")


@functools.cache
def _parse(path: Path) -> _LinksAndIds:
    parser = _LinksAndIds()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module", autouse=True)
def _report_counts(report_line):
    yield
    if COUNTS["pages loaded"]:
        summary = ", ".join(f"{n} {what}" for what, n in COUNTS.items())
        report_line(f"site checked in chromium: {summary}")


# --- static checks (no browser needed) --------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(site):
    broken = []
    checked = 0
    for page in PAGES:
        for link in _parse(site / page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "mailto:", "javascript:")):
                continue
            target = urlsplit(urljoin(f"http://site/{page}", link))
            path = site / unquote(target.path.lstrip("/"))
            if path.is_dir():
                path = path / "index.html"
            checked += 1
            if not path.exists():
                broken.append(f"{page}: {link} (no file)")
            elif (
                target.fragment
                and path.suffix == ".html"
                and unquote(target.fragment) not in _parse(path).ids
            ):
                broken.append(f"{page}: {link} (no anchor)")
    COUNTS["internal links"] = checked
    assert checked > 100
    assert not broken, "\n".join(broken)


def test_no_page_refers_to_a_resource_on_another_host(site):
    resource = re.compile(r"<(?:script|img|link|iframe|source)\b[^>]*\b(?:src|href)=\"([^\"]+)\"")
    for page in PAGES:
        text = (site / page).read_text(encoding="utf-8")
        foreign = [u for u in resource.findall(text) if u.startswith(("http:", "https:", "//"))]
        assert not foreign, f"{page} loads {foreign}"
        assert "unpkg.com" not in text and "cdn." not in text, f"{page} names a CDN"


def test_every_chapter_offers_its_notebook_for_download(site):
    assert len(CHAPTERS) >= 1
    for page in CHAPTERS:
        notebook = Path(page).with_suffix(".ipynb").name
        assert any(link.endswith(notebook) for link in _parse(site / page).links), page
        assert (site / "_sources" / "book" / notebook).exists()


def test_student_edition_has_the_exercises_but_no_solutions(site):
    if not (STUDENT_SITE / "index.html").exists():
        missing("the student edition is not built: run `make student`")
    solution_texts = _solution_texts(site)
    assert solution_texts, "the full edition should have solutions"
    exercises_full = exercises_student = 0
    for page in pages(STUDENT_SITE):
        html = (STUDENT_SITE / page).read_text(encoding="utf-8")
        classes = _parse(STUDENT_SITE / page).classes
        assert not any("solution" in c.split() for c in classes), f"solution left in {page}"
        for text in solution_texts:
            assert text not in html, f"solution text {text[:40]!r} left in {page}"
        exercises_student += sum("exercise" in c.split() for c in classes)
        if (site / page).exists():
            exercises_full += sum("exercise" in c.split() for c in _parse(site / page).classes)
    assert exercises_student == exercises_full >= 3


def test_neither_edition_shows_the_autograder_tests(site):
    if not (STUDENT_SITE / "index.html").exists():
        missing("the student edition is not built: run `make student`")
    # The first assertion of every test cell, as the HTML would show it.
    lines = []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if "otter-test" in cell["metadata"].get("tags", []):
                source = "".join(cell["source"])
                lines.append(next(line for line in source.splitlines() if "assert" in line))
    assert len(lines) >= 20
    for edition in (site, STUDENT_SITE):
        for page in pages(edition):
            text = html_module.unescape((edition / page).read_text(encoding="utf-8"))
            assert "# HIDDEN" not in text and "# answers:" not in text, page
            for line in lines:
                assert line.strip() not in text, f"{line.strip()!r} shown on {page}"


def _solution_texts(site: Path) -> list[str]:
    """Distinctive sentences of the solutions, taken from the full edition's source notebooks."""
    texts = []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        inside = False
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if "{solution-start}" in source:
                inside = True
                body = source.split("```", 2)[-1].strip()
                if len(body) > 40:
                    texts.append(body.split("\n")[0][:40])
                continue
            if "{solution-end}" in source:
                inside = False
            elif inside and cell["cell_type"] == "code" and len(source) > 30:
                texts.append(source.split("\n")[0][:30])
    # Compare on HTML-escaped text so quotes and angle brackets match the pages.
    return [html_module.escape(t, quote=False) for t in texts if t]


# --- in the browser ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly_renders_math_and_images(browser, server, path):
    page, problems = open_page(browser, f"{server}/{path}")
    try:
        html = (SITE / path).read_text(encoding="utf-8")
        if 'class="math' in html:  # typeset when the site was built (_ext/lean_pages.py)
            assert page.locator("mjx-container").count() > 0
            assert page.locator("mjx-merror").count() == 0, "MathJax error node"
        text = page.evaluate(
            """() => {
                const main = document.querySelector('main') || document.body;
                const copy = main.cloneNode(true);
                copy.querySelectorAll('pre, code, mjx-container, script').forEach(e => e.remove());
                return copy.textContent;
            }"""
        )
        for raw in ("$$", "\\(", "\\["):
            assert raw not in text, f"unrendered math {raw!r} in {path}"
        images = page.evaluate(
            "[...document.querySelectorAll('main img')].map(i => [i.naturalWidth, i.alt, i.src])"
        )
        COUNTS["pages loaded"] += 1
        COUNTS["images"] += len(images)
        COUNTS["math containers"] += page.locator("mjx-container").count()
        for width, alt, src in images:
            assert width > 0, f"image did not load: {src}"
            assert alt.strip() and not alt.endswith(".png"), f"image without alt text: {src}"
        assert problems == {"console": [], "failed": [], "foreign": []}, problems
    finally:
        page.close()


def test_reader_features_on_a_chapter(browser, server):
    page, problems = open_page(browser, f"{server}/{CHAPTERS[0]}")
    try:
        assert page.locator("figure .caption-number").count() >= 1  # numbered figures
        assert page.locator("span.eqno").count() >= 1  # numbered equations
        assert page.locator(".theme-switch-button").count() >= 1  # light/dark mode
        assert page.locator("button.copybtn").count() >= 1  # copy buttons on code
        assert page.locator("a[href$='.ipynb']").count() >= 1  # notebook download
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        assert problems["console"] == []
    finally:
        page.close()


def test_solution_dropdown_opens_on_click(browser, server):
    page, _ = open_page(browser, f"{server}/{CHAPTERS[0]}")
    try:
        solution = page.locator("div.solution.dropdown").first
        body = solution.locator(".admonition-title ~ *").first
        assert not body.is_visible()
        solution.locator(".admonition-title").click()
        body.wait_for(state="visible", timeout=5000)
        assert body.is_visible()
    finally:
        page.close()


def test_screenshots_of_every_chapter(browser, server, report_line):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    written = []
    shots = [*VIEWPORTS.items(), ("desktop-dark", VIEWPORTS["desktop"])]
    for path in CHAPTERS:
        for name, viewport in shots:
            page, _ = open_page(browser, f"{server}/{path}", viewport)
            try:
                if name.endswith("dark"):  # the theme switch stores its choice the same way
                    page.evaluate("document.documentElement.dataset.theme = 'dark'")
                out = SCREENSHOTS / f"{Path(path).stem}-{name}.png"
                page.screenshot(path=str(out), full_page=not name.endswith("dark"))
                assert out.stat().st_size > 10_000
                written.append(out)
            finally:
                page.close()
    report_line(f"screenshots of the chapters ({len(written)} files): {SCREENSHOTS}")


# --- on a phone and with the sidebars -----------------------------------------------------------


def _visible(page, selector: str):
    """The first visible element matching selector (the theme also renders hidden copies)."""
    for handle in page.query_selector_all(selector):
        if handle.is_visible():
            return handle
    raise AssertionError(f"no visible {selector}")


def _box(page, element_id: str) -> dict:
    return page.evaluate(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " const s = getComputedStyle(document.getElementById(id));"
        " return {left: r.left, right: r.right, width: r.width, hidden: s.visibility === 'hidden'}; }",
        element_id,
    )


def _shown(page, sidebar: str) -> dict:
    """The box of the sidebar's content, wherever the theme has put it (page or dialog)."""
    return page.evaluate(
        """id => {
            const dialog = document.getElementById(id + '-modal');
            const el = dialog && dialog.open ? dialog : document.getElementById(id);
            const r = el.getBoundingClientRect();
            return {left: r.left, right: r.right, width: r.width, open: !!(dialog && dialog.open)};
        }""",
        sidebar,
    )


def test_menu_button_opens_and_closes_the_navigation_on_a_phone(browser, server):
    page, problems = open_page(browser, f"{server}/{CHAPTERS[0]}", (390, 844))
    try:
        before = _shown(page, "pst-primary-sidebar")
        assert before["right"] <= 0 and not before["open"], before
        _visible(page, ".primary-toggle").click()
        page.wait_for_timeout(400)
        shown = _shown(page, "pst-primary-sidebar")
        assert shown["open"] and shown["left"] >= 0 and shown["right"] > 100, shown
        assert page.locator("#pst-primary-sidebar-modal a").count() > 3
        page.mouse.click(385, 400)  # the backdrop, right of the drawer
        page.wait_for_timeout(400)
        after = _shown(page, "pst-primary-sidebar")
        assert not after["open"] and after["right"] <= 0, after
        assert page.locator("#pst-primary-sidebar a").count() > 3  # content moved back
        assert problems["console"] == []
    finally:
        page.close()


def test_contents_button_opens_and_closes_the_page_toc_on_a_phone(browser, server):
    page, problems = open_page(browser, f"{server}/{CHAPTERS[0]}", (390, 844))
    try:
        assert _shown(page, "pst-secondary-sidebar")["left"] >= 390
        _visible(page, ".secondary-toggle").click()
        page.wait_for_timeout(400)
        shown = _shown(page, "pst-secondary-sidebar")
        assert shown["open"] and shown["left"] < 390 and shown["width"] > 100, shown
        page.keyboard.press("Escape")
        page.wait_for_timeout(400)
        after = _shown(page, "pst-secondary-sidebar")
        assert not after["open"] and after["left"] >= 390, after
        assert problems["console"] == []
    finally:
        page.close()


def test_menu_button_collapses_and_restores_the_sidebar_on_a_desktop(browser, server):
    page, problems = open_page(browser, f"{server}/{CHAPTERS[0]}", (1280, 800))
    try:
        before = _box(page, "pst-primary-sidebar")
        assert before["left"] >= 0 and before["width"] > 100 and not before["hidden"], before
        _visible(page, ".primary-toggle").click()
        page.wait_for_timeout(800)  # the collapse is animated
        collapsed = _box(page, "pst-primary-sidebar")
        assert collapsed["hidden"] or collapsed["right"] <= 0, collapsed
        _visible(page, ".primary-toggle").click()
        page.wait_for_timeout(800)
        restored = _box(page, "pst-primary-sidebar")
        assert restored["left"] >= 0 and not restored["hidden"], restored
        assert problems["console"] == []
    finally:
        page.close()


def test_no_page_scrolls_sideways_on_a_phone(browser, server, report_line):
    checked, wide = [], []
    for path in (p for p in PAGES if not is_redirect(SITE, p)):
        page, _ = open_page(browser, f"{server}/{path}", (390, 844))
        try:
            width, inner = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if width > inner:
                wide.append(f"{path}: {width} > {inner}")
            boxes = page.evaluate(
                """() => [...document.querySelectorAll(
                    'mjx-container[display="true"], .bd-article table, .bd-article pre')]
                    .filter(e => e.scrollWidth > e.clientWidth + 1)
                    .filter(e => !['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
                                 && !e.closest('.pst-scrollable-table-container, pre, mjx-container[display="true"]') )
                    .map(e => e.tagName)"""
            )
            if boxes:
                wide.append(f"{path}: wide content that cannot scroll: {boxes}")
            checked.append(path)
        finally:
            page.close()
    report_line(
        f"pages checked for sideways scroll at 390 px ({len(checked)}): {', '.join(checked)}"
    )
    print("pages checked at 390 px:", *checked, sep="\n  ")
    assert len(checked) >= 10
    assert not wide, "\n".join(wide)
