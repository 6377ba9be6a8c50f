"""The W3C SPARQL 1.1 Protocol tests, replayed against a live server on 127.0.0.1.

Every test of tests/data/w3c/sparql11-protocol/manifest.ttl runs: the query and negative tests
must get the status, format and boolean the manifest expects; the update tests must be refused
with a 4xx status, since the endpoint is read-only. The dataset tests need the W3C data files,
which the server loads as named graphs with --graph.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF

from exportgraph.config import Settings
from exportgraph.web import create_app
from tests.endpoint_server import W3C_GRAPHS, W3C_PROTOCOL, running_server

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")

MANIFEST = Graph().parse(W3C_PROTOCOL / "manifest.ttl", format="turtle")
MANIFEST_NODE = MANIFEST.value(predicate=RDF.type, object=MF.Manifest, any=False)
ENTRIES = list(Collection(MANIFEST, MANIFEST.value(MANIFEST_NODE, MF.entries)))

TABULAR = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples"}


def test_the_manifest_has_all_34_tests():
    assert len(ENTRIES) == 34


@pytest.fixture(scope="module")
def server():
    with running_server(graphs=W3C_GRAPHS) as url:
        yield urllib.parse.urlsplit(url)


def _name(entry) -> str:
    return str(entry).rsplit("#", 1)[1]


@pytest.mark.parametrize("entry", ENTRIES, ids=_name)
def test_protocol(server, entry):
    _check(server, entry)


def test_the_suite_passes_34_of_34(server):
    """The whole manifest at once: no entry skipped, none left out, every one passing."""
    failed = {}
    for entry in ENTRIES:
        try:
            _check(server, entry)
        except AssertionError as exc:
            failed[_name(entry)] = str(exc)[:200]
    assert failed == {}
    assert len(ENTRIES) - len(failed) == 34


def test_a_post_without_a_content_type_gets_400():
    """bad_query_missing_form_type, in process: a form body sent with no Content-Type."""
    app = create_app(Settings.load({}, query_workers=1))
    try:
        response = app.test_client().post("/sparql/", data=b"query=ASK%20%7B%7D")
    finally:
        app.config["EXPORTGRAPH_ENDPOINT"].close()
    assert response.status_code == 400
    assert response.get_json()["message"].startswith("a POST with no Content-Type")


def _check(server, entry) -> None:
    """Replay one manifest entry's requests; an AssertionError says what went wrong."""
    action = MANIFEST.value(entry, MF.action)
    requests = list(Collection(MANIFEST, MANIFEST.value(action, HT.requests)))
    is_update = _name(entry).startswith(("update_", "bad_update_"))
    for request in requests:
        status, content_type, body = _send(server, request)
        response = MANIFEST.value(request, HT.resp)
        if is_update:
            # Read-only endpoint: every update request is refused; the requests after it
            # would check the update's effect, so the test ends here.
            assert 400 <= status < 500, f"an update was not refused: {status} {body[:200]!r}"
            return
        expected = {
            str(code).rsplit("#", 1)[1] for code in MANIFEST.objects(response, MF.expectedStatus)
        }
        assert f"StatusCode{status // 100}xx" in expected, (status, body[:300])
        fmt = MANIFEST.value(response, MF.expectedFormat)
        if fmt is not None:
            allowed = {
                "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
                "tabular": TABULAR,
                "RDF": RDF_TYPES,
            }[str(fmt)]
            assert content_type in allowed, content_type
        boolean = MANIFEST.value(response, MF.expectedBoolean)
        if boolean is not None:
            assert _read_boolean(content_type, body) is boolean.toPython()


def _send(server, request) -> tuple[int, str, bytes]:
    method = str(MANIFEST.value(request, HT.methodName))
    path = str(MANIFEST.value(request, HT.absolutePath))
    path = "/sparql" + path[len("/sparql/") - 1 :] if path.startswith("/sparql/") else path
    headers = {}
    for header in Collection(MANIFEST, MANIFEST.value(request, HT.headers) or RDF.nil):
        headers[str(MANIFEST.value(header, HT.fieldName))] = str(
            MANIFEST.value(header, HT.fieldValue)
        )
    body = None
    content = MANIFEST.value(request, HT.body)
    if content is not None:
        encoding = str(MANIFEST.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(MANIFEST.value(content, CNT.chars)).encode(encoding)
    connection = http.client.HTTPConnection(server.hostname, server.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        reply = connection.getresponse()
        content_type = (reply.getheader("Content-Type") or "").split(";")[0].strip()
        return reply.status, content_type, reply.read()
    finally:
        connection.close()


def _read_boolean(content_type: str, body: bytes) -> bool:
    if content_type == "application/sparql-results+json":
        return json.loads(body)["boolean"]
    element = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert element is not None
    return element.text == "true"
