"""Issue 20, a query worker that dies while idle.

The fault (found by `benchmarks/load.py --faults`, which kills a query worker at random): a
worker killed while it waited for work stayed in the pool's idle queue, and the next query sent
to it got a 503 "worker-died", though no query was running when it died. Under load, each such
kill failed one innocent request. Now the pool sees that an idle worker has died when it takes
it (its end of the socket is readable: a worker never speaks unasked), replaces it, and runs the
query on the new one.
"""

from __future__ import annotations

import os
import signal

import pytest

from exportgraph.config import Settings
from exportgraph.endpoint.workers import QueryJob, QueryWorkers
from exportgraph.web import create_app

REGIMES = """PREFIX exg: <https://w3id.org/exportgraph/ontology#>
SELECT ?regime WHERE { ?regime a exg:ExportControlRegime }"""
# Every worker answers it anew: its text differs from any query known to be fast.
FRESH = REGIMES + "\n# asked once"


def _kill_idle_workers(pool: QueryWorkers) -> set[int]:
    """Kill every idle worker of the pool and wait until each is seen dead; return their pids."""
    idle = [pool._idle.get_nowait() for _ in range(pool._idle.qsize())]
    for worker in idle:
        os.kill(worker.pid, signal.SIGKILL)
    for worker in idle:
        assert worker.conn.poll(10)  # its end turns readable (EOF) once it is gone
        pool._idle.put(worker)
    return {worker.pid for worker in idle}


@pytest.fixture
def pool(store):
    workers = QueryWorkers(store, workers=2, timeout=30.0, row_limit=50)
    yield workers
    workers.close()


def test_a_query_after_idle_deaths_is_answered_by_new_workers(pool):
    killed = _kill_idle_workers(pool)
    assert pool.run(QueryJob(sparql=FRESH)).rows > 3
    assert pool.run(QueryJob(sparql=FRESH + " again")).rows > 3
    assert len(pool._pids) == 2
    assert not pool._pids & killed  # both replaced


def test_the_endpoint_answers_200_after_its_idle_workers_were_killed(store):
    app = create_app(Settings(query_workers=2, inline_query_ms=0, answer_cache_mb=0), store=store)
    try:
        _kill_idle_workers(app.config["EXPORTGRAPH_ENDPOINT"].workers)
        client = app.test_client()
        for _ in range(2):
            answer = client.post("/sparql", data={"query": FRESH}, headers={"Accept": "text/csv"})
            assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
            assert answer.get_data(as_text=True).count("\n") > 3
    finally:
        app.config["EXPORTGRAPH_ENDPOINT"].close()
