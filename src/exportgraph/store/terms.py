"""The engine's RDF vocabulary, for the layers above the store: write `from exportgraph.store
import terms as ox` and use `ox.NamedNode`, `ox.parse`, ... as with pyoxigraph itself.

Only exportgraph.store and exportgraph.sparql import pyoxigraph (an import-linter contract in
pyproject.toml); everything else reaches Oxigraph's terms, syntaxes and answers through here,
so a change of engine, or of pyoxigraph's API, is met in one place.

QuadStore is Oxigraph's own quad store, for one user: case collections on disk
(exportgraph.cases.collections), which write and scan quads graph by graph below the Store
interface (bulk loads, pattern scans, replacing one case's triples) and reopen the folder
read-only; what it reads back is served as an EmbeddedStore.
"""

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    parse,
    serialize,
)
from pyoxigraph import Store as QuadStore

Term = NamedNode | BlankNode | Literal

__all__ = [
    "BlankNode",
    "DefaultGraph",
    "Literal",
    "NamedNode",
    "Quad",
    "QuadStore",
    "QueryBoolean",
    "QueryResultsFormat",
    "QuerySolutions",
    "QueryTriples",
    "RdfFormat",
    "Term",
    "Triple",
    "parse",
    "serialize",
]
