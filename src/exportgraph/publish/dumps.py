"""Dumps of the published graph: the ontology and the reference data, never case records.

`exportgraph export --out DIR` and the server's /dumps/ write the same files:
exportgraph-<version>.ttl, .nt.gz and .jsonld.gz (N-Triples and JSON-LD are several times
the size of Turtle, so they are gzipped), exportgraph-<version>-void.ttl (the dataset's
VoID and DCAT description) and exportgraph-<version>.sha256 (SHA-256 sums in the format
`sha256sum -c` reads). Gzip is written without a timestamp, so the same graph always gives
the same bytes and the same checksums.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import secrets
import tempfile
import threading
from pathlib import Path

from rdflib import Graph
from rdflib.compare import to_canonical_graph

from exportgraph.errors import InputError, NotFoundError
from exportgraph.publish.canonical import blank_labels
from exportgraph.publish.dataset import dataset_triples
from exportgraph.publish.dump_files import (
    DUMP_SUFFIXES,
    DumpFile,
    checksums_name,
    dump_name,
    void_name,
)
from exportgraph.publish.rdf_formats import BY_SUFFIX, RdfFormat, serialize
from exportgraph.store import terms as ox
from exportgraph.store.embedded import open_store
from exportgraph.store.interface import Store

ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _is_blank(term: object) -> bool:
    return isinstance(term, ox.BlankNode)


def published_triples() -> tuple[ox.Triple, ...]:
    """The published graph: the ontology and the reference data as the store loads them.

    Blank nodes get canonical labels (publish.canonical, or rdflib's RDF canonicalisation
    where a symmetric structure needs it) and the triples are sorted, so a release's dumps
    are the same bytes however often they are written.
    """
    triples = [triple for triple in open_store().query(ALL_TRIPLES).triples]
    labels = blank_labels([(t.subject, t.predicate, t.object) for t in triples], _is_blank, str)
    if labels is not None:

        def relabel(term):
            return ox.BlankNode(labels[term]) if _is_blank(term) else term

        relabelled = (
            ox.Triple(relabel(t.subject), t.predicate, relabel(t.object)) for t in triples
        )
        return tuple(sorted(relabelled, key=str))
    ntriples = serialize(triples, BY_SUFFIX["nt"])
    canonical = to_canonical_graph(Graph().parse(data=ntriples, format="nt"))
    text = canonical.serialize(format="nt", encoding="utf-8")
    parsed = ox.parse(text, format=ox.RdfFormat.N_TRIPLES)
    return tuple(sorted((quad.triple for quad in parsed), key=str))


def export(out: Path, base_iri: str, store: Store | None = None) -> list[DumpFile]:
    """Write the dumps, their VoID/DCAT description and their checksums into out.

    Args:
        out: the folder to write into (created if missing).
        base_iri: the setting base_iri, for the download URLs in the description.
        store: the embedded store the description counts (default: a new one).

    Returns: the files written, the checksum file last.

    Raises:
        InputError: out cannot be created or written.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create the folder: {exc.strerror}") from None
    triples = published_triples()
    files = [
        _write(out, dump_name(s), BY_SUFFIX[s], serialize(triples, BY_SUFFIX[s]))
        for s in DUMP_SUFFIXES
    ]
    store = store if store is not None else open_store()
    void = serialize(dataset_triples(store, base_iri, files), BY_SUFFIX["ttl"])
    files.append(_write(out, void_name(), BY_SUFFIX["ttl"], void))
    sums = "".join(f"{f.sha256}  {f.name}\n" for f in files).encode()
    files.append(_write_bytes(out, checksums_name(), sums, "text/plain", "SHA-256 checksums"))
    return files


def _write(out: Path, name: str, rdf_format: RdfFormat, body: bytes) -> DumpFile:
    compressed = name.endswith(".gz")
    data = gzip.compress(body, mtime=0) if compressed else body
    return _write_bytes(out, name, data, rdf_format.media_type, rdf_format.name, compressed)


def _write_bytes(
    out: Path, name: str, data: bytes, media_type: str, format_name: str, compressed=False
) -> DumpFile:
    # Write beside the target and rename, so a reader never sees half a file. Created with
    # mode 0666 less the umask, as any file a program writes (a temporary file would be 0600).
    partial = out / f".tmp-{secrets.token_hex(8)}-{name}"
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(partial, out / name)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(f"{out / name}: cannot write: {exc.strerror}") from None
    digest = hashlib.sha256(data).hexdigest()
    return DumpFile(name, media_type, format_name, compressed, len(data), digest)


class DumpFolder:
    """The server's dumps: a configured folder, or one generated on first use.

    A configured folder (setting dumps_dir) is served as it is; when it lacks this version's
    dumps they are written into it. Without a setting they are written into a temporary
    folder of this process, removed when it ends.
    """

    def __init__(self, folder: str, base_iri: str) -> None:
        self._temporary = None if folder else tempfile.TemporaryDirectory(prefix="exportgraph-")
        self.path = Path(folder) if folder else Path(self._temporary.name)  # type: ignore[union-attr]
        self._base_iri = base_iri
        self._lock = threading.Lock()
        self._files: list[DumpFile] | None = None

    def files(self) -> list[DumpFile]:
        """The dump files of this version, written first if they are not there."""
        with self._lock:
            if self._files is None:
                if all((self.path / n).is_file() for n in self._names()):
                    self._files = self._read()
                else:
                    self._files = export(self.path, self._base_iri)
            return self._files

    def close(self) -> None:
        """Remove a generated folder now, not at exit; a configured folder stays."""
        if self._temporary is not None:
            self._temporary.cleanup()

    def _names(self) -> list[str]:
        return [dump_name(s) for s in DUMP_SUFFIXES] + [void_name(), checksums_name()]

    def _read(self) -> list[DumpFile]:
        files = []
        for name in self._names():
            data = (self.path / name).read_bytes()
            suffix = name.removesuffix(".gz").rsplit(".", 1)[-1]
            kind = BY_SUFFIX.get(suffix)
            media = kind.media_type if kind else "text/plain"
            label = kind.name if kind else "SHA-256 checksums"
            digest = hashlib.sha256(data).hexdigest()
            files.append(DumpFile(name, media, label, name.endswith(".gz"), len(data), digest))
        return files

    def file(self, name: str) -> Path:
        """The path of one dump file by its name.

        Raises:
            NotFoundError: no dump has that name (a path with "/" or ".." never matches).
        """
        known = {f.name for f in self.files()}
        if name not in known:
            raise NotFoundError(
                f"no dump called {name!r}; this server has: {', '.join(sorted(known))}"
            )
        return self.path / name
