"""A real Virtuoso for the remote-store tests, started once per session and stopped at the end.

Virtuoso comes from Debian's virtuoso-opensource (scripts/install-system-packages installs
it). When it cannot be started the tests fail with the reason, never skip: the remote store
is a promised feature and CI installs the server.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from exportgraph.config import Settings
from exportgraph.store.remote import RemoteStore
from exportgraph.store.remote_dataset import PinnedDataset
from tests.remote.virtuoso_server import PASSWORD, USER, start_virtuoso

CASES = Path(__file__).resolve().parents[1] / "cases" / "valid"
CASES_GRAPH = "urn:exportgraph:test:cases"


@pytest.fixture(scope="session")
def virtuoso():
    server = start_virtuoso(Path(tempfile.mkdtemp(prefix="exportgraph-virtuoso-")))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def remote_env(virtuoso) -> dict[str, str]:
    """The settings that point exportgraph at the Virtuoso, as environment variables.

    Loading goes by the Graph Store Protocol endpoint Virtuoso guards with digest auth.
    """
    return {
        "EXPORTGRAPH_STORE": virtuoso.query_url,
        "EXPORTGRAPH_STORE_GRAPH_STORE": virtuoso.query_url + "-graph-crud-auth",
        "EXPORTGRAPH_STORE_USER": USER,
        "EXPORTGRAPH_STORE_PASSWORD": PASSWORD,
    }


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "exportgraph", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def remote(remote_env) -> RemoteStore:
    """The Virtuoso after `exportgraph load`, read as the web server reads it: every query
    pinned to the graph store_graph by the protocol's dataset (exportgraph.store.remote_dataset).

    The sample cases are added to that graph, so the case questions are not compared on
    empty answers. Not to a copy of the graph: Virtuoso 7.2 answers FILTER NOT EXISTS wrongly
    (instruments-in-force, a licence check) once the same triples are in two graphs.
    """
    loaded = run_cli(remote_env, "load")
    assert loaded.returncode == 0, loaded.stderr
    settings = Settings.load(remote_env)
    add_sample_cases(RemoteStore.from_settings(settings))
    graphs = (settings.store_graph,)
    return RemoteStore.from_settings(settings, PinnedDataset(graphs, graphs))


def add_sample_cases(store: RemoteStore) -> None:
    for path in sorted(CASES.glob("*.ttl")):
        store.load_file(path, store.graph)


@pytest.fixture(scope="session")
def embedded():
    """The embedded store with the same sample cases in the same named graph."""
    from exportgraph.store.embedded import open_store

    store = open_store()
    for path in sorted(CASES.glob("*.ttl")):
        store.load_file(path, graph=CASES_GRAPH)
    return store
