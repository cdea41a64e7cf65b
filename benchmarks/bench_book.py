"""The book: clean build, cached rebuild, nbval per notebook and the full test suite.

The build goes to a temporary ``--path-output`` (never the shared ``_build/``) with a temporary
table of contents: ``_toc.yml`` without entries whose files do not exist yet, plus every chapter
notebook in ``book/`` that it does not list. The builds and the test run are long, so each is
timed once (not a median). The full test command is ``make test``: a clean build, then pytest.

``--quick`` skips the builds and the test run and times one notebook execution (nbclient).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import harness
import yaml
from harness import Row, Sample

AREA = "book"
ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CLEAN_BUILD_SECONDS = 60.0
TEST_COMMAND_SECONDS = 300.0
NOTEBOOK_SECONDS = 10.0
JB_FLAGS = ("-W", "-n", "--keep-going")  # as in the Makefile


def _exists(entry: str) -> bool:
    return any((ROOT / f"{entry}{ext}").exists() for ext in (".md", ".ipynb"))


def book_toc() -> dict:
    """``_toc.yml`` restricted to existing files, with every unlisted chapter notebook added."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    sections = [toc, *toc.get("parts", [])]
    listed = set()
    for section in sections:
        if "chapters" in section:
            section["chapters"] = [c for c in section["chapters"] if _exists(c["file"])]
            listed |= {c["file"] for c in section["chapters"]}
    missing = [
        {"file": f"book/{path.stem}"}
        for path in sorted((ROOT / "book").glob("[0-9]*.ipynb"))
        if f"book/{path.stem}" not in listed
    ]
    first = next(s for s in sections if "chapters" in s)
    first["chapters"] = sorted(first["chapters"] + missing, key=lambda c: c["file"])
    return toc


def _run(command: Sequence[str], timeout: float) -> tuple[float, int, str]:
    """Wall time, exit code and the last line of output of a command run from the root."""
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    lines = (done.stdout + done.stderr).strip().splitlines()
    return time.perf_counter() - start, done.returncode, lines[-1] if lines else ""


def _once(seconds: float) -> Sample:
    return Sample(seconds, seconds, seconds)


def _build_rows(workdir: Path) -> tuple[list[Row], float]:
    toc = workdir / "_toc.yml"
    toc.write_text(yaml.safe_dump(book_toc(), sort_keys=False), encoding="utf-8")
    command = [str(BIN / "jupyter-book"), "build", ".", "--toc", str(toc)]
    command += ["--path-output", str(workdir), *JB_FLAGS]
    clean, code, _ = _run(command, timeout=900)
    cached, code_again, _ = _run(command, timeout=900)
    chapters = len(list((ROOT / "book").glob("[0-9]*.ipynb")))
    status = "exit 0" if code == 0 else f"exit {code} (warnings or errors, see a manual build)"
    rows = [
        Row(
            AREA,
            f"clean build, {chapters} chapters executed",
            _once(clean),
            limit=CLEAN_BUILD_SECONDS,
            compare="value",
            note=f"jupyter-book {status}",
        ),
        Row(
            AREA,
            "cached rebuild (nothing changed)",
            _once(cached),
            note=f"jupyter-book exit {code_again}",
        ),
    ]
    return rows, clean


def _notebook_times(junit: Path) -> dict[str, float]:
    """Seconds per notebook under nbval (setup, i.e. kernel start, included), from JUnit XML."""
    times: dict[str, float] = defaultdict(float)
    for case in ET.parse(junit).getroot().iter("testcase"):
        name = case.get("classname", "")
        if name.startswith("book."):
            times[name.split(".")[1]] += float(case.get("time", 0.0))
    return dict(times)


def _suite_rows(workdir: Path, clean_build: float) -> list[Row]:
    junit = workdir / "junit.xml"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    seconds, code, summary = _run([*command, f"--junitxml={junit}"], timeout=1800)
    rows = [
        Row(AREA, "full test suite (pytest)", _once(seconds), note=f"exit {code}: {summary}"),
        Row(
            AREA,
            "full test command (clean build + pytest)",
            _once(clean_build + seconds),
            limit=TEST_COMMAND_SECONDS,
            compare="value",
            note="what `make test` runs",
        ),
    ]
    if not junit.exists():
        return rows
    notebooks = _notebook_times(junit)
    rows.append(Row(AREA, f"nbval, all {len(notebooks)} notebooks", _once(sum(notebooks.values()))))
    rows += [
        Row(AREA, f"nbval {name}", _once(t), limit=NOTEBOOK_SECONDS, compare="value")
        for name, t in sorted(notebooks.items())
    ]
    return rows


def _quick_rows() -> list[Row]:
    import nbformat
    from nbclient import NotebookClient

    path = sorted((ROOT / "book").glob("[0-9]*.ipynb"))[0]
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(path.parent)}})
    seconds = harness.time_once(client.execute)
    return [
        Row(
            AREA,
            f"execute {path.stem} (nbclient)",
            _once(seconds),
            limit=NOTEBOOK_SECONDS,
            compare="value",
            note="quick mode: no build, no test run",
        )
    ]


def run(quick: bool = False) -> list[Row]:
    if quick:
        return _quick_rows()
    with tempfile.TemporaryDirectory(prefix="l1tutor-bench-book-") as tmp:
        rows, clean = _build_rows(Path(tmp))
        return rows + _suite_rows(Path(tmp), clean)


if __name__ == "__main__":
    harness.main(run, __doc__, sys.argv[1:])
