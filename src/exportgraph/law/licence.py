"""The licence check: item, destination, date (and origin) in; an answer with its chain out.

For every list membership of a control entry, or every model coverage of a product model, the
check asks the law functions (exportgraph.law.functions) whether it applied on the date, and
asks of the instrument behind it whether it reaches this export at all: a national Art. 9
measure covers exports from its own member state to outside the EU only (fact NL-22), Annex I
exports from the Union. Each finding carries the chain item -> control entry (or model coverage)
-> list -> instrument -> legal basis -> EU provision that permits it, with dates and sources.

The answer is "required" when one instrument requires a licence, "not required" when every
instrument the graph holds for the item is known not to, and unknown otherwise, with what is
missing. It speaks only for the instruments in the graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rdflib import URIRef

from exportgraph.law import messages as say
from exportgraph.law.citations import PREFIXES, Citation, cite, cite_all, label_of, labels_of
from exportgraph.law.functions import Law
from exportgraph.law.lookup import Item, Place, resolve_country, resolve_item
from exportgraph.law.messages import Message, Ref
from exportgraph.law.model_entries import model_entry_differences
from exportgraph.law.overlap import REASON_CODE as OVERLAP_CODE
from exportgraph.law.overlap import Overlap, annex_overlap
from exportgraph.law.remembering import RememberingStore
from exportgraph.law.unread import TECHNOLOGY_AREA, UNREAD_ENTRY, UnreadRecord, records_for
from exportgraph.store.interface import Store

COUNTRY = "http://publications.europa.eu/resource/authority/country/"
FACT = "https://w3id.org/exportgraph/id/fact/"

Row = dict[str, Any]  # one solution of a SELECT, by variable name

REASONS = {
    "not-listed": "not listed",
    "not-yet-in-force": "not yet in force",
    "no-longer-in-force": "no longer in force",
    "intra-eu-transfer": "intra-EU transfer",
    "origin-outside-territory": "origin outside the instrument's territory",
    # Not a "no": an act that changed Annex I may now hold the item, and a national list may
    # control only items outside Annex I (exg:AnnexIOverlap); the answer is unknown and names
    # both readings. It comes with the answer's caveats, not with its reasons.
    OVERLAP_CODE: "Annex I overlap: which entry now holds the item is unknown",
}


@dataclass(frozen=True)
class Reason:
    code: str  # a key of REASONS
    message: str
    instrument: str = ""

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "instrument": self.instrument}


@dataclass(frozen=True)
class Step:
    """One link of a chain: what kind of step it is and the cited resource."""

    kind: str  # item, control entry, model coverage, list, instrument, legal basis, permitted by
    citation: Citation

    def to_json(self) -> dict[str, Any]:
        return {"step": self.kind, **self.citation.to_json()}


@dataclass(frozen=True)
class Finding:
    """What one instrument says about the export."""

    instrument: Citation
    required: bool | None
    chain: tuple[Step, ...]
    reasons: tuple[Reason, ...] = ()
    missing: tuple[str, ...] = ()
    caveats: tuple[Overlap, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "instrument": _instrument_json(self.instrument),
            "required": self.required,
            "reasons": [r.to_json() for r in self.reasons],
            "missing": list(self.missing),
            "caveats": [c.to_json() for c in self.caveats],
            "chain": [s.to_json() for s in self.chain],
        }


@dataclass(frozen=True)
class LicenceAnswer:
    """The answer of a licence check, with everything needed to explain it."""

    item: Item
    destination: Place
    origin: Place
    as_of: date
    required: bool | None
    findings: tuple[Finding, ...] = ()
    missing: tuple[str, ...] = field(default=())
    notes: tuple[str, ...] = ()  # where a model's answer and its entry's differ, and why

    @property
    def requiring(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.required is True)

    @property
    def reasons(self) -> tuple[Reason, ...]:
        if self.required is not False:
            return ()
        return tuple(r for f in self.findings for r in f.reasons)

    @property
    def caveats(self) -> tuple[Overlap, ...]:
        """The Annex I overlaps that leave the answer open, each once."""
        seen: dict[str, Overlap] = {}
        for finding in self.findings:
            if finding.required is None:
                for caveat in finding.caveats:
                    seen.setdefault(caveat.iri, caveat)
        return tuple(seen.values())

    @property
    def chain(self) -> tuple[Step, ...]:
        """The chain of the finding that decides: the first requiring one, else the first."""
        deciding = self.requiring or self.findings
        return deciding[0].chain if deciding else ()

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "item": {
                "asked": self.item.asked,
                "iri": self.item.iri,
                "kind": self.item.kind,
                "label": self.item.label,
                "note": self.item.note,
            },
            "destination": _place_json(self.destination),
            "origin": _place_json(self.origin),
            "required": self.required,
            "instruments": [
                {**_instrument_json(f.instrument), "chain": [s.to_json() for s in f.chain]}
                for f in self.requiring
            ],
            "chain": [s.to_json() for s in self.chain],
            "reasons": [r.to_json() for r in self.reasons],
            "missing": list(self.missing),
            "caveats": [c.to_json() for c in self.caveats],
            "notes": list(self.notes),
            "findings": [f.to_json() for f in self.findings],
        }


def check_licence(
    store: Store, item: str, destination: str, on: date, origin: str = "NLD"
) -> LicenceAnswer:
    """Say whether exporting item from origin to destination needed a licence on a date.

    Args:
        store: the store holding the reference law.
        item: a control code (e.g. "3B001.f.4", any case), a model ("NXT:2000i",
            "TWINSCAN NXT:1980i") or the IRI of either; an entry whose code was not read
            (exportgraph.law.unread) by its IRI, technology area or note words: always unknown.
        destination: an assigned ISO 3166-1 alpha-3 code (exportgraph.law.countries).
        on: the date of the export.
        origin: an assigned ISO 3166-1 alpha-3 code, where it leaves from (default NLD).

    Raises:
        InputError: the item is not in the graph, or a country is no assigned ISO 3166-1
            alpha-3 code (CountryCodeError); the message and the error name near matches.
    """
    # The store does not change during one check: each question is asked of it once, and
    # what the check will cite is cited first, in two queries (see _cite_ahead).
    if not isinstance(store, RememberingStore):
        store = RememberingStore(store)
    law = Law(store)
    target = resolve_item(store, item)
    to = resolve_country(store, destination, "destination")
    source = resolve_country(store, origin, "origin")
    export = Export(target, to, source, on)
    found: list[Finding | None]
    if target.kind in (UNREAD_ENTRY, TECHNOLOGY_AREA):
        records = records_for(store, target.iri)
        _cite_ahead(store, target.iri, [_unread_route(r) for r in records], (), records)
        found = [_unread_finding(store, law, export, r) for r in records]
    elif target.kind == "control entry":
        rows = _memberships(store, target.iri)
        _cite_ahead(store, target.iri, [_entry_route(store, row) for row in rows], rows)
        found = [_entry_finding(store, law, export, row) for row in rows]
    else:
        rows = _coverages(store, target.iri)
        _cite_ahead(store, target.iri, [_coverage_route(store, row) for row in rows], rows)
        found = [_coverage_finding(store, law, export, row) for row in rows]
    findings = [f for f in found if f is not None]
    if any(f.required for f in findings):
        required: bool | None = True
    elif findings and all(f.required is False for f in findings):
        required = False
    else:
        required = None
    missing = tuple(m for f in findings if f.required is None for m in f.missing)
    if not findings:
        missing = (_nothing_known(target),)
    notes: tuple[str, ...] = ()
    if target.kind == "product model":
        notes = model_entry_differences(store, law, target, on)
    return LicenceAnswer(target, to, source, on, required, tuple(findings), missing, notes)


# --- one membership or coverage --------------------------------------------------------------

_MEMBERSHIPS = """
SELECT ?record ?list ?instrument ?removedBy ?doubt WHERE {
  ?record exg:memberEntry ?item ; exg:memberOf ?list .
  OPTIONAL { ?record exg:addedBy ?instrument }
  OPTIONAL { ?record exg:removedBy ?removedBy }
  OPTIONAL { ?record exg:continuationUnknownFrom ?doubt }
} ORDER BY ?record"""

_COVERAGES = """
SELECT ?record ?list ?instrument ?doubt WHERE {
  ?record exg:coveredModel ?item ; exg:coveredBy ?instrument .
  OPTIONAL { ?instrument eli:amends* ?amended . ?amended exg:establishesList ?list }
  OPTIONAL { ?record exg:continuationUnknownFrom ?doubt }
} ORDER BY ?record"""

# Who the list's law binds: the member state of a national measure, or the Union for a list
# that an EU regulation (or a part of one) establishes.
_TERRITORY = """
SELECT ?state ?eu ?home WHERE {
  OPTIONAL { ?measure a exg:NationalControlMeasure ; exg:establishesList ?list ;
               exg:memberState ?state }
  OPTIONAL { ?home exg:establishesList ?list . ?home a ?kind .
             ?kind rdfs:subClassOf* eli:LegalResource .
             OPTIONAL { ?home eli:is_part_of* ?act . ?act a exg:EURegulation . BIND(true AS ?eu) } }
}"""

_BASIS = """
SELECT DISTINCT ?basis WHERE { ?instrument eli:is_part_of* ?act . ?act eli:based_on ?basis }
ORDER BY ?basis"""

_PERMITS = """
SELECT DISTINCT ?provision WHERE {
  { ?provision exg:permits ?basis } UNION { ?provision exg:permits ?instrument }
  UNION { ?instrument eli:amends ?amended . ?provision exg:permits ?amended }
} ORDER BY ?provision"""


_ENDED = """
SELECT ?end ?repealer ?repealed WHERE {
  ?instrument eli:is_part_of* ?act .
  { ?act eli:date_no_longer_in_force ?end }
  UNION { ?repealer eli:repeals ?act ; eli:first_date_entry_in_force ?repealed }
} ORDER BY ?repealed ?repealer"""


def _memberships(store: Store, iri: str) -> tuple[Row, ...]:
    rows = store.query(_MEMBERSHIPS, bindings={"item": URIRef(iri)}, prefixes=PREFIXES).rows
    return _per_record(rows)


def _coverages(store: Store, iri: str) -> tuple[Row, ...]:
    rows = store.query(_COVERAGES, bindings={"item": URIRef(iri)}, prefixes=PREFIXES).rows
    return _per_record(rows)


def _per_record(rows: tuple[Row, ...]) -> tuple[Row, ...]:
    """One row per record, its doubts (a record may name several later instruments) in a list."""
    merged: dict[str, Row] = {}
    for row in rows:
        record = merged.setdefault(_value(row["record"]), {**row, "doubts": []})
        doubt = _value(row.get("doubt"))
        if doubt and doubt not in record["doubts"]:
            record["doubts"].append(doubt)
    return tuple(merged.values())


@dataclass(frozen=True)
class Export:
    """What is asked: the item, where it goes from and to, and when."""

    item: Item
    destination: Place
    origin: Place
    on: date


@dataclass(frozen=True)
class Route:
    """How one record reaches the law: its list, its instrument, the list's territory."""

    record: str
    list_iri: str
    instrument: str
    state: str  # the member state of a national measure, or ""
    union: bool  # an EU act's list


def _entry_route(store: Store, row: Row) -> Route | None:
    list_iri = _value(row["list"])
    territory = _territory(store, list_iri)
    if territory is None:
        return None  # a list no instrument of the graph makes law (e.g. a regime's list)
    state, union, home = territory
    return Route(
        _value(row["record"]), list_iri, _value(row.get("instrument")) or home, state, union
    )


def _entry_finding(store: Store, law: Law, export: Export, row: Row) -> Finding | None:
    route = _entry_route(store, row)
    if route is None:
        return None
    steps = [
        Step("control entry", cite(store, export.item.iri)),
        Step("list membership", cite(store, route.record)),
    ]
    return _finding(store, law, export, row, route, steps)


def _coverage_route(store: Store, row: Row) -> Route:
    instrument = _value(row["instrument"])
    list_iri = _value(row.get("list"))
    state, union, _ = (_territory(store, list_iri) if list_iri else None) or ("", False, "")
    return Route(_value(row["record"]), list_iri, instrument, state, union)


def _unread_route(record: UnreadRecord) -> Route:
    return Route(record.iri, record.list_iri, record.instrument, "", False)


def _cite_ahead(
    store: Store,
    item: str,
    routes: list[Route | None],
    rows: tuple[Row, ...],
    unread: tuple[UnreadRecord, ...] = (),
) -> None:
    """Cite in one batch what the findings will cite one by one (the store remembers them):
    the item, each record, list, instrument, its legal bases and the provisions permitting
    them, the instruments a record is in doubt by or was removed by; and name the member
    states of national measures."""
    cited = [item]
    for route in routes:
        if route is not None:
            bases, provisions = _bases_and_permits(store, route.instrument)
            cited += [route.record, route.list_iri, route.instrument, *bases, *provisions]
    for row in rows:
        cited += [*row.get("doubts", ()), _value(row.get("removedBy"))]
    for record in unread:
        cited += record.areas
    cite_all(store, [iri for iri in cited if iri])
    labels_of(store, [route.state for route in routes if route is not None and route.state])


def _coverage_finding(store: Store, law: Law, export: Export, row: Row) -> Finding:
    route = _coverage_route(store, row)
    steps = [
        Step("item", cite(store, export.item.iri)),
        Step("model coverage", cite(store, route.record)),
    ]
    return _finding(store, law, export, row, route, steps)


def _finding(
    store: Store, law: Law, export: Export, row: Row, route: Route, steps: list[Step]
) -> Finding:
    instrument = cite(store, route.instrument)
    if route.list_iri:
        steps.append(Step("list", cite(store, route.list_iri)))
    steps.append(Step("instrument", instrument))
    steps += _legal_basis_steps(store, route.instrument)
    name = Ref(instrument.label, instrument.iri)
    reasons, missing = _scope(store, export, route, name)
    more_reasons, more_missing = _timing(store, law, export, row, route, name)
    reasons += more_reasons
    missing += more_missing
    if reasons:
        required: bool | None = False
    elif missing:
        required = None
    else:
        required = True
    caveats = _overlaps_on(store, export, row, route) if not more_reasons else ()
    if caveats and not (required is False and _annex_i_excludes(store, export, route)):
        # Both readings must agree for the answer to stand; they agree only where neither the
        # national list nor Annex I would reach this export (e.g. from outside the Union).
        missing += [
            Message(say.OVERLAP_UNKNOWN, overlap=Ref(c.label, c.iri), unknown=c.unknown)
            for c in caveats
        ]
        required = None
    else:
        caveats = ()
    return Finding(
        instrument, required, tuple(steps), tuple(reasons), tuple(missing), tuple(caveats)
    )


def _overlaps_on(store: Store, export: Export, row: Row, route: Route) -> tuple[Overlap, ...]:
    """The Annex I overlaps among the record's doubts that apply on the date."""
    found = []
    for doubt in row.get("doubts", ()):
        if _effective(store, doubt, export.on):
            overlap = annex_overlap(store, route.list_iri, doubt)
            if overlap is not None:
                found.append(overlap)
    return tuple(found)


def _annex_i_excludes(store: Store, export: Export, route: Route) -> bool:
    """Whether Annex I, were it to hold the item, would also not reach this export."""
    as_annex_i = Route(route.record, route.list_iri, route.instrument, "", True)
    reasons, missing = _scope(store, export, as_annex_i, "Annex I")
    return bool(reasons) and not missing


def _effective(store: Store, instrument: str, on: date) -> bool:
    """Whether the instrument takes effect by the date (applicability, else entry into force),
    the date exg:continuationUnknownFrom counts from in shapes/law-functions.ttl."""
    dates = cite(store, instrument).dates
    since = dates.get("applicable_from") or dates.get("in_force_from") or ""
    return bool(since) and since <= on.isoformat()


def _scope(store: Store, export: Export, route: Route, name: str) -> tuple[list[Reason], list[str]]:
    """Whether the instrument reaches this export at all: its territory and intra-EU transfers."""
    reasons: list[Reason] = []
    missing: list[str] = []
    origin, to = export.origin, export.destination
    if route.state and origin.iri != route.state:
        reasons.append(
            Reason(
                "origin-outside-territory",
                Message(
                    say.FROM_STATE_ONLY,
                    name=name,
                    state=_ref(store, route.state),
                    origin=Ref(origin.label, origin.iri),
                ),
                route.instrument,
            )
        )
    if route.union and not origin.eu_member_state:
        reasons.append(
            Reason(
                "origin-outside-territory",
                Message(say.FROM_EU_ONLY, name=name, origin=Ref(origin.label, origin.iri)),
                route.instrument,
            )
        )
    if not route.state and not route.union:
        missing.append(Message(say.NO_TERRITORY, name=name))
    if to.eu_member_state and origin.eu_member_state:
        if route.state:
            reasons.append(
                Reason(
                    "intra-eu-transfer",
                    Message(say.INTRA_EU, destination=Ref(to.label, to.iri), name=name),
                    route.instrument,
                )
            )
        elif route.union:
            missing.append(Message(say.ANNEX_IV, destination=Ref(to.label, to.iri)))
    return reasons, missing


def _timing(
    store: Store, law: Law, export: Export, row: Row, route: Route, name: str
) -> tuple[list[Reason], list[str]]:
    """Whether the membership or coverage, and its instrument, applied on the date."""
    on = export.on
    status = law.record_status_on(route.record, on)
    model = export.item.kind == "product model"
    if status == "not-yet":
        start = _start(store, route.record)
        template = say.COVERAGE_NOT_YET if model else say.LISTING_NOT_YET
        message = Message(template, name=name, start=start, on=on.isoformat())
        return [Reason("not-yet-in-force", message, route.instrument)], []
    if status == "ended":
        removed = _value(row.get("removedBy"))
        by = Message(say.REMOVED_BY, remover=_ref(store, removed)) if removed else ""
        template = say.COVERAGE_ENDED if model else say.LISTING_ENDED
        message = Message(template, name=name, on=on.isoformat(), removed=by)
        return [Reason("no-longer-in-force", message, route.instrument)], []
    if status == "unknown":
        return [], _why_unknown(store, export, row, route)
    # in_force_on() is False both before an instrument's start and after its end: ask which.
    if law.no_longer_in_force_on(route.instrument, on):
        ended = _how_it_ended(store, route.instrument, on)
        message = Message(say.INSTRUMENT_ENDED, name=name, on=on.isoformat(), ended=ended)
        return [Reason("no-longer-in-force", message, route.instrument)], []
    if law.in_force_on(route.instrument, on) is False:
        message = Message(say.INSTRUMENT_NOT_YET, name=name, on=on.isoformat())
        return [Reason("not-yet-in-force", message, route.instrument)], []
    return [], []


def _how_it_ended(store: Store, instrument: str, on: date) -> str | Message:
    """The end the graph records for the instrument (or its act) before the date, if any."""
    rows = store.query(_ENDED, bindings={"instrument": URIRef(instrument)}, prefixes=PREFIXES).rows
    for row in rows:
        repealer, since = _value(row.get("repealer")), _value(row.get("repealed"))
        if repealer and since and since <= on.isoformat():
            return Message(say.REPEALED_BY, repealer=_ref(store, repealer), since=since)
    ends = sorted(_value(r["end"]) for r in rows if "end" in r)
    if ends and ends[0] < on.isoformat():
        return Message(say.IN_FORCE_UNTIL, until=ends[0])
    return ""


def _legal_basis_steps(store: Store, instrument: str) -> list[Step]:
    bases, provisions = _bases_and_permits(store, instrument)
    steps = [Step("legal basis", cite(store, basis)) for basis in bases]
    steps += [Step("permitted by", cite(store, provision)) for provision in provisions]
    return steps


def _bases_and_permits(store: Store, instrument: str) -> tuple[list[str], list[str]]:
    """The instrument's legal bases, and the provisions that permit them (or it), sorted."""
    bound = {"instrument": URIRef(instrument)}
    bases = [
        _value(r["basis"]) for r in store.query(_BASIS, bindings=bound, prefixes=PREFIXES).rows
    ]
    permits = set()
    for basis in bases or [instrument]:
        rows = store.query(
            _PERMITS,
            bindings={"basis": URIRef(basis), "instrument": URIRef(instrument)},
            prefixes=PREFIXES,
        ).rows
        permits |= {_value(r["provision"]) for r in rows}
    return bases, sorted(permits)


def _territory(store: Store, list_iri: str) -> tuple[str, bool, str] | None:
    rows = store.query(_TERRITORY, bindings={"list": URIRef(list_iri)}, prefixes=PREFIXES).rows
    state = next((_value(r["state"]) for r in rows if "state" in r), "")
    union = any("eu" in r for r in rows)
    home = next((_value(r["home"]) for r in rows if "home" in r), "")
    if not (state or union or home):
        return None
    return state, union and not state, home


def _start(store: Store, record: str) -> str:
    dates = cite(store, record).dates
    return dates.get("membership_applicable_from") or dates.get("membership_in_force_from", "?")


def _why_unknown(store: Store, export: Export, row: Row, route: Route) -> list[str]:
    """What the graph lacks for a record in doubt; an Annex I overlap says it in its caveat."""
    doubts = [d for d in row.get("doubts", ()) if _effective(store, d, export.on)]
    if doubts:
        return [
            Message(
                say.STILL_UNDER,
                item=Ref(export.item.label, export.item.iri),
                list=_ref(store, route.list_iri or doubt),
                doubt=_ref(store, doubt),
                since=_since(store, doubt),
            )
            for doubt in doubts
            if annex_overlap(store, route.list_iri, doubt) is None
        ]
    where = _ref(store, route.list_iri) if route.list_iri else Message(say.ITS_LIST)
    return [
        Message(
            say.NO_LISTING_DATE,
            item=Ref(export.item.label, export.item.iri),
            list=where,
            record=_ref(store, route.record),
        )
    ]


def _since(store: Store, instrument: str) -> str:
    dates = cite(store, instrument).dates
    return dates.get("applicable_from") or dates.get("in_force_from") or Message(say.ITS_DATE)


def _ref(store: Store, iri: str) -> Ref:
    return Ref(label_of(store, iri), iri)


def _unread_finding(store: Store, law: Law, export: Export, record: UnreadRecord) -> Finding:
    """Unknown, always: the instrument added an entry, but which goods it holds was not read."""
    instrument = cite(store, record.instrument)
    steps = [Step("technology area", cite(store, a)) for a in record.areas]
    steps += [
        Step("list membership (code not read)", cite(store, record.iri)),
        Step("list", cite(store, record.list_iri)),
        Step("instrument", instrument),
    ]
    steps += _legal_basis_steps(store, record.instrument)
    applies = _start(store, record.iri)
    not_yet = law.record_status_on(record.iri, export.on) == "not-yet"
    missing = Message(
        say.CODE_NOT_READ_NOT_YET if not_yet else say.CODE_NOT_READ,
        instrument=Ref(instrument.label, instrument.iri),
        list=_ref(store, record.list_iri),
        applies=applies,
        on=export.on.isoformat(),
    )
    rows = store.query(_DOUBTS, bindings={"record": URIRef(record.iri)}, prefixes=PREFIXES).rows
    doubts = [_value(r["doubt"]) for r in rows]
    caveats = _overlaps_on(store, export, {"doubts": doubts}, _unread_route(record))
    more = tuple(
        Message(say.OVERLAP_UNKNOWN, overlap=Ref(c.label, c.iri), unknown=c.unknown)
        for c in caveats
    )
    return Finding(instrument, None, tuple(steps), (), (missing, *more), caveats)


_DOUBTS = "SELECT DISTINCT ?doubt WHERE { ?record exg:continuationUnknownFrom ?doubt }"


def _nothing_known(item: Item) -> str:
    if item.kind == "product model":
        return Message(say.MODEL_NOT_COVERED, item=Ref(item.label, item.iri))
    return Message(say.ENTRY_NOT_LISTED, item=Ref(item.label, item.iri))


def _instrument_json(citation: Citation) -> dict[str, Any]:
    dates = citation.dates
    return {
        "iri": citation.iri,
        "label": citation.label,
        "in_force_from": dates.get("in_force_from") or dates.get("applicable_from"),
        "applicable_from": dates.get("applicable_from"),
    }


def _place_json(place: Place) -> dict[str, Any]:
    return {
        "iso3": place.iso3,
        "iri": place.iri,
        "label": place.label,
        "eu_member_state": place.eu_member_state,
        "described_in_graph": place.described,
    }


def _value(term: object) -> str:
    if term is None:
        return ""
    return str(getattr(term, "value", term))
