"""Checks of the chapters as files: executed in order, stored with outputs, figures described.

nbval (run on the same notebooks) re-executes them and compares the outputs; these checks make
sure there are outputs to compare, so a notebook committed without them cannot pass vacuously.
"""

from __future__ import annotations

import ast
import base64
import json
import re
from pathlib import Path

import pytest
import yaml

from l1tutor.notebook import rounded
from l1tutor.plotting.style import MAX_FIGURE_WIDTH_PX

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for entry in toc.get("chapters", []):
        files.append(entry["file"])
    for part in toc.get("parts", []):
        files.extend(entry["file"] for entry in part.get("chapters", []))
    return files


def _code_cells(path: Path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [cell for cell in nb["cells"] if cell["cell_type"] == "code"]


def test_every_notebook_is_in_the_table_of_contents():
    listed = set(_toc_files())
    for path in NOTEBOOKS:
        assert f"book/{path.stem}" in listed, f"{path.name} is not in _toc.yml"
    for entry in listed:
        assert any((ROOT / f"{entry}{ext}").exists() for ext in (".md", ".ipynb")), entry


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_was_executed_top_to_bottom_and_stored_with_outputs(path):
    cells = _code_cells(path)
    counts = [cell["execution_count"] for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), f"{path.name}: not one in-order run"
    assert any(cell["outputs"] for cell in cells), f"{path.name} has no stored outputs"
    for cell in cells:
        assert "execution" not in cell["metadata"], "timing metadata makes diffs noisy"
        for output in cell["outputs"]:
            assert output["output_type"] != "error", f"{path.name} stores an error"
            assert output.get("name") != "stderr", f"{path.name} writes to stderr"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_figure_has_a_caption_a_name_and_alt_text(path):
    for cell in _code_cells(path):
        has_image = any("image/png" in out.get("data", {}) for out in cell["outputs"])
        if not has_image:
            continue
        meta = cell["metadata"].get("mystnb", {})
        figure, image = meta.get("figure", {}), meta.get("image", {})
        source = "".join(cell["source"])[:60]
        assert figure.get("caption") and figure.get("name"), f"figure without caption: {source}"
        assert len(image.get("alt", "")) >= 20, f"figure without real alt text: {source}"


GLUE_ROLE = re.compile(r"\{glue:text\}`(?:[^`:]+::)?([A-Za-z0-9_]+)(?::([^`]+))?`")
RECORD = "application/papermill.record/text/plain"


def _prose_formats() -> dict[str, set[str]]:
    """Every glue key pasted anywhere in the book, with the format specifications used."""
    formats: dict[str, set[str]] = {}
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "book").glob("*.md")]
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        texts += ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    for text in texts:
        for key, spec in GLUE_ROLE.findall(text):
            formats.setdefault(key, set()).add(spec)
    return formats


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_numbers_are_glued_through_l1tutor_in_cells_the_site_hides(path):
    for cell in _code_cells(path):
        source = "".join(cell["source"])
        # myst_nb is build plumbing: a downloaded chapter must run without it.
        assert "myst_nb" not in source, f"{path.name} imports myst_nb: {source[:80]}"
        if "glue(" in source or "l1tutor.notebook" in source:
            tags = cell["metadata"].get("tags", [])
            assert "remove-cell" in tags, f"{path.name}: a visible glue cell: {source[:80]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_glued_float_is_stored_at_the_precision_the_text_shows(path):
    # Digits beyond those shown are rounding noise that differs between machines (nbval would
    # compare them): each stored float must be its own rounding to a format the text uses.
    formats = _prose_formats()
    for cell in _code_cells(path):
        for output in cell["outputs"]:
            if RECORD not in output.get("data", {}):
                continue
            key = output["metadata"]["scrapbook"]["name"]
            assert key in formats, f"{path.name}: {key} is glued but no text uses it"
            value = ast.literal_eval(output["data"][RECORD])
            if isinstance(value, float):
                specs = formats[key] - {""}
                assert specs, f"{path.name}: the float {key} is pasted without a format"
                assert any(rounded(value, spec) == value for spec in specs), (
                    f"{path.name}: {key} = {value!r} has more digits than {sorted(specs)} show"
                )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_chapter_says_how_to_run_it_yourself(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    opening = "".join("".join(c["source"]) for c in cells[:3] if c["cell_type"] == "markdown")
    assert "Run this chapter yourself" in opening and "intro:course-pack" in opening


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_cells_call_the_package_and_define_nothing(path):
    """Chapters hold narrative and calls: a function or class belongs in ``l1tutor``, tested."""
    for index, cell in enumerate(_code_cells(path)):
        tree = ast.parse("".join(cell["source"]))
        for node in ast.walk(tree):
            defined = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            named_lambda = isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda)
            assert not (defined or named_lambda), (
                f"{path.name} code cell {index} defines {getattr(node, 'name', 'a named lambda')} "
                f"(line {node.lineno}): move it into l1tutor"
            )


def _png_size(data: str) -> tuple[int, int]:
    header = base64.b64decode(data[:64])
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_figure_stays_legible_on_a_phone(path):
    # The book's smallest text is SMALLEST_TEXT_PT; on a figure wider than MAX_FIGURE_WIDTH_PX
    # a 390-pixel phone shrinks it below 9 CSS pixels (see l1tutor.plotting.style).
    wide = [
        (i, _png_size(out["data"]["image/png"]))
        for i, cell in enumerate(_code_cells(path))
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
        and _png_size(out["data"]["image/png"])[0] > MAX_FIGURE_WIDTH_PX
    ]
    assert not wide, f"figures wider than {MAX_FIGURE_WIDTH_PX} px (code cell, (w, h)): {wide}"
