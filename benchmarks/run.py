"""Measure the store engines side by side on N generated cases: load, memory, questions, HTTP.

Issue 7's benchmark. For each engine, in a fresh process of its own (so its peak memory is its
own): the time to load the ontology, the reference data and N cases from benchmarks/casegen.py
(seeded), the peak resident memory (taken before validation, which parses the cases into
rdflib), p50 / p95 of every saved question (its parameters set to the examples of its header),
and validation throughput. Engines: pyoxigraph in memory (oxigraph-memory), pyoxigraph on disk
(oxigraph-disk), an rdflib in-memory Dataset as the baseline (rdflib-memory), and a remote
SPARQL server (virtuoso, with --virtuoso URL) loaded by `exportgraph load` plus the cases by
the Graph Store Protocol.

A question is run --runs times; one whose first run takes over --slow seconds is run
--slow-runs times in all (rdflib at 100,000 cases: up to 30 s a query), and the table marks it
with its number of runs. Validation: exportgraph.cases.validation.CaseValidator over the run's cases
as one input, engine setwise for the oxigraph engines (at most --validate-cases cases), pySHACL
over at most --pyshacl-cases cases for the rdflib baseline, and for virtuoso the validator that
exportgraph.api.stores.open_case_validator builds over the remote store (setwise, at most
--validate-cases cases: it reads the law from the server once, issue 18).

Paired (with oxigraph-memory and virtuoso among the engines): --paired-processes last
processes (3) each load oxigraph-memory again and run each question on it and on the Virtuoso
the virtuoso run loaded, in turn, so that other work on the 2-core machine weighs on both
alike; per question the median over the processes is kept (a question's time moves from one
process to the next, each with its own copy of the store). The target (every question at most
twice Virtuoso's time) is read from these paired figures.

HTTP (with oxigraph-memory among the engines): the exportgraph server under gunicorn with 2
workers (the README's production command, benchmarks/exportgraph_app.py, the run's cases
loaded) and, side by side, a bare Flask + pyoxigraph app under gunicorn with 2 workers
(benchmarks/bare_flask_app.py) on the same data, each loaded by benchmarks/http_load.py (8
keep-alive connections, --http-seconds seconds after a warm-up) with one cheap saved question
(regimes); the exportgraph server both without and with its answer cache (setting
answer_cache_mb). Then the biggest-join saved question (cases-per-control-entry) and a large
answer (a listing of LARGE_ROWS cases) over HTTP, one request after another, against their
in-process time in the oxigraph-memory run.

Memory allocator (--allocator, default auto): the processes that run Oxigraph (oxigraph-memory,
oxigraph-disk, the paired passes, both HTTP apps) start on the allocator `exportgraph serve`
runs on (setting memory_allocator: jemalloc when installed), the rdflib baseline on the C
library's malloc as Python runs it; --allocator system runs every process on the C library's.

Prints tables with each engine's ratio to the rdflib baseline and to Virtuoso measured in the
same run; --json writes {"machine": ..., "runs": [{"engine", "cases", "load_s",
"peak_rss_mb", "queries": {NAME: {"p50_ms", "p95_ms", "runs", "rows"}},
"validate_cases_per_s", "validate", "http_rps"}], "paired": {...}, "http": {...}}. A remote
server's memory is not measured (null). Never part of the test run.

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
REFERENCE = "virtuoso"  # the target: every question at most twice its time
CASES_GRAPH = "urn:exportgraph:benchmark:cases"
# oxigraph-memory and the Virtuoso loaded by its run, each question on one then the other in
# turn, so that other work on the machine weighs on both alike.
PAIRED = "paired"
# The processes that run Oxigraph: on the allocator exportgraph serve runs on.
OXIGRAPH_PROCESSES = ("oxigraph-memory", "oxigraph-disk", PAIRED)
CHEAP_QUESTION = "regimes"
JOIN_QUESTION = "cases-per-control-entry"
LARGE_ROWS = 4008
# A large answer: no saved question returns thousands of rows, so a listing of cases does.
LARGE_QUERY = f"""PREFIX exg: <https://w3id.org/exportgraph/ontology#>
SELECT ?case ?caseId ?destination ?outcome WHERE {{
  ?case exg:caseId ?caseId ; exg:destination ?destination ; exg:decision ?decision .
  ?decision exg:outcome ?outcome .
}} ORDER BY ?case LIMIT {LARGE_ROWS}"""
JSON_RESULTS = "application/sparql-results+json"
HTTP_ROUNDS = 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--engine", action="append", choices=ENGINES)
    parser.add_argument("--runs", type=int, default=5, help="runs of each question")
    parser.add_argument("--slow", type=float, default=3.0, help="seconds: a slow first run ...")
    parser.add_argument("--slow-runs", type=int, default=2, help="... makes this many runs")
    parser.add_argument("--validate-cases", type=int, default=100_000)
    parser.add_argument("--pyshacl-cases", type=int, default=1000)
    parser.add_argument(
        "--paired-processes",
        type=int,
        default=3,
        help="fresh processes for the paired pass; the median of their ratios is reported",
    )
    parser.add_argument(
        "--allocator",
        default="auto",
        help="memory allocator of the Oxigraph processes, as the setting memory_allocator"
        " (auto: jemalloc when installed, as exportgraph serve runs; system)",
    )
    parser.add_argument("--http-seconds", type=float, default=10.0)
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP comparison")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--virtuoso", help="query URL of a running Virtuoso (or other server)")
    parser.add_argument("--graph-store", help="its Graph Store Protocol URL, for loading")
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default="")
    parser.add_argument("--worker", choices=(*ENGINES, PAIRED), help=argparse.SUPPRESS)
    parser.add_argument("--cases-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == PAIRED:
        print(json.dumps(measure_paired(args)))
        return
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
        paired = "virtuoso" in engines and "oxigraph-memory" in engines
        paired_passes = [PAIRED] * args.paired_processes if paired else []
        for engine in engines + paired_passes:
            print(f"measuring {engine} with {args.cases:,} cases ...", file=sys.stderr)
            command = [
                sys.executable,
                __file__,
                "--worker",
                engine,
                "--cases-file",
                str(cases_file),
            ]
            for flag in (
                "cases", "runs", "slow", "slow_runs", "validate_cases", "pyshacl_cases",
                "virtuoso", "graph_store", "user", "password",
            ):  # fmt: skip
                if getattr(args, flag) not in (None, ""):
                    command += [f"--{flag.replace('_', '-')}", str(getattr(args, flag))]
            env = allocator_environment(args.allocator) if engine in OXIGRAPH_PROCESSES else None
            done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
            if done.returncode != 0:
                print(f"{engine} failed:\n{done.stderr}", file=sys.stderr)
                continue
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        report: dict = {"machine": machine(), "runs": runs}
        passes = [run for run in runs if run["engine"] == PAIRED]
        if passes:
            runs[:] = [run for run in runs if run["engine"] != PAIRED]
            report["paired"] = combine_paired(passes)
        memory = next((r for r in runs if r["engine"] == "oxigraph-memory"), None)
        if memory is not None and not args.no_http:
            print("measuring HTTP: exportgraph server and bare Flask app ...", file=sys.stderr)
            report["http"] = measure_http(
                cases_file, memory, args.http_seconds, allocator_environment(args.allocator)
            )
            memory["http_rps"] = report["http"]["exportgraph_uncached"]["rps"]
    print_table(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


def measure(engine: str, args: argparse.Namespace) -> dict:
    from exportgraph.endpoint.saved_queries import run_saved_query, saved_queries

    started = time.perf_counter()
    store = load(engine, args.cases_file, args)
    load_s = time.perf_counter() - started
    queries = {}
    for question in saved_queries():
        values = example_values(question)
        times: list[float] = []
        rows = None
        target = args.runs
        while len(times) < target:
            began = time.perf_counter()
            answer = run_saved_query(store, question.name, values)
            times.append((time.perf_counter() - began) * 1000)
            rows = len(answer.rows) if answer.kind == "select" else None
            if len(times) == 1 and times[0] >= args.slow * 1000:
                target = min(args.runs, args.slow_runs)  # said in the table
        queries[question.name] = {
            "p50_ms": round(statistics.median(times), 3),
            "p95_ms": round(percentile(times, 95), 3),
            "runs": len(times),
            "rows": rows,
        }
    if engine == "oxigraph-memory":  # the large answer's own time, for the HTTP comparison
        times = []
        for _ in range(args.runs):
            began = time.perf_counter()
            store.query_results(LARGE_QUERY)
            times.append((time.perf_counter() - began) * 1000)
        queries["(large answer)"] = {
            "p50_ms": round(statistics.median(times), 3),
            "p95_ms": round(percentile(times, 95), 3),
            "runs": len(times),
            "rows": len(store.query(LARGE_QUERY).rows),
        }
    # Validation parses cases into rdflib: the peak of loading and querying is taken first.
    peak = peak_rss_mb()
    validation = measure_validation(engine, store, args)
    return {
        "engine": engine,
        "cases": args.cases,
        "load_s": round(load_s, 3),
        # A remote server's memory is its own process's, not measured from here.
        "peak_rss_mb": None if engine == "virtuoso" else round(peak, 1),
        "queries": queries,
        "validate_cases_per_s": validation["cases_per_s"],
        "allocator": allocator_name(),
        "validate": validation,
        "http_rps": None,
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started, in MB.

    VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over exec from the forking
    parent, so every engine's process would report at least the parent's peak (which held the
    generated cases in rdflib).
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB elsewhere


def measure_paired(args: argparse.Namespace) -> dict:
    """Each question on oxigraph-memory and on Virtuoso in turn; p50 of each and their ratio."""
    from exportgraph.endpoint.saved_queries import run_saved_query, saved_queries
    from exportgraph.store.remote import RemoteStore

    store = load("oxigraph-memory", args.cases_file, args)
    remote = RemoteStore(
        args.virtuoso, graph="https://w3id.org/exportgraph/graph/published", timeout=600
    )
    queries = {}
    for question in saved_queries():
        values = example_values(question)
        times: dict[str, list[float]] = {"oxigraph-memory": [], "virtuoso": []}
        for _ in range(args.runs):
            for engine, target in (("oxigraph-memory", store), ("virtuoso", remote)):
                began = time.perf_counter()
                run_saved_query(target, question.name, values)
                times[engine].append((time.perf_counter() - began) * 1000)
        ours, theirs = (statistics.median(times[e]) for e in ("oxigraph-memory", "virtuoso"))
        queries[question.name] = {
            "oxigraph_memory_p50_ms": round(ours, 3),
            "virtuoso_p50_ms": round(theirs, 3),
            "ratio": round(ours / theirs, 3),
        }
    return {
        "engine": PAIRED,
        "cases": args.cases,
        "queries": queries,
        "allocator": allocator_name(),
    }


def combine_paired(passes: list[dict]) -> dict:
    """The paired passes of several processes as one: per question, the median of each figure.

    Each process loads the store anew, and a question's time moves from one process to the
    next (327 to 596 ms for the same question on the same 100,000 cases on glibc's malloc, idle
    machine; 1.30 to 1.55 times Virtuoso's on jemalloc), while it holds within a process: the
    median over processes is the figure to read.
    """
    combined: dict = {
        "engine": PAIRED,
        "cases": passes[0]["cases"],
        "processes": len(passes),
        "allocator": passes[0].get("allocator"),
    }
    combined["queries"] = {
        name: {
            key: round(statistics.median(run["queries"][name][key] for run in passes), 3)
            for key in ("oxigraph_memory_p50_ms", "virtuoso_p50_ms", "ratio")
        }
        | {"ratios": [run["queries"][name]["ratio"] for run in passes]}
        for name in passes[0]["queries"]
    }
    return combined


def measure_validation(engine: str, store, args: argparse.Namespace) -> dict:
    """Validate the run's first cases as one input; cases a second (building not counted)."""
    from casegen import generate

    from exportgraph.cases.reading import CaseSource
    from exportgraph.cases.validation import CaseValidator

    if engine == "rdflib-memory":
        kind, cap = "pyshacl", args.pyshacl_cases
        validator = CaseValidator(engine="pyshacl")
    elif engine == "virtuoso":
        from exportgraph.api.stores import open_case_validator
        from exportgraph.config import Settings

        kind, cap = "setwise over the remote store", args.validate_cases
        validator = open_case_validator("setwise", Settings(store=args.virtuoso))
    else:
        kind, cap = "setwise", args.validate_cases
        validator = CaseValidator(store=store, engine="setwise")
    count = min(args.cases, cap)
    # The same seed gives the same first cases: generate(count) is the run's first count cases.
    source = CaseSource(f"generated-{count}", generate(count))
    began = time.perf_counter()
    outcomes = validator.validate(source)
    seconds = time.perf_counter() - began
    return {
        "engine": kind,
        "cases": count,
        "seconds": round(seconds, 2),
        "cases_per_s": round(count / seconds, 1),
        "not_conforming": sum(1 for o in outcomes if not o.conforms),
    }


def measure_http(
    cases_file: Path, memory_run: dict, seconds: float, environment: dict[str, str]
) -> dict:
    """The exportgraph server and the bare app side by side: rate, latency, large answers."""
    from http_load import run_load, sequential_ms, start_gunicorn, stop

    from exportgraph.endpoint.saved_queries import bound_query_text

    cheap = {"query": bound_query_text(CHEAP_QUESTION, {})}
    join = {"query": bound_query_text(JOIN_QUESTION, {})}
    large = {"query": LARGE_QUERY}
    bare, served = "bare_flask_app:create_app()", "exportgraph_app:create_app()"
    servers = (
        ("bare_flask", bare, {}),
        ("exportgraph_uncached", served, {"EXPORTGRAPH_ANSWER_CACHE_MB": "0"}),
        ("exportgraph_cached", served, {}),
    )
    result: dict = {
        "connections": 8,
        "seconds": seconds,
        "rounds": HTTP_ROUNDS,
        "gunicorn": "2 workers, 4 threads each",
        # The same for the three servers (gunicorn and its workers inherit it).
        "allocator": environment.get("LD_PRELOAD", "").split(":")[0] or "C library malloc",
        "cheap_question": CHEAP_QUESTION,
        "join_question": JOIN_QUESTION,
        "large_rows": LARGE_ROWS,
    }
    # Other work on the machine comes and goes: the three servers take turns, twice, and each
    # keeps its better round; every round is in "all_rounds".
    rounds: dict[str, list[dict]] = {label: [] for label, _, _ in servers}
    for round_number in range(HTTP_ROUNDS):
        for label, app, env in servers:
            print(f"  {label}, round {round_number + 1} ...", file=sys.stderr)
            files = {**environment, "EXPORTGRAPH_BENCH_CASES": str(cases_file), **env}
            process, url = start_gunicorn(app, files)
            try:
                figures = run_load(url + "/sparql", cheap, JSON_RESULTS, seconds=seconds).as_json()
                for name, fields in (("join", join), ("large", large)):
                    sequential_ms(url + "/sparql", fields, 2, JSON_RESULTS)  # both workers warm
                    times = sequential_ms(url + "/sparql", fields, 5, JSON_RESULTS)
                    figures[f"{name}_p50_ms"] = round(statistics.median(times), 2)
            finally:
                stop(process)
            rounds[label].append(figures)
    for label, measured in rounds.items():
        result[label] = max(measured, key=lambda figures: figures["rps"])
    result["all_rounds"] = rounds
    best = result["bare_flask"]["rps"]
    for label in ("exportgraph_uncached", "exportgraph_cached"):
        result[label]["share_of_bare"] = round(result[label]["rps"] / best, 3) if best else None
    in_process = memory_run["queries"]
    result["join_in_process_ms"] = in_process[JOIN_QUESTION]["p50_ms"]
    result["large_in_process_ms"] = in_process["(large answer)"]["p50_ms"]
    return result


def allocator_environment(setting: str) -> dict[str, str]:
    """This process's environment, with the allocator `exportgraph serve` would preload."""
    from exportgraph.allocator import chosen_library, environment_with

    library = chosen_library(setting)
    return environment_with(library, os.environ) if library else dict(os.environ)


def allocator_name() -> str:
    """The allocator this process runs on: the preloaded one if it did load, else libc's."""
    from exportgraph.allocator import loaded

    preload = os.environ.get("LD_PRELOAD", "").split(":")[0]
    return preload if preload and loaded(preload) else "C library malloc"


def load(engine: str, cases_file: Path, args: argparse.Namespace):
    from exportgraph.config import turtle_files

    files = turtle_files("ontology") + turtle_files("data")
    if engine in ("oxigraph-memory", "oxigraph-disk"):
        import pyoxigraph as ox

        from exportgraph.store.embedded import EmbeddedStore

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
    from exportgraph.store.remote import RemoteStore

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
        from exportgraph.store.embedded import Answer, bind_values

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
    reference = next((r for r in runs if r["engine"] == REFERENCE), None)
    print(f"machine: {report['machine']}")
    print(
        f"{'engine':<18}{'cases':>9}{'load s':>10}{'x base':>8}{'peak MB':>10}{'x base':>8}"
        f"{'validate cases/s':>18}  validated; allocator"
    )
    for run in runs:
        load_ratio = f"{base['load_s'] / run['load_s']:.1f}" if base and run["load_s"] else "-"
        peak = run["peak_rss_mb"]
        mem_ratio = f"{peak / base['peak_rss_mb']:.2f}" if base and peak else "-"
        check = run.get("validate") or {}
        print(
            f"{run['engine']:<18}{run['cases']:>9,}{run['load_s']:>10.2f}{load_ratio:>8}"
            f"{peak if peak is not None else '-':>10}{mem_ratio:>8}"
            f"{run.get('validate_cases_per_s') or '-':>18}"
            f"  {check.get('cases', 0):,} cases, {check.get('engine', '-')};"
            f" {run.get('allocator', '-')}"
        )
    names = sorted({name for run in runs for name in run["queries"]})
    print(
        "\np50 ms per saved question; xB = times faster than the rdflib baseline,"
        " /V = time over Virtuoso's (target <= 2); (n) = runs when fewer than the rest"
    )
    print(f"{'question':<28}" + "".join(f"{r['engine']:>26}" for r in runs))
    for name in names:
        cells = []
        for run in runs:
            figures = run["queries"].get(name)
            if figures is None:
                cells.append(f"{'-':>26}")
                continue
            p50 = figures["p50_ms"]
            note = f"({figures['runs']})" if figures.get("runs", 5) < max_runs(runs) else ""
            ratio = ""
            if base and p50 and name in base["queries"] and run is not base:
                ratio = f"xB{base['queries'][name]['p50_ms'] / p50:.0f}"
            vs = ""
            if reference and run is not reference and name in reference["queries"]:
                vs = f"/V{p50 / reference['queries'][name]['p50_ms']:.1f}"
            cells.append(f"{p50:>11.2f}{note:>4}{ratio:>6}{vs:>5}")
        print(f"{name:<28}" + "".join(cells))
    paired = report.get("paired")
    if paired:
        print(
            "\noxigraph-memory (on"
            f" {paired.get('allocator', '-')}) and Virtuoso in turn, question by question"
            " (p50 ms; target <= 2):"
        )
        for name, figures in sorted(paired["queries"].items(), key=lambda i: -i[1]["ratio"]):
            print(
                f"  {name:<28}{figures['oxigraph_memory_p50_ms']:>10.2f}"
                f"{figures['virtuoso_p50_ms']:>10.2f}{figures['ratio']:>8.2f}"
            )
    http = report.get("http")
    if not http:
        return
    print(
        f"\nHTTP, {http['connections']} connections for {http['seconds']:g} s, gunicorn"
        f" {http['gunicorn']}, saved question {http['cheap_question']} (better of"
        f" {http['rounds']} rounds), every server on {http.get('allocator', '-')}:"
    )
    print(f"{'server':<24}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'of bare':>9}")
    for label in ("bare_flask", "exportgraph_uncached", "exportgraph_cached"):
        row = http[label]
        share = f"{row['share_of_bare']:.0%}" if row.get("share_of_bare") else ""
        print(
            f"{label:<24}{row['rps']:>9.1f}{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}"
            f"{row['errors']:>8}{share:>9}"
        )
    for name, key, own in (
        (f"{http['join_question']} (biggest join)", "join", http["join_in_process_ms"]),
        (f"large answer, {http['large_rows']:,} rows", "large", http["large_in_process_ms"]),
    ):
        print(f"{name}: in process {own:.1f} ms; over HTTP (p50 of 5, target <= 2x):")
        for label in ("bare_flask", "exportgraph_uncached", "exportgraph_cached"):
            over = http[label][f"{key}_p50_ms"]
            print(f"  {label:<22}{over:>10.1f} ms {over / own:>6.2f}x")


def max_runs(runs: list[dict]) -> int:
    return max((q.get("runs", 0) for r in runs for q in r["queries"].values()), default=0)


if __name__ == "__main__":
    main()
