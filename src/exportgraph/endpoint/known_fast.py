"""Remember which queries a worker answered well within the time limit.

A query runs in a worker process so that it can be stopped when it overruns; the trip to the
worker and back costs about 0.3 ms, as much as a cheap query itself. The served store is
read-only, so a query that a worker once answered in a few milliseconds (same text, dataset
and formats) takes that long again: such a query cannot overrun, and the endpoint runs it in
the request's own thread. A run that comes out slower than the threshold sends the query back
to the workers; a query asked with a date of the law, or whose answer was cut, always goes
to a worker.

For a JSON table the number of rows is kept as well. The same query over the same store gives
that many rows again, so the answer cannot reach the row cap and Oxigraph may write it whole,
without each row passing through Python (a tenth of a cheap request's time). Not for a query
that names SERVICE (its rows come from elsewhere) or a function whose value changes between
runs (RAND, NOW, UUID, STRUUID, BNODE): those are written row by row as in a worker.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from exportgraph.sparql.text import words

# Enough for every saved question with many parameter values; a job is a few kilobytes.
CAPACITY = 4096
UNREPEATABLE_NAMES = frozenset(("RAND", "NOW", "UUID", "STRUUID", "BNODE", "SERVICE"))


def repeatable(sparql: str) -> bool:
    """Whether two runs of the query on an unchanged store always give the same rows."""
    # The plain substring test first: most queries name none of them, and reading the tokens
    # costs a tenth of a millisecond on a saved question.
    text = sparql.upper()
    if not any(name in text for name in UNREPEATABLE_NAMES):
        return True
    return not words(sparql) & UNREPEATABLE_NAMES


class KnownFastQueries:
    """The jobs last answered in at most threshold seconds, most recently used kept longest."""

    def __init__(self, threshold: float, capacity: int = CAPACITY) -> None:
        self.threshold = threshold
        self.capacity = capacity
        self._jobs: OrderedDict[Hashable, int | None] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, job: Hashable) -> bool:
        with self._lock:
            if job not in self._jobs:
                return False
            self._jobs.move_to_end(job)
            return True

    def __len__(self) -> int:
        return len(self._jobs)

    def rows(self, job: Hashable) -> int | None:
        """The number of rows of a known job's answer when it was kept (see note), else None."""
        with self._lock:
            return self._jobs.get(job)

    def note(
        self, job: Hashable, seconds: float, eligible: bool = True, rows: int | None = None
    ) -> None:
        """Record how long job took: fast enough keeps (or makes) it known, slower forgets it.

        rows: the number of rows of its answer, given only for a repeatable query (see
        repeatable) whose answer Oxigraph may write whole next time.
        """
        with self._lock:
            if eligible and seconds <= self.threshold:
                self._jobs[job] = rows
                self._jobs.move_to_end(job)
                while len(self._jobs) > self.capacity:
                    self._jobs.popitem(last=False)
            else:
                self._jobs.pop(job, None)
