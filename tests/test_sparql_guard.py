"""The endpoint's guard and negotiation, as units: what is refused, what is chosen."""

from __future__ import annotations

import pytest

from exportgraph.sparql.guard import QueryRefusedError, check_query, read_query
from exportgraph.web.sparql_negotiation import TABLE_TYPES, NotAcceptable, choose

REMOTE = "http://example.org/sparql"


def test_keywords_inside_strings_comments_and_iris_are_not_operations():
    query = (
        "# SERVICE <http://x/> INSERT\n"
        'SELECT ?s WHERE { ?s ?p "SERVICE <http://x/> and LOAD" . '
        "?s <http://example.org/SERVICE> ?o . ?s ex:SERVICE ?o }"
    )
    shape = read_query(query)
    assert shape.form == "SELECT" and shape.services == () and shape.from_graphs == ()


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> 1 }",
        "PREFIX ex: <http://ex/> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_as_read_only(update):
    with pytest.raises(QueryRefusedError, match="read-only"):
        check_query(update, (), ())


def test_service_needs_the_allow_list_and_prefixed_names_are_expanded():
    query = "PREFIX r: <http://example.org/> SELECT * { SERVICE SILENT r:sparql { ?s ?p ?o } }"
    with pytest.raises(QueryRefusedError, match="service_allow_list"):
        check_query(query, (), ())
    assert check_query(query, {REMOTE}, ()).services == (REMOTE,)


def test_service_with_a_variable_is_refused():
    with pytest.raises(QueryRefusedError, match="variable"):
        check_query("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }", {REMOTE}, ())


def test_from_a_local_graph_passes_a_remote_one_does_not():
    local = "urn:my:cases"
    assert check_query(f"SELECT * FROM NAMED <{local}> {{ ?s ?p ?o }}", (), {local})
    with pytest.raises(QueryRefusedError, match="FROM"):
        check_query("SELECT * FROM <http://example.org/data.ttl> { ?s ?p ?o }", (), {local})


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "json"),
        ("*/*", "json"),
        ("text/*", "csv"),
        ("text/*;q=0.5, text/tab-separated-values", "tsv"),
        ("application/sparql-results+xml;q=0.9, application/sparql-results+json;q=0.8", "xml"),
        ("text/csv;q=0, text/*", "tsv"),
    ],
)
def test_accept_with_q_values(accept, expected):
    assert choose(TABLE_TYPES, accept)[0] == expected


def test_nothing_acceptable():
    with pytest.raises(NotAcceptable, match="text/csv"):
        choose(TABLE_TYPES, "image/png, */*;q=0")
