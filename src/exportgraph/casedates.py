"""The law a case's date rules were evaluated against: its dates and the instruments in force.

A report says, for each dated field of a case, which rules were evaluated at that date and
whether each instrument that matters to the case was in force then: the legal bases it cites,
the instruments that put its items' control entries on a list, and those that put its product
models under a licence requirement. "In force" comes from exportgraph.law, the same functions
the shapes call; None means the graph does not know.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from exportgraph.law import Law
from exportgraph.namespaces import EXG
from exportgraph.store import Store

# Which rules read which date (see shapes/case-record.ttl).
RULES_BY_FIELD = {
    "applicationDate": ("R1", "R3"),
    "decisionDate": ("R1", "R2", "R6"),
}

_INSTRUMENTS = """
PREFIX exg: <https://w3id.org/exportgraph/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT DISTINCT ?instrument ?title WHERE {
  { ?membership exg:memberEntry ?thing ; exg:addedBy ?instrument }
  UNION { ?coverage exg:coveredModel ?thing ; exg:coveredBy ?instrument }
  OPTIONAL { ?instrument eli:title_short ?short }
  OPTIONAL { ?instrument eli:title ?long }
  BIND(COALESCE(?short, ?long) AS ?title)
}
"""
_TITLE = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?title WHERE {
  OPTIONAL { ?instrument eli:title_short ?short }
  OPTIONAL { ?instrument eli:title ?long }
  BIND(COALESCE(?short, ?long) AS ?title)
}
"""


@dataclass(frozen=True)
class InstrumentStatus:
    """Whether one instrument was in force on a date: True, False, or None (unknown)."""

    iri: str
    title: str
    in_force: bool | None


@dataclass(frozen=True)
class DateEvaluation:
    """One date of a case, the rules evaluated at it and the instruments found in force."""

    field: str  # "applicationDate" or "decisionDate"
    date: str
    rules: tuple[str, ...]
    instruments: tuple[InstrumentStatus, ...]


class CaseDates:
    """Evaluate the instruments that matter to a case at the case's own dates."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._law = Law(store)
        # The law does not change while a validator lives: remember what was asked.
        self._titles: dict[str, str] = {}
        self._found: dict[str, list[tuple[str, str]]] = {}
        self._in_force: dict[tuple[str, date], bool | None] = {}

    def evaluate(self, graph: Graph, case: Node) -> tuple[DateEvaluation, ...]:
        """Return the case's dates (those typed xsd:date) with the instruments' status on each."""
        dates = {
            "applicationDate": _date(graph.value(case, EXG.applicationDate)),
            "decisionDate": _date(graph.value(graph.value(case, EXG.decision), EXG.decisionDate)),
        }
        if not any(dates.values()):
            return ()
        instruments = self._instruments(graph, case)
        return tuple(
            DateEvaluation(
                field=field,
                date=on.isoformat(),
                rules=RULES_BY_FIELD[field],
                instruments=tuple(
                    InstrumentStatus(iri, title, self._status(iri, on))
                    for iri, title in instruments
                ),
            )
            for field, on in dates.items()
            if on is not None
        )

    def _instruments(self, graph: Graph, case: Node) -> list[tuple[str, str]]:
        found: dict[str, str] = {}
        decision = graph.value(case, EXG.decision)
        for basis in graph.objects(decision, EXG.legalBasisCited) if decision else ():
            if isinstance(basis, URIRef):
                found[str(basis)] = self._title(str(basis))
        for item in graph.objects(case, EXG.caseItem):
            for prop in (EXG.controlEntry, EXG.model):
                for thing in graph.objects(item, prop):
                    if isinstance(thing, URIRef):
                        found.update(self._instruments_of(thing))
        return sorted(found.items())

    def _instruments_of(self, thing: URIRef) -> list[tuple[str, str]]:
        if str(thing) not in self._found:
            answer = self._store.query(_INSTRUMENTS, bindings={"thing": thing})
            self._found[str(thing)] = [
                (
                    row["instrument"].value,
                    row["title"].value if "title" in row else _tail(row["instrument"].value),
                )
                for row in answer.rows
            ]
        return self._found[str(thing)]

    def _status(self, iri: str, on: date) -> bool | None:
        if (iri, on) not in self._in_force:
            self._in_force[(iri, on)] = self._law.in_force_on(iri, on)
        return self._in_force[(iri, on)]

    def _title(self, iri: str) -> str:
        if iri not in self._titles:
            rows = self._store.query(_TITLE, bindings={"instrument": URIRef(iri)}).rows
            title = rows[0].get("title") if rows else None
            self._titles[iri] = title.value if title is not None else _tail(iri)
        return self._titles[iri]


def _date(value: object) -> date | None:
    if isinstance(value, Literal) and value.datatype == XSD.date:
        parsed = value.toPython()
        return parsed if isinstance(parsed, date) else None
    return None


def _tail(iri: str) -> str:
    return iri.removeprefix("https://w3id.org/exportgraph/id/")
