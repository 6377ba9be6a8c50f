"""The project's Turtle files as rdflib graphs, for pySHACL and the ontology's page."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from exportgraph.config import turtle_files
from exportgraph.errors import InputError


def parse_turtle_files(paths: Iterable[Path], graph: Graph | None = None) -> Graph:
    """Parse Turtle files into one graph.

    Raises:
        InputError: a file is missing or not valid Turtle; the message names file and line.
    """
    graph = Graph() if graph is None else graph
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except Exception as exc:  # rdflib's parsers raise several unrelated exception types
            raise InputError(f"{path}: not valid Turtle: {exc}") from None
    return graph


# The files' identities (path, size, modification time) and what parsing them gave: building
# a validator parses the reference law each time, and copying triples costs a sixth of that.
_parsed: tuple[tuple, tuple, tuple] | None = None


def reference_graph() -> Graph:
    """Return the ontology and the reference data as one rdflib graph (a fresh copy each call)."""
    global _parsed
    paths = turtle_files("ontology") + turtle_files("data")
    identity = tuple((str(path), path.stat().st_size, path.stat().st_mtime_ns) for path in paths)
    if _parsed is None or _parsed[0] != identity:
        parsed = parse_turtle_files(paths)
        _parsed = (identity, tuple(parsed), tuple(parsed.namespaces()))
        return parsed
    graph = Graph()
    for prefix, namespace in _parsed[2]:
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.addN((*triple, graph) for triple in _parsed[1])
    return graph
