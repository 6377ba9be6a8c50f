"""Confidential by default: a validated case never reaches the published graph.

A case posted to /validate (as JSON, as Turtle, from the form) is looked for afterwards every
way the server publishes data: SPARQL over the default graph and every named graph, DESCRIBE,
the resource page, search and the dumps. None of them knows it.
"""

from __future__ import annotations

import gzip
import json
import re
import urllib.parse
from pathlib import Path

import pytest

from tests.web_client import app_in_process, fetch

CASES = Path(__file__).parent / "cases"
# Fictional values, unique to this test, so any trace of them in an answer is the case's.
CASE_ID = "NL-EXP-2024-9931"
APPLICANT = "Confidential Probe Applicant B.V."
END_USER = "Confidential Probe End User Ltd."
CASE_IRI = f"https://w3id.org/exportgraph/id/case/{CASE_ID}"
MARKERS = (CASE_ID, APPLICANT, END_USER)


@pytest.fixture(scope="module")
def server():
    """The default application with a store of its own, answered in this process (Flask's test
    client): where the case could leak is the application, not the socket."""
    with app_in_process({}) as running:
        case = json.loads(
            (CASES / "json" / "valid" / "nxt1980i-china-after-extension.json").read_text()
        )
        case.update(caseId=CASE_ID)
        case["applicant"]["name"] = APPLICANT
        case["endUser"]["name"] = END_USER
        status, _, body = fetch(
            running + "validate",
            data=json.dumps(case).encode(),
            headers={"Content-Type": "application/json"},
        )
        assert status == 200 and CASE_ID in body.decode()  # the report names the case
        turtle = (
            f"@prefix exg: <https://w3id.org/exportgraph/ontology#> .\n"
            f'<case/{CASE_ID}-ttl> a exg:LicenceCase ; exg:caseId "{CASE_ID}" .\n'
        )
        status, _, _ = fetch(
            running + "validate", data=turtle.encode(), headers={"Content-Type": "text/turtle"}
        )
        assert status == 200
        form = urllib.parse.urlencode({"case": json.dumps(case), "syntax": "json"}).encode()
        status, _, _ = fetch(
            running + "validate",
            data=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 200
        yield running


def _sparql(server, query: str, **extra: str):
    params = urllib.parse.urlencode({"query": query, **extra})
    return fetch(server + "sparql?" + params, headers={"Accept": "application/sparql-results+json"})


def _mentions(body: bytes) -> list[str]:
    text = body.decode("utf-8", "replace")
    return [marker for marker in MARKERS if marker in text]


@pytest.mark.parametrize(
    "query",
    [
        f'SELECT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), "{CASE_ID}")) }}',
        f'SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), "{CASE_ID}")) }} }}',
        f'SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o FILTER(CONTAINS(STR(?s), "{CASE_ID}")) }} }}',
        f"SELECT * WHERE {{ <{CASE_IRI}> ?p ?o }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ <{CASE_IRI}> ?p ?o }} }}",
        'SELECT ?o WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "Confidential Probe")) }',
        "SELECT ?s WHERE { ?s a <https://w3id.org/exportgraph/ontology#LicenceCase> }",
        "SELECT ?s WHERE { GRAPH ?g { ?s a <https://w3id.org/exportgraph/ontology#LicenceCase> } }",
    ],
)
def test_sparql_does_not_know_the_validated_case(server, query):
    status, _, body = _sparql(server, query)
    assert status == 200
    assert json.loads(body)["results"]["bindings"] == []


def test_describe_and_ask_do_not_know_the_case(server):
    status, _, body = fetch(
        server + "sparql?" + urllib.parse.urlencode({"query": f"DESCRIBE <{CASE_IRI}>"}),
        headers={"Accept": "application/n-triples"},
    )
    assert status == 200 and body.strip() == b""
    status, _, body = _sparql(server, f"ASK {{ GRAPH ?g {{ <{CASE_IRI}> ?p ?o }} }}")
    assert json.loads(body)["boolean"] is False


def test_pages_and_search_do_not_know_the_case(server):
    for path in (f"id/case/{CASE_ID}", f"id/case/{CASE_ID}/applicant"):
        status, _, body = fetch(server + path, headers={"Accept": "application/json"})
        assert status == 404
    for words in (CASE_ID, APPLICANT, "Confidential Probe"):
        status, _, body = fetch(server + "search?" + urllib.parse.urlencode({"q": words}))
        # The search page repeats what was asked; it finds nothing.
        page = body.decode()
        assert status in (200, 404)
        assert f"/id/case/{CASE_ID}" not in page and "id/case/" not in page


def test_the_dumps_do_not_hold_the_case(server):
    status, _, body = fetch(server + "dumps/")
    names = sorted(set(re.findall(r'href="/dumps/([^"]+)"', body.decode())))
    assert names, "no dumps listed"
    for name in names:
        status, _, data = fetch(server + "dumps/" + name)
        assert status == 200
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        assert _mentions(data) == [], name
