"""What a case report says besides the SHACL results: each case's id and dates, the things its
dates are judged for, and which case and section a focus node belongs to.

Read by SPARQL from an Oxigraph store that holds the cases (the set-wise engine's own store, or a
small one made for pySHACL's input), a few queries for a whole batch, so both engines fill their
reports from the same facts. Where a case states a field twice (which its shapes report), the
first value in code-point order is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from exportgraph.cases.setwise import Term, literal_text
from exportgraph.namespaces import EXG
from exportgraph.store import terms as ox
from exportgraph.store.embedded import EmbeddedStore, values_blocks

# The part of a case a node belongs to, by the property that links it to the case.
SECTIONS = {
    EXG.applicant: "applicant",
    EXG.caseItem: "items",
    EXG.endUser: "endUser",
    EXG.decision: "decision",
    EXG.assessment: "assessment",
}
_LINK_ORDER = {ox.NamedNode(str(link)): n for n, link in enumerate(SECTIONS)}
_SECTION_OF = {ox.NamedNode(str(link)): name for link, name in SECTIONS.items()}
_XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PREFIXES = {"exg": str(EXG)}

_CASES = """
SELECT ?case ?caseId ?applied ?decided WHERE {
  ?case a exg:LicenceCase .
  OPTIONAL { ?case exg:caseId ?caseId }
  OPTIONAL { ?case exg:applicationDate ?applied }
  OPTIONAL { ?case exg:decision/exg:decisionDate ?decided }
}
"""
_THINGS = """
SELECT ?case ?thing ?basis WHERE {
  ?case a exg:LicenceCase .
  { ?case exg:caseItem/(exg:controlEntry|exg:model) ?thing . FILTER(isIRI(?thing)) }
  UNION { ?case exg:decision/exg:legalBasisCited ?basis . FILTER(isIRI(?basis)) }
}
"""
# FILTER IN, not VALUES, for the links: Oxigraph joins two VALUES blocks badly (100 times slower).
_OWNERS = """
SELECT ?part ?case ?link WHERE {
  ?case ?link ?part .
  FILTER(?link IN (exg:applicant, exg:caseItem, exg:endUser, exg:decision, exg:assessment))
  ?case a exg:LicenceCase .
}
"""


@dataclass(frozen=True)
class CaseFacts:
    """One case's facts as the report states them."""

    node: Term
    case_id: str  # its exg:caseId, else the last segment of its IRI
    application_date: str | None  # exg:applicationDate as written, whatever its type
    decision_date: str | None  # its decision's exg:decisionDate as written
    application_day: date | None  # the application date, when it is a valid xsd:date
    decision_day: date | None
    legal_bases: tuple[str, ...] = ()  # IRIs its decision cites, in code-point order
    things: tuple[str, ...] = ()  # IRIs of its items' control entries and models, in order


def read_case_facts(store: EmbeddedStore) -> dict[Term, CaseFacts]:
    """The facts of every exg:LicenceCase in the store, by case node in code-point order."""
    rows: dict[Term, tuple] = {}
    repeated: dict[Term, list[tuple]] = {}  # cases with a field stated twice: several rows
    for row in _select(store, _CASES):
        case = row[0]
        if case in rows:
            repeated.setdefault(case, [rows[case]]).append(row)
        else:
            rows[case] = row
    for case, found in repeated.items():
        rows[case] = (case, *(_first({r[n] for r in found} - {None}) for n in (1, 2, 3)))
    things: dict[Term, list[str]] = {}
    bases: dict[Term, list[str]] = {}
    for case, thing, basis in _select(store, _THINGS):
        if thing is not None:
            things.setdefault(case, []).append(thing.value)
        if basis is not None:
            bases.setdefault(case, []).append(basis.value)
    facts = {}
    for case in sorted(rows, key=_text):
        _, case_id, applied, decided = rows[case]
        facts[case] = CaseFacts(
            node=case,
            case_id=_text(case_id) if case_id is not None else case.value.rsplit("/", 1)[-1],
            application_date=_text(applied) if applied is not None else None,
            decision_date=_text(decided) if decided is not None else None,
            application_day=_day(applied),
            decision_day=_day(decided),
            legal_bases=tuple(sorted(set(bases.get(case, ())))),
            things=tuple(sorted(set(things.get(case, ())))),
        )
    return facts


def owners(
    store: EmbeddedStore, foci: Iterable[Term], cases: Iterable[Term]
) -> dict[Term, tuple[Term, str]]:
    """The case and section of each focus node: a case is its own ("case"); a part belongs to
    the first case (in code-point order) that links it. Nodes no case links are left out."""
    case_set = set(cases)
    found: dict[Term, tuple[Term, str]] = {f: (f, "case") for f in foci if f in case_set}
    parts = {f for f in foci if f not in case_set}
    if not parts:
        return found
    if all(isinstance(p, ox.NamedNode) for p in parts):  # a VALUES block holds no blank node
        queries = [
            _OWNERS.replace("?case ?link ?part .", _values("part", block) + " ?case ?link ?part .")
            for block in values_blocks(sorted(parts, key=_text))
        ]
    else:
        queries = [_OWNERS]
    best: dict[Term, tuple[str, int, Term, ox.NamedNode]] = {}
    rows = (row for query in queries for row in _select(store, query))
    for part, case, link in rows:
        if part not in parts:
            continue
        rank = (_text(case), _LINK_ORDER[link], case, link)
        if part not in best or rank[:2] < best[part][:2]:
            best[part] = rank
    for part, (_, _, case, link) in best.items():
        found[part] = (case, _SECTION_OF[link])
    return found


def _select(store: EmbeddedStore, sparql: str) -> Iterable:
    return (tuple(row) for row in store.solutions(sparql, _PREFIXES))


def _values(variable: str, terms: Iterable[Term]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(str(t) for t in terms)} }}"


def _first(values: set) -> Term | None:
    return min(values, key=_text) if values else None


def _text(term: Term) -> str:
    return literal_text(term) if isinstance(term, ox.Literal) else term.value


def _day(term: Term | None) -> date | None:
    if not isinstance(term, ox.Literal) or term.datatype != _XSD_DATE:
        return None
    text = term.value
    if text not in _DAYS:
        try:
            _DAYS[text] = date.fromisoformat(text) if _DAY.fullmatch(text) else None
        except ValueError:
            _DAYS[text] = None
    return _DAYS[text]


_DAYS: dict[str, date | None] = {}
