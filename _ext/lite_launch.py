"""Sphinx extension: "Run in your browser" on every chapter, in the site's own JupyterLite.

``scripts/build_lite.py`` (``make lite``) builds a JupyterLite site holding every chapter, with
Pyodide and all the packages the chapters import (default ``_build/lite``). When that build
holds a page's notebook, this extension

* adds a "Run in your browser" button beside the download button of the page's header, and a
  line under the chapter's title with the same link, saying what the first start downloads;
* copies the JupyterLite build into the website at ``lite/`` once the HTML is written, so
  every link has its target.

The links are plain links: nothing of JupyterLite loads until a reader follows one. Without
the JupyterLite build (the student edition, or a build before ``make lite``) no page gets a
link, so no page links to a missing target.

Configuration (``sphinx.config`` in ``_config.yml``): ``lite_launch_build``, the JupyterLite
build (relative to the book's root, default ``_build/lite``), and ``lite_launch_path``, where it
goes in the website (default ``lite``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The JupyterLite app the links open: the notebook view, one chapter per tab.
APP = "notebooks/index.html"
LABEL = "Run in your browser"


def _build_dir(app: Sphinx) -> Path:
    return (Path(app.confdir) / app.config.lite_launch_build).resolve()


def _lite_notebook(app: Sphinx, docname: str) -> str | None:
    """The name of the docname's notebook in the JupyterLite build, if it is there."""
    if app.builder.format != "html" or not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return None
    name = Path(docname).name + ".ipynb"
    return name if (_build_dir(app) / "files" / name).is_file() else None


def _target(app: Sphinx, docname: str, notebook: str) -> str:
    """The link from the page of docname to its notebook in the site's JupyterLite."""
    up = "../" * docname.count("/")
    return f"{up}{app.config.lite_launch_path}/{APP}?path={notebook}"


def _add_line_under_title(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    notebook = _lite_notebook(app, docname)
    if notebook is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not isinstance(section[0], nodes.title):
        return
    link = nodes.reference("", LABEL, refuri=_target(app, docname, notebook), internal=False)
    line = nodes.paragraph(
        "",
        "",
        nodes.Text("▶ "),
        link,
        nodes.Text(
            ": this chapter in JupyterLite, on this site, with nothing to install. The first "
            "start downloads Python and the packages (about 70 MB) and takes a minute; then "
            "choose Run All Cells in the Run menu."
        ),
        classes=["lite-launch"],
    )
    section.insert(1, line)


def _add_header_button(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    notebook = _lite_notebook(app, pagename) if doctree is not None else None
    if notebook is None or "header_buttons" not in context:
        return
    button = {
        "type": "link",
        "url": _target(app, pagename, notebook),
        "tooltip": f"{LABEL} (JupyterLite)",
        "icon": "fas fa-play",
        "label": "lite-launch-button",
    }
    buttons = context["header_buttons"]
    # Beside the download menu, which the theme puts first.
    at = next(
        (i + 1 for i, b in enumerate(buttons) if b.get("label") == "download-buttons"),
        len(buttons),
    )
    buttons.insert(at, button)


def _copy_lite_build(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = _build_dir(app)
    if not (source / "jupyter-lite.json").is_file():
        logger.info("lite_launch: no JupyterLite build at %s (make lite): no launch links", source)
        return
    target = Path(app.outdir) / app.config.lite_launch_path
    shutil.rmtree(target, ignore_errors=True)
    # Dot files are build bookkeeping (the Makefile's stamp), not part of the site.
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".*"))
    logger.info("lite_launch: JupyterLite copied to %s", target)


def _outdated_when_the_build_appears(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Chapters whose link comes or goes because the JupyterLite build did: write them again."""
    state = {
        docname: _lite_notebook(app, docname) is not None
        for docname in env.found_docs
        if str(env.doc2path(docname)).endswith(".ipynb")
    }
    before = getattr(env, "lite_launch_state", {})
    env.lite_launch_state = state
    return [docname for docname, linked in state.items() if before.get(docname) != linked]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("lite_launch_build", "_build/lite", "html", types=[str])
    app.add_config_value("lite_launch_path", "lite", "html", types=[str])
    app.connect("env-get-outdated", _outdated_when_the_build_appears)
    app.connect("doctree-resolved", _add_line_under_title)
    # After sphinx-book-theme has made its header buttons (priority 501).
    app.connect("html-page-context", _add_header_button, priority=600)
    app.connect("build-finished", _copy_lite_build)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
