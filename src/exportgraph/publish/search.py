"""Find resources by label, code or identifier, in English and Dutch.

A code is matched without its punctuation and case, so `3b001f4`, `3B001.f.4` and
`3B001 f 4` find the same entry and `nxt2000i` finds `NXT:2000i`. Labels match on their
words, in either language, whatever the page's language is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from exportgraph.publish.labels import LabelIndex, label_index, local_name
from exportgraph.store.interface import Store

MAX_HITS = 50
_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str
    types: tuple[str, ...]
    matched: str  # the label, code or identifier that matched
    kind: str  # "label", "code" or "identifier"
    score: int


@dataclass(frozen=True)
class TypeCount:
    iri: str
    label: str
    count: int


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]
    total: int
    # Every type among the matches before the type filter, so the filter can offer them all.
    type_counts: tuple[TypeCount, ...] = ()
    of_type: str = ""


def normalize(text: str) -> str:
    """Lower case, without spaces or punctuation: how codes and numbers are compared."""
    return _NOT_ALNUM.sub("", text.casefold())


def words(text: str) -> list[str]:
    return [w for w in _NOT_ALNUM.split(text.casefold()) if w]


def search(
    store: Store, query: str, lang: str = "en", limit: int = MAX_HITS, of_type: str = ""
) -> SearchResult:
    """Return the resources whose labels, codes or identifiers match the query, best first.

    An exact code or identifier ranks first, then an exact label, then a code that starts
    with the query, then labels holding every word of the query. With `of_type` (a class
    IRI) only the matches of that type are returned; `type_counts` still counts them all.
    """
    query = query.strip()
    key = normalize(query)
    if not key:
        return SearchResult(query, (), 0, (), of_type)
    index = label_index(store)
    wanted = words(query)
    best: dict[str, Hit] = {}
    for iri, names in index.names.items():
        candidates = [(n.text, n.kind) for n in names]
        candidates.append((local_name(iri), "identifier"))
        for text, kind in candidates:
            score = _score(key, wanted, text, kind)
            if score and (iri not in best or best[iri].score < score):
                best[iri] = Hit(iri, "", (), text, kind, score)
    ranked = sorted(best.values(), key=lambda h: (-h.score, index.label(h.iri, lang).casefold()))
    counts = _type_counts(ranked, index, lang)
    if of_type:
        ranked = [hit for hit in ranked if of_type in index.types.get(hit.iri, ())]
    hits = tuple(_named(hit, index, lang) for hit in ranked[:limit])
    return SearchResult(query, hits, len(ranked), counts, of_type)


def _type_counts(hits: list[Hit], index: LabelIndex, lang: str) -> tuple[TypeCount, ...]:
    counts: dict[str, int] = {}
    for hit in hits:
        for type_iri in index.types.get(hit.iri, ()):
            counts[type_iri] = counts.get(type_iri, 0) + 1
    named = [TypeCount(iri, index.label(iri, lang), n) for iri, n in counts.items()]
    return tuple(sorted(named, key=lambda t: (-t.count, t.label.casefold())))


def _score(key: str, wanted: list[str], text: str, kind: str) -> int:
    normal = normalize(text)
    exact_kind = kind in ("code", "identifier")
    if normal == key:
        return 100 if exact_kind else 90
    if exact_kind and normal.startswith(key) and len(key) >= 2:
        return 70
    if exact_kind and len(key) >= 4 and key in normal:
        return 50
    if kind == "label" and _holds_code(key, text):
        return 95
    if wanted and kind == "label":
        have = words(text)
        if all(any(_word_matches(w, h) for h in have) for w in wanted):
            return 40
        if len(key) >= 4 and key in normal:
            return 20
    return 0


def _holds_code(key: str, label: str) -> bool:
    """A label holding the query as one of its space-separated parts, when that part is a
    code (has a digit): "nxt:2000i" in "ASML TWINSCAN NXT:2000i"."""
    return any(c.isdigit() for c in key) and any(normalize(p) == key for p in label.split())


def _word_matches(wanted: str, have: str) -> bool:
    """A word of the query matches a word of a label it begins, but a single letter (the
    `f` of 3B001.f.4) only itself: else the code's letter finds every "for" and "from"."""
    return have == wanted if len(wanted) == 1 else have.startswith(wanted)


def _named(hit: Hit, index: LabelIndex, lang: str) -> Hit:
    types = tuple(index.label(t, lang) for t in index.types.get(hit.iri, ()))
    return Hit(hit.iri, index.label(hit.iri, lang), types, hit.matched, hit.kind, hit.score)


def instances(store: Store, class_iri: str, lang: str = "en") -> SearchResult:
    """Every resource typed with a class, by label: the class's browse list."""
    index = label_index(store)
    iris = [iri for iri, types in index.types.items() if class_iri in types]
    hits = sorted(
        (_named(Hit(iri, "", (), local_name(class_iri), "type", 0), index, lang) for iri in iris),
        key=lambda h: h.label.casefold(),
    )
    return SearchResult("", tuple(hits), len(hits))
