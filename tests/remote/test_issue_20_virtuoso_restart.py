"""Issue 20 against the real Virtuoso: stop the store under a running server, ask, start it
again, ask again.

The fault it guards: a store that went away reached the web layer as a 500; and an answer
after the store came back must not need a restart of exportgraph (no failure is kept).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from exportgraph.cli import main
from exportgraph.config import Settings
from exportgraph.web import create_app
from tests.remote.virtuoso_server import start_virtuoso

# One of Virtuoso's own graphs: a fresh server holds triples there, so an answer has rows.
SYSTEM_GRAPH = "http://www.openlinksw.com/schemas/virtrdf#"
COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SYSTEM_GRAPH}> {{ ?s ?p ?o }} }}"
JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server = start_virtuoso(tmp_path_factory.mktemp("restarted") / "db")
    yield server
    server.stop()


def test_a_stopped_virtuoso_is_a_502_and_answers_again_once_started(virtuoso):
    settings = Settings.load({}, store=virtuoso.query_url, store_graph=SYSTEM_GRAPH)
    app = create_app(settings)
    client = app.test_client()
    try:
        assert client.post("/sparql", data={"query": COUNT}, headers=JSON).status_code == 200
        virtuoso.halt()
        down = client.post("/sparql", data={"query": COUNT}, headers=JSON)
        assert down.status_code == 502, down.get_data(as_text=True)
        assert down.get_json()["error"] == "store-unavailable"
        assert "cannot reach the store" in down.get_json()["message"]
        page = client.get("/licence-check?item=3B001.f.4&destination=CHN&date=2024-01-01")
        assert page.status_code == 502
        cli = CliRunner().invoke(main, ["--store", virtuoso.query_url, "sparql", COUNT])
        assert cli.exit_code == 2 and "cannot reach the store" in cli.stderr
        virtuoso.restart()
        again = client.post("/sparql", data={"query": COUNT}, headers=JSON)
        assert again.status_code == 200, again.get_data(as_text=True)
        assert int(again.get_json()["results"]["bindings"][0]["n"]["value"]) > 0
    finally:
        app.config["EXPORTGRAPH_ENDPOINT"].close()
        if virtuoso.process.poll() is not None:
            virtuoso.restart()
