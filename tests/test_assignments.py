"""Tests of scripts/assignments.py: otter assign on every chapter, then grading with otter run.

The reference solutions get full marks, the unanswered student notebooks zero on every
question, and a wrong answer of the right type passes its public test but fails its hidden one.
"""

from __future__ import annotations

import importlib.util
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("assignments", ROOT / "scripts/assignments.py")
assert _spec is not None and _spec.loader is not None
assignments = importlib.util.module_from_spec(_spec)
sys.modules["assignments"] = assignments  # the worker processes find its functions by name
_spec.loader.exec_module(assignments)

CHAPTERS = sorted(path.stem for path in (ROOT / "book").glob("[0-9][0-9]_*.ipynb"))

# A wrong answer of the right type: what the public tests accept and the hidden ones must not.
WRONG = """\
import numpy as _np
import sympy as _sp


def _wrong(value):
    if isinstance(value, bool | _np.bool_):
        return not value
    if isinstance(value, str):
        return value + "_"
    if isinstance(value, tuple | list):
        return type(value)([_wrong(value[0]), *value[1:]])
    if isinstance(value, _sp.Set):
        return _sp.Union(value, _sp.FiniteSet(99))
    return value + 1
"""


# Tests that run otter (kernels, minutes): not in `make check`, and only under one Python.
def grading(test):
    return pytest.mark.assignments(pytest.mark.kernel(test))


def test_every_test_cell_names_its_answers_and_has_a_hidden_partner():
    for name in CHAPTERS:
        questions = assignments.chapter_questions(nbformat.read(ROOT / "book" / f"{name}.ipynb", 4))
        assert len(questions) >= 2, name
        for question in questions:
            assert not question.tests[0].startswith("# HIDDEN"), question.label
            assert any(test.startswith("# HIDDEN") for test in question.tests), question.label


def test_the_instructors_page_states_the_number_of_questions_per_chapter():
    counts = [
        len(assignments.chapter_questions(nbformat.read(ROOT / "book" / f"{name}.ipynb", 4)))
        for name in CHAPTERS
    ]
    text = " ".join((ROOT / "book" / "instructors.md").read_text(encoding="utf-8").split())
    stated = ", ".join(map(str, counts[:-1])) + f" and {counts[-1]} autograded questions"
    assert f"Chapters 1 to {len(CHAPTERS)} have {stated}" in text


def test_a_question_without_public_test_or_answers_is_refused():
    def code(text):
        return {"cell_type": "code", "source": text, "metadata": {"tags": [assignments.TEST_TAG]}}

    with pytest.raises(ValueError, match=r"must start with '# answers: \.\.\.'"):
        assignments.question_of("ex", [code("assert x == 4")])
    with pytest.raises(ValueError, match="a public test first and a hidden test"):
        assignments.question_of("ex", [code("# answers: x\nassert x")])
    with pytest.raises(ValueError, match="not all Python names"):
        assignments.question_of("ex", [code("# answers: x y\nassert x"), code("# HIDDEN\n")])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("assignments")
    start = time.perf_counter()
    questions = assignments.write_assignments(ROOT / "book", out)
    print(f"otter assign on {len(questions)} chapters: {time.perf_counter() - start:.1f} s")
    return out, questions


def _wrong_submission(student: Path, questions, target: Path) -> Path:
    """The student notebook answered with the reference code, then every answer spoilt."""
    nb = nbformat.read(student, 4)
    answers = [cell for cell in nb.cells if "otter_answer_cell" in cell.metadata.get("tags", [])]
    assert len(answers) == len(questions)
    for cell, question in zip(answers, questions, strict=True):
        spoilt = "\n".join(f"{name} = _wrong({name})" for name in question.answers)
        cell.source = f"{question.solution}\n{spoilt}"
    nb.cells.insert(1, nbformat.v4.new_code_cell(WRONG))
    nbformat.write(nb, target)
    return target


@pytest.fixture(scope="module")
def graded(built, tmp_path_factory):
    """Every chapter graded three ways, two gradings at a time (one per core)."""
    out, questions = built
    work = tmp_path_factory.mktemp("submissions")
    jobs = {}
    for name in CHAPTERS:
        folder = work / name
        folder.mkdir()
        student = out / name / "student" / f"{name}.ipynb"
        unanswered = folder / "unanswered" / f"{name}.ipynb"
        unanswered.parent.mkdir()
        unanswered.write_bytes(student.read_bytes())
        wrong = folder / "wrong" / f"{name}.ipynb"
        wrong.parent.mkdir()
        reference = folder / "reference" / f"{name}.ipynb"
        reference.parent.mkdir()
        reference.write_bytes((out / name / "autograder" / f"{name}.ipynb").read_bytes())
        jobs[name, "reference"] = reference
        jobs[name, "unanswered"] = unanswered
        jobs[name, "wrong"] = _wrong_submission(student, questions[name], wrong)
    autograders = [out / name / "autograder" / f"{name}-autograder.zip" for name, _ in jobs]
    with assignments.worker_pool(2) as pool:
        graded = dict(
            zip(jobs, pool.map(assignments.grade, autograders, jobs.values()), strict=True)
        )
    scores = {key: value.scores for key, value in graded.items()}
    timings = {key: value.seconds for key, value in graded.items()}
    for name in CHAPTERS:
        row = ", ".join(f"{kind} {timings[name, kind]:.1f} s" for kind in ("reference", "wrong"))
        print(f"otter run {name}: {row}")
    return questions, scores


@grading
def test_every_chapter_has_at_least_two_autograded_questions(built):
    out, questions = built
    assert sorted(questions) == CHAPTERS
    assert all(len(qs) >= 2 for qs in questions.values())
    with zipfile.ZipFile(out / assignments.STUDENT_PACK) as pack:
        names = pack.namelist()
    assert {f"l1tutor-assignments/{name}.ipynb" for name in CHAPTERS} <= set(names)
    assert "l1tutor-assignments/requirements.txt" in names
    student_text = "".join(
        (out / name / "student" / f"{name}.ipynb").read_text() for name in CHAPTERS
    )
    assert "# HIDDEN" not in student_text and "BEGIN SOLUTION" not in student_text


# What each submission must score on every question, as (points, possible points).
EXPECTED = {
    "reference": lambda score, possible: score == possible > 0,
    "unanswered": lambda score, possible: score == 0,
    "wrong": lambda score, possible: 0 < score < possible,  # public passed, hidden failed
}


@grading
@pytest.mark.parametrize("kind", EXPECTED)
@pytest.mark.parametrize("name", CHAPTERS)
def test_grading_gives_full_marks_zero_or_partial_marks_as_expected(graded, name, kind):
    questions, scores = graded
    got = scores[name, kind]
    assert set(got) == {q.label for q in questions[name]}
    assert all(EXPECTED[kind](score, possible) for score, possible in got.values()), got
