"""Issue 17: two wiring faults that came from callers choosing a store themselves.

- `exportgraph diff` opened the embedded store whatever --store said (it called open_store());
  it now goes through ExportGraph.open(), which opens the configured store.
- `/validate` built its validator over the embedded reference files even with a remote store
  (CaseValidator(store()) without the remote store's reference graph); it now asks
  ExportGraph.validator(), whose rules run over store.reference_graph(), the remote graph.

The remote store is exportgraph's own app behind urllib (tests/fake_remote.py), so each test
sees which queries reached the server.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from exportgraph.api.graph import ExportGraph
from exportgraph.cli import main
from exportgraph.config import Settings
from exportgraph.store import remote as remote_module
from exportgraph.store.embedded import open_store
from exportgraph.web import create_app
from tests.fake_remote import PUBLISHED, URL, FakeRemote

CASE = Path(__file__).parent / "cases" / "valid" / "nxt1980i-china-after-extension.ttl"


@pytest.fixture(scope="module")
def server():
    fake = FakeRemote()
    yield fake
    fake.close()


@pytest.fixture
def remote(server, monkeypatch):
    monkeypatch.setattr(remote_module.urllib.request, "build_opener", server.opener)
    monkeypatch.setenv("EXPORTGRAPH_STORE", URL)
    server.queries.clear()
    return server


def test_diff_reads_the_remote_store(remote):
    result = CliRunner().invoke(
        main,
        ["diff", "nl-semiconductor-equipment", "--from", "2024-09-01", "--to", "2024-09-10"]
        + ["--format", "json"],
    )
    assert result.exit_code == 0, result.output
    assert remote.queries, "diff asked the remote store nothing"
    expected = ExportGraph(open_store()).diff(
        "nl-semiconductor-equipment", "2024-09-01", "2024-09-10"
    )
    assert json.loads(result.output) == expected.to_json()


def test_validate_over_a_remote_store_reads_its_reference_graph(remote):
    app = create_app(Settings.load())
    try:
        response = app.test_client().post(
            "/validate",
            data=CASE.read_bytes(),
            headers={"Content-Type": "text/turtle", "Accept": "application/json"},
        )
    finally:
        app.config["EXPORTGRAPH_ENDPOINT"].close()
    assert response.status_code == 200, response.data
    assert response.get_json()["conforms"] is True
    fetched = [q for q in remote.queries if q.startswith("CONSTRUCT") and f"<{PUBLISHED}>" in q]
    assert fetched, "the validator never fetched the remote store's reference graph"
