"""Checks of the chapters as files: executed in order, stored with outputs, figures described.

nbval (run on the same notebooks) re-executes them and compares the outputs; these checks make
sure there are outputs to compare, so a notebook committed without them cannot pass vacuously.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

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
