"""A batch of load-cases is written whole or not at all: a journal names the cases a batch is
about to change, and a store opened after a load was cut short drops those cases.

Oxigraph's bulk writer, which load-cases uses (with transactions RocksDB's memory grew with
every batch), is not a transaction, and an earlier version of a case is removed quad by quad:
a load killed in the middle of a batch could leave a case with half its items. So before a
batch touches the store, the journal (JOURNAL in store_path, written under a temporary name
and renamed, so it is whole or absent) lists the batch's cases, and after the batch it is
removed. A journal found when the store is opened is a load cut short: every triple of the
cases it lists (whole, half, or not written yet) is removed, then the journal. The store then
holds whole cases only, and a rerun of the same load puts the dropped ones back: it ends with
the collection an uninterrupted run gives (tests/test_issue_20_load_faults.py).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from exportgraph.store import terms as ox

JOURNAL = "load-cases-batch.json"

# The quads of one case in a graph of the store, as load-cases stores it.
CaseQuads = Callable[[ox.QuadStore, ox.NamedNode, ox.NamedNode], list[ox.Quad]]


def begin(store_path: Path, graph: ox.NamedNode, cases: Iterable[ox.NamedNode]) -> None:
    """Name the cases of the batch about to be written, before any of it is.

    Raises:
        OSError: the journal cannot be written (the disk is full); the store is untouched.
    """
    text = json.dumps({"graph": graph.value, "cases": [case.value for case in cases]})
    journal = store_path / JOURNAL
    temporary = journal.with_suffix(".tmp")
    with open(temporary, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, journal)


def end(store_path: Path) -> None:
    """The batch is written whole."""
    (store_path / JOURNAL).unlink(missing_ok=True)


def is_cut(store_path: Path) -> bool:
    """Whether a load was cut short in the middle of a batch (or is running now)."""
    return (store_path / JOURNAL).exists()


def drop_cut_batch(store: ox.QuadStore, store_path: Path, case_quads: CaseQuads) -> int:
    """Remove every triple of the cases a cut batch named, then the journal; return how many
    cases it named. Killed again meanwhile, the journal stays and the next open does it again.
    """
    journal = store_path / JOURNAL
    if not journal.exists():
        return 0
    batch = json.loads(journal.read_text(encoding="utf-8"))
    graph = ox.NamedNode(batch["graph"])
    for iri in batch["cases"]:
        for quad in case_quads(store, graph, ox.NamedNode(iri)):
            store.remove(quad)
    store.flush()
    journal.unlink()
    return len(batch["cases"])
