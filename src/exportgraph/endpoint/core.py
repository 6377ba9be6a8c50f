"""The SPARQL endpoint's core: check a request, run it in a worker, return the written answer.

It knows nothing of HTTP: the web layer reads the protocol's parameters and negotiates the
format, then makes the one call SparqlEndpoint.answer().
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from exportgraph.config import Settings
from exportgraph.endpoint.answer_cache import AnswerCache
from exportgraph.endpoint.workers import QueryJob, QueryOutcome, QueryWorkers
from exportgraph.sparql.guard import check_query
from exportgraph.store.embedded import EmbeddedStore

# The prefixes of the graph: offered on the query page and used to write Turtle answers.
GRAPH_PREFIXES: dict[str, str] = {
    "exg": "https://w3id.org/exportgraph/ontology#",
    "exr": "https://w3id.org/exportgraph/id/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "country": "http://publications.europa.eu/resource/authority/country/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@dataclass(frozen=True)
class SparqlRequest:
    """A query with the protocol's dataset and the formats the client accepts."""

    query: str
    table_format: str = "json"
    graph_format: str = "turtle"
    default_graph_uris: Sequence[str] = ()
    named_graph_uris: Sequence[str] = ()
    base_iri: str | None = None
    as_of: date | None = None


class SparqlEndpoint:
    """A read-only, offline SPARQL endpoint over a loaded store, with a time limit and a row cap."""

    def __init__(self, store: EmbeddedStore, settings: Settings, workers: int | None = None):
        self.settings = settings
        self.allowed_endpoints = frozenset(
            iri.strip() for iri in settings.service_allow_list.split(",") if iri.strip()
        )
        self.graph_names = store.graph_names()
        self.triple_count = store.triple_count()
        self.workers = QueryWorkers(
            store,
            workers=workers or settings.query_workers,
            timeout=settings.query_timeout,
            row_limit=settings.row_limit,
            prefixes=GRAPH_PREFIXES,
            inline_seconds=settings.inline_query_ms / 1000,
            memory_mb=settings.query_worker_memory_mb,
        )
        # The store is read-only while served: a repeated query is answered from here.
        self.answers = AnswerCache(settings.answer_cache_mb * 1_000_000)

    def answer(self, request: SparqlRequest) -> QueryOutcome:
        """Check the query, run it in a worker (or find its answer kept) and return it.

        Dataset parameters name graphs of this store: a graph the store does not hold is empty,
        and nothing is fetched.

        Raises:
            QueryRefusedError: an update, a SERVICE call or a remote FROM graph (403).
            QueryError: the query does not parse (with line and column) or fails.
            QueryTimeoutError: the query ran past the time limit and was stopped.
            WorkerDiedError: the worker running it died (killed, or past its memory limit).
            EndpointBusyError: no worker came free within the time limit.
        """
        shape = check_query(request.query, self.allowed_endpoints, self.graph_names)
        has_dataset = bool(request.default_graph_uris or request.named_graph_uris)
        job = QueryJob(
            sparql=request.query,
            table_format=request.table_format,
            graph_format=request.graph_format,
            default_graph=tuple(request.default_graph_uris) if has_dataset else None,
            named_graphs=tuple(request.named_graph_uris) if has_dataset else None,
            # A query's own FROM clauses choose its dataset; without them the default
            # graph is the union, so a researcher's named graphs join the reference data.
            union_default_graph=not shape.from_graphs,
            base_iri=request.base_iri,
            as_of=request.as_of,
        )
        return self.answers.answer(job, request.query, lambda: self.workers.run(job))

    def close(self) -> None:
        self.workers.close()
