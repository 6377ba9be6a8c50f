"""Write SPARQL answers in the standard formats, after the endpoint has capped them.

Oxigraph serialises a whole answer; the endpoint stops reading at the row cap, so it writes the
rows it kept itself: SPARQL 1.1 Query Results JSON, XML, CSV and TSV for SELECT and ASK, and
Turtle, N-Triples, JSON-LD and RDF/XML (by Oxigraph) for CONSTRUCT and DESCRIBE.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = Mapping[str, Term]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

TABLE_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def write_solutions(variables: Sequence[str], rows: Sequence[Row], fmt: str) -> bytes:
    """Serialise SELECT rows as json, xml, csv or tsv."""
    if fmt == "json":
        return _json_solutions(variables, rows)
    if fmt == "xml":
        return _xml_solutions(variables, rows)
    if fmt == "csv":
        return _csv(variables, [[_plain(row.get(v)) for v in variables] for row in rows])
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_ntriples(row.get(v)) for v in variables) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown result format {fmt!r}")


def write_boolean(value: bool, fmt: str) -> bytes:
    """Serialise an ASK answer; CSV and TSV carry it as a one-cell table (as Jena does)."""
    text = "true" if value else "false"
    if fmt == "json":
        return _json({"head": {}, "boolean": value})
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{text}</boolean></sparql>\n"
        ).encode()
    if fmt in ("csv", "tsv"):
        return f"{'?' if fmt == 'tsv' else ''}_askResult\n{text}\n".encode()
    raise ValueError(f"unknown result format {fmt!r}")


def write_triples(
    triples: Sequence[ox.Triple], fmt: str, prefixes: Mapping[str, str] | None = None
) -> bytes:
    """Serialise CONSTRUCT or DESCRIBE triples; Turtle uses the given prefixes."""
    options: dict = {"format": GRAPH_FORMATS[fmt]}
    if fmt == "turtle" and prefixes:
        options["prefixes"] = dict(prefixes)
    return ox.serialize(list(triples), **options) or b""


def json_term(term: Term) -> dict:
    """A term as SPARQL Query Results JSON writes it (a quoted triple as SPARQL 1.2 does)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if term.direction:
                out["its:dir"] = str(term.direction)
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": json_term(term.subject),
            "predicate": json_term(term.predicate),
            "object": json_term(term.object),
        },
    }


def _json_solutions(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    # Written piece by piece rather than by json.dumps of dicts, which took a quarter of a
    # cheap query's time in the worker (1.6 times slower). The bytes are Oxigraph's own (compact
    # JSON, same escapes, same key order), so that a query the request thread answers again
    # with Oxigraph's serialiser (exportgraph.endpoint.known_fast) gets the very same answer.
    head = ",".join(map(encode_basestring, variables))
    bindings = ",".join(_json_row(row) for row in rows)
    text = f'{{"head":{{"vars":[{head}]}},"results":{{"bindings":[{bindings}]}}}}'
    return text.encode("utf-8")


def _json_row(row: Row) -> str:
    pairs = ",".join(f"{encode_basestring(name)}:{_json_term_text(t)}" for name, t in row.items())
    return f"{{{pairs}}}"


def _json_term_text(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f'{{"type":"uri","value":{encode_basestring(term.value)}}}'
    if isinstance(term, ox.Literal) and not term.direction:
        value = encode_basestring(term.value)
        if term.language:
            language = encode_basestring(term.language)
            return f'{{"type":"literal","value":{value},"xml:lang":{language}}}'
        datatype = term.datatype.value
        if datatype in (XSD_STRING, RDF_LANG_STRING):
            return f'{{"type":"literal","value":{value}}}'
        return f'{{"type":"literal","value":{value},"datatype":{encode_basestring(datatype)}}}'
    return _json_text(json_term(term))


def _json_text(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _json(document: dict) -> bytes:
    return _json_text(document).encode("utf-8")


def _xml_solutions(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    out = [
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>',
        *(f"<variable name={quoteattr(v)}/>" for v in variables),
        "</head><results>",
    ]
    for row in rows:
        out.append("<result>")
        for name, value in row.items():
            out.append(f"<binding name={quoteattr(name)}>{_xml_term(value)}</binding>")
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode("utf-8")


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return (
                f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
            )
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv(variables: Sequence[str], rows: list[list[str]]) -> bytes:
    # SPARQL 1.1 CSV: RFC 4180 with CRLF line ends, plain values, blank nodes as _:label.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


_NT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _ntriples(term: Term | None) -> str:
    """A term in N-Triples syntax, as SPARQL TSV writes it; tabs and line ends escaped."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        body = "".join(_NT_ESCAPES.get(char, char) for char in term.value)
        if term.language:
            return f'"{body}"@{term.language}'
        if term.datatype.value == XSD_STRING:
            return f'"{body}"'
        return f'"{body}"^^<{term.datatype.value}>'
    return str(term)
