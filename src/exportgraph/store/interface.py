"""The Store interface: what every caller may ask of a store, whichever engine is behind it.

Two stores implement it: EmbeddedStore (Oxigraph in this process, in memory or on disk) and
RemoteStore (a SPARQL 1.1 server); exportgraph.law.as_of's DatedView answers like them too.
Callers hold a Store and never ask which one it is: what differs between the engines is said
by the interface itself (full_sparql, as_embedded, reference_graph), and the one place that
must build something different for each (the SPARQL endpoint: worker processes over an
embedded store, HTTP time limits over a remote one) asks with_engine.

A typing.Protocol, as Oxigraph's own Python API is typed, so mypy checks both stores against
it without a common base class (tests/test_store_interface.py checks them at run time too).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol, TypeVar, runtime_checkable

from rdflib import Graph

from exportgraph.store.embedded import Answer, Bindings, EmbeddedStore
from exportgraph.store.remote import RemoteStore

T = TypeVar("T")

__all__ = ["Answer", "Bindings", "Store"]


@runtime_checkable
class Store(Protocol):
    """A store of the ontology and the reference law (and, for some, case collections)."""

    @property
    def full_sparql(self) -> bool:
        """Whether the store runs every SPARQL 1.1 query as Oxigraph does (EXISTS inside BIND,
        unbound transitive paths, booleans as written); a remote server may not, so a caller
        with such a query asks it in a plainer form, or of as_embedded()."""
        ...

    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> Answer:
        """Run a query; variables in bindings are bound as values, never pasted as text."""
        ...

    def query_results(
        self, sparql: str, table_format: str = ..., graph_format: str = ...
    ) -> tuple[str, bytes]:
        """Run a query and serialise its answer: (kind, bytes)."""
        ...

    def triple_count(self) -> int:
        """The number of triples a query reads."""
        ...

    def graph_names(self) -> frozenset[str]:
        """The IRIs of the named graphs a query may read with FROM or GRAPH."""
        ...

    def reference_graph(self) -> Graph:
        """The store's graph as a new rdflib Graph the caller owns (pySHACL validates over
        rdflib)."""
        ...

    def as_embedded(self) -> EmbeddedStore:
        """An embedded store with the same graph: the store itself when it is embedded, else
        a copy fetched once (for work that needs the engine in this process)."""
        ...

    def with_engine(
        self,
        embedded: Callable[[EmbeddedStore], T],
        remote: Callable[[RemoteStore], T],
    ) -> T:
        """Call embedded(self) or remote(self), whichever this store is, and return its value.

        For the few places that must build something different for each engine; everything
        else uses the methods above.
        """
        ...
