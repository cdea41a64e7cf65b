"""The animated figures of chapters 2 to 4, played in a real browser: no kernel, no CDN.

Each chapter page holds one player (see ``l1tutor.plotting.interactive``). A reader steps it
with the buttons, moves the slider from the keyboard and plays it; the frame and the line under
it must change together, and the page must load nothing from elsewhere and log no error.
"""

from __future__ import annotations

import re

import pytest
from site_browser import CHAPTERS, open_page

pytestmark = pytest.mark.site

#: Chapter page, and what the live line says at the first frame.
PLAYERS = {
    "02_robust_to_outliers": r"^outlier at y = -40: OLS slope -?\d+\.\d\d, LAD slope \d+\.\d\d$",
    "03_constant_gradient": r"^iteration k = 0: \(a\) subgradient w = \+0\.3000; \(c\) proximal",
    "04_sparsity": r"^α = \d+\.\d\d: 0 of 10 coefficients nonzero$",
}


def _chapter(stem: str) -> str:
    pages = [p for p in CHAPTERS if p.endswith(f"{stem}.html")]
    if not pages:
        pytest.skip(f"{stem} is not in the built site")
    return pages[0]


def _state(player) -> dict:
    return player.evaluate(
        """root => ({
            src: root.querySelector('img').getAttribute('src'),
            text: root.querySelector('[data-role=text]').textContent,
            value: root.querySelector('input').value,
            valuetext: root.querySelector('input').getAttribute('aria-valuetext'),
            width: root.querySelector('img').naturalWidth,
        })"""
    )


@pytest.mark.parametrize("stem", sorted(PLAYERS))
def test_a_reader_steps_slides_and_plays_the_figure(browser, server, stem):
    page, problems = open_page(browser, f"{server}/{_chapter(stem)}")
    try:
        players = page.locator(".l1tutor-animation")
        assert players.count() == 1
        player = players.first
        player.scroll_into_view_if_needed()
        # The script ran: the controls it reveals are visible, the still frame is shown.
        assert player.locator("[data-role=controls]").is_visible()
        last = _state(player)
        assert last["width"] > 0 and last["src"].startswith("data:image/png;base64,")
        n = int(player.locator("input").get_attribute("max")) + 1
        assert 15 <= n <= 25 and last["value"] == str(n - 1)  # the last frame is the still

        player.get_by_role("button", name="Back one frame").click()
        back = _state(player)
        assert back["value"] == str(n - 2)
        assert back["src"] != last["src"] and back["text"] != last["text"]

        slider = player.get_by_role("slider", name=re.compile("."))
        slider.focus()
        page.keyboard.press("Home")
        first = _state(player)
        assert first["value"] == "0" and re.match(PLAYERS[stem], first["text"]), first["text"]
        assert first["src"] not in (back["src"], last["src"])
        assert first["valuetext"] and first["valuetext"] != back["valuetext"]
        page.keyboard.press("ArrowRight")
        assert _state(player)["value"] == "1"

        player.get_by_role("button", name="Next frame").click()
        assert _state(player)["value"] == "2"
        player.get_by_role("button", name="Play").click()
        page.wait_for_function(
            "root => Number(root.querySelector('input').value) >= 4",
            arg=player.element_handle(),
            timeout=10_000,
        )
        player.get_by_role("button", name="Pause").click()
        stopped = _state(player)["value"]
        page.wait_for_timeout(1_500)
        assert _state(player)["value"] == stopped, "the figure kept playing after Pause"
        player.get_by_role("button", name="Last frame").click()
        assert _state(player) == last
        player.get_by_role("button", name="First frame").click()
        assert _state(player)["text"] == first["text"]

        # The theme repeats some ids of its own (sidebar copies); the player's are unique.
        counts = player.evaluate(
            """root => [root, ...root.querySelectorAll('[id]')].map(
                e => document.querySelectorAll('#' + CSS.escape(e.id)).length)"""
        )
        assert counts == [1, 1], counts  # the player and its slider
        assert problems == {"console": [], "failed": [], "foreign": []}, problems
    finally:
        page.close()


@pytest.mark.parametrize("stem", sorted(PLAYERS))
def test_the_figure_fits_a_phone(browser, server, stem):
    page, problems = open_page(browser, f"{server}/{_chapter(stem)}", (390, 844))
    try:
        player = page.locator(".l1tutor-animation").first
        box = player.bounding_box()
        image = player.locator("img").bounding_box()
        assert box is not None and image is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert image["width"] <= 390 and image["width"] > 300
        for button in player.locator("button").all():
            size = button.bounding_box()
            assert size is not None and size["height"] >= 24 and size["width"] >= 24
        assert problems["console"] == []
    finally:
        page.close()
