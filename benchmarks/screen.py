"""Order-book screening: lines a second set-wise against one licence check a line, and memory.

Generates an order book of N lines in the style of benchmarks/casegen.py (seeded; the codes,
models and destinations casegen uses, with two EU destinations and an origin outside the
Netherlands now and then; dates from June 2023 to the end of 2025, so the book crosses the
days the law changed; one line in 200 with a mistyped code). Each size is screened as
`exportgraph screen FILE --format csv` does it (read, answer, write CSV, count the summary)
in a fresh process of its own, so the figure includes opening nothing but the screening and
the peak resident memory is that process's own ("open": the peak before screening, with the
store loaded). Seconds are wall-clock; CPU s is the process's own CPU time, which another
program on a shared machine does not inflate. The one-call-a-line rate is
check_licence on a sample of the same lines (all of a book would take minutes). Prints a
table; never part of the test run's pass or fail.

Usage: python benchmarks/screen.py [--sizes 1000,10000,100000] [--sample 300] [--seed 2024]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from casegen import CODES, DESTINATIONS  # noqa: E402

MODELS = ("NXT:2000i", "TWINSCAN NXT:1980i", "NXT:1970i")
EU_DESTINATIONS = ("DEU", "FRA")
FIRST_DAY, DAYS = date(2023, 6, 1), 945  # to 31 December 2025


def generate(count: int, seed: int = 2024) -> list[dict[str, str]]:
    """Return count order-book lines; the same seed gives the same book."""
    rng = random.Random(seed)
    lines = []
    for number in range(count):
        item = rng.choice(CODES + MODELS)
        if rng.random() < 0.005:
            item = item.replace("3B001", "3B00l")  # a typo: the line is bad, with near matches
        destination = rng.choice(DESTINATIONS + EU_DESTINATIONS)
        on = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        lines.append(
            {
                "reference": f"PO-{2023 + number % 3}-{number:06d}",
                "item": item,
                "destination": destination,
                "date": on.isoformat(),
                "origin": "BEL" if rng.random() < 0.05 else "NLD",
                "quantity": str(rng.randrange(1, 4)),
            }
        )
    return lines


def write_book(lines: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(lines[0]))
        writer.writeheader()
        writer.writerows(lines)


def child(path: str) -> None:
    """Screen one book as the CLI does, output to nowhere; print the figures as JSON."""
    from exportgraph.api.graph import ExportGraph
    from exportgraph.law.screen.answers import Screener
    from exportgraph.law.screen.order_book import OrderBook, input_columns
    from exportgraph.law.screen.summary import Summary
    from exportgraph.law.screen.writers import write_csv

    graph = ExportGraph.open()
    before = _peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    book = OrderBook.from_path(path)
    screener = Screener(graph.store)
    summary = Summary()

    def counted(lines):
        for line in lines:
            summary.add(line)
            yield line

    written = sum(
        len(chunk) for chunk in write_csv(counted(screener.screen([book])), input_columns([book]))
    )
    seconds = time.perf_counter() - start
    figures = {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "lines": summary.total,
        "checks": screener.checks,
        "queries": screener.store.asked,
        "written": written,
        "counts": dict(summary.lines.counts),
        "peak_mb": _peak_mb(),
        "peak_before_mb": before,
    }
    print(json.dumps(figures))


def _peak_mb() -> float:
    """This process's peak resident memory. Linux keeps ru_maxrss across exec, so a child
    started by a parent holding a large book would report the parent's; VmHWM is its own."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_call_a_line(lines: list[dict[str, str]], sample: int) -> float:
    from exportgraph.api.graph import ExportGraph
    from exportgraph.errors import InputError
    from exportgraph.law.licence import check_licence

    store = ExportGraph.open().store
    chosen = lines[:sample]
    start = time.perf_counter()
    for line in chosen:
        try:
            check_licence(
                store,
                line["item"],
                line["destination"],
                date.fromisoformat(line["date"]),
                line["origin"],
            )
        except InputError:
            pass
    return len(chosen) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--sample", type=int, default=300, help="lines for one call a line")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    cpu = platform.processor() or platform.machine()
    print(f"Python {platform.python_version()}, {cpu}, {os.cpu_count()} cores")
    print(
        f"{'lines':>8} {'set-wise lines/s':>17} {'seconds':>8} {'CPU s':>6} {'checks':>7}"
        f" {'queries':>8} {'peak MB':>8} {'(open)':>7} {'one call a line':>16}"
        "  yes / no / unknown / bad"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            lines = generate(size, args.seed)
            path = Path(folder) / f"book-{size}.csv"
            write_book(lines, path)
            run = subprocess.run(
                [sys.executable, __file__, "--child", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(run.stdout)
            single = one_call_a_line(lines, args.sample)
            counts = figures["counts"]
            print(
                f"{size:>8,} {figures['lines'] / figures['seconds']:>17,.0f}"
                f" {figures['seconds']:>8.2f} {figures['cpu_seconds']:>6.2f}"
                f" {figures['checks']:>7,} {figures['queries']:>8,}"
                f" {figures['peak_mb']:>8,.0f} {figures['peak_before_mb']:>7,.0f}"
                f" {single:>12,.0f} l/s "
                f" {counts.get('yes', 0):,} / {counts.get('no', 0):,} /"
                f" {counts.get('unknown', 0):,} / {counts.get('bad', 0):,}"
            )


if __name__ == "__main__":
    main()
