"""The lineage of a control list: what changed between two dates, and its whole history.

A change is a list membership (or a model coverage under the list's instruments) whose
standing differs between two dates, as the law functions judge it (Law.record_status_on):
"added" when it starts to apply in between, "removed" when it stops, "changed" when a later
instrument leaves it in doubt (exg:continuationUnknownFrom), also when it was already in doubt
and a further instrument adds a doubt of its own (an Annex I overlap, exg:AnnexIOverlap, whose
note comes from the graph). Each change names the instrument responsible and the fact-sheet
lines and sources it rests on.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Any

from rdflib import URIRef

from exportgraph.errors import InputError, NotFoundError
from exportgraph.law.citations import PREFIXES, Citation, cite, cite_all
from exportgraph.law.functions import Law
from exportgraph.law.overlap import annex_overlap
from exportgraph.law.remembering import RememberingStore
from exportgraph.store.interface import Store

LIST_BASE = "https://w3id.org/exportgraph/id/list/"

_LISTS = "SELECT ?list WHERE { ?list a exg:ControlList } ORDER BY ?list"

_RECORDS = """
SELECT ?record ?subject ?name ?instrument ?removedBy ?doubt ?kind WHERE {
  {
    ?record exg:memberOf ?list . BIND("membership" AS ?kind)
    OPTIONAL { ?record exg:memberEntry ?subject . OPTIONAL { ?subject exg:code ?name } }
    OPTIONAL { ?record exg:addedBy ?instrument }
  } UNION {
    ?record exg:coveredModel ?subject ; exg:coveredBy ?instrument . BIND("coverage" AS ?kind)
    ?instrument eli:amends* ?amended . ?amended exg:establishesList ?list .
    OPTIONAL { ?subject exg:modelName ?name }
  }
  OPTIONAL { ?record exg:removedBy ?removedBy }
  OPTIONAL { ?record exg:continuationUnknownFrom ?doubt }
} ORDER BY ?kind ?record"""

# The instruments of a list: the act that establishes it (or whose annex does), the acts that
# amend that act, and every instrument a membership or coverage of the list names.
_INSTRUMENTS = """
SELECT DISTINCT ?instrument WHERE {
  {
    ?home exg:establishesList ?list . ?home eli:is_part_of* ?instrument .
  } UNION {
    ?home exg:establishesList ?list . ?home eli:is_part_of* ?act . ?instrument eli:amends ?act .
  } UNION {
    ?record exg:memberOf ?list .
    ?record exg:addedBy|exg:removedBy|exg:continuationUnknownFrom ?instrument .
  } UNION {
    ?record exg:coveredBy ?instrument .
    ?instrument eli:amends* ?amended . ?amended exg:establishesList ?list .
  }
  ?instrument a ?kind . ?kind rdfs:subClassOf* exg:LegalInstrument .
}"""

EVENT_NAMES = {
    "adopted": "adopted",
    "published": "published",
    "in_force_from": "in force",
    "applicable_from": "applies",
}
LISTED, NOT_LISTED = "applies", ("not-yet", "ended")


@dataclass(frozen=True)
class Change:
    """One membership or coverage whose standing differs between two dates."""

    kind: str  # "added", "removed" or "changed"
    record_kind: str  # "membership" or "coverage"
    record: Citation
    subject: Citation | None  # the entry or model; None for an entry of unknown code
    before: str
    after: str
    instrument: Citation | None  # the one responsible; None when the graph does not say
    on: str  # the day the change took effect, where known
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "change": self.kind,
            "record_kind": self.record_kind,
            "record": self.record.to_json(),
            "subject": self.subject.to_json() if self.subject else None,
            "before": self.before,
            "after": self.after,
            "instrument": self.instrument.to_json() if self.instrument else None,
            "on": self.on,
            "note": self.note,
        }


@dataclass(frozen=True)
class Event:
    """A dated step in a list's history: an instrument's date, or a change it made."""

    on: str
    what: str  # adopted, published, in force, applies, added, removed, in doubt
    instrument: Citation
    subjects: tuple[str, ...] = ()  # the codes or model names of the entries and models
    subject_iris: tuple[str, ...] = ()  # their IRIs, in the same order ("" where unknown)


@dataclass(frozen=True)
class ListDiff:
    list: Citation
    from_date: date
    to_date: date
    changes: tuple[Change, ...]
    instruments: tuple[Event, ...]  # instrument events in (from, to]

    def to_json(self) -> dict[str, Any]:
        return {
            "list": self.list.to_json(),
            "from": self.from_date.isoformat(),
            "to": self.to_date.isoformat(),
            "as_of": self.to_date.isoformat(),
            "entries": [c.to_json() for c in self.changes if c.record_kind == "membership"],
            "model_coverages": [c.to_json() for c in self.changes if c.record_kind == "coverage"],
            "instruments": [
                {"on": e.on, "what": e.what, **e.instrument.to_json()} for e in self.instruments
            ],
        }


@dataclass(frozen=True)
class ListHistory:
    list: Citation
    events: tuple[Event, ...]  # sorted by date
    undated: tuple[Citation, ...]  # instruments of the list the graph cannot date


def resolve_list(store: Store, ref: str) -> str:
    """Return the IRI of a control list given as a slug (nl-semiconductor-equipment) or IRI.

    Raises:
        NotFoundError: no such list; the message names near matches.
    """
    lists = [str(r["list"].value) for r in store.query(_LISTS, prefixes=PREFIXES).rows]
    text = (ref or "").strip()
    for candidate in (text, LIST_BASE + text):
        if candidate in lists:
            return candidate
    slugs = [iri.removeprefix(LIST_BASE) for iri in lists]
    near = difflib.get_close_matches(text.removeprefix(LIST_BASE), slugs, n=5, cutoff=0.4)
    hint = f"; near matches: {', '.join(near)}" if near else f"; lists: {', '.join(slugs)}"
    raise NotFoundError(f"list: {ref!r} is not a control list of the graph{hint}")


def diff_list(store: Store, ref: str, from_date: date, to_date: date) -> ListDiff:
    """Say which entries and model coverages of a list changed between two dates.

    Raises:
        InputError: the list is unknown, or from_date is after to_date.
    """
    if from_date > to_date:
        raise InputError(
            f"--from {from_date.isoformat()} is after --to {to_date.isoformat()}; swap them"
        )
    # As in a licence check: each question asked once, and all the diff cites cited at once.
    if not isinstance(store, RememberingStore):
        store = RememberingStore(store)
    list_iri = resolve_list(store, ref)
    law = Law(store)
    changes = []
    rows = _records(store, list_iri)
    named = ("record", "subject", "doubt", "instrument", "removedBy")
    cite_all(store, [list_iri, *(_v(row[key]) for row in rows for key in named if key in row)])
    for row in _per_record(rows):
        record = _v(row["record"])
        before, after = (
            law.record_status_on(record, from_date),
            law.record_status_on(record, to_date),
        )
        row = _doubt_between(store, row, from_date, to_date, list_iri)
        change = _classify(store, row, before, after)
        if change:
            changes.append(change)
    events = tuple(
        e
        for e in history(store, list_iri).events
        if e.what in EVENT_NAMES.values() and from_date.isoformat() < e.on <= to_date.isoformat()
    )
    return ListDiff(cite(store, list_iri), from_date, to_date, tuple(changes), events)


def history(store: Store, ref: str) -> ListHistory:
    """Return a list's history: its instruments' dates and the changes each made, by date."""
    list_iri = resolve_list(store, ref)
    bound = {"list": URIRef(list_iri)}
    rows = store.query(_INSTRUMENTS, bindings=bound, prefixes=PREFIXES).rows
    records = _records(store, list_iri)
    # Cited at once: the list, its instruments and its records (a query each, alone).
    cited = cite_all(
        store,
        [list_iri, *(_v(r["instrument"]) for r in rows), *(_v(r["record"]) for r in records)],
    )
    instruments = [cited[_v(r["instrument"])] for r in rows]
    events: list[Event] = []
    undated = []
    for instrument in instruments:
        dated = [
            Event(instrument.dates[key], name, instrument)
            for key, name in EVENT_NAMES.items()
            if key in instrument.dates
        ]
        events += dated
        if not dated:
            undated.append(instrument)
    by_iri = {i.iri: i for i in instruments}
    for row in records:
        record = cited[_v(row["record"])]
        name, iri = (_subject_name(row),), (_v(row.get("subject")),)
        start = record.dates.get("membership_applicable_from") or record.dates.get(
            "membership_in_force_from"
        )
        added_by = by_iri.get(_v(row.get("instrument")))
        if start and added_by:
            events.append(Event(start, "added", added_by, name, iri))
        until = record.dates.get("membership_applicable_until")
        removed_by = by_iri.get(_v(row.get("removedBy")))
        if until and removed_by:
            events.append(Event(until, "removed", removed_by, name, iri))
        doubt = by_iri.get(_v(row.get("doubt")))
        if doubt:
            when = _takes_effect(doubt)
            if when:
                events.append(Event(when, "in doubt", doubt, name, iri))
    merged: dict[tuple[str, str, str], set[tuple[str, str]]] = {}
    for event in events:
        merged.setdefault((event.on, event.what, event.instrument.iri), set()).update(
            zip(event.subjects, event.subject_iris, strict=True)
        )
    ordered = tuple(
        Event(on, what, by_iri[iri], *_unzip(sorted(subjects)))
        for (on, what, iri), subjects in sorted(merged.items())
    )
    return ListHistory(cited[list_iri], ordered, tuple(undated))


def _unzip(pairs: list[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(name for name, _ in pairs), tuple(iri for _, iri in pairs)


def _records(store: Store, list_iri: str) -> tuple[dict, ...]:
    return store.query(_RECORDS, bindings={"list": URIRef(list_iri)}, prefixes=PREFIXES).rows


def _per_record(rows: tuple[dict, ...]) -> list[dict]:
    """One row per record, with every instrument that leaves it in doubt under "doubts"."""
    merged: dict[str, dict] = {}
    for row in rows:
        record = merged.setdefault(_v(row["record"]), {**row, "doubts": []})
        doubt = _v(row.get("doubt"))
        if doubt and doubt not in record["doubts"]:
            record["doubts"].append(doubt)
    return list(merged.values())


def _doubt_between(store: Store, row: dict, from_date: date, to_date: date, list_iri: str) -> dict:
    """Name as the record's "doubt" the instrument whose doubt took effect in (from, to], else
    the latest one in effect by to_date; mark a doubt that is new though the status is not."""
    dated = sorted(
        (when, doubt)
        for doubt in row["doubts"]
        if (when := _takes_effect(cite(store, doubt))) and when <= to_date.isoformat()
    )
    new = [doubt for when, doubt in dated if when > from_date.isoformat()]
    chosen = new[0] if new else (dated[-1][1] if dated else "")
    result = {k: v for k, v in row.items() if k != "doubt"}
    if chosen:
        result["doubt"] = chosen
        overlap = annex_overlap(store, list_iri, chosen)
        result["overlap_note"] = f"{overlap.label}: {overlap.unknown}" if overlap else ""
    result["new_doubt"] = bool(new)
    return result


def _classify(store: Store, row: dict[str, Any], before: str, after: str) -> Change | None:
    if before == after and not (after == "unknown" and row.get("new_doubt")):
        return None
    record = cite(store, _v(row["record"]))
    subject = cite(store, _v(row["subject"])) if "subject" in row else None
    kind = _v(row["kind"])
    start = record.dates.get("membership_applicable_from") or record.dates.get(
        "membership_in_force_from", ""
    )
    doubt = cite(store, _v(row["doubt"])) if "doubt" in row else None
    if before in NOT_LISTED and after in (LISTED, "unknown") and start:
        note = ""
        if after == "unknown" and doubt:
            note = (
                f"added, then left in doubt by {doubt.label} from {_takes_effect(doubt)}:"
                " the graph does not know whether it survived"
            )
        added_by = cite(store, _v(row["instrument"])) if "instrument" in row else None
        return Change("added", kind, record, subject, before, after, added_by, start, note)
    if before == LISTED and after in NOT_LISTED:
        removed_by = cite(store, _v(row["removedBy"])) if "removedBy" in row else None
        until = record.dates.get("membership_applicable_until", "")
        note = "" if removed_by else "the instrument that removed it is not in the graph"
        return Change("removed", kind, record, subject, before, after, removed_by, until, note)
    if after == "unknown" and doubt:
        note = row.get("overlap_note") or (
            f"{doubt.label} changed the text that holds it; whether it still applies is"
            " not in the graph"
        )
        return Change(
            "changed", kind, record, subject, before, after, doubt, _takes_effect(doubt), note
        )
    return Change("changed", kind, record, subject, before, after, None, "", "")


def _takes_effect(instrument: Citation) -> str:
    return instrument.dates.get("applicable_from") or instrument.dates.get("in_force_from", "")


def _subject_name(row: dict) -> str:
    return _v(row.get("name")) or "an entry of unknown code"


def _v(term: object) -> str:
    if term is None:
        return ""
    return str(getattr(term, "value", term))
