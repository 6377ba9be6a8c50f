"""Case collections on a remote server: pushed by `exportgraph load`, read only with the token.

The fixtures' valid cases and the probe case of tests/test_case_collections.py (values unique
to it) are stored with `exportgraph load-cases` in a temporary on-disk store, then pushed to
a Virtuoso of this module's own with `exportgraph --store-path DIR load`. With the token, or
from a command run with store_path, the case statistics answer as the embedded case store
does; without the token a server on the same Virtuoso answers as if the collection did not
exist, every way tests/test_case_collections.py tries and the ways Virtuoso adds (FROM merged
with the protocol's dataset, DEFINE pragmas, bif: functions, escaped IRIs).

Its own server, because the token reads the server's union of graphs (see
store_choice.open_remote_case_store), which the other remote tests fill with the sample cases.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest

from exportgraph.api.stores import open_store_with_cases, push_case_collections
from exportgraph.cases.collections import COLLECTIONS_BASE, open_case_store
from exportgraph.config import Settings
from exportgraph.endpoint.saved_queries import run_saved_query, saved_query
from exportgraph.store.remote import RemoteStore, read_term
from tests.endpoint_server import fetch
from tests.remote.conftest import ENGINES, engine_of, run_cli, start_engine
from tests.remote.test_remote_store import normal, row_set
from tests.server_process import server_process
from tests.test_case_collections import (
    CASES,
    EXG,
    GRAPH,
    LOOKS,
    MARKERS,
    NOT_THE_TOKEN,
    PROBE_APPLICANT,
    PROBE_ID,
    PROBE_IRI,
    TOKEN,
    WITH_TOKEN,
    _bindings,
    _case_iris,
    _probe_case,
    _sparql,
    assert_counts_are_the_published_graphs,
)

STATISTICS = ("case-outcomes", "cases-per-year", "cases-per-destination")
COUNT_CASES = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a exg:LicenceCase }"


@pytest.fixture(scope="module")
def expected_cases() -> set[str]:
    return _case_iris(sorted((CASES / "valid").glob("*.ttl"))) | {PROBE_IRI}


@pytest.fixture(scope="module", params=ENGINES)
def case_engine(request):
    server = start_engine(request.param)
    try:
        yield engine_of(request.param, server)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def case_env(case_engine) -> dict[str, str]:
    return case_engine.env


@pytest.fixture(scope="module")
def pushed(tmp_path_factory, case_env):
    """The on-disk store load-cases filled, the env that names it, and load's output."""
    folder = tmp_path_factory.mktemp("remote-case-files")
    for path in sorted((CASES / "valid").glob("*.ttl")):
        shutil.copy(path, folder / path.name)
    (folder / "probe.json").write_text(_probe_case(), encoding="utf-8")
    store_path = tmp_path_factory.mktemp("remote-case-store") / "cases.oxigraph"
    stored = run_cli(
        {"EXPORTGRAPH_STORE": ""}, "--store-path", str(store_path), "load-cases", str(folder)
    )
    assert stored.returncode == 0, stored.stdout + stored.stderr
    env = {**case_env, "EXPORTGRAPH_STORE_PATH": str(store_path)}
    return store_path, env, run_cli(env, "load")


def _collection_triples(case_env) -> int:
    return RemoteStore.from_settings(Settings.load(case_env)).graph_triple_count(GRAPH)


def _on_disk_triples(store_path: Path) -> int:
    disk = ox.Store.read_only(str(store_path))
    count = sum(1 for _ in disk.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH)))
    del disk
    return count


def test_load_pushes_the_collection_into_its_own_graph(pushed, case_env, expected_cases):
    store_path, _, loaded = pushed
    assert loaded.returncode == 0, loaded.stderr
    cases = len(expected_cases)
    assert f"pushed {cases}/{cases} cases of collection cases" in loaded.stderr
    assert f"collection cases: {cases} cases" in loaded.stdout
    assert _collection_triples(case_env) == _on_disk_triples(store_path) > 0
    server = RemoteStore.from_settings(Settings.load(case_env))
    found = server.query(f"SELECT ?c WHERE {{ GRAPH <{GRAPH}> {{ ?c a <{EXG}LicenceCase> }} }}")
    assert {row["c"].value for row in found.rows} == expected_cases
    # Not into the published graph.
    in_published = server.query(f"ASK {{ GRAPH <{server.graph}> {{ ?c a <{EXG}LicenceCase> }} }}")
    assert in_published.boolean is False


def test_a_rerun_leaves_the_same_triples(pushed, case_env, case_engine):
    store_path, env, _ = pushed
    before = _collection_triples(case_env)
    again = run_cli(env, "load")
    assert again.returncode == 0, again.stderr
    assert _collection_triples(case_env) == before
    # SPARQL Update instead of the Graph Store Protocol: blank nodes sent whole, same graph.
    by_update = case_engine.store(Settings().store_graph, update_url=case_engine.update_url)
    (collection,) = push_case_collections(by_update, store_path)
    assert collection.triples == before


def test_commands_with_store_path_read_the_collections_and_others_do_not(
    pushed, case_env, expected_cases
):
    store_path, env, _ = pushed
    with_cases = run_cli(env, "sparql", COUNT_CASES, "--format", "csv")
    assert with_cases.returncode == 0, with_cases.stderr
    assert with_cases.stdout.split() == ["n", str(len(expected_cases))]
    published_only = run_cli(case_env, "sparql", COUNT_CASES, "--format", "csv")
    assert published_only.returncode == 0, published_only.stderr
    assert published_only.stdout.split() == ["n", "0"]
    # The case statistics as the embedded case store answers them (what the CLI reads).
    remote = open_store_with_cases(Settings.load(env))
    embedded = open_case_store(store_path, in_memory=False)
    for name in STATISTICS:
        expected = run_saved_query(embedded, name, {})
        assert expected.rows, name
        assert row_set(run_saved_query(remote, name, {})) == row_set(expected), name


def test_load_with_a_store_path_that_is_not_a_case_store_says_so(tmp_path):
    env = {
        "EXPORTGRAPH_STORE": "http://127.0.0.1:9/sparql",
        "EXPORTGRAPH_STORE_UPDATE": "http://127.0.0.1:9/update",
        "EXPORTGRAPH_STORE_PATH": str(tmp_path / "missing"),
    }
    result = run_cli(env, "load")
    # Refused before anything is sent (the server named here does not exist).
    assert result.returncode == 2, result.stderr
    assert f"store_path {tmp_path / 'missing'}: no such folder" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def server(pushed, case_engine):
    settings = {"store": case_engine.query_url, "case_token": TOKEN}
    with server_process(settings) as running:
        yield running


def _json_row_set(body: bytes):
    return row_set_of(
        [{name: read_term(value) for name, value in row.items()} for row in _bindings(body)]
    )


def row_set_of(rows):
    return sorted(tuple(sorted((n, normal(v)) for n, v in row.items())) for row in rows)


def test_the_token_endpoint_answers_the_statistics_as_embedded(server, pushed, expected_cases):
    store_path, _, _ = pushed
    embedded = open_case_store(store_path)
    for name in STATISTICS:
        status, headers, body = _sparql(server, saved_query(name).text, WITH_TOKEN)
        assert status == 200, body
        assert "no-store" in headers["Cache-Control"]
        expected = run_saved_query(embedded, name, {})
        assert _json_row_set(body) == row_set_of(expected.rows), name
    status, _, body = _sparql(
        server, f"SELECT ?c WHERE {{ GRAPH <{GRAPH}> {{ ?c a <{EXG}LicenceCase> }} }}", WITH_TOKEN
    )
    assert {row["c"]["value"] for row in _bindings(body)} == expected_cases
    status, _, body = _sparql(
        server, f"DESCRIBE <{PROBE_IRI}/applicant>", WITH_TOKEN, accept="application/n-triples"
    )
    assert PROBE_APPLICANT.encode() in body


@pytest.mark.parametrize("headers", NOT_THE_TOKEN)
@pytest.mark.parametrize("query", LOOKS)
def test_without_the_token_sparql_finds_no_case(server, headers, query):
    status, _, body = _sparql(server, query, headers)
    assert status == 200, body
    rows = _bindings(body)
    if query.startswith("SELECT ?g WHERE"):
        assert rows and not any(row["g"]["value"].startswith(COLLECTIONS_BASE) for row in rows)
    else:
        assert rows == []


# Ways Virtuoso itself offers to widen a query's dataset, beyond SPARQL 1.1: refused.
VIRTUOSO_WAYS = [
    # A DEFINE pragma is added to the protocol's dataset.
    f"DEFINE input:default-graph-uri <{GRAPH}> SELECT ?s WHERE {{ ?s a <{EXG}LicenceCase> }}",
    f"DEFINE input:named-graph-uri <{GRAPH}> SELECT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    # With a BASE of its own, nothing is written before the DEFINE, which Virtuoso then obeys.
    f"DEFINE input:default-graph-uri <{GRAPH}>\nBASE <http://example.org/>\n"
    f"SELECT ?s WHERE {{ ?s a <{EXG}LicenceCase> }}",
    # FROM is merged with the protocol's dataset; an escaped or relative IRI hides the name.
    f"SELECT ?s FROM <{COLLECTIONS_BASE}\\u0063ases> WHERE {{ ?s a <{EXG}LicenceCase> }}",
    f"PREFIX c: <{COLLECTIONS_BASE}> SELECT ?s FROM NAMED c:cases"
    " WHERE { GRAPH ?g { ?s ?p ?o } }",
    f"BASE <{COLLECTIONS_BASE}> SELECT ?s FROM <cases> WHERE {{ ?s a <{EXG}LicenceCase> }}",
    # Virtuoso's built-ins (bif:exec runs SQL) and its back-quoted expressions.
    "SELECT (bif:exec('select count(*) from DB.DBA.RDF_QUAD') AS ?n) WHERE { }",
    "PREFIX v: <bif:> SELECT (v:exec('select 1') AS ?n) WHERE { }",
    f"SELECT ?s WHERE {{ GRAPH `iri('{GRAPH}')` {{ ?s ?p ?o }} }}",
]
# The graph chosen by a value rather than by name, and answers of other forms: empty.
BY_VALUE = [
    f"SELECT ?s WHERE {{ BIND(<{GRAPH}> AS ?g) GRAPH ?g {{ ?s ?p ?o }} }}",
    f'SELECT ?s WHERE {{ BIND(IRI(CONCAT("{COLLECTIONS_BASE}", "cases")) AS ?g)'
    " GRAPH ?g { ?s ?p ?o } }",
    "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o }"
    f' FILTER(STRSTARTS(STR(?g), "{COLLECTIONS_BASE}")) }}',
    f"SELECT ?o WHERE {{ <{PROBE_IRI}> (<{EXG}applicant>|!<{EXG}applicant>)+ ?o }}",
]


@pytest.mark.parametrize("query", VIRTUOSO_WAYS)
def test_without_the_token_virtuosos_own_ways_are_refused(server, query):
    status, _, body = _sparql(server, query)
    assert PROBE_ID not in body.decode() and "/id/case/" not in body.decode()
    assert status in (400, 403), body
    assert json.loads(body)["status"] == status


@pytest.mark.parametrize("query", BY_VALUE)
def test_without_the_token_a_graph_chosen_by_value_is_empty(server, query):
    status, _, body = _sparql(server, query)
    assert status == 200 and _bindings(body) == [], body


def test_without_the_token_ask_and_construct_find_no_case(server):
    status, _, body = _sparql(server, f"ASK {{ <{PROBE_IRI}> ?p ?o }}")
    assert status == 200 and json.loads(body)["boolean"] is False
    construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    status, _, body = _sparql(server, construct, accept="application/n-triples")
    assert status == 200 and body.strip() == b""


def test_without_the_token_the_counts_are_the_published_graphs(server):
    assert_counts_are_the_published_graphs(server)


def test_naming_the_collection_graph_answers_as_for_a_graph_that_does_not_exist(server):
    made_up = COLLECTIONS_BASE + "no-such-collection-xyz"
    for clause in ("FROM", "FROM NAMED"):
        answers = []
        for graph in (GRAPH, made_up):
            query = (
                f"SELECT * {clause} <{graph}>"
                " WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
            )
            status, _, body = _sparql(server, query)
            answers.append((status, body.decode().replace(graph, "GRAPH")))
        assert answers[0] == answers[1], clause
    case_rows = (
        "SELECT * WHERE { { ?s a exg:LicenceCase } UNION { GRAPH ?g { ?s a exg:LicenceCase } } }"
    )
    case_rows = f"PREFIX exg: <{EXG}> " + case_rows
    for params in (
        {"named-graph-uri": GRAPH},
        {"default-graph-uri": GRAPH},
        {"default-graph-uri": Settings().store_graph, "named-graph-uri": GRAPH},
    ):
        status, _, body = _sparql(server, case_rows, **params)
        assert status == 200 and _bindings(body) == [], params


def test_without_the_token_describe_pages_search_and_dumps_know_no_case(server):
    status, _, body = _sparql(server, f"DESCRIBE <{PROBE_IRI}>", accept="application/n-triples")
    assert status == 200 and body.strip() == b""
    for path in (f"id/case/{PROBE_ID}", f"id/case/{PROBE_ID}/applicant"):
        status, _, _ = fetch(server.url + path, headers={"Accept": "application/json"})
        assert status == 404
    for words in MARKERS:
        status, _, body = fetch(server.url + "search?" + urllib.parse.urlencode({"q": words}))
        assert status == 200 and "id/case/" not in body.decode()
    status, _, body = fetch(server.url + "dumps/")
    names = sorted(set(re.findall(r'href="/dumps/([^"]+)"', body.decode())))
    assert names
    for name in names:
        status, _, data = fetch(server.url + "dumps/" + name)
        data = gzip.decompress(data) if name.endswith(".gz") else data
        assert not any(marker.encode() in data for marker in MARKERS), name
