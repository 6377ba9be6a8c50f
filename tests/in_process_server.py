"""A RemoteStore whose SPARQL server is an Oxigraph store in this process, for fast tests.

It answers what RemoteStore asks by the protocol as a SPARQL 1.1 server would: SELECT and ASK
as SPARQL JSON results, CONSTRUCT and DESCRIBE as N-Triples, over the graphs the request names
(default-graph-uri, named-graph-uri), else over the union of its graphs. The published graph
(the setting store_graph) holds the ontology, the reference data and any extra files given.
The tests of tests/remote/ run against a real Virtuoso; this one is for the wiring above it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from exportgraph.config import Settings, turtle_files
from exportgraph.store.remote import GRAPH_TYPE, ProtocolAnswer, RemoteStore
from exportgraph.store.remote_dataset import PinnedDataset


class InProcessServerStore(RemoteStore):
    def __init__(self, extra_files: Iterable[Path] = (), pinned: bool = True) -> None:
        graph = Settings().store_graph
        dataset = PinnedDataset((graph,), (graph,)) if pinned else None
        super().__init__("http://sparql.invalid/query", graph=graph, dataset=dataset)
        self.server = ox.Store()
        for path in [*turtle_files("ontology"), *turtle_files("data"), *extra_files]:
            self.server.bulk_load(
                path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph)
            )

    def protocol_query(
        self,
        sparql: str,
        accept: str,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        timeout: float | None = None,
    ) -> ProtocolAnswer:
        if self.dataset is not None:
            self.dataset.check(sparql)
            default_graph_uris, named_graph_uris = self.dataset.protocol_graphs(
                default_graph_uris, named_graph_uris
            )
        results = self.server.query(
            sparql,
            use_default_graph_as_union=not default_graph_uris,
            default_graph=[ox.NamedNode(g) for g in default_graph_uris] or None,
            named_graphs=[ox.NamedNode(g) for g in named_graph_uris] or None,
        )
        if isinstance(results, ox.QueryTriples):
            body = results.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
            return ProtocolAnswer(body, GRAPH_TYPE)
        body = results.serialize(format=ox.QueryResultsFormat.JSON) or b""
        return ProtocolAnswer(body, "application/sparql-results+json")
