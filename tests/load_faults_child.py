"""A load-cases that kills its own process at a chosen point (tests/test_issue_20_load_faults.py).

Run in a child of a fork server that imported tests.load_faults_preload first: the validator
is built once there, and every child is a fork of a process that has never opened an on-disk
store. Not built on import: the test process imports this module as it collects the tests.
"""

from __future__ import annotations

import os
import signal
from functools import cache
from pathlib import Path

from exportgraph.cases import batch_journal
from exportgraph.cases import collections as case_collections
from exportgraph.cases.collections import load_cases
from exportgraph.cases.validation import CaseValidator


@cache
def validator() -> CaseValidator:
    return CaseValidator(engine="setwise")


class DyingStore:
    """The on-disk store of a load that kills its own process at the n-th call of a method."""

    def __init__(self, store, method: str, n: int) -> None:
        self._store, self._method, self._n, self._calls = store, method, n, 0

    def __getattr__(self, name: str):
        real = getattr(self._store, name)
        if name != self._method:
            return real

        def dying(*args):
            self._calls += 1
            if self._calls < self._n:
                return real(*args)
            if name == "bulk_extend":
                quads = list(args[0])
                real(quads[: len(quads) // 2])  # half the batch reaches the disk
            os.kill(os.getpid(), signal.SIGKILL)

        return dying


def load_and_die(store_path: Path, case_file: Path, batch: int, method: str, n: int) -> None:
    # In the child only: the parent's modules are untouched.
    if method == "end":
        real_end = batch_journal.end
        ends = [0]

        def end(path: Path) -> None:
            real_end(path)
            ends[0] += 1
            if ends[0] == n:
                os.kill(os.getpid(), signal.SIGKILL)

        batch_journal.end = end
    else:
        opened = case_collections._open_for_writing
        case_collections._open_for_writing = lambda path: DyingStore(opened(path), method, n)
    load_cases(store_path, [case_file], validator=validator(), batch_size=batch)
