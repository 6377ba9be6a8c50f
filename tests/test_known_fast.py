"""Known-fast queries: a query a worker answered quickly runs again in the request's thread.

The time limit still holds for every other query: an unknown, slow, dated or cut query goes to
a worker. Answers are the same bytes whichever way they were made, also when Oxigraph writes a
known JSON table whole.
"""

from __future__ import annotations

from datetime import date

import pytest

from exportgraph.config import Settings
from exportgraph.endpoint.known_fast import KnownFastQueries, repeatable
from exportgraph.endpoint.workers import EndpointBusyError, QueryJob, QueryWorkers
from exportgraph.errors import ConfigurationError, QueryError

REGIMES = """PREFIX exg: <https://w3id.org/exportgraph/ontology#>
SELECT ?regime WHERE { ?regime a exg:ExportControlRegime } ORDER BY ?regime"""
DESCRIBE_WASSENAAR = "DESCRIBE <https://w3id.org/exportgraph/id/regime/wassenaar>"
ALL_TRIPLES = "SELECT * WHERE { ?s ?p ?o }"


def test_a_fast_answer_makes_a_query_known_and_a_slow_one_forgets_it():
    known = KnownFastQueries(threshold=0.010)
    known.note("q", 0.002)
    assert "q" in known
    known.note("q", 0.050)
    assert "q" not in known
    known.note("never fast", 0.011)
    assert "never fast" not in known


def test_a_query_that_may_not_run_here_is_not_kept_however_fast():
    known = KnownFastQueries(threshold=0.010)
    known.note("q", 0.001, eligible=False)
    assert "q" not in known


def test_the_least_recently_asked_query_leaves_first_when_full():
    known = KnownFastQueries(threshold=0.010, capacity=2)
    known.note("a", 0.001)
    known.note("b", 0.001)
    assert "a" in known  # asking for a makes b the least recently used
    known.note("c", 0.001)
    assert "a" in known and "c" in known and "b" not in known


@pytest.fixture
def pool(store):
    workers = QueryWorkers(store, workers=1, timeout=2.0, row_limit=1000, inline_seconds=5.0)
    yield workers
    workers.close()


def test_a_known_query_is_answered_without_any_worker(pool):
    job = QueryJob(sparql=REGIMES)
    by_worker = pool.run(job)
    assert job in pool.known_fast
    pool.close()  # every worker stopped: from now on only this thread can answer
    again = pool.run(job)
    assert again.body == by_worker.body and again.rows == by_worker.rows
    with pytest.raises(EndpointBusyError):
        pool.run(QueryJob(sparql=REGIMES + " LIMIT 1"))  # not known: it needs a worker


@pytest.mark.parametrize("table_format", ["json", "xml", "csv", "tsv"])
def test_the_request_thread_writes_the_same_bytes_as_a_worker(store, table_format):
    job = QueryJob(sparql=REGIMES, table_format=table_format)
    inline = QueryWorkers(store, workers=1, timeout=5.0, row_limit=50, inline_seconds=5.0)
    always_worker = QueryWorkers(store, workers=1, timeout=5.0, row_limit=50)
    try:
        inline.run(job)
        assert job in inline.known_fast
        assert inline.run(job).body == always_worker.run(job).body
        assert job not in always_worker.known_fast  # inline_seconds 0: every query to a worker
    finally:
        inline.close()
        always_worker.close()


def test_a_graph_answer_is_the_same_from_the_request_thread(pool):
    job = QueryJob(sparql=DESCRIBE_WASSENAAR, graph_format="turtle")
    first = pool.run(job)
    assert job in pool.known_fast and first.rows > 0
    assert pool.run(job).body == first.body


def test_a_cut_answer_always_goes_to_a_worker(pool):
    job = QueryJob(sparql=ALL_TRIPLES)
    assert pool.run(job).truncated
    assert job not in pool.known_fast


def test_a_query_about_a_date_of_the_law_always_goes_to_a_worker(pool):
    job = QueryJob(sparql=REGIMES, as_of=date(2024, 1, 1))
    pool.run(job)
    assert job not in pool.known_fast


def test_a_query_slower_than_the_threshold_stays_with_the_workers(store):
    pool = QueryWorkers(store, workers=1, timeout=5.0, row_limit=50, inline_seconds=1e-9)
    try:
        job = QueryJob(sparql=REGIMES)
        pool.run(job)
        pool.run(job)
        assert job not in pool.known_fast
    finally:
        pool.close()


def test_a_failing_query_is_never_known_fast(pool):
    job = QueryJob(sparql="SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryError, match="parse"):
        pool.run(job)
    assert job not in pool.known_fast


def test_the_setting_takes_zero_and_refuses_a_negative_threshold():
    assert Settings.load({"EXPORTGRAPH_INLINE_QUERY_MS": "0"}).inline_query_ms == 0
    assert Settings().inline_query_ms == 10.0
    with pytest.raises(ConfigurationError, match="inline_query_ms"):
        Settings.load({"EXPORTGRAPH_INLINE_QUERY_MS": "-1"})


def test_a_known_json_table_is_written_whole_by_oxigraph(pool, monkeypatch):
    job = QueryJob(sparql=REGIMES)
    first = pool.run(job)
    assert pool.known_fast.rows(job) == first.rows > 0

    def row_by_row(*args, **kwargs):
        raise AssertionError("a known JSON table was written row by row")

    monkeypatch.setattr("exportgraph.endpoint.workers.write_solutions", row_by_row)
    again = pool.run(job)
    assert (again.body, again.rows, again.truncated) == (first.body, first.rows, False)


@pytest.mark.parametrize("table_format", ["xml", "csv", "tsv"])
def test_other_table_formats_keep_no_row_count(pool, table_format):
    job = QueryJob(sparql=REGIMES, table_format=table_format)
    pool.run(job)
    assert job in pool.known_fast and pool.known_fast.rows(job) is None


def test_a_query_whose_rows_may_change_keeps_no_row_count(pool):
    job = QueryJob(sparql=REGIMES.replace("?regime WHERE {", "?regime WHERE { BIND(RAND() AS ?r)"))
    pool.run(job)
    assert job in pool.known_fast and pool.known_fast.rows(job) is None


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        (REGIMES, True),
        ("SELECT ?known ?brand WHERE { ?known ?p ?brand }", True),  # names that only contain one
        ("SELECT (RAND() AS ?r) WHERE { }", False),
        ("select ?x where { ?x ?p ?o filter(?o < now()) }", False),
        ("SELECT (STRUUID() AS ?id) WHERE { }", False),
        ("SELECT (BNODE() AS ?b) WHERE { }", False),
        ("SELECT ?x WHERE { SERVICE <http://example.com/sparql> { ?x ?p ?o } }", False),
    ],
)
def test_a_query_is_repeatable_unless_it_names_a_changing_function_or_service(sparql, expected):
    assert repeatable(sparql) is expected
