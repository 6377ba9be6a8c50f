"""The SPARQL endpoint that fits a store, so the web layer never asks which store it holds.

Over an embedded store a query runs in a worker process that can be killed at the time limit
(exportgraph.endpoint.core); a remote server runs its own queries under an HTTP time limit
(exportgraph.endpoint.remote). Both answer the same SparqlRequest with the same QueryOutcome.
"""

from __future__ import annotations

from exportgraph.config import Settings
from exportgraph.endpoint.core import SparqlEndpoint
from exportgraph.endpoint.remote import RemoteSparqlEndpoint
from exportgraph.store.embedded import EmbeddedStore
from exportgraph.store.interface import Store
from exportgraph.store.remote import RemoteStore

Endpoint = SparqlEndpoint | RemoteSparqlEndpoint


def open_endpoint(store: Store, settings: Settings) -> Endpoint:
    """Start the endpoint over store: worker processes for an embedded one, none for a remote.

    The workers are forked here, so call it after the store is loaded and before a server
    starts its threads.
    """

    def embedded(store: EmbeddedStore) -> Endpoint:
        return SparqlEndpoint(store, settings)

    def remote(store: RemoteStore) -> Endpoint:
        return RemoteSparqlEndpoint(store, settings)

    return store.with_engine(embedded=embedded, remote=remote)
