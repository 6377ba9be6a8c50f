"""Issue 20, a remote store that goes away and comes back.

The faults, each shown fixed here against a store server on a real loopback socket
(tests/faulty_remote.py) that refuses, hangs past the time limit, or answers garbage:

- A store that refused or answered garbage reached /sparql, the pages, /licence-check and
  /validate as a 500 ("store-unavailable" under a server error), and a status line that was
  not HTTP as a 500 "internal-error" with a traceback in the log; now a 502, and a store that
  hangs past the time limit a 504, in the one JSON error shape, or a page in the page's
  language for a browser.
- The web server could not start while the store was down (the SPARQL endpoint asked the store
  for its graphs when it was built): it starts now, and answers come back by themselves when
  the store does, since no failure is kept.
- The CLI let a status line that was not HTTP out as a traceback; it exits 2 with the message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from exportgraph.cli import main
from exportgraph.config import Settings
from exportgraph.web import create_app
from tests.faulty_remote import FaultyRemote

CASE = Path(__file__).parent / "cases" / "valid" / "ald-usa-granted-with-conditions.ttl"
REGIMES = (
    "SELECT ?regime WHERE { ?regime a <https://w3id.org/exportgraph/ontology#ExportControlRegime> }"
)
# Far below a healthy answer's time on this machine's loopback, far above none at all.
STORE_TIMEOUT = 0.5

# How a store fails -> (HTTP status, error code, a phrase of the message).
FAULTS = {
    "refused": (502, "store-unavailable", "cannot reach the store"),
    "hang": (504, "store-timeout", "did not answer within 0.5 s"),
    "html": (502, "store-bad-answer", "the store's answer is not"),
    "http500": (502, "store-bad-answer", "failed with HTTP 500"),
    "http401": (502, "store-unavailable", "refused the request with HTTP 401"),
    "not-http": (502, "store-bad-answer", "not HTTP"),
    "half-json": (502, "store-bad-answer", "the store's answer is not"),
}


def _ask(client, route: str, accept: str = "application/json", lang: str | None = None):
    headers = {"Accept": accept}
    if lang:
        headers["Accept-Language"] = lang
    if route == "sparql":
        return client.post("/sparql", data={"query": REGIMES}, headers=headers)
    if route == "resource":
        return client.get("/id/regime/wassenaar", headers=headers, follow_redirects=True)
    if route == "licence-check":
        query = "item=3B001.f.4&destination=CHN&date=2024-01-01"
        return client.get(f"/licence-check?{query}", headers=headers)
    if route == "validate":
        headers["Content-Type"] = "text/turtle"
        return client.post("/validate", data=CASE.read_bytes(), headers=headers)
    raise AssertionError(route)


ROUTES = ("sparql", "resource", "licence-check", "validate")
# What Firefox sends with a page request.
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def remote():
    server = FaultyRemote()
    yield server
    server.stop()


@pytest.fixture
def app(remote):
    """The web app over the faulty store, built while the store is down (it forks no worker
    then, so one a test is cheap): /validate reads the law once, then keeps it."""
    remote.stop()
    app = create_app(Settings.load({}, store=remote.url, query_timeout=STORE_TIMEOUT))
    remote.start()
    yield app
    app.config["EXPORTGRAPH_ENDPOINT"].close()


@pytest.fixture
def fault(remote, request):
    """Make the store fail as named, then bring it back whole for the next test."""

    def make(name: str) -> None:
        if name == "refused":
            remote.stop()
        else:
            remote.mode = name

    yield make
    remote.mode = "ok"
    remote.start()


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("name", FAULTS)
def test_a_failing_store_is_a_502_or_504_in_the_json_error_shape(app, fault, name, route):
    status, code, phrase = FAULTS[name]
    fault(name)
    answer = _ask(app.test_client(), route)
    assert answer.status_code == status, answer.get_data(as_text=True)[:300]
    document = answer.get_json()
    assert document == {"error": code, "message": document["message"], "status": status}
    assert phrase in document["message"]
    assert "Traceback" not in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "cannot be reached just now"), ("nl", "is nu niet bereikbaar")],
)
@pytest.mark.parametrize("route", ROUTES)
def test_a_browser_gets_a_page_in_its_language(app, fault, route, lang, words):
    fault("refused")
    page = _ask(app.test_client(), route, accept=BROWSER, lang=lang)
    assert page.status_code == 502
    assert page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert f'<html lang="{lang}">' in text
    assert words in text
    assert "cannot reach the store" in text  # what failed, for whoever reports it


def test_the_query_page_says_the_store_is_down(app, fault):
    fault("hang")
    page = app.test_client().get("/query?query=ASK%7B%7D", headers={"Accept": "text/html"})
    assert page.status_code == 504
    assert "did not answer within" in page.get_data(as_text=True)


def test_answers_come_back_by_themselves_when_the_store_does(app, remote, fault):
    client = app.test_client()
    for name in FAULTS:
        fault(name)
        assert _ask(client, "sparql").status_code == FAULTS[name][0], name
        remote.mode = "ok"
        remote.start()
        answer = _ask(client, "sparql")
        assert answer.status_code == 200, (name, answer.get_data(as_text=True)[:300])
    for route in ROUTES:
        assert _ask(client, route).status_code == 200, route
    regimes = json.loads(_ask(client, "sparql").data)["results"]["bindings"]
    assert len(regimes) > 3
    # /validate read the law once, and goes on from its copy while the store is down.
    fault("refused")
    assert _ask(client, "sparql").status_code == 502
    answer = _ask(client, "validate")
    assert answer.status_code == 200
    assert answer.get_json()["conforms"] is True


def test_a_dated_question_waits_for_the_store_then_answers(remote):
    """An app started with the store down forks its dated workers once the store is back."""
    remote.stop()
    # A refusal is at once; the dated view is built in the worker within the time limit.
    app = create_app(Settings.load({}, store=remote.url, query_timeout=30.0))
    try:
        client = app.test_client()
        dated = {"query": REGIMES, "as_of": "2024-01-01"}
        refused = client.post("/sparql", data=dated, headers={"Accept": "application/json"})
        assert refused.status_code == 502
        remote.start()
        answer = client.post("/sparql", data=dated, headers={"Accept": "application/json"})
        assert answer.status_code == 200, answer.get_data(as_text=True)
        assert answer.headers["Exportgraph-As-Of"].startswith("2024-01-01")
    finally:
        remote.start()
        app.config["EXPORTGRAPH_ENDPOINT"].close()


class _Server:
    effective_port = 8123

    def __init__(self, app, sockets, threads) -> None:
        self.sockets = sockets

    def run(self) -> None:
        """Return at once: the test needs the banner, not a server."""
        for listener in self.sockets:
            listener.close()


def test_serve_starts_with_the_store_down_and_says_so(remote, monkeypatch):
    import waitress

    monkeypatch.setattr(waitress, "create_server", _Server)
    remote.stop()
    try:
        result = CliRunner().invoke(
            main,
            ["--store", remote.url, "serve", "--port", "0"],
            env={"EXPORTGRAPH_MEMORY_ALLOCATOR": "system", "EXPORTGRAPH_QUERY_TIMEOUT": "0.5"},
        )
    finally:
        remote.start()
    assert result.exit_code == 0, result.output
    assert "cannot reach the store" in result.stderr
    assert "Serving anyway" in result.stderr
    assert f"serving the store at {remote.url}" in result.stdout


CLI_CALLS = {
    "sparql": ["sparql", REGIMES],
    "licence-check": ["licence-check", "--item", "3B001.f.4", "--destination", "CHN"]
    + ["--date", "2024-01-01"],
    "validate": ["validate", str(CASE)],
}


@pytest.mark.parametrize("command", CLI_CALLS)
@pytest.mark.parametrize("name", ("refused", "hang", "not-http", "http500"))
def test_the_cli_exits_2_with_the_same_message(remote, fault, command, name):
    status, code, phrase = FAULTS[name]
    fault(name)
    result = CliRunner().invoke(
        main,
        ["--store", remote.url, *CLI_CALLS[command]],
        env={"EXPORTGRAPH_QUERY_TIMEOUT": str(STORE_TIMEOUT)},
    )
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert phrase in result.stderr
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output
