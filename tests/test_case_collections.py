"""Case collections: load-cases stores valid cases on disk, and only the case token reads them.

The store is filled from the repository's fixtures plus one probe case with values unique to
this test, so any trace of them in an answer is the probe's. Without the token a server
answers as if the collections did not exist: every way it offers to read data is tried.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, URIRef

from exportgraph.cases.collections import COLLECTIONS_BASE, collections, load_cases
from exportgraph.cli import main
from exportgraph.errors import InputError
from exportgraph.store.embedded import open_store
from tests.endpoint_server import fetch
from tests.graphs import isomorphic
from tests.server_process import server_process

CASES = Path(__file__).parent / "cases"
EXG = "https://w3id.org/exportgraph/ontology#"
PROBE_ID = "NL-EXP-2024-9932"
PROBE_IRI = f"https://w3id.org/exportgraph/id/case/{PROBE_ID}"
PROBE_APPLICANT = "Collection Probe Applicant B.V."
MARKERS = (PROBE_ID, PROBE_APPLICANT)
INVALID = CASES / "invalid" / "R1-decisionNotBeforeApplication--decided-before-applied.ttl"
TOKEN = "test-case-token-0123456789abcdef"
GRAPH = COLLECTIONS_BASE + "cases"
# A Turtle file whose third line is broken (an IRI is not closed).
BROKEN = "@prefix exg: <https://w3id.org/exportgraph/ontology#> .\n\n<case/x a exg:LicenceCase .\n"


def _probe_case(applicant: str = PROBE_APPLICANT) -> str:
    case = json.loads(
        (CASES / "json" / "valid" / "nxt1980i-china-after-extension.json").read_text()
    )
    case.update(caseId=PROBE_ID)
    case["applicant"]["name"] = applicant
    return json.dumps(case)


def _case_iris(paths) -> set[str]:
    """The cases the files hold, read with rdflib (not with the program under test)."""
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle", publicID="https://w3id.org/exportgraph/id/")
    return _cases_of(graph)


def _cases_of(graph: Graph) -> set[str]:
    return {str(s) for s in graph.subjects(RDF.type, URIRef(EXG + "LicenceCase"))}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("case-files")
    for path in sorted((CASES / "valid").glob("*.ttl")):
        shutil.copy(path, folder / path.name)
    shutil.copy(INVALID, folder / INVALID.name)
    (folder / "probe.json").write_text(_probe_case(), encoding="utf-8")
    (folder / "broken.ttl").write_text(BROKEN, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def expected_cases() -> set[str]:
    return _case_iris(sorted((CASES / "valid").glob("*.ttl"))) | {PROBE_IRI}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, inputs):
    store_path = tmp_path_factory.mktemp("store") / "cases.oxigraph"
    report = load_cases(store_path, [inputs])  # the default validator, built by load_cases
    return store_path, report


def _stored_graph(store_path: Path) -> Graph:
    disk = ox.Store.read_only(str(store_path))
    data = disk.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(GRAPH))
    del disk
    return Graph().parse(data=data.decode(), format="nt")


def test_valid_cases_are_stored_and_invalid_ones_skipped(loaded, expected_cases):
    store_path, report = loaded
    assert _cases_of(_stored_graph(store_path)) == expected_cases
    assert report.loaded == len(expected_cases)
    assert collections(store_path) == {"cases": len(expected_cases)}
    invalid_case = _case_iris([INVALID])
    skipped_cases = {s.case for s in report.skipped if s.case is not None}
    assert skipped_cases == invalid_case
    (skip,) = [s for s in report.skipped if s.case is not None]
    assert any(reason.startswith("R1") for reason in skip.reasons), skip.reasons


def test_an_unreadable_file_is_named_with_its_line_and_the_rest_is_loaded(loaded):
    _, report = loaded
    (unreadable,) = report.unreadable_files
    assert unreadable.source.endswith("broken.ttl")
    assert "line 3" in unreadable.reasons[0], unreadable.reasons


def test_a_rerun_leaves_the_same_triples(tmp_path, inputs, setwise_validator):
    store_path = tmp_path / "store"
    first = load_cases(store_path, [inputs], validator=setwise_validator)
    before = _stored_graph(store_path)
    second = load_cases(store_path, [inputs], validator=setwise_validator)
    after = _stored_graph(store_path)
    assert len(before) > 0 and isomorphic(before, after)
    assert second.replaced == second.loaded == first.loaded


def test_a_changed_case_replaces_its_earlier_version(tmp_path, setwise_validator):
    store_path = tmp_path / "store"
    case_file = tmp_path / "probe.json"
    case_file.write_text(_probe_case(), encoding="utf-8")
    load_cases(store_path, [case_file], validator=setwise_validator)
    case_file.write_text(_probe_case("Renamed Probe Applicant B.V."), encoding="utf-8")
    report = load_cases(store_path, [case_file], validator=setwise_validator)
    names = {str(o) for o in _stored_graph(store_path).objects(None, None)}
    assert "Renamed Probe Applicant B.V." in names and PROBE_APPLICANT not in names
    assert report.replaced == 1 and collections(store_path) == {"cases": 1}


@pytest.mark.parametrize("name", ["../etc", "Cases", "", "a/b", "x" * 64])
def test_a_bad_collection_name_is_refused(tmp_path, inputs, name):
    with pytest.raises(InputError, match="collection name"):
        load_cases(tmp_path / "store", [inputs], collection=name)
    assert not (tmp_path / "store").exists()


def test_cli_loads_with_progress_and_exit_status(tmp_path, inputs, expected_cases):
    runner = CliRunner()
    store_path = tmp_path / "store"
    result = runner.invoke(main, ["--store-path", str(store_path), "load-cases", str(inputs)])
    # A file that does not parse makes it exit 2, after storing the valid cases.
    assert result.exit_code == 2, result.output
    assert "cases/s" in result.stderr and "skipped" in result.stdout
    assert f"holds {len(expected_cases)} cases" in result.stdout
    assert "Traceback" not in result.output
    valid_only = tmp_path / "valid-only"
    valid_only.mkdir()
    shutil.copy(INVALID, valid_only / INVALID.name)
    result = runner.invoke(main, ["--store-path", str(store_path), "load-cases", str(valid_only)])
    assert result.exit_code == 1 and "R1" in result.stdout
    result = runner.invoke(main, ["load-cases", str(inputs)], env={"EXPORTGRAPH_STORE_PATH": ""})
    assert result.exit_code == 2 and "--store-path" in result.stderr


def test_query_and_sparql_read_the_collections(loaded, expected_cases):
    store_path, _ = loaded
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "--store-path",
            str(store_path),
            "sparql",
            "SELECT (COUNT(?c) AS ?n) WHERE { ?c a exg:LicenceCase }",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["n", str(len(expected_cases))]


# -- the server: the collections exist only for the token --------------------------------------


@pytest.fixture(scope="module")
def server(loaded):
    store_path, _ = loaded
    with server_process({"store_path": str(store_path), "case_token": TOKEN}) as running:
        yield running


def _sparql(server, query: str, headers=None, accept="application/sparql-results+json", **extra):
    params = urllib.parse.urlencode({"query": query, **extra})
    return fetch(server.url + "sparql?" + params, headers={"Accept": accept, **(headers or {})})


def _bindings(body: bytes) -> list:
    return json.loads(body)["results"]["bindings"]


WITH_TOKEN = {"Authorization": f"Bearer {TOKEN}"}
NOT_THE_TOKEN = [
    {},
    {"Authorization": "Bearer wrong-token-0123456789abcdef"},
    {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": f"Bearer {TOKEN[:-1]}"},
    {"Cookie": f"token={TOKEN}"},
]
LOOKS = [
    "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
    f"SELECT * WHERE {{ <{PROBE_IRI}> ?p ?o }}",
    f"SELECT * WHERE {{ GRAPH ?g {{ <{PROBE_IRI}> ?p ?o }} }}",
    f'SELECT ?s WHERE {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), "{PROBE_APPLICANT}")) }}',
    f"SELECT ?s WHERE {{ ?s a <{EXG}LicenceCase> }}",
    f"SELECT ?s WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("headers", NOT_THE_TOKEN)
@pytest.mark.parametrize("query", LOOKS)
def test_without_the_token_sparql_finds_no_case(server, headers, query):
    status, response_headers, body = _sparql(server, query, headers)
    assert status == 200
    rows = _bindings(body)
    if query.startswith("SELECT ?g WHERE"):
        assert not any(row["g"]["value"].startswith(COLLECTIONS_BASE) for row in rows)
    else:
        assert rows == []


def test_without_the_token_the_counts_are_the_published_graphs(server):
    assert_counts_are_the_published_graphs(server)


def assert_counts_are_the_published_graphs(server) -> None:
    """The triple count and the service description are the published store's alone."""
    published = open_store().triple_count()
    status, _, body = _sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(_bindings(body)[0]["n"]["value"]) == published
    status, _, body = fetch(server.url + "sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and COLLECTIONS_BASE.encode() not in body
    assert str(published).encode() in body  # the service description's triple count


def test_naming_the_collection_graph_answers_as_for_a_graph_that_does_not_exist(server):
    made_up = "https://w3id.org/exportgraph/graph/cases/no-such-collection-xyz"
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
    for params in ({"named-graph-uri": GRAPH}, {"default-graph-uri": GRAPH}):
        status, _, body = _sparql(
            server, "SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", **params
        )
        assert status == 200 and _bindings(body) == []


def test_without_the_token_describe_pages_search_and_dumps_know_no_case(server):
    status, _, body = _sparql(server, f"DESCRIBE <{PROBE_IRI}>", accept="application/n-triples")
    assert status == 200 and body.strip() == b""
    for path in (f"id/case/{PROBE_ID}", f"id/case/{PROBE_ID}/applicant"):
        status, _, _ = fetch(server.url + path, headers={"Accept": "application/json"})
        assert status == 404
    for words in MARKERS:
        status, _, body = fetch(server.url + "search?" + urllib.parse.urlencode({"q": words}))
        assert "id/case/" not in body.decode()
    status, _, body = fetch(server.url + "dumps/")
    names = sorted(set(re.findall(r'href="/dumps/([^"]+)"', body.decode())))
    assert names
    for name in names:
        status, _, data = fetch(server.url + "dumps/" + name)
        data = gzip.decompress(data) if name.endswith(".gz") else data
        assert not any(marker.encode() in data for marker in MARKERS), name


def test_with_the_token_the_collection_answers(server, expected_cases):
    status, headers, body = _sparql(
        server, f"SELECT ?c WHERE {{ GRAPH <{GRAPH}> {{ ?c a <{EXG}LicenceCase> }} }}", WITH_TOKEN
    )
    assert status == 200
    assert {row["c"]["value"] for row in _bindings(body)} == expected_cases
    assert "no-store" in headers["Cache-Control"] and "Authorization" in headers["Vary"]
    status, _, body = _sparql(
        server, f"DESCRIBE <{PROBE_IRI}/applicant>", WITH_TOKEN, accept="application/n-triples"
    )
    assert PROBE_APPLICANT.encode() in body
    # The law is there too, so statistics can join it.
    status, _, body = _sparql(
        server, "ASK { ?entry <https://w3id.org/exportgraph/ontology#code> ?code }", WITH_TOKEN
    )
    assert json.loads(body)["boolean"] is True


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"case_token": "short"}, "at least 16 characters"),
        ({"case_token": TOKEN}, "EXPORTGRAPH_STORE_PATH"),
    ],
)
def test_serve_refuses_a_weak_token_or_one_without_a_store(tmp_path, settings, message):
    env = {"PATH": "/usr/bin:/bin", **{f"EXPORTGRAPH_{k.upper()}": v for k, v in settings.items()}}
    result = subprocess.run(
        [sys.executable, "-m", "exportgraph", "serve", "--port", "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
