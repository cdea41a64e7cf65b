"""The benchmark scripts run in quick mode and report well-formed rows (timings never asserted).

Timings on a shared machine prove nothing in a unit test; what is checked here is that each
script still runs against the current package, that its table has the expected cases, and
the measured values that are not timings: accuracy of float32 reductions, extra memory, equal
objectives of the solvers compared.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"


@pytest.fixture(scope="module")
def bench(request):
    """Import a benchmark module by name (the scripts import each other as top-level modules)."""
    sys.path.insert(0, str(BENCH))
    request.addfinalizer(lambda: sys.path.remove(str(BENCH)))
    return importlib.import_module


@pytest.fixture(scope="module")
def loss_rows(bench):
    return bench("bench_losses").run(quick=True)


def _well_formed(rows, area):
    assert rows
    for row in rows:
        assert row.area == area
        assert row.status in {"PASS", "MISS", "info", "n/a"}
        if row.measured is not None:
            m = row.measured
            assert 0 < m.low <= m.median <= m.high
        if row.status in {"PASS", "MISS"}:
            assert row.target


# --- harness ----------------------------------------------------------------------------------


def test_status_and_target_follow_the_limit(bench):
    h = bench("harness")
    case, base = h.Sample(1.0, 2.0, 3.0), h.Sample(1.0, 1.0, 1.0)
    assert h.Row("a", "c", case, "b", base, limit=2.0).status == "PASS"
    assert h.Row("a", "c", case, "b", base, limit=1.5).status == "MISS"
    assert h.Row("a", "c", case, "b", base, limit=2.0, checks_ok=False).status == "MISS"
    assert h.Row("a", "c", case, "b", base).status == "info"
    assert h.Row("a", "c", None, "b", base, limit=2.0).status == "n/a"
    assert h.Row("a", "c", case, limit=2.5, compare="value").status == "PASS"
    assert h.Row("a", "c", case, "b", base, limit=1.5).target == "<= 1.50x"
    assert h.Row("a", "c", case, "b", base, limit=0.1).target == ">= 10x faster"
    assert h.Row("a", "c", case, "b", base, limit=2.0).ratio == 2.0


def test_quantities_and_table(bench):
    h = bench("harness")
    assert h.format_quantity(12e-6, "s") == "12.0 us"
    assert h.format_quantity(0.25, "s") == "250.00 ms"
    assert h.format_quantity(8 * 2**20, "B") == "8.0 MiB"
    rows = [
        h.Row("x", "fast", h.Sample(1.0, 1.0, 1.0, repeats=3), "b", h.Sample(2, 2, 2), 1.0),
        h.Row("x", "missing", None, "b", note="not available: reason"),
    ]
    lines = h.format_table(rows).splitlines()
    assert len({len(line) for line in lines[:-1]}) == 1  # aligned columns
    assert "0.50x" in lines[2] and "PASS" in lines[2] and "0.50-0.50x" in lines[2]
    assert "n/a" in lines[3]
    assert lines[-1] == "1 PASS, 0 MISS, 0 info, 1 n/a"


def test_time_interleaved_runs_every_case_in_turn(bench):
    h = bench("harness")
    calls = []
    samples = h.time_interleaved(
        {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, 3, number=2
    )
    assert calls == ["a", "b"] + ["a", "a", "b", "b"] * 3  # warm-up, then rounds
    assert {s.repeats for s in samples.values()} == {3}


# --- losses -----------------------------------------------------------------------------------


def test_loss_rows_cover_every_target(loss_rows):
    _well_formed(loss_rows, "losses")
    cases = " / ".join(f"{r.case} vs {r.baseline_name}" for r in loss_rows if r.limit)
    for expected in (
        "l1_loss mean, n=2e+06 float64 vs floor",
        "l1_loss sum, n=2e+06 float64 vs floor",
        "l1_loss mean, n=2e+06 float64 vs naive",
        "l1_loss mean, n=2e+06 float64 vs sklearn",
        "l2_loss mean, n=2e+06 float64 vs floor",
        "huber_loss mean, n=2e+06 float64 vs floor",
        "l1_loss mean, n=2e+06 float32 vs float32 floor",
        "l1_loss mean, n=1000 per call",
        "l1_loss mean, n=2e+06: peak extra memory",
    ):
        assert expected in cases


def test_loss_results_are_accurate(loss_rows):
    errors = {r.case: r.values["rel_err"] for r in loss_rows if "rel_err" in r.values}
    assert len(errors) == 6  # three losses in float64 (against naive NumPy) and in float32
    for case, err in errors.items():
        assert err <= (1e-6 if "float32" in case else 1e-12), case


def test_loss_reductions_allocate_a_few_blocks_not_temporaries(loss_rows):
    memory = [r for r in loss_rows if "peak extra memory" in r.case]
    assert len(memory) == 3
    for row in memory:
        assert row.values["peak"] <= 8 * 2**20
        assert row.values["naive"] >= 2 * 8 * 2**21  # two float64 temporaries of n = 2^21
        assert row.status == "PASS"


# --- solvers and book -------------------------------------------------------------------------


def test_lasso_rows_compare_at_equal_or_smaller_duality_gaps(bench):
    rows = bench("bench_lasso").run(quick=True)
    _well_formed(rows, "lasso")
    assert [r.case.split(",")[0] for r in rows] == ["lasso"] * 3 + ["lasso_path"]
    for row in rows:
        # scikit-learn is a requirement: every row has at least that peer.
        assert row.baseline_name, row.case
        assert row.values["gap"] <= max(row.values["peer_gap"], 1e-14), row.case
        assert row.values["gap"] <= 1e-12, row.case


def test_relative_gap_is_zero_at_the_solution_and_positive_elsewhere(bench):
    from sklearn.linear_model import Lasso

    b, h = bench("bench_lasso"), bench("harness")
    X, y = h.regression_data(80, 10, seed=4)
    alpha = 0.1
    coef = Lasso(alpha=alpha, tol=1e-14, max_iter=100_000).fit(X, y).coef_
    assert b.relative_gap(X, y, alpha, coef) <= 1e-12
    assert b.relative_gap(X, y, alpha, coef * 0.9) > 1e-4


def test_solver_rows_reach_the_same_objective(bench):
    rows = bench("bench_solvers").run(quick=True)
    _well_formed(rows, "solvers")
    assert [r.case.split(",")[0] for r in rows] == [
        "lad_regression",
        "quantile_regression tau=0.9",
        "quantile_regression tau=0.9",
        "lad_regression interior point",
        "lad_regression interior point",
        "lad_regression interior point",
    ]
    for row in rows:
        if row.measured is None:
            assert row.note.startswith("not available")
        else:
            assert row.values["objective_rel_diff"] <= 1e-6, row.case


def test_book_toc_lists_existing_files_and_every_chapter(bench):
    toc = bench("bench_book").book_toc()
    sections = [toc, *toc.get("parts", [])]
    files = [c["file"] for s in sections for c in s.get("chapters", [])]
    assert all(any((ROOT / f"{f}{ext}").exists() for ext in (".md", ".ipynb")) for f in files)
    for path in (ROOT / "book").glob("[0-9]*.ipynb"):
        assert f"book/{path.stem}" in files


@pytest.mark.kernel
def test_book_quick_mode_executes_one_notebook(bench):
    rows = bench("bench_book").run(quick=True)
    _well_formed(rows, "book")
    assert len(rows) == 1 and rows[0].case.startswith("execute 01_")


def test_run_all_prints_one_table(bench, capsys):
    bench("run_all").main(["--quick", "--area", "solvers"])
    lines = capsys.readouterr().out.splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header[:3] == ["area", "case", "median"] and "ratio" in header and "result" in header
    assert sum(line.startswith("| solvers") for line in lines) == 6
    assert lines[-1].startswith("total")


def test_benchmark_peers_are_pinned_on_top_of_the_requirements():
    lines = [
        line.strip()
        for line in (BENCH / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "-r ../requirements.txt"
    pins = dict(line.split("==") for line in lines[1:])
    assert {"skglm", "celer"} <= set(pins)
    assert all(version.replace(".", "").isdigit() for version in pins.values())
    runtime = (ROOT / "requirements.txt").read_text()
    assert not any(f"\n{name}==" in runtime for name in ("skglm", "celer"))
