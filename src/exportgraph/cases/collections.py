"""Case collections: validated licence case records kept in an on-disk store, never published.

A licensing authority's case history is confidential and large, so it lives apart from the
published graph: in an on-disk Oxigraph store (the setting store_path), one named graph per
collection (https://w3id.org/exportgraph/graph/cases/NAME), beside a copy of the ontology and
the reference data so that case statistics can join the law. The web server opens it only when
the setting case_token is set, and then answers from it only to a request carrying the token
(exportgraph.web.case_access); the published store never holds a case.

load_cases() reads case files one at a time into a private staging store, validates their cases
in batches (the set-wise engine by default, whose reports equal pySHACL's), and writes each
valid case, with the parts it links to, into the collection graph with Oxigraph's bulk writer.
A case already in the collection is replaced, so a rerun leaves the same triples; an invalid
case is skipped and reported, and the valid ones of the same file are kept. A load killed
half-way leaves whole cases only (exportgraph.cases.batch_journal), and a write that fails
(a full disk) leaves the collection as it was: a batch writes the new versions first and
removes the earlier ones after. A restart reads the
store from disk instead of parsing and validating again; the server copies it into memory,
where scans and joins run several times faster than on disk (docs/benchmarks.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from exportgraph.cases import batch_journal
from exportgraph.cases.reading import (
    ID_BASE,
    CaseSource,
    collector_paused,
    expand_paths,
    read_case_text,
)
from exportgraph.cases.validation import CaseValidator
from exportgraph.config import turtle_files
from exportgraph.errors import ConfigurationError, ExportGraphError, InputError
from exportgraph.store import terms as ox
from exportgraph.store.embedded import EmbeddedStore, open_store

COLLECTIONS_BASE = "https://w3id.org/exportgraph/graph/cases/"
DEFAULT_COLLECTION = "cases"
# Beside the store: the digest of the reference data its default graph holds whole.
REFERENCE_NOTE = "reference-data.sha256"
# Cases validated and written together, across files (a killed load loses one batch at most,
# which its rerun puts back: cases.batch_journal).
BATCH_SIZE = 1000
# Cases sent to a remote server in one request by exportgraph load (about 25 triples a case).
PUSH_BATCH = 250
_EXG = "https://w3id.org/exportgraph/ontology#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LICENCE_CASE = ox.NamedNode(_EXG + "LicenceCase")
# The parts of a case, by the property that links them to it (as exportgraph.cases.validation reads
# a case): a case is stored with these and the blank nodes under them, nothing else.
_PART_LINKS = frozenset(
    ox.NamedNode(_EXG + name)
    for name in ("applicant", "caseItem", "endUser", "decision", "assessment")
)
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


class StoreWriteError(ExportGraphError):
    """The on-disk store cannot be written (a full disk, a file size limit)."""

    code = "cannot-write"


@dataclass(frozen=True)
class SkippedCase:
    """A case that was not loaded, and why (its violations, or why it could not be read)."""

    source: str
    case: str | None  # the case's IRI; None when the whole file was skipped
    reasons: tuple[str, ...]


@dataclass
class LoadReport:
    """What a load-cases run did."""

    collection: str
    loaded: int = 0  # cases written, new or replacing an earlier version
    replaced: int = 0  # of those, cases that were in the collection already
    skipped: list[SkippedCase] = field(default_factory=list)
    files: int = 0
    seconds: float = 0.0
    cases_in_collection: int = 0

    @property
    def unreadable_files(self) -> list[SkippedCase]:
        return [s for s in self.skipped if s.case is None]


@dataclass(frozen=True)
class LoadProgress:
    """How far a load has come: cases so far, and bytes of the input read, for time left."""

    cases: int
    loaded: int
    skipped: int
    bytes_done: int
    bytes_total: int
    seconds: float

    @property
    def cases_per_second(self) -> float:
        return self.cases / self.seconds if self.seconds > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        if not self.bytes_done or self.seconds <= 0:
            return None
        return self.seconds * (self.bytes_total - self.bytes_done) / self.bytes_done


def collection_graph(name: str) -> str:
    """The named graph of a collection.

    Raises:
        InputError: the name is not 1-63 lowercase letters, digits and hyphens.
    """
    if not _NAME.fullmatch(name):
        raise InputError(
            f"collection name {name!r}: use 1-63 lowercase letters, digits and hyphens,"
            " starting with a letter or digit (e.g. cases-2024)"
        )
    return COLLECTIONS_BASE + name


def is_collection_graph(iri: str) -> bool:
    return iri.startswith(COLLECTIONS_BASE)


def load_cases(
    store_path: Path,
    paths: Iterable[Path],
    collection: str = DEFAULT_COLLECTION,
    validator=None,
    progress: Callable[[LoadProgress], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> LoadReport:
    """Validate the cases of files and folders and store the valid ones in a collection.

    Args:
        store_path: folder of the on-disk store; created when missing.
        paths: case files (.ttl, .jsonld, .json) or folders of them.
        collection: the collection's name (see collection_graph).
        validator: an exportgraph.cases.validation.CaseValidator (default: the set-wise engine).
        progress: called after each batch of cases.
        batch_size: cases validated and written together.

    Raises:
        InputError: a path is missing, no case file is found, or the collection name is bad.
        ConfigurationError: store_path is not an on-disk store (or is open elsewhere).
        StoreWriteError: the store cannot be written (a full disk); the collection holds
            whole cases only, and the same load run again finishes it.
    """
    graph = ox.NamedNode(collection_graph(collection))
    files = expand_paths(paths)
    if not files:
        raise InputError(f"no case files (.ttl, .jsonld, .json) in {', '.join(map(str, paths))}")
    if validator is None:
        validator = CaseValidator(engine="setwise")
    store = _open_for_writing(store_path)
    with _writing(store_path):
        batch_journal.drop_cut_batch(store, store_path, _case_quads)
        _replace_reference_data(store, store_path)
    report = LoadReport(collection=collection)
    started = time.perf_counter()
    bytes_total = sum(path.stat().st_size for path in files)
    bytes_done = 0
    # A batch gathers whole cases across files: a batch of 1,000 pays the validator's fixed
    # cost per query that a batch of several thousand spreads (docs/benchmarks.md).
    pending: list[_StagedCase] = []
    for path in files:
        report.files += 1
        size = path.stat().st_size
        try:
            staging = _stage(path)
        except InputError as exc:
            report.skipped.append(SkippedCase(str(path), None, (str(exc),)))
            bytes_done += size
            continue
        cases = sorted(
            (
                subject
                for subject, triples in staging.items()
                if any(t.predicate == _RDF_TYPE and t.object == _LICENCE_CASE for t in triples)
            ),
            key=str,
        )
        if not cases:
            report.skipped.append(
                SkippedCase(
                    str(path), None, ("no licence case found (a case is typed exg:LicenceCase)",)
                )
            )
        for number, case in enumerate(cases, 1):
            # The file's share of its bytes is counted as its cases are written.
            share = size * number // len(cases) - size * (number - 1) // len(cases)
            pending.append(_StagedCase(case, staging, str(path), share))
            if len(pending) == batch_size:
                bytes_done += _write(store, store_path, graph, pending, validator, report)
                pending = []
                if progress is not None:
                    progress(_progress(report, bytes_done, bytes_total, started))
        if not cases:
            bytes_done += size
    if pending:
        bytes_done += _write(store, store_path, graph, pending, validator, report)
    with _writing(store_path):
        store.flush()
    report.cases_in_collection = sum(
        1 for _ in store.quads_for_pattern(None, _RDF_TYPE, _LICENCE_CASE, graph)
    )
    report.seconds = time.perf_counter() - started
    if progress is not None:
        progress(_progress(report, bytes_total, bytes_total, started))
    return report


def open_case_store(store_path: Path, in_memory: bool = True) -> EmbeddedStore:
    """The reference data and the case collections of an on-disk store, to query.

    In memory (for the server): the packaged ontology and reference data, and a copy of every
    collection graph read from disk. Otherwise (for one command): the on-disk store itself,
    read-only, with the reference data as load-cases last wrote it.

    Raises:
        ConfigurationError: store_path is not an exportgraph case store.
    """
    disk = _open_read_only(store_path)
    if not in_memory:
        return EmbeddedStore(disk)
    store = open_store()
    for name in disk.named_graphs():
        if isinstance(name, ox.NamedNode) and is_collection_graph(name.value):
            store.bulk_add(disk.quads_for_pattern(None, None, None, name))
    del disk
    return store


def collections(store_path: Path) -> dict[str, int]:
    """The collections of an on-disk store and the cases each holds."""
    disk = _open_read_only(store_path)
    return {
        name.value.removeprefix(COLLECTIONS_BASE): sum(
            1 for _ in disk.quads_for_pattern(None, _RDF_TYPE, _LICENCE_CASE, name)
        )
        for name in disk.named_graphs()
        if isinstance(name, ox.NamedNode) and is_collection_graph(name.value)
    }


def collection_batches(
    store_path: Path, name: str, cases_per_batch: int = PUSH_BATCH
) -> Iterator[list[ox.Triple]]:
    """A collection's triples in batches of whole cases, for exportgraph load to send on.

    A case comes with its parts and the blank nodes under them, so a blank node is never split
    across two requests to a remote server (its label is scoped to one request there).

    Raises:
        ConfigurationError: store_path is not an exportgraph case store.
        InputError: the collection name is bad.
    """
    graph = ox.NamedNode(collection_graph(name))
    disk = _open_read_only(store_path)
    triples_of = _stored(disk, graph)
    batch: list[ox.Triple] = []
    cases = 0
    for quad in disk.quads_for_pattern(None, _RDF_TYPE, _LICENCE_CASE, graph):
        batch.extend(_case_triples(triples_of, quad.subject))
        cases += 1
        if cases % cases_per_batch == 0:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class _StagedCase:
    """A case found in a parsed file, waiting for its batch."""

    node: ox.NamedNode | ox.BlankNode
    staging: dict  # the file's triples by subject (see _stage)
    source: str  # the file
    bytes: int  # its share of the file's bytes, for the progress line


def _write(
    store: ox.QuadStore,
    store_path: Path,
    graph: ox.NamedNode,
    batch: list[_StagedCase],
    validator,
    report: LoadReport,
) -> int:
    """Validate one batch of cases and write the valid ones; return the bytes they stand for."""
    parts = {staged.node: list(_case_triples(staged.staging.get, staged.node)) for staged in batch}
    sources = {staged.node: staged.source for staged in batch}
    files = sorted(set(sources.values()))
    name = files[0] if len(files) == 1 else f"{files[0]} .. {files[-1]}"
    outcomes = validator.validate(
        CaseSource.from_triples(name, [t for triples in parts.values() for t in triples])
    )
    invalid: dict[str, list[str]] = {}
    for outcome in outcomes:
        if outcome.case is not None and not outcome.conforms:
            invalid[outcome.case] = [r.message for r in outcome.violations]
    written: dict[ox.NamedNode, list[ox.Triple]] = {}
    for case, triples in parts.items():
        source = sources[case]
        if not isinstance(case, ox.NamedNode):
            report.skipped.append(
                SkippedCase(source, str(case), ("a stored case needs an IRI, not a blank node",))
            )
            continue
        if case.value in invalid:
            report.skipped.append(SkippedCase(source, case.value, tuple(invalid[case.value])))
            continue
        written[case] = triples
    # The bulk writer, not a transaction: with transactions RocksDB's memory grew with every
    # batch (1.7 GB for 2.3 million quads, against a flat 93 MB) and writing was 4 times
    # slower. The journal makes the batch whole or absent all the same (cases.batch_journal).
    # New versions first, earlier ones removed after: a write that fails (a full disk) leaves
    # the collection as it was. A quad in both versions stays (the store holds a set).
    with _writing(store_path):
        batch_journal.begin(store_path, graph, written)
        quads: list[ox.Quad] = []
        earlier: list[ox.Quad] = []
        for case, triples in written.items():
            new = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
            before = _case_quads(store, graph, case)
            if before:
                report.replaced += 1
                kept = _as_stored(new)
                earlier += (quad for quad in before if quad not in kept)
            quads += new
            report.loaded += 1
        try:
            store.bulk_extend(quads)
        except OSError:
            batch_journal.end(store_path)  # nothing of the batch was written
            raise
        for quad in earlier:
            store.remove(quad)
        batch_journal.end(store_path)
    return sum(staged.bytes for staged in batch)


def _as_stored(quads: list[ox.Quad]) -> set[ox.Quad]:
    """The quads as a store gives them back: Oxigraph writes some literals in a canonical
    form ("150000000.00"^^xsd:decimal comes back "150000000"), and a quad of the earlier
    version equal to one of the new, so written, must stay."""
    memory = ox.QuadStore()
    memory.extend(quads)
    return set(memory)


@contextlib.contextmanager
def _writing(store_path: Path) -> Iterator[None]:
    """Turn a failed write to the on-disk store (a full disk) into an error naming the folder.

    Raises:
        StoreWriteError: a write failed.
    """
    try:
        yield
    except OSError as exc:
        raise StoreWriteError(
            f"store_path {store_path}: cannot write the case collection ({exc}). The"
            " collection holds whole cases only; make room and run the same load-cases again"
        ) from None


def _case_quads(store: ox.QuadStore, graph: ox.NamedNode, case: ox.NamedNode) -> list[ox.Quad]:
    """The quads of a stored case, with its parts and the blank nodes under them."""
    return [
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in _case_triples(_stored(store, graph), case)
    ]


def _case_triples(triples_of: Callable, case) -> Iterator[ox.Triple]:
    """The case's own triples, its parts' triples and those of blank nodes under them.

    triples_of(node) returns the triples whose subject is node (or None).
    """
    seen = {case}
    pending = [case]
    while pending:
        node = pending.pop()
        for triple in triples_of(node) or ():
            yield triple
            target = triple.object
            if target in seen or isinstance(target, ox.Literal):
                continue
            if isinstance(target, ox.BlankNode) or (
                node == case and triple.predicate in _PART_LINKS
            ):
                seen.add(target)
                pending.append(target)


def _stored(store: ox.QuadStore, graph: ox.NamedNode) -> Callable:
    def triples_of(node) -> list[ox.Triple]:
        return [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(node, None, None, graph)
        ]

    return triples_of


def _stage(path: Path) -> dict:
    """Parse one case file into its triples, indexed by subject.

    Not into a store: Oxigraph stores "3"^^xsd:positiveInteger as an xsd:integer, and the
    shapes check the datatype as written.

    Raises:
        InputError: the file cannot be read or does not parse (file, line and column).
    """
    by_subject: dict = {}
    if path.suffix.lower() == ".ttl":
        try:
            with collector_paused():  # the parsed terms form no cycles (cases.reading)
                for triple in ox.parse(
                    path=str(path), format=ox.RdfFormat.TURTLE, base_iri=ID_BASE
                ):
                    by_subject.setdefault(triple.subject, []).append(triple)
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except SyntaxError as exc:
            raise InputError(f"{path}: {_syntax_message(exc)}") from None
        return by_subject
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    for quad in read_case_text(text, "json", str(path)).triples:
        triple = ox.Triple(quad.subject, quad.predicate, quad.object)
        by_subject.setdefault(triple.subject, []).append(triple)
    return by_subject


def _syntax_message(exc: SyntaxError) -> str:
    message = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "", exc.msg)
    if exc.lineno:
        column = f", column {exc.offset}" if exc.offset else ""
        return f"line {exc.lineno}{column}: {message}"
    return message


def _open_for_writing(store_path: Path) -> ox.QuadStore:
    try:
        store_path.mkdir(parents=True, exist_ok=True)
        return ox.QuadStore(str(store_path))
    except OSError as exc:
        raise ConfigurationError(
            f"store_path {store_path}: cannot open it as an on-disk store for writing ({exc});"
            " stop a server or command that has it open, or choose an empty folder"
        ) from None


def _open_read_only(store_path: Path) -> ox.QuadStore:
    if not store_path.is_dir():
        raise ConfigurationError(
            f"store_path {store_path}: no such folder; fill it first with"
            " `exportgraph --store-path DIR load-cases FILES...`"
        )
    if batch_journal.is_cut(store_path):
        _drop_cut_batch(store_path)
    try:
        return ox.QuadStore.read_only(str(store_path))
    except OSError as exc:
        raise ConfigurationError(
            f"store_path {store_path}: not an exportgraph case store ({exc})"
        ) from None


def _drop_cut_batch(store_path: Path) -> None:
    """Drop the half-written batch of a load that was cut short, unless a load holds the store
    now (it is not cut then, only running: what it holds is read as it is)."""
    try:
        store = ox.QuadStore(str(store_path))
    except OSError:
        return
    batch_journal.drop_cut_batch(store, store_path, _case_quads)
    del store


def _replace_reference_data(store: ox.QuadStore, store_path: Path) -> None:
    """Put the installed ontology and reference data in the store's default graph, unless it
    holds them already: their digest is noted beside the store once they are whole there.

    So a rerun rewrites nothing it need not (a full disk then finds the law intact), and a
    replacement cut short is redone by the next load, as its note was removed first.
    """
    files = turtle_files("ontology") + turtle_files("data")
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    note = store_path / REFERENCE_NOTE
    if note.exists() and note.read_text(encoding="ascii").strip() == digest.hexdigest():
        return
    note.unlink(missing_ok=True)
    store.clear_graph(ox.DefaultGraph())
    for path in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    written = note.with_suffix(".tmp")
    written.write_text(digest.hexdigest() + "\n", encoding="ascii")
    os.replace(written, note)


def _progress(report: LoadReport, bytes_done: int, bytes_total: int, started: float):
    return LoadProgress(
        cases=report.loaded + sum(1 for s in report.skipped if s.case is not None),
        loaded=report.loaded,
        skipped=sum(1 for s in report.skipped if s.case is not None),
        bytes_done=bytes_done,
        bytes_total=bytes_total,
        seconds=time.perf_counter() - started,
    )
