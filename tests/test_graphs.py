"""tests/graphs.isomorphic gives rdflib's answer, on the cases where a shortcut could lie;
exportgraph.publish.canonical's labels follow the structure, not the blank nodes' names."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic as rdflib_isomorphic

from exportgraph.store.rdf_files import reference_graph
from tests.graphs import canonical_triples, isomorphic

EX = "http://example.org/"


@pytest.fixture(scope="module")
def graph_of_the_law() -> Graph:
    return reference_graph()


def graph(*triples) -> Graph:
    result = Graph()
    for triple in triples:
        result.add(triple)
    return result


A, B, P, Q = (URIRef(EX + name) for name in "abpq")
X, Y, Z, W = BNode(), BNode(), BNode(), BNode()

PAIRS = {
    "same ground triples": (graph((A, P, B)), graph((A, P, B)), True),
    "a ground triple differs": (graph((A, P, B)), graph((A, P, Literal("b"))), False),
    "blank nodes renamed": (graph((A, P, X), (X, Q, B)), graph((A, P, Y), (Y, Q, B)), True),
    "blank structure differs": (
        graph((A, P, X), (X, Q, B)),
        graph((A, P, X), (Y, Q, B)),
        False,
    ),
    "one more triple": (graph((A, P, B)), graph((A, P, B), (B, P, A)), False),
    # Colours cannot tell X from Y here (each maps to the other), so no mapping is forced.
    "symmetric blank nodes": (
        graph((A, P, X), (A, P, Y), (X, Q, Y), (Y, Q, X)),
        graph((A, P, Z), (A, P, W), (Z, Q, W), (W, Q, Z)),
        True,
    ),
    "symmetric on one side only": (
        graph((A, P, X), (A, P, Y), (X, Q, Y), (Y, Q, X)),
        graph((A, P, Z), (A, P, W), (Z, Q, W), (Z, Q, Z)),
        False,
    ),
    "a blank node list": (
        graph((A, P, X), (X, P, B), (X, Q, Y), (Y, P, A), (Y, Q, B)),
        graph((A, P, Z), (Z, P, B), (Z, Q, W), (W, P, A), (W, Q, B)),
        True,
    ),
    "a blank node list in another order": (
        graph((A, P, X), (X, P, B), (X, Q, Y), (Y, P, A), (Y, Q, B)),
        graph((A, P, Z), (Z, P, A), (Z, Q, W), (W, P, B), (W, Q, B)),
        False,
    ),
}


@pytest.mark.parametrize("name", PAIRS)
def test_the_same_answer_as_rdflib(name):
    first, second, expected = PAIRS[name]
    assert rdflib_isomorphic(first, second) is expected
    assert isomorphic(first, second) is expected


def test_canonical_labels_do_not_depend_on_the_blank_nodes_names(graph_of_the_law):
    renamed = Graph()
    fresh: dict = {}
    for triple in graph_of_the_law:
        renamed.add(
            tuple(fresh.setdefault(t, BNode()) if isinstance(t, BNode) else t for t in triple)
        )
    labelled = canonical_triples(graph_of_the_law)
    assert labelled is not None and labelled == canonical_triples(renamed)
    assert set(graph_of_the_law) != set(renamed)  # the names did change


def test_symmetric_blank_nodes_get_no_labels_of_their_own():
    first, _, _ = PAIRS["symmetric blank nodes"]
    assert canonical_triples(first) is None
