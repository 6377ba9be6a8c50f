"""Which graphs of a remote SPARQL server a query may read: the dataset it is pinned to.

A remote server holds every graph exportgraph loads into it: the published graph, and the
confidential case collections (exportgraph.cases.collections) when `exportgraph load` pushed them.
Without a dataset a query reads the union of all of them. So every query a store pinned to a
dataset sends carries the protocol's default-graph-uri and named-graph-uri, naming only the
graphs it may read: the public server's store reads the published graph alone. (The case-token
endpoint reads the server's union instead: over a default graph merged from several graphs
Virtuoso 7.2 answers FILTER NOT EXISTS wrongly; see store_choice.open_remote_case_store.)

What Virtuoso 7.2 was seen to do (tests/remote/test_remote_cases.py holds it to this):
- default-graph-uri and named-graph-uri confine patterns, GRAPH ?g, GRAPH <iri>, a graph
  chosen by BIND, VALUES or FILTER, counts, ASK, CONSTRUCT and DESCRIBE to those graphs.
- FROM and FROM NAMED in the query text are ADDED to them, not overridden as the protocol
  says; so is a `DEFINE input:default-graph-uri` pragma. A query may therefore name in FROM
  only graphs of the dataset, and a DEFINE is not passed on.
- bif: and sql: functions run Virtuoso's built-ins and SQL procedures (bif:exec runs SQL);
  they are not SPARQL and are not passed on either. Neither is a back-quoted expression.
When the client names graphs of its own, only those of the dataset are kept; when none is
left, the query reads NO_GRAPH, a graph nothing is ever loaded into, so it finds nothing, as
for a graph that does not exist (an empty list would mean "every graph" to the server).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from exportgraph.errors import QueryError
from exportgraph.sparql.guard import QueryRefusedError
from exportgraph.sparql.text import Token, expand, tokenize

NO_GRAPH = "urn:x-exportgraph:no-graph"
# Virtuoso's namespaces of built-in functions and SQL procedures.
_ENGINE_NAMESPACES = ("bif:", "sql:")


@dataclass(frozen=True)
class PinnedDataset:
    """The graphs a query may read: its default graph (merged) and its named graphs."""

    default: tuple[str, ...]
    named: tuple[str, ...]

    @property
    def graphs(self) -> frozenset[str]:
        return frozenset(self.default) | frozenset(self.named)

    def protocol_graphs(
        self, default_uris: Sequence[str] = (), named_uris: Sequence[str] = ()
    ) -> tuple[list[str], list[str]]:
        """The default-graph-uri and named-graph-uri values to send for a request.

        Without graphs of the client's, the pinned dataset; with them, those of the dataset
        only (either list may then be NO_GRAPH, never empty).
        """
        if not default_uris and not named_uris:
            return list(self.default) or [NO_GRAPH], list(self.named) or [NO_GRAPH]
        default = [iri for iri in dict.fromkeys(default_uris) if iri in self.graphs]
        named = [iri for iri in dict.fromkeys(named_uris) if iri in self.graphs]
        return default or [NO_GRAPH], named or [NO_GRAPH]

    def check(self, sparql: str) -> None:
        """Refuse what would make the server read beyond the dataset.

        Raises:
            QueryRefusedError: a FROM or FROM NAMED that is not a graph of the dataset (or
                not written as a plain IRI), or a bif: or sql: function.
            QueryError: a DEFINE pragma or a back-quoted expression (not SPARQL 1.1).
        """
        stream = list(tokenize(sparql))
        prefixes: dict[str, str] = {}
        for index, token in enumerate(stream):
            word = token.word
            if word == "PREFIX" and index + 2 < len(stream):
                prefixes[stream[index + 1].text.rstrip(":")] = stream[index + 2].text.strip("<>")
            if word == "DEFINE":
                raise QueryError(
                    "DEFINE is not SPARQL 1.1: server pragmas are not passed on to the store"
                )
            if token.text == "`":
                raise QueryError(
                    "a back-quoted expression is not SPARQL 1.1 and is not passed on to the store"
                )
            if token.kind in ("iri", "pname") and _names_engine_function(token.text):
                raise QueryRefusedError(
                    f"{token.text} is not run: the store's own functions (bif:, sql:) are not"
                    " part of SPARQL 1.1 and are not offered"
                )
            if word == "FROM":
                self._check_from(stream, index, prefixes)

    def _check_from(self, stream: list[Token], index: int, prefixes: dict[str, str]) -> None:
        following = stream[index + 1 : index + 3]
        if following and following[0].word == "NAMED":
            following = following[1:]
        target = following[0] if following else None
        if target is None or target.kind not in ("iri", "pname"):
            raise QueryRefusedError(
                "FROM and FROM NAMED must name a graph of this store by its full IRI"
            )
        iri = expand(target, prefixes)
        if iri not in self.graphs:
            raise QueryRefusedError(
                f"FROM <{iri}> is not read: it is not a graph of this store, and remote"
                " documents are only read when the setting service_allow_list names them;"
                " load a file as a named graph with `exportgraph serve --graph IRI=FILE`"
            )


def _names_engine_function(text: str) -> bool:
    lowered = text.strip("<>").lower()
    return lowered.startswith(_ENGINE_NAMESPACES)
