"""Run every benchmark script and print one table: case, median, baseline, ratio, target, result.

``make bench`` runs this (about 3 minutes). ``--quick`` runs every script in its quick mode (the
test suite does, so the scripts cannot rot); ``--area`` picks some of the areas.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

import bench_book
import bench_lasso
import bench_losses
import bench_solvers
import harness
from harness import Row

AREAS = {
    "losses": bench_losses,
    "lasso": bench_lasso,
    "solvers": bench_solvers,
    "book": bench_book,
}


def run(quick: bool = False, areas: Sequence[str] = tuple(AREAS)) -> list[Row]:
    rows: list[Row] = []
    for area in areas:
        start = time.perf_counter()
        rows += AREAS[area].run(quick=quick)
        print(f"{area}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    return rows


def main(argv: Sequence[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="quick mode of every script")
    parser.add_argument("--area", choices=AREAS, action="append", help="repeatable; default all")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rows = run(quick=args.quick, areas=args.area or tuple(AREAS))
    print(harness.format_table(rows))
    mode = "quick mode: timings are not meaningful" if args.quick else "full run"
    print(f"total {time.perf_counter() - start:.0f} s ({mode})")
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
