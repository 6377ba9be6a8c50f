"""Case validation: latency of one case and throughput of generated batches.

Inputs are fed as the CLI gets them: Turtle text parsed by exportgraph.cases.reading, and the parse
is counted in every figure. One case: the web form's case, with the shapes and the reference data
already loaded (the median of --repeat runs over the sample cases of tests/cases/valid). Batches:
1,000 and 10,000 cases (--sizes) from benchmarks/casegen.py (seed 2024) written as one Turtle
document (casegen.turtle_text, kept in the temporary folder), validated as one input by a
validator that has only seen the sample cases (so no batch profits from the law answers cached
by an earlier one). Prints a table with the engine and its settings; with 10,000 and a larger
size, a column "growth": the rate at the largest size over the rate at 10,000 (1.0: linear).
pySHACL is the reference; the setwise engine gives the same reports (tests/test_setwise.py).
Never part of the test run's pass or fail.

--remote: the setwise engine only, its law read from a Virtuoso of its own (started as the tests
start it, tests/remote/virtuoso_server.py, in a temporary folder, and loaded by `exportgraph
load`), as `exportgraph validate --store URL` runs.

Usage: python benchmarks/validate.py [--repeat N] [--sizes 1000,10000] [--pyshacl-sizes 1000]
       [--remote]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pyshacl

from exportgraph.cases.reading import expand_paths, read_case_text
from exportgraph.cases.setwise import QUERY_THREADS
from exportgraph.cases.validation import CaseValidator
from exportgraph.config import Settings
from exportgraph.store.remote import RemoteStore

sys.path.insert(0, str(Path(__file__).resolve().parent))
from casegen import turtle_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.remote.virtuoso_server import PASSWORD, USER, start_virtuoso  # noqa: E402

GROWTH_FROM = 10_000
SETTINGS = {
    "pyshacl": f"pyshacl {pyshacl.__version__}: shapes built once, SPARQL parse memoised, "
    "advanced, no inference, in place",
    "setwise": "setwise: SPARQL queries over all cases at once (25 for the 57 constraints), "
    f"pyoxigraph {pyoxigraph.__version__}, law functions inlined, queries on up to "
    f"{QUERY_THREADS} threads, the law at the cases' dates in one query per 500 (instrument, "
    "date) pairs, Python's cyclic collector paused",
}


def measure(
    engine: str,
    repeat: int,
    sizes: list[int],
    samples: list[str],
    batches: dict[int, str],
    build_validator: Callable[[], CaseValidator] | None = None,
    growth: bool = False,
) -> list[str]:
    def build() -> CaseValidator:
        return build_validator() if build_validator else CaseValidator(engine=engine)

    start = time.perf_counter()
    validator = build()
    built = time.perf_counter() - start
    _warm(validator, samples)
    times = []
    for run in range(repeat):
        text = samples[run % len(samples)]
        start = time.perf_counter()
        validator.validate(read_case_text(text, "turtle", "one case"))
        times.append(time.perf_counter() - start)
    row = [engine, f"{built:.2f} s", f"{statistics.median(times) * 1000:.1f} ms"]
    rates: dict[int, float] = {}
    for size in sizes:
        validator = build()
        _warm(validator, samples)
        start = time.perf_counter()
        outcomes = validator.validate(read_case_text(batches[size], "turtle", f"batch-{size}"))
        seconds = time.perf_counter() - start
        failing = sum(1 for o in outcomes if not o.conforms)
        rates[size] = size / seconds
        row.append(f"{rates[size]:,.0f} cases/s ({seconds:.2f} s, {failing:,} fail)")
    return row + [_growth(rates)] * growth


def _shows_growth(sizes: list[int]) -> bool:
    return GROWTH_FROM in sizes and max(sizes) > GROWTH_FROM


def _growth(rates: dict[int, float]) -> str:
    """The rate at the largest batch over the rate at 10,000 ("-" without both)."""
    if not _shows_growth(list(rates)):
        return "-"
    return f"{rates[max(rates)] / rates[GROWTH_FROM]:.2f}"


def _header(sizes: list[int]) -> list[str]:
    growth = [f"growth ({max(sizes):,} / {GROWTH_FROM:,})"] * _shows_growth(sizes)
    return ["engine", "built in", "one case (median)"] + [f"batch of {n:,}" for n in sizes] + growth


def _warm(validator: CaseValidator, samples: list[str]) -> None:
    for text in samples:  # as a running server has them: shapes parsed, caches warm
        validator.validate(read_case_text(text, "turtle", "sample"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--sizes", default="1000,10000", help="batch sizes for setwise")
    parser.add_argument(
        "--pyshacl-sizes", default="1000", help="batch sizes for pyshacl (slow: ~20 cases/s)"
    )
    parser.add_argument(
        "--remote", action="store_true", help="setwise with the law read from a Virtuoso"
    )
    args = parser.parse_args()
    samples = [p.read_text() for p in expand_paths([ROOT / "tests" / "cases" / "valid"])]
    sizes = [int(s) for s in args.sizes.split(",") if s and int(s) > 0]
    pyshacl_sizes = [int(s) for s in args.pyshacl_sizes.split(",") if s and int(s) > 0]
    batches = {n: turtle_text(n) for n in set(sizes) | set(pyshacl_sizes)}
    if args.remote:
        _measure_remote(args.repeat, sizes, samples, batches)
        return
    growth = _shows_growth(sizes)
    rows = [
        measure("pyshacl", args.repeat, pyshacl_sizes, samples, batches)
        + ["not run"] * (len(sizes) - len(pyshacl_sizes))
        + ["-"] * growth,
        measure("setwise", args.repeat, sizes, samples, batches, growth=growth),
    ]
    header = _header(sizes)
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    for engine, text in SETTINGS.items():
        print(f"{engine}: {text}")
    print("Inputs: Turtle text parsed by exportgraph.cases.reading (parse counted). One case: the")
    print("sample cases of tests/cases/valid in turn, shapes and reference data loaded; batches:")
    print("benchmarks/casegen.py, seed 2024, one document each, a fresh validator per batch.")
    print(f"Python {platform.python_version()}, {platform.machine()}")


def _measure_remote(
    repeat: int, sizes: list[int], samples: list[str], batches: dict[int, str]
) -> None:
    server = start_virtuoso(Path(tempfile.mkdtemp(prefix="exportgraph-bench-virtuoso-")))
    try:
        env = {
            "EXPORTGRAPH_STORE": server.query_url,
            "EXPORTGRAPH_STORE_GRAPH_STORE": server.query_url + "-graph-crud-auth",
            "EXPORTGRAPH_STORE_USER": USER,
            "EXPORTGRAPH_STORE_PASSWORD": PASSWORD,
        }
        subprocess.run(
            [sys.executable, "-m", "exportgraph", "load"],
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
        settings = Settings.load(env)

        def build() -> CaseValidator:  # as `exportgraph validate --store` builds it
            store = RemoteStore.from_settings(settings)
            return CaseValidator(store=store, reference=store.reference_graph(), engine="setwise")

        row = measure(
            "setwise, Virtuoso", repeat, sizes, samples, batches, build, _shows_growth(sizes)
        )
    finally:
        server.stop()
    header = _header(sizes)
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    print("| " + " | ".join(row) + " |")
    print()
    print("The law read from Virtuoso (virtuoso-opensource, loaded by `exportgraph load`), each")
    print("validator on a new RemoteStore; the rest as for the embedded store below.")
    print(f"Python {platform.python_version()}, {platform.machine()}")


if __name__ == "__main__":
    main()
