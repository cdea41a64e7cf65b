"""Tests of scripts/student_edition.py on the real chapters: exercises kept, solutions gone."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "student_edition", ROOT / "scripts/student_edition.py"
)
assert _spec is not None and _spec.loader is not None
student_edition = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(student_edition)

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


def _text(cells: list[dict]) -> str:
    return "\n".join("".join(cell["source"]) for cell in cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_exercise_stays_and_every_solution_goes(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    kept = student_edition.strip_solutions(cells)
    full, student = _text(cells), _text(kept)
    assert student.count("{exercise}") == full.count("{exercise}") >= 3
    assert full.count("{solution-start}") >= 3
    assert "{solution" not in student
    # Solution code goes; the chapter's own code (its imports cell first of all) stays.
    code = [c for c in cells if c["cell_type"] == "code"]
    kept_code = [c for c in kept if c["cell_type"] == "code"]
    assert len(kept_code) < len(code) and kept_code[0] is code[0]


def test_an_unclosed_solution_is_an_error():
    cells = [{"cell_type": "markdown", "source": "```{solution-start} x\n```\nAnswer"}]
    with pytest.raises(ValueError, match="solution-end"):
        student_edition.strip_solutions(cells)


def test_written_sources_hide_solutions_and_keep_the_book(tmp_path):
    student_edition.write_student_sources(tmp_path / "src")
    config = (tmp_path / "src" / "_config.yml").read_text(encoding="utf-8")
    assert "hide_solutions: true" in config and "student edition" in config
    for path in NOTEBOOKS:
        copy = json.loads((tmp_path / "src" / "book" / path.name).read_text(encoding="utf-8"))
        assert not re.search(r"\{solution-(start|end)\}", _text(copy["cells"]))
    assert (tmp_path / "src" / "book" / "intro.md").exists()


def test_the_instructors_pack_is_not_offered_in_the_student_edition():
    page = (ROOT / "book" / "instructors.md").read_text(encoding="utf-8")
    assert "l1tutor-assignments-instructor.zip" in page
    student_page = student_edition.NOT_FOR_STUDENTS.sub("", page)
    assert "l1tutor-assignments-instructor.zip" not in student_page
    assert "l1tutor-assignments-student.zip" in student_page
    assert "not in the student edition" not in student_page
