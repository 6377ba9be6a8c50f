"""A real server on 127.0.0.1, talked to with a real HTTP client (urllib)."""

from __future__ import annotations

import html
import json
import urllib.error
import urllib.parse
import urllib.request

COUNT_LISTS = (
    "SELECT (COUNT(?l) AS ?n) WHERE { ?l a <https://w3id.org/exportgraph/ontology#ControlList> }"
)
RUSSIA_IN_WASSENAAR = (
    "ASK { <https://w3id.org/exportgraph/id/regime/wassenaar> "
    "<https://w3id.org/exportgraph/ontology#participant> "
    "<http://publications.europa.eu/resource/authority/country/RUS> }"
)


def fetch(url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_home_page_says_what_is_in_the_graph(live_server):
    status, headers, body = fetch(live_server)
    assert status == 200
    assert headers.get_content_type() == "text/html"
    page = body.decode("utf-8")
    assert "Control lists" in page and "Regimes" in page
    assert "Wassenaar" in page
    assert "https://w3id.org/exportgraph/id/list/nl-semiconductor-equipment" in page


def test_select_by_get_answers_sparql_json(live_server):
    status, headers, body = fetch(
        live_server + "sparql?" + urllib.parse.urlencode({"query": COUNT_LISTS})
    )
    assert status == 200
    assert headers.get_content_type() == "application/sparql-results+json"
    answer = json.loads(body)
    assert answer["head"]["vars"] == ["n"]
    assert int(answer["results"]["bindings"][0]["n"]["value"]) >= 5


def test_ask_by_form_post(live_server):
    data = urllib.parse.urlencode({"query": RUSSIA_IN_WASSENAAR}).encode()
    status, _, body = fetch(
        live_server + "sparql", data, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200
    assert json.loads(body)["boolean"] is True


def test_direct_post(live_server):
    status, _, body = fetch(
        live_server + "sparql", COUNT_LISTS.encode(), {"Content-Type": "application/sparql-query"}
    )
    assert status == 200
    assert "results" in json.loads(body)


def test_malformed_query_gets_400_with_position(live_server):
    status, headers, body = fetch(
        live_server + "sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p }")
    )
    assert status == 400
    error = json.loads(body)
    assert error["status"] == 400 and error["error"] == "bad-query"
    assert "1:" in error["message"]  # line:column of the parser's complaint
    assert "Traceback" not in error["message"]


def test_missing_query_gets_400(live_server):
    # A GET without a query gets the Service Description (tests/test_sparql_protocol.py);
    # a POST without one is a client error.
    status, _, body = fetch(
        live_server + "sparql", b"", {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 400
    assert "query" in json.loads(body)["message"]


def test_unknown_path_gets_404_json(live_server):
    status, _, body = fetch(live_server + "no-such-page", headers={"Accept": "application/json"})
    assert status == 404
    assert json.loads(body)["status"] == 404


def test_a_browser_without_query_gets_a_form_that_runs(live_server):
    status, headers, body = fetch(live_server + "sparql", headers={"Accept": "text/html"})
    assert status == 200
    assert headers.get_content_type() == "text/html"
    page = body.decode("utf-8")
    assert '<textarea name="query"' in page
    example = page.split('aria-label="SPARQL query">', 1)[1].split("</textarea>", 1)[0]
    query = urllib.parse.urlencode({"query": html.unescape(example), "format": "csv"})
    status, headers, body = fetch(live_server + "sparql?" + query)
    assert status == 200
    assert headers.get_content_type() == "text/csv"
    assert "3B001.f.4" in body.decode("utf-8")
