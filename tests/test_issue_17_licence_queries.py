"""Issue 17 (fast tests): a licence check asked its store 64 queries, most of them citations.

Every step of an answer is cited (name, dates, notes, sourced facts), and each citation was
asked alone: four queries for each of about eleven resources, and sixteen label lookups. For
3B001.f.4 exported from NLD to CHN on 7 September 2024, one check sent 64 queries before
(measured 2026-12-06); it sends 18 now: the check cites what its findings will cite first, in
two queries (a VALUES block over the IRIs: exportgraph.law.citations.cite_all), and asks each
distinct question of the store once (a RememberingStore for the length of the check).

A list's history and diff (exportgraph.law.lineage) cited alone too, and now cite at once.

These tests fail when the counts go back up, and when citing many resources at once answers
differently from citing each alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pytest

from exportgraph.law.citations import cite, cite_all, label_of, labels_of
from exportgraph.law.licence import check_licence
from exportgraph.law.lineage import diff_list, history
from exportgraph.store.embedded import Answer, Bindings
from exportgraph.store.interface import Store
from tests.test_licence import SCENARIOS

# The check measured above: before 64 queries, after 18.
ITEM, DESTINATION, ON, ORIGIN = "3B001.f.4", "CHN", date(2024, 9, 7), "NLD"
MOST_QUERIES = 18


class CountingStore:
    """A store that passes everything on and keeps the text of each query it was sent."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.sent: list[str] = []

    @property
    def full_sparql(self) -> bool:
        return self._store.full_sparql

    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> Answer:
        self.sent.append(sparql)
        return self._store.query(sparql, bindings=bindings, prefixes=prefixes)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def _cited(answer) -> set[str]:
    return {step.citation.iri for finding in answer.findings for step in finding.chain}


def test_one_licence_check_sends_at_most_18_queries(store):
    counting = CountingStore(store)
    answer = check_licence(counting, ITEM, DESTINATION, ON, ORIGIN)
    assert len(_cited(answer)) >= 6  # its chains' steps, 4 queries each before (and more)
    assert len(counting.sent) <= MOST_QUERIES, (
        f"{len(counting.sent)} queries for one licence check (64 before batching, 18 after)"
    )
    # The same answer as over the store itself, which is not wrapped.
    assert answer.to_json() == check_licence(store, ITEM, DESTINATION, ON, ORIGIN).to_json()


@pytest.mark.parametrize(("item", "destination", "on", "origin"), [s[:4] for s in SCENARIOS])
def test_the_citations_of_a_check_cost_one_query_however_many_steps(
    store, item, destination, on, origin
):
    counting = CountingStore(store)
    answer = check_licence(counting, item, destination, on, origin)
    details = [q for q in counting.sent if "?sourceLabel" in q]
    assert len(details) == 1, f"{len(details)} citation queries for {len(_cited(answer))} steps"


@pytest.fixture(scope="module")
def cited_resources(store) -> list[str]:
    """Every resource the licence scenarios cite, and the record steps' doubts among them."""
    iris: set[str] = set()
    for item, destination, on, origin, *_ in SCENARIOS:
        iris |= _cited(check_licence(store, item, destination, on, origin))
    return sorted(iris)


def test_many_cited_at_once_are_cited_as_each_alone(store, cited_resources):
    assert len(cited_resources) >= 20
    together = cite_all(store, cited_resources)
    assert list(together) == cited_resources
    for iri in cited_resources:
        assert together[iri] == cite(store, iri), iri
    assert any(c.facts for c in together.values()) and any(c.dates for c in together.values())


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_many_named_at_once_are_named_as_each_alone(store, cited_resources, lang):
    unknown = "https://w3id.org/exportgraph/id/no-such-resource"
    together = labels_of(store, [*cited_resources, unknown], lang)
    for iri in cited_resources:
        assert together[iri] == label_of(store, iri, lang) != iri
    assert together[unknown] == unknown  # no name: the IRI, as label_of gives it


def test_a_lists_history_and_diff_cite_at_once(store):
    """The lineage cited each instrument and record alone too: a history of the Dutch list
    sent 115 queries and a diff 417 before (2026-12-06); 5 and 56 now, the diff's rest being
    the law functions asked of each record on both dates."""
    counting = CountingStore(store)
    events = history(counting, "nl-semiconductor-equipment").events
    assert len(events) >= 10 and len(counting.sent) <= 5
    counting = CountingStore(store)
    changes = diff_list(counting, "nl-semiconductor-equipment", date(2024, 9, 1), date(2024, 9, 10))
    assert changes.changes and len(counting.sent) <= 56
    assert len([q for q in counting.sent if "?sourceLabel" in q]) == 1
