"""Real SPARQL clients against a live server on 127.0.0.1: SPARQLWrapper and rdflib's SPARQLStore.

Expected answers come from the fact sheet: the Wassenaar Arrangement has 42 participating
states, the Russian Federation among them (WA-05, WA-06); the Dutch list has seven codes
(NL-27..NL-33); the Besluit strategische goederen is BWBR0024139 (NL-46).
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from tests.endpoint_server import running_server

PARTICIPANTS = """PREFIX exg: <https://w3id.org/exportgraph/ontology#>
SELECT (COUNT(DISTINCT ?state) AS ?n) WHERE {
  <https://w3id.org/exportgraph/id/regime/wassenaar> exg:participant ?state }"""
DUTCH_CODES = """PREFIX exg: <https://w3id.org/exportgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?code WHERE {
  ?entry skos:inScheme <https://w3id.org/exportgraph/id/list/nl-semiconductor-equipment> ;
         exg:code ?code } ORDER BY ?code"""
SEVEN_CODES = ["3B001.a.4", "3B001.d.12", "3B001.d.19", "3B001.f.4", "3B001.l", "3B001.m", "3D007"]
BSG = "https://w3id.org/exportgraph/id/law/nl-bsg"
BWB = "https://w3id.org/exportgraph/ontology#bwbId"


@pytest.fixture(scope="module")
def endpoint():
    with running_server() as url:
        yield url + "sparql"


def wrapper(endpoint, query, fmt, method="GET"):
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client.query().convert()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_json(endpoint, method):
    answer = wrapper(endpoint, PARTICIPANTS, JSON, method)
    assert answer["results"]["bindings"][0]["n"]["value"] == "42"


def test_sparqlwrapper_xml_and_csv(endpoint):
    document = wrapper(endpoint, DUTCH_CODES, XML)
    codes = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert codes == SEVEN_CODES
    table = wrapper(endpoint, DUTCH_CODES, CSV).decode("utf-8").split()
    assert table == ["code", *SEVEN_CODES]


def test_sparqlwrapper_ask_and_construct(endpoint):
    ask = (
        "ASK { <https://w3id.org/exportgraph/id/regime/wassenaar> "
        "<https://w3id.org/exportgraph/ontology#participant> "
        "<http://publications.europa.eu/resource/authority/country/RUS> }"
    )
    assert wrapper(endpoint, ask, JSON)["boolean"] is True
    turtle = wrapper(endpoint, f"CONSTRUCT WHERE {{ <{BSG}> <{BWB}> ?id }}", TURTLE)
    graph = Graph().parse(data=turtle, format="turtle")
    assert [str(o) for o in graph.objects(URIRef(BSG), URIRef(BWB))] == ["BWBR0024139"]


def test_rdflib_sparqlstore(endpoint):
    graph = Graph(store=SPARQLStore(endpoint, returnFormat="xml"))
    codes = [str(row.code) for row in graph.query(DUTCH_CODES)]
    assert codes == SEVEN_CODES
    assert (URIRef(BSG), URIRef(BWB), None) in graph
    graph.close()
