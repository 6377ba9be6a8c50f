"""Case validation: latency of one case and throughput of generated batches.

Inputs are fed as the CLI gets them: Turtle text parsed by exportgraph.cases.reading, and the parse
is counted in every figure. One case: the web form's case, with the shapes and the reference data
already loaded (the median of --repeat runs over the sample cases of tests/cases/valid). Batches:
1,000 and 10,000 cases from benchmarks/casegen.py (seed 2024) written as one Turtle document,
validated as one input by a validator that has only seen the sample cases (so no batch profits
from the law answers cached by an earlier one). Prints a table with the engine and its settings.
pySHACL is the reference; the setwise engine gives the same reports (tests/test_setwise.py).
Never part of the test run's pass or fail.

Usage: python benchmarks/validate.py [--repeat N] [--sizes 1000,10000] [--pyshacl-sizes 1000]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph
import pyshacl

from exportgraph.cases.reading import expand_paths, read_case_text
from exportgraph.cases.setwise import QUERY_THREADS
from exportgraph.cases.validation import CaseValidator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from casegen import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {
    "pyshacl": f"pyshacl {pyshacl.__version__}: shapes built once, SPARQL parse memoised, "
    "advanced, no inference, in place",
    "setwise": "setwise: SPARQL queries over all cases at once (25 for the 57 constraints), "
    f"pyoxigraph {pyoxigraph.__version__}, law functions inlined, queries on up to "
    f"{QUERY_THREADS} threads, the law at the cases' dates in one query per batch",
}


def measure(
    engine: str, repeat: int, sizes: list[int], samples: list[str], batches: dict[int, str]
) -> list[str]:
    start = time.perf_counter()
    validator = CaseValidator(engine=engine)
    build = time.perf_counter() - start
    _warm(validator, samples)
    times = []
    for run in range(repeat):
        text = samples[run % len(samples)]
        start = time.perf_counter()
        validator.validate(read_case_text(text, "turtle", "one case"))
        times.append(time.perf_counter() - start)
    row = [engine, f"{build:.2f} s", f"{statistics.median(times) * 1000:.1f} ms"]
    for size in sizes:
        validator = CaseValidator(engine=engine)
        _warm(validator, samples)
        start = time.perf_counter()
        outcomes = validator.validate(read_case_text(batches[size], "turtle", f"batch-{size}"))
        seconds = time.perf_counter() - start
        failing = sum(1 for o in outcomes if not o.conforms)
        row.append(f"{size / seconds:,.0f} cases/s ({seconds:.2f} s, {failing:,} fail)")
    return row


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
    args = parser.parse_args()
    samples = [p.read_text() for p in expand_paths([ROOT / "tests" / "cases" / "valid"])]
    sizes = [int(s) for s in args.sizes.split(",") if s]
    pyshacl_sizes = [int(s) for s in args.pyshacl_sizes.split(",") if s]
    batches = {n: generate(n).serialize(format="turtle") for n in set(sizes) | set(pyshacl_sizes)}
    rows = [
        measure("pyshacl", args.repeat, pyshacl_sizes, samples, batches)
        + ["not run"] * (len(sizes) - len(pyshacl_sizes)),
        measure("setwise", args.repeat, sizes, samples, batches),
    ]
    header = ["engine", "built in", "one case (median)"] + [f"batch of {n:,}" for n in sizes]
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


if __name__ == "__main__":
    main()
