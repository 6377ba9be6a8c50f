"""Find what a user means: a control entry or product model, and a country by ISO3 code.

Countries: an assigned ISO 3166-1 alpha-3 code (exportgraph.law.countries), nothing else.

Codes match case-insensitively; models match with or without "ASML" and "TWINSCAN", spaces
and punctuation ("nxt:1980i" is TWINSCAN NXT:1980i). What does not match is an InputError that
names the nearest codes and models.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef

from exportgraph.errors import InputError
from exportgraph.law.citations import PREFIXES, label_of
from exportgraph.law.countries import assigned_country, country_name
from exportgraph.law.functions import Law
from exportgraph.law.unread import (
    TECHNOLOGY_AREA,
    UNREAD_ENTRY,
    UnreadRecord,
    area_items,
    records_for,
    records_matching,
    technology_area,
)
from exportgraph.store.interface import Store

COUNTRY = "http://publications.europa.eu/resource/authority/country/"


@dataclass(frozen=True)
class Place:
    iri: str
    iso3: str
    label: str
    eu_member_state: bool
    described: bool = True


@dataclass(frozen=True)
class Item:
    iri: str
    kind: str  # "control entry", "product model", UNREAD_ENTRY or TECHNOLOGY_AREA
    label: str
    asked: str
    note: str = ""  # how the asked text led here, where it was not the item's own code


_ENTRIES = "SELECT ?iri ?code WHERE { ?iri a exg:ControlEntry ; exg:code ?code }"
_MODELS = "SELECT ?iri ?name WHERE { ?iri a exg:ProductModel ; exg:modelName ?name }"
# A category digit, a product-group letter, then the entry's number if there is one.
_CODE_HEAD = re.compile(r"([0-9][A-Ea-e])([0-9]+)?")
# An entry as the Art. 9(4) compilation lists it, under a code of its own (CL-63).
_COMPILATION = """
SELECT ?iri ?code ?document ?national ?list ?note WHERE {
  ?iri a exg:CompilationEntry ; exg:code ?code ; exg:inCompilation ?document .
  OPTIONAL { ?iri exg:nationalEntry ?national }
  OPTIONAL { ?iri exg:nationalList ?list }
  OPTIONAL { ?iri exg:statusNote ?note FILTER(LANG(?note) = "en") }
}"""
_COUNTRIES = "SELECT ?iri ?iso3 WHERE { ?iri exg:iso3 ?iso3 }"


def resolve_item(store: Store, asked: str) -> Item:
    """Find the control entry or product model the user means.

    An entry the graph knows only as added by an instrument, its code not read
    (exportgraph.law.unread), is found by its IRI, its technology area or the words of its
    note, as an Item of kind UNREAD_ENTRY or TECHNOLOGY_AREA: the licence check answers it
    unknown.

    Raises:
        InputError: nothing matches; the message and the error's near_matches name the nearest
            codes and models, by spelling or else by structure (3B999: category 3, group B).
    """
    text = (asked or "").strip()
    if not text:
        raise InputError(
            "item: give a control code (e.g. 3B001.f.4) or a model (e.g. NXT:2000i)", field="item"
        )
    entries = {
        _value(r["iri"]): _value(r["code"]) for r in store.query(_ENTRIES, prefixes=PREFIXES).rows
    }
    models = {
        _value(r["iri"]): _value(r["name"]) for r in store.query(_MODELS, prefixes=PREFIXES).rows
    }
    if text in entries:
        return Item(text, "control entry", label_of(store, text), asked)
    if text in models:
        return Item(text, "product model", label_of(store, text), asked)
    by_code = sorted(iri for iri, code in entries.items() if code.lower() == text.lower())
    if by_code:
        # A code written the same in two code spaces would be two entries; the national one
        # is asked first because the Dutch annex reuses Annex I numbering (NL-24).
        iri = sorted(by_code, key=lambda i: "/entry/nl/" not in i)[0]
        return Item(iri, "control entry", label_of(store, iri), asked)
    compiled = _compilation_item(store, text, asked, entries)
    if compiled is not None:
        return compiled
    wanted = _model_key(text)
    by_model = [iri for iri, name in models.items() if wanted and _model_key(name) == wanted]
    if len(by_model) == 1:
        return Item(by_model[0], "product model", label_of(store, by_model[0]), asked)
    unread = _unread_item(store, text, asked)
    if unread is not None:
        return unread
    names = sorted(set(entries.values()) | set(models.values()))
    near = difflib.get_close_matches(text, names, n=5, cutoff=0.5)
    near += [
        name
        for name in names
        if wanted and name not in near and wanted[:6] and _model_key(name).startswith(wanted[:6])
    ]
    near = near[:6] or same_category_and_group(text, entries.values())
    area = technology_area(store, text)
    if area is not None:
        near += [code for code in area_items(store, area) if code not in near]
    hint = f"; near matches: {', '.join(near)}" if near else ""
    raise InputError(
        f"item: {asked!r} is neither a control code nor a product model in the graph{hint}",
        field="item",
        near_matches=near,
    )


def same_category_and_group(code: str, known: Iterable[str], count: int = 8) -> list[str]:
    """The known codes of the code's category and product group (3B999 -> 3B001, 3B501, ...).

    Annex I codes open with a category digit and a product-group letter (EU-27, EU-28); an
    entry spelt unlike any known one is still placed among its neighbours, the nearest
    numbers first.
    """
    head = _CODE_HEAD.match(code.strip())
    if head is None:
        return []
    prefix, number = head.group(1).upper(), int(head.group(2) or 0)

    def distance(known_code: str) -> tuple[int, str]:
        other = _CODE_HEAD.match(known_code)
        return (abs(int(other.group(2) or 0) - number) if other else 0, known_code)

    same = {c for c in known if c.upper().startswith(prefix)}
    return sorted(same, key=distance)[:count]


def _compilation_item(store: Store, text: str, asked: str, entries: dict[str, str]) -> Item | None:
    """The national entry that a compilation code stands for, where a fact says which.

    A compilation code is no code of a control list: a licence is required under the
    national list. Where the graph knows the national entry, the answer is that entry's, with
    a note; where it does not, the error says so and names the codes of the national list.

    Raises:
        InputError: the code is a compilation code whose national entry is not known.
    """
    for row in store.query(_COMPILATION, prefixes=PREFIXES).rows:
        iri, code = _value(row["iri"]), _value(row["code"])
        if text != iri and text.lower() != code.lower():
            continue
        document = label_of(store, _value(row["document"]))
        national = _value(row.get("national"))
        if national:
            note = (
                f"{asked!r} is entry {entries.get(national, label_of(store, national))} under"
                f" its code in {document}; a licence requirement rests on the national list,"
                " so the answer is that entry's"
            )
            return Item(national, "control entry", label_of(store, national), asked, note)
        list_iri = _value(row.get("list"))
        near = sorted(c for i, c in entries.items() if list_iri and _in_list(store, i, list_iri))
        where = f" of {label_of(store, list_iri)}" if list_iri else ""
        why = _value(row.get("note")) or "Its description was not read."
        hint = f"; the codes{where} in the graph: {', '.join(near)}" if near else ""
        raise InputError(
            f"item: {asked!r} is a code of {document}, not of a control list, and the graph does"
            f" not know which national entry{where} it stands for. {why} Ask for the national"
            f" code{hint}",
            field="item",
            near_matches=near,
        )
    return None


def _in_list(store: Store, entry: str, list_iri: str) -> bool:
    ask = "ASK WHERE { ?entry skos:inScheme ?list }"
    bindings = {"entry": URIRef(entry), "list": URIRef(list_iri)}
    return bool(store.query(ask, bindings=bindings, prefixes=PREFIXES).boolean)


def _unread_item(store: Store, text: str, asked: str) -> Item | None:
    """An entry whose code was not read, by its IRI, its technology area or its note's words."""
    records = records_for(store, text)
    if records and text == records[0].iri:
        return Item(text, UNREAD_ENTRY, _unread_label(store, records[0]), asked)
    area = technology_area(store, text)
    if area is not None and records_for(store, area):
        return Item(area, TECHNOLOGY_AREA, label_of(store, area), asked)
    matching = records_matching(store, text)
    if len(matching) == 1:
        return Item(matching[0].iri, UNREAD_ENTRY, _unread_label(store, matching[0]), asked)
    return None


def _unread_label(store: Store, record: UnreadRecord) -> str:
    return (
        f"an entry of {label_of(store, record.list_iri)} added by"
        f" {label_of(store, record.instrument)}, its code not read"
    )


def resolve_country(store: Store, asked: str, field_name: str) -> Place:
    """Find a country by its assigned ISO 3166-1 alpha-3 code (exportgraph.law.countries).

    An assigned code the graph does not describe is still a country outside the EU: the
    graph holds all 27 member states (fact EXG-EU-MEMBERS), and the Dutch measure is
    country-neutral outside the Union (NL-22), so the answer does not depend on more. A code
    ISO has not assigned is never taken for such a country.

    Raises:
        CountryCodeError: not an assigned code; the message names the field and near matches.
    """
    code = assigned_country(asked, field_name)
    codes = {
        _value(r["iso3"]): _value(r["iri"]) for r in store.query(_COUNTRIES, prefixes=PREFIXES).rows
    }
    if code in codes:
        iri = codes[code]
        return Place(iri, code, label_of(store, iri), Law(store).intra_eu(iri))
    label = f"{country_name(code)} ({code}; the graph does not describe it; not an EU member state)"
    return Place(COUNTRY + code, code, label, False, described=False)


def _model_key(name: str) -> str:
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    for brand in ("asml", "twinscan"):
        key = key.removeprefix(brand)
    return key


def _value(term: object) -> str:
    if term is None:
        return ""
    return str(getattr(term, "value", term))
