"""The changes to the law by date, for people who follow it (/changes and /changes.atom).

Every control list's history (lineage.history) merged into one record: each instrument's
dates (adopted, published, in force, applies) and the entries it added, removed or left in
doubt, whatever list they are on, newest first. Nothing is added to what the histories hold:
an instrument the graph cannot date is listed apart (undated), not given a date.
"""

from __future__ import annotations

from dataclasses import dataclass

from exportgraph.law.citations import PREFIXES, Citation
from exportgraph.law.lineage import history
from exportgraph.store.interface import Store

_LISTS = "SELECT ?list WHERE { ?list a exg:ControlList } ORDER BY ?list"

# What a change is, in the order a day's changes are told: the act, then what it did.
KINDS = ("adopted", "published", "in force", "applies", "added", "removed", "in doubt")


@dataclass(frozen=True)
class LawChange:
    """What one instrument did on one day, over all the lists it touched."""

    on: str  # YYYY-MM-DD
    what: str  # one of KINDS
    instrument: Citation
    lists: tuple[Citation, ...]  # the lists whose history holds this change
    subjects: tuple[str, ...]  # the entries (codes) added, removed or left in doubt

    @property
    def key(self) -> str:
        """A stable name for this change: date, kind and the instrument's IRI."""
        return f"{self.on}/{self.what.replace(' ', '-')}/{self.instrument.iri}"


@dataclass(frozen=True)
class LawChanges:
    changes: tuple[LawChange, ...]  # newest first
    undated: tuple[Citation, ...]  # instruments of a list the graph cannot date


def law_changes(store: Store) -> LawChanges:
    """Return the changes to the law held by the graph, by date, newest first."""
    merged: dict[tuple[str, str, str], tuple[Citation, dict[str, Citation], set[str]]] = {}
    undated: dict[str, Citation] = {}
    for row in store.query(_LISTS, prefixes=PREFIXES).rows:
        past = history(store, row["list"].value)
        for event in past.events:
            instrument, lists, subjects = merged.setdefault(
                (event.on, event.what, event.instrument.iri), (event.instrument, {}, set())
            )
            lists[past.list.iri] = past.list
            subjects.update(event.subjects)
        for instrument in past.undated:
            undated[instrument.iri] = instrument
    changes = [
        LawChange(on, what, instrument, tuple(lists[k] for k in sorted(lists)), tuple(sorted(s)))
        for (on, what, _), (instrument, lists, s) in merged.items()
    ]
    changes.sort(key=lambda c: (c.on, -KINDS.index(c.what), c.instrument.iri), reverse=True)
    return LawChanges(tuple(changes), tuple(undated[k] for k in sorted(undated)))
