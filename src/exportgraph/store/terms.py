"""The engine's RDF vocabulary, for the layers above the store: write `from exportgraph.store
import terms as ox` and use `ox.NamedNode`, `ox.parse`, ... as with pyoxigraph itself.

Only exportgraph.store and exportgraph.sparql import pyoxigraph (an import-linter contract in
pyproject.toml); everything else reaches Oxigraph's terms, syntaxes and answers through here,
so a change of engine, or of pyoxigraph's API, is met in one place.

QuadStore is Oxigraph's own quad store. The cases layer keeps using it directly, for the
set-wise validator's scratch store and for case collections on disk, because both work on
quads and named graphs below the Store interface (bulk loads, pattern scans, graph removal);
they never query the published graph through it.
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
