"""What a resource page and a resource's RDF document say about one IRI.

describe() gathers the label, types, every property with the labels of the linked resources,
the incoming links and the sources with their quality; resource_sections adds what a legal
resource, a control entry, a country or a regime needs besides. resource_triples() is the
RDF document: the resource's own triples (with its blank nodes) and the triples that point
at it, as Pubby and LodView serve them, plus the label, type and quality of each source a
fact names, so that a fact's document says how good its sources are in every serialisation.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import URIRef

from exportgraph.errors import NotFoundError
from exportgraph.publish.labels import LabelIndex, label_index
from exportgraph.publish.sections import add_sections
from exportgraph.publish.terms import Evidence, ResourceDescription, Statement, Term, iri_term, term
from exportgraph.store import terms as ox
from exportgraph.store.interface import Store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

EXISTS = "ASK WHERE { { ?this ?p ?o } UNION { ?s ?p ?this } }"

RESOURCE_TRIPLES = """
PREFIX exg: <https://w3id.org/exportgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT {
  ?this ?p ?o . ?o ?bp ?bo . ?s ?q ?this .
  ?source a exg:Source ; exg:sourceQuality ?quality ; rdfs:label ?sourceLabel .
}
WHERE {
  { ?this ?p ?o OPTIONAL { ?o ?bp ?bo FILTER(isBlank(?o)) } }
  UNION { ?s ?q ?this }
  UNION {
    ?this exg:hasSource ?source .
    ?source exg:sourceQuality ?quality .
    OPTIONAL { ?source rdfs:label ?sourceLabel }
  }
}
"""

# skos:editorialNote holds the maintainers' bookkeeping (how the loader split a fact, why a
# fact is not used as evidence): it stays in the data for curators, off the pages for people.
EDITORIAL_NOTE = "http://www.w3.org/2004/02/skos/core#editorialNote"
OUTGOING = f"SELECT ?p ?o WHERE {{ ?this ?p ?o FILTER(?p != <{EDITORIAL_NOTE}>) }}"
INCOMING = "SELECT ?s ?p WHERE { ?s ?p ?this . FILTER(isIRI(?s)) }"

# The prose that says what a resource is, kept in English and Dutch side by side (a test holds
# the data to that): a page shows the text in its own language, another only where it lacks one.
DESCRIPTION_PROPERTIES = frozenset(
    {
        "http://purl.org/dc/terms/description",
        "http://www.w3.org/2004/02/skos/core#definition",
        "http://www.w3.org/2000/01/rdf-schema#comment",
    }
)

EVIDENCE = """
PREFIX exg: <https://w3id.org/exportgraph/ontology#>
SELECT ?fact ?id ?confidence ?note ?statement ?source ?quality WHERE {
  { ?this exg:evidence ?fact } UNION { ?this a exg:Fact BIND(?this AS ?fact) }
  OPTIONAL { ?fact exg:factId ?id }
  OPTIONAL {
    ?fact exg:statement ?statement FILTER(LANG(?statement) = "en" || LANG(?statement) = "")
  }
  OPTIONAL { ?fact exg:confidence ?confidence }
  OPTIONAL { ?fact exg:confidenceNote ?note }
  OPTIONAL { ?fact exg:hasSource ?source OPTIONAL { ?source exg:sourceQuality ?quality } }
} ORDER BY ?id ?source
"""


def resource_exists(store: Store, iri: str) -> bool:
    """Whether the graph has any triple with iri as subject or object."""
    return bool(store.query(EXISTS, bindings={"this": URIRef(iri)}).boolean)


def resource_triples(store: Store, iri: str) -> tuple[ox.Triple, ...]:
    """Return the triples of a resource's RDF document.

    Raises:
        NotFoundError: the graph holds nothing about iri.
    """
    triples = store.query(RESOURCE_TRIPLES, bindings={"this": URIRef(iri)}).triples
    if not triples:
        raise NotFoundError(f"<{iri}>: the graph holds nothing about this IRI")
    return triples


def describe(store: Store, iri: str, lang: str = "en") -> ResourceDescription:
    """Describe a resource for its page, with labels in lang ("en" or "nl").

    Raises:
        NotFoundError: the graph holds nothing about iri.
    """
    this = {"this": URIRef(iri)}
    labels = label_index(store)
    outgoing = store.query(OUTGOING, bindings=this).rows
    incoming = store.query(INCOMING, bindings=this).rows
    if not outgoing and not incoming:
        raise NotFoundError(f"<{iri}>: the graph holds nothing about this IRI")
    types = [row["o"] for row in outgoing if row["p"].value == RDF_TYPE]
    description = ResourceDescription(
        iri=iri,
        label=labels.label(iri, lang),
        types=tuple(term(t, labels, lang) for t in types),
        statements=_group(
            ((row["p"], row["o"]) for row in outgoing if row["p"].value != RDF_TYPE), labels, lang
        ),
        incoming=_group(((row["p"], row["s"]) for row in incoming), labels, lang),
        evidence=_evidence(store, iri, labels, lang),
    )
    add_sections(store, description, labels, lang)
    return description


def _group(pairs, labels: LabelIndex, lang: str) -> tuple[Statement, ...]:
    values: dict[str, list[Term]] = defaultdict(list)
    for prop, value in pairs:
        values[prop.value].append(term(value, labels, lang))
    statements = []
    for prop, terms in values.items():
        # Literals in the page's language first, then the rest, each group in text order.
        terms.sort(key=lambda t: (t.lang not in (None, lang), t.lang != lang, t.text.casefold()))
        if prop in DESCRIPTION_PROPERTIES and any(t.lang == lang for t in terms):
            terms = [t for t in terms if t.lang in (None, lang)]
        statements.append(Statement(iri_term(prop, labels, lang), tuple(terms)))
    return tuple(sorted(statements, key=lambda s: s.property.text.casefold()))


def _evidence(store: Store, iri: str, labels: LabelIndex, lang: str) -> tuple[Evidence, ...]:
    facts: dict[str, dict] = {}
    for row in store.query(EVIDENCE, bindings={"this": URIRef(iri)}).rows:
        fact = row["fact"].value
        entry = facts.setdefault(
            fact,
            {
                "fact": Term(row["id"].value if "id" in row else labels.label(fact), iri=fact),
                "confidence": term(row["confidence"], labels, lang)
                if "confidence" in row
                else None,
                "note": row["note"].value if "note" in row else None,
                "statement": row["statement"].value if "statement" in row else None,
                "sources": [],
            },
        )
        if "source" in row:
            quality = term(row["quality"], labels, lang) if "quality" in row else None
            source = (term(row["source"], labels, lang), quality)
            if source not in entry["sources"]:
                entry["sources"].append(source)
    return tuple(
        Evidence(
            e["fact"], e["confidence"], e["note"], _official_first(e["sources"]), e["statement"]
        )
        for e in facts.values()
    )


def _official_first(
    sources: list[tuple[Term, Term | None]],
) -> tuple[tuple[Term, Term | None], ...]:
    """A reader weighs the official text first, commentary after; each kind by name."""

    def rank(source: tuple[Term, Term | None]) -> tuple[int, str]:
        quality = (source[1].iri or "") if source[1] is not None else ""
        kind = {"official": 0, "secondary": 1}.get(quality.rsplit("#", 1)[-1], 2)
        return kind, source[0].text.casefold()

    return tuple(sorted(sources, key=rank))
