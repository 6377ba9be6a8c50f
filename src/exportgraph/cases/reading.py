"""Read licence case records: Turtle, JSON-LD or plain JSON, from text, files or folders.

Turtle and JSON-LD are parsed by Oxigraph, whose syntax errors carry line and column; plain JSON
goes through exportgraph.cases.json_records, whose errors carry the JSON path. Relative IRIs resolve
against the id base (https://w3id.org/exportgraph/id/), so `<case/NL-EXP-2024-0001>` means
`exr:case/NL-EXP-2024-0001` with or without an @base line.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from exportgraph.cases.json_records import json_to_jsonld
from exportgraph.errors import InputError
from exportgraph.store import terms as ox

ID_BASE = "https://w3id.org/exportgraph/id/"
SUFFIXES = {".ttl": "turtle", ".jsonld": "json", ".json": "json"}
MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "json",
    "application/json": "json",
}


class CaseSource:
    """The case records of one input (a file, a request body, a batch read from a store).

    A source holds the triples its parser gave (CaseSource.from_triples, what read_case_text
    and read_case_files build) or an rdflib graph (CaseSource(name, graph)); the other form is
    made from it on first use and kept. The set-wise engine reads the triples and never builds
    the graph; pySHACL reads the graph.
    """

    __slots__ = ("name", "_graph", "_triples")

    def __init__(self, name: str, graph: Graph) -> None:
        self.name = name
        self._graph: Graph | None = graph
        self._triples: list[ox.Quad] | None = None

    @classmethod
    def from_triples(cls, name: str, triples: Iterable[ox.Quad | ox.Triple]) -> CaseSource:
        """Wrap parsed or stored triples without converting them.

        Args:
            name: what reports and error messages call the input (a file name).
            triples: ox.Quad objects, as ox.parse and Store.quads_for_pattern give them, or
                ox.Triple objects (as a CONSTRUCT query gives them). Quads are kept as they
                are, whatever their graph: the set-wise engine loads them into its own store
                in one call, so they are the fast form; Triples are turned into quads of the
                default graph first. Literals are read as written: a literal read back out
                of an Oxigraph store has the store's normal form, in which
                "3"^^xsd:positiveInteger became "3"^^xsd:integer (and then fails the
                quantity's datatype check), so validate what was parsed, not what was stored.

        Example: CaseSource.from_triples("cases.ttl", ox.parse(path="cases.ttl",
        format=ox.RdfFormat.TURTLE, base_iri=ID_BASE)); validate it with
        CaseValidator(engine="setwise").validate(source).
        """
        return cls._of_quads(
            name,
            [
                t if isinstance(t, ox.Quad) else ox.Quad(t.subject, t.predicate, t.object)
                for t in triples
            ],
        )

    @classmethod
    def _of_quads(cls, name: str, quads: list[ox.Quad]) -> CaseSource:
        source = cls.__new__(cls)
        source.name = name
        source._graph = None
        source._triples = quads
        return source

    @property
    def graph(self) -> Graph:
        """The case records as an rdflib graph (built from the triples on first use).

        Raises:
            InputError: a term is an RDF-star triple term.
        """
        if self._graph is None:
            self._graph = _rdflib_graph(self._triples or ())
        return self._graph

    @property
    def triples(self) -> list[ox.Quad]:
        """The case records as Oxigraph quads (made from the graph on first use)."""
        if self._triples is None:
            graph = self._graph if self._graph is not None else Graph()
            self._triples = [_quad(s, p, o) for s, p, o in graph]
        return self._triples


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
        return _parse_rdf(text, ox.RdfFormat.TURTLE, name)
    if syntax == "json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{name}: line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}",
                line=exc.lineno,
            ) from None
        except RecursionError:
            raise InputError(f"{name}: the JSON is nested too deeply to read") from None
        jsonld = json_to_jsonld(document, name)
        return _parse_rdf(json.dumps(jsonld), ox.RdfFormat.JSON_LD, name)
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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a batch of cases is parsed or validated.

    A batch's quads are Oxigraph terms, which refer to no Python object and so form no cycle,
    yet every full pass of the collector walks all of them: at 100,000 cases (2.5 million
    quads) those passes cost a seventh of the CPU time of parsing and validating
    (benchmarks/validate.py). Reference counting frees everything as before. The collector
    is enabled again after the block unless it was off before it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse_rdf(text: str, fmt: ox.RdfFormat, name: str) -> CaseSource:
    try:
        with collector_paused():
            quads = list(ox.parse(text, format=fmt, base_iri=ID_BASE))
    except SyntaxError as exc:
        message = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "", exc.msg)
        raise InputError(f"{name}: {_position(exc)}{message}", line=exc.lineno or None) from None
    # A triple term can only come from "<<" in Turtle; looking at every term costs more.
    if fmt != ox.RdfFormat.TURTLE or "<<" in text:
        for quad in quads:
            if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
                raise InputError(f"{name}: RDF-star triple terms are not accepted in a case")
    return CaseSource._of_quads(name, quads)  # the parser gives quads only


def _rdflib_graph(quads: Iterable[ox.Quad]) -> Graph:
    graph = Graph()
    terms: dict = {}  # predicates, classes and dates repeat: convert each term once
    for quad in quads:
        triple = []
        for term in (quad.subject, quad.predicate, quad.object):
            converted = terms.get(term)
            if converted is None:
                converted = terms[term] = _term(term)
            triple.append(converted)
        graph.add((triple[0], triple[1], triple[2]))
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


def _quad(subject: Node, predicate: Node, value: Node) -> ox.Quad:
    s, p, o = to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(value)
    if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode):
        raise InputError(f"not an RDF triple: {subject!r} {predicate!r} {value!r}")
    return ox.Quad(s, p, o)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as Oxigraph's (a plain literal becomes an xsd:string one)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
        return ox.Literal(str(term), datatype=datatype)
    raise InputError(f"unsupported RDF term {term!r}")
