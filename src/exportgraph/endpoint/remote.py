"""The SPARQL endpoint's core over a remote store: the query goes on to the server.

Over the embedded store a query runs in a worker process that is killed when it overruns
(exportgraph.endpoint.workers). A remote server runs its own queries, so here the time limit is
the HTTP timeout of the request to it, and no worker runs its queries. The checks (read-only, no
SERVICE or FROM outside the allow-list), the row cap and the written formats are the
embedded endpoint's, so a client sees the same answers and headers either way.

A dated question (as_of) needs the law's dated view, which Oxigraph in this process builds (a
remote server may refuse its unbound transitive paths). It runs in worker processes of its
own (exportgraph.endpoint.workers), under the same time limit, over a copy of the published
graph fetched when the endpoint starts: the workers are forked before the server starts its
threads, and what a later `exportgraph load` changes reaches dated answers after a restart.

The store may be down when the endpoint starts: then the endpoint starts all the same, and
what it learns from the store (its graph names, its size, the copy for dated questions) is
fetched by the first request that needs it once the store is back. A failure is never kept:
each request asks again, so answers resume by themselves. The dated workers are then forked
from the running server (the zygote's fork copies a threaded process): the copy they hold
is made for them in that request, so no other thread holds it mid-query at the fork.

What the public endpoint reads is its store's pinned dataset, the published graph
(exportgraph.store.remote_dataset): the graphs a client names (FROM, default-graph-uri,
named-graph-uri) are kept to it, so a collection on the same server answers as a graph that
does not exist. The case-token endpoint's store is not pinned: it reads the whole server.
"""

from __future__ import annotations

import threading
import time
from itertools import islice

from exportgraph.config import Settings
from exportgraph.endpoint.core import GRAPH_PREFIXES, SparqlRequest
from exportgraph.endpoint.workers import QueryJob, QueryOutcome, QueryWorkers
from exportgraph.errors import StoreError
from exportgraph.sparql.guard import check_query
from exportgraph.sparql.results import write_boolean, write_solutions, write_triples
from exportgraph.store.embedded import EmbeddedStore
from exportgraph.store.remote import (
    GRAPH_TYPE,
    SELECT_TYPE,
    RemoteStore,
    parse_results_json,
    parse_triples,
    with_prologue,
)


class RemoteSparqlEndpoint:
    """A read-only SPARQL endpoint that forwards checked queries to a remote store."""

    def __init__(self, store: RemoteStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.allowed_endpoints = frozenset(
            iri.strip() for iri in settings.service_allow_list.split(",") if iri.strip()
        )
        self._graph_names: frozenset[str] | None = None
        self._triple_count: int | None = None
        self._dated_workers: QueryWorkers | None = None
        self._starting = threading.Lock()
        try:
            self._graph_names = store.graph_names()
            self._triple_count = store.triple_count()
            self._dated_workers = self._start_dated_workers(store.as_embedded())
        except StoreError:
            pass  # the store is down: the first request that needs these fetches them

    @property
    def graph_names(self) -> frozenset[str]:
        """The store's named graphs, asked for until the store has answered once.

        Raises:
            StoreError: the store cannot tell now.
        """
        if self._graph_names is None:
            self._graph_names = self.store.graph_names()
        return self._graph_names

    @property
    def triple_count(self) -> int:
        """The store's triples, asked for until the store has answered once.

        Raises:
            StoreError: the store cannot tell now.
        """
        if self._triple_count is None:
            self._triple_count = self.store.triple_count()
        return self._triple_count

    def _dated_workers_now(self) -> QueryWorkers:
        """The dated workers; forked here when the store was down when the endpoint started."""
        with self._starting:
            if self._dated_workers is None:
                self._dated_workers = self._start_dated_workers(self.store.fresh_copy())
            return self._dated_workers

    def _start_dated_workers(self, copy: EmbeddedStore) -> QueryWorkers:
        return QueryWorkers(
            copy,
            workers=self.settings.query_workers,
            timeout=self.settings.query_timeout,
            row_limit=self.settings.row_limit,
            prefixes=GRAPH_PREFIXES,
            memory_mb=self.settings.query_worker_memory_mb,
        )

    def answer(self, request: SparqlRequest) -> QueryOutcome:
        """Check the query, send it to the store and return the written answer.

        A dated question (as_of) runs in a worker process over the dated view of the store's
        law, built from the copy of the store's graph taken at start (Store.as_embedded).

        Raises:
            QueryRefusedError: an update, a SERVICE call or a remote FROM graph (403).
            QueryError: the query does not parse (the store's message) or fails.
            QueryTimeoutError: a dated question ran past the time limit in its worker and was
                stopped.
            EndpointBusyError: no worker came free for a dated question within the time limit.
            StoreTimeoutError: the store did not answer within the time limit (a slow query
                and a hanging store look the same from here).
            StoreError: the store cannot be reached, failed, or cut its answer.
        """
        shape = check_query(request.query, self.allowed_endpoints, self.graph_names)
        if request.as_of is not None:
            job = QueryJob(
                sparql=request.query,
                table_format=request.table_format,
                graph_format=request.graph_format,
                default_graph=tuple(request.default_graph_uris) or None,
                named_graphs=tuple(request.named_graph_uris) or None,
                union_default_graph=not shape.from_graphs,
                base_iri=request.base_iri,
                as_of=request.as_of,
            )
            return self._dated_workers_now().run(job)
        started = time.perf_counter()
        graph_form = shape.form in ("CONSTRUCT", "DESCRIBE")
        reply = self.store.protocol_query(
            with_prologue(request.query, {}, base=request.base_iri),
            accept=GRAPH_TYPE if graph_form else SELECT_TYPE,
            default_graph_uris=request.default_graph_uris,
            named_graph_uris=request.named_graph_uris,
            timeout=self.settings.query_timeout,
        )
        limit = self.settings.row_limit
        if graph_form:
            triples = list(islice(parse_triples(reply.body), limit + 1))
            body = write_triples(triples[:limit], request.graph_format, GRAPH_PREFIXES)
            return QueryOutcome(
                "graph", body, min(len(triples), limit), len(triples) > limit, _since(started)
            )
        answer = parse_results_json(reply.body)
        if answer.kind == "ask":
            body = write_boolean(bool(answer.boolean), request.table_format)
            return QueryOutcome("ask", body, 1, False, _since(started))
        rows = answer.rows[:limit]
        body = write_solutions(answer.variables, rows, request.table_format)
        return QueryOutcome("select", body, len(rows), len(answer.rows) > limit, _since(started))

    def close(self) -> None:
        """Stop the worker processes of dated questions."""
        if self._dated_workers is not None:
            self._dated_workers.close()


def _since(started: float) -> float:
    return time.perf_counter() - started
