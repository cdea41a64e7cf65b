"""Sphinx extension: page markup that screen readers, axe-core and the search page read right.

Three fixes at build time, each for a cause found on the built site:

- One search entry point per page: the article header's search button, which is in the same
  place on a phone and on a desktop (and stays there when the sidebar is collapsed or the phone's
  drawer is closed). pydata-sphinx-theme 0.17 fills an unset ``navbar_persistent`` with its
  search field, which puts a second field in a header band sphinx-book-theme otherwise leaves
  empty, and the book theme's sidebar holds a third. Both go; ``accessibility.css`` shows the
  button on wide screens too, and ``_templates/search-button.html`` leaves it out on the search
  page, whose own field is the entry point there.
- Bibliography entries: docutils 0.21 marks them ``role="doc-biblioentry"``, a role DPUB-ARIA 1.1
  deprecates (use ``listitem``); assistive technology then finds no items in the
  ``role="list"`` around them (axe-core: aria-required-children, critical).
- Search excerpts: ``search-excerpts.js`` (on the search page only) makes Sphinx's search read
  the article's prose, not the whole ``<main>`` with its buttons and contents lists.

The light/dark switch's fix is a template, ``_templates/theme-switcher.html``; the contrast of
links in exercise boxes is in ``accessibility.css``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

# The sidebar's copy of the search field (sphinx-book-theme's default `html_sidebars`).
_SIDEBAR_SEARCH = "search-button-field.html"


def _no_header_search_field(app: Sphinx, config: Config) -> None:
    # An explicit empty list keeps pydata-sphinx-theme from adding its default (it only fills
    # the option when it is missing). Set here because `sphinx.config.html_theme_options` in
    # _config.yml would replace the options Jupyter Book derives from the rest of that file.
    config.html_theme_options.setdefault("navbar_persistent", [])


def _fix_page(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: Any,
) -> None:
    sidebars = context.get("sidebars")
    if sidebars:
        context["sidebars"] = [item for item in sidebars if item != _SIDEBAR_SEARCH]
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')
    if pagename == "search":
        # Deferred: it patches searchtools.js, which the search page loads after this file.
        app.add_js_file("search-excerpts.js", loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _no_header_search_field)
    app.connect("html-page-context", _fix_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
