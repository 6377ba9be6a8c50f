"""A store that answers each distinct query once: the licence check asked many times over.

The licence check asks the same questions of the store for every line (the codes and models,
an item's memberships, each citation, a law function on a date); during one screening the
store does not change, so each distinct (query, bindings) is run once and its answer kept.
What is derived from the answers alone (a citation, a label) is kept too, through remember().
Everything else goes to the store behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from rdflib import Graph

from exportgraph.store.embedded import Answer, Bindings, EmbeddedStore
from exportgraph.store.interface import Store
from exportgraph.store.remote import RemoteStore

T = TypeVar("T")


def remembered(store: Store, key: tuple, work: Callable[[], T]) -> T:
    """Do work, or take what it gave before, when the store remembers (a RememberingStore);
    on any other store, which may change between two calls, always do it."""
    remember = getattr(store, "remember", None)
    return remember(key, work) if remember is not None else work()


def remembers(store: Store, key: tuple) -> bool:
    """Whether the store remembers what was derived for key (so asking again costs nothing)."""
    knows = getattr(store, "remembers", None)
    return bool(knows(key)) if knows is not None else False


class RememberingStore:
    """Wrap a store for the length of one screening; its answers are kept until it is dropped."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._answers: dict[tuple, Answer] = {}
        self._derived: dict[tuple, Any] = {}
        self.asked = 0  # queries that reached the store, for the benchmark

    @property
    def full_sparql(self) -> bool:
        return self._store.full_sparql

    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> Answer:
        # Unsorted: a caller passes its bindings and prefixes in one order, and a key missed
        # for another order costs one more query, never a wrong answer.
        key = (
            sparql,
            tuple(bindings.items()) if bindings else (),
            tuple(prefixes.items()) if prefixes else (),
        )
        answer = self._answers.get(key)
        if answer is None:
            answer = self._store.query(sparql, bindings=bindings, prefixes=prefixes)
            self._answers[key] = answer
            self.asked += 1
        return answer

    def remember(self, key: tuple, work: Callable[[], T]) -> T:
        """What work derives from this store's answers, done once per key (a citation, a
        label, a law function's answer: see remembered())."""
        if key not in self._derived:
            self._derived[key] = work()
        return self._derived[key]

    def remembers(self, key: tuple) -> bool:
        return key in self._derived

    def query_results(
        self, sparql: str, table_format: str = "json", graph_format: str = "turtle"
    ) -> tuple[str, bytes]:
        return self._store.query_results(sparql, table_format, graph_format)

    def triple_count(self) -> int:
        return self._store.triple_count()

    def graph_names(self) -> frozenset[str]:
        return self._store.graph_names()

    def reference_graph(self) -> Graph:
        return self._store.reference_graph()

    def as_embedded(self) -> EmbeddedStore:
        return self._store.as_embedded()

    def with_engine(
        self,
        embedded: Callable[[EmbeddedStore], T],
        remote: Callable[[RemoteStore], T],
    ) -> T:
        return self._store.with_engine(embedded, remote)
