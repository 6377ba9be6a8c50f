"""Time the law over time on the reference store: dated views, the licence check, the diff.

Prints a table of median and worst wall-clock milliseconds over a few runs. Never part of
the test run's pass or fail.

Usage: python benchmarks/law_over_time.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date

from exportgraph.law.as_of import build_view, view_as_of
from exportgraph.law.licence import check_licence
from exportgraph.law.lineage import diff_list, history
from exportgraph.store.embedded import open_store

DUTCH_ENTRIES = """
SELECT (COUNT(?e) AS ?n) WHERE {
  ?e <http://www.w3.org/2004/02/skos/core#inScheme>
     <https://w3id.org/exportgraph/id/list/nl-semiconductor-equipment> }"""


def timed(task: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        task()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    store = open_store()
    view_as_of(store, date(2024, 9, 7))  # warm the cache for the cached row
    tasks = {
        "build a dated view (2024-09-07)": lambda: build_view(store, date(2024, 9, 7)),
        "cached dated view + query": lambda: view_as_of(store, date(2024, 9, 7)).query(
            DUTCH_ENTRIES
        ),
        "licence check, model (NXT:1980i)": lambda: check_licence(
            store, "NXT:1980i", "CHN", date(2024, 9, 10)
        ),
        "licence check, code (3B001.l)": lambda: check_licence(
            store, "3B001.l", "USA", date(2024, 1, 1)
        ),
        "diff across 2024-09-07": lambda: diff_list(
            store, "nl-semiconductor-equipment", date(2024, 9, 6), date(2024, 9, 7)
        ),
        "history of eu-annex-i": lambda: history(store, "eu-annex-i"),
    }
    print(f"{store.triple_count():,} triples; {runs} runs each")
    print(f"{'task':40} {'median ms':>10} {'max ms':>10}")
    for name, task in tasks.items():
        median, worst = timed(task, runs)
        print(f"{name:40} {median:10.1f} {worst:10.1f}")


if __name__ == "__main__":
    main()
