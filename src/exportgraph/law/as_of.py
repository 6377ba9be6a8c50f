"""The law as it stood on a date: a dated view of the store that any SPARQL query can run over.

The view is the store minus what the graph knows was not law on that date, decided by the law
functions of shapes/law-functions.ttl (the same ones validation and the licence check use):

- every legal resource known not to be in force (exgsh:notInForceOn: not yet adopted,
  published or in force, or no longer in force), with its parts, and every triple naming it;
- every list membership and model coverage that does not apply yet or any more
  (exgsh:notYetApplyingOn, exgsh:noLongerApplyingOn), and every triple naming it;
- the skos:inScheme link of a control entry to a list when none of its memberships of that
  list is left.

What the graph cannot date (a membership left in doubt by a later instrument, an act without
dates) stays in the view and is named in DatedView.uncertain, so an answer never hides a doubt.
Each view is an in-memory copy (the reference law is small: a copy takes tens of
milliseconds); the last few dates asked are kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from rdflib import Graph

from exportgraph.law.citations import PREFIXES
from exportgraph.law.functions import Law
from exportgraph.namespaces import EXG
from exportgraph.store import terms as ox
from exportgraph.store.embedded import Answer, Bindings, EmbeddedStore
from exportgraph.store.interface import Store

SKOS_IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme"
RECORD_CLASSES = (str(EXG.ListMembership), str(EXG.ModelCoverage))
VIEWS_KEPT = 16
T = TypeVar("T")

_RECORDS = f"""
SELECT ?record ?entry ?list WHERE {{
  VALUES ?recordClass {{ {" ".join(f"<{c}>" for c in RECORD_CLASSES)} }}
  ?record a ?recordClass .
  OPTIONAL {{ ?record <{EXG.memberEntry}> ?entry }}
  OPTIONAL {{ ?record <{EXG.memberOf}> ?list }}
}}"""

_INSTRUMENTS = """
SELECT DISTINCT ?instrument WHERE {
  ?instrument a ?kind . ?kind rdfs:subClassOf* exg:LegalInstrument .
}"""


@dataclass
class DatedView:
    """The store as the law stood on one date; it answers like any Store.

    Attributes:
        as_of: the date the view answers for.
        left_out: IRIs of the resources left out (not law on that date).
        uncertain: IRIs of memberships, coverages and instruments whose standing on that date
            the graph does not know; they stay in the view.
    """

    as_of: date
    left_out: frozenset[str]
    uncertain: frozenset[str]
    _store: EmbeddedStore = field(repr=False)

    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> Answer:
        return self._store.query(sparql, bindings=bindings, prefixes=prefixes)

    def query_results(
        self, sparql: str, table_format: str = "json", graph_format: str = "turtle"
    ) -> tuple[str, bytes]:
        return self._store.query_results(sparql, table_format, graph_format)

    def triple_count(self) -> int:
        return self._store.triple_count()

    @property
    def full_sparql(self) -> bool:
        return True

    def graph_names(self) -> frozenset[str]:
        return self._store.graph_names()

    def reference_graph(self) -> Graph:
        return self._store.reference_graph()

    def as_embedded(self) -> EmbeddedStore:
        return self._store

    def with_engine(
        self,
        embedded: Callable[[EmbeddedStore], T],
        remote: Callable[[Any], T],
    ) -> T:
        """Return embedded(...) of the view's in-memory store: a view is always embedded."""
        return embedded(self._store)

    @property
    def embedded(self) -> EmbeddedStore:
        """The in-memory store of the view, for code that needs the engine itself (the
        SPARQL endpoint's workers evaluate jobs on an EmbeddedStore)."""
        return self._store


@dataclass(frozen=True)
class AsOfResult:
    """A query's serialised answer over the law of one date, with what was left out."""

    as_of: date
    kind: str
    body: bytes
    left_out: int
    uncertain: tuple[str, ...]


_views: WeakKeyDictionary[object, OrderedDict[date, DatedView]] = WeakKeyDictionary()
_lock = threading.Lock()


def view_as_of(store: Store, on: date) -> DatedView:
    """Return the dated view of store for a date, building it once and keeping it.

    Args:
        store: the full store (the embedded one, or any Store).
        on: the date the law is asked for.
    """
    with _lock:
        kept = _views.setdefault(store, OrderedDict())
        if on in kept:
            kept.move_to_end(on)
            return kept[on]
    view = build_view(store, on)
    with _lock:
        kept[on] = view
        while len(kept) > VIEWS_KEPT:
            kept.popitem(last=False)
    return view


def query_as_of(
    store: Store, sparql: str, on: date, table_format: str = "json", graph_format: str = "turtle"
) -> AsOfResult:
    """Answer a SPARQL query over the law in force on a date.

    Raises:
        QueryError: the query does not parse or fails.
    """
    view = view_as_of(store, on)
    kind, body = view.query_results(sparql, table_format=table_format, graph_format=graph_format)
    return AsOfResult(on, kind, body, len(view.left_out), tuple(sorted(view.uncertain)))


def build_view(store: Store, on: date) -> DatedView:
    """Copy the store without what was not law on the date (see the module docstring)."""
    law = Law(store)
    not_in_force = law.holds_for("notInForceOn", on)
    records = store.query(_RECORDS).rows
    record_iris = {_iri(row["record"]) for row in records}
    ended = law.holds_for("notYetApplyingOn", on, RECORD_CLASSES) | law.holds_for(
        "noLongerApplyingOn", on, RECORD_CLASSES
    )
    applying = law.holds_for("appliesOn", on, RECORD_CLASSES)
    left_out = not_in_force | ended
    unlisted = _scheme_links_left_out(records, ended)

    instruments = {
        _iri(row["instrument"]) for row in store.query(_INSTRUMENTS, prefixes=PREFIXES).rows
    }
    instruments_in_force = law.holds_for("inForceOn", on)
    uncertain = (record_iris - applying - ended) | (
        instruments - instruments_in_force - not_in_force
    )

    kept = EmbeddedStore()
    kept.add_triples(
        triple
        for triple in store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples
        if _keeps(triple, left_out, unlisted)
    )
    return DatedView(on, frozenset(left_out), frozenset(uncertain), kept)


def _scheme_links_left_out(records: tuple[dict, ...], ended: set[str]) -> set[tuple[str, str]]:
    """Return the (entry, list) pairs whose every membership is left out of the view."""
    memberships: dict[tuple[str, str], set[str]] = {}
    for row in records:
        if "entry" in row and "list" in row:
            pair = (_iri(row["entry"]), _iri(row["list"]))
            memberships.setdefault(pair, set()).add(_iri(row["record"]))
    return {pair for pair, iris in memberships.items() if iris <= ended}


def _keeps(triple: ox.Triple, left_out: set[str], unlisted: set[tuple[str, str]]) -> bool:
    subject, obj = triple.subject, triple.object
    if isinstance(subject, ox.NamedNode) and subject.value in left_out:
        return False
    if isinstance(obj, ox.NamedNode):
        if obj.value in left_out:
            return False
        pair = (getattr(subject, "value", ""), obj.value)
        if triple.predicate.value == SKOS_IN_SCHEME and pair in unlisted:
            return False
    return True


def _iri(term: object) -> str:
    return str(getattr(term, "value", term))
