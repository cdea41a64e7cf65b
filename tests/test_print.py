"""Printing a chapter from the browser, as a reader would (``_assets/static/print.css``).

Chromium prints each chapter to PDF (A4); the tests check the printed layout with the print
media type: code wraps, solutions stay folded, titles carry their chapter's number.
"""

from __future__ import annotations

import re

import pytest
from site_browser import CHAPTERS, SITE, open_page

pytestmark = pytest.mark.site


def _printed(browser, server, path):
    page, problems = open_page(browser, f"{server}/{path}")
    page.emulate_media(media="print")
    return page, problems


@pytest.mark.parametrize("path", CHAPTERS)
def test_printed_code_wraps_instead_of_running_off_the_page(browser, server, path):
    page, _ = _printed(browser, server, path)
    try:
        cut = page.evaluate(
            """[...document.querySelectorAll('.bd-article pre')]
                .filter(p => p.getClientRects().length > 0)
                .filter(p => p.scrollWidth > p.clientWidth + 1
                             || getComputedStyle(p).whiteSpace !== 'pre-wrap')
                .map(p => p.textContent.split('\\n')[0].slice(0, 60))"""
        )
        assert page.locator(".bd-article pre").count() > 5
        assert cut == [], f"code cut at the margin in print: {cut}"
    finally:
        page.close()


@pytest.mark.parametrize("path", CHAPTERS)
def test_printed_solutions_are_folded_and_exercises_shown(browser, server, path):
    page, _ = _printed(browser, server, path)
    try:
        # Even a solution the reader opened on screen prints folded.
        page.evaluate(
            "document.querySelectorAll('div.solution').forEach(s => s.classList.remove('toggle-hidden'))"
        )
        solutions = page.evaluate(
            """[...document.querySelectorAll('div.solution')].map(s => ({
                title: s.querySelector('.admonition-title').getClientRects().length > 0,
                body: [...s.children].filter(c => !c.classList.contains('admonition-title'))
                        .some(c => c.getClientRects().length > 0),
                note: getComputedStyle(s, '::after').content}))"""
        )
        exercises = page.evaluate(
            "[...document.querySelectorAll('div.exercise')].filter(e => e.getClientRects().length > 0).length"
        )
        assert solutions, f"{path} has no solutions"
        assert exercises >= len(solutions) > 0
        for solution in solutions:
            assert solution["title"] and not solution["body"], solution
            assert "online edition" in solution["note"]
    finally:
        page.close()


def test_print_leaves_out_what_only_works_on_screen(browser, server):
    page, _ = _printed(browser, server, "book/02_robust_to_outliers.html")
    try:
        shown = page.evaluate(
            """s => [...document.querySelectorAll(s)].filter(e => e.getClientRects().length > 0).length""",
            "p.lite-launch, .l1tutor-animation [data-role=controls]",
        )
        stills = page.evaluate(
            "[...document.querySelectorAll('.l1tutor-animation img')].filter(i => i.getClientRects().length > 0).length"
        )
        assert page.locator(".l1tutor-animation").count() >= 1
        assert shown == 0 and stills >= 1  # the figure prints its frame, not its buttons
    finally:
        page.close()


@pytest.mark.parametrize("path", CHAPTERS)
def test_printed_title_carries_the_chapter_number(browser, server, path):
    page, _ = _printed(browser, server, path)
    try:
        titles = page.evaluate(
            "[...document.querySelectorAll('h1')].filter(h => h.getClientRects().length > 0)"
            ".map(h => h.innerText.trim())"
        )
        number = int(re.match(r"book/(\d\d)_", path)[1])
        assert len(titles) == 1, titles
        assert titles[0].startswith(f"{number}. "), titles
        assert not titles[0].endswith("#")  # the permalink sign does not print
    finally:
        page.close()


def test_every_chapter_prints_to_a_pdf(browser, server, report_line):
    counts = {}
    for path in CHAPTERS:
        page, problems = open_page(browser, f"{server}/{path}")
        try:
            pdf = page.pdf(format="A4", print_background=False)
            counts[path] = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            assert pdf.startswith(b"%PDF") and counts[path] >= 3
            assert problems["console"] == []
        finally:
            page.close()
    report_line(
        "chapters printed from the browser (A4 pages): "
        + ", ".join(f"{p.split('/')[-1].split('_')[0]} {n}" for p, n in counts.items())
    )
    assert len(counts) == len(CHAPTERS) >= 5 and (SITE / CHAPTERS[0]).exists()
