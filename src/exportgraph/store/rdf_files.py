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


def reference_graph() -> Graph:
    """Return the ontology and the reference data as one rdflib graph."""
    return parse_turtle_files(turtle_files("ontology") + turtle_files("data"))
