"""A product model and the entries of its technology: where their answers part, and why.

No source maps a model to a control code (fact EQ-08 is unresolved). What the graph does state
is the model's technology area and the entries that control it; the entries of that technology
that the instrument covering the model added to its list are the closest it comes to "the
entry that holds it". The licence check says where the model's coverage and such an entry's
listing stand differently on a date, naming both records and the facts each rests on.
"""

from __future__ import annotations

from datetime import date

from rdflib import URIRef

from exportgraph.law.citations import PREFIXES, cite, label_of
from exportgraph.law.functions import Law
from exportgraph.law.lookup import Item
from exportgraph.store.interface import Store

_RELATED = """
SELECT DISTINCT ?coverage ?entry ?membership WHERE {
  ?coverage exg:coveredModel ?item ; exg:coveredBy ?by .
  ?item exg:technologyArea ?area .
  ?membership exg:addedBy ?by ; exg:memberEntry ?entry .
  ?entry exg:controlsTechnology ?area .
} ORDER BY ?entry ?coverage"""


def model_entry_differences(store: Store, law: Law, model: Item, on: date) -> tuple[str, ...]:
    """Say where the model's coverage and the listing of an entry of its technology stand
    differently on the date, naming both records and the facts each rests on."""
    rows = store.query(_RELATED, bindings={"item": URIRef(model.iri)}, prefixes=PREFIXES).rows
    notes = []
    for row in rows:
        coverage, membership = _value(row["coverage"]), _value(row["membership"])
        by_model = law.record_status_on(coverage, on)
        by_entry = law.record_status_on(membership, on)
        if by_model == by_entry:
            continue
        notes.append(
            f"on {on} the coverage of {model.label} ({label_of(store, coverage)}) is"
            f" '{by_model}' while the listing of {label_of(store, _value(row['entry']))}, the"
            f" entry of its technology added by the same instrument, is '{by_entry}': the two"
            f" records rest on different facts ({_fact_ids(store, coverage)} against"
            f" {_fact_ids(store, membership)}), and no source maps the model to the entry"
            " (EQ-08 is unresolved)"
        )
    return tuple(notes)


def _fact_ids(store: Store, record: str) -> str:
    return ", ".join(f.fact_id for f in cite(store, record).facts) or "no fact"


def _value(term: object) -> str:
    return "" if term is None else str(getattr(term, "value", term))
