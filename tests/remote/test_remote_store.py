"""The remote store against real servers (Virtuoso, the Oxigraph server): every answer the
same as the embedded engine's.

The graph is loaded with `exportgraph load`; then every saved question, the licence-check
scenarios of tests/test_licence.py, a validation, the CLI and the SPARQL endpoint run through
each server (the fixture `engine`) and are compared with the embedded store (pyoxigraph) as
sets of rows.

What is normalised, and why (Virtuoso writes the same values differently):
- numbers: Virtuoso types COUNT and arithmetic as xsd:int or xsd:decimal where Oxigraph writes
  xsd:integer; numeric literals are compared by their value.
- blank nodes: their labels are the engines' own; a blank node compares as "a blank node".
Everything else (IRIs, strings, language tags, dates and their datatypes) must be identical.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from exportgraph.cases.validation import CaseValidator, validate_case_files
from exportgraph.config import Settings
from exportgraph.endpoint.saved_queries import bind_parameters, run_saved_query, saved_queries
from exportgraph.store.remote import CutResultError, RemoteStore
from tests.remote.conftest import add_sample_cases, run_cli, sample_cases_graph
from tests.remote.virtuoso_server import start_virtuoso
from tests.test_licence import SCENARIOS

# A licence check whose answer is known (NL-39: the NXT:1980i extension from 7 September 2024).
NXT1980I_TO_CHINA = [
    "licence-check", "--item", "NXT:1980i", "--destination", "CHN", "--date", "2024-09-10",
    "--format", "json",
]  # fmt: skip

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "int", "long", "short", "decimal", "double", "float")}
CASES = Path(__file__).resolve().parents[1] / "cases"


def normal(term):
    if isinstance(term, ox.BlankNode):
        return ("blank",)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in NUMERIC:
            return ("number", Decimal(term.value))
        return ("literal", term.value, term.language, None if term.language else datatype)
    return ("iri", term.value)


def row_set(answer) -> Counter:
    """The rows as a multiset of normalised rows (order is not compared: no saved question
    is compared on ORDER BY ties, which the engines may break differently)."""
    if answer.kind == "ask":
        return Counter([answer.boolean])
    if answer.kind == "graph":
        return Counter(tuple(normal(t) for t in triple) for triple in answer.triples)
    return Counter(
        tuple(sorted((name, normal(value)) for name, value in row.items())) for row in answer.rows
    )


def example_values(question, include_optional: bool) -> dict[str, str]:
    """Each parameter's example from its header (`e.g. VALUE`), as the query page offers."""
    values = {}
    for parameter in question.parameters:
        if parameter.optional and not include_optional:
            continue
        example = re.search(r"e\.g\. (\S+?)[;,]?(\s|$)", parameter.description)
        assert example, f"{question.name}: parameter {parameter.name} has no example"
        values[parameter.name] = example.group(1)
    return values


QUESTIONS = [(q, False) for q in saved_queries()] + [
    (q, True) for q in saved_queries() if any(p.optional for p in q.parameters)
]


def test_load_fills_the_graph_with_what_the_embedded_store_holds(remote, engine, remote_env):
    from exportgraph.store.embedded import open_store

    # A rerun replaces the graph (which the fixture gave the sample cases too): the same
    # triples as embedded, not twice as many.
    server = RemoteStore.from_settings(Settings.load(remote_env))
    try:
        again = run_cli(remote_env, "load")
        assert again.returncode == 0, again.stderr
        published = server.graph_triple_count(server.graph)
        assert published == open_store().triple_count()
        assert f"{published:,} triples" in again.stdout
    finally:
        # The load replaced them only where they share the published graph (Virtuoso).
        if sample_cases_graph(engine, server.graph) == server.graph:
            add_sample_cases(server, server.graph)


@pytest.mark.parametrize(
    ("question", "with_optional"),
    QUESTIONS,
    ids=[f"{q.name}{'+optional' if o else ''}" for q, o in QUESTIONS],
)
def test_every_saved_question_answers_as_embedded(remote, embedded, question, with_optional):
    values = example_values(question, with_optional)
    bind_parameters(question, values)  # the examples are valid values
    expected = run_saved_query(embedded, question.name, values)
    got = run_saved_query(remote, question.name, values)
    assert got.kind == expected.kind
    assert set(got.variables) == set(expected.variables)
    assert row_set(got) == row_set(expected)


def test_the_case_questions_see_the_loaded_cases(remote):
    # Eight sample cases are loaded (tests/cases/valid): the comparison above is not of
    # empty answers.
    answer = run_saved_query(remote, "cases-per-year", {})
    assert sum(int(row["cases"].value) for row in answer.rows) == 8


@pytest.mark.parametrize(("item", "destination", "on", "origin", "required", "why"), SCENARIOS)
def test_licence_scenarios_through_the_server(
    remote, embedded, item, destination, on, origin, required, why
):
    from exportgraph.law.licence import check_licence

    got = check_licence(remote, item, destination, on, origin)
    assert got.required is required
    assert got.to_json() == check_licence(embedded, item, destination, on, origin).to_json()


VALIDATED = [CASES / "valid", CASES / "invalid", CASES / "warnings"]
CLI_COMMANDS = [
    ["query", "regime-participation", "-p", "country=country:RUS", "--format", "json"],
    ["sparql", "SELECT ?code WHERE { ?e exg:code ?code }", "--format", "json"],
    # The law on a date: the dated view is built from the remote store's answers.
    ["sparql", "SELECT ?code WHERE { ?e exg:code ?code }", "--as-of", "2023-08-31"]
    + ["--format", "json"],
    NXT1980I_TO_CHINA,
]
CLI_VALIDATE = ["validate", str(CASES / "invalid"), "--format", "json"]


# The embedded store's side of each comparison is the same for both servers: it is computed
# once per module, and each server's side is compared with it.
@pytest.fixture(scope="module")
def validated_locally(embedded):
    return validate_case_files(VALIDATED, validator=CaseValidator(store=embedded, parse_cache=True))


@pytest.fixture(scope="module")
def cli_locally():
    """Each CLI command's run without a remote store, by its arguments."""
    return {
        tuple(args): run_cli({"EXPORTGRAPH_STORE": ""}, *args)
        for args in [*CLI_COMMANDS, CLI_VALIDATE]
    }


def test_validation_reads_the_law_from_the_server(remote, validated_locally):
    through_remote = validate_case_files(
        VALIDATED,
        validator=CaseValidator(store=remote, reference=remote.reference_graph(), parse_cache=True),
    )
    assert through_remote == validated_locally
    assert any(not outcome.conforms for outcome in through_remote)
    assert any(outcome.conforms for outcome in through_remote)


def test_cli_commands_answer_as_embedded(remote, remote_env, cli_locally):
    for args in CLI_COMMANDS:
        through_remote = run_cli(remote_env, "--store", remote.query_url, *args)
        locally = cli_locally[tuple(args)]
        assert through_remote.returncode == locally.returncode == 0, through_remote.stderr
        assert _json_rows(through_remote.stdout) == _json_rows(locally.stdout), args


def test_cli_validate_through_the_server(remote_env, cli_locally):
    through_remote = run_cli(remote_env, *CLI_VALIDATE)
    locally = cli_locally[tuple(CLI_VALIDATE)]
    assert through_remote.returncode == locally.returncode == 1
    assert json.loads(through_remote.stdout) == json.loads(locally.stdout)


def test_the_endpoint_forwards_queries_to_the_server(remote, engine, remote_env):
    from exportgraph.web import create_app

    settings = Settings.load(remote_env)
    app = create_app(settings)
    assert app.config["EXPORTGRAPH_STORE"].query_url == remote.query_url
    client = app.test_client()
    query = "SELECT ?code WHERE { ?e <https://w3id.org/exportgraph/ontology#code> ?code }"
    got = client.post(
        "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert got.status_code == 200
    codes = {b["code"]["value"] for b in got.get_json()["results"]["bindings"]}
    from exportgraph.store.embedded import open_store

    expected = {row["code"].value for row in open_store().query(query).rows}
    assert codes == expected and codes
    refused = client.post("/sparql", data={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert refused.status_code in (400, 403)
    described = client.post(
        "/sparql",
        data={"query": "DESCRIBE <https://w3id.org/exportgraph/id/law/nl-regeling-2023-18212>"},
        headers={"Accept": "application/n-triples"},
    )
    assert described.status_code == 200
    assert b"nl-regeling-2023-18212" in described.data
    # The law on a date through the endpoint: the same dated view as the embedded endpoint's,
    # which leaves out what was not in force (fewer triples than the whole graph).
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    json_accept = {"Accept": "application/sparql-results+json"}
    on = {"query": count, "as_of": "2023-08-31"}
    dated = client.post("/sparql", data=on, headers=json_accept)
    assert dated.status_code == 200
    # The dated view is of the published graph: where it holds the sample cases too (the
    # remote fixture), so does this store.
    in_published = sample_cases_graph(engine, settings.store_graph) == settings.store_graph
    cases = sorted((CASES / "valid").glob("*.ttl")) if in_published else []
    with_cases = open_store(extra_files=cases)
    embedded_app = create_app(Settings.load({}), store=with_cases)
    try:
        local = embedded_app.test_client()
        expected_dated = local.post("/sparql", data=on, headers=json_accept)
        whole = local.post("/sparql", data={"query": count}, headers=json_accept)
    finally:
        embedded_app.config["EXPORTGRAPH_ENDPOINT"].close()

    def number(response):
        return int(response.get_json()["results"]["bindings"][0]["n"]["value"])

    assert number(dated) == number(expected_dated) < number(whole)


def test_loading_by_sparql_update_gives_the_same_graph(remote, engine):
    from exportgraph.store.embedded import open_store

    store = engine.store("urn:exportgraph:test:by-update", update_url=engine.update_url)
    try:
        assert store.load_published_graph() == open_store().triple_count()
    finally:
        # The same triples in two graphs make Virtuoso 7.2 answer FILTER NOT EXISTS wrongly.
        store.clear_graph(store.graph)


def test_a_cut_answer_is_an_error_not_a_partial_answer(tmp_path):
    # Virtuoso's ResultSetMaxRows cuts an answer without an error; a server set to 5 rows
    # has more than 5 triples in its own system graphs. (The slow query below must run, not
    # be refused on Virtuoso's estimate, which on a busy machine went past 1,400 s.)
    server = start_virtuoso(tmp_path / "db", result_set_max_rows=5, max_cost_s=1_000_000)
    try:
        store = RemoteStore(server.query_url, graph="urn:unused")
        with pytest.raises(CutResultError, match="ResultSetMaxRows"):
            store.query("SELECT ?s WHERE { ?s ?p ?o }")
        assert len(store.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3").rows) == 3
        # The endpoint's time limit is the HTTP timeout: a three-way cross product of the
        # server's system triples runs far past a tenth of a second, and is a 504: the
        # store, this server's gateway, did not answer in time (issue 20). (The
        # endpoint reads only the graph store_graph names: here a system graph of Virtuoso.)
        from exportgraph.web import create_app

        settings = Settings.load(
            {},
            store=server.query_url,
            store_graph="http://www.openlinksw.com/schemas/virtrdf#",
            query_timeout=0.1,
        )
        client = create_app(settings).test_client()
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        answer = client.post(
            "/sparql", data={"query": slow}, headers={"Accept": "application/json"}
        )
        assert answer.status_code == 504, answer.get_data(as_text=True)
        assert answer.get_json()["error"] == "store-timeout"
    finally:
        server.stop()


def _json_rows(text: str):
    document = json.loads(text)
    if isinstance(document, dict) and "rows" in document:
        return sorted(json.dumps(row, sort_keys=True) for row in document["rows"])
    if isinstance(document, dict) and "results" in document:
        # The order of an answer without ORDER BY is the engine's own.
        return sorted(json.dumps(b, sort_keys=True) for b in document["results"]["bindings"])
    return document


def test_serve_on_the_server_answers_the_endpoint_and_the_licence_api(remote, remote_env):
    process = subprocess.Popen(
        [sys.executable, "-m", "exportgraph", "serve", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **remote_env, "PYTHONUNBUFFERED": "1"},
    )
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if match := re.search(r"at (http://127\.0\.0\.1:\d+/)", line):
                break
        assert match, "".join(lines)
        url = match.group(1)
        query = urllib.parse.urlencode(
            {"query": 'ASK { ?m <https://w3id.org/exportgraph/ontology#code> "3B001.f.4" }'}
        )
        request = urllib.request.Request(
            url + "sparql",
            data=query.encode(),
            headers={"Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert json.loads(response.read()) == {"head": {}, "boolean": True}
        # The remote-store server answers as the embedded one (tests/test_licence.py, NL-39).
        check = run_cli(remote_env, *NXT1980I_TO_CHINA)
        assert json.loads(check.stdout)["required"] is True
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def test_load_without_a_store_says_what_to_set():
    result = run_cli({"EXPORTGRAPH_STORE": ""}, "load")
    assert result.returncode == 2
    assert "--store URL" in result.stderr and "Traceback" not in result.stderr
    result = run_cli({"EXPORTGRAPH_STORE": "http://127.0.0.1:9/sparql"}, "load")
    assert result.returncode == 2
    assert "store_update" in result.stderr and "store_graph_store" in result.stderr


def test_an_unreachable_store_is_a_clear_error():
    result = run_cli({"EXPORTGRAPH_STORE": "http://127.0.0.1:9/sparql"}, "query", "regimes")
    assert result.returncode == 2
    assert "cannot reach the store at http://127.0.0.1:9/sparql" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_graph_store_load_goes_in_batches_and_keeps_blank_nodes_in_one(engine, monkeypatch):
    from exportgraph.store import remote as remote_store

    monkeypatch.setattr(remote_store, "GRAPH_STORE_BATCH", 3)
    graph = "urn:exportgraph:test:batches"
    store = engine.store(graph, graph_store_url=engine.graph_store_url)
    posts = []
    send = store._send
    monkeypatch.setattr(store, "_send", lambda *args: posts.append(args[0]) or send(*args))
    said = ox.NamedNode("urn:exportgraph:test:said")
    named = [ox.Triple(ox.NamedNode(f"urn:exportgraph:test:s{i}"), said, ox.Literal(str(i)))
             for i in range(10)]  # fmt: skip
    one_blank = ox.BlankNode()
    blank = [ox.Triple(one_blank, said, ox.Literal(f"b{i}")) for i in range(7)]
    count = (
        f"SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?s_n) FROM <{graph}> WHERE {{ ?s ?p ?o }}"
    )
    try:
        store.add_triples(named)
        assert posts == ["POST"] * 4  # 3 + 3 + 3 + 1
        row = store.query(count).rows[0]
        assert (int(row["n"].value), int(row["s_n"].value)) == (10, 10)
        store.clear_graph(graph)
        posts.clear()
        store.add_triples(blank)  # one request: a blank node's label holds within one only
        assert posts == ["POST"]
        row = store.query(count).rows[0]
        assert (int(row["n"].value), int(row["s_n"].value)) == (7, 1)
    finally:
        store.clear_graph(graph)
