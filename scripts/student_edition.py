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
START = re.compile(r"^[ \t]*([`:]{3,})[ \t]*\{solution-start\}.*$", re.MULTILINE)
# The end marker, with its closing fence (the same backticks or colons) if there is one.
END = re.compile(
    r"^[ \t]*([`:]{3,})[ \t]*\{solution-end\}.*\n(?:[ \t]*\1[ \t]*(?:\n|$))?", re.MULTILINE
)


def strip_solutions(cells: list[dict]) -> list[dict]:
    """Return the cells without the gated solutions (markers included).

    A solution starts at a ``{solution-start}`` directive and ends after the closing fence of
    the next ``{solution-end}``; markdown before the start or after the end, in the same cell
    (an exercise, say), is kept.

    Examples
    --------
    >>> md = lambda text: {"cell_type": "markdown", "source": text}
    >>> cells = [md("```{exercise}\\n:label: e\\nQ?\\n```\\n```{solution-start} e\\n```\\nHint"),
    ...          {"cell_type": "code", "source": "answer = 42"},
    ...          md("```{solution-end}\\n```\\nNext section")]
    >>> [c["source"] for c in strip_solutions(cells)]
    ['```{exercise}\\n:label: e\\nQ?\\n```', 'Next section']
    """
    kept: list[dict] = []
    inside = False
    for cell in cells:
        if cell["cell_type"] != "markdown":
            if not inside:
                kept.append(cell)
            continue
        text = "".join(cell["source"])
        pieces = []
        while True:
            if not inside:
                start = START.search(text)
                if start is None:
                    pieces.append(text)
                    break
                pieces.append(text[: start.start()])
                text, inside = text[start.end() :], True
            else:
                end = END.search(text)
                if end is None:
                    break
                text, inside = text[end.end() :], False
        kept_text = "".join(pieces).strip("\n")
        if kept_text.strip():
            kept.append({**cell, "source": kept_text})
    if inside:
        raise ValueError("a {solution-start} has no matching {solution-end}")
    return kept


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
        elif path.is_file():
            shutil.copy2(path, out / "book" / path.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the student sources into")
    write_student_sources(parser.parse_args().out)


if __name__ == "__main__":
    main()
