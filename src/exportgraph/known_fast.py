"""Remember which queries a worker answered well within the time limit.

A query runs in a worker process so that it can be stopped when it overruns; the trip to the
worker and back costs about 0.3 ms, as much as a cheap query itself. The served store is
read-only, so a query that a worker once answered in a few milliseconds (same text, dataset
and formats) takes that long again: such a query cannot overrun, and the endpoint runs it in
the request's own thread. A run that comes out slower than the threshold sends the query back
to the workers; a query asked with a date of the law, or whose answer was cut, always goes
to a worker.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

# Enough for every saved question with many parameter values; a job is a few kilobytes.
CAPACITY = 4096


class KnownFastQueries:
    """The jobs last answered in at most threshold seconds, most recently used kept longest."""

    def __init__(self, threshold: float, capacity: int = CAPACITY) -> None:
        self.threshold = threshold
        self.capacity = capacity
        self._jobs: OrderedDict[Hashable, None] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, job: Hashable) -> bool:
        with self._lock:
            if job not in self._jobs:
                return False
            self._jobs.move_to_end(job)
            return True

    def __len__(self) -> int:
        return len(self._jobs)

    def note(self, job: Hashable, seconds: float, eligible: bool = True) -> None:
        """Record how long job took: fast enough keeps (or makes) it known, slower forgets it."""
        with self._lock:
            if eligible and seconds <= self.threshold:
                self._jobs[job] = None
                self._jobs.move_to_end(job)
                while len(self._jobs) > self.capacity:
                    self._jobs.popitem(last=False)
            else:
                self._jobs.pop(job, None)
