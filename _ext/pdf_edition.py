"""Sphinx extension: what the PDF edition (the LaTeX builder) does differently from the website.

Only the LaTeX builder is affected; the website is built exactly as before.

- **Stored outputs.** The notebooks are stored with their outputs, and the website's build
  executes every one of them already, so the PDF is typeset from the stored outputs instead of
  running them a second time.
- **Downloads.** A download link leads nowhere on paper: the files are on the website. The PDF
  shows the file's name, so it needs neither those files nor itself to exist when it is built,
  and the paragraph that offers the PDF edition for download is left out of it.
- **A book's structure.** The landing page becomes an unnumbered preface (its sections would
  otherwise be chapters 1 to 4), the chapters the website numbers are chapters 1, 2, ..., the
  pages after them (summary, API reference, instructors) are appendices A, B, ..., and a page
  that holds nothing but the bibliography gives way to the bibliography at the end of the book.
- **Page layout** (``pdf_edition.sty`` and the class options below): A4, chapters that start on
  the next page rather than the next right-hand one, figures no taller than a little under half
  a page, "Contents" and "References" as headings, math in titles readable in the bookmarks.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import thebibliography
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

STYLE = Path(__file__).with_name("pdf_edition.sty")
# Settings of the LaTeX document; `sphinx.config.latex_elements` in `_config.yml` overrides them.
LATEX_ELEMENTS = {
    "papersize": "a4paper",
    # A PDF is read on a screen more often than printed double-sided: no blank left-hand pages.
    "extraclassoptions": "openany,oneside",
    "preamble": r"\usepackage{pdf_edition}",
}


def _is_pdf_build(app: Sphinx) -> bool:
    return app.builder.format == "latex"


def _latex_settings(app: Sphinx, config: Config) -> None:
    config.latex_elements = {**LATEX_ELEMENTS, **config.latex_elements}
    config.latex_additional_files = [*config.latex_additional_files, str(STYLE)]


def _typeset_stored_outputs(app: Sphinx) -> None:
    if _is_pdf_build(app):
        app.config.nb_execution_mode = "off"


def _pdf_name(app: Sphinx) -> str:
    return PurePosixPath(app.config.latex_documents[0][1]).with_suffix(".pdf").name


def _downloads_as_file_names(app: Sphinx, doctree: nodes.document) -> None:
    if not _is_pdf_build(app):
        return
    pdf_name = _pdf_name(app)
    for ref in list(doctree.findall(addnodes.download_reference)):
        if PurePosixPath(ref["reftarget"]).name == pdf_name:
            # The edition's own download offer: drop the paragraph that holds it.
            paragraph = ref.parent
            while not isinstance(paragraph, nodes.paragraph):
                paragraph = paragraph.parent
            paragraph.parent.remove(paragraph)
        else:
            ref.replace_self(ref.children)


def _latex(code: str) -> nodes.raw:
    return nodes.raw("", code + "\n", format="latex")


def _shows_nothing(node: nodes.Node) -> bool:
    return not node.astext().strip() and next(node.findall(nodes.image), None) is None


def _only_a_title(section: nodes.Element) -> bool:
    """True if `section` shows nothing but its title.

    Labels, index entries and the empty container sphinxcontrib-bibtex leaves where its
    citations were (Sphinx moves them to the end of the LaTeX document) show nothing.
    """
    return all(
        isinstance(child, nodes.title) or _shows_nothing(child) for child in section.children
    )


class BookStructure(SphinxPostTransform):
    """Preface, numbered chapters, appendices: the assembled LaTeX document as a book.

    Runs on the one doctree the LaTeX builder assembles from every page, where each page
    included through the table of contents is wrapped in a ``start_of_file`` node; after
    Sphinx's own ``BibliographyTransform`` (priority 750), which moves the citations to the end.
    """

    builders = ("latex",)
    default_priority = 760

    def run(self, **kwargs: Any) -> None:
        top = next(iter(self.document.findall(nodes.section)), None)
        if top is None:
            return
        self._preface(top)
        self._appendices()

    def _preface(self, top: nodes.section) -> None:
        # The landing page's title is the book's title (the title page); the rest of the page,
        # up to the table of contents, becomes one unnumbered chapter.
        first_toc = next(
            (i for i, child in enumerate(top.children) if child.next_node(addnodes.start_of_file)),
            len(top.children),
        )
        body = [
            child
            for child in top.children[:first_toc]
            if not isinstance(child, nodes.title | nodes.target)
        ]
        if not body:
            return
        preface = nodes.section("", ids=["pdf-edition-preface"])
        preface += nodes.title("Preface", "Preface")
        for child in body:
            top.remove(child)
            preface += child
        title_at = next(i for i, child in enumerate(top.children) if isinstance(child, nodes.title))
        top[title_at + 1 : title_at + 1] = [
            _latex(
                r"\edef\PdfEditionSecnumdepth{\arabic{secnumdepth}}\setcounter{secnumdepth}{-1}"
            ),
            preface,
            _latex(r"\setcounter{secnumdepth}{\PdfEditionSecnumdepth}"),
        ]

    def _appendices(self) -> None:
        numbered = self.env.toc_secnumbers
        seen_numbered = in_appendix = False
        for page in list(self.document.findall(addnodes.start_of_file)):
            sections = [child for child in page.children if isinstance(child, nodes.section)]
            if len(sections) == 1 and _only_a_title(sections[0]):
                self._give_way_to_bibliography(page, sections[0])
            elif numbered.get(page["docname"]):
                seen_numbered = True
            elif seen_numbered and not in_appendix:
                page.parent.insert(page.parent.index(page), _latex(r"\appendix"))
                in_appendix = True

    def _give_way_to_bibliography(
        self, page: addnodes.start_of_file, section: nodes.section
    ) -> None:
        bibliography = next(iter(self.document.findall(thebibliography)), None)
        if bibliography is None:
            return
        # A link to the page (or its title) now leads to the bibliography.
        docname = page["docname"]
        # The section's ids include the page's own (":doc", from Sphinx's DocumentTargetTransform).
        labels = [f"{docname}:{id_}" for id_ in section["ids"]]
        anchor = r"\phantomsection" + "".join(
            rf"\label{{\detokenize{{{label}}}}}" for label in labels
        )
        page.parent.remove(page)
        bibliography.parent.insert(bibliography.parent.index(bibliography), _latex(anchor))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _latex_settings)
    # Before myst-nb reads its configuration (priority 500) and before Sphinx's collector of
    # download files checks that each one exists (priority 500).
    app.connect("builder-inited", _typeset_stored_outputs, priority=400)
    app.connect("doctree-read", _downloads_as_file_names, priority=400)
    app.add_post_transform(BookStructure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
