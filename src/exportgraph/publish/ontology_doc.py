"""The ontology's documentation, read from ontology/: header, classes, properties, individuals.

Templates of our own rather than pyLODE: the page shares the site's layout, search box and
language switch, and reads the same files the store loads, so it cannot drift from them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from exportgraph.config import turtle_files
from exportgraph.namespaces import ONTOLOGY
from exportgraph.store import terms as ox
from exportgraph.store.rdf_files import parse_turtle_files

EXG_NS = "https://w3id.org/exportgraph/ontology#"

KINDS = (
    ("class", OWL.Class),
    ("object-property", OWL.ObjectProperty),
    ("datatype-property", OWL.DatatypeProperty),
    ("annotation-property", OWL.AnnotationProperty),
    ("individual", OWL.NamedIndividual),
)


@dataclass(frozen=True)
class Ref:
    """A term another term points at: its IRI, a short name and its anchor or page."""

    iri: str
    name: str
    local: bool  # an exg: term documented on this page


@dataclass(frozen=True)
class TermDoc:
    iri: str
    name: str  # the local name, the page anchor
    kind: str
    labels: dict[str, str]
    definitions: dict[str, str]
    parents: tuple[Ref, ...]
    domains: tuple[Ref, ...]
    ranges: tuple[Ref, ...]
    types: tuple[Ref, ...]  # for individuals: their classes
    sources: tuple[str, ...]  # dcterms:source, the provisions the term encodes
    see_also: tuple[Ref, ...]


@dataclass(frozen=True)
class OntologyDoc:
    iri: str
    version_iri: str | None
    version: str | None
    modified: str | None
    license: str | None
    titles: dict[str, str]
    descriptions: dict[str, str]
    terms: tuple[TermDoc, ...]

    def of_kind(self, kind: str) -> tuple[TermDoc, ...]:
        return tuple(t for t in self.terms if t.kind == kind)


@cache
def ontology_graph() -> Graph:
    """The ontology's Turtle files as one rdflib graph (read once)."""
    return parse_turtle_files(turtle_files("ontology"))


@cache
def ontology_doc() -> OntologyDoc:
    """Document every exg: term of the ontology, sorted by kind and name."""
    graph = ontology_graph()
    terms = []
    for kind, owl_type in KINDS:
        for subject in sorted(set(graph.subjects(RDF.type, owl_type)), key=str):
            if isinstance(subject, URIRef) and str(subject).startswith(EXG_NS):
                terms.append(_term(graph, subject, kind))
    header = ONTOLOGY
    return OntologyDoc(
        iri=str(header),
        version_iri=_optional(graph.value(header, OWL.versionIRI)),
        version=_optional(graph.value(header, OWL.versionInfo)),
        modified=_optional(graph.value(header, DCTERMS.modified)),
        license=_optional(graph.value(header, DCTERMS.license)),
        titles=_by_language(graph, header, DCTERMS.title),
        descriptions=_by_language(graph, header, DCTERMS.description),
        terms=tuple(terms),
    )


def _term(graph: Graph, subject: URIRef, kind: str) -> TermDoc:
    parent_property = RDFS.subClassOf if kind == "class" else RDFS.subPropertyOf

    def refs(values) -> tuple[Ref, ...]:
        return tuple(_ref(v) for v in sorted(values, key=str) if isinstance(v, URIRef))

    types = (t for t in graph.objects(subject, RDF.type) if t != OWL.NamedIndividual)
    return TermDoc(
        iri=str(subject),
        name=str(subject)[len(EXG_NS) :],
        kind=kind,
        labels=_by_language(graph, subject, RDFS.label),
        definitions=_by_language(graph, subject, SKOS.definition),
        parents=refs(graph.objects(subject, parent_property)),
        domains=refs(graph.objects(subject, RDFS.domain)),
        ranges=refs(graph.objects(subject, RDFS.range)),
        types=refs(types) if kind == "individual" else (),
        sources=tuple(sorted(str(s) for s in graph.objects(subject, DCTERMS.source))),
        see_also=refs(graph.objects(subject, RDFS.seeAlso)),
    )


PREFIXES = {
    EXG_NS: "exg:",
    "http://data.europa.eu/eli/ontology#": "eli:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/ns/org#": "org:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/2002/07/owl#": "owl:",
    "http://purl.org/dc/terms/": "dcterms:",
    "http://publications.europa.eu/resource/authority/country/": "country:",
    "https://w3id.org/exportgraph/id/": "exr:",
}


def _ref(iri: URIRef) -> Ref:
    text = str(iri)
    for namespace, prefix in PREFIXES.items():
        if text.startswith(namespace):
            return Ref(text, prefix + text[len(namespace) :], text.startswith(EXG_NS))
    return Ref(text, text, False)


def _by_language(graph: Graph, subject, predicate) -> dict[str, str]:
    values: dict[str, str] = {}
    grouped = defaultdict(list)
    for value in graph.objects(subject, predicate):
        if isinstance(value, Literal):
            grouped[value.language or ""].append(str(value))
    for lang, texts in grouped.items():
        values[lang] = sorted(texts)[0]
    return values


def _optional(value) -> str | None:
    return None if value is None else str(value)


@cache
def ontology_triples() -> tuple[ox.Triple, ...]:
    """The ontology's triples as Oxigraph reads them, for the RDF documents of /ontology."""
    triples: list[ox.Triple] = []
    for path in turtle_files("ontology"):
        triples.extend(quad.triple for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return tuple(triples)
