"""How to cite a resource: its name, its dates, and the fact-sheet lines and sources behind it.

The licence check and the lineage both show, for every step they take, where it comes from:
the facts (exg:evidence) with their confidence, and each source with its quality.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from exportgraph.law.remembering import remembered, remembers
from exportgraph.namespaces import EXG
from exportgraph.sparql.text import expand, insert_at_group_start, tokenize, write_iri
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

# Each resource is named in the VALUES block at the top of the group (see _for_each), so one
# query answers for every resource a licence check cites: a check cited about eleven, at four
# queries each, when each was asked alone.
_LABELS = """
SELECT ?r ?label ?lang ?rank WHERE {
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

# The dates, the notes and the sourced facts, one branch each; a row has the variables of its
# branch only. Dates by FILTER IN, not a second VALUES block: Oxigraph joins two badly.
_DATE_LIST = ", ".join(DATE_PROPERTIES.values())
_DETAILS = f"""
SELECT ?r ?p ?value ?note ?fact ?id ?confidence ?statement ?source ?sourceLabel ?quality WHERE {{
  {{ ?r ?p ?value FILTER(?p IN ({_DATE_LIST})) }}
  UNION {{
    {{ ?r exg:statusNote ?note }} UNION {{ ?r exg:coverageNote ?note }}
    FILTER(LANG(?note) = "en" || LANG(?note) = "")
  }}
  UNION {{
    ?r exg:evidence ?fact . ?fact exg:factId ?id .
    OPTIONAL {{ ?fact exg:confidence ?confidence }}
    OPTIONAL {{
      ?fact exg:statement ?statement FILTER(LANG(?statement) = "en" || LANG(?statement) = "")
    }}
    OPTIONAL {{
      ?fact exg:hasSource ?source .
      OPTIONAL {{ ?source rdfs:label ?sourceLabel }}
      OPTIONAL {{ ?source exg:sourceQuality ?quality }}
    }}
  }}
}} ORDER BY ?r ?id ?source"""

# The name each date property's IRI goes by in an answer.
_DATE_NAMES = {
    expand(next(tokenize(prop)), PREFIXES): name for name, prop in DATE_PROPERTIES.items()
}


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
    return labels_of(store, (iri,), lang)[iri]


def labels_of(store: Store, iris: Iterable[str], lang: str = "en") -> dict[str, str]:
    """The names of many resources (as label_of gives each), asked in one query."""
    wanted = tuple(dict.fromkeys(iris))
    missing = [iri for iri in wanted if not remembers(store, ("label", iri, lang))]
    found: dict[str, list[dict[str, Any]]] = {iri: [] for iri in missing}
    if missing:
        for row in store.query(_for_each(_LABELS, missing), prefixes=PREFIXES).rows:
            found[_text(row["r"])].append(row)
    return {
        iri: remembered(
            store, ("label", iri, lang), partial(_best_label, found.get(iri, []), iri, lang)
        )
        for iri in wanted
    }


def _best_label(rows: list[dict[str, Any]], iri: str, lang: str) -> str:
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
    return cite_all(store, (iri,))[iri]


def cite_all(store: Store, iris: Iterable[str]) -> dict[str, Citation]:
    """Cite many resources (as cite() cites each) in two queries, by IRI.

    On a store that remembers (exportgraph.law.remembering), what was cited before is taken
    from there and what is cited now is kept: citing all a licence check will need first
    makes each later cite() free.
    """
    wanted = tuple(dict.fromkeys(iris))
    missing = [iri for iri in wanted if not remembers(store, ("cite", iri))]
    cited: dict[str, Citation] = {}
    if missing:
        labels = labels_of(store, missing)
        rows: dict[str, list[dict[str, Any]]] = {iri: [] for iri in missing}
        for row in store.query(_for_each(_DETAILS, missing), prefixes=PREFIXES).rows:
            rows[_text(row["r"])].append(row)
        cited = {iri: _citation(iri, labels[iri], rows[iri]) for iri in missing}
    return {
        iri: remembered(store, ("cite", iri), partial(cited.__getitem__, iri)) for iri in wanted
    }


def _citation(iri: str, label: str, rows: list[dict[str, Any]]) -> Citation:
    dates: dict[str, str] = {}
    notes: set[str] = set()
    facts: dict[str, tuple[str, str, str, list[SourceRef]]] = {}
    for row in rows:
        if "value" in row:
            dates[_DATE_NAMES[_text(row["p"])]] = _text(row["value"])
        elif "note" in row:
            notes.add(_text(row["note"]))
        elif "fact" in row:
            _add_fact(facts, row)
    return Citation(
        iri=iri,
        label=label,
        # In the order of DATE_PROPERTIES, not the engine's: the order its join happened to
        # give differed between one resource asked alone and many asked at once.
        dates={name: dates[name] for name in DATE_PROPERTIES if name in dates},
        facts=tuple(
            FactRef(fact_id, fact_iri, confidence, official_first(sources), statement)
            for fact_iri, (fact_id, confidence, statement, sources) in sorted(
                facts.items(), key=lambda item: item[1][0]
            )
        ),
        notes=tuple(sorted(notes)),
    )


def _add_fact(facts: dict[str, tuple[str, str, str, list[SourceRef]]], row: dict[str, Any]) -> None:
    """Add one row of a fact (a fact has a row per source): the fact's first row names it."""
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


def _for_each(sparql: str, iris: Iterable[str]) -> str:
    """The query with ?r bound to each of the IRIs, by a VALUES block at the top of its group.

    Written here, not passed as bindings: a binding holds one value. write_iri refuses what
    would end an IRI early, so the block holds IRIs and nothing else.
    """
    values = " ".join(write_iri(iri) for iri in iris)
    return insert_at_group_start(sparql, f"VALUES ?r {{ {values} }}")


def _text(term: object) -> str:
    if term is None:
        return ""
    return str(getattr(term, "value", term))


def _local(term: object) -> str:
    text = _text(term)
    return text.rsplit("#", 1)[-1] if text else "unknown"
