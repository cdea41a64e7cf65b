"""Write the autograded assignments: otter-grader notebooks made from the chapters' exercises.

An exercise is autograded when its solution, in the chapter, is followed by test cells tagged
``otter-test`` (hidden from the website by ``remove-cell``). The first of them names the
answers, ``# answers: mse, rmse``, and checks only their types: it is the public test that a
student runs with ``grader.check``. A test cell whose first line is ``# HIDDEN`` checks the
values and runs only when the instructor grades. The book executes every test cell on its
reference solution each time it is built, so a test cannot drift from its exercise.

For each chapter this writes, under ``OUT_DIR/<chapter>/``, what ``otter assign`` makes from
a master notebook in otter's format (``student/``: the chapter without solutions, one answer
cell and one ``grader.check`` per question; ``autograder/``: the reference solution and the
autograder zip). Then ``OUT_DIR`` gets a README for instructors, the student pack and the
instructors' pack as zip files.

Usage: ``python scripts/assignments.py BOOK_DIR OUT_DIR``
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import copy
import functools
import importlib.util
import io
import json
import multiprocessing
import os
import re
import shutil
import site
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

import nbformat

ROOT = Path(__file__).resolve().parents[1]
TEST_TAG = "otter-test"
ANSWERS = re.compile(r"^# answers: *(.+)$")
STUDENT_PACK = "l1tutor-assignments-student.zip"
INSTRUCTOR_PACK = "l1tutor-assignments-instructor.zip"


def _script(name: str):  # a module loaded from its file
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


student_edition = _script("student_edition")
course_pack = _script("course_pack")

README = """\
# L1 Loss, executable: autograded assignments

One assignment per chapter, made with [otter-grader](https://otter-grader.readthedocs.io)
{otter_version} from the exercises of the book. Each autograded question has a public test
(the answers exist and have the right type; students run it themselves) and a hidden test (the
values; it runs only when you grade).

| chapter | autograded questions |
|---|---|
{rows}

## Hand out

Give students `{student_pack}`. It holds one notebook per chapter, the `l1tutor` wheel and a
`requirements.txt` pinned to the versions the book was tested with (otter-grader included).
Students install it once:

```bash
python3 -m venv .venv && .venv/bin/python -m pip install -r requirements.txt
.venv/bin/jupyter lab
```

They answer in the cells marked `...`, run `grader.check("<question>")` below each answer to
see the public test, and hand back the `.ipynb` file.

## Collect and grade

This folder holds, per chapter, `<chapter>/autograder/<chapter>-autograder.zip` (tests, hidden
ones included) and `<chapter>/autograder/<chapter>.ipynb` (the reference solution).

**Without Docker**, in an environment with the same `requirements.txt` installed (the one the
students use will do), grade one submission at a time:

```bash
otter run -a 01_what_is_l1_loss/autograder/01_what_is_l1_loss-autograder.zip \\
    -o results/alice submissions/alice/01_what_is_l1_loss.ipynb
```

`results/alice/results.json` then holds the score of every test, and the command prints a
table of points per question. A loop over the submissions folder grades a class.

**With Docker**, `otter grade -a <chapter>-autograder.zip -p submissions/ -n <chapter>` grades
a whole folder in containers; the image installs the zip's `requirements.txt`, and the
`l1tutor` wheel shipped in the zip (this route is not exercised by the book's tests). Either
way, grade the reference solution first: it must get full marks.

## Rebuild

From a clone of the repository, `make assignments` rebuilds this folder from the chapters. The
tests live beside the exercises in the chapter notebooks (cells tagged `otter-test`); the
book's own build runs them on the reference solutions.
"""

STUDENT_README = """\
# L1 Loss, executable: assignments

One notebook per chapter of the book. Answer in the cells marked `...` and run the
`grader.check(...)` cell below each answer: it runs the public test of that question (it checks
that your answer exists and has the right type; the values are graded later).

Install once, in this folder, then open the notebooks:

```bash
python3 -m venv .venv && .venv/bin/python -m pip install -r requirements.txt
.venv/bin/jupyter lab
```

On Windows, use `py -m venv .venv` and the programs in `.venv\\\\Scripts`.
"""


class Question(NamedTuple):
    """An autograded exercise: its label, answer names, reference code and test cells."""

    label: str
    answers: tuple[str, ...]
    solution: str
    tests: tuple[str, ...]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def question_of(label: str, cells: list[dict]) -> Question | None:
    """The autograded question of the solution ``label`` (its ``cells``), or None.

    Examples
    --------
    >>> code = lambda text, tags=(): {"cell_type": "code", "source": text,
    ...                                "metadata": {"tags": list(tags)}}
    >>> q = question_of("ex", [code("x = 2 + 2"),
    ...                        code("# answers: x\\nassert isinstance(x, int)", [TEST_TAG]),
    ...                        code("# HIDDEN\\nassert x == 4", [TEST_TAG])])
    >>> q.answers, q.tests
    (('x',), ('assert isinstance(x, int)', '# HIDDEN\\nassert x == 4'))
    >>> question_of("ex", [code("x = 2 + 2")]) is None
    True
    """
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    tests = [cell for cell in code if TEST_TAG in cell.get("metadata", {}).get("tags", [])]
    if not tests:
        return None
    first, *rest = _source(tests[0]).split("\n", 1)
    names = ANSWERS.match(first)
    if names is None:
        raise ValueError(f"{label}: the first {TEST_TAG} cell must start with '# answers: ...'")
    answers = tuple(name.strip() for name in names.group(1).split(","))
    if not all(name.isidentifier() for name in answers):
        raise ValueError(f"{label}: the answers {answers} are not all Python names")
    if _source(tests[0]).startswith("# HIDDEN") or not any(
        _source(cell).startswith("# HIDDEN") for cell in tests
    ):
        raise ValueError(f"{label}: a question needs a public test first and a hidden test")
    solution = "\n".join(_source(cell) for cell in code if cell not in tests)
    return Question(
        label, answers, solution, ("".join(rest).strip("\n"), *(_source(c) for c in tests[1:]))
    )


def chapter_questions(notebook: dict) -> list[Question]:
    """Every autograded question of a chapter, in order."""
    questions = []
    for label, run in student_edition.split_solutions(notebook["cells"]):
        question = question_of(label, run) if label is not None else None
        if question is not None:
            questions.append(question)
    return questions


def master_notebook(notebook: dict, name: str, wheel_name: str) -> nbformat.NotebookNode:
    """The chapter in otter's master format: solutions out, questions in their place.

    A solution without tests is dropped (as in the student edition), one with tests becomes an
    otter question: a prompt naming the answers, the reference code (removed from the student
    notebook, leaving ``answer = ...`` lines), the public and the hidden tests.
    """
    raw, markdown, code = (
        nbformat.v4.new_raw_cell,
        nbformat.v4.new_markdown_cell,
        nbformat.v4.new_code_cell,
    )
    config = (
        "# ASSIGNMENT CONFIG\n"
        f"name: {name}\n"
        "init_cell: true\n"
        "check_all_cell: false\n"
        "export_cell: false\n"
        "run_tests: false\n"
        "solutions_pdf: false\n"
        "requirements: requirements.txt\n"
        "autograder_files:\n"
        f"  - {wheel_name}\n"
    )
    cells = [raw(config)]
    for label, run in student_edition.split_solutions(notebook["cells"]):
        if label is None:
            cells += [nbformat.from_dict(copy.deepcopy(cell)) for cell in run]
            continue
        question = question_of(label, run)
        if question is None:
            continue
        names = ", ".join(f"`{answer}`" for answer in question.answers)
        prompts = "\n".join(f"{answer} = {answer}  # SOLUTION" for answer in question.answers)
        cells += [
            raw(f"# BEGIN QUESTION\nname: {label}\npoints: {len(question.tests)}"),
            markdown(
                f"**Your answer to exercise `{label}`** (autograded): define {names} in "
                "the cell below, then run the check under it."
            ),
            raw("# BEGIN SOLUTION"),
            code(f"# BEGIN SOLUTION NO PROMPT\n{question.solution}\n# END SOLUTION\n{prompts}"),
            raw("# END SOLUTION"),
            raw("# BEGIN TESTS"),
            *(code(test) for test in question.tests),
            raw("# END TESTS"),
            raw("# END QUESTION"),
        ]
    master = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(notebook["metadata"]))
    for i, cell in enumerate(master.cells):
        cell["id"] = f"cell-{i}"
    return master


def _otter_assign(master: Path, target: Path) -> None:
    """``otter assign`` on ``master`` (in a worker process: it reads the files beside it)."""
    from otter.assign import main as assign  # importing otter takes seconds: once per worker

    os.chdir(master.parent)
    if target.exists():
        shutil.rmtree(target)
    with contextlib.redirect_stdout(io.StringIO()):
        assign(str(master), str(target), no_pdfs=True)
    # otter stamps the zip with the time; one stable name is what the README can refer to.
    (zipped,) = (target / "autograder").glob(f"{master.stem}-autograder_*.zip")
    zipped.rename(target / "autograder" / f"{master.stem}-autograder.zip")


class Grading(NamedTuple):
    """Points and possible points per question of one graded submission, and the seconds taken."""

    scores: dict[str, tuple[float, float]]
    seconds: float


def grade(autograder: Path, submission: Path) -> Grading:
    """Grade one notebook as ``otter run`` does (the results go to ``results/`` beside it)."""
    from otter.run import main as otter_run

    start = time.perf_counter()
    results = submission.parent / "results"
    results.mkdir(exist_ok=True)
    with contextlib.redirect_stdout(io.StringIO()):
        otter_run(
            str(submission), autograder=str(autograder), output_dir=str(results), no_logo=True
        )
    tests = json.loads((results / "results.json").read_text(encoding="utf-8"))["tests"]
    scores = {
        test["name"]: (test["score"], test["max_score"]) for test in tests if "max_score" in test
    }
    return Grading(scores, time.perf_counter() - start)


def worker_pool(jobs: int) -> concurrent.futures.ProcessPoolExecutor:
    """Processes for otter, which changes the working directory and imports slowly.

    Spawned, not forked (a fork of a process with threads can hang), with this folder on their
    path so that they find this module's functions by name.
    """
    return concurrent.futures.ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=functools.partial(site.addsitedir, str(Path(__file__).parent)),
    )


def _read(files: dict[str, Path]) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in files.items()}


def write_assignments(book: Path, out: Path, *, jobs: int = 2) -> dict[str, list[Question]]:
    """Build every chapter's assignment into ``out``; return the questions per chapter."""
    chapters = sorted(book.glob("[0-9][0-9]_*.ipynb"))
    if not chapters:
        raise ValueError(f"no chapter notebooks (NN_name.ipynb) in {book}")
    out = out.resolve()  # the workers change directory
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out / "wheel", ignore_errors=True)
    wheel = course_pack.build_wheel(out / "wheel")
    pins = course_pack.runtime_requirements(
        ROOT / "requirements.txt", roots=(*course_pack.ROOTS, ("otter-grader", frozenset()))
    )
    requirements = "\n".join([*pins, f"./{wheel.name}"]) + "\n"
    built = {}
    with tempfile.TemporaryDirectory() as tmp:
        masters = []
        for chapter in chapters:
            notebook = nbformat.read(chapter, 4)
            questions = chapter_questions(notebook)
            if not questions:
                continue
            work = Path(tmp) / chapter.stem
            work.mkdir()
            (work / "requirements.txt").write_text(requirements, encoding="utf-8")
            shutil.copy2(wheel, work / wheel.name)
            master = work / f"{chapter.stem}.ipynb"
            nbformat.write(master_notebook(notebook, chapter.stem, wheel.name), master)
            masters.append(master)
            built[chapter.stem] = questions
        with worker_pool(jobs) as pool:
            list(pool.map(_otter_assign, masters, [out / m.stem for m in masters]))
    rows = "\n".join(
        f"| `{name}` | {len(qs)}: {', '.join(q.label for q in qs)} |" for name, qs in built.items()
    )
    (out / "README.md").write_text(
        README.format(
            otter_version=version("otter-grader"),
            rows=rows,
            student_pack=STUDENT_PACK,
        ),
        encoding="utf-8",
    )
    student = {f"{name}.ipynb": out / name / "student" / f"{name}.ipynb" for name in built}
    course_pack.write_zip(
        {
            **_read(student | {wheel.name: wheel}),
            "README.md": STUDENT_README.encode(),
            "requirements.txt": requirements.encode(),
        },
        out / STUDENT_PACK,
        "l1tutor-assignments",
    )
    # Per chapter, the autograder and the reference solution; with the README and the student pack.
    instructor = {
        f"{name}/autograder/{file}": out / name / "autograder" / file
        for name in built
        for file in (f"{name}-autograder.zip", f"{name}.ipynb")
    }
    instructor |= {"README.md": out / "README.md", STUDENT_PACK: out / STUDENT_PACK}
    course_pack.write_zip(
        _read(instructor), out / INSTRUCTOR_PACK, "l1tutor-assignments-instructor"
    )
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path, help="folder with the chapter notebooks")
    parser.add_argument("out", type=Path, help="folder to write the assignments into")
    args = parser.parse_args()
    for name, questions in write_assignments(args.book, args.out).items():
        print(f"{name}: {len(questions)} autograded questions")


if __name__ == "__main__":
    main()
