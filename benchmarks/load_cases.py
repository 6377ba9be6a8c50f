"""Case collections at scale: load-cases into the on-disk store, then what a restart costs.

Generates N cases (benchmarks/casegen.py, seeded) as files of 1,000 unless --cases-dir names
files already written, then runs `exportgraph --store-path DIR load-cases` in a process of its
own and reports its time, cases a second and peak memory; then the same again (a rerun, which
replaces every case); then the time and peak memory of opening the store as the server does (a
copy into memory) and as a command does (read in place), and one case-statistics question on
each. Prints a table. Never part of the test run.

Usage: python benchmarks/load_cases.py --cases 100000 [--cases-dir DIR] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUESTION = "case-outcomes"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--cases-dir", type=Path, help="case files already generated")
    parser.add_argument("--keep", type=Path, help="build the store here and keep it")
    parser.add_argument("--open-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--in-memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.open_only:
        print(json.dumps(_open(args.open_only, args.in_memory)))
        return
    with tempfile.TemporaryDirectory(prefix="exportgraph-load-cases-") as folder:
        cases_dir = args.cases_dir or Path(folder) / "cases"
        if args.cases_dir is None:
            print(f"generating {args.cases:,} cases ...", file=sys.stderr)
            subprocess.run(
                [sys.executable, str(HERE / "casegen.py"), str(args.cases), "--out", cases_dir],
                check=True,
            )
        store = args.keep or Path(folder) / "store"
        rows = [_load("load-cases", store, cases_dir), _load("load-cases again", store, cases_dir)]
        for in_memory in (True, False):
            command = [sys.executable, __file__, "--open-only", str(store)]
            output = subprocess.run(
                command + (["--in-memory"] if in_memory else []),
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            rows.append(json.loads(output))
        size = sum(p.stat().st_size for p in cases_dir.rglob("*.ttl"))
    print(f"\n{args.cases:,} generated cases ({size / 1e6:,.0f} MB of Turtle), one run")
    print(f"{'step':<34} {'seconds':>9} {'cases/s':>9} {'peak MB':>9}  notes")
    for row in rows:
        rate = f"{row['cases_per_s']:,.0f}" if row.get("cases_per_s") else "-"
        print(
            f"{row['step']:<34} {row['seconds']:>9.1f} {rate:>9} {row['peak_mb']:>9,.0f}"
            f"  {row.get('notes', '')}"
        )


def _load(step: str, store: Path, cases_dir: Path) -> dict:
    command = [sys.executable, "-m", "exportgraph", "--store-path", str(store), "load-cases"]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen([*command, str(cases_dir)], stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own peak memory
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        lines = out.read().strip().splitlines()
        summary = lines[-1] if lines else ""
        if os.waitstatus_to_exitcode(status) not in (0, 1) or not summary.startswith("loaded"):
            raise SystemExit(f"load-cases failed:\n{err.read()[-3000:]}")
    loaded = int(summary.split()[1].replace(",", ""))
    skipped = int(summary.split("skipped ")[1].split()[0].replace(",", ""))
    return {
        "step": step,
        "seconds": seconds,
        "cases_per_s": (loaded + skipped) / seconds,
        "peak_mb": usage.ru_maxrss / 1024,
        "notes": f"{loaded:,} stored, {skipped:,} skipped; {_size_mb(store):,.0f} MB on disk",
    }


def _open(store: Path, in_memory: bool) -> dict:
    from exportgraph.cases.collections import open_case_store
    from exportgraph.endpoint.saved_queries import run_saved_query

    started = time.perf_counter()
    opened = open_case_store(store, in_memory=in_memory)
    seconds = time.perf_counter() - started
    asked = time.perf_counter()
    run_saved_query(opened, QUESTION, {})
    question_ms = (time.perf_counter() - asked) * 1000
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "step": "open into memory (serve)" if in_memory else "open on disk (commands)",
        "seconds": seconds,
        "peak_mb": peak,
        "notes": f"{opened.triple_count():,} triples; {QUESTION} {question_ms:,.0f} ms",
    }


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


if __name__ == "__main__":
    main()
