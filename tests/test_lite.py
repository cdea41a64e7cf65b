"""Every chapter run in the reader's browser: the site's JupyterLite and Pyodide, offline.

For each chapter the test opens the page its "Run in your browser" link names, with every
request to another host blocked and counted, runs all cells and checks: no cell fails, no
request left the site, and the numbers the chapter records for its text (its glue values:
the worked example's 2.0, chapter 2's 990 and 980100, chapter 4's alpha_max, and the rest)
equal the ones stored in the book's notebook. The five chapters run once, one after another
in one browser tab (a reader's browser cache after the first chapter); the time to the first
executed cell and the total of each is printed at the end.

`make lite` builds the in-browser edition and `make book` puts it into the site (see
``scripts/build_lite.py`` and ``_ext/lite_launch.py``); where it is missing these tests skip,
except in CI.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from site_browser import CHAPTERS, ROOT, SITE, missing

pytestmark = pytest.mark.site

LITE = SITE / "lite"
NOTEBOOKS = {Path(page).stem: ROOT / "book" / f"{Path(page).stem}.ipynb" for page in CHAPTERS}
RECORD = "application/papermill.record/text/plain"
#: Values the issue names, as the stored notebooks hold them (checked against those too).
KEY_VALUES = {
    "01_what_is_l1_loss": {"ch1_mae": "2.0"},
    "02_robust_to_outliers": {"ch2_l1_cost": "990.0", "ch2_l2_cost": "980100.0"},
    "04_sparsity": {"ch4_alpha_max": None},  # None: whatever the stored notebook holds
}
#: Glue values that are measured times, not results: they differ from run to run.
TIMINGS = {"ch2_ipm_speedup"}
#: Seconds for one chapter (Pyodide's start included) before the test gives up.
CHAPTER_TIMEOUT = 300

# Make glue() display its records, as it does in the book's build (where MyST-NB is installed),
# so that they can be read from the outputs; it is run in the kernel before the first cell.
RECORDING = "import l1tutor.notebook\nl1tutor.notebook._in_book_build = lambda: True\n"
PANEL = "window.jupyterapp.shell.currentWidget"


def stored_records(notebook: Path) -> dict[str, str]:
    """The glue records of a stored notebook: name -> text."""
    records = {}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name and RECORD in output.get("data", {}):
                records[name] = output["data"][RECORD]
    return records


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and "lite/" in href:
            self.hrefs.append(href)


def launch_links(page: str) -> list[str]:
    """The links of a chapter's page into the site's JupyterLite."""
    parser = _Links()
    parser.feed((SITE / page).read_text(encoding="utf-8"))
    return parser.hrefs


@dataclass
class Run:
    """What happened while one chapter ran in the browser."""

    first_cell: float = 0.0
    total: float = 0.0
    code_cells: int = 0
    executed: int = 0
    errors: list[str] = field(default_factory=list)
    records: dict[str, str] = field(default_factory=dict)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def lite(site: Path) -> Path:
    if not (LITE / "jupyter-lite.json").exists():
        missing("the in-browser edition is not in the site: run `make lite`, then `make book`")
    return LITE


@pytest.fixture(scope="module")
def runs(lite, browser, server, report_line) -> dict[str, Run]:
    """Each chapter opened from its launch link and run to the end, in one tab."""
    host = urlsplit(server).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    current: list[Run] = [Run()]

    def route(request_route) -> None:
        url = request_route.request.url
        if urlsplit(url).netloc not in (host, "") and not url.startswith(("data:", "blob:")):
            current[0].foreign.append(url)
            request_route.abort()
        elif urlsplit(url).path == "/lite/jupyter-lite.json":
            # Let the test reach the app (window.jupyterapp); the site itself does not expose it.
            response = request_route.fetch()
            config = response.json()
            config["jupyter-config-data"]["exposeAppInBrowser"] = True
            request_route.fulfill(response=response, body=json.dumps(config))
        else:
            request_route.continue_()

    context.route("**/*", route)
    context.on(
        "response",
        lambda r: current[0].failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page = context.new_page()
    results: dict[str, Run] = {}
    started = time.perf_counter()
    try:
        for chapter_page in CHAPTERS:
            stem = Path(chapter_page).stem
            current[0] = results[stem] = Run()
            links = set(launch_links(chapter_page))
            if len(links) != 1:
                results[stem].errors.append(f"{chapter_page} has launch links {links}")
                continue
            _run_chapter(page, urljoin(f"{server}/{chapter_page}", links.pop()), results[stem])
    finally:
        context.close()
    elapsed = time.perf_counter() - started
    for stem, run in results.items():
        report_line(
            f"in the browser (JupyterLite): {stem}: first cell {run.first_cell:.1f} s, "
            f"all {run.executed} cells {run.total:.1f} s"
        )
    report_line(f"in the browser (JupyterLite): {len(results)} chapters in {elapsed:.0f} s")
    return results


def _run_chapter(page, url: str, run: Run) -> None:
    """Open url (a chapter in JupyterLite), run every cell, and record what happened in run."""
    start = time.perf_counter()
    page.goto(url)
    timeout = CHAPTER_TIMEOUT * 1000
    page.wait_for_function(
        f"window.jupyterapp && {PANEL} && {PANEL}.sessionContext", timeout=timeout
    )
    page.evaluate(f"{PANEL}.sessionContext.ready")
    page.evaluate(
        """async code => {
            const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
            const reply = await kernel.requestExecute({code, store_history: false}).done;
            if (reply.content.status !== 'ok') throw new Error(JSON.stringify(reply.content));
        }""",
        RECORDING,
    )
    # The first code cell alone (JupyterLite reports the cells of one run-all together), then
    # it and every cell below it, as a reader's run-all does.
    cells = f"{PANEL}.content.model.cells"
    first = page.evaluate(
        f"""() => {{
            for (let i = 0; i < {cells}.length; i++) if ({cells}.get(i).type === 'code') return i;
        }}"""
    )
    page.evaluate(
        f"""async index => {{
            {PANEL}.content.activeCellIndex = index;
            await window.jupyterapp.commands.execute('notebook:run-cell');
        }}""",
        first,
    )
    page.wait_for_function(
        f"{cells}.get({first}).executionCount != null", timeout=timeout, polling=100
    )
    run.first_cell = time.perf_counter() - start
    page.evaluate(
        f"""index => {{
            {PANEL}.content.activeCellIndex = index;
            return window.jupyterapp.commands.execute('notebook:run-all-below');
        }}""",
        first,
    )
    # Done when every code cell has run, or one has failed (the rest are then not run).
    page.wait_for_function(
        f"""() => {{
            let done = true;
            for (let i = 0; i < {cells}.length; i++) {{
                const cell = {cells}.get(i);
                if (cell.type !== 'code') continue;
                if (cell.executionCount == null) done = false;
                for (let j = 0; j < cell.outputs.length; j++)
                    if (cell.outputs.get(j).type === 'error') return true;
            }}
            return done && {PANEL}.sessionContext.session.kernel.status === 'idle';
        }}""",
        timeout=timeout,
        polling=250,
    )
    run.total = time.perf_counter() - start
    cells_json = page.evaluate(f"{PANEL}.content.model.toJSON().cells")
    for index, cell in enumerate(cells_json):
        if cell["cell_type"] != "code":
            continue
        run.code_cells += 1
        run.executed += cell["execution_count"] is not None
        for output in cell["outputs"]:
            if output["output_type"] == "error":
                run.errors.append(f"cell {index}: {output['ename']}: {output['evalue']}")
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name and RECORD in output.get("data", {}):
                text = output["data"][RECORD]
                run.records[name] = text if isinstance(text, str) else "".join(text)


# --- the site links every chapter to its copy in JupyterLite ----------------------------------


def test_every_chapter_links_to_its_notebook_in_the_sites_jupyterlite(lite):
    assert CHAPTERS
    for page in CHAPTERS:
        links = set(launch_links(page))
        assert len(links) == 1, (page, links)  # the header button and the line under the title
        (link,) = links
        target = urlsplit(urljoin(f"http://site/{page}", link))
        assert target.path == "/lite/notebooks/index.html", link
        (notebook,) = parse_qs(target.query)["path"]
        assert notebook == Path(page).stem + ".ipynb"
        assert (lite / "files" / notebook).is_file()
        assert "Run in your browser" in (SITE / page).read_text(encoding="utf-8")


def test_no_chapter_page_loads_jupyterlite_before_the_click(lite):
    for page in CHAPTERS:
        text = (SITE / page).read_text(encoding="utf-8")
        loaded = re.findall(
            r"<(?:script|link|iframe)\b[^>]*(?:src|href)=\"([^\"]*lite/[^\"]*)\"", text
        )
        assert not loaded, (page, loaded)


def test_the_lite_site_loads_pyodide_from_itself_and_never_from_pypi(lite):
    config = json.loads((lite / "jupyter-lite.json").read_text(encoding="utf-8"))
    settings = config["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"
    ]
    assert settings["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert settings["disablePyPIFallback"] is True
    lock = json.loads((lite / "static/pyodide/pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["info"]["version"] == "0.27.7"
    for name in ("numpy", "scipy", "matplotlib", "scikit-learn", "sympy", "mpmath", "l1tutor"):
        assert (lite / "static/pyodide" / lock["packages"][name]["file_name"]).is_file(), name


# --- each chapter, run in chromium ---------------------------------------------------------------


@pytest.mark.parametrize("stem", sorted(NOTEBOOKS))
def test_chapter_runs_offline_in_the_browser_with_the_stored_numbers(runs, stem):
    run = runs[stem]
    assert run.foreign == [], f"requests to other hosts: {run.foreign}"
    assert run.errors == [], run.errors
    assert run.executed == run.code_cells > 0
    assert run.failed == [], run.failed
    stored = stored_records(NOTEBOOKS[stem])
    for name, value in KEY_VALUES.get(stem, {}).items():
        assert name in stored, f"{name} is no longer glued in {stem}"
        if value is not None:
            assert stored[name] == value, (name, stored[name])
        assert run.records.get(name) == stored[name], (name, run.records.get(name))
    different = {
        name: (text, run.records.get(name))
        for name, text in stored.items()
        if name not in TIMINGS and run.records.get(name) != text
    }
    assert not different, f"stored / in the browser: {different}"
