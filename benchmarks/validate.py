"""Case validation: latency of one case and throughput of generated batches.

One case: the web form's case, with the shapes and the reference data already loaded (the
median of --repeat runs over the sample cases of tests/cases/valid). Batches: 1,000 and
10,000 cases from benchmarks/casegen.py (seeded), validated as one input. Prints a table with
the engine and its settings. pySHACL is the reference; the setwise engine gives the same
reports (tests/test_setwise.py). Never part of the test run's pass or fail.

Usage: python benchmarks/validate.py [--repeat N] [--sizes 1000,10000] [--pyshacl-sizes 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph
import pyshacl

from exportgraph.caseinput import CaseSource, read_case_files
from exportgraph.validation import CaseValidator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from casegen import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {
    "pyshacl": f"pyshacl {pyshacl.__version__}: shapes built once, SPARQL parse memoised, "
    "advanced, no inference, in place",
    "setwise": "setwise: one SPARQL query per constraint over all cases, pyoxigraph "
    f"{pyoxigraph.__version__}, law functions inlined",
}


def measure(engine: str, repeat: int, sizes: list[int], samples: list[CaseSource]) -> list:
    start = time.perf_counter()
    validator = CaseValidator(engine=engine)
    build = time.perf_counter() - start
    for source in samples:  # warm the caches, as a running server has them
        validator.validate(source)
    times = []
    for run in range(repeat):
        source = samples[run % len(samples)]
        start = time.perf_counter()
        validator.validate(source)
        times.append(time.perf_counter() - start)
    row = [engine, f"{build:.2f} s", f"{statistics.median(times) * 1000:.1f} ms"]
    for size in sizes:
        batch = CaseSource(f"generated-{size}", generate(size))
        start = time.perf_counter()
        outcomes = validator.validate(batch)
        seconds = time.perf_counter() - start
        failing = sum(1 for o in outcomes if not o.conforms)
        row.append(f"{size / seconds:,.0f} cases/s ({seconds:.1f} s, {failing:,} fail)")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--sizes", default="1000,10000", help="batch sizes for setwise")
    parser.add_argument(
        "--pyshacl-sizes", default="1000", help="batch sizes for pyshacl (slow: ~20 cases/s)"
    )
    args = parser.parse_args()
    samples = list(read_case_files([ROOT / "tests" / "cases" / "valid"]))
    sizes = [int(s) for s in args.sizes.split(",") if s]
    pyshacl_sizes = [int(s) for s in args.pyshacl_sizes.split(",") if s]
    rows = [
        measure("pyshacl", args.repeat, pyshacl_sizes, samples)
        + ["not run"] * (len(sizes) - len(pyshacl_sizes)),
        measure("setwise", args.repeat, sizes, samples),
    ]
    header = ["engine", "built in", "one case (median)"] + [f"batch of {n:,}" for n in sizes]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    for engine, text in SETTINGS.items():
        print(f"{engine}: {text}")
    print("One case: the sample cases of tests/cases/valid in turn, shapes and reference data")
    print("loaded; batches: benchmarks/casegen.py, seed 2024, validated as one input.")


if __name__ == "__main__":
    main()
