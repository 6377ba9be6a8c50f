"""The embedded store: Oxigraph in this process, in memory or on disk.

The default store: it loads the reference law in well under a second and answers SPARQL 1.1
natively. It implements exportgraph.store.interface.Store, as RemoteStore does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from exportgraph.config import turtle_files
from exportgraph.errors import InputError, QueryError
from exportgraph.sparql.text import insert_at_group_start

T = TypeVar("T")

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
# Oxigraph 0.5 plans a VALUES block of more than about a thousand rows badly: over 30,000
# cases, 1,761 case parts took 0.02 s as VALUES blocks of up to 1,000 rows and 7 to 16 s as
# one block of 1,024 or more (benchmarks/validate.py, issue 18). Callers that bind a set that
# grows with their input ask in blocks of this many rows.
VALUES_ROWS_AT_MOST = 500

GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class Answer:
    """A query's answer as Python values: SELECT rows, an ASK boolean, or triples."""

    kind: str  # "select", "ask" or "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()


Bindings = Mapping[str, Identifier]


class EmbeddedStore:
    """An in-memory Oxigraph store holding the ontology, the reference data and extra files."""

    def __init__(self, store: ox.Store | None = None) -> None:
        """A new in-memory store, or the given Oxigraph store (an on-disk one, say)."""
        self._store = store if store is not None else ox.Store()

    def load_file(self, path: Path, graph: str | None = None) -> None:
        """Load one RDF file; the format follows the file's suffix.

        Raises:
            InputError: the file is missing or is not valid RDF; the message names the file
                and the line.
        """
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
        if fmt is None:
            raise InputError(
                f"{path}: unknown RDF format (use .ttl, .nt, .nq, .trig, .rdf or .jsonld)"
            )
        target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        try:
            self._store.bulk_load(path=str(path), format=fmt, to_graph=target)
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except SyntaxError as exc:
            raise InputError(f"{path}: {_describe_syntax_error(exc)}") from None

    def load_files(self, paths: Iterable[Path]) -> None:
        for path in paths:
            self.load_file(path)

    def add_triples(self, triples: Iterable[ox.Triple]) -> None:
        """Add triples to the default graph (exportgraph.law.as_of builds a dated view this way)."""
        self._store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction (the set-wise validator loads a batch of cases so)."""
        self._store.extend(quads)

    def clear_all_but(self, graph: str) -> None:
        """Remove every triple but those of one named graph (the set-wise validator empties
        its store of cases so, keeping the reference data)."""
        self._store.clear_graph(ox.DefaultGraph())
        for name in list(self._store.named_graphs()):
            if not (isinstance(name, ox.NamedNode) and name.value == graph):
                self._store.remove_graph(name)

    def solutions(
        self, sparql: str, prefixes: Mapping[str, str] | None = None
    ) -> ox.QuerySolutions:
        """Run a SELECT over the union of the graphs and return Oxigraph's lazy rows.

        For the set-wise validator's many small queries, read as tuples of terms; query()
        builds an Answer of dictionaries instead.

        Raises:
            QueryError: the query does not parse, or is no SELECT.
        """
        results = self._run(sparql, prefixes=prefixes)
        if not isinstance(results, ox.QuerySolutions):
            raise QueryError("solutions() runs SELECT queries only")
        return results

    def bulk_add(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads fast, without a transaction (case collections copy graphs so)."""
        self._store.bulk_extend(quads)

    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> Answer:
        """Run a SPARQL 1.1 query over the union of the store's graphs.

        Args:
            sparql: the query text.
            bindings: values for variables of the query, bound as values (never pasted into
                the text), as rdflib terms keyed by variable name without "?".
            prefixes: prefix declarations the query may use without declaring them.

        Raises:
            QueryError: the query does not parse or fails while it runs.
        """
        return _to_answer(self._run(sparql, bindings, prefixes))

    def query_results(
        self, sparql: str, table_format: str = "json", graph_format: str = "turtle"
    ) -> tuple[str, bytes]:
        """Run a query and serialise its answer.

        Args:
            sparql: the query text.
            table_format: for SELECT and ASK: json, xml, csv or tsv.
            graph_format: for CONSTRUCT and DESCRIBE: turtle, ntriples, rdfxml.

        Returns:
            The answer's kind ("select", "ask" or "graph") and the serialised answer.

        Raises:
            QueryError: the query does not parse or fails.
        """
        results = self._run(sparql)
        if isinstance(results, ox.QueryTriples):
            # Without an output argument pyoxigraph returns the bytes (typed as optional).
            return "graph", ox.serialize(results, format=GRAPH_FORMATS[graph_format]) or b""
        kind = "ask" if isinstance(results, ox.QueryBoolean) else "select"
        return kind, results.serialize(format=RESULT_FORMATS[table_format]) or b""

    @property
    def full_sparql(self) -> bool:
        """Oxigraph runs every SPARQL 1.1 query."""
        return True

    def triple_count(self) -> int:
        return len(self._store)

    def reference_graph(self) -> Graph:
        """The default graph (the ontology and the reference data) as a new rdflib Graph."""
        graph = Graph()
        text = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        graph.parse(data=(text or b"").decode("utf-8"), format="nt")
        return graph

    def as_embedded(self) -> EmbeddedStore:
        """The store itself: it is embedded."""
        return self

    def with_engine(
        self,
        embedded: Callable[[EmbeddedStore], T],
        remote: Callable[[Any], T],  # a RemoteStore: remote.py imports this module
    ) -> T:
        """Return embedded(self) (see exportgraph.store.interface.Store.with_engine)."""
        return embedded(self)

    def graph_names(self) -> frozenset[str]:
        """Return the IRIs of the store's named graphs (files loaded with a graph name)."""
        return frozenset(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def evaluate(
        self,
        sparql: str,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        union_default_graph: bool = True,
        base_iri: str | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a query over a chosen dataset and return Oxigraph's own, lazy answer.

        For the SPARQL endpoint, which streams and caps the answer itself. A dataset given
        here (the protocol's default-graph-uri and named-graph-uri) overrides the query's
        FROM clauses; with none, the default graph is the union of all graphs unless
        union_default_graph is False (a query with FROM then reads its own dataset).
        Relative IRIs in the query resolve against base_iri (the endpoint's URL).

        Raises:
            QueryError: the query does not parse; the message has the line and column.
        """
        dataset: dict = {}
        if default_graph is not None or named_graphs is not None:
            try:
                dataset["default_graph"] = [ox.NamedNode(iri) for iri in default_graph or ()]
                dataset["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs or ()]
            except ValueError as exc:
                raise QueryError(f"a graph IRI of the dataset is not an IRI: {exc}") from None
        else:
            dataset["use_default_graph_as_union"] = union_default_graph
        try:
            return self._store.query(sparql, base_iri=base_iri, **dataset)
        except SyntaxError as exc:
            raise QueryError(f"the query does not parse: {_describe_syntax_error(exc)}") from None

    def _run(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        if bindings:
            sparql = bind_values(sparql, bindings)
        try:
            return self._store.query(
                sparql,
                use_default_graph_as_union=True,
                prefixes=dict(prefixes) if prefixes else None,
            )
        except SyntaxError as exc:
            raise QueryError(f"the query does not parse: {_describe_syntax_error(exc)}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"the query failed: {exc}") from None


def open_store(
    extra_files: Iterable[Path] = (), named_graphs: Mapping[str, Path] | None = None
) -> EmbeddedStore:
    """Open the embedded store with the ontology, the reference data and any extra files.

    Args:
        extra_files: more RDF files for the default graph.
        named_graphs: RDF files to load as named graphs, keyed by graph IRI.
    """
    store = EmbeddedStore()
    store.load_files(turtle_files("ontology"))
    store.load_files(turtle_files("data"))
    store.load_files(extra_files)
    for graph, path in (named_graphs or {}).items():
        store.load_file(path, graph=graph)
    return store


def _to_answer(results: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Answer:
    if isinstance(results, ox.QueryBoolean):
        return Answer(kind="ask", boolean=bool(results))
    if isinstance(results, ox.QueryTriples):
        return Answer(kind="graph", triples=tuple(results))
    variables = tuple(v.value for v in results.variables)
    rows = tuple(
        {name: value for name, value in zip(variables, solution, strict=True) if value is not None}
        for solution in results
    )
    return Answer(kind="select", variables=variables, rows=rows)


def values_blocks(rows: Iterable[T]) -> Iterator[list[T]]:
    """The rows in blocks of VALUES_ROWS_AT_MOST, in the order given: one query per block."""
    block: list[T] = []
    for row in rows:
        block.append(row)
        if len(block) == VALUES_ROWS_AT_MOST:
            yield block
            block = []
    if block:
        yield block


def bind_values(sparql: str, bindings: Bindings) -> str:
    """Bind variables to values with a VALUES block at the top of the query's WHERE group.

    pyoxigraph binds values only for projected variables, so the values go into the query as a
    VALUES block: each term is written by Oxigraph's own serialiser (an IRI is validated, a
    literal escaped), never pasted as user text. Inside the group they are in scope for every
    FILTER and EXISTS, as SHACL's pre-binding of $this and parameters requires.

    Raises:
        QueryError: a value is not an IRI or literal, or the query has no WHERE group.
    """
    names = " ".join(f"?{name}" for name in bindings)
    row = " ".join(str(_to_oxigraph(term)) for term in bindings.values())
    return insert_at_group_start(sparql, f"VALUES ({names}) {{ ({row}) }}")


def _to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
    except ValueError as exc:
        raise QueryError(f"cannot bind {str(term)!r}: {exc}") from None
    raise QueryError(f"cannot bind {term!r}: not an IRI, blank node or literal")


_LINE = re.compile(r"line (\d+)", re.IGNORECASE)


def _describe_syntax_error(exc: BaseException) -> str:
    lineno = getattr(exc, "lineno", None)
    message = str(exc).strip()
    if lineno and not _LINE.search(message):
        return f"line {lineno}: {message}"
    return message
