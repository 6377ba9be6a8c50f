"""The paths between the things a person thinks in, as sections of their pages.

A product model: the measures that apply to it over time (its own coverage by an instrument,
and the entries of its technology that the same instrument listed), each with its dates and
the facts and sources it rests on. A control entry: the models of its technology that the
instrument adding it covered (no source maps a model to a code: fact EQ-08 is unresolved, so
the page says "of its technology", never "covered by this code"). A control list: its entries
with the instrument that added each and the dates. A legal resource: the lists it establishes,
the entries it adds or removes and the models it covers. A country: whether it is an EU member
state, as the graph states it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rdflib import URIRef

from exportgraph.law.citations import PREFIXES
from exportgraph.law.functions import Law
from exportgraph.publish.labels import LabelIndex
from exportgraph.publish.terms import Term, term
from exportgraph.store.interface import Store

EXG = str(PREFIXES["exg"])

# kind "model": the model's own coverage; kind "entry": an entry of the model's technology
# that the instrument covering the model added to a list.
MODEL_MEASURES = """
SELECT DISTINCT ?record ?kind ?instrument ?entry ?list ?from ?until ?removedBy ?doubt WHERE {
  {
    ?record exg:coveredModel ?this ; exg:coveredBy ?instrument . BIND("model" AS ?kind)
    OPTIONAL { ?instrument eli:amends* ?home . ?home eli:is_part_of* ?act .
               ?part eli:is_part_of* ?act . ?part exg:establishesList ?list }
  } UNION {
    ?coverage exg:coveredModel ?this ; exg:coveredBy ?instrument .
    ?this exg:technologyArea ?area .
    ?record exg:addedBy ?instrument ; exg:memberEntry ?entry ; exg:memberOf ?list .
    ?entry exg:controlsTechnology ?area . BIND("entry" AS ?kind)
  }
  OPTIONAL { ?record exg:applicableFrom ?from }
  OPTIONAL { ?record exg:applicableUntil ?until }
  OPTIONAL { ?record exg:removedBy ?removedBy }
  OPTIONAL { ?record exg:continuationUnknownFrom ?doubt }
} ORDER BY ?from DESC(?kind) ?record
"""

RECORD_FACTS = """
SELECT DISTINCT ?fact ?id ?source ?quality WHERE {
  ?this exg:evidence ?fact . OPTIONAL { ?fact exg:factId ?id }
  OPTIONAL { ?fact exg:hasSource ?source OPTIONAL { ?source exg:sourceQuality ?quality } }
} ORDER BY ?id ?source
"""

MODEL_NAME = "SELECT ?name WHERE { ?this exg:modelName ?name }"

ENTRY_MODELS = """
SELECT DISTINCT ?model ?instrument ?from WHERE {
  ?membership exg:memberEntry ?this ; exg:addedBy ?instrument .
  ?this exg:controlsTechnology ?area .
  ?coverage exg:coveredModel ?model ; exg:coveredBy ?instrument .
  ?model exg:technologyArea ?area .
  OPTIONAL { ?coverage exg:applicableFrom ?from }
} ORDER BY ?from ?model
"""

LIST_ENTRIES = """
SELECT ?membership ?entry ?code ?addedBy ?inForce ?from ?until ?removedBy WHERE {
  ?membership exg:memberOf ?this .
  OPTIONAL { ?membership exg:memberEntry ?entry OPTIONAL { ?entry exg:code ?code } }
  OPTIONAL { ?membership exg:addedBy ?addedBy }
  OPTIONAL { ?membership exg:inForceFrom ?inForce }
  OPTIONAL { ?membership exg:applicableFrom ?from }
  OPTIONAL { ?membership exg:applicableUntil ?until }
  OPTIONAL { ?membership exg:removedBy ?removedBy }
} ORDER BY ?code ?membership
"""

GOVERNS = """
SELECT DISTINCT ?rel ?thing WHERE {
  { ?part eli:is_part_of* ?this . ?part exg:establishesList ?thing BIND("establishes" AS ?rel) }
  UNION { ?record exg:addedBy ?this ; exg:memberEntry ?thing BIND("adds" AS ?rel) }
  UNION { ?record exg:removedBy ?this ; exg:memberEntry ?thing BIND("removes" AS ?rel) }
  UNION { ?record exg:coveredBy ?this ; exg:coveredModel ?thing BIND("covers" AS ?rel) }
  UNION { ?this exg:permits ?thing BIND("permits" AS ?rel) }
  UNION { ?thing exg:permittedBy ?this BIND("permits" AS ?rel) }
}
"""

EU_MEMBER = "SELECT ?member ?iso WHERE { OPTIONAL { ?this exg:euMemberState ?member } "
EU_MEMBER += "OPTIONAL { ?this exg:iso3 ?iso } }"

GOVERNS_ORDER = ("establishes", "permits", "adds", "removes", "covers")


@dataclass(frozen=True)
class Measure:
    """One record that brings a model under a licence requirement, with its dates."""

    kind: str  # "model" (the model's own coverage) or "entry" (an entry of its technology)
    record: Term
    instrument: Term
    entry: Term | None
    list: Term | None
    applicable_from: str | None
    applicable_until: str | None
    removed_by: Term | None
    unknown_from: tuple[Term, ...]
    facts: tuple[Term, ...]
    sources: tuple[Term, ...]
    standing: str  # on the page's day, as Law.record_status_on says: applies, not-yet, ...


@dataclass(frozen=True)
class ListedEntry:
    membership: Term
    entry: Term | None
    added_by: Term | None
    in_force_from: str | None
    applicable_from: str | None
    applicable_until: str | None
    removed_by: Term | None


@dataclass(frozen=True)
class CoveredModel:
    model: Term
    instrument: Term
    applicable_from: str | None


def add_paths(
    store: Store, description, labels: LabelIndex, lang: str, types: set[str], kinds: set[str]
) -> None:
    """Add the path sections that fit the resource's kinds to its description."""
    this = {"this": URIRef(description.iri)}

    def run(query: str, bindings: dict | None = None):
        return store.query(query, bindings=bindings or this, prefixes=PREFIXES).rows

    def opt(row, name):
        return term(row[name], labels, lang) if name in row else None

    def text(row, name):
        return row[name].value if name in row else None

    if EXG + "ProductModel" in types:
        kinds.add("model")
        names = run(MODEL_NAME)
        description.sections["model_name"] = names[0]["name"].value if names else None
        today = date.today()
        description.sections["standing_on"] = today.isoformat()
        description.sections["model_measures"] = _measures(
            run, opt, text, labels, lang, Law(store), today
        )
    if EXG + "ControlEntry" in types:
        description.sections["covered_models"] = tuple(
            CoveredModel(
                term(r["model"], labels, lang), term(r["instrument"], labels, lang), text(r, "from")
            )
            for r in run(ENTRY_MODELS)
        )
    if EXG + "ControlList" in types:
        kinds.add("list")
        seen: dict[str, ListedEntry] = {}
        for r in run(LIST_ENTRIES):
            seen.setdefault(
                r["membership"].value,
                ListedEntry(
                    term(r["membership"], labels, lang),
                    opt(r, "entry"),
                    opt(r, "addedBy"),
                    text(r, "inForce"),
                    text(r, "from"),
                    text(r, "until"),
                    opt(r, "removedBy"),
                ),
            )
        description.sections["list_entries"] = tuple(seen.values())
        description.sections["list_slug"] = description.iri.rsplit("/list/", 1)[-1]
    if "legal" in kinds:
        governs: dict[str, list[Term]] = {rel: [] for rel in GOVERNS_ORDER}
        for r in run(GOVERNS):
            found = term(r["thing"], labels, lang)
            if found not in governs[r["rel"].value]:
                governs[r["rel"].value].append(found)
        description.sections["governs"] = tuple(
            (rel, tuple(sorted(things, key=lambda t: t.text)))
            for rel, things in governs.items()
            if things
        )
    if EXG + "Country" in types:
        rows = run(EU_MEMBER)
        member = rows[0]["member"].value if rows and "member" in rows[0] else None
        description.sections["eu_member"] = None if member is None else member == "true"
        description.sections["iso3"] = text(rows[0], "iso") if rows else None


def _measures(
    run, opt, text, labels: LabelIndex, lang: str, law: Law, on: date
) -> tuple[Measure, ...]:
    found: dict[str, dict] = {}
    for r in run(MODEL_MEASURES):
        record = r["record"].value
        entry = found.setdefault(record, {"row": r, "doubts": []})
        doubt = opt(r, "doubt")
        if doubt and doubt not in entry["doubts"]:
            entry["doubts"].append(doubt)
    measures = []
    for record, entry in found.items():
        r = entry["row"]
        facts: list[Term] = []
        sources: list[tuple[bool, Term]] = []
        for f in run(RECORD_FACTS, {"this": URIRef(record)}):
            fact = Term(
                f["id"].value if "id" in f else labels.label(f["fact"].value, lang),
                iri=f["fact"].value,
            )
            if fact not in facts:
                facts.append(fact)
            if "source" in f:
                official = "quality" in f and f["quality"].value.endswith("official")
                source = (not official, term(f["source"], labels, lang))
                if source not in sources:
                    sources.append(source)
        measures.append(
            Measure(
                r["kind"].value,
                term(r["record"], labels, lang),
                term(r["instrument"], labels, lang),
                opt(r, "entry"),
                opt(r, "list"),
                text(r, "from"),
                text(r, "until"),
                opt(r, "removedBy"),
                tuple(entry["doubts"]),
                tuple(facts),
                # Official sources first, as a reader weighs them.
                tuple(s for _, s in sorted(sources, key=lambda s: (s[0], s[1].text))),
                law.record_status_on(record, on),
            )
        )
    return tuple(measures)
