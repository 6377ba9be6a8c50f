"""What a page says besides the properties, for the kinds of resource people ask about.

A legal resource: the chain of legal bases up to the EU provision and beyond, its amendments
with their dates, a citation. A control entry: its lists, the instrument that added it and
from when, its parent and children, the codes a compilation of national lists gives it. A
country: its lists, regimes and adoptions. A regime: its participating states. A control
entry, a product model or a list that a later act left in doubt through an Annex I overlap:
the caveat, as the graph states it (exg:AnnexIOverlap).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import URIRef

from exportgraph.law.overlap import annex_overlap
from exportgraph.publish.labels import ELI, EXG, LabelIndex
from exportgraph.publish.terms import ResourceDescription, Term, term
from exportgraph.store.interface import Store
from exportgraph.version import __version__

PREFIXES = {
    "exg": EXG,
    "eli": ELI,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}

IS_LEGAL = "ASK WHERE { ?this a/rdfs:subClassOf* eli:LegalResource }"

# Each step up: the resource is based on, permitted by, or part of the next one.
CHAIN = """
SELECT DISTINCT ?from ?rel ?to WHERE {
  ?this (eli:based_on|^exg:permits|exg:permittedBy|eli:is_part_of)* ?from .
  { ?from eli:based_on ?to BIND("based_on" AS ?rel) }
  UNION { ?to exg:permits ?from BIND("permitted_by" AS ?rel) }
  UNION { ?from exg:permittedBy ?to BIND("permitted_by" AS ?rel) }
  UNION { ?from eli:is_part_of ?to BIND("part_of" AS ?rel) }
}
"""

AMENDMENTS = """
SELECT DISTINCT ?by ?target ?adopted ?published ?inForce ?applicable WHERE {
  { ?by eli:amends ?this BIND(?this AS ?target) }
  UNION { ?target eli:is_part_of ?this . ?by eli:amends ?target }
  UNION { ?this eli:amends ?target BIND(?this AS ?by) }
  OPTIONAL { ?by eli:date_document ?adopted }
  OPTIONAL { ?by eli:date_publication ?published }
  OPTIONAL { ?by eli:first_date_entry_in_force ?inForce }
  OPTIONAL { ?by eli:date_applicability ?applicable }
}
"""

MEMBERSHIPS = """
SELECT ?membership ?list ?addedBy ?inForce ?applicable ?until ?removedBy ?unknownFrom ?note
WHERE {
  ?membership exg:memberEntry ?this ; exg:memberOf ?list .
  OPTIONAL { ?membership exg:addedBy ?addedBy }
  OPTIONAL { ?membership exg:inForceFrom ?inForce }
  OPTIONAL { ?membership exg:applicableFrom ?applicable }
  OPTIONAL { ?membership exg:applicableUntil ?until }
  OPTIONAL { ?membership exg:removedBy ?removedBy }
  OPTIONAL { ?membership exg:continuationUnknownFrom ?unknownFrom }
  OPTIONAL { ?membership exg:statusNote ?note FILTER(LANG(?note) = "en") }
}
"""

# The Annex I overlaps that leave a record of this entry, model or list in doubt.
CAVEATS = """
SELECT DISTINCT ?list ?act ?since WHERE {
  { ?record exg:memberEntry ?this ; exg:memberOf ?list }
  UNION { ?record exg:coveredModel ?this ; exg:coveredBy ?by .
          ?by eli:amends* ?home . ?home exg:establishesList ?list }
  UNION { ?record exg:memberOf ?this BIND(?this AS ?list) }
  ?record exg:continuationUnknownFrom ?act .
  ?overlap a exg:AnnexIOverlap ; exg:overlapAct ?act ; exg:overlapList ?list .
  OPTIONAL { ?act eli:date_applicability ?applies }
  OPTIONAL { ?act eli:first_date_entry_in_force ?inForce }
  BIND(COALESCE(?applies, ?inForce) AS ?since)
} ORDER BY ?since ?act ?list
"""

FAMILY = """
SELECT DISTINCT ?relative ?rel WHERE {
  { ?this exg:parentEntry|skos:broader ?relative BIND("parent" AS ?rel) }
  UNION { ?relative exg:parentEntry|skos:broader ?this BIND("child" AS ?rel) }
  FILTER NOT EXISTS { ?relative a skos:ConceptScheme }
}
"""

# The codes the Art. 9(4) compilation gives this national entry (CL-63).
COMPILATION_CODES = """
SELECT ?compiled ?code ?document WHERE {
  ?compiled exg:nationalEntry ?this ; exg:code ?code ; exg:inCompilation ?document .
} ORDER BY ?code
"""

COUNTRY_LISTS = """
SELECT DISTINCT ?measure ?list WHERE {
  ?measure exg:memberState ?this . OPTIONAL { ?measure exg:establishesList ?list }
}
"""

COUNTRY_REGIMES = """
SELECT DISTINCT ?regime ?since WHERE {
  ?regime exg:participant ?this .
  OPTIONAL { ?p exg:inRegime ?regime ; exg:participatingState ?this ; exg:participantSince ?since }
}
"""

COUNTRY_ADOPTIONS = """
SELECT DISTINCT ?adoption ?state ?measure ?on WHERE {
  ?adoption exg:adoptingState ?state ; exg:adoptedMeasure ?measure .
  { ?adoption exg:adoptingState ?this } UNION { ?measure exg:memberState ?this }
  OPTIONAL { ?adoption exg:adoptedOn ?on }
}
"""

PARTICIPANTS = """
SELECT DISTINCT ?state ?iso ?since WHERE {
  ?this exg:participant ?state .
  OPTIONAL { ?state exg:iso3 ?iso }
  OPTIONAL { ?p exg:inRegime ?this ; exg:participatingState ?state ; exg:participantSince ?since }
} ORDER BY ?iso
"""

CITATION_IDENTIFIERS = (
    ("officialJournal", ""),
    ("staatscourant", "Stcrt. "),
    ("kamerstuk", "Kamerstuk "),
    ("bwbId", "BWB "),
    ("referenceNumber", "nr. "),
    ("celex", "CELEX "),
    ("eli", "ELI "),
)


@dataclass(frozen=True)
class ChainStep:
    source: Term
    relation: str  # "based_on", "permitted_by" or "part_of"
    target: Term


@dataclass(frozen=True)
class Amendment:
    by: Term
    target: Term
    adopted: str | None
    published: str | None
    in_force: str | None
    applicable: str | None
    outgoing: bool  # True when this resource is the amending one


@dataclass(frozen=True)
class Membership:
    membership: Term
    list: Term
    added_by: Term | None
    in_force_from: str | None
    applicable_from: str | None
    applicable_until: str | None
    removed_by: Term | None
    unknown_from: tuple[Term, ...]  # later instruments after which the graph cannot tell
    note: str | None


@dataclass(frozen=True)
class Caveat:
    """An Annex I overlap on a page: the act, from when, and the texts the graph holds."""

    overlap: Term
    act: Term
    since: str | None
    known: str
    unknown: str
    if_in_annex_i: str
    if_outside_annex_i: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Participant:
    state: Term
    iso3: str
    since: str | None


def add_sections(
    store: Store, description: ResourceDescription, labels: LabelIndex, lang: str
) -> None:
    """Add the sections that fit the resource's kinds to its description."""
    this = {"this": URIRef(description.iri)}
    types = set(labels.types.get(description.iri, ()))
    kinds = set()

    def run(query: str):
        return store.query(query, bindings=this, prefixes=PREFIXES).rows

    def opt(row, name):
        return term(row[name], labels, lang) if name in row else None

    def text(row, name):
        return row[name].value if name in row else None

    if store.query(IS_LEGAL, bindings=this, prefixes=PREFIXES).boolean:
        kinds.add("legal")
        description.sections["chain"] = tuple(
            ChainStep(term(r["from"], labels, lang), r["rel"].value, term(r["to"], labels, lang))
            for r in run(CHAIN)
        )
        amendments = [
            Amendment(
                term(r["by"], labels, lang),
                term(r["target"], labels, lang),
                text(r, "adopted"),
                text(r, "published"),
                text(r, "inForce"),
                text(r, "applicable"),
                r["by"].value == description.iri,
            )
            for r in run(AMENDMENTS)
        ]
        amendments.sort(
            key=lambda a: (a.in_force or a.applicable or a.published or "9999", a.by.text)
        )
        description.sections["amendments"] = tuple(amendments)
        description.sections["citation"] = citation(description, labels, lang)
    if EXG + "ControlEntry" in types:
        kinds.add("entry")
        doubts: dict[str, list[Term]] = defaultdict(list)
        first: dict[str, dict] = {}
        for r in run(MEMBERSHIPS):
            first.setdefault(r["membership"].value, r)
            doubt = opt(r, "unknownFrom")
            if doubt and doubt not in doubts[r["membership"].value]:
                doubts[r["membership"].value].append(doubt)
        description.sections["memberships"] = tuple(
            Membership(
                term(r["membership"], labels, lang),
                term(r["list"], labels, lang),
                opt(r, "addedBy"),
                text(r, "inForce"),
                text(r, "applicable"),
                text(r, "until"),
                opt(r, "removedBy"),
                tuple(doubts[iri]),
                text(r, "note"),
            )
            for iri, r in first.items()
        )
        family = defaultdict(list)
        for r in run(FAMILY):
            family[r["rel"].value].append(term(r["relative"], labels, lang))
        description.sections["parents"] = tuple(family["parent"])
        description.sections["children"] = tuple(sorted(family["child"], key=lambda t: t.text))
        description.sections["compilation_codes"] = tuple(
            (Term(r["code"].value, iri=r["compiled"].value), term(r["document"], labels, lang))
            for r in run(COMPILATION_CODES)
        )
    if types & {EXG + "ControlEntry", EXG + "ProductModel", EXG + "ControlList"}:
        caveats = _caveats(store, run(CAVEATS), labels, lang)
        if caveats:
            kinds.add("caveat")
            description.sections["caveats"] = caveats
    if EXG + "Country" in types:
        kinds.add("country")
        description.sections["measures"] = tuple(
            (term(r["measure"], labels, lang), opt(r, "list")) for r in run(COUNTRY_LISTS)
        )
        description.sections["regimes"] = tuple(
            (term(r["regime"], labels, lang), text(r, "since")) for r in run(COUNTRY_REGIMES)
        )
        description.sections["adoptions"] = tuple(
            (term(r["state"], labels, lang), term(r["measure"], labels, lang), text(r, "on"))
            for r in run(COUNTRY_ADOPTIONS)
        )
    if EXG + "ExportControlRegime" in types:
        kinds.add("regime")
        description.sections["participants"] = tuple(
            Participant(
                term(r["state"], labels, lang),
                text(r, "iso") or labels.label(r["state"].value, lang),
                text(r, "since"),
            )
            for r in run(PARTICIPANTS)
        )
    description.kinds = frozenset(kinds)


def _caveats(store: Store, rows, labels: LabelIndex, lang: str) -> tuple[Caveat, ...]:
    found: dict[str, Caveat] = {}
    for r in rows:
        overlap = annex_overlap(store, r["list"].value, r["act"].value, lang)
        if overlap is None or overlap.iri in found:
            continue
        found[overlap.iri] = Caveat(
            Term(labels.label(overlap.iri, lang), iri=overlap.iri),
            term(r["act"], labels, lang),
            r["since"].value if "since" in r else None,
            overlap.known,
            overlap.unknown,
            overlap.if_in_annex_i,
            overlap.if_outside_annex_i,
            overlap.evidence,
        )
    return tuple(found.values())


def citation(description: ResourceDescription, labels: LabelIndex, lang: str) -> str:
    """A citation from what the graph states: title, identifiers, date and the IRI.

    Only stated values are used, so a resource whose number is unknown is cited without one.
    """
    values = {
        s.property.iri: s.values for s in description.statements if s.property.iri is not None
    }
    titles = values.get(ELI + "title") or values.get(ELI + "title_short")
    title = titles[0].text if titles else description.label
    parts = [title]
    for local, prefix in CITATION_IDENTIFIERS:
        for value in values.get(EXG + local, ()):
            parts.append(prefix + value.text)
    dates = values.get(ELI + "date_document") or values.get(ELI + "date_publication")
    if dates:
        parts.append(dates[0].text)
    return f"{', '.join(parts)}. <{description.iri}> (exportgraph {__version__})"


def chain_levels(steps: tuple[ChainStep, ...], start: str) -> list[list[Term]]:
    """Order the chain's resources in levels: the resource first, each basis a level up."""
    level: dict[str, int] = {start: 0}
    terms: dict[str, Term] = {}
    changed = True
    # Longest distance from the start, so a basis sits above everything that rests on it.
    for _ in range(len(steps) + 1):
        if not changed:
            break
        changed = False
        for step in steps:
            if step.source.iri in level and step.target.iri:
                terms[step.source.iri] = step.source
                terms[step.target.iri] = step.target
                wanted = level[step.source.iri] + 1
                if level.get(step.target.iri, -1) < wanted and wanted <= len(steps):
                    level[step.target.iri] = wanted
                    changed = True
    levels: list[list[Term]] = [[] for _ in range(max(level.values()) + 1)]
    for iri, depth in level.items():
        if iri in terms:
            levels[depth].append(terms[iri])
    for row in levels:
        row.sort(key=lambda t: t.text)
    return [row for row in levels if row]
