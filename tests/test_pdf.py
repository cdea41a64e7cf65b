"""The PDF edition (`make pdf`), read as its readers meet it: its text, its images, one page seen.

What the book should contain is read from the sources (`_toc.yml`, the pages' first headings,
the notebooks' figure captions and exercises), not typed here. Text and images come from
poppler-utils (`pdftotext`, `pdfimages`, `pdffonts`, `pdftoppm`); the first page of chapter 1
is rendered into ``_build/screenshots``. Like the browser tests, these skip when the PDF or
poppler is missing, except in CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from PIL import Image
from site_browser import ROOT, SCREENSHOTS, STUDENT_SITE, missing

pytestmark = pytest.mark.site

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
PDF = (
    ROOT
    / "_build"
    / "pdf"
    / Path(CONFIG["latex"]["latex_documents"]["targetname"]).with_suffix(".pdf")
)
# A book of five chapters, a summary, an API reference and an instructors' page; 161 pages
# when this was written. Far fewer means pages went missing, far more that something (a table,
# an output) spills over page after page.
PAGES = (100, 320)


def _poppler(tool: str, *args: str | Path | int) -> str:
    if shutil.which(tool) is None:
        missing(f"{tool} is not installed (apt-get install poppler-utils)")
    return subprocess.run(
        [tool, *map(str, args)], check=True, capture_output=True, text=True
    ).stdout


def _normalise(text: str) -> str:
    """Text as compared here: ligatures and typographic quotes undone, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    for typographic, plain in {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}.items():
        text = text.replace(typographic, plain)
    return " ".join(text.split())


def _plain(markdown: str) -> str:
    """A heading or caption without its inline markup (emphasis, literals)."""
    return _normalise(re.sub(r"[*`]", "", markdown))


@functools.cache
def _notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(docname: str) -> Path:
    return next(ROOT.glob(f"{docname}.*"))


def _title(docname: str) -> str:
    """A page's first heading (a notebook's first markdown cell, or the first line with `# `)."""
    path = _source(docname)
    if path.suffix == ".ipynb":
        text = "\n".join(
            "".join(cell["source"])
            for cell in _notebook(path)["cells"]
            if cell["cell_type"] == "markdown"
        )
    else:
        text = path.read_text(encoding="utf-8")
    heading = re.search(r"^# (.+)$", text, re.MULTILINE)
    assert heading, f"{path.name} has no first heading"
    return _plain(heading.group(1))


def _parts() -> list[tuple[bool, list[str]]]:
    """The parts of `_toc.yml`: whether numbered, and their pages."""
    return [
        (bool(part.get("numbered")), [chapter["file"] for chapter in part["chapters"]])
        for part in TOC["parts"]
    ]


def _chapters() -> list[str]:
    return [page for numbered, pages in _parts() if numbered for page in pages]


def _markdown(docname: str) -> str:
    return "\n".join(
        "".join(cell["source"])
        for cell in _notebook(_source(docname))["cells"]
        if cell["cell_type"] == "markdown"
    )


@pytest.fixture(scope="module")
def pdf() -> Path:
    if not PDF.exists():
        missing(f"the PDF edition is not built: run `make pdf` ({PDF.relative_to(ROOT)})")
    return PDF


@pytest.fixture(scope="module")
def pages(pdf: Path) -> list[str]:
    """The text of every page (pdftotext separates pages by form feeds)."""
    return _poppler("pdftotext", "-enc", "UTF-8", pdf, "-").split("\f")[:-1]


@pytest.fixture(scope="module")
def text(pages: list[str]) -> str:
    return _normalise(" ".join(pages))


def test_page_count_is_sane(pdf, report_line):
    pages = re.search(r"^Pages:\s+(\d+)", _poppler("pdfinfo", pdf), re.MULTILINE)
    assert pages, "pdfinfo reports no page count"
    count = int(pages.group(1))
    report_line(f"PDF edition: {count} pages, {pdf.stat().st_size / 1e6:.1f} MB ({pdf.name})")
    assert PAGES[0] <= count <= PAGES[1], f"{count} pages, expected {PAGES[0]} to {PAGES[1]}"


def test_title_page_names_the_book(pages):
    assert _normalise(CONFIG["title"]) in _normalise(pages[0])
    assert _normalise(CONFIG["author"]) in _normalise(pages[0])


def test_every_page_of_the_toc_is_in_the_pdf(pages):
    # Not just listed in the contents (their pages have dot leaders): a heading in the book.
    body = " ".join(_normalise(page) for page in pages if ". . . . ." not in page).casefold()
    titles = [_title(page) for _, docs in _parts() for page in [TOC["root"], *docs]]
    absent = [title for title in titles if title.casefold() not in body]
    assert not absent, f"titles missing from the PDF: {absent}"


def test_chapters_are_numbered_and_the_rest_are_appendices(text):
    # The contents list "1 What is L1 loss?", ..., then "A Summary: a cheat sheet", ...
    chapters = _chapters()
    expected = [f"{number} {_title(page)}" for number, page in enumerate(chapters, start=1)]
    appendices = [
        page
        for numbered, docs in _parts()
        if not numbered
        for page in docs
        if _title(page) != "References"  # the bibliography, unnumbered at the end
    ]
    expected += [f"{chr(ord('A') + i)} {_title(page)}" for i, page in enumerate(appendices)]
    absent = [entry for entry in expected if entry not in text]
    assert not absent, f"numbered entries missing from the contents: {absent}"


def test_no_undefined_reference(pages):
    # LaTeX prints "??" for a reference it could not resolve.
    unresolved = [number for number, page in enumerate(pages, start=1) if "??" in page]
    assert not unresolved, f"'??' on pages {unresolved}"


# What HTML or TeX source looks like in the text: a tag or an entity, a TeX command, or a
# formula left between its dollars.
SOURCE = re.compile(
    r"<(?:div|span|script|style|table|iframe|img|p)\b[^>]*>|&(?:lt|gt|amp|nbsp);"
    r"|\\(?:frac|sum|lambda|begin|mathbb|operatorname)\b|\$\$"
    r"|\$\\[^$]{0,80}\$|\$[^$\s][^$]{0,80}\\[^$]{0,80}\$"
)


def _code() -> str:
    """Everything the book shows as code: code cells, outputs and fenced blocks, doctests."""
    chunks = []
    for notebook in (ROOT / "book").glob("*.ipynb"):
        for cell in _notebook(notebook)["cells"]:
            if cell["cell_type"] == "code":
                chunks.append("".join(cell["source"]))
                for output in cell.get("outputs", []):
                    chunks.append("".join(output.get("text", "")))
                    chunks.extend("".join(v) for v in output.get("data", {}).values())
    for page in (ROOT / "book").glob("*.md"):
        chunks += re.findall(r"^```[a-z]+\n(.*?)^```", page.read_text("utf-8"), re.M | re.S)
    for module in (ROOT / "l1tutor").rglob("*.py"):
        # A doctest and its output: the prompt line and the lines up to the next blank one.
        chunks += re.findall(r"^[ \t]*>>> .*(?:\n(?![ \t]*$).*)*", module.read_text("utf-8"), re.M)
    return _normalise("\n".join(chunks))


def test_no_raw_html_or_tex_in_the_text(text):
    # An HTML-only output, or math that was not typeset, shows its source. Code may hold such
    # text on purpose (a plot label in TeX, say): what the sources show as code is allowed.
    code = _code()
    leaks = {source for source in SOURCE.findall(text) if source not in code}
    assert not leaks, f"HTML or TeX source in the PDF's text: {sorted(leaks)[:10]}"


def test_formulas_are_typeset(pdf, text):
    fonts = _poppler("pdffonts", pdf)
    # TeX's math italic and its large operators (sums, big brackets): math was set as math.
    assert "CMMI10" in fonts and "CMEX10" in fonts, fonts
    # Numbered displays of chapter 1 ("(1.1)"), and the formula's hat over the prediction.
    assert "(1.1)" in text and "ŷ" in text


def test_every_figure_is_an_image_with_its_caption(pdf, text, report_line):
    listing = _poppler("pdfimages", "-list", pdf).splitlines()[2:]
    images = sum(1 for row in listing if row.split()[2] == "image")
    # Every PNG a chapter stores (also the still of a bundle that has HTML for the website).
    pngs = sum(
        1
        for page in _chapters()
        for cell in _notebook(_source(page))["cells"]
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    )
    captions = [
        (number, _plain(cell["metadata"]["mystnb"]["figure"]["caption"]))
        for number, page in enumerate(_chapters(), start=1)
        for cell in _notebook(_source(page))["cells"]
        if cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("caption")
    ]
    report_line(
        f"PDF edition: {images} images for {pngs} stored PNG outputs, {len(captions)} captions"
    )
    assert images >= pngs > 0
    # "Fig. 2.3: The ..." (the first words, before any math; long captions wrap and may be
    # hyphenated).
    absent = [
        caption
        for number, caption in captions
        if not re.search(
            rf"Fig\. {number}\.\d+: {re.escape(' '.join(caption.split('$')[0].split()[:6]))}",
            text,
        )
    ]
    assert not absent, f"captions missing from the PDF: {absent}"


def test_exercises_and_their_solutions_are_numbered(text):
    for number, page in enumerate(_chapters(), start=1):
        markdown = _markdown(page)
        exercises = len(re.findall(r"^[`:]{3,}\{exercise\}", markdown, re.MULTILINE))
        solutions = len(re.findall(r"^[`:]{3,}\{solution(?:-start)?\}", markdown, re.MULTILINE))
        for k in range(1, exercises + 1):
            assert f"Exercise {number}.{k}" in text, f"Exercise {number}.{k} ({page})"
        shown = set(re.findall(rf"Solution to Exercise {number}\.(\d+)\b", text))
        assert len(shown) == solutions, f"{page}: solutions {sorted(shown)}, {solutions} written"


def test_first_page_of_chapter_1_renders(pdf, pages, report_line):
    # The chapter's opening page is the one with its title in capitals (the contents and the
    # running heads have it in mixed case).
    heading = _title(_chapters()[0]).upper()
    number = next((n for n, page in enumerate(pages, start=1) if heading in _normalise(page)), None)
    assert number is not None, f"no page opens with {heading!r}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / "pdf-chapter-1"
    _poppler("pdftoppm", "-f", number, "-l", number, "-r", 110, "-png", "-singlefile", pdf, out)
    png = out.with_suffix(".png")
    with Image.open(png) as image:
        gray = image.convert("L")
        width, height = gray.size
        inked = sum(gray.histogram()[:200]) / (width * height)
    report_line(f"PDF edition: page {number} (chapter 1) rendered: {png.relative_to(ROOT)}")
    # An A4 page at 110 dpi, with text on it (a blank or failed rendering has no ink).
    assert (width, height) == pytest.approx((910, 1286), abs=5)
    assert inked > 0.01, f"only {inked:.1%} of the page is inked"


def test_the_website_offers_the_pdf(site, pdf):
    intro = (site / "book" / "intro.html").read_text(encoding="utf-8")
    links = re.findall(rf'href="([^"]*{re.escape(pdf.name)})"', intro)
    assert links, f"no link to {pdf.name} on the landing page"
    target = (site / "book" / links[0]).resolve()
    assert target.read_bytes() == pdf.read_bytes(), "the site offers another PDF than _build/pdf"


def test_the_student_edition_does_not_offer_it() -> None:
    # The PDF holds every solution.
    intro = STUDENT_SITE / "book" / "intro.html"
    if not intro.exists():
        missing("the student edition is not built: run `make student`")
    assert PDF.name not in intro.read_text(encoding="utf-8")
