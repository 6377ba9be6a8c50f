"""The endpoint's own JSON writer gives the bytes Oxigraph's serialiser gives.

The endpoint writes the rows it kept under the row cap itself; a query the request thread
answers again is written whole by Oxigraph (exportgraph.endpoint.known_fast). Both must be the same
answer to the byte, whatever the terms hold.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from exportgraph.sparql.results import write_boolean, write_solutions

EX = "http://example.com/"
XSD = "http://www.w3.org/2001/XMLSchema#"
AWKWARD_TERMS = [
    ox.Literal('quote " backslash \\ newline \n tab \t return \r bell \x07 del \x7f'),
    ox.Literal("unicode é 😀 line separator \u2028 </script>"),
    ox.Literal("Wassenaar", language="nl-NL"),
    ox.Literal("left to right", language="en", direction=ox.BaseDirection.LTR),
    ox.Literal("2023-09-01", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal(""),
    ox.BlankNode("b1"),
    ox.NamedNode(EX + "é?a=1&b=2"),
]


@pytest.fixture(scope="module")
def awkward_store() -> ox.Store:
    store = ox.Store()
    for number, term in enumerate(AWKWARD_TERMS):
        store.add(ox.Quad(ox.NamedNode(f"{EX}s{number}"), ox.NamedNode(EX + "p"), term))
    return store


def ours_and_oxigraphs(store: ox.Store, sparql: str) -> tuple[bytes, bytes]:
    results = store.query(sparql)
    variables = [v.value for v in results.variables]
    rows = [{v: t for v, t in zip(variables, row, strict=True) if t is not None} for row in results]
    theirs = store.query(sparql).serialize(format=ox.QueryResultsFormat.JSON)
    return write_solutions(variables, rows, "json"), theirs


@pytest.mark.parametrize(
    "sparql",
    [
        # every awkward term, and a variable left unbound in every row
        "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o OPTIONAL { ?s <urn:none> ?unbound } } ORDER BY ?s",
        # quoted triples (SPARQL 1.2), one inside another, with a literal that has a direction
        "SELECT ?t WHERE {"
        ' BIND(<<( <urn:a> <urn:b> <<( <urn:c> <urn:d> "x"@en--rtl )>> )>> AS ?t) }',
        "SELECT * WHERE { }",  # one row without bindings
        "SELECT ?x WHERE { FILTER(false) }",  # no rows
    ],
)
def test_the_json_writer_writes_oxigraphs_bytes(awkward_store, sparql):
    ours, theirs = ours_and_oxigraphs(awkward_store, sparql)
    assert ours == theirs


@pytest.mark.parametrize("ask", ["ASK { }", "ASK { FILTER(false) }"])
def test_a_json_boolean_is_oxigraphs_bytes(awkward_store, ask):
    answer = awkward_store.query(ask)
    assert write_boolean(bool(answer), "json") == answer.serialize(
        format=ox.QueryResultsFormat.JSON
    )
