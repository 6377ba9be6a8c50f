"""The saved questions as the query page lists them: grouped by tag, and the resources an IRI
parameter may take.

A question is grouped under its first tag (its main subject), so each appears once; the tag
filter shows every question that carries the tag. An IRI parameter offers the graph's
resources of its example's class in its example's namespace (the lists under exr:list/ for
"e.g. exr:list/nl-..."), as prefixed names a person can read and type.
"""

from __future__ import annotations

from dataclasses import dataclass

from exportgraph.endpoint.core import GRAPH_PREFIXES
from exportgraph.endpoint.saved_queries import Parameter, SavedQuery
from exportgraph.publish.labels import LabelIndex

MAX_CHOICES = 400


@dataclass(frozen=True)
class TagGroup:
    tag: str
    questions: tuple[SavedQuery, ...]


def all_tags(questions: list[SavedQuery]) -> list[tuple[str, int]]:
    """Every tag with the number of questions that carry it, by name."""
    counts: dict[str, int] = {}
    for question in questions:
        for tag in question.tags:
            counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts.items(), key=lambda item: item[0].casefold())


def tag_groups(questions: list[SavedQuery], tag: str = "") -> list[TagGroup]:
    """The questions grouped by their first tag; with a tag, only those that carry it."""
    wanted = tag.strip().casefold()
    if wanted:
        chosen = [q for q in questions if wanted in (t.casefold() for t in q.tags)]
        return [TagGroup(tag.strip(), tuple(chosen))] if chosen else []
    groups: dict[str, list[SavedQuery]] = {}
    for question in questions:
        groups.setdefault(question.tags[0] if question.tags else "", []).append(question)
    return [
        TagGroup(name, tuple(members))
        for name, members in sorted(groups.items(), key=lambda item: item[0].casefold())
    ]


def parameter_choices(parameter: Parameter, index: LabelIndex, lang: str) -> list[tuple[str, str]]:
    """(prefixed name, label) of the resources an IRI parameter may take, by label."""
    namespace = parameter.namespace
    if namespace is None:
        return []
    prefix, _, path = namespace.partition(":")
    base = GRAPH_PREFIXES.get(prefix)
    if base is None:
        return []
    start = base + path
    example = parameter.example or ""
    classes = set(index.types.get(base + example.partition(":")[2], ()))
    choices = [
        (prefix + ":" + iri[len(base) :], index.label(iri, lang))
        for iri in index.names
        if iri.startswith(start)
        and not set(iri[len(start) :]) & {"/", "#"}
        and (not classes or classes & set(index.types.get(iri, ())))
    ]
    return sorted(choices, key=lambda choice: choice[1].casefold())[:MAX_CHOICES]
