"""The site's search, as a reader uses it: one search entry point on every page, at desktop and
phone widths, and results whose excerpts are sentences of the page around the search word.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from site_browser import CHAPTERS, VIEWPORTS, open_page

pytestmark = pytest.mark.site

# The landing page (index.html only redirects to it), a chapter, and the search page itself.
ONE_SEARCH_PAGES = ["book/intro.html", CHAPTERS[0] if CHAPTERS else "", "search.html"]

# Everything a reader can use to start a search: the theme's button and field (the button opens
# a dialog with a field) and any search form, on the page or in a sidebar.
_VISIBLE_ENTRY_POINTS = """() => [...document.querySelectorAll(
        '.search-button__button, .search-button-field, form.bd-search, form[action$="search.html"]')]
    .filter(e => !e.closest('#pst-search-dialog'))
    .filter(e => e.checkVisibility({visibilityProperty: true, opacityProperty: true}))
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
    .map(e => e.className || e.tagName)"""


def _results_with_excerpts(page: Any) -> list[dict[str, str]]:
    """The search page's page results with their excerpts, once all have loaded (one by one).

    Results for a Python object carry a description instead of an excerpt and are left out.
    """
    page.wait_for_selector("#search-results li", timeout=15000)
    page.wait_for_function(
        """() => {
            const status = document.querySelector('#search-results .search-summary');
            const items = [...document.querySelectorAll('#search-results li')];
            return status && /found/.test(status.textContent)
                && items.every(li => li.querySelector('p.context, a + span'));
        }""",
        timeout=15000,
    )
    return page.evaluate(
        """[...document.querySelectorAll('#search-results li')]
            .filter(li => li.querySelector('p.context'))
            .map(li => ({
                href: li.querySelector('a').href,
                excerpt: li.querySelector('p.context').textContent,
            }))"""
    )


def _contents_entries(page: Any, href: str) -> list[str]:
    """The titles the page's contents list (sidebar and printed) shows, from the page itself."""
    return page.evaluate(
        """async href => {
            const text = await (await fetch(href.split('#')[0])).text();
            const doc = new DOMParser().parseFromString(text, 'text/html');
            return [...doc.querySelectorAll('.bd-sidebar-secondary a, #print-main-content a')]
                .map(a => a.textContent.trim()).filter(t => t.length > 8);
        }""",
        href,
    )


def test_search_finds_the_chapters_that_discuss_the_median(browser: Any, server: str) -> None:
    page, problems = open_page(browser, f"{server}/search.html?q=median")
    try:
        page.wait_for_selector("#search-results li", timeout=15000)
        hits = page.evaluate(
            "[...document.querySelectorAll('#search-results li a')].map(a => a.href)"
        )
        # The median is the L1-optimal constant (chapter 1) and the robust estimate (chapter 2).
        for chapter in ("01_what_is_l1_loss", "02_robust_to_outliers"):
            assert any(chapter in hit for hit in hits), (chapter, hits)
        assert problems["console"] == [] and problems["foreign"] == []
    finally:
        page.close()


def test_search_excerpts_are_prose_around_the_search_word(browser: Any, server: str) -> None:
    page, problems = open_page(browser, f"{server}/search.html?q=median")
    try:
        results = _results_with_excerpts(page)
        assert len(results) >= 3, results
        bad = []
        for result in results:
            excerpt = " ".join(result["excerpt"].split())
            # The download menu (".ipynb", ".pdf") and the theme's buttons are not the page's text.
            if re.search(r"\.ipynb|\.pdf\b|Color mode", excerpt):
                bad.append(f"{result['href']}: page furniture in {excerpt!r}")
            # Several of the page's contents entries in one excerpt: the list, not the text.
            listed = {t for t in _contents_entries(page, result["href"]) if t in excerpt}
            if len(listed) >= 3:
                bad.append(f"{result['href']}: contents list {sorted(listed)} in {excerpt!r}")
            # Prose: the search word with ordinary words on either side of it.
            found = re.search("median", excerpt, re.IGNORECASE)
            before = re.findall(r"[A-Za-z]{2,}", excerpt[: found.start()][-60:]) if found else []
            after = re.findall(r"[A-Za-z]{2,}", excerpt[found.end() :][:60]) if found else []
            if len(before) + len(after) < 8:
                bad.append(f"{result['href']}: no sentence around 'median' in {excerpt!r}")
        assert not bad, "\n".join(bad)
        assert problems["console"] == [], problems
    finally:
        page.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", ONE_SEARCH_PAGES)
def test_one_visible_search_entry_point(
    browser: Any, server: str, path: str, viewport: str
) -> None:
    page, problems = open_page(browser, f"{server}/{path}", VIEWPORTS[viewport])
    try:
        visible = page.evaluate(_VISIBLE_ENTRY_POINTS)
        assert len(visible) == 1, (path, viewport, visible)
        # No header band of its own above the article (it used to hold only a search field).
        header = page.evaluate(
            "(() => { const h = document.getElementById('pst-header');"
            " return h ? h.getBoundingClientRect().height : 0; })()"
        )
        assert header < 1, (path, viewport, header)
        if viewport == "phone" and path != "search.html":
            # The navigation drawer adds no second search field.
            page.locator(".primary-toggle:visible").first.click()
            page.wait_for_function("document.getElementById('pst-primary-sidebar-modal').open")
            assert len(page.evaluate(_VISIBLE_ENTRY_POINTS)) == 1, (path, viewport)
        assert problems["console"] == [], problems
    finally:
        page.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_search_button_leads_to_the_results(browser: Any, server: str, viewport: str) -> None:
    page, problems = open_page(browser, f"{server}/{CHAPTERS[0]}", VIEWPORTS[viewport])
    try:
        page.locator(".search-button__button:visible").first.click()
        field = page.locator("#pst-search-dialog input[name=q]")
        field.wait_for(state="visible", timeout=5000)
        field.fill("median")
        with page.expect_navigation():
            field.press("Enter")
        assert "search.html?q=median" in page.url, page.url
        page.wait_for_selector("#search-results li", timeout=15000)
        assert problems["console"] == [], problems
    finally:
        page.close()
