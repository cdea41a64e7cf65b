"""Write the student edition's sources: the book with its exercises but none of its solutions.

sphinx-exercise's ``hide_solutions`` option cannot drop *gated* solutions (the
``solution-start``/``solution-end`` pairs that let solution code run under nbval): the build
fails on the orphaned end marker. So the student edition is built from a filtered copy of the
sources instead: solution cells are deleted from each notebook, and ``hide_solutions`` is still
set so that any non-gated ``{solution}`` directive is dropped by Sphinx too.

Usage: ``python scripts/student_edition.py OUT_DIR`` then ``jupyter-book build OUT_DIR``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
COPIED = ["_toc.yml", "references.bib", "_assets", "_ext"]
START = re.compile(r"^[ \t]*([`:]{3,})[ \t]*\{solution-start\}[ \t]*(\S*).*$", re.MULTILINE)
# The end marker, with its closing fence (the same backticks or colons) if there is one.
END = re.compile(
    r"^[ \t]*([`:]{3,})[ \t]*\{solution-end\}.*\n(?:[ \t]*\1[ \t]*(?:\n|$))?", re.MULTILINE
)

# Pages mark what only the full edition offers (the instructors' downloads, say) with a pair of
# comments; the student edition drops the text between them.
NOT_FOR_STUDENTS = re.compile(
    r"^<!-- not in the student edition -->\n.*?^<!-- end: not in the student edition -->\n",
    re.MULTILINE | re.DOTALL,
)


def split_solutions(cells: list[dict]) -> list[tuple[str | None, list[dict]]]:
    """Split the cells into runs: ``(None, cells)`` outside solutions, ``(label, cells)`` inside.

    A solution starts at a ``{solution-start}`` directive and ends after the closing fence of
    the next ``{solution-end}``; a markdown cell holding a marker is cut at it, its text before
    a start or after an end (an exercise, say) going to the run outside, and markers dropped.

    Examples
    --------
    >>> md = lambda text: {"cell_type": "markdown", "source": text}
    >>> cells = [md("```{exercise}\\n:label: e\\nQ?\\n```\\n```{solution-start} e\\n```\\nHint"),
    ...          {"cell_type": "code", "source": "answer = 42"},
    ...          md("```{solution-end}\\n```\\nNext section")]
    >>> for label, run in split_solutions(cells):
    ...     print(label, [c["source"] for c in run])
    None ['```{exercise}\\n:label: e\\nQ?\\n```']
    e ['```\\nHint', 'answer = 42']
    None ['Next section']
    """
    runs: list[tuple[str | None, list[dict]]] = [(None, [])]

    def add(cell: dict, text: str | None = None) -> None:
        if text is None:
            runs[-1][1].append(cell)
        elif text.strip("\n").strip():
            runs[-1][1].append({**cell, "source": text.strip("\n")})

    for cell in cells:
        if cell["cell_type"] != "markdown":
            add(cell)
            continue
        text = "".join(cell["source"])
        while True:
            marker = (START if runs[-1][0] is None else END).search(text)
            if marker is None:
                add(cell, text)
                break
            add(cell, text[: marker.start()])
            text = text[marker.end() :]
            runs.append((marker.group(2) if runs[-1][0] is None else None, []))
    if runs[-1][0] is not None:
        raise ValueError(
            f"the {{solution-start}} of {runs[-1][0]!r} has no matching {{solution-end}}"
        )
    return [run for run in runs if run[1] or run[0] is not None]


def strip_solutions(cells: list[dict]) -> list[dict]:
    """Return the cells without the gated solutions (markers included).

    Examples
    --------
    >>> cells = [{"cell_type": "markdown", "source": "Q?\\n```{solution-start} e\\n```"},
    ...          {"cell_type": "code", "source": "answer = 42"},
    ...          {"cell_type": "markdown", "source": "```{solution-end}\\n```"}]
    >>> [c["source"] for c in strip_solutions(cells)]
    ['Q?']
    """
    return [cell for label, run in split_solutions(cells) if label is None for cell in run]


def write_student_sources(out: Path) -> None:
    """Copy the book's sources to ``out`` with the solutions removed."""
    if out.exists():
        shutil.rmtree(out)
    (out / "book").mkdir(parents=True)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = f"{config['title']} (student edition)"
    config.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
    (out / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, out / name)
        elif source.exists():
            shutil.copy2(source, out / name)
    for path in sorted((ROOT / "book").iterdir()):
        if path.suffix == ".ipynb":
            nb = json.loads(path.read_text(encoding="utf-8"))
            nb["cells"] = strip_solutions(nb["cells"])
            (out / "book" / path.name).write_text(json.dumps(nb, indent=1), encoding="utf-8")
        elif path.suffix == ".md":
            text = NOT_FOR_STUDENTS.sub("", path.read_text(encoding="utf-8"))
            (out / "book" / path.name).write_text(text, encoding="utf-8")
        elif path.is_file():
            shutil.copy2(path, out / "book" / path.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the student sources into")
    write_student_sources(parser.parse_args().out)


if __name__ == "__main__":
    main()
