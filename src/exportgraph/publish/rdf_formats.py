"""The RDF formats a resource, the ontology and the dataset description are served in.

The suffix is the one a document's URL ends with (`/id/law/nl-bsg.ttl`); the media type is
what Accept asks for. Oxigraph writes every format, so no second serialiser is involved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from exportgraph.store import terms as ox


@dataclass(frozen=True)
class RdfFormat:
    suffix: str
    media_type: str
    name: str
    oxigraph: ox.RdfFormat


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("ttl", "text/turtle", "Turtle", ox.RdfFormat.TURTLE),
    RdfFormat("jsonld", "application/ld+json", "JSON-LD", ox.RdfFormat.JSON_LD),
    RdfFormat("nt", "application/n-triples", "N-Triples", ox.RdfFormat.N_TRIPLES),
    RdfFormat("rdf", "application/rdf+xml", "RDF/XML", ox.RdfFormat.RDF_XML),
)
BY_SUFFIX = {f.suffix: f for f in RDF_FORMATS}
BY_MEDIA_TYPE = {f.media_type: f for f in RDF_FORMATS}

PREFIXES = {
    "exg": "https://w3id.org/exportgraph/ontology#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "country": "http://publications.europa.eu/resource/authority/country/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def serialize(triples: Iterable[ox.Triple], rdf_format: RdfFormat) -> bytes:
    """Write triples in a format, with the project's prefixes where the format has them."""
    prefixes = PREFIXES if rdf_format.suffix in ("ttl", "rdf") else None
    body = ox.serialize(triples, format=rdf_format.oxigraph, prefixes=prefixes)
    return body or b""
