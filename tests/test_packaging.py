"""The wheel works without the repository: build it, install it into a fresh virtual
environment outside the source tree, import every public module and run the doctests there."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.install

ROOT = Path(__file__).resolve().parents[1]

# Runs inside the fresh environment, from a directory that is not the repository.
IMPORT_ALL = """
import importlib, pkgutil
import l1tutor
assert "site-packages" in l1tutor.__file__, l1tutor.__file__
names = sorted(m.name for m in pkgutil.walk_packages(l1tutor.__path__, prefix="l1tutor."))
for name in names:
    importlib.import_module(name)
print(f"wheel l1tutor {l1tutor.__version__}: imported {len(names)} modules from site-packages")
"""


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


def test_build_produces_a_wheel_and_an_sdist(dist):
    assert len(list(dist.glob("l1tutor-*.whl"))) == 1
    assert len(list(dist.glob("l1tutor-*.tar.gz"))) == 1


def test_wheel_works_in_a_fresh_environment_outside_the_repository(dist, tmp_path, report_line):
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    wheel = next(dist.glob("l1tutor-*.whl"))
    # The pinned versions keep the install reproducible (and served from pip's cache); pytest
    # runs the doctests of the installed modules.
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    constraints = ["-c", str(ROOT / "requirements.txt")]
    subprocess.run([*pip, *constraints, f"{wheel}[data]", "pytest"], check=True)
    imported = subprocess.run(
        [str(python), "-c", IMPORT_ALL], cwd=tmp_path, capture_output=True, text=True
    )
    assert imported.returncode == 0, imported.stderr
    doctests = subprocess.run(
        [
            str(python),
            "-m",
            "pytest",
            "--pyargs",
            "l1tutor",
            "--doctest-modules",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "doctest_optionflags=NORMALIZE_WHITESPACE NUMBER",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"MPLBACKEND": "Agg", "PATH": ""},
    )
    summary = doctests.stdout.strip().splitlines()[-1] if doctests.stdout.strip() else ""
    report_line(f"{imported.stdout.strip()}; doctests from the wheel: {summary}")
    assert doctests.returncode == 0, doctests.stdout + doctests.stderr
    assert " passed" in summary and "failed" not in summary
