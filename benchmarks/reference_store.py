"""Load and query the reference law in the embedded store (pyoxigraph) and in rdflib.

Prints a table of median times and the ratio rdflib / pyoxigraph, measured in one run on this
machine. Never part of the test run's pass or fail.

Usage: python benchmarks/reference_store.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from exportgraph.config import resource_dir, turtle_files
from exportgraph.store.embedded import open_store


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def load_rdflib() -> Graph:
    graph = Graph()
    for path in turtle_files("ontology") + turtle_files("data"):
        graph.parse(path, format="turtle")
    return graph


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    repeat = parser.parse_args().repeat

    rows = [
        (
            "load ontology + reference data",
            median_seconds(load_rdflib, repeat),
            median_seconds(open_store, repeat),
        )
    ]
    graph, store = load_rdflib(), open_store()
    for path in sorted(Path(resource_dir("queries")).glob("*.rq")):
        query = path.read_text(encoding="utf-8")
        rows.append(
            (
                f"query {path.stem}",
                median_seconds(lambda q=query: list(graph.query(q)), repeat),
                median_seconds(lambda q=query: store.query(q), repeat),
            )
        )

    print(f"{store.triple_count():,} triples; median of {repeat} runs\n")
    print(f"| {'measurement':<40} | {'rdflib ms':>10} | {'pyoxigraph ms':>13} | {'ratio':>7} |")
    print(f"|{'-' * 42}|{'-' * 12}|{'-' * 15}|{'-' * 9}|")
    for name, slow, fast in rows:
        print(
            f"| {name:<40} | {slow * 1000:>10.1f} | {fast * 1000:>13.1f} | {slow / fast:>6.1f}x |"
        )


if __name__ == "__main__":
    main()
