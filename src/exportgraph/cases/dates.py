"""The law a case's date rules were evaluated against: its dates and the instruments in force.

A report says, for each dated field of a case, which rules were evaluated at that date and
whether each instrument that matters to the case was in force then: the legal bases it cites,
the instruments that put its items' control entries on a list, and those that put its product
models under a licence requirement. "In force" is the inForceOn and notInForceOn functions of
shapes/law-functions.ttl (exportgraph.law.functions), the same the shapes call; None means the
graph does not know. A batch asks them once per distinct (instrument, date), in one query with
the pairs in a VALUES block, and the answers are kept while the validator lives (the law does
not change).

A remote store is not asked these questions: a server may misread the batched query (Virtuoso
runs no EXISTS inside BIND, and empties a VALUES block holding dates), and asked one pair at a
time it held validation to some 50 cases/s. The law is small (some 6,300 triples), so it is
read once by the store's as_embedded() and every question is answered from that copy: a query
per batch, none per case, and the same answers the embedded store gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from rdflib import URIRef

from exportgraph.cases.facts import CaseFacts
from exportgraph.cases.setwise import Term, ask_body, inline_functions
from exportgraph.errors import QueryError
from exportgraph.law.functions import Law, law_functions, law_prefixes
from exportgraph.sparql.text import write_iri
from exportgraph.store.embedded import values_blocks
from exportgraph.store.interface import Store

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
# inForceOn, and notInForceOn where that is false, for many (resource, date) pairs at once, as
# exportgraph.law.functions.Law.in_force_on asks them; the functions' own ASK bodies are put in by
# inline_functions, so the law is still written once.
_IN_FORCE = """
SELECT ?resource ?date ?status WHERE {
  VALUES (?resource ?date) { %s }
  BIND(IF(exgsh:inForceOn(?resource, ?date), "in",
       IF(exgsh:notInForceOn(?resource, ?date), "out", "unknown")) AS ?status)
}
"""
_STATUS: dict[str, bool | None] = {"in": True, "out": False, "unknown": None}
_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


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
    """Evaluate the instruments that matter to cases at the cases' own dates."""

    def __init__(self, store: Store) -> None:
        if not store.full_sparql:
            store = store.as_embedded()
        self._store = store
        self._law = Law(store)
        functions = law_functions()
        self._functions = {
            name: (list(f.parameters), ask_body(f.ask)) for name, f in functions.items()
        }
        # The law does not change while a validator lives: remember what was asked.
        self._titles: dict[str, str] = {}
        self._found: dict[str, list[tuple[str, str]]] = {}
        self._instruments_of_case: dict[tuple, tuple[tuple[str, str], ...]] = {}
        self._in_force: dict[tuple[str, date], bool | None] = {}
        self._evaluations: dict[tuple, DateEvaluation] = {}

    def evaluate(self, cases: Iterable[CaseFacts]) -> dict[Term, tuple[DateEvaluation, ...]]:
        """Return each case's dates (those typed xsd:date) with the instruments' status on each.

        Raises:
            QueryError: the store failed to answer.
        """
        planned = []
        pairs: set[tuple[str, date]] = set()
        for case in cases:
            days = [
                (field, on)
                for field, on in (
                    ("applicationDate", case.application_day),
                    ("decisionDate", case.decision_day),
                )
                if on is not None
            ]
            instruments = self._instruments(case) if days else ()
            planned.append((case.node, days, instruments))
            pairs.update((iri, on) for _, on in days for iri, _ in instruments)
        self._ask_in_force(pairs)
        return {
            node: tuple(self._evaluation(field, on, instruments) for field, on in days)
            for node, days, instruments in planned
        }

    def _evaluation(
        self, field: str, on: date, instruments: tuple[tuple[str, str], ...]
    ) -> DateEvaluation:
        key = (field, on, instruments)
        evaluation = self._evaluations.get(key)
        if evaluation is None:
            evaluation = self._evaluations[key] = DateEvaluation(
                field=field,
                date=on.isoformat(),
                rules=RULES_BY_FIELD[field],
                instruments=tuple(
                    InstrumentStatus(iri, title, self._in_force[(iri, on)])
                    for iri, title in instruments
                ),
            )
        return evaluation

    def _instruments(self, case: CaseFacts) -> tuple[tuple[str, str], ...]:
        key = (case.legal_bases, case.things)
        if key not in self._instruments_of_case:
            found: dict[str, str] = {basis: self._title(basis) for basis in case.legal_bases}
            for thing in case.things:
                found.update(self._instruments_of(thing))
            self._instruments_of_case[key] = tuple(sorted(found.items()))
        return self._instruments_of_case[key]

    def _instruments_of(self, thing: str) -> list[tuple[str, str]]:
        if thing not in self._found:
            answer = self._store.query(_INSTRUMENTS, bindings={"thing": URIRef(thing)})
            self._found[thing] = [
                (
                    row["instrument"].value,
                    row["title"].value if "title" in row else _tail(row["instrument"].value),
                )
                for row in answer.rows
            ]
        return self._found[thing]

    def _ask_in_force(self, pairs: Iterable[tuple[str, date]]) -> None:
        missing = sorted(p for p in pairs if p not in self._in_force)
        for chunk in values_blocks(missing):
            try:
                if not self._store.full_sparql:
                    # Remote stores differ in EXISTS inside BIND and in how they write
                    # booleans; they are asked the functions' own ASK queries.
                    raise QueryError("the batched form is for the embedded store")
                self._in_force.update(self._in_force_query(chunk))
            except QueryError:  # one pair at a time, as exportgraph.law.functions asks
                for iri, on in chunk:
                    self._in_force[(iri, on)] = self._law.in_force_on(iri, on)

    def _in_force_query(
        self, pairs: Sequence[tuple[str, date]]
    ) -> dict[tuple[str, date], bool | None]:
        values = " ".join(
            f'({write_iri(iri)} "{on.isoformat()}"^^<{_XSD_DATE}>)' for iri, on in pairs
        )
        sparql = inline_functions(_IN_FORCE % values, self._functions)
        answer = self._store.query(sparql, prefixes=law_prefixes())
        statuses: dict[tuple[str, date], bool | None] = {pair: None for pair in pairs}
        for row in answer.rows:
            pair = (row["resource"].value, date.fromisoformat(row["date"].value))
            statuses[pair] = _STATUS[row["status"].value]
        return statuses

    def _title(self, iri: str) -> str:
        if iri not in self._titles:
            rows = self._store.query(_TITLE, bindings={"instrument": URIRef(iri)}).rows
            title = rows[0].get("title") if rows else None
            self._titles[iri] = title.value if title is not None else _tail(iri)
        return self._titles[iri]


def _tail(iri: str) -> str:
    return iri.removeprefix("https://w3id.org/exportgraph/id/")
