"""Issue 18 item 5: what the remote store writes must be SPARQL that every server parses.

The fault: a value bound into a saved question with a subquery (cases-per-destination with an
outcome) was written into the subquery's projection as a bare constant, `SELECT ?case <iri>
WHERE`, which Virtuoso took and the Oxigraph server refused ("expected WHERE"). Now it is
projected as `(<iri> AS ?outcome)`. Checked here on the embedded engine (pyoxigraph, the same
parser as the Oxigraph server), against the answer of the query as written with VALUES.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import URIRef

from exportgraph.store.remote import bind_at_group_start

EX = "urn:example:"
QUERY = f"""SELECT ?case ?outcome WHERE {{
  {{ SELECT ?case ?outcome WHERE {{ ?case <{EX}outcome> ?outcome . }} }}
}}"""


def _store() -> ox.Store:
    store = ox.Store()
    for case, outcome in (("a", "granted"), ("b", "refused"), ("c", "refused")):
        store.add(
            ox.Quad(
                ox.NamedNode(EX + case), ox.NamedNode(EX + "outcome"), ox.NamedNode(EX + outcome)
            )
        )
    return store


def _rows(answer) -> set[tuple[str, str]]:
    return {(row["case"].value, row["outcome"].value) for row in answer}


def test_a_value_bound_in_a_subquery_projection_is_valid_sparql_with_the_same_answer():
    refused = ox.NamedNode(EX + "refused")
    written = bind_at_group_start(QUERY, {"outcome": URIRef(refused.value)})
    assert f"(<{EX}refused> AS ?outcome)" in written
    store = _store()
    expected = store.query(
        QUERY.replace("WHERE {\n", f"WHERE {{ VALUES ?outcome {{ {refused} }}\n", 1)
    )
    assert (
        _rows(store.query(written))
        == _rows(expected)
        == {
            (EX + "b", EX + "refused"),
            (EX + "c", EX + "refused"),
        }
    )
