"""Annex I overlaps: the caveat a change of Annex I puts on a national list, read from the graph.

A national list may control only items not listed in Annex I (Art. 9(1) of Regulation (EU)
2021/821; Art. 4 Besluit strategische goederen), so an act that puts items of the same kinds
into Annex I leaves each national entry either under an Annex I entry or still under the
national list. The graph says so with an exg:AnnexIOverlap node (data/continuation-doubts.ttl):
what is known, what cannot be read and what each possibility means, in English and Dutch,
with the facts it rests on. This module only reads that node; no caveat text lives in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from exportgraph.law.citations import PREFIXES
from exportgraph.store.interface import Store

REASON_CODE = "annex-i-overlap-unknown"

_OVERLAP = """
SELECT ?overlap ?p ?text WHERE {
  ?overlap a exg:AnnexIOverlap ; exg:overlapAct ?act ; exg:overlapList ?list .
  VALUES ?p { exg:overlapKnown exg:overlapUnknown exg:ifInAnnexI exg:ifOutsideAnnexI rdfs:label }
  ?overlap ?p ?text .
} ORDER BY ?overlap"""

_EVIDENCE = """
SELECT DISTINCT ?id WHERE { ?overlap exg:evidence ?fact . ?fact exg:factId ?id } ORDER BY ?id"""

_FIELDS = {
    "overlapKnown": "known",
    "overlapUnknown": "unknown",
    "ifInAnnexI": "if_in_annex_i",
    "ifOutsideAnnexI": "if_outside_annex_i",
    "label": "label",
}


@dataclass(frozen=True)
class Overlap:
    """One Annex I overlap, in one language: what is known, what is not, the two readings."""

    iri: str
    act: str
    label: str
    known: str
    unknown: str
    if_in_annex_i: str
    if_outside_annex_i: str
    evidence: tuple[str, ...]  # fact ids, e.g. ("EU-40", "EU-41", ...)

    @property
    def possibilities(self) -> tuple[str, str]:
        return (self.if_in_annex_i, self.if_outside_annex_i)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": REASON_CODE,
            "overlap": self.iri,
            "act": self.act,
            "label": self.label,
            "known": self.known,
            "unknown": self.unknown,
            "possibilities": list(self.possibilities),
            "evidence": list(self.evidence),
        }


def annex_overlap(store: Store, list_iri: str, act: str, lang: str = "en") -> Overlap | None:
    """Return the overlap the act casts on the list, or None when the graph states none.

    Args:
        store: the store holding the reference law.
        list_iri: the national control list.
        act: the act that changed Annex I (a record's exg:continuationUnknownFrom).
        lang: the language of the texts; English where the graph has none in it.
    """
    if not list_iri or not act:
        return None
    bound = {"act": URIRef(act), "list": URIRef(list_iri)}
    rows = store.query(_OVERLAP, bindings=bound, prefixes=PREFIXES).rows
    if not rows:
        return None
    iri = _v(rows[0]["overlap"])
    texts: dict[str, dict[str, str]] = {}
    for row in rows:
        if _v(row["overlap"]) != iri:
            continue
        name = _v(row["p"]).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        text = row["text"]
        language = getattr(text, "language", None) or ""
        texts.setdefault(_FIELDS[name], {})[language] = _v(text)
    evidence = store.query(_EVIDENCE, bindings={"overlap": URIRef(iri)}, prefixes=PREFIXES).rows
    chosen = {field: _in(texts.get(field, {}), lang) for field in _FIELDS.values()}
    return Overlap(iri=iri, act=act, evidence=tuple(_v(r["id"]) for r in evidence), **chosen)


def _in(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def _v(term: object) -> str:
    if term is None:
        return ""
    return str(getattr(term, "value", term))
