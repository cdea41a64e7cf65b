"""Write the course pack: one zip with the chapters, the l1tutor wheel and how to run them.

A reader who downloads it needs nothing else from the repository. It holds

* every chapter notebook of a book folder (stored with its outputs),
* the ``l1tutor`` wheel built from this checkout,
* ``requirements.txt`` for students: the runtime packages only (l1tutor's dependencies, the
  scikit-learn extra and JupyterLab, with everything they pull in), pinned to the versions of
  the repository's own ``requirements.txt``, which were tested together,
* ``README.md`` with the two commands that install them and open the chapters.

Usage: ``python scripts/course_pack.py BOOK_DIR OUT_ZIP`` (the website links the zip).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from importlib.metadata import requires
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PACK = "l1tutor-course-pack"
# The environments the pack supports: a dependency needed on any of them is pinned.
PYTHONS = ("3.11", "3.12", "3.13")
# What a student runs: the package with the extra that chapter 4's data needs, and the editor.
ROOTS = (("l1tutor", frozenset({"data"})), ("jupyterlab", frozenset()))

README = """\
# L1 Loss, executable: the course pack

The chapters of the book *L1 Loss, executable* as Jupyter notebooks, with the `l1tutor` package
(version {version}) that their code calls. Nothing else is needed: no clone of the repository and
no account anywhere, only Python {pythons} and a connection to the Python Package Index for the
first install.

## Install, then open the chapters

In a terminal, in this folder:

```bash
python3 -m venv .venv && .venv/bin/python -m pip install -r requirements.txt
.venv/bin/jupyter lab
```

The first command creates a virtual environment in `.venv` and installs `l1tutor` with the
packages it needs, at the versions the book was tested with (a few minutes, once). The second
opens JupyterLab in your browser: open a chapter and choose *Run > Run All Cells*. On Windows,
use `py -m venv .venv`, `.venv\\Scripts\\python -m pip install -r requirements.txt` and
`.venv\\Scripts\\jupyter lab`.

To run a chapter from start to end without opening it (its outputs are stored in the file):

```bash
.venv/bin/jupyter nbconvert --to notebook --execute --inplace 01_what_is_l1_loss.ipynb
```

## What is in the pack

{contents}
A few cells near the top and after some computations record numbers for the website's text
(`glue(...)`). The website hides them; here they run and do nothing visible.

Code: MIT License. Text, figures and notebooks: CC BY 4.0.
"""


def runtime_requirements(
    pins_file: Path, *, roots: tuple[tuple[str, frozenset[str]], ...] = ROOTS
) -> list[str]:
    """Pinned lines for every package a student's environment needs, sorted by name.

    Walks the installed metadata from ``roots`` (by default :data:`ROOTS`) through every
    requirement whose marker holds on one of :data:`PYTHONS` (on Linux, where the pins were
    tested; pip adds what another platform needs), and pins each package found to
    ``pins_file``'s version.

    Examples
    --------
    >>> lines = runtime_requirements(ROOT / "requirements.txt")
    >>> [line.split("==")[0] for line in lines if line.startswith(("numpy", "pytest"))]
    ['numpy']
    """
    pins = {}
    for line in pins_file.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = (name, version)
    found: dict[str, set[str]] = {}
    pending = [(name, set(extras)) for name, extras in roots]
    while pending:
        name, extras = pending.pop()
        key = canonicalize_name(name)
        if key in found and extras <= found[key]:
            continue
        found.setdefault(key, set()).update(extras)
        for text in requires(name) or []:
            requirement = Requirement(text)
            if _needed(requirement, extras):
                if canonicalize_name(requirement.name) not in pins:
                    raise ValueError(f"{requirement.name} (needed by {name}) is not pinned")
                pending.append((requirement.name, set(requirement.extras)))
    found.pop("l1tutor")  # the wheel itself is the last line of the file
    return [f"{pins[key][0]}=={pins[key][1]}" for key in sorted(found)]


def _needed(requirement: Requirement, extras: set[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(
        requirement.marker.evaluate(
            {"python_version": python, "python_full_version": f"{python}.0", "extra": extra}
        )
        for python in PYTHONS
        for extra in extras or {""}
    )


def build_wheel(out: Path) -> Path:
    """Build the ``l1tutor`` wheel of this checkout into ``out`` and return its path."""
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("l1tutor-*.whl")
    return wheel


def _title(notebook: Path) -> str:
    """The first level-1 heading of a notebook's markdown cells."""
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError(f"{notebook.name} has no '# ' title")


def write_course_pack(book: Path, out: Path) -> Path:
    """Write the course pack of the chapters in ``book`` to the zip file ``out``."""
    chapters = sorted(book.glob("[0-9][0-9]_*.ipynb"))
    if not chapters:
        raise ValueError(f"no chapter notebooks (NN_name.ipynb) in {book}")
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(Path(tmp))
        version = wheel.name.split("-")[1]
        requirements = runtime_requirements(ROOT / "requirements.txt")
        requirements.append(f"./{wheel.name}")
        rows = [f"- `{path.name}`: {_title(path)}" for path in chapters]
        rows += [
            f"- `{wheel.name}`: the `l1tutor` package",
            "- `requirements.txt`: the pinned packages, the wheel included",
        ]
        files = {
            "README.md": README.format(
                version=version,
                pythons=f"{PYTHONS[0]} to {PYTHONS[-1]}",
                contents="\n".join(rows) + "\n",
            ).encode(),
            "requirements.txt": ("\n".join(requirements) + "\n").encode(),
            wheel.name: wheel.read_bytes(),
        }
        files.update({path.name: path.read_bytes() for path in chapters})
    write_zip(files, out, PACK)
    return out


def write_zip(files: dict[str, bytes], out: Path, top: str) -> None:
    """Zip ``files`` (archive name to contents) under the folder ``top``.

    Entries are sorted and dated 1980-01-01, so the same inputs give the same zip.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path, help="folder with the chapter notebooks")
    parser.add_argument("out", type=Path, help="zip file to write")
    args = parser.parse_args()
    path = write_course_pack(args.book, args.out)
    print(f"course pack: {path} ({path.stat().st_size / 2**20:.1f} MiB)")


if __name__ == "__main__":
    main()
