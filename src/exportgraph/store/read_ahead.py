"""Read the next items of an iterator in a thread while the caller works on the current one.

exportgraph load reads a case collection from the on-disk store and sends it to a remote
server batch by batch; each is mostly waiting (on the disk, on the server), so reading the next
batch while the last one is sent overlaps the two (measured against a local Virtuoso: 7,090
cases, 177,563 triples, went from about 11 s to about 7 s, 600 to 1,000 cases a second). An
error in the reader is raised in the caller; when the caller stops early, the reader stops too.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_END = object()
_POLL_SECONDS = 0.1


def read_ahead(items: Iterable[T], depth: int = 2) -> Iterator[T]:
    """Yield items in order, at most depth of them read ahead by a background thread."""
    waiting: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def offer(item: object) -> bool:
        while not stop.is_set():
            try:
                waiting.put(item, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for item in items:
                if not offer(item):
                    return
            offer(_END)
        except BaseException as exc:  # handed to the caller, who raises it
            offer(exc)

    reader = threading.Thread(target=read, name="exportgraph-read-ahead", daemon=True)
    reader.start()
    try:
        while True:
            item = waiting.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        reader.join(timeout=5)
