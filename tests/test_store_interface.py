"""The store owns its engine: one Store interface, met alike by the embedded, on-disk and
remote stores (and a dated view), so that no caller asks which store it holds.

The remote store here talks SPARQL 1.1 protocol to exportgraph's own /sparql through Flask's
test client (tests/fake_remote.py), so it runs every remote code path (its rewrites, its JSON
and N-Triples readers) without a server process; tests/remote/ runs the same store against a
real Virtuoso.
"""

from __future__ import annotations

import ast
import inspect
from datetime import date
from pathlib import Path

import pytest
from rdflib import Literal

from exportgraph.api.graph import ExportGraph
from exportgraph.cases.collections import load_cases
from exportgraph.config import Settings
from exportgraph.endpoint.core import SparqlEndpoint
from exportgraph.endpoint.remote import RemoteSparqlEndpoint
from exportgraph.endpoint.serving import open_endpoint
from exportgraph.law.as_of import DatedView, view_as_of
from exportgraph.store import remote as remote_module
from exportgraph.store.embedded import EmbeddedStore, open_store
from exportgraph.store.interface import Store
from exportgraph.store.rdf_files import reference_graph
from exportgraph.store.remote import RemoteStore
from tests.fake_remote import PUBLISHED, FakeRemote
from tests.fake_remote import URL as FAKE_URL
from tests.graphs import isomorphic

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "exportgraph"
VALID_CASE = ROOT / "tests" / "cases" / "valid" / "nxt1980i-china-after-extension.ttl"


@pytest.fixture(scope="module")
def embedded() -> EmbeddedStore:
    return open_store()


@pytest.fixture(scope="module")
def remote(monkeypatch_module):
    """A RemoteStore whose server is exportgraph's own app (tests/fake_remote.py)."""
    server = FakeRemote()
    monkeypatch_module.setattr(remote_module.urllib.request, "build_opener", server.opener)
    yield RemoteStore(FAKE_URL, graph=PUBLISHED)
    server.close()


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def dated(embedded) -> DatedView:
    return view_as_of(embedded, date(2024, 9, 10))


@pytest.fixture(scope="module", params=["embedded", "remote", "dated"])
def store(request) -> Store:
    return request.getfixturevalue(request.param)


PROTOCOL_MEMBERS = [
    name
    for name, member in inspect.getmembers(Store)
    if not name.startswith("_") and (callable(member) or isinstance(member, property))
]


def test_the_protocol_names_what_callers_need():
    assert set(PROTOCOL_MEMBERS) == {
        "as_embedded",
        "full_sparql",
        "graph_names",
        "query",
        "query_results",
        "reference_graph",
        "triple_count",
        "with_engine",
    }


@pytest.mark.parametrize("kind", [EmbeddedStore, RemoteStore, DatedView])
def test_every_store_has_every_method_with_the_protocol_parameters(kind):
    for name in PROTOCOL_MEMBERS:
        declared = getattr(Store, name)
        implemented = getattr(kind, name, None)
        assert implemented is not None, f"{kind.__name__} lacks {name}"
        if isinstance(declared, property):
            assert isinstance(implemented, property), f"{kind.__name__}.{name} is no property"
            continue
        wanted = list(inspect.signature(declared).parameters)
        given = list(inspect.signature(implemented).parameters)
        assert given[: len(wanted)] == wanted, f"{kind.__name__}.{name}{given} vs {wanted}"


def test_stores_are_stores(store):
    assert isinstance(store, Store)


def test_full_sparql_is_false_for_the_remote_store_only(embedded, remote, dated):
    assert (embedded.full_sparql, remote.full_sparql, dated.full_sparql) == (True, False, True)


def test_query_answers_alike(store, embedded):
    sparql = "SELECT ?label WHERE { ?c exg:iso3 ?code ; skos:prefLabel ?label }"
    prefixes = {
        "exg": "https://w3id.org/exportgraph/ontology#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
    }
    from_store = store.query(sparql, bindings={"code": Literal("DEU")}, prefixes=prefixes)
    expected = embedded.query(sparql, bindings={"code": Literal("DEU")}, prefixes=prefixes)
    assert sorted(r["label"].value for r in from_store.rows) == ["Duitsland", "Germany"]
    assert sorted(map(str, from_store.rows)) == sorted(map(str, expected.rows))


def test_query_results_serialise_alike(store):
    kind, body = store.query_results("ASK { ?s ?p ?o }", table_format="json")
    assert kind == "ask"
    assert b'"boolean":true' in body.replace(b" ", b"")


def test_reference_graph_is_the_reference_law_and_a_fresh_copy(embedded, remote):
    files = reference_graph()
    for store in (embedded, remote):
        graph = store.reference_graph()
        assert isomorphic(graph, files)
        graph.remove((None, None, None))
        assert len(store.reference_graph()) == len(files)


def test_as_embedded_holds_the_same_triples(store, embedded):
    copy = store.as_embedded()
    assert isinstance(copy, EmbeddedStore)
    assert copy.triple_count() == store.triple_count()
    assert embedded.as_embedded() is embedded


def test_with_engine_calls_the_function_for_the_store_it_is(embedded, remote, dated):
    def pick(store):
        return store.with_engine(embedded=lambda s: ("embedded", s), remote=lambda s: ("remote", s))

    assert pick(embedded) == ("embedded", embedded)
    assert pick(remote) == ("remote", remote)
    assert pick(dated) == ("embedded", dated.as_embedded())


def test_open_endpoint_fits_the_store(embedded, remote):
    settings = Settings(query_workers=1)
    served = open_endpoint(remote, settings)
    assert isinstance(served, RemoteSparqlEndpoint)
    served.close()
    served = open_endpoint(embedded, settings)
    try:
        assert isinstance(served, SparqlEndpoint)
    finally:
        served.close()


def test_an_on_disk_case_store_is_a_store_and_reads_its_collections(tmp_path, setwise_validator):
    store_path = tmp_path / "cases"
    load_cases(store_path, [VALID_CASE], validator=setwise_validator)
    graph = ExportGraph.open(Settings(store_path=str(store_path)), with_cases=True)
    assert isinstance(graph.store, Store)
    assert graph.store.full_sparql
    assert isomorphic(graph.store.reference_graph(), reference_graph())
    cases = graph.query("SELECT ?case WHERE { ?case a exg:LicenceCase }").rows
    assert len(cases) == 1
    assert graph.licence_check("NXT:1980i", "CHN", "2024-09-10").required is True


# -- every caller works with either store -----------------------------------------------


def test_licence_check_answers_alike(embedded, remote):
    for item, destination, on in (
        ("NXT:1980i", "CHN", "2024-09-10"),
        ("NXT:1980i", "CHN", "2024-08-01"),
        ("3B001.f.4", "DEU", "2024-01-01"),
    ):
        here = ExportGraph(embedded).licence_check(item, destination, on).to_json()
        there = ExportGraph(remote).licence_check(item, destination, on).to_json()
        assert there == here, (item, destination, on)


def test_diff_answers_alike(embedded, remote):
    here = ExportGraph(embedded).diff("nl-semiconductor-equipment", "2024-09-01", "2024-09-10")
    there = ExportGraph(remote).diff("nl-semiconductor-equipment", "2024-09-01", "2024-09-10")
    assert there.to_json() == here.to_json()
    assert here.changes


def test_as_of_answers_alike(embedded, remote):
    here, there = ExportGraph(embedded).as_of("2024-08-01"), ExportGraph(remote).as_of("2024-08-01")
    assert there.left_out == here.left_out
    assert there.uncertain == here.uncertain
    assert "https://w3id.org/exportgraph/id/law/nl-regeling-bz2404162" in here.left_out


def test_validation_reports_alike(embedded, remote):
    bad = next((ROOT / "tests" / "cases" / "invalid").glob("*.ttl"))
    graph_here, graph_there = ExportGraph(embedded), ExportGraph(remote)
    for path in (VALID_CASE, bad):
        here = graph_here.validate(path)
        there = graph_there.validate(path)
        assert [(o.conforms, o.results, o.dates) for o in there] == [
            (o.conforms, o.results, o.dates) for o in here
        ], path.name


def test_saved_queries_answer_alike(embedded, remote):
    here = ExportGraph(embedded).saved_query("regime-participation", country="country:RUS")
    there = ExportGraph(remote).saved_query("regime-participation", country="country:RUS")
    assert here.rows
    assert sorted(map(str, there.rows)) == sorted(map(str, here.rows))


# -- the engine stays in the store ------------------------------------------------------


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_only_store_and_sparql_import_pyoxigraph():
    importers = sorted(
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if "pyoxigraph" in _imported_modules(path)
    )
    assert importers
    assert all(p.startswith(("store/", "sparql/")) for p in importers), importers


def test_no_caller_branches_on_the_store_type():
    """Outside store/, no isinstance check names a store class."""
    stores = {"EmbeddedStore", "RemoteStore", "DatedView", "Store", "QuadStore"}
    found = []
    for path in SOURCE.rglob("*.py"):
        if path.is_relative_to(SOURCE / "store"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "isinstance":
                named = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
                named |= {n.attr for n in ast.walk(node.args[1]) if isinstance(n, ast.Attribute)}
                if named & stores:
                    found.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert found == []
