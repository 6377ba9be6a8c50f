"""/sparql on a live server: formats, negotiation, the service description, CORS and limits.

Facts asked come from the fact sheet: the Dutch list has seven codes (NL-27..NL-33), the
Russian Federation is a Wassenaar participant (WA-05, WA-06), the Besluit strategische goederen
is BWBR0024139 (NL-46).
"""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from tests.endpoint_server import W3C_GRAPHS, fetch, running_server

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
RESULTS = "{http://www.w3.org/2005/sparql-results#}"

DUTCH_CODES = """PREFIX exg: <https://w3id.org/exportgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?code WHERE {
  ?entry skos:inScheme <https://w3id.org/exportgraph/id/list/nl-semiconductor-equipment> ;
         exg:code ?code .
} ORDER BY ?code"""
SEVEN_CODES = ["3B001.a.4", "3B001.d.12", "3B001.d.19", "3B001.f.4", "3B001.l", "3B001.m", "3D007"]
RUSSIA_IN_WASSENAAR = (
    "ASK { <https://w3id.org/exportgraph/id/regime/wassenaar> "
    "<https://w3id.org/exportgraph/ontology#participant> "
    "<http://publications.europa.eu/resource/authority/country/RUS> }"
)
BSG = "https://w3id.org/exportgraph/id/law/nl-bsg"
CONSTRUCT_BSG = (
    f"CONSTRUCT {{ <{BSG}> <https://w3id.org/exportgraph/ontology#bwbId> ?id }}"
    f" WHERE {{ <{BSG}> <https://w3id.org/exportgraph/ontology#bwbId> ?id }}"
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIME_LIMIT = 3.0
ROW_LIMIT = 25


@pytest.fixture(scope="module")
def server():
    settings = {"query_timeout": str(TIME_LIMIT), "row_limit": str(ROW_LIMIT), "query_workers": "2"}
    with running_server(settings, W3C_GRAPHS) as url:
        yield url + "sparql"


def get(server, query, headers=None, **params):
    return fetch(server + "?" + urllib.parse.urlencode({"query": query, **params}), headers=headers)


def parse_rdf(body: bytes, rdflib_format: str) -> Graph:
    """Parse an RDF answer; JSON-LD through Oxigraph (rdflib's JSON-LD parser warns)."""
    if rdflib_format != "json-ld":
        return Graph().parse(data=body, format=rdflib_format)
    triples = ox.parse(body, format=ox.RdfFormat.JSON_LD)
    nt = ox.serialize(
        [ox.Triple(q.subject, q.predicate, q.object) for q in triples],
        format=ox.RdfFormat.N_TRIPLES,
    )
    return Graph().parse(data=nt, format="nt")


def media(headers) -> str:
    return headers.get_content_type()


# --- formats -------------------------------------------------------------------------------


def test_select_as_json_by_default(server):
    status, headers, body = get(server, DUTCH_CODES)
    assert status == 200 and media(headers) == "application/sparql-results+json"
    rows = json.loads(body)["results"]["bindings"]
    assert [row["code"]["value"] for row in rows] == SEVEN_CODES


def test_select_as_xml_csv_and_tsv_by_accept(server):
    _, headers, body = get(server, DUTCH_CODES, {"Accept": "application/sparql-results+xml"})
    assert media(headers) == "application/sparql-results+xml"
    literals = ET.fromstring(body).iter(RESULTS + "literal")
    assert [element.text for element in literals] == SEVEN_CODES
    _, headers, body = get(server, DUTCH_CODES, {"Accept": "text/csv"})
    assert media(headers) == "text/csv"
    assert list(csv.reader(io.StringIO(body.decode()))) == [["code"], *[[c] for c in SEVEN_CODES]]
    _, headers, body = get(server, DUTCH_CODES, {"Accept": "text/tab-separated-values"})
    assert media(headers) == "text/tab-separated-values"
    assert body.decode().splitlines() == ["?code", *[f'"{c}"' for c in SEVEN_CODES]]


def test_ask_as_json_and_xml(server):
    _, _, body = get(server, RUSSIA_IN_WASSENAAR)
    assert json.loads(body)["boolean"] is True
    _, headers, body = get(
        server, RUSSIA_IN_WASSENAAR, {"Accept": "application/sparql-results+xml"}
    )
    assert media(headers) == "application/sparql-results+xml"
    assert ET.fromstring(body).find(RESULTS + "boolean").text == "true"


@pytest.mark.parametrize(
    ("accept", "expected", "rdflib_format"),
    [
        (None, "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
    ],
)
def test_construct_in_each_rdf_format(server, accept, expected, rdflib_format):
    status, headers, body = get(server, CONSTRUCT_BSG, {"Accept": accept} if accept else {})
    assert status == 200 and media(headers) == expected
    graph = parse_rdf(body, rdflib_format)
    bwb = URIRef("https://w3id.org/exportgraph/ontology#bwbId")
    assert [str(o) for o in graph.objects(URIRef(BSG), bwb)] == ["BWBR0024139"]


def test_describe_answers_rdf(server):
    status, headers, body = get(server, f"DESCRIBE <{BSG}>", {"Accept": "application/n-triples"})
    assert status == 200 and media(headers) == "application/n-triples"
    assert (URIRef(BSG), None, None) in Graph().parse(data=body, format="nt")


# --- negotiation ---------------------------------------------------------------------------


def test_q_values_pick_the_preferred_format(server):
    accept = "application/sparql-results+json;q=0.2, text/csv;q=0.9, application/xml;q=0.5"
    _, headers, _ = get(server, DUTCH_CODES, {"Accept": accept})
    assert media(headers) == "text/csv"


def test_q_zero_excludes_a_format(server):
    _, headers, _ = get(server, DUTCH_CODES, {"Accept": "application/sparql-results+json;q=0, */*"})
    assert media(headers) != "application/sparql-results+json"


def test_nothing_acceptable_gets_406_with_a_message(server):
    status, _, body = get(server, DUTCH_CODES, {"Accept": "image/png"})
    assert status == 406
    message = json.loads(body)["message"]
    assert "image/png" in message and "text/csv" in message


def test_format_parameter_overrides_accept(server):
    _, headers, body = get(server, DUTCH_CODES, {"Accept": "text/csv"}, format="tsv")
    assert media(headers) == "text/tab-separated-values"
    _, headers, _ = get(server, CONSTRUCT_BSG, format="ntriples")
    assert media(headers) == "application/n-triples"


def test_format_parameter_of_the_wrong_kind_gets_406(server):
    status, _, body = get(server, CONSTRUCT_BSG, format="csv")
    assert status == 406 and "CONSTRUCT" in json.loads(body)["message"]


# --- service description -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld")],
)
def test_service_description_returns_rdf(server, accept, rdflib_format):
    status, headers, body = fetch(server, headers={"Accept": accept})
    assert status == 200 and media(headers) == accept
    assert len(parse_rdf(body, rdflib_format)) > 0


def test_service_description_has_an_sd_endpoint_triple(server):
    _, _, body = fetch(server, headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=body, format="turtle")
    assert (URIRef(server), SD.endpoint, URIRef(server)) in graph
    assert (URIRef(server), SD.supportedLanguage, SD.SPARQL11Query) in graph


def test_service_description_describes_the_supported_formats(server):
    _, _, body = fetch(server, headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=body, format="turtle")
    formats = set(graph.objects(URIRef(server), SD.resultFormat))
    expected = {
        FORMATS.SPARQL_Results_JSON,
        FORMATS.SPARQL_Results_XML,
        FORMATS.SPARQL_Results_CSV,
        FORMATS.SPARQL_Results_TSV,
        FORMATS.Turtle,
        FORMATS["N-Triples"],
        FORMATS["JSON-LD"],
        FORMATS.RDF_XML,
    }
    assert formats == expected
    names = {str(o) for o in graph.objects(None, SD.name)}
    assert set(W3C_GRAPHS) <= names  # the --graph files are its named graphs


def test_a_browser_gets_the_query_page_instead(server):
    status, headers, body = fetch(server, headers={"Accept": "text/html,*/*;q=0.8"})
    assert status == 200 and media(headers) == "text/html"
    assert b"<textarea" in body


# --- CORS ----------------------------------------------------------------------------------


def test_cors_headers_on_answers_and_preflight(server):
    _, headers, _ = get(server, RUSSIA_IN_WASSENAAR, {"Origin": "https://example.org"})
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = fetch(
        server,
        method="OPTIONS",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert status in (200, 204)
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in headers["Access-Control-Allow-Headers"]


def test_an_answer_tells_caches_it_depends_on_accept_and_authorization(server):
    _, headers, _ = get(server, RUSSIA_IN_WASSENAAR)
    varies = {name.strip() for name in headers["Vary"].split(",")}
    assert {"Accept", "Authorization"} <= varies


# --- dataset -------------------------------------------------------------------------------


def test_graph_files_join_the_default_graph_and_can_be_chosen(server):
    data1 = "http://kasei.us/2009/09/sparql/data/data1.rdf"
    ask = f"ASK {{ <{data1}> a ?type }}"
    assert json.loads(get(server, ask)[2])["boolean"] is True
    other = next(g for g in W3C_GRAPHS if g != data1)
    _, _, body = get(server, ask, **{"default-graph-uri": other})
    assert json.loads(body)["boolean"] is False
    # A graph the store does not hold is empty; nothing is fetched.
    _, _, body = get(server, ask, **{"default-graph-uri": "http://example.org/none"})
    assert json.loads(body)["boolean"] is False


# --- read-only and offline -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (
            b"update=INSERT+DATA+%7B%3Chttp%3A%2F%2Fx%3E+%3Chttp%3A%2F%2Fy%3E+1%7D",
            "application/x-www-form-urlencoded",
        ),
        (b"INSERT DATA { <http://x> <http://y> 1 }", "application/sparql-update"),
        (
            b"query=INSERT+DATA+%7B%3Chttp%3A%2F%2Fx%3E+%3Chttp%3A%2F%2Fy%3E+1%7D",
            "application/x-www-form-urlencoded",
        ),
        (
            b"query=LOAD+%3Chttp%3A%2F%2F127.0.0.1%3A9%2Fdata.ttl%3E",
            "application/x-www-form-urlencoded",
        ),
    ],
    ids=["form-update", "direct-update", "update-as-query", "load"],
)
def test_updates_get_403_read_only(server, data, content_type):
    status, _, body = fetch(server, data, {"Content-Type": content_type})
    assert status == 403
    assert "read-only" in json.loads(body)["message"]
    _, _, body = get(server, "ASK { <http://x> ?p ?o }")
    assert json.loads(body)["boolean"] is False


@pytest.fixture
def silent_listener():
    """A socket on 127.0.0.1 that records whether anything connected to it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    yield listener
    listener.close()


def _connected(listener) -> bool:
    try:
        connection, _ = listener.accept()
    except TimeoutError:
        return False
    connection.close()
    return True


def test_service_is_refused_and_makes_no_connection(server, silent_listener):
    port = silent_listener.getsockname()[1]
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    status, _, body = get(server, query)
    assert status == 403
    assert "service_allow_list" in json.loads(body)["message"]
    assert not _connected(silent_listener)


def test_remote_from_is_refused_and_makes_no_connection(server, silent_listener):
    port = silent_listener.getsockname()[1]
    status, _, body = get(server, f"SELECT * FROM <http://127.0.0.1:{port}/d.ttl> {{ ?s ?p ?o }}")
    assert status == 403 and "FROM" in json.loads(body)["message"]
    assert not _connected(silent_listener)


def test_from_a_loaded_graph_is_allowed(server):
    data1 = "http://kasei.us/2009/09/sparql/data/data1.rdf"
    status, _, body = get(server, f"ASK FROM <{data1}> {{ <{data1}> a ?type }}")
    assert status == 200 and json.loads(body)["boolean"] is True


# --- limits --------------------------------------------------------------------------------


def test_malformed_query_gets_400_with_line_and_column(server):
    status, _, body = get(server, "SELECT ?s WHERE {\n  ?s ?p \n}")
    assert status == 400
    assert re.search(r"\b3:\d+", json.loads(body)["message"])  # line 3, as line:column


def test_row_cap_cuts_the_answer_and_says_so(server):
    query = f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {ROW_LIMIT + 5}"
    status, headers, body = get(server, query)
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == ROW_LIMIT
    assert headers["X-Exportgraph-Truncated"].startswith("true")
    _, headers, _ = get(server, DUTCH_CODES)
    assert headers["X-Exportgraph-Truncated"] is None


def test_runaway_query_is_stopped_while_others_are_answered(server):
    outcome = {}

    def run_away():
        outcome["runaway"] = get(server, RUNAWAY)

    thread = threading.Thread(target=run_away)
    thread.start()
    time.sleep(0.3)  # let the runaway take a worker
    answers = [json.loads(get(server, RUSSIA_IN_WASSENAAR)[2])["boolean"] for _ in range(5)]
    running_meanwhile = thread.is_alive()
    thread.join(timeout=60)
    assert answers == [True] * 5
    assert running_meanwhile
    status, _, body = outcome["runaway"]
    assert status == 503
    assert "time limit" in json.loads(body)["message"]
    # The stopped worker was replaced: both workers answer again.
    for _ in range(4):
        assert json.loads(get(server, RUSSIA_IN_WASSENAAR)[2])["boolean"] is True


def test_literal_values_survive_each_format(server):
    query = 'SELECT ?v WHERE { VALUES ?v { "tab\\there" "comma, \\"quoted\\""@en 42 } }'
    _, _, body = get(server, query, format="json")
    values = [b["v"] for b in json.loads(body)["results"]["bindings"]]
    assert values[0] == {"type": "literal", "value": "tab\there"}
    assert values[1] == {"type": "literal", "value": 'comma, "quoted"', "xml:lang": "en"}
    assert values[2]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    _, _, body = get(server, query, format="csv")
    assert list(csv.reader(io.StringIO(body.decode())))[1:] == [
        ["tab\there"],
        ['comma, "quoted"'],
        ["42"],
    ]
    _, _, body = get(server, query, format="tsv")
    assert body.decode().splitlines()[1] == '"tab\\there"'
    assert Literal  # rdflib parses the same terms in the RDF formats above


def test_service_on_the_allow_list_is_federated(server):
    # A second server whose allow-list names the first: SERVICE reaches it on 127.0.0.1.
    query = (
        "PREFIX exg: <https://w3id.org/exportgraph/ontology#> SELECT ?code WHERE {"
        f" SERVICE <{server}> {{ ?entry exg:isNationalCode true ; exg:code ?code }} }}"
        " ORDER BY ?code"
    )
    with running_server({"service_allow_list": server}) as second:
        status, _, body = get(second + "sparql", query)
        assert status == 200, body
        rows = json.loads(body)["results"]["bindings"]
        assert [row["code"]["value"] for row in rows] == SEVEN_CODES
        _, headers, body = fetch(second + "sparql", headers={"Accept": "text/turtle"})
        graph = Graph().parse(data=body, format="turtle")
        assert (URIRef(second + "sparql"), SD.feature, SD.BasicFederatedQuery) in graph
