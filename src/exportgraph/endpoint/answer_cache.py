"""A bounded cache of the SPARQL endpoint's written answers, keyed by everything they depend on.

The served store is read-only while the server runs, so the same query over the same dataset
in the same format always has the same answer: a repeated query (a saved question, a page's
query) is answered from here without a trip to a query worker. The key is the whole job (query
text, dataset, formats, base IRI, date of the law); the size is bounded in bytes and the least
recently used answers go first. A query whose answer changes from one run to the next (NOW,
RAND, UUID, STRUUID, BNODE) is never kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import replace

from exportgraph.endpoint.workers import QueryOutcome
from exportgraph.sparql.text import words

# Functions whose value differs on each evaluation (SPARQL 1.1 section 17.4).
VOLATILE_FUNCTIONS = frozenset(("NOW", "RAND", "UUID", "STRUUID", "BNODE"))


def is_repeatable(sparql: str) -> bool:
    """Whether the query gives the same answer each time over the same store."""
    return not words(sparql) & VOLATILE_FUNCTIONS


class AnswerCache:
    """Written answers, least recently used first out, at most max_bytes of answer bodies."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._answers: OrderedDict[Hashable, QueryOutcome] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def answer(
        self, key: Hashable, sparql: str, compute: Callable[[], QueryOutcome]
    ) -> QueryOutcome:
        """The kept answer for key, or compute() (kept when the query is repeatable and fits)."""
        if self.max_bytes <= 0:
            return compute()
        with self._lock:
            kept = self._answers.get(key)
            if kept is not None:
                self._answers.move_to_end(key)
                self.hits += 1
                return replace(kept, cached=True)
            self.misses += 1
        outcome = compute()  # outside the lock: other threads go on while the query runs
        if len(outcome.body) <= self.max_bytes and is_repeatable(sparql):
            self._keep(key, outcome)
        return outcome

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._answers)

    def _keep(self, key: Hashable, outcome: QueryOutcome) -> None:
        with self._lock:
            previous = self._answers.pop(key, None)
            if previous is not None:
                self._bytes -= len(previous.body)
            self._answers[key] = outcome
            self._bytes += len(outcome.body)
            while self._bytes > self.max_bytes:
                _, dropped = self._answers.popitem(last=False)
                self._bytes -= len(dropped.body)
