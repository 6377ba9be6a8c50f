"""The endpoint's SPARQL 1.1 Service Description: what it speaks, answers in and holds."""

from __future__ import annotations

from collections.abc import Collection

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

RESULT_FORMATS = (
    FORMATS.SPARQL_Results_JSON,
    FORMATS.SPARQL_Results_XML,
    FORMATS.SPARQL_Results_CSV,
    FORMATS.SPARQL_Results_TSV,
    FORMATS.Turtle,
    FORMATS["N-Triples"],
    FORMATS["JSON-LD"],
    FORMATS.RDF_XML,
)
SD_FORMATS = {"turtle": "turtle", "rdfxml": "xml", "jsonld": "json-ld"}


def describe_service(
    endpoint_url: str,
    graph_names: Collection[str],
    triple_count: int,
    fmt: str,
    federated: bool = False,
) -> bytes:
    """Write the service description of the endpoint at endpoint_url.

    Args:
        endpoint_url: the endpoint's own URL, which is also the description's subject.
        graph_names: IRIs of the named graphs the store holds.
        triple_count: the number of triples in the store.
        fmt: turtle, rdfxml or jsonld.
        federated: SERVICE is allowed for some endpoints (the allow-list is not empty).
    """
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    graph.bind("void", VOID)
    service = URIRef(endpoint_url)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    if federated:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    for result_format in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, result_format))
    graph.add(
        (
            service,
            DCTERMS.description,
            Literal(
                "Read-only SPARQL 1.1 endpoint of exportgraph, export-control law for advanced"
                " semiconductor manufacturing equipment. Updates are refused; SERVICE and remote"
                " FROM only for endpoints the server's allow-list names.",
                lang="en",
            ),
        )
    )
    dataset, default_graph = BNode(), BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    graph.add((default_graph, VOID.triples, Literal(triple_count, datatype=XSD.integer)))
    for name in sorted(graph_names):
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
    return graph.serialize(format=SD_FORMATS[fmt], encoding="utf-8")
