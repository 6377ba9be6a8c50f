"""Load the SPARQL endpoint with generated licence cases and measure it from a second process.

For 1 and 2 query worker processes: requests a second and p50/p99 latency of a cheap query
(ASK {}) and of each saved question, sent over HTTP on 127.0.0.1 by a load loop in a separate
process (a fixed number of requests from a few client threads, bounded in time). Also the
worker pool's own overhead on the cheap query: in process, through the pool, over HTTP.
Never part of the test run's pass or fail.

Usage: python benchmarks/endpoint.py [--cases 10000] [--requests 200] [--clients 4]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from exportgraph.config import Settings
from exportgraph.endpoint.core import SparqlEndpoint, SparqlRequest
from exportgraph.endpoint.saved_queries import bound_query_text, saved_queries
from exportgraph.store.embedded import open_store

EXR = "https://w3id.org/exportgraph/id/"
EXG = "https://w3id.org/exportgraph/ontology#"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
XSD_POSITIVE = "http://www.w3.org/2001/XMLSchema#positiveInteger"
CODES = ["3B001.a.4", "3B001.d.12", "3B001.d.19", "3B001.f.4", "3B001.l", "3B001.m", "3D007"]
DESTINATIONS = ["CHN", "USA", "JPN", "KOR", "TWN", "SGP", "MYS", "IND"]
OUTCOMES = ["granted", "refused", "withdrawn", "pending", "noLicenceRequired"]
SAMPLE_VALUES = {
    "list": "exr:list/nl-semiconductor-equipment",
    "date": "2024-08-01",
    "country": "country:RUS",
    "resource": "exr:law/nl-regeling-2023-18212",
    "from": "2024-08-01",
    "to": "2024-09-30",
}
TIME_BUDGET = 20.0  # seconds at most per measured query


def write_cases(path: Path, count: int, seed: int = 7) -> None:
    """Write count synthetic licence cases as N-Triples (about 10 triples each)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            case = f"<{EXR}case/NL-EXP-BENCH-{n:06d}>"
            item, decision = f"<{EXR}case-item/{n}>", f"<{EXR}case-decision/{n}>"
            day = f"20{rng.randint(23, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            out.write(
                f"{case} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EXG}LicenceCase> .\n"
                f'{case} <{EXG}caseId> "NL-EXP-B-{n:06d}" .\n'
                f"{case} <{EXG}destination> <{COUNTRY}{rng.choice(DESTINATIONS)}> .\n"
                f'{case} <{EXG}applicationDate> "{day}"^^<{XSD_DATE}> .\n'
                f"{case} <{EXG}caseItem> {item} .\n"
                f"{item} <{EXG}controlEntry> <{EXR}entry/nl/{rng.choice(CODES)}> .\n"
                f'{item} <{EXG}quantity> "{rng.randint(1, 5)}"^^<{XSD_POSITIVE}> .\n'
                f"{case} <{EXG}decision> {decision} .\n"
                f"{decision} <{EXG}outcome> <{EXG}{rng.choice(OUTCOMES)}> .\n"
            )


def start_server(cases: Path, workers: int) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "EXPORTGRAPH_QUERY_WORKERS": str(workers)}
    env["EXPORTGRAPH_THREADS"] = "8"
    command = [sys.executable, "-m", "exportgraph", "serve", "--host", "127.0.0.1", "--port", "0"]
    command += ["--graph", f"urn:exportgraph:bench:cases={cases}"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    assert process.stdout is not None
    for line in process.stdout:
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        if match:
            return process, match.group(1) + "sparql"
    raise RuntimeError("the server did not start")


def load_loop(url: str, query: str, requests: int, clients: int, queue) -> None:
    """In a second process: send requests from client threads; report latencies."""
    body = urllib.parse.urlencode({"query": query}).encode()
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + TIME_BUDGET
    per_client = max(1, requests // clients)

    def client() -> None:
        for _ in range(per_client):
            if time.perf_counter() > deadline:
                return
            request = urllib.request.Request(
                url,
                data=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/sparql-results+json",
                },
            )
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
            except OSError:
                with lock:
                    errors[0] += 1
                continue
            with lock:
                latencies.append(time.perf_counter() - start)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((latencies, errors[0], time.perf_counter() - started))


def measure(url: str, query: str, requests: int, clients: int) -> tuple[float, float, float, int]:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=load_loop, args=(url, query, requests, clients, queue))
    process.start()
    latencies, errors, elapsed = queue.get(timeout=TIME_BUDGET + 120)
    process.join()
    if not latencies:
        return 0.0, float("nan"), float("nan"), errors
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / elapsed, statistics.median(latencies) * 1000, p99 * 1000, errors


def pool_overhead(cases: Path, repeat: int = 2000) -> None:
    store = open_store(named_graphs={"urn:exportgraph:bench:cases": cases})
    endpoint = SparqlEndpoint(store, Settings(), workers=1)
    for label, run in (
        ("in process (EmbeddedStore.query)", lambda: store.query("ASK {}")),
        ("through a worker process", lambda: endpoint.answer(SparqlRequest("ASK {}"))),
    ):
        run()
        start = time.perf_counter()
        for _ in range(repeat):
            run()
        print(f"  {label:<36} {(time.perf_counter() - start) / repeat * 1e6:8.0f} µs per query")
    endpoint.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per query")
    parser.add_argument("--clients", type=int, default=4, help="client threads of the load loop")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cases = Path(folder) / "cases.nt"
        write_cases(cases, args.cases)
        print(f"{args.cases:,} generated cases; {args.requests} requests per query from")
        print(f"{args.clients} client threads in a second process, on 127.0.0.1\n")
        print("Worker pool overhead on a cheap query (ASK {}):")
        pool_overhead(cases)
        queries = [("cheap: ASK {}", "ASK {}")]
        for question in saved_queries():
            values = {p.name: SAMPLE_VALUES[p.name] for p in question.parameters if not p.optional}
            queries.append((question.name, bound_query_text(question.name, values)))
        for workers in (1, 2):
            server, url = start_server(cases, workers)
            try:
                print(f"\nquery workers: {workers}")
                print(f"  {'query':<30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
                for name, text in queries:
                    rate, p50, p99, errors = measure(url, text, args.requests, args.clients)
                    print(f"  {name:<30} {rate:8.1f} {p50:8.1f} {p99:8.1f} {errors:6d}")
            finally:
                server.terminate()
                server.wait(timeout=10)


if __name__ == "__main__":
    main()
