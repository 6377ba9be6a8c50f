"""Read licence case records: Turtle, JSON-LD or plain JSON, from text, files or folders.

Turtle and JSON-LD are parsed by Oxigraph, whose syntax errors carry line and column; plain JSON
goes through exportgraph.casejson, whose errors carry the JSON path. Relative IRIs resolve
against the id base (https://w3id.org/exportgraph/id/), so `<case/NL-EXP-2024-0001>` means
`exr:case/NL-EXP-2024-0001` with or without an @base line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from exportgraph.casejson import json_to_jsonld
from exportgraph.errors import InputError

ID_BASE = "https://w3id.org/exportgraph/id/"
SUFFIXES = {".ttl": "turtle", ".jsonld": "json", ".json": "json"}
MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "json",
    "application/json": "json",
}


@dataclass(frozen=True)
class CaseSource:
    """The case records of one input (a file, or a request body) as an rdflib graph."""

    name: str
    graph: Graph


def read_case_text(text: str | bytes, syntax: str, name: str = "<input>") -> CaseSource:
    """Parse one input's text.

    Args:
        text: the document.
        syntax: "turtle", or "json" for JSON-LD and plain JSON alike (a document without
            "@context" is plain JSON and gets the case-record context).
        name: what error messages call the input (a file name).

    Raises:
        InputError: the text does not parse; the message names the input and the line and
            column, or the JSON path.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    if syntax == "turtle":
        return CaseSource(name, _parse_rdf(text, ox.RdfFormat.TURTLE, name))
    if syntax == "json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{name}: line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}"
            ) from None
        except RecursionError:
            raise InputError(f"{name}: the JSON is nested too deeply to read") from None
        jsonld = json_to_jsonld(document, name)
        return CaseSource(name, _parse_rdf(json.dumps(jsonld), ox.RdfFormat.JSON_LD, name))
    raise InputError(f"{name}: unknown syntax {syntax!r}: use turtle or json")


def read_case_files(paths: Iterable[Path]) -> Iterator[CaseSource]:
    """Parse case files one by one; a folder stands for its .ttl, .jsonld and .json files.

    Raises:
        InputError: a path does not exist, has another suffix, or does not parse.
    """
    for path in expand_paths(paths):
        try:
            text = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror}") from None
        yield read_case_text(text, SUFFIXES[path.suffix.lower()], str(path))


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Return the case files named, folders expanded (recursively, sorted).

    Raises:
        InputError: a path does not exist, or a file has a suffix other than .ttl, .jsonld, .json.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
        elif not path.exists():
            raise InputError(f"{path}: no such file or folder")
        elif path.suffix.lower() not in SUFFIXES:
            raise InputError(f"{path}: unknown case format: use .ttl, .jsonld or .json")
        else:
            files.append(path)
    return files


def _parse_rdf(text: str, fmt: ox.RdfFormat, name: str) -> Graph:
    graph = Graph()
    try:
        for triple in ox.parse(text, format=fmt, base_iri=ID_BASE):
            graph.add((_term(triple.subject), _term(triple.predicate), _term(triple.object)))
    except SyntaxError as exc:
        message = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "", exc.msg)
        raise InputError(f"{name}: {_position(exc)}{message}") from None
    return graph


def _position(exc: SyntaxError) -> str:
    if exc.lineno:
        column = f", column {exc.offset}" if exc.offset else ""
        return f"line {exc.lineno}{column}: "
    return ""


def _term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        # rdflib tells a plain literal from an xsd:string one; RDF 1.1 does not.
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else datatype)
    raise InputError(f"unsupported RDF term {term!r} (RDF-star is not accepted)")
