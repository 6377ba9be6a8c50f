"""Hostile input and runaway queries against a real server on 127.0.0.1.

Each attack gets a clear 4xx (or 503 for a query stopped at the time limit) in the one JSON
error shape; no file outside the served ones is read, no connection leaves the server, and the
server goes on answering.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

from tests.endpoint_server import fetch
from tests.hardening_support import MACHINE_PATHS, listening, raw_get
from tests.server_process import server_process

MAX_BODY = 100_000
TIMEOUT = 2
CASE = Path(__file__).parent / "cases" / "json" / "valid" / "nxt1980i-china-after-extension.json"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server():
    settings = {"query_timeout": str(TIMEOUT), "max_body_bytes": str(MAX_BODY)}
    with server_process(settings) as running:
        yield running


def post(server, path, body: bytes, content_type: str):
    return fetch(server.url + path, data=body, headers={"Content-Type": content_type})


def error_of(status, body) -> dict:
    document = json.loads(body)
    assert set(document) == {"error", "message", "status"} and document["status"] == status
    assert not MACHINE_PATHS.search(document["message"]), document["message"]
    return document


def still_answers(server) -> None:
    status, _, body = fetch(server.url + "sparql?" + urllib.parse.urlencode({"query": CHEAP}))
    assert status == 200 and json.loads(body)["boolean"] is True


# --- RDF/XML with external entities and entity expansion ---------------------------------

SECRET = "exportgraph-secret-marker-7f3a"


def _xxe(secret_file: Path, listener_url: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY file SYSTEM "file://{secret_file}">
  <!ENTITY web SYSTEM "{listener_url}entity">
  <!ENTITY % remote SYSTEM "{listener_url}dtd"> %remote;
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:exg="https://w3id.org/exportgraph/ontology#">
  <exg:LicenceCase rdf:about="https://w3id.org/exportgraph/id/case/X">
    <exg:caseId>&file;&web;</exg:caseId>
  </exg:LicenceCase>
</rdf:RDF>
""".encode()


def _billion_laughs(levels: int = 10) -> bytes:
    entities = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    entities += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [' + "\n".join(entities) + "]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">'
        f'<rdf:Description rdf:about="urn:x"><rdfs:label>&lol{levels - 1};</rdfs:label>'
        "</rdf:Description></rdf:RDF>"
    ).encode()


def test_rdf_xml_with_external_entities_reads_no_file_and_fetches_nothing(server, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    with listening() as listener:
        document = _xxe(secret, listener.url)
        for content_type in ("application/rdf+xml", "application/xml", "text/xml"):
            status, _, body = post(server, "validate", document, content_type)
            # The validator takes Turtle and JSON; XML is refused before it is parsed.
            assert status == 415
            assert "text/turtle" in error_of(status, body)["message"]
        for content_type in ("text/turtle", "application/ld+json", "application/json"):
            status, _, body = post(server, "validate", document, content_type)
            assert status == 400
            error_of(status, body)
            assert SECRET.encode() not in body
        # From the form, as an uploaded file, as a browser sends it.
        boundary = "hardening-boundary"
        form = (
            (
                f"--{boundary}\r\n"
                'Content-Disposition: form-data; name="file"; filename="case.rdf"\r\n'
                "Content-Type: application/rdf+xml\r\n\r\n"
            ).encode()
            + document
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, _, body = fetch(
            server.url + "validate",
            data=form,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Accept": "application/json",
            },
        )
        assert status == 400 and SECRET.encode() not in body
        # A named graph given by IRI is never fetched either.
        query = urllib.parse.urlencode({"query": CHEAP, "default-graph-uri": listener.url})
        status, _, _ = fetch(server.url + "sparql?" + query)
        assert status in (200, 400, 403)  # an unknown graph is an empty one; never fetched
    assert listener.connections == []
    still_answers(server)


def test_entity_expansion_is_refused_without_a_memory_blow_up(server):
    before = server.peak_memory_kb()
    document = _billion_laughs()  # 10**10 characters once expanded
    for content_type in ("application/rdf+xml", "text/turtle", "application/json"):
        status, _, body = post(server, "validate", document, content_type)
        assert status in (400, 415)
        error_of(status, body)
    # Expanded, the document is 10 GB; the server's peak memory grew by far less than one.
    assert server.peak_memory_kb() - before < 100_000
    still_answers(server)


# --- Bodies over max_body_bytes --------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("validate", "application/json"),
        ("validate", "text/turtle"),
        ("validate", "multipart/form-data; boundary=x"),
        ("sparql", "application/sparql-query"),
        ("sparql", "application/x-www-form-urlencoded"),
    ],
)
def test_a_body_over_max_body_bytes_gets_413(server, path, content_type):
    status, _, body = post(server, path, b"#" * (MAX_BODY + 1), content_type)
    assert status == 413
    message = error_of(status, body)["message"]
    assert "max_body_bytes" in message and f"{MAX_BODY:,}" in message


def test_a_chunked_body_over_max_body_bytes_gets_413(server):
    def chunks():
        for _ in range(MAX_BODY // 1000 + 2):
            yield b"#" * 1000

    status, _, body = fetch(
        server.url + "validate",
        data=chunks(),
        headers={"Content-Type": "text/turtle", "Transfer-Encoding": "chunked"},
    )
    assert status == 413
    error_of(status, body)


def test_a_body_just_under_the_limit_is_read(server):
    padding = b" " * (MAX_BODY - len(CASE.read_bytes()) - 10)
    status, _, body = post(server, "validate", CASE.read_bytes() + padding, "application/json")
    assert status == 200, body


def test_more_cases_than_max_cases_per_request_get_400(server):
    cases = [{"caseId": f"NL-EXP-2024-{n:04d}"} for n in range(101)]  # the default limit is 100
    status, _, body = post(server, "validate", json.dumps(cases).encode(), "application/json")
    assert status == 400
    message = error_of(status, body)["message"]
    assert "101 cases" in message and "max_cases_per_request" in message
    status, _, body = post(server, "validate", json.dumps(cases[:3]).encode(), "application/json")
    assert status == 200 and len(json.loads(body)["cases"]) == 3


# --- Deep nesting and remote JSON-LD contexts ------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        b"[" * 40_000 + b"]" * 40_000,
        b'{"caseId":' * 5_000 + b'"x"' + b"}" * 5_000,
        b'{"@context": {}, "x": ' + b"[" * 1_000 + b"]" * 1_000 + b"}",
        b'{"caseItem": [{"itemDescription": {"a": ' + b"[" * 40 + b"]" * 40 + b"}}]}",
    ],
    ids=["lists", "objects", "json-ld", "a-field"],
)
def test_deeply_nested_json_gets_400(server, document):
    status, _, body = post(server, "validate", document, "application/json")
    assert status == 400
    assert "nested" in error_of(status, body)["message"]


def test_json_ld_contexts_that_name_remote_urls_are_not_fetched(server):
    with listening() as listener:
        remote = listener.url + "context.jsonld"
        documents = [
            {"@context": remote, "@id": "urn:x", "urn:p": "v"},
            {"@context": [remote], "@id": "urn:x", "urn:p": "v"},
            {"@context": {"@import": remote}, "@id": "urn:x", "urn:p": "v"},
            {"@context": {"@vocab": "urn:v#", "p": {"@context": remote}}, "p": {"q": 1}},
            {"@context": {}, "@graph": [{"@context": remote, "@id": "urn:x"}]},
            {"caseId": "X", "applicant": {"@context": remote, "name": "A"}},
            {"@context": "urn:exportgraph:not-fetched-either", "@id": "urn:x"},
        ]
        for document in documents:
            for content_type in ("application/ld+json", "application/json"):
                status, _, body = post(
                    server, "validate", json.dumps(document).encode(), content_type
                )
                assert status == 400, (document, body)
                error_of(status, body)
    assert listener.connections == []


# --- Invalid UTF-8 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "content_type"),
    [
        ("validate", b'{"caseId": "\xff\xfe"}', "application/json"),
        ("validate", b'{"caseId": "\xc3\x28"}', "application/ld+json"),
        ("validate", b"<urn:a> <urn:b> '\xed\xa0\x80' .", "text/turtle"),
        ("sparql", b'ASK { FILTER("\xff" = "") }', "application/sparql-query"),
        ("sparql", b"query=ASK%7B%22%FF%22%7D", "application/x-www-form-urlencoded"),
    ],
)
def test_invalid_utf8_gets_400(server, path, body, content_type):
    status, _, answer = post(server, path, body, content_type)
    assert status == 400
    error_of(status, answer)


# --- SERVICE, LOAD and FROM naming a loopback port -------------------------------------


def test_queries_that_name_a_loopback_port_open_no_connection(server):
    with listening() as listener:
        target = listener.url
        queries = [
            f"SELECT * WHERE {{ SERVICE <{target}sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <{target}sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * FROM <{target}data.ttl> WHERE {{ ?s ?p ?o }}",
            f"SELECT * FROM NAMED <{target}data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
            f"ASK {{ GRAPH <{target}data.ttl> {{ ?s ?p ?o }} }}",
            f"DESCRIBE <{target}thing>",
        ]
        updates = [
            f"LOAD <{target}data.ttl>",
            f"LOAD SILENT <{target}data.ttl> INTO GRAPH <urn:g>",
            f"ADD <{target}a> TO <urn:b>",
        ]
        for query in queries:
            for url in (
                server.url + "sparql?" + urllib.parse.urlencode({"query": query}),
                server.url + "query?" + urllib.parse.urlencode({"query": query}),
            ):
                status, _, _ = fetch(url)
                assert status in (200, 400, 403, 404), (query, status)
            post(server, "sparql", query.encode(), "application/sparql-query")
        for update in updates:
            sent = [
                post(server, "sparql", update.encode(), "application/sparql-update"),
                post(server, "sparql", update.encode(), "application/sparql-query"),
                fetch(server.url + "sparql?" + urllib.parse.urlencode({"update": update})),
                fetch(server.url + "sparql?" + urllib.parse.urlencode({"query": update})),
            ]
            for status, _, body in sent:
                assert status in (400, 403)
                error_of(status, body)
        for name in ("default-graph-uri", "named-graph-uri"):
            query = urllib.parse.urlencode({"query": CHEAP, name: target + "g"})
            status, _, _ = fetch(server.url + "sparql?" + query)
            assert status in (200, 400, 403)
    assert listener.connections == []


def test_service_to_a_loopback_port_is_refused(server):
    with listening() as listener:
        query = f"SELECT * WHERE {{ SERVICE <{listener.url}sparql> {{ ?s ?p ?o }} }}"
        status, _, body = fetch(server.url + "sparql?" + urllib.parse.urlencode({"query": query}))
        assert status == 403
        assert "service_allow_list" in error_of(status, body)["message"]
    assert listener.connections == []


# --- Path traversal --------------------------------------------------------------------

TRAVERSALS = [
    "/dumps/../../../../etc/passwd",
    "/dumps/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/dumps/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/dumps/..%5c..%5c..%5cetc%5cpasswd",
    "/dumps/%252e%252e%252fetc%252fpasswd",
    "/dumps/....//....//etc/passwd",
    "/dumps/%00../../etc/passwd",
    "/id/../../../../etc/passwd",
    "/id/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/id/%2e%2e%2f%2e%2e%2fsrc%2fexportgraph%2fconfig.py",
    "/static/../../../../etc/passwd",
    "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/..%2fconfig.py",
    "/static/%2e%2e/__init__.py",
    "/lists/..%2f..%2f..%2fetc%2fpasswd/history",
    "/ontology/..%2f..%2fpyproject.toml",
    "/ontology.%2e%2e%2fpyproject.toml",
    "/query?saved=..%2f..%2f..%2fetc%2fpasswd",
    "/query?saved=../../pyproject",
    "/query?saved=%2fetc%2fpasswd",
    "/contexts/..%2f..%2fpyproject.toml",
    "/resource?iri=file:///etc/passwd",
    "/resource?iri=file:../../pyproject.toml",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_reaches_no_file(server, path):
    status, body = raw_get(server.url, path, {"Accept": "application/json"})
    assert status in (400, 403, 404), (path, status)
    assert b"root:" not in body and b"[project]" not in body and b"import " not in body
    assert not MACHINE_PATHS.search(body.decode("utf-8", "replace")), body[:300]


# --- Catastrophic regular expressions and runaway queries -------------------------------


def test_a_catastrophic_regex_is_stopped_by_the_time_limit(server):
    # (a+)+$ against a's ending in "!" backtracks exponentially in a backtracking engine;
    # applied to every pair of triples it runs past the limit even in a linear-time one.
    text = "a" * 40 + "!"
    regex = f'FILTER regex(CONCAT(STR(?o), STR(?o2), "{text}"), "^(a+)+$")'
    query = f"SELECT * WHERE {{ ?s ?p ?o . ?s2 ?p2 ?o2 {regex} }}"
    status, _, body = post(server, "sparql", query.encode(), "application/sparql-query")
    assert status == 503
    message = error_of(status, body)["message"]
    assert f"time limit of {TIMEOUT} s" in message and "query_timeout" in message
    # The same regex on one string is answered: it does not match.
    single = f'ASK {{ FILTER regex("{text}", "^(a+)+$") }}'
    status, _, body = post(server, "sparql", single.encode(), "application/sparql-query")
    assert status == 200 and json.loads(body)["boolean"] is False
    still_answers(server)


def test_a_cross_product_is_stopped_while_other_clients_are_answered(server):
    finished: list[str] = []
    runaway: dict = {}

    def run_away() -> None:
        status, _, body = post(server, "sparql", CROSS_PRODUCT.encode(), "application/sparql-query")
        runaway.update(status=status, body=body)
        finished.append("runaway")

    thread = threading.Thread(target=run_away)
    thread.start()
    try:
        # Cheap questions from other clients while the runaway one runs: a query, a page.
        for _ in range(3):
            status, _, body = fetch(
                server.url + "sparql?" + urllib.parse.urlencode({"query": CHEAP})
            )
            assert status == 200 and json.loads(body)["boolean"] is True
            status, _, _ = fetch(server.url + "id/entry/nl/3B001.f.4")
            assert status == 200
            finished.append("cheap")
    finally:
        thread.join(timeout=60)
    # Every cheap answer came before the runaway query was stopped.
    assert finished[:3] == ["cheap"] * 3 and finished[-1] == "runaway"
    assert runaway["status"] == 503
    message = error_of(503, runaway["body"])["message"]
    assert f"time limit of {TIMEOUT} s" in message and "stopped" in message
    still_answers(server)


# --- Modes: never the debug server; gunicorn with worker processes -----------------------


def test_serve_never_runs_the_debug_server(monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("FLASK_ENV", "development")
    with server_process() as running:
        debugger = "no/such/page?__debugger__=yes&cmd=resource&f=debugger.js"
        status, headers, body = fetch(running.url + debugger)
        assert status == 404
        assert headers["Server"] == "waitress"
        assert b"Werkzeug" not in body and b"__debugger__" not in body
        status, _, body = fetch(running.url + "console")
        assert status == 404 and b"Werkzeug" not in body
        # A deliberately broken request gets the JSON error, not an interactive trace.
        status, _, body = fetch(
            running.url + "validate",
            data=b"[" * 40_000,
            headers={"Content-Type": "application/json"},
        )
        assert status == 400 and b"Traceback" not in body


def test_the_app_runs_under_gunicorn_with_worker_processes():
    gunicorn = Path(sys.executable).parent / "gunicorn"
    env = {**os.environ, "EXPORTGRAPH_QUERY_TIMEOUT": "1", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            str(gunicorn),
            "--workers",
            "2",
            "--threads",
            "2",
            "--bind",
            "127.0.0.1:0",
            "exportgraph.web:create_app()",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    try:
        url, booted = None, 0
        for line in process.stdout:
            match = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", line)
            url = url or (match.group(1) + "/" if match else None)
            booted += "Booting worker" in line
            if url and booted == 2:
                break
        assert url, "gunicorn did not start"
        results: list[int] = []

        def ask() -> None:
            status, _, _ = fetch(url + "sparql?" + urllib.parse.urlencode({"query": CHEAP}))
            results.append(status)

        threads = [threading.Thread(target=ask) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert results == [200] * 8
        # A runaway query is stopped in whichever worker took it, and that worker answers on.
        for _ in range(2):
            status, _, body = fetch(
                url + "sparql",
                data=CROSS_PRODUCT.encode(),
                headers={"Content-Type": "application/sparql-query"},
            )
            assert status == 503 and json.loads(body)["error"] == "query-timeout"
        status, headers, _ = fetch(url)
        assert status == 200 and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    finally:
        process.terminate()
        process.wait(timeout=20)
        process.stdout.close()
