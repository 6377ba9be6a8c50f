"""Names in the page's language for the resources an answer of law/ cites.

law/ names what it cites (instruments, lists, entries, countries) by their English labels, as
its JSON answers give them. A page in another language renames each by its label in that
language where the graph has one, and keeps the English name where it has none (a name law/
composes, such as a model coverage's, or a code). The JSON answers are left as they are.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from exportgraph.law.citations import Citation
from exportgraph.law.licence import Finding, LicenceAnswer, Step
from exportgraph.law.lineage import Change, Event, ListDiff, ListHistory
from exportgraph.law.lookup import Item, Place
from exportgraph.publish.labels import LabelIndex

Named = TypeVar("Named", Citation, Item, Place)


def renamed(thing: Named, index: LabelIndex, lang: str) -> Named:
    text = index.label_in(thing.iri, lang)
    return replace(thing, label=text) if text else thing


def licence_answer_in(answer: LicenceAnswer, index: LabelIndex, lang: str) -> LicenceAnswer:
    if lang == "en":
        return answer

    def step_in(step: Step) -> Step:
        return replace(step, citation=renamed(step.citation, index, lang))

    def finding_in(finding: Finding) -> Finding:
        return replace(
            finding,
            instrument=renamed(finding.instrument, index, lang),
            chain=tuple(step_in(s) for s in finding.chain),
        )

    return replace(
        answer,
        item=renamed(answer.item, index, lang),
        destination=renamed(answer.destination, index, lang),
        origin=renamed(answer.origin, index, lang),
        findings=tuple(finding_in(f) for f in answer.findings),
    )


def history_in(past: ListHistory, index: LabelIndex, lang: str) -> ListHistory:
    if lang == "en":
        return past
    return replace(
        past,
        list=renamed(past.list, index, lang),
        events=tuple(_event_in(e, index, lang) for e in past.events),
        undated=tuple(renamed(i, index, lang) for i in past.undated),
    )


def diff_in(diff: ListDiff, index: LabelIndex, lang: str) -> ListDiff:
    if lang == "en":
        return diff

    def change_in(change: Change) -> Change:
        # The subject keeps its code or model name, the same in both languages.
        instrument = change.instrument
        return replace(change, instrument=renamed(instrument, index, lang) if instrument else None)

    return replace(
        diff,
        list=renamed(diff.list, index, lang),
        changes=tuple(change_in(c) for c in diff.changes),
        instruments=tuple(_event_in(e, index, lang) for e in diff.instruments),
    )


def _event_in(event: Event, index: LabelIndex, lang: str) -> Event:
    return replace(event, instrument=renamed(event.instrument, index, lang))
