"""What to call a resource: its label in English or Dutch, its codes and identifiers.

One query reads every label, code and identifier of the store into memory once; the
resource pages name linked resources from it and the search looks through it. The store is
read-only while the program runs, so the index is built once per store and kept.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from dataclasses import dataclass, field

from exportgraph.store import terms as ox
from exportgraph.store.interface import Store

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ELI = "http://data.europa.eu/eli/ontology#"
EXG = "https://w3id.org/exportgraph/ontology#"
DCTERMS = "http://purl.org/dc/terms/"

# Label properties, best first: a SKOS preferred label names a concept better than a title.
LABEL_PROPERTIES = (
    SKOS + "prefLabel",
    RDFS + "label",
    ELI + "title_short",
    ELI + "title",
    DCTERMS + "title",
    EXG + "modelName",
    SKOS + "altLabel",
)
# Codes and identifiers: what a person types to find a resource they know by number.
CODE_PROPERTIES = (EXG + "code", SKOS + "notation", EXG + "factId", EXG + "iso3")
IDENTIFIER_PROPERTIES = (
    EXG + "celex",
    EXG + "staatscourant",
    EXG + "bwbId",
    EXG + "kamerstuk",
    EXG + "referenceNumber",
    EXG + "officialJournal",
    EXG + "eli",
    ELI + "id_local",
    ELI + "number",
)

_NAME_PROPERTIES = " ".join(
    f"<{p}>" for p in LABEL_PROPERTIES + CODE_PROPERTIES + IDENTIFIER_PROPERTIES
)
NAMES_QUERY = (
    f"SELECT ?r ?p ?v WHERE {{ VALUES ?p {{ {_NAME_PROPERTIES} }} ?r ?p ?v . FILTER(isIRI(?r)) }}"
)

TYPES_QUERY = "SELECT ?r ?t WHERE { ?r a ?t . FILTER(isIRI(?r) && isIRI(?t)) }"


@dataclass(frozen=True)
class Name:
    """One label, code or identifier of a resource."""

    predicate: str
    text: str
    lang: str | None

    @property
    def kind(self) -> str:
        if self.predicate in CODE_PROPERTIES:
            return "code"
        if self.predicate in IDENTIFIER_PROPERTIES:
            return "identifier"
        return "label"


@dataclass
class LabelIndex:
    """Labels, codes and identifiers of every IRI in a store, and its types."""

    names: dict[str, list[Name]] = field(default_factory=lambda: defaultdict(list))
    types: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, store: Store) -> LabelIndex:
        index = cls()
        for row in store.query(NAMES_QUERY).rows:
            value = row["v"]
            lang = value.language if isinstance(value, ox.Literal) else None
            index.names[row["r"].value].append(Name(row["p"].value, value.value, lang or None))
        for row in store.query(TYPES_QUERY).rows:
            index.types[row["r"].value].append(row["t"].value)
        return index

    def has_label(self, iri: str) -> bool:
        return any(n.kind == "label" for n in self.names.get(iri, ()))

    def label(self, iri: str, lang: str = "en") -> str:
        """Return the best label of iri in lang, else in no or another language, else a code.

        The local part of the IRI is the last resort, so every link has readable text.
        """
        names = self.names.get(iri, ())
        for wanted in (lang, None, "en", "nl"):
            for prop in LABEL_PROPERTIES:
                for name in names:
                    if name.predicate == prop and name.lang == wanted:
                        return name.text
        for name in names:
            if name.kind == "label":
                return name.text
        for prop in CODE_PROPERTIES:
            for name in names:
                if name.predicate == prop:
                    return name.text
        return local_name(iri)

    def label_in(self, iri: str, lang: str) -> str | None:
        """Return the label of iri in exactly lang, or None where the graph has none in it."""
        names = self.names.get(iri, ())
        for prop in LABEL_PROPERTIES:
            for name in names:
                if name.predicate == prop and name.lang == lang:
                    return name.text
        return None

    def code(self, iri: str) -> str | None:
        for name in self.names.get(iri, ()):
            if name.predicate == EXG + "code":
                return name.text
        return None


def local_name(iri: str) -> str:
    """The part of an IRI after its last "#" or "/" (the whole IRI if that part is empty)."""
    tail = iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return tail or iri


_INDEXES: weakref.WeakKeyDictionary[object, LabelIndex] = weakref.WeakKeyDictionary()


def label_index(store: Store) -> LabelIndex:
    """Return the label index of a store, building it on first use."""
    index = _INDEXES.get(store)
    if index is None:
        index = _INDEXES[store] = LabelIndex.build(store)
    return index
