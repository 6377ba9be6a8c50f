"""A fixed-time HTTP load generator and a gunicorn starter, shared by the benchmarks.

run_load() keeps CONNECTIONS keep-alive connections busy for a fixed number of seconds (after
a warm-up), spread over two client processes so that the client's own GIL does not cap the
rate, and returns the count of answers, errors, requests a second, p50 and p99. Both apps
of a comparison get the same generator, so its own cost on the 2-core machine weighs the
same on both. Never part of the test run.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONNECTIONS = 8
CLIENT_PROCESSES = 2
READY = "exportgraph-benchmark-app-ready"


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float

    def as_json(self) -> dict:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p50_ms, 2),
            "p99_ms": round(self.p99_ms, 2),
        }


def start_gunicorn(app: str, env: dict[str, str], workers: int = 2, threads: int = 4):
    """Start gunicorn with app (module:factory() under benchmarks/) on a free port.

    Returns the process and the base URL once every worker has booted and answers.
    """
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [
        str(gunicorn), "--workers", str(workers), "--threads", str(threads),
        "--bind", "127.0.0.1:0", "--pythonpath", str(HERE), "--timeout", "600", app,
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **env},
    )
    assert process.stdout is not None
    url, booted, seen = None, 0, []
    for line in process.stdout:
        seen.append(line)
        match = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", line)
        url = url or (match.group(1) if match else None)
        # Each app factory prints READY once its store is loaded: a worker that has booted
        # but is still loading would hold requests back and spoil the first seconds.
        booted += READY in line
        if url and booted == workers:
            break
    if url is None:
        process.kill()
        raise RuntimeError("gunicorn did not start:\n" + "".join(seen[-30:]))
    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
    return process, url


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def post_form(url: str, fields: dict[str, str], accept: str) -> tuple[int, bytes]:
    """One POST on a fresh connection: status and body (to wait for a server, or to check)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    try:
        connection.request("POST", parts.path, urllib.parse.urlencode(fields), _headers(accept))
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _headers(accept: str) -> dict[str, str]:
    return {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}


def _client_process(url, fields, accept, connections, warmup, seconds, queue) -> None:
    parts = urllib.parse.urlsplit(url)
    body = urllib.parse.urlencode(fields)
    headers = _headers(accept)
    start = time.perf_counter() + warmup
    stop_at = start + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        mine: list[float] = []
        failed = 0
        while True:
            began = time.perf_counter()
            if began >= stop_at:
                break
            try:
                connection.request("POST", parts.path, body, headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
                ok = False
            ended = time.perf_counter()
            if began >= start and ended <= stop_at:
                if ok:
                    mine.append(ended - began)
                else:
                    failed += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((latencies, errors[0]))


def run_load(
    url: str,
    fields: dict[str, str],
    accept: str = "application/sparql-results+json",
    seconds: float = 10.0,
    warmup: float = 2.0,
    connections: int = CONNECTIONS,
) -> LoadResult:
    """Keep `connections` connections busy POSTing fields to url for `seconds` (after warmup)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    per_process = [connections // CLIENT_PROCESSES] * CLIENT_PROCESSES
    per_process[0] += connections - sum(per_process)
    processes = [
        context.Process(
            target=_client_process, args=(url, fields, accept, n, warmup, seconds, queue)
        )
        for n in per_process
    ]
    for process in processes:
        process.start()
    latencies: list[float] = []
    errors = 0
    for _ in processes:
        got, failed = queue.get(timeout=warmup + seconds + 600)
        latencies += got
        errors += failed
    for process in processes:
        process.join()
    latencies.sort()
    if not latencies:
        return LoadResult(0, errors, seconds, 0.0, float("nan"), float("nan"))
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return LoadResult(
        len(latencies),
        errors,
        seconds,
        len(latencies) / seconds,
        statistics.median(latencies) * 1000,
        p99 * 1000,
    )


def sequential_ms(url: str, fields: dict[str, str], runs: int, accept: str) -> list[float]:
    """Latency of `runs` requests one after another on one keep-alive connection, in ms."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    body = urllib.parse.urlencode(fields)
    times = []
    try:
        for _ in range(runs):
            began = time.perf_counter()
            connection.request("POST", parts.path, body, _headers(accept))
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status}")
            times.append((time.perf_counter() - began) * 1000)
    finally:
        connection.close()
    return times
