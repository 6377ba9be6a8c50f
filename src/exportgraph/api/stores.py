"""Which store the settings choose, embedded or remote, and what is built over the chosen one.

The CLI and create_app ask here, so that one setting (store, or --store) points every command
at a remote SPARQL server; the rest of the code talks to the Store interface only.

What reads a remote server's case collections: the same as with the embedded store. The web
server's public store and a command without store_path read the published graph only (every
query pinned to it, exportgraph.store.remote_dataset); the case-token endpoint, and a command run
with store_path (whoever holds the case files), read the whole server, with every case
collection on it. `exportgraph load` with store_path pushes the collections there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from exportgraph.cases.collections import (
    PUSH_BATCH,
    collection_batches,
    collection_graph,
    collections,
    open_case_store,
)
from exportgraph.config import Settings
from exportgraph.errors import ConfigurationError
from exportgraph.law.as_of import DatedView, view_as_of
from exportgraph.store.embedded import open_store
from exportgraph.store.interface import Store
from exportgraph.store.read_ahead import read_ahead
from exportgraph.store.remote import RemoteStore
from exportgraph.store.remote_dataset import PinnedDataset


@dataclass(frozen=True)
class PushProgress:
    """How far exportgraph load has come in sending one case collection."""

    collection: str
    sent: int  # cases sent so far
    cases: int
    seconds: float

    @property
    def cases_per_second(self) -> float:
        return self.sent / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class PushedCollection:
    """A case collection as the remote server holds it after exportgraph load."""

    name: str
    graph: str
    cases: int
    triples: int


@dataclass(frozen=True)
class RemoteLoad:
    """What exportgraph load left on the remote server."""

    triples: int  # in the published graph
    collections: tuple[PushedCollection, ...] = ()


def open_configured_store(
    settings: Settings | None = None, named_graphs: Mapping[str, Path] | None = None
) -> Store:
    """The remote store when the setting store is given, else the loaded embedded store.

    A remote store reads the published graph only (setting store_graph): every query is
    pinned to it, so case collections on the same server are never read.

    Raises:
        ConfigurationError: named graphs are given with a remote store (load them there).
    """
    settings = settings or Settings.load()
    if not settings.store:
        return open_store(named_graphs=named_graphs)
    if named_graphs:
        raise ConfigurationError(
            "--graph loads files into the embedded store only: with a remote store, load"
            " them into the server itself"
        )
    published = (settings.store_graph,)
    return RemoteStore.from_settings(settings, PinnedDataset(published, published))


def open_remote_case_store(settings: Settings) -> RemoteStore:
    """The remote store read with its case collections, for the case token and for commands
    run with store_path: the server's union of graphs, with no dataset pinned.

    Not pinned to the published graph and the collection graphs: over a default graph merged
    from several graphs Virtuoso 7.2 gets FILTER NOT EXISTS wrong (a licence check that the
    graph cannot decide came back "required"), and over its union it does not. Whoever holds
    the token reads the server's other graphs too; the public store never does.
    """
    return RemoteStore.from_settings(settings)


def open_store_with_cases(settings: Settings | None = None) -> Store:
    """For a command run by whoever holds the files: the case collections of store_path too.

    With store_path set, the on-disk store (the reference data and the collections, read
    in place), or with a remote store too, the remote server's published graph and the
    collections pushed there; else the configured store. Never for the web server, which
    publishes.

    Raises:
        ConfigurationError: store_path is not a case store.
        StoreError: the remote server cannot be reached.
    """
    settings = settings or Settings.load()
    if not settings.store_path:
        return open_configured_store(settings)
    if settings.store:
        return open_remote_case_store(settings)
    return open_case_store(Path(settings.store_path), in_memory=False)


def load_remote_store(
    settings: Settings | None = None,
    progress=None,
    case_progress: Callable[[PushProgress], None] | None = None,
) -> RemoteLoad:
    """Replace the remote store's graph with the ontology and the reference data, and with
    store_path set, each case collection's graph with the collection on disk.

    Every graph is dropped before it is filled, so a rerun leaves the same triples.

    Raises:
        ConfigurationError: no remote store is set, no way to load it, or store_path is not
            a case store.
        StoreError: the server refuses or cannot be reached.
    """
    settings = settings or Settings.load()
    if not settings.store:
        raise ConfigurationError(
            "exportgraph load fills a remote store: give its query URL with --store URL or"
            " EXPORTGRAPH_STORE, and store_update or store_graph_store for writing"
        )
    if not (settings.store_update or settings.store_graph_store):
        raise ConfigurationError(
            "loading needs the setting store_update (SPARQL Update URL) or store_graph_store"
            " (Graph Store Protocol URL), e.g. EXPORTGRAPH_STORE_UPDATE"
        )
    if settings.store_path:
        collections(Path(settings.store_path))  # a bad store_path stops it before any loading
    store = RemoteStore.from_settings(settings)
    triples = store.load_published_graph(progress)
    if not settings.store_path:
        return RemoteLoad(triples)
    return RemoteLoad(
        triples, push_case_collections(store, Path(settings.store_path), case_progress)
    )


def push_case_collections(
    store: RemoteStore,
    store_path: Path,
    progress: Callable[[PushProgress], None] | None = None,
) -> tuple[PushedCollection, ...]:
    """Replace each collection's graph on the server with the collection of the on-disk store.

    Raises:
        ConfigurationError: store_path is not a case store.
        StoreError: the server refuses or cannot be reached.
    """

    pushed = []
    for name, cases in sorted(collections(store_path).items()):
        started = time.perf_counter()

        def report(
            batches: int, name: str = name, cases: int = cases, started: float = started
        ) -> None:
            if progress is not None:
                sent = min(batches * PUSH_BATCH, cases)
                progress(PushProgress(name, sent, cases, time.perf_counter() - started))

        graph = collection_graph(name)
        batches = read_ahead(collection_batches(store_path, name))
        triples = store.replace_graph(graph, batches, report)
        pushed.append(PushedCollection(name, graph, cases, triples))
    return tuple(pushed)


def dated_view(store: Store, on: date) -> DatedView:
    """The view of the law on a date (exportgraph.law.as_of.view_as_of) over the configured store.

    Over a remote store the view is built from an in-memory copy of its graph, fetched once.
    """
    return view_as_of(store.as_embedded(), on)
