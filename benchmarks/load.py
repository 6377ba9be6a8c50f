"""A bounded load test: gunicorn with 2 worker processes, loaded from a second process.

The server is the production command of the README (gunicorn, 2 workers, 4 threads each) on
127.0.0.1. A load process runs CLIENTS concurrent clients for a warm-up and then for DURATION
seconds, each sending a mix of saved questions (the query page with the answer), resource pages,
validations of a licence case (POST /validate, JSON) and, as the cheap baseline beside them,
the static style sheet. It prints, per kind of request, the count, the 5xx and other errors,
p50 and p99 latency; and the server's memory (PSS of gunicorn, its workers and their query
processes) after the warm-up and after the run. Never part of the test run's pass or fail.

--faults (issue 20) adds licence checks and two cheap queries to the mix: one whose text
repeats, as a client sends it (answered from the answer cache or in the request's thread), and
one with a new text each time, so that it runs in a query worker. Meanwhile a runaway query (a
cross product that runs to the time limit) is sent every --runaway-every seconds, and every
--kill-every seconds one query worker of the server, chosen at random, is killed with SIGKILL
(busy or idle). The intended 503s are the runaways' own (time limit, or their worker killed)
and "worker-died" for a request whose worker was killed; every other 5xx, and every request with
no answer at all, counts as a failure. Memory is given as the sum of the RSS of the server and
all its processes, and as their PSS (shared pages counted once).

Usage: python benchmarks/load.py [--duration 60] [--warmup 10] [--clients 8] [--workers 2]
       [--threads 4] [--server gunicorn|waitress]
       [--faults [--runaway-every 5] [--kill-every 10]]
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import random
import re
import signal
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
FAULT_MIX = (
    ("saved question", 4),
    ("resource page", 4),
    ("validation", 2),
    ("licence check", 2),
    ("cheap query", 1),
    ("fresh query", 1),
)
LICENCE_CHECKS = (
    ("NXT:2000i", "CHN", "2023-10-02"),
    ("NXT:1980i", "CHN", "2024-08-01"),
    ("3B001.f.4", "DEU", "2024-01-01"),
)
CHEAP = "ASK { ?s ?p ?o }"
# Joins the graph with itself twice: runs to any time limit.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# The message of a request whose query worker died (exportgraph.endpoint.workers).
WORKER_DIED = b"stopped before it answered"


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
    checks = [
        ("licence-check?" + urllib.parse.urlencode({"item": i, "destination": d, "date": t}), None)
        for i, d, t in LICENCE_CHECKS
    ]
    return {
        "saved question": questions,
        "resource page": pages,
        "validation": [("validate", CASE.read_bytes())],
        "static (baseline)": [("static/exportgraph.css", None)],
        "licence check": checks,
        "cheap query": [("sparql?" + urllib.parse.urlencode({"query": CHEAP}), None)],
        # A new text each time: neither the answer cache nor the request thread takes it.
        "fresh query": [("sparql?query=", None)],
    }


def _get(url: str, accept: str = "*/*") -> bytes:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def load(url: str, plan: dict, seconds: float, clients: int, mix: tuple, results) -> None:
    """Run in the load process: clients send the mix until the time is up; report results.

    Each sample is (kind, status, seconds, whether the answer says its query worker died).
    """
    kinds = [kind for kind, weight in mix for _ in range(weight)]
    samples: list[tuple[str, int, float, bool]] = []
    fresh = itertools.count()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            kind = rng.choice(kinds)
            path, body = rng.choice(plan[kind])
            if kind == "fresh query":
                path += urllib.parse.quote(f"{CHEAP} # {seed} {next(fresh)}")
            headers = {"Accept": "text/html"}
            if kind in ("licence check", "cheap query", "fresh query"):
                headers = {"Accept": "application/json"}
            if body is not None:
                headers = {"Content-Type": "application/json", "Accept": "application/json"}
            request = urllib.request.Request(url + path, data=body, headers=headers)
            started = time.perf_counter()
            status, died = send(request)
            with lock:
                samples.append((kind, status, time.perf_counter() - started, died))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(samples)


def send(request: urllib.request.Request) -> tuple[int, bool]:
    """Send a request: its status (0 when no answer came) and whether its worker died."""
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            return response.status, False
    except urllib.error.HTTPError as error:
        return error.code, error.code == 503 and WORKER_DIED in error.read()
    except OSError:
        return 0, False  # no answer at all: refused or timed out


def run_load(
    url: str, plan: dict, seconds: float, clients: int, mix: tuple = MIX
) -> list[tuple[str, int, float, bool]]:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=load, args=(url, plan, seconds, clients, mix, results))
    process.start()
    samples = results.get()
    process.join()
    return samples


class Faults:
    """Send a runaway query every runaway_every seconds and kill a query worker every kill_every.

    Runs in threads of this process beside the load process, for seconds; stop() waits for the
    last runaway to be answered.
    """

    def __init__(
        self,
        url: str,
        server: int,
        depth: int,
        seconds: float,
        runaway_every: float,
        kill_every: float,
    ) -> None:
        self.url, self.server, self.depth, self.seconds = url, server, depth, seconds
        self.runaway_every, self.kill_every = runaway_every, kill_every
        self.runaways: list[tuple[int, bool]] = []  # (status, worker died) of each
        self.kills: list[bool] = []  # whether the killed worker was running a query
        self._senders: list[threading.Thread] = []
        self._driver = threading.Thread(target=self._drive)

    def start(self) -> None:
        self._driver.start()

    def stop(self) -> None:
        self._driver.join()
        for sender in self._senders:
            sender.join()

    def _drive(self) -> None:
        started = time.monotonic()
        events = sorted(
            [(t, "runaway") for t in _times(self.runaway_every, self.seconds)]
            + [(t, "kill") for t in _times(self.kill_every, self.seconds)]
        )
        for at, what in events:
            time.sleep(max(0.0, started + at - time.monotonic()))
            if what == "kill":
                self._kill_one()
            else:
                sender = threading.Thread(target=self._runaway)
                sender.start()
                self._senders.append(sender)

    def _runaway(self) -> None:
        request = urllib.request.Request(
            self.url + "sparql",
            data=RUNAWAY.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
        )
        self.runaways.append(send(request))

    def _kill_one(self) -> None:
        workers = query_workers(self.server, self.depth)
        if not workers:
            return
        victim = random.choice(workers)
        running = _state(victim) == "R"
        try:
            os.kill(victim, signal.SIGKILL)
        except ProcessLookupError:
            return
        self.kills.append(running)


def _times(every: float, seconds: float) -> list[float]:
    """The moments of a fault that comes every `every` seconds, the first after `every`."""
    return [every * n for n in range(1, int(seconds / every) + 1) if every * n < seconds]


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    return children


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "gone"


def query_workers(root: int, depth: int) -> list[int]:
    """The query worker processes under a server: its descendants depth generations down.

    Under `exportgraph serve` (depth 2) the server forks a pool's zygote, which forks the query
    workers; under gunicorn (depth 3) each gunicorn worker has a zygote of its own. Telling
    them by depth, not by shape, never takes a zygote for a worker when it has none left.
    """
    children = _children()
    generation = [root]
    for _ in range(depth):
        generation = [child for pid in generation for child in children.get(pid, [])]
    return generation


def memory_kb(root: int, field: str = "Pss") -> int:
    """PSS (shared pages counted once) or RSS of a process and all its descendants, in kB."""
    children = _children()
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending += children.get(pid, [])
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += int(re.search(rf"^{field}:\s+(\d+)", rollup, re.M).group(1))
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


def report(samples: list[tuple[str, int, float, bool]], seconds: float, mix: tuple = MIX) -> int:
    """Print the table; return the failures: 5xx other than worker-died, and no answer."""
    faults = mix is FAULT_MIX
    columns = (
        ("requests", 8),
        ("req/s", 7),
        ("5xx", 5),
        *((("died 503", 8),) if faults else ()),
        ("other", 6),
        ("p50 ms", 8),
        ("p99 ms", 8),
    )
    print(f"{'kind':<20} " + " ".join(f"{name:>{width}}" for name, width in columns))
    failures = 0
    for kind, _ in (*mix, ("all", 0)):
        rows = [s for s in samples if kind in (s[0], "all")]
        times = [s[2] * 1000 for s in rows]
        died = sum(1 for s in rows if s[3])
        server_errors = sum(1 for s in rows if (s[1] >= 500 or s[1] == 0) and not s[3])
        other = sum(1 for s in rows if 300 <= s[1] < 500)
        failures += server_errors if kind == "all" else 0
        print(
            f"{kind:<20} {len(rows):>8} {len(rows) / seconds:>7.1f} {server_errors:>5}"
            + (f" {died:>8}" if faults else "")
            + f" {other:>6} {percentile(times, 50):>8.1f} {percentile(times, 99):>8.1f}"
        )
    return failures


def run_with_faults(args: argparse.Namespace, server: subprocess.Popen, url: str, plan) -> None:
    """The fault mode: the mix with licence checks and cheap queries, under runaways and kills."""
    if args.warmup > 0:
        run_load(url, plan, args.warmup, args.clients, FAULT_MIX)
    start = memory_kb(server.pid, "Rss"), memory_kb(server.pid, "Pss")
    depth = 2 if args.server == "waitress" else 3
    workers_before = len(query_workers(server.pid, depth))
    faults = Faults(url, server.pid, depth, args.duration, args.runaway_every, args.kill_every)
    faults.start()
    samples = run_load(url, plan, args.duration, args.clients, FAULT_MIX)
    faults.stop()
    end = memory_kb(server.pid, "Rss"), memory_kb(server.pid, "Pss")
    failures = report(samples, args.duration, FAULT_MIX)
    answered = sum(1 for s in samples if s[1] and s[1] < 500)
    timed_out = sum(1 for status, died in faults.runaways if status == 503 and not died)
    runaway_died = sum(1 for _, died in faults.runaways if died)
    runaway_other = len(faults.runaways) - timed_out - runaway_died
    print(
        f"faults: {len(faults.runaways)} runaway queries ({timed_out} stopped at the time limit,"
        f" {runaway_died} worker died, {runaway_other} other); {len(faults.kills)} query workers"
        f" killed ({sum(faults.kills)} seen running a query); query workers before"
        f" {workers_before}, after {len(query_workers(server.pid, depth))}"
    )
    growth = [(after - before) / before * 100 for before, after in zip(start, end, strict=True)]
    print(
        f"memory (the server and all its processes): RSS {start[0] / 1024:.0f} MB after"
        f" warm-up, {end[0] / 1024:.0f} MB after the run ({growth[0]:+.1f}%); PSS"
        f" {start[1] / 1024:.0f} MB, {end[1] / 1024:.0f} MB ({growth[1]:+.1f}%)"
    )
    cheap = [s[2] * 1000 for s in samples if s[0] == "cheap query"]
    flat = all(abs(g) <= 5 for g in growth)
    print(
        f"verdict: {answered} of {len(samples)} requests answered;"
        f" {'no' if failures == 0 else failures} 5xx other than the intended 503s"
        f"{'' if runaway_other == 0 else f' (and {runaway_other} runaways answered otherwise)'};"
        f" cheap query p99 {percentile(cheap, 99):.1f} ms;"
        f" memory {'within' if flat else 'NOT within'} 5% of warm-up"
    )


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
    parser.add_argument(
        "--faults", action="store_true", help="runaway queries and killed query workers"
    )
    parser.add_argument("--runaway-every", type=float, default=5.0, help="seconds (--faults)")
    parser.add_argument("--kill-every", type=float, default=10.0, help="seconds (--faults)")
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
            + (
                f"; a runaway query every {args.runaway_every:g} s, a query worker killed"
                f" every {args.kill_every:g} s, for {args.duration:g} s"
                if args.faults
                else ""
            ),
            flush=True,
        )
        if args.faults:
            run_with_faults(args, server, url, plan)
            return
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
