"""Measure the store engines side by side on N generated cases: load, memory, every question.

A first cut of issue 7's benchmark. For each engine, in a fresh process of its own (so its
peak memory is its own): the time to load the ontology, the reference data and N cases from
benchmarks/casegen.py (seeded), the peak resident memory, and p50 / p95 of every saved question
(its parameters set to the examples of its header). Engines: pyoxigraph in memory
(oxigraph-memory), pyoxigraph on disk (oxigraph-disk), an rdflib in-memory Dataset as the
baseline (rdflib-memory), and a remote SPARQL server (virtuoso, with --virtuoso URL) loaded by
`exportgraph load` plus the cases by the Graph Store Protocol. Prints a table with each
engine's ratio to the rdflib baseline of the same run; --json writes the figures as
{"machine": ..., "runs": [{"engine", "cases", "load_s", "peak_rss_mb", "queries": {NAME:
{"p50_ms", "p95_ms"}}, "validate_cases_per_s", "http_rps"}]}. Not yet measured here:
validation throughput and HTTP requests a second (null; see benchmarks/validate.py and
benchmarks/endpoint.py); a remote server's memory (null). Never part of the test run.

Usage: python benchmarks/run.py --cases 1000 [--engine oxigraph-memory ...] [--json FILE]
       [--virtuoso http://127.0.0.1:8890/sparql --graph-store URL --user dba --password ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

ENGINES = ("oxigraph-memory", "oxigraph-disk", "rdflib-memory", "virtuoso")
BASELINE = "rdflib-memory"
CASES_GRAPH = "urn:exportgraph:benchmark:cases"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--engine", action="append", choices=ENGINES)
    parser.add_argument("--runs", type=int, default=5, help="runs of each question")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--virtuoso", help="query URL of a running Virtuoso (or other server)")
    parser.add_argument("--graph-store", help="its Graph Store Protocol URL, for loading")
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default="")
    parser.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--cases-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker, args)))
        return
    engines = args.engine or [e for e in ENGINES if e != "virtuoso" or args.virtuoso]
    if "virtuoso" in engines and not args.virtuoso:
        parser.error("--engine virtuoso needs --virtuoso URL (and --graph-store for loading)")
    if BASELINE not in engines:
        engines.append(BASELINE)
    from casegen import generate

    with tempfile.TemporaryDirectory(prefix="exportgraph-bench-") as folder:
        cases_file = Path(folder) / "cases.nt"
        generate(args.cases).serialize(cases_file, format="nt", encoding="utf-8")
        runs = []
        for engine in engines:
            print(f"measuring {engine} with {args.cases:,} cases ...", file=sys.stderr)
            command = [
                sys.executable,
                __file__,
                "--worker",
                engine,
                "--cases-file",
                str(cases_file),
            ]
            command += ["--cases", str(args.cases), "--runs", str(args.runs)]
            for flag in ("virtuoso", "graph_store", "user", "password"):
                if getattr(args, flag):
                    command += [f"--{flag.replace('_', '-')}", getattr(args, flag)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(f"{engine} failed:\n{done.stderr}", file=sys.stderr)
                continue
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    report = {"machine": machine(), "runs": runs}
    print_table(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


def measure(engine: str, args: argparse.Namespace) -> dict:
    from exportgraph.queries import run_saved_query, saved_queries

    started = time.perf_counter()
    store = load(engine, args.cases_file, args)
    load_s = time.perf_counter() - started
    queries = {}
    for question in saved_queries():
        values = example_values(question)
        times = []
        for _ in range(args.runs):
            began = time.perf_counter()
            run_saved_query(store, question.name, values)
            times.append((time.perf_counter() - began) * 1000)
        queries[question.name] = {
            "p50_ms": round(statistics.median(times), 3),
            "p95_ms": round(percentile(times, 95), 3),
        }
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    return {
        "engine": engine,
        "cases": args.cases,
        "load_s": round(load_s, 3),
        # A remote server's memory is its own process's, not measured from here.
        "peak_rss_mb": None if engine == "virtuoso" else round(peak, 1),
        "queries": queries,
        "validate_cases_per_s": None,
        "http_rps": None,
    }


def load(engine: str, cases_file: Path, args: argparse.Namespace):
    from exportgraph.config import turtle_files

    files = turtle_files("ontology") + turtle_files("data")
    if engine in ("oxigraph-memory", "oxigraph-disk"):
        import pyoxigraph as ox

        from exportgraph.store import EmbeddedStore

        store = EmbeddedStore()
        if engine == "oxigraph-disk":
            # The on-disk store behind the same interface (benchmark only).
            store._store = ox.Store(tempfile.mkdtemp(prefix="exportgraph-oxigraph-"))
        for path in files:
            store.load_file(path)
        store.load_file(cases_file, graph=CASES_GRAPH)
        return store
    if engine == "rdflib-memory":
        return RdflibStore(files, cases_file)
    from exportgraph.remote_store import RemoteStore

    store = RemoteStore(
        args.virtuoso,
        graph="https://w3id.org/exportgraph/graph/published",
        graph_store_url=args.graph_store or "",
        user=args.user,
        password=args.password,
        timeout=600,
    )
    store.load_published_graph()
    store.clear_graph(CASES_GRAPH)
    store.load_file(cases_file, CASES_GRAPH)
    return store


class RdflibStore:
    """The baseline: an rdflib Dataset whose default graph is the union, behind query()."""

    def __init__(self, files: list[Path], cases_file: Path) -> None:
        from rdflib import Dataset, URIRef

        self.dataset = Dataset(default_union=True)
        for path in files:
            self.dataset.graph(URIRef(f"file://{path}")).parse(path, format="turtle")
        self.dataset.graph(URIRef(CASES_GRAPH)).parse(cases_file, format="nt")

    def query(self, sparql, bindings=None, prefixes=None):
        from exportgraph.store import Answer, bind_values

        if bindings:
            sparql = bind_values(sparql, bindings)
        result = self.dataset.query(sparql)
        if result.type == "ASK":
            return Answer(kind="ask", boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return Answer(kind="graph", triples=tuple(result.graph or ()))
        names = tuple(str(v) for v in result.vars or ())
        return Answer(kind="select", variables=names, rows=tuple(dict(r.asdict()) for r in result))


def example_values(question) -> dict[str, str]:
    values = {}
    for parameter in question.parameters:
        if parameter.optional:
            continue
        example = re.search(r"e\.g\. (\S+?)[;,]?(\s|$)", parameter.description)
        if example:
            values[parameter.name] = example.group(1)
    return values


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {memory:.1f} GB, Python {platform.python_version()}"


def print_table(report: dict) -> None:
    runs = report["runs"]
    base = next((r for r in runs if r["engine"] == BASELINE), None)
    print(f"machine: {report['machine']}")
    print(f"{'engine':<18}{'cases':>9}{'load s':>10}{'x base':>8}{'peak MB':>10}{'x base':>8}")
    for run in runs:
        load_ratio = f"{base['load_s'] / run['load_s']:.1f}" if base and run["load_s"] else "-"
        peak = run["peak_rss_mb"]
        mem_ratio = f"{peak / base['peak_rss_mb']:.2f}" if base and peak else "-"
        print(
            f"{run['engine']:<18}{run['cases']:>9,}{run['load_s']:>10.2f}{load_ratio:>8}"
            f"{peak if peak is not None else '-':>10}{mem_ratio:>8}"
        )
    names = sorted({name for run in runs for name in run["queries"]})
    print("\np50 ms per saved question (x = times faster than the rdflib baseline)")
    print(f"{'question':<28}" + "".join(f"{r['engine']:>22}" for r in runs))
    for name in names:
        cells = []
        for run in runs:
            p50 = run["queries"].get(name, {}).get("p50_ms")
            ratio = (
                f" x{base['queries'][name]['p50_ms'] / p50:.0f}"
                if base and p50 and name in base["queries"]
                else ""
            )
            cells.append(f"{p50:>14.2f}{ratio:>8}" if p50 is not None else f"{'-':>22}")
        print(f"{name:<28}" + "".join(cells))


if __name__ == "__main__":
    main()
