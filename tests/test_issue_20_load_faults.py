"""Issue 20, a load-cases killed half-way loses nothing.

The fault: a batch replaced an earlier version of a case by removing it quad by quad, then
bulk-wrote the batch (Oxigraph's bulk writer is no transaction). Killed with SIGKILL in
between, the collection held a case with half its items, and nothing told a later reader.
Now a journal names the batch's cases before it is written, and opening the store after a
cut load drops them (exportgraph.cases.batch_journal): the store holds whole cases only, and
a rerun of the same load ends with exactly the collection an uninterrupted run gives.

Each load runs in a child process that kills itself with SIGKILL at a chosen point: in the
middle of removing an earlier version, half-way through a bulk write (only part of the batch
written, the worst a bulk writer can leave), and between two batches. The child comes from a
fork server (tests/load_faults_child.py), not a fork of the test run: a fork of a process
whose Oxigraph has opened an on-disk store hung in the child, on threads the fork did not
copy.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.compare import isomorphic

from exportgraph.cases import batch_journal
from exportgraph.cases import collections as case_collections
from exportgraph.cases.collections import collection_graph, collections, load_cases
from exportgraph.cases.validation import CaseValidator
from tests import load_faults_child

CASES = Path(__file__).parent / "cases" / "valid"
GRAPH = ox.NamedNode(collection_graph("cases"))
EXG = Namespace("https://w3id.org/exportgraph/ontology#")
BATCH = 3  # 8 cases in one file: batches of 3, 3 and 2


@contextlib.contextmanager
def _scratch(fallback: Path) -> Iterator[Path]:
    """A folder on tmpfs when there is one: RocksDB's syncs to a busy disk took seconds a load
    (41 s for this file's tests against 14 s)."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield fallback
        return
    folder = Path(tempfile.mkdtemp(dir=shm, prefix="exportgraph-test-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def scratch(tmp_path) -> Iterator[Path]:
    with _scratch(tmp_path) as folder:
        yield folder


@pytest.fixture(scope="module")
def case_file(tmp_path_factory) -> Path:
    """The valid sample cases in one file, so that a batch holds several cases."""
    graph = Graph()
    for path in sorted(CASES.glob("*.ttl")):
        graph.parse(path, format="turtle")
    out = tmp_path_factory.mktemp("cases") / "all.ttl"
    graph.serialize(out, format="turtle")
    return out


@pytest.fixture(scope="module")
def amended_file(case_file) -> Path:
    """The same cases, each end-use statement amended: a load of it replaces every case."""
    graph = Graph()
    graph.parse(case_file, format="turtle")
    statements = list(graph.triples((None, EXG.endUseStatement, None)))
    assert len(statements) == 8
    for subject, predicate, text in statements:
        graph.remove((subject, predicate, text))
        graph.add((subject, predicate, Literal(f"{text} Amended.", lang=text.language)))
    out = case_file.with_name("amended.ttl")
    graph.serialize(out, format="turtle")
    return out


@pytest.fixture(scope="module")
def validator(setwise_validator) -> CaseValidator:
    return setwise_validator


def _whole_load(case_file: Path, validator, folder: Path) -> dict[str, Graph]:
    with _scratch(folder) as scratch:
        load_cases(scratch / "store", [case_file], validator=validator, batch_size=BATCH)
        cases = _cases(scratch / "store")
    assert len(cases) == 8
    return cases


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, case_file, validator) -> dict[str, Graph]:
    return _whole_load(case_file, validator, tmp_path_factory.mktemp("whole"))


@pytest.fixture(scope="module")
def amended(tmp_path_factory, amended_file, validator) -> dict[str, Graph]:
    return _whole_load(amended_file, validator, tmp_path_factory.mktemp("amended"))


def _cases(store_path: Path) -> dict[str, Graph]:
    """Each case of the collection with its parts, as rdflib graphs, read after the store is
    opened as every reader opens it."""
    collections(store_path)
    store = ox.Store.read_only(str(store_path))
    found = {}
    for quad in store.quads_for_pattern(None, None, ox.NamedNode(_LICENCE_CASE), GRAPH):
        triples = [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in case_collections._case_quads(store, GRAPH, quad.subject)
        ]
        graph = Graph()
        graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        found[quad.subject.value] = graph
    del store
    return found


_LICENCE_CASE = "https://w3id.org/exportgraph/ontology#LicenceCase"


def _killed_load(store_path: Path, case_file: Path, method: str, n: int) -> None:
    context = multiprocessing.get_context("forkserver")
    # By name: importing the preload module builds a validator, wanted in the fork server only.
    context.set_forkserver_preload(["tests.load_faults_preload"])
    child = context.Process(
        target=load_faults_child.load_and_die, args=(store_path, case_file, BATCH, method, n)
    )
    child.start()
    child.join(timeout=120)
    assert child.exitcode == -signal.SIGKILL, "the load was meant to be killed"


@pytest.mark.parametrize(
    ("loaded_before", "method", "n"),
    [
        (True, "remove", 2),  # in the middle of removing the first case's earlier version
        (True, "bulk_extend", 2),  # half of the second batch written over earlier versions
        (False, "bulk_extend", 1),  # half of the first batch of a fresh load
        (False, "end", 1),  # between the first and the second batch
    ],
)
def test_a_killed_load_leaves_whole_cases_and_a_rerun_ends_identical(
    scratch, case_file, amended_file, validator, uninterrupted, amended, loaded_before, method, n
):
    store_path = scratch / "store"
    if loaded_before:
        load_cases(store_path, [case_file], validator=validator, batch_size=BATCH)
    _killed_load(store_path, amended_file, method, n)

    after_kill = _cases(store_path)
    assert not batch_journal.is_cut(store_path)  # the cut batch was dropped on opening
    for iri, graph in after_kill.items():
        # Whole: the earlier version or the amended one, never a mixture or a part.
        assert isomorphic(graph, uninterrupted[iri]) or isomorphic(graph, amended[iri]), iri
    assert sum(isomorphic(graph, amended[iri]) for iri, graph in after_kill.items()) < 8

    load_cases(store_path, [amended_file], validator=validator, batch_size=BATCH)
    rerun = _cases(store_path)
    assert rerun.keys() == amended.keys()
    for iri, graph in rerun.items():
        assert isomorphic(graph, amended[iri]), iri
    whole = ox.Store.read_only(str(store_path))
    assert sum(1 for _ in whole.quads_for_pattern(None, None, None, GRAPH)) == sum(
        len(graph) for graph in amended.values()
    )
