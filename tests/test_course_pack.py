"""The course pack as a student meets it: downloaded from the website, unzipped in a folder with
nothing else of the repository, installed exactly as its README says, every chapter executed.

`make test` builds both editions (and with them their packs) first. Where the website is not
built these tests skip, except in CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from site_browser import ROOT, SITE, STUDENT_SITE, missing

import l1tutor

pytestmark = [pytest.mark.site, pytest.mark.install]

PACK_DIR = "l1tutor-course-pack"
CHAPTERS = sorted(p.name for p in (ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
RECORD = "application/papermill.record/text/plain"
# Tools for building and testing the book, which a student's environment must not need.
DEVELOPER_TOOLS = {
    "build",
    "coverage",
    "hypothesis",
    "jupyter-book",
    "mypy",
    "myst-nb",
    "nbval",
    "playwright",
    "pytest",
    "ruff",
    "sphinx",
}
# A number from each chapter, as the chapter prints it: the student must see the same.
KEY_LINES = {
    "01_what_is_l1_loss.ipynb": "L1 loss (MAE)          = 2.0",
    "02_robust_to_outliers.ipynb": "L1 cost: 990   L2 cost: 980100",
    "03_constant_gradient.ipynb": "identical: True",
    "04_sparsity.ipynb": "alpha_max = 45.1600",
    "05_quantile_regression.ipynb": " tau = 0.5      81.48   0.560",
}


def _linked_pack(site: Path, page: str) -> Path:
    """The zip file that ``page`` of ``site`` links as the course pack."""
    path = site / page
    if not path.exists():
        missing(f"{path} is missing: run make book and make student")
    hrefs = set(re.findall(r'href="([^"]*l1tutor-course-pack\.zip)"', path.read_text("utf-8")))
    assert len(hrefs) == 1, f"{page} should link one course pack, links {sorted(hrefs)}"
    pack = (path.parent / hrefs.pop()).resolve()
    assert pack.is_file() and pack.is_relative_to(site.resolve()), pack
    return pack


@pytest.fixture(scope="module")
def pack() -> Path:
    return _linked_pack(SITE, "book/intro.html")


def _members(zip_path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        assert all(name.startswith(f"{PACK_DIR}/") for name in names), names
        return {name.split("/", 1)[1]: archive.read(name) for name in names}


def test_the_landing_page_and_the_instructors_page_link_the_same_pack(pack):
    assert _linked_pack(SITE, "book/instructors.html").read_bytes() == pack.read_bytes()
    # The site serves the pack that `make book` built from this checkout.
    built = ROOT / "_build" / "course-pack" / "l1tutor-course-pack.zip"
    assert built.read_bytes() == pack.read_bytes()


def test_the_pack_holds_the_chapters_the_wheel_and_runtime_pins_only(pack):
    files = _members(pack)
    wheel = f"l1tutor-{l1tutor.__version__}-py3-none-any.whl"
    assert sorted(files) == sorted([*CHAPTERS, "README.md", "requirements.txt", wheel])
    for chapter in CHAPTERS:
        assert files[chapter] == (ROOT / "book" / chapter).read_bytes(), f"{chapter} is stale"
    pins = dict(
        line.split("==")
        for line in (ROOT / "requirements.txt").read_text("utf-8").splitlines()
        if "==" in line
    )
    lines = files["requirements.txt"].decode().splitlines()
    assert lines[-1] == f"./{wheel}"
    student = dict(line.split("==") for line in lines[:-1])
    assert {name: pins.get(name) for name in student} == student, "pins differ from the repo's"
    assert {"numpy", "scipy", "sympy", "matplotlib", "scikit-learn", "jupyterlab"} <= set(student)
    assert not DEVELOPER_TOOLS & {name.lower() for name in student}
    readme = files["README.md"].decode()
    assert "pip install -r requirements.txt" in readme and "jupyter lab" in readme


def test_the_student_edition_links_a_pack_without_solutions():
    files = _members(_linked_pack(STUDENT_SITE, "book/intro.html"))
    chapters = sorted(name for name in files if name.endswith(".ipynb"))
    assert chapters == CHAPTERS
    for name in chapters:
        text = files[name].decode()
        assert "{exercise}" in text and "solution-start" not in text, name


def _commands(readme: str) -> list[str]:
    """The shell commands of the README's fenced bash blocks, in order."""
    blocks = re.findall(r"```bash\n(.*?)```", readme, flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def _student_env() -> dict[str, str]:
    """The environment of a terminal on a machine that never saw the repository."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    repo_bin = str(ROOT / ".venv" / "bin")
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != repo_bin)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _visible_outputs(cell: dict) -> list[str]:
    """What a reader sees of a code cell: text, not figures' pixels or glue records."""
    stream = "".join("".join(o["text"]) for o in cell["outputs"] if o["output_type"] == "stream")
    shown = [stream] if stream else []
    for output in cell["outputs"]:
        data = output.get("data", {})
        if RECORD in data:
            continue
        shown += ["".join(data[k]) for k in ("text/plain", "text/latex") if k in data]
    return shown


def test_a_student_installs_the_pack_as_its_readme_says_and_runs_every_chapter(
    pack, tmp_path, report_line
):
    with zipfile.ZipFile(pack) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / PACK_DIR
    commands = _commands((folder / "README.md").read_text("utf-8"))
    install, open_lab, run_one = commands[0], commands[1], commands[2]
    assert open_lab.endswith("jupyter lab"), open_lab  # interactive: not run here
    env = _student_env()

    start = time.perf_counter()
    done = subprocess.run(
        ["bash", "-c", install], cwd=folder, env=env, capture_output=True, text=True
    )
    installed = time.perf_counter() - start
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    python = folder / ".venv" / "bin" / "python"
    probe = "import importlib.util as u, l1tutor; print(l1tutor.__file__, u.find_spec('myst_nb'))"
    where = subprocess.run([python, "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    assert "site-packages" in where.stdout and where.stdout.strip().endswith("None"), where

    example = shlex.split(run_one)[-1]
    start = time.perf_counter()
    for chapter in CHAPTERS:
        done = subprocess.run(
            ["bash", "-c", run_one.replace(example, chapter)],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, f"{chapter}: {done.stderr[-3000:]}"
        stored = json.loads((ROOT / "book" / chapter).read_text("utf-8"))["cells"]
        fresh = json.loads((folder / chapter).read_text("utf-8"))["cells"]
        assert len(fresh) == len(stored)
        for old, new in zip(stored, fresh, strict=True):
            if old["cell_type"] == "code":
                assert _visible_outputs(new) == _visible_outputs(old), "".join(old["source"])
                assert not any(RECORD in o.get("data", {}) for o in new["outputs"])
        assert chapter in KEY_LINES, f"name a key line of {chapter} in KEY_LINES"
        assert KEY_LINES[chapter] in json.dumps(fresh), chapter
    executed = time.perf_counter() - start
    report_line(
        f"course pack: {pack.stat().st_size / 2**20:.1f} MiB; student install {installed:.0f} s, "
        f"{len(CHAPTERS)} chapters executed in {executed:.0f} s, outputs equal to the stored ones"
    )
