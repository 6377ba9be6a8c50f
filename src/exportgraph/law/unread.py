"""Entries the graph knows only as "added by an instrument, code not read".

Some instruments are known to have added entries to a list whose codes no source read: the
January 2025 Dutch amendment (metrology, NL-42, NL-45) or Delegated Regulation (EU) 2023/66
(ECAD software, EU-36). The data records each as a list membership with exg:addedBy and no
exg:memberEntry, sometimes pointing at a technology area. A licence check can reach one by its
IRI, by its technology area or by words of its note, and answers unknown, naming what is
missing: never bad input (the addition is real) and never a guess at a code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from exportgraph.law.citations import PREFIXES
from exportgraph.store.interface import Store

UNREAD_ENTRY = "entry, code not read"
TECHNOLOGY_AREA = "technology area"

# A technology area is named by rdfs:seeAlso or by the item properties; either will do.
_RECORDS = """
SELECT ?record ?list ?instrument ?area ?note WHERE {
  ?record a exg:ListMembership ; exg:memberOf ?list ; exg:addedBy ?instrument .
  FILTER NOT EXISTS { ?record exg:memberEntry ?entry }
  OPTIONAL { ?record (rdfs:seeAlso|exg:technologyArea|exg:controlsTechnology) ?area .
             ?area a exg:TechnologyArea }
  OPTIONAL { ?record exg:statusNote ?note FILTER(LANG(?note) = "en" || LANG(?note) = "") }
} ORDER BY ?record ?area"""

_AREAS = """
SELECT ?area ?label WHERE { ?area a exg:TechnologyArea ; skos:prefLabel ?label }"""

_AREA_ITEMS = """
SELECT DISTINCT ?code WHERE {
  { ?thing exg:controlsTechnology ?area ; exg:code ?code }
  UNION { ?thing exg:technologyArea ?area ; exg:modelName ?code }
} ORDER BY ?code"""


@dataclass(frozen=True)
class UnreadRecord:
    """One addition of an entry whose code was not read."""

    iri: str
    list_iri: str
    instrument: str
    areas: tuple[str, ...]
    note: str


def unread_records(store: Store) -> tuple[UnreadRecord, ...]:
    """Every list membership that an instrument added and whose entry the graph cannot name."""
    found: dict[str, UnreadRecord] = {}
    for row in store.query(_RECORDS, prefixes=PREFIXES).rows:
        iri = _value(row["record"])
        known = found.get(iri)
        area = _value(row.get("area"))
        areas = (known.areas if known else ()) + ((area,) if area else ())
        found[iri] = UnreadRecord(
            iri,
            _value(row["list"]),
            _value(row["instrument"]),
            tuple(dict.fromkeys(areas)),
            _value(row.get("note")) or (known.note if known else ""),
        )
    return tuple(found.values())


def records_for(store: Store, iri: str) -> tuple[UnreadRecord, ...]:
    """The unread additions an item IRI stands for: the record itself, or those of an area."""
    return tuple(r for r in unread_records(store) if iri == r.iri or iri in r.areas)


def technology_area(store: Store, text: str) -> str | None:
    """The technology area named by its IRI, its name (either language) or its IRI's slug."""
    wanted = _plain(text)
    for row in store.query(_AREAS, prefixes=PREFIXES).rows:
        iri, label = _value(row["area"]), _value(row["label"])
        names = {iri, _plain(label), _plain(label.split("(")[0]), _plain(iri.rsplit("/", 1)[-1])}
        if text.strip() in names or wanted in names:
            return iri
    return None


def area_items(store: Store, area: str) -> list[str]:
    """The codes and model names the graph links to a technology area."""
    rows = store.query(_AREA_ITEMS, bindings={"area": URIRef(area)}, prefixes=PREFIXES).rows
    return [_value(r["code"]) for r in rows]


def records_matching(store: Store, text: str) -> tuple[UnreadRecord, ...]:
    """The unread additions whose note holds every word of the text (words of 3+ letters)."""
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) >= 3]
    if not words or not any(len(w) >= 4 and w.isalpha() for w in words):
        return ()
    return tuple(
        r
        for r in unread_records(store)
        if all(re.search(rf"\b{re.escape(w)}", r.note.lower()) for w in words)
    )


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _value(term: object) -> str:
    if term is None:
        return ""
    return str(getattr(term, "value", term))
