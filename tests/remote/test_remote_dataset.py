"""The dataset a remote store's queries are pinned to, checked without a server.

tests/remote/test_remote_cases.py holds a real Virtuoso to the same rules; here are the edges
of the reading itself: which graphs a request may name, and which query texts are refused.
"""

from __future__ import annotations

import pytest

from exportgraph.errors import QueryError
from exportgraph.sparql.guard import QueryRefusedError
from exportgraph.store.remote_dataset import NO_GRAPH, PinnedDataset

PUBLISHED = "https://w3id.org/exportgraph/graph/published"
COLLECTION = "https://w3id.org/exportgraph/graph/cases/cases"
PUBLIC = PinnedDataset((PUBLISHED,), (PUBLISHED,))


def test_without_graphs_of_its_own_a_request_reads_the_pinned_dataset():
    assert PUBLIC.protocol_graphs() == ([PUBLISHED], [PUBLISHED])


@pytest.mark.parametrize(
    ("default", "named", "expected"),
    [
        # A graph outside the dataset reads as an empty one, never as "every graph".
        ([COLLECTION], [], ([NO_GRAPH], [NO_GRAPH])),
        ([], [COLLECTION], ([NO_GRAPH], [NO_GRAPH])),
        ([PUBLISHED, COLLECTION], [COLLECTION], ([PUBLISHED], [NO_GRAPH])),
        ([PUBLISHED], [], ([PUBLISHED], [NO_GRAPH])),
    ],
)
def test_graphs_a_request_names_are_kept_to_the_dataset(default, named, expected):
    assert PUBLIC.protocol_graphs(default, named) == expected


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT * FROM <{PUBLISHED}> WHERE {{ ?s ?p ?o }}",
        "PREFIX g: <https://w3id.org/exportgraph/graph/> SELECT * FROM NAMED g:published"
        " WHERE { GRAPH ?g { ?s ?p ?o } }",
        # Words, strings, IRIs and comments that only look like the refused forms.
        '# DEFINE input:default-graph-uri <x>\nSELECT ?define WHERE { ?s ?p "FROM <x> bif:exec" }',
        "SELECT * WHERE { ?s <https://example.org/from> ?o }",
    ],
)
def test_standard_queries_over_the_dataset_pass(query):
    PUBLIC.check(query)


@pytest.mark.parametrize(
    ("query", "error"),
    [
        (f"SELECT * FROM <{COLLECTION}> WHERE {{ ?s ?p ?o }}", QueryRefusedError),
        (f"SELECT * FROM NAMED <{COLLECTION}> WHERE {{ ?s ?p ?o }}", QueryRefusedError),
        (
            "BASE <https://w3id.org/exportgraph/graph/> SELECT * FROM <published> {}",
            QueryRefusedError,
        ),
        (
            "SELECT * FROM <https://w3id.org/exportgraph/graph/\\u0070ublished> {}",
            QueryRefusedError,
        ),
        ("SELECT * FROM ?g {}", QueryRefusedError),
        (f"define input:default-graph-uri <{COLLECTION}> SELECT * {{}}", QueryError),
        ("SELECT (bif:exec('x') AS ?n) {}", QueryRefusedError),
        ("PREFIX v: <SQL:> SELECT (v:f() AS ?n) {}", QueryRefusedError),
        ("SELECT * { GRAPH `iri('x')` { ?s ?p ?o } }", QueryError),
    ],
)
def test_what_would_widen_the_dataset_is_refused(query, error):
    with pytest.raises(error):
        PUBLIC.check(query)
