"""Issue 20, a full disk under load-cases and export.

The fault: a write that failed in the on-disk store (RocksDB's "IO error") left load-cases as
an OSError with a traceback, and a batch that replaced cases removed their earlier versions
before it wrote the new ones, so a failed write lost them. Now load-cases writes a batch's
new versions first and removes the earlier ones after, and a failed write is an error that
names the folder (exit 2), with the collection as it was. export already wrote each dump
under a temporary name and renamed it; its test shows the dumps untouched.

A file size limit (RLIMIT_FSIZE, with SIGXFSZ ignored, set in the child command only) stands
in for a full disk: the write fails with an OSError ("File too large") as it would with
"No space left on device", and it needs no root to mount a small file system.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from exportgraph.cases.collections import collection_graph, load_cases

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from casegen import generate  # noqa: E402

CASES = Path(__file__).parent / "cases" / "valid"
GRAPH = ox.NamedNode(collection_graph("cases"))
# Smaller than a store's data file or a dump, larger than the files a start writes.
FILE_LIMIT = 100_000


def _run_with_file_limit(*args: str, limit: int | None = FILE_LIMIT) -> subprocess.CompletedProcess:
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # ignored stays ignored across exec
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "exportgraph", *args],
        preexec_fn=limited if limit else None,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "EXPORTGRAPH_STORE_PATH": ""},
    )


def _contents(store_path: Path) -> tuple[int, set[str]]:
    """The default graph's size and the collection's triples without blank nodes."""
    store = ox.Store.read_only(str(store_path))
    default = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    named = {
        f"{q.subject} {q.predicate} {q.object}"
        for q in store.quads_for_pattern(None, None, None, GRAPH)
        if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    }
    counted = sum(1 for _ in store.quads_for_pattern(None, None, None, GRAPH))
    del store
    return default + counted, named


def _cases_with_generated(folder: Path) -> Path:
    """The valid fixture cases and 200 generated ones: a batch (of up to 1,000 cases, across
    files) then writes more than FILE_LIMIT bytes, as a real load does."""
    folder.mkdir()
    for case in CASES.glob("*.ttl"):
        (folder / case.name).write_bytes(case.read_bytes())
    (folder / "generated.ttl").write_text(generate(200, seed=20).serialize(format="nt"))
    return folder


def test_load_cases_on_a_full_disk_names_the_folder_and_keeps_the_collection(
    tmp_path, setwise_validator
):
    store_path = tmp_path / "store"
    cases = _cases_with_generated(tmp_path / "cases")
    load_cases(store_path, [cases], validator=setwise_validator)
    before = _contents(store_path)

    full = _run_with_file_limit("--store-path", str(store_path), "load-cases", str(cases))
    assert full.returncode == 2, full.stdout + full.stderr
    assert f"store_path {store_path}: cannot write the case collection" in full.stderr
    assert "Traceback" not in full.stderr
    assert _contents(store_path) == before

    again = _run_with_file_limit(
        "--store-path", str(store_path), "load-cases", str(cases), limit=None
    )
    # 1, not 0: about a quarter of the generated cases break a rule and are skipped, as in
    # the first load; the write itself succeeds.
    assert again.returncode == 1, again.stderr
    assert "cannot write" not in again.stderr
    assert _contents(store_path) == before


@pytest.fixture(scope="module")
def dumps(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dumps")
    written = _run_with_file_limit("export", "--out", str(out), limit=None)
    assert written.returncode == 0, written.stderr
    return out


def test_export_on_a_full_disk_names_the_file_and_leaves_the_dumps_untouched(dumps):
    before = {path.name: path.read_bytes() for path in dumps.iterdir()}
    assert any(len(data) > FILE_LIMIT for data in before.values())
    full = _run_with_file_limit("export", "--out", str(dumps))
    assert full.returncode == 2, full.stdout + full.stderr
    assert f"{dumps}/" in full.stderr and "cannot write: File too large" in full.stderr
    assert "Traceback" not in full.stderr
    assert {path.name: path.read_bytes() for path in dumps.iterdir()} == before  # no .tmp- left
