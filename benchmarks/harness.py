"""Shared by the benchmark scripts: interleaved timing, result rows and the printed table.

Every target compares a case with a baseline timed in the same run, because the machines are
shared and noisy: absolute times move from run to run, ratios much less. Cases of one group are
timed in turns (case A, case B, baseline, case A, ...), so a burst of load from another process
slows all of them alike instead of one.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

#: Repeats per case in the full run (the targets are medians over at least 7) and in quick mode.
REPEATS = 9
QUICK_REPEATS = 3


@dataclass(frozen=True)
class Sample:
    """Minimum, median and maximum of repeated measurements, in ``unit`` ("s" or "B")."""

    low: float
    median: float
    high: float
    unit: str = "s"
    repeats: int = 1

    @classmethod
    def of(cls, values: Sequence[float], unit: str = "s") -> Sample:
        return cls(min(values), statistics.median(values), max(values), unit, len(values))


@dataclass(frozen=True)
class Row:
    """One line of the table: a measured case, its baseline and its target.

    ``limit`` is the target: with ``compare="ratio"`` the median ratio case / baseline must be at
    most ``limit`` (0.1 means "at least 10x faster"); with ``compare="value"`` the median itself
    must be at most ``limit`` (in the unit of ``measured``). ``limit=None`` marks an
    informational row. ``checks_ok`` carries conditions other than speed (same objective,
    accuracy), described in ``note``; ``values`` keeps the numbers behind them.
    """

    area: str
    case: str
    measured: Sample | None
    baseline_name: str = ""
    baseline: Sample | None = None
    limit: float | None = None
    compare: str = "ratio"
    checks_ok: bool = True
    note: str = ""
    values: dict[str, float] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.measured is None or self.baseline is None or self.baseline.median <= 0:
            return None
        return self.measured.median / self.baseline.median

    @property
    def status(self) -> str:
        if self.measured is None:
            return "n/a"
        if self.limit is None:
            return "info"
        value = self.ratio if self.compare == "ratio" else self.measured.median
        return "PASS" if value is not None and value <= self.limit and self.checks_ok else "MISS"

    @property
    def target(self) -> str:
        if self.limit is None:
            return ""
        if self.compare == "value":
            return "<= " + format_quantity(self.limit, self.measured.unit if self.measured else "s")
        if self.limit < 1:
            return f">= {1 / self.limit:.0f}x faster"
        return f"<= {self.limit:.2f}x"


def format_quantity(value: float, unit: str) -> str:
    """A time in s, ms or us, or a size in MiB."""
    if unit == "B":
        return f"{value / 2**20:.1f} MiB"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.2f} ms"
    return f"{value * 1e6:.1f} us"


def time_interleaved(
    cases: dict[str, Callable[[], object]], repeats: int, *, number: int = 1, warmup: bool = True
) -> dict[str, Sample]:
    """Timings of each case: ``repeats`` rounds, each running every case once in turn.

    Each measurement is the mean over ``number`` consecutive calls (use ``number > 1`` for calls
    of a few microseconds). With ``warmup``, one untimed call per case comes first.
    """
    if warmup:
        for func in cases.values():
            func()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeats):
        for name, func in cases.items():
            start = time.perf_counter()
            for _ in range(number):
                func()
            times[name].append((time.perf_counter() - start) / number)
    return {name: Sample.of(values) for name, values in times.items()}


def timed_with_results(
    cases: dict[str, Callable[[], object]], repeats: int
) -> tuple[dict[str, object], dict[str, Sample]]:
    """First call of each case (its result, and a warm-up), then interleaved timings."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # peers' convergence chatter at a tight tolerance
        results = {name: func() for name, func in cases.items()}
        return results, time_interleaved(cases, repeats, warmup=False)


def regression_data(
    n: int, p: int, *, seed: int, heavy_tails: bool = False, nonzero: int = 8
) -> tuple[np.ndarray, np.ndarray]:
    """X with independent normal columns and y = X w + 1 + noise, with ``nonzero`` true nonzero
    coefficients (all of them if p is smaller); t(3) noise with ``heavy_tails``, else normal."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    w = np.zeros(p)
    k = min(nonzero, p)
    w[:k] = rng.choice([-1.0, 1.0], size=k) * rng.uniform(1.0, 3.0, size=k)
    noise = rng.standard_t(3, size=n) if heavy_tails else rng.normal(size=n)
    return X, X @ w + 1.0 + noise


def time_once(func: Callable[[], object]) -> float:
    """Wall time of one call, for builds and test runs that are too long to repeat."""
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def _spread(row: Row) -> str:
    """min-max of the case as ratios to the baseline median (as values without a baseline)."""
    m = row.measured
    if m is None or m.repeats < 2:
        return ""
    if row.ratio is not None and row.baseline is not None:
        return f"{m.low / row.baseline.median:.2f}-{m.high / row.baseline.median:.2f}x"
    return f"{format_quantity(m.low, m.unit)}-{format_quantity(m.high, m.unit)}"


def format_table(rows: Sequence[Row]) -> str:
    """The rows as an aligned plain-text table (Markdown-compatible) with a PASS/MISS count."""
    header = ("area", "case", "median", "spread", "baseline", "base median", "ratio")
    header += ("target", "result", "note")
    lines = [header]
    for row in rows:
        lines.append(
            (
                row.area,
                row.case,
                format_quantity(row.measured.median, row.measured.unit) if row.measured else "-",
                _spread(row),
                row.baseline_name,
                format_quantity(row.baseline.median, row.baseline.unit) if row.baseline else "",
                f"{row.ratio:.2f}x" if row.ratio is not None else "",
                row.target,
                row.status,
                row.note,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |"
        for line in lines
    ]
    text.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    counts = {s: sum(r.status == s for r in rows) for s in ("PASS", "MISS", "info", "n/a")}
    text.append(", ".join(f"{n} {s}" for s, n in counts.items()))
    return "\n".join(text)


def parse_args(description: str, argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes and 3 repeats: checks that the script runs, its timings mean little",
    )
    return parser.parse_args(argv)


def main(run: Callable[..., list[Row]], doc: str | None, argv: Sequence[str] | None) -> list[Row]:
    """Command line of one benchmark script: parse ``--quick``, run, print the table."""
    args = parse_args((doc or "").splitlines()[0], argv)
    rows = run(quick=args.quick)
    print(format_table(rows))
    return rows
