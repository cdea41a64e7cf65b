"""Sphinx extension: launch buttons (Binder, Colab) only when the book names its repository.

`_config.yml` lists the launch providers once. sphinx-book-theme needs `repository.url` to build
their links and fails when it is empty, so this extension switches the buttons off until a
repository URL is set, instead of requiring an invented one.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config


def _drop_launch_buttons_without_repository(app: Sphinx, config: Config) -> None:
    options = config.html_theme_options
    if not options.get("repository_url"):
        options["launch_buttons"] = {}


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _drop_launch_buttons_without_repository)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
