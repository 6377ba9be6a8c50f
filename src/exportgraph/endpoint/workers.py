"""Run SPARQL queries in worker processes that can be stopped when a query overruns.

pyoxigraph cannot interrupt a running query from another thread, so a query runs in a worker
process that holds the store, and a query that overruns its time limit is stopped by killing
its worker; a new worker takes its place and the other workers go on answering.

Workers are forked, after the store is loaded, from a "zygote": a single-threaded process
forked once when the pool starts. Forking the server itself later would copy whatever locks
its other threads hold at that moment; the zygote holds none, so a replacement worker is a
clean copy of the loaded store, made in milliseconds and sharing its memory copy-on-write.
Parent and workers talk over a Unix socket in a private temporary folder.

A fork copies every open file of the server, including another pool's ends of its pipe and
sockets: a zygote closes all of those first (_PARENT_ENDS), or a second pool's zygote would
hold the first pool's pipe open and the first zygote would never see it close.

A worker may die in the middle of a query: killed from outside, or stopped by its memory
limit (memory_mb: the address space it may take beyond what it holds when forked, set with
RLIMIT_AS; past it, an allocation fails and the worker exits or the engine aborts). The
request that was running gets WorkerDiedError (503), a new worker takes its place, and the
next request is answered. A worker that died while idle is replaced before a query is sent to
it, so no request pays for a death it was not there for. The zygote ignores SIGCHLD, so the
kernel reaps a dead worker at once: no zombie is left, whatever number die.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import resource
import shutil
import signal
import socket
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import date
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

from exportgraph.endpoint.known_fast import KnownFastQueries, repeatable
from exportgraph.errors import ExportGraphError, QueryError
from exportgraph.law.as_of import view_as_of
from exportgraph.sparql.results import write_boolean, write_solutions, write_triples
from exportgraph.store import terms as ox
from exportgraph.store.embedded import EmbeddedStore

SPAWN_TIMEOUT = 30.0
# How long close() waits for the zygote to exit on its own before killing it.
ZYGOTE_EXIT_TIMEOUT = 5.0

# The server's ends of every pool's pipe and sockets, which no zygote may keep open.
_PARENT_ENDS: weakref.WeakSet = weakref.WeakSet()


class QueryTimeoutError(ExportGraphError):
    """A query ran past the time limit and was stopped."""

    code = "query-timeout"


class WorkerDiedError(ExportGraphError):
    """The worker running a query died before it answered (killed, or out of memory)."""

    code = "worker-died"


class EndpointBusyError(ExportGraphError):
    """No worker became free in time to take a query."""

    code = "busy"


@dataclass(frozen=True)
class QueryJob:
    """A query as a worker runs it: the text, the dataset and the output formats."""

    sparql: str
    table_format: str = "json"
    graph_format: str = "turtle"
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    union_default_graph: bool = True
    base_iri: str | None = None
    as_of: date | None = None


@dataclass(frozen=True)
class QueryOutcome:
    """A serialised answer: its kind (select, ask, graph), body, size and whether it was cut."""

    kind: str
    body: bytes
    rows: int
    truncated: bool
    seconds: float
    cached: bool = False  # answered from the answer cache, not by a worker


@dataclass
class _Worker:
    pid: int
    conn: Connection


class QueryWorkers:
    """A fixed number of worker processes over one loaded store, each running one query at once."""

    def __init__(
        self,
        store: EmbeddedStore,
        workers: int,
        timeout: float,
        row_limit: int,
        prefixes: dict[str, str] | None = None,
        inline_seconds: float = 0.0,
        memory_mb: int = 0,
    ) -> None:
        """Fork the zygote and the workers over store.

        memory_mb: megabytes of address space each worker may take beyond what it holds when
        forked (the loaded store it shares with the server); 0 sets no limit.
        """
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.row_limit = row_limit
        self._store = store
        self._prefixes = prefixes or {}
        self.known_fast = KnownFastQueries(inline_seconds)
        folder = tempfile.mkdtemp(prefix="exportgraph-")
        address = str(Path(folder) / "workers.sock")
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(address)
        self._listener.listen(workers + 2)
        self._listener.settimeout(SPAWN_TIMEOUT)
        context = multiprocessing.get_context("fork")
        self._zygote_conn, zygote_end = context.Pipe()
        _PARENT_ENDS.update((self._listener, self._zygote_conn))
        self._zygote = context.Process(
            target=_zygote_main,
            args=(store, zygote_end, address, row_limit, prefixes or {}, memory_mb),
            name="exportgraph-zygote",
            daemon=True,
        )
        self._zygote.start()
        zygote_end.close()
        self._pids: set[int] = set()
        # Whether closed or dropped, the pool kills its workers, lets the zygote exit, closes
        # its socket and removes its folder: an app built and dropped in a test leaks nothing.
        self._release = weakref.finalize(
            self, _release, self._pids, self._zygote_conn, self._listener, folder
        )
        self._spawn_lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers = workers
        for _ in range(workers):
            self._idle.put(self._spawn())

    @property
    def size(self) -> int:
        return self._workers

    def run(self, job: QueryJob) -> QueryOutcome:
        """Run a query within the time limit: in a free worker, or here when known to be fast.

        A query a worker answered in at most inline_seconds runs again in the calling thread
        (exportgraph.endpoint.known_fast): the store is read-only, so it cannot overrun.

        Raises:
            QueryError: the query does not parse or fails in the engine.
            QueryTimeoutError: the query ran past the time limit; its worker was replaced.
            WorkerDiedError: the worker died while it ran the query; it was replaced.
            EndpointBusyError: every worker stayed busy for a whole time limit.
        """
        known_rows = None
        if job in self.known_fast:
            # This thread's own processor time: the wall clock would also count the waits
            # for the other request threads, which says nothing about the query.
            started = time.thread_time()
            known_rows = self.known_fast.rows(job)
            outcome = _execute_reporting(
                self._store, job, self.row_limit, self._prefixes, known_rows
            )
            seconds = time.thread_time() - started
        else:
            outcome = self._run_in_worker(job)
            seconds = outcome.seconds if isinstance(outcome, QueryOutcome) else 0.0
        if isinstance(outcome, str):
            self.known_fast.note(job, float("inf"))
            raise QueryError(outcome)
        # A dated view is built in each worker that asks for it, never in the server itself.
        eligible = job.as_of is None and not outcome.truncated
        whole = known_rows is not None or (
            outcome.kind == "select" and job.table_format == "json" and repeatable(job.sparql)
        )
        self.known_fast.note(job, seconds, eligible, outcome.rows if whole else None)
        return outcome

    def _run_in_worker(self, job: QueryJob) -> QueryOutcome | str:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise EndpointBusyError(
                f"all {self._workers} query workers stayed busy for {self.timeout:g} s;"
                " try again shortly"
            ) from None
        try:
            if _died_idle(worker):
                worker = self._replace(worker)
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                worker = self._replace(worker)
                raise QueryTimeoutError(
                    f"the query ran longer than the time limit of {self.timeout:g} s and was"
                    " stopped (setting query_timeout); narrow it with LIMIT or more"
                    " specific patterns"
                )
            answer = worker.conn.recv()
        except (EOFError, OSError):
            worker = self._replace(worker)
            limit = f"{self.memory_mb:,} MB" if self.memory_mb else "none set"
            raise WorkerDiedError(
                "the process running the query stopped before it answered (killed, or past"
                f" its memory limit: {limit}, setting query_worker_memory_mb); a new one has"
                " taken its place: try again, and if it happens again, narrow the query"
            ) from None
        finally:
            self._idle.put(worker)
        return answer if isinstance(answer, QueryOutcome) else str(answer)

    def close(self) -> None:
        """Stop every worker and the zygote."""
        while True:
            try:
                self._idle.get_nowait().conn.close()
            except queue.Empty:
                break
        self._release()
        self._zygote.join(timeout=ZYGOTE_EXIT_TIMEOUT)
        if self._zygote.is_alive():  # something still holds its pipe: no process is left
            self._zygote.kill()
            self._zygote.join()

    def _replace(self, worker: _Worker) -> _Worker:
        _kill(worker.pid)
        self._pids.discard(worker.pid)
        worker.conn.close()
        return self._spawn()

    def _spawn(self) -> _Worker:
        with self._spawn_lock:
            self._zygote_conn.send("spawn")
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                raise ExportGraphError(
                    "a query worker did not start within 30 s; restart the server"
                ) from None
            sock.setblocking(True)
            conn = Connection(sock.detach())
            _PARENT_ENDS.add(conn)
            pid = conn.recv()
            self._pids.add(pid)
            return _Worker(pid=pid, conn=conn)


def _died_idle(worker: _Worker) -> bool:
    """Whether an idle worker has died: one never speaks unasked, so a readable end is its EOF."""
    try:
        return worker.conn.poll(0)
    except OSError:
        return True


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _release(pids: set[int], zygote_conn: Connection, listener: socket.socket, folder: str) -> None:
    for pid in list(pids):
        _kill(pid)
    pids.clear()
    zygote_conn.close()  # the zygote sees EOF and exits
    listener.close()
    shutil.rmtree(folder, ignore_errors=True)


def _zygote_main(
    store: EmbeddedStore,
    conn: Connection,
    address: str,
    row_limit: int,
    prefixes: dict,
    memory_mb: int,
) -> None:
    # The server's ends, this pool's and every other pool's, copied by the fork, must close
    # here, or a zygote would never see the server close its pipe. Killed workers are reaped
    # by the kernel: the zygote never waits.
    for parent_end in list(_PARENT_ENDS):
        parent_end.close()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    while True:
        try:
            conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if os.fork() == 0:
            conn.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                _worker_main(store, address, row_limit, prefixes, memory_mb)
            except MemoryError:
                os._exit(EXIT_OUT_OF_MEMORY)  # the server sees the worker die and replaces it
            finally:
                os._exit(0)


# A worker's exit status when a query took it past its memory limit.
EXIT_OUT_OF_MEMORY = 3


def _worker_main(
    store: EmbeddedStore, address: str, row_limit: int, prefixes: dict, memory_mb: int
) -> None:
    if memory_mb:
        limit_memory(memory_mb)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(address)
    conn = Connection(sock.detach())
    conn.send(os.getpid())
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the server went away
        conn.send(_execute_reporting(store, job, row_limit, prefixes))


def limit_memory(megabytes: int) -> None:
    """Let this process map at most megabytes more than it has mapped now (RLIMIT_AS).

    Counted from what the worker holds when forked, the loaded store it shares with the
    server copy-on-write included, so the setting means the same whatever the store's size.
    """
    with open("/proc/self/statm", encoding="ascii") as statm:
        mapped = int(statm.read().split()[0]) * resource.getpagesize()
    limit = mapped + megabytes * 1_000_000
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _execute_reporting(
    store: EmbeddedStore,
    job: QueryJob,
    row_limit: int,
    prefixes: dict,
    known_rows: int | None = None,
) -> QueryOutcome | str:
    """execute(), with a failure turned into the message the client gets."""
    try:
        return execute(store, job, row_limit, prefixes, known_rows)
    except ExportGraphError as exc:
        return str(exc)
    except MemoryError:
        raise  # not the query's answer: a worker past its memory limit stops
    except Exception as exc:  # the engine's own failures, reported to the client
        return f"the query failed: {exc}"


def execute(
    store: EmbeddedStore,
    job: QueryJob,
    row_limit: int,
    prefixes: dict,
    known_rows: int | None = None,
) -> QueryOutcome:
    """Run one query and serialise at most row_limit rows (or triples) of its answer.

    A job with a date runs over the dated view of the store (the law as it stood that day);
    each worker keeps the views it built. known_rows: the number of rows the same JSON table
    had before (exportgraph.endpoint.known_fast); under the cap, Oxigraph writes it whole.
    """
    started = time.perf_counter()
    if job.as_of is not None:
        store = view_as_of(store, job.as_of).embedded
    try:
        results = store.evaluate(
            job.sparql,
            default_graph=job.default_graph,
            named_graphs=job.named_graphs,
            union_default_graph=job.union_default_graph,
            base_iri=job.base_iri,
        )
        if known_rows is not None and known_rows <= row_limit:
            if isinstance(results, ox.QuerySolutions) and job.table_format == "json":
                body = results.serialize(format=ox.QueryResultsFormat.JSON) or b""
                return QueryOutcome("select", body, known_rows, False, _since(started))
        if isinstance(results, ox.QueryBoolean):
            body = write_boolean(bool(results), job.table_format)
            return QueryOutcome("ask", body, 1, False, time.perf_counter() - started)
        if isinstance(results, ox.QueryTriples):
            triples = list(islice(results, row_limit + 1))
            truncated = len(triples) > row_limit
            triples = triples[:row_limit]
            body = write_triples(triples, job.graph_format, prefixes)
            return QueryOutcome("graph", body, len(triples), truncated, _since(started))
        variables = [v.value for v in results.variables]
        rows = []
        for solution in islice(results, row_limit + 1):
            rows.append({v: t for v, t in zip(variables, solution, strict=True) if t is not None})
        truncated = len(rows) > row_limit
        rows = rows[:row_limit]
        body = write_solutions(variables, rows, job.table_format)
        return QueryOutcome("select", body, len(rows), truncated, _since(started))
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from None


def _since(started: float) -> float:
    return time.perf_counter() - started
