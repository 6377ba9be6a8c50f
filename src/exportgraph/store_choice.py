"""Which store the settings choose, embedded or remote, and what is built over the chosen one.

The CLI and create_app ask here, so that one setting (store, or --store) points every command
at a remote SPARQL server; the rest of the code talks to the Store interface only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from exportgraph.config import Settings
from exportgraph.errors import ConfigurationError
from exportgraph.remote_store import RemoteStore
from exportgraph.store import EmbeddedStore, open_store


def open_configured_store(
    settings: Settings | None = None, named_graphs: Mapping[str, Path] | None = None
) -> EmbeddedStore | RemoteStore:
    """The remote store when the setting store is given, else the loaded embedded store.

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
    return RemoteStore.from_settings(settings)


def open_store_with_cases(settings: Settings | None = None) -> EmbeddedStore | RemoteStore:
    """For a command run by whoever holds the files: the case collections of store_path too.

    With store_path set, the on-disk store (the reference data and the collections, read
    in place); else the configured store. Never for the web server, which publishes.

    Raises:
        ConfigurationError: store_path and a remote store are both set, or store_path is not a
            case store.
    """
    settings = settings or Settings.load()
    if not settings.store_path:
        return open_configured_store(settings)
    if settings.store:
        raise ConfigurationError(
            "store_path (case collections on disk) and store (a remote server) are both set:"
            " unset one of EXPORTGRAPH_STORE_PATH and EXPORTGRAPH_STORE"
        )
    from exportgraph.case_store import open_case_store

    return open_case_store(Path(settings.store_path), in_memory=False)


def open_case_validator(engine: str = "pyshacl", settings: Settings | None = None):
    """A CaseValidator over the configured store.

    With a remote store the law is read from it: the dates by queries, and the rules (which
    pySHACL runs over an rdflib graph) over the store's graph fetched once by CONSTRUCT.
    """
    from exportgraph.validation import CaseValidator

    store = open_configured_store(settings)
    if isinstance(store, RemoteStore):
        return CaseValidator(store=store, reference=store.reference_graph(), engine=engine)
    return CaseValidator(store=store, engine=engine)


def load_remote_store(settings: Settings | None = None, progress=None) -> int:
    """Replace the remote store's graph with the ontology and the reference data.

    Returns:
        The triples the store's graph holds afterwards.

    Raises:
        ConfigurationError: no remote store is set, or no way to load it.
        RemoteStoreError: the server refuses or cannot be reached.
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
    return RemoteStore.from_settings(settings).load_published_graph(progress)


def dated_view(store: EmbeddedStore | RemoteStore, on: date):
    """The view of the law on a date (exportgraph.asof.view_as_of) over the configured store.

    Over a remote store the view is built from an in-memory copy of its graph, fetched once.
    """
    from exportgraph.asof import view_as_of

    return view_as_of(store.embedded_copy() if isinstance(store, RemoteStore) else store, on)
