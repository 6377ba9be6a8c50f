"""How to cite a resource: its name, its dates, and the fact-sheet lines and sources behind it.

The licence check and the lineage both show, for every step they take, where it comes from:
the facts (exg:evidence) with their confidence, and each source with its quality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from exportgraph.law.remembering import remembered
from exportgraph.namespaces import EXG
from exportgraph.store.interface import Store

PREFIXES = {
    "exg": str(EXG),
    "eli": "http://data.europa.eu/eli/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}

# The dates a step can carry, by the name the answer gives them.
DATE_PROPERTIES = {
    "adopted": "eli:date_document",
    "published": "eli:date_publication",
    "in_force_from": "eli:first_date_entry_in_force",
    "applicable_from": "eli:date_applicability",
    "no_longer_in_force_after": "eli:date_no_longer_in_force",
    "membership_in_force_from": "exg:inForceFrom",
    "membership_applicable_from": "exg:applicableFrom",
    "membership_applicable_until": "exg:applicableUntil",
}

_LABEL = """
SELECT ?label ?lang ?rank WHERE {
  { ?r skos:prefLabel ?label BIND(1 AS ?rank) } UNION { ?r rdfs:label ?label BIND(2 AS ?rank) }
  UNION { ?r eli:title_short ?label BIND(3 AS ?rank) }
  UNION { ?r exg:modelName ?label BIND(4 AS ?rank) }
  UNION {
    ?r exg:memberOf/skos:prefLabel ?list FILTER(LANG(?list) = "en")
    OPTIONAL { ?r exg:memberEntry/exg:code ?code }
    BIND(5 AS ?rank)
    BIND(CONCAT(COALESCE(?code, "an entry of unknown code"), " on the ", ?list) AS ?label)
  }
  UNION {
    ?r exg:coveredModel/exg:modelName ?model ; exg:coveredBy/rdfs:label ?by
    FILTER(LANG(?by) = "en")
    BIND(5 AS ?rank)
    BIND(CONCAT(?model, " under ", ?by) AS ?label)
  }
  BIND(LANG(?label) AS ?lang)
}"""

_DATE_ROWS = " ".join(f'("{name}" {prop})' for name, prop in DATE_PROPERTIES.items())
_DATES = f"SELECT ?name ?value WHERE {{ VALUES (?name ?p) {{ {_DATE_ROWS} }} ?r ?p ?value }}"

_NOTES = """
SELECT ?note WHERE {
  { ?r exg:statusNote ?note } UNION { ?r exg:coverageNote ?note }
  FILTER(LANG(?note) = "en" || LANG(?note) = "")
}"""

_FACTS = """
SELECT ?fact ?id ?confidence ?statement ?source ?sourceLabel ?quality WHERE {
  ?r exg:evidence ?fact . ?fact exg:factId ?id .
  OPTIONAL { ?fact exg:confidence ?confidence }
  OPTIONAL {
    ?fact exg:statement ?statement FILTER(LANG(?statement) = "en" || LANG(?statement) = "")
  }
  OPTIONAL {
    ?fact exg:hasSource ?source .
    OPTIONAL { ?source rdfs:label ?sourceLabel }
    OPTIONAL { ?source exg:sourceQuality ?quality }
  }
} ORDER BY ?id ?source"""


@dataclass(frozen=True)
class SourceRef:
    iri: str
    label: str
    quality: str  # "official", "secondary" or "unknown"


# A reader weighs a source by its kind: the official text first, commentary after.
QUALITY_ORDER = {"official": 0, "secondary": 1}


def official_first(sources: list[SourceRef]) -> tuple[SourceRef, ...]:
    """The sources with the official ones first, each kind by label."""
    return tuple(
        sorted(sources, key=lambda s: (QUALITY_ORDER.get(s.quality, 2), s.label.casefold()))
    )


@dataclass(frozen=True)
class FactRef:
    fact_id: str
    iri: str
    confidence: str  # "verified", "fromMemory" or "unknown"
    sources: tuple[SourceRef, ...] = ()
    statement: str = ""  # what the fact says, as the fact sheet words it (English)


@dataclass(frozen=True)
class Citation:
    """A resource as a step of an explanation: what it is called, its dates, its sources."""

    iri: str
    label: str
    dates: dict[str, str] = field(default_factory=dict)
    facts: tuple[FactRef, ...] = ()
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "label": self.label,
            "dates": dict(self.dates),
            "facts": [
                {
                    "id": f.fact_id,
                    "iri": f.iri,
                    "confidence": f.confidence,
                    "statement": f.statement,
                    "sources": [
                        {"iri": s.iri, "label": s.label, "quality": s.quality} for s in f.sources
                    ],
                }
                for f in self.facts
            ],
            "notes": list(self.notes),
        }


def label_of(store: Store, iri: str, lang: str = "en") -> str:
    """Return the resource's name in a language (prefLabel, label, short title), else its IRI."""
    return remembered(store, ("label", iri, lang), lambda: _label_of(store, iri, lang))


def _label_of(store: Store, iri: str, lang: str) -> str:
    rows = store.query(_LABEL, bindings={"r": URIRef(iri)}, prefixes=PREFIXES).rows
    ranked = sorted(
        rows,
        key=lambda row: (
            {lang: 0, "": 1}.get(_text(row.get("lang")), 2),
            int(_text(row["rank"])),
        ),
    )
    return _text(ranked[0]["label"]) if ranked else iri


def cite(store: Store, iri: str) -> Citation:
    """Return the name, dates, notes and sourced facts of a resource."""
    # A citation was most of a licence check's time when an order book asked it many times.
    return remembered(store, ("cite", iri), lambda: _cite(store, iri))


def _cite(store: Store, iri: str) -> Citation:
    bound = {"r": URIRef(iri)}
    dates = {
        _text(row["name"]): _text(row["value"])
        for row in store.query(_DATES, bindings=bound, prefixes=PREFIXES).rows
    }
    notes = tuple(
        sorted(
            {
                _text(row["note"])
                for row in store.query(_NOTES, bindings=bound, prefixes=PREFIXES).rows
            }
        )
    )
    facts: dict[str, tuple[str, str, str, list[SourceRef]]] = {}
    for row in store.query(_FACTS, bindings=bound, prefixes=PREFIXES).rows:
        fact_iri = _text(row["fact"])
        _, _, _, sources = facts.setdefault(
            fact_iri,
            (_text(row["id"]), _local(row.get("confidence")), _text(row.get("statement")), []),
        )
        if "source" in row and all(s.iri != _text(row["source"]) for s in sources):
            sources.append(
                SourceRef(
                    _text(row["source"]),
                    _text(row.get("sourceLabel")) or _text(row["source"]),
                    _local(row.get("quality")),
                )
            )
    return Citation(
        iri=iri,
        label=label_of(store, iri),
        dates=dates,
        facts=tuple(
            FactRef(fact_id, fact_iri, confidence, official_first(sources), statement)
            for fact_iri, (fact_id, confidence, statement, sources) in sorted(
                facts.items(), key=lambda item: item[1][0]
            )
        ),
        notes=notes,
    )


def _text(term: object) -> str:
    if term is None:
        return ""
    return str(getattr(term, "value", term))


def _local(term: object) -> str:
    text = _text(term)
    return text.rsplit("#", 1)[-1] if text else "unknown"
