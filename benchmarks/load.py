"""A bounded load test: gunicorn with 2 worker processes, loaded from a second process.

The server is the production command of the README (gunicorn, 2 workers, 4 threads each) on
127.0.0.1. A load process runs CLIENTS concurrent clients for a warm-up and then for DURATION
seconds, each sending a mix of saved questions (the query page with the answer), resource pages,
validations of a licence case (POST /validate, JSON) and, as the cheap baseline beside them,
the static style sheet. It prints, per kind of request, the count, the 5xx and other errors,
p50 and p99 latency; and the server's memory (PSS of gunicorn, its workers and their query
processes) after the warm-up and after the run. Never part of the test run's pass or fail.

Usage: python benchmarks/load.py [--duration 60] [--warmup 10] [--clients 8] [--workers 2]
       [--threads 4] [--server gunicorn|waitress]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from exportgraph.endpoint.saved_queries import saved_queries

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "tests" / "cases" / "json" / "valid" / "nxt1980i-china-after-extension.json"
SAMPLE_VALUES = {
    "list": "exr:list/nl-semiconductor-equipment",
    "date": "2024-08-01",
    "country": "country:RUS",
    "resource": "exr:law/nl-regeling-2023-18212",
    "from": "2024-08-01",
    "to": "2024-09-30",
}
MIX = (("saved question", 4), ("resource page", 4), ("validation", 2), ("static (baseline)", 1))


def start_gunicorn(workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [
        str(gunicorn), "--workers", str(workers), "--threads", str(threads),
        "--bind", "127.0.0.1:0", "exportgraph.web:create_app()",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    url, booted = None, 0
    for line in process.stdout:
        match = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", line)
        url = url or (match.group(1) + "/" if match else None)
        booted += "Booting worker" in line
        if url and booted == workers:
            break
    if url is None:
        process.kill()
        raise SystemExit("gunicorn did not start")
    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
    _get(url + "sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))  # both workers up
    return process, url


def start_waitress(threads: int) -> tuple[subprocess.Popen, str]:
    """`exportgraph serve` (waitress, one process, threads), for comparison."""
    command = [
        sys.executable,
        "-m",
        "exportgraph",
        "serve",
        "--port",
        "0",
        "--threads",
        str(threads),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    url = None
    for line in process.stdout:
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        if match:
            url = match.group(1)
            break
    if url is None:
        process.kill()
        raise SystemExit("exportgraph serve did not start")
    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
    return process, url


def targets(url: str) -> dict[str, list[tuple[str, bytes | None]]]:
    """The requests of each kind: (path, body or None)."""
    questions = []
    for question in saved_queries():
        params = {"saved": question.name, "run": "1"}
        params.update(
            {f"p.{p.name}": SAMPLE_VALUES[p.name] for p in question.parameters if not p.optional}
        )
        questions.append(("query?" + urllib.parse.urlencode(params), None))
    listed = _get(
        url
        + "sparql?"
        + urllib.parse.urlencode(
            {
                "query": "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s),"
                ' "https://w3id.org/exportgraph/id/")) } ORDER BY ?s LIMIT 200',
            }
        ),
        accept="application/sparql-results+json",
    )
    subjects = [b["s"]["value"] for b in json.loads(listed)["results"]["bindings"]]
    pages = [("id/" + s.removeprefix("https://w3id.org/exportgraph/id/"), None) for s in subjects]
    return {
        "saved question": questions,
        "resource page": pages,
        "validation": [("validate", CASE.read_bytes())],
        "static (baseline)": [("static/exportgraph.css", None)],
    }


def _get(url: str, accept: str = "*/*") -> bytes:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def load(url: str, plan: dict, seconds: float, clients: int, results) -> None:
    """Run in the load process: clients send the mix until the time is up; report results."""
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    samples: list[tuple[str, int, float]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            kind = rng.choice(kinds)
            path, body = rng.choice(plan[kind])
            headers = {"Accept": "text/html"}
            if body is not None:
                headers = {"Content-Type": "application/json", "Accept": "application/json"}
            request = urllib.request.Request(url + path, data=body, headers=headers)
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                error.read()
                status = error.code
            except OSError:
                status = 0  # no answer at all: refused or timed out
            with lock:
                samples.append((kind, status, time.perf_counter() - started))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(samples)


def run_load(url: str, plan: dict, seconds: float, clients: int) -> list[tuple[str, int, float]]:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=load, args=(url, plan, seconds, clients, results))
    process.start()
    samples = results.get()
    process.join()
    return samples


def memory_kb(root: int) -> int:
    """PSS of a process and all its descendants (shared pages counted once), in kB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending += children.get(pid, [])
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
    return total


def cheap_during_runaway(url: str, tries: int = 5) -> tuple[float, int]:
    """Latency (max, in ms) of a cheap query sent while a cross product runs to the time limit."""
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    outcome: list[int] = []

    def run_away() -> None:
        request = urllib.request.Request(
            url + "sparql",
            data=cross.encode(),
            headers={"Content-Type": "application/sparql-query"},
        )
        try:
            urllib.request.urlopen(request, timeout=120).read()
            outcome.append(200)
        except urllib.error.HTTPError as error:
            outcome.append(error.code)

    thread = threading.Thread(target=run_away)
    thread.start()
    time.sleep(1.0)
    worst = 0.0
    for _ in range(tries):
        started = time.perf_counter()
        _get(url + "sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
        worst = max(worst, time.perf_counter() - started)
    thread.join()
    return worst * 1000, outcome[0]


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(samples: list[tuple[str, int, float]], seconds: float) -> int:
    columns = (
        ("requests", 8),
        ("req/s", 7),
        ("5xx", 5),
        ("other", 6),
        ("p50 ms", 8),
        ("p99 ms", 8),
    )
    print(f"{'kind':<20} " + " ".join(f"{name:>{width}}" for name, width in columns))
    failures = 0
    for kind, _ in (*MIX, ("all", 0)):
        rows = [s for s in samples if kind in (s[0], "all")]
        times = [s[2] * 1000 for s in rows]
        server_errors = sum(1 for s in rows if s[1] >= 500 or s[1] == 0)
        other = sum(1 for s in rows if 300 <= s[1] < 500)
        failures += server_errors if kind == "all" else 0
        print(
            f"{kind:<20} {len(rows):>8} {len(rows) / seconds:>7.1f} {server_errors:>5} {other:>6}"
            f" {percentile(times, 50):>8.1f} {percentile(times, 99):>8.1f}"
        )
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--server",
        choices=("gunicorn", "waitress"),
        default="gunicorn",
        help="waitress runs `exportgraph serve` (one process, --threads) for comparison",
    )
    args = parser.parse_args()
    if args.server == "waitress":
        server, url = start_waitress(args.threads)
    else:
        server, url = start_gunicorn(args.workers, args.threads)
    try:
        plan = targets(url)
        name = (
            f"exportgraph serve (waitress) --threads {args.threads}"
            if args.server == "waitress"
            else f"gunicorn --workers {args.workers} --threads {args.threads}"
        )
        print(
            f"{name} at {url}; "
            f"{args.clients} clients; {len(plan['saved question'])} saved questions, "
            f"{len(plan['resource page'])} resource pages"
        )
        run_load(url, plan, args.warmup, args.clients)
        warm = memory_kb(server.pid)
        samples = run_load(url, plan, args.duration, args.clients)
        after = memory_kb(server.pid)
        failures = report(samples, args.duration)
        growth = (after - warm) / warm * 100
        print(
            f"memory (PSS, the server and its children): after warm-up {warm / 1024:.0f} MB, "
            f"after the run {after / 1024:.0f} MB ({growth:+.1f}%)"
        )
        worst, status = cheap_during_runaway(url)
        print(
            "cheap query while a cross product runs to the time limit: slowest of 5 answers"
            f" {worst:.1f} ms; the cross product got {status}"
        )
        print(
            f"verdict: {'no 5xx' if failures == 0 else f'{failures} 5xx or no answer'}; "
            f"memory {'within' if abs(growth) <= 10 else 'NOT within'} 10% of warm-up"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
