"""The answer cache: a repeated query is answered without a worker; volatile queries never are."""

from __future__ import annotations

import pytest

from exportgraph.config import Settings
from exportgraph.endpoint.answer_cache import AnswerCache, is_repeatable
from exportgraph.endpoint.core import SparqlEndpoint, SparqlRequest
from exportgraph.endpoint.workers import QueryOutcome
from exportgraph.errors import ConfigurationError

REGIMES = """PREFIX exg: <https://w3id.org/exportgraph/ontology#>
SELECT ?regime WHERE { ?regime a exg:ExportControlRegime } ORDER BY ?regime"""


def outcome(body: bytes) -> QueryOutcome:
    return QueryOutcome("select", body, 1, False, 0.001)


def test_a_kept_answer_is_returned_without_computing_again():
    cache = AnswerCache(max_bytes=1000)
    calls = []
    first = cache.answer("k", "SELECT * {}", lambda: calls.append(1) or outcome(b"abc"))
    again = cache.answer("k", "SELECT * {}", lambda: calls.append(1) or outcome(b"other"))
    assert calls == [1]
    assert again.body == first.body == b"abc"
    assert again.cached and not first.cached


def test_least_recently_used_answers_leave_first_when_the_bytes_run_out():
    cache = AnswerCache(max_bytes=10)
    cache.answer("a", "SELECT * {}", lambda: outcome(b"1234"))
    cache.answer("b", "SELECT * {}", lambda: outcome(b"1234"))
    cache.answer("a", "SELECT * {}", lambda: outcome(b"xxxx"))  # a is now the most recent
    cache.answer("c", "SELECT * {}", lambda: outcome(b"1234"))  # 12 bytes: b must go
    assert cache.size_bytes == 8
    assert cache.answer("a", "SELECT * {}", lambda: outcome(b"new!")).body == b"1234"
    assert cache.answer("b", "SELECT * {}", lambda: outcome(b"new!")).body == b"new!"


def test_an_answer_larger_than_the_cache_is_not_kept():
    cache = AnswerCache(max_bytes=3)
    cache.answer("k", "SELECT * {}", lambda: outcome(b"1234"))
    assert len(cache) == 0


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (NOW() AS ?t) {}",
        "SELECT (rand() AS ?r) {}",
        "SELECT (UUID() AS ?u) {}",
        "SELECT (STRUUID() AS ?u) {}",
        "CONSTRUCT { ?s <urn:p> ?b } WHERE { ?s ?p ?o BIND(BNODE() AS ?b) }",
    ],
)
def test_a_query_whose_answer_changes_each_run_is_never_kept(query):
    assert not is_repeatable(query)
    cache = AnswerCache(max_bytes=1000)
    cache.answer("k", query, lambda: outcome(b"1"))
    assert cache.answer("k", query, lambda: outcome(b"2")).body == b"2"


def test_words_in_strings_iris_and_comments_do_not_count_as_volatile():
    assert is_repeatable('SELECT ?s { ?s <urn:now> "rand uuid" } # NOW()')


def test_zero_megabytes_keeps_nothing():
    cache = AnswerCache(max_bytes=0)
    cache.answer("k", "SELECT * {}", lambda: outcome(b"1"))
    assert cache.answer("k", "SELECT * {}", lambda: outcome(b"2")).body == b"2"


def test_the_setting_takes_zero_and_refuses_a_negative_size():
    assert Settings.load({"EXPORTGRAPH_ANSWER_CACHE_MB": "0"}).answer_cache_mb == 0
    with pytest.raises(ConfigurationError, match="answer_cache_mb"):
        Settings.load({"EXPORTGRAPH_ANSWER_CACHE_MB": "-1"})


class CountingWorkers:
    def __init__(self, workers):
        self.workers, self.jobs = workers, []

    def run(self, job):
        self.jobs.append(job)
        return self.workers.run(job)

    def close(self):
        self.workers.close()


@pytest.fixture
def endpoint(store):
    service = SparqlEndpoint(store, Settings(answer_cache_mb=1), workers=1)
    service.workers = CountingWorkers(service.workers)
    yield service
    service.close()


def test_the_endpoint_runs_a_repeated_query_once_per_format(endpoint):
    first = endpoint.answer(SparqlRequest(REGIMES))
    again = endpoint.answer(SparqlRequest(REGIMES))
    as_csv = endpoint.answer(SparqlRequest(REGIMES, table_format="csv"))
    assert again.body == first.body and again.cached
    assert not as_csv.cached and as_csv.body != first.body
    assert len(endpoint.workers.jobs) == 2


def test_the_endpoint_runs_a_query_again_for_another_dataset(endpoint):
    endpoint.answer(SparqlRequest(REGIMES))
    other = endpoint.answer(SparqlRequest(REGIMES, default_graph_uris=("urn:none",)))
    assert not other.cached
    assert len(endpoint.workers.jobs) == 2


def test_the_server_says_when_an_answer_was_kept(client):
    query = REGIMES + " LIMIT 3"  # a text no other test sends, so the first is not kept
    headers = []
    for _ in range(2):
        response = client.post(
            "/sparql",
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert response.status_code == 200
        headers.append(response.headers.get("X-Exportgraph-Cached"))
    assert headers[0] is None
    assert headers[1].startswith("true")
