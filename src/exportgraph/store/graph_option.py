"""Read `IRI=FILE` pairs naming files to load as named graphs."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from exportgraph.errors import InputError


def parse_graph_options(values: Iterable[str]) -> dict[str, Path]:
    """Turn `IRI=FILE` strings into {graph IRI: file}.

    The file part follows the last "=", so an IRI may hold "=" in its query string.

    Raises:
        InputError: a value has no "=", the IRI has no scheme, or the file does not exist.
    """
    graphs: dict[str, Path] = {}
    for value in values:
        iri, sep, file = value.rpartition("=")
        if not sep or not iri or not file:
            raise InputError(f"--graph {value!r}: write it as IRI=FILE, e.g. urn:my:data=data.ttl")
        if ":" not in iri or any(char in iri for char in ' <>"{}|\\^`'):
            raise InputError(f"--graph {value!r}: {iri!r} is not an absolute IRI")
        path = Path(file)
        if not path.is_file():
            raise InputError(f"--graph {value!r}: {file}: no such file")
        graphs[iri] = path
    return graphs
