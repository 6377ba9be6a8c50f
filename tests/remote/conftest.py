"""Real SPARQL servers for the remote-store tests, each started once per session and stopped
at the end: Virtuoso and Oxigraph. The fixture `engine` names each in turn, so every test that
uses it (or remote_env, remote) runs against both.

Virtuoso comes from Debian's virtuoso-opensource (scripts/install-system-packages installs
it); the Oxigraph server from the PyPI package oxigraph (a test extra). When one cannot be
started the tests fail with the reason, never skip: the remote store is a promised feature
and CI installs the servers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from exportgraph.config import Settings
from exportgraph.store.remote import RemoteStore
from exportgraph.store.remote_dataset import PinnedDataset
from tests.remote.oxigraph_server import start_oxigraph
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
def oxigraph():
    server = start_oxigraph(Path(tempfile.mkdtemp(prefix="exportgraph-oxigraph-")))
    try:
        yield server
    finally:
        server.stop()


@dataclass(frozen=True)
class Engine:
    """A running server as exportgraph is pointed at it: its URLs and its account."""

    name: str
    query_url: str
    update_url: str
    graph_store_url: str
    credentials: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        """The settings for it as environment variables; loading by the Graph Store Protocol."""
        return {
            "EXPORTGRAPH_STORE": self.query_url,
            "EXPORTGRAPH_STORE_GRAPH_STORE": self.graph_store_url,
            **self.credentials,
        }

    def store(self, graph: str, **urls: str) -> RemoteStore:
        user = self.credentials.get("EXPORTGRAPH_STORE_USER", "")
        password = self.credentials.get("EXPORTGRAPH_STORE_PASSWORD", "")
        return RemoteStore(self.query_url, graph=graph, user=user, password=password, **urls)


ENGINES = ("virtuoso", "oxigraph")


@pytest.fixture(scope="session", params=ENGINES)
def engine(request) -> Engine:
    """Each server in turn (started when first asked for)."""
    return engine_of(request.param, request.getfixturevalue(request.param))


def engine_of(name: str, server) -> Engine:
    if name == "virtuoso":
        # Virtuoso guards its update and Graph Store endpoints with digest auth.
        return Engine(
            "virtuoso",
            server.query_url,
            server.update_url,
            server.query_url + "-graph-crud-auth",
            {"EXPORTGRAPH_STORE_USER": USER, "EXPORTGRAPH_STORE_PASSWORD": PASSWORD},
        )
    return Engine(name, server.query_url, server.update_url, server.graph_store_url)


def start_engine(name: str):
    """A server of the engine's own, in a temporary folder: stop() it when done."""
    folder = Path(tempfile.mkdtemp(prefix=f"exportgraph-{name}-"))
    return start_virtuoso(folder) if name == "virtuoso" else start_oxigraph(folder)


@pytest.fixture(scope="session")
def remote_env(engine) -> dict[str, str]:
    """The settings that point exportgraph at the engine, as environment variables."""
    return engine.env


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "exportgraph", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def remote(engine, remote_env) -> RemoteStore:
    """The engine after `exportgraph load`, read as the web server reads it: every query
    pinned by the protocol's dataset (exportgraph.store.remote_dataset) to the graph
    store_graph and the graph of the sample cases (sample_cases_graph), which are added so
    the case questions are not compared on empty answers.
    """
    loaded = run_cli(remote_env, "load")
    assert loaded.returncode == 0, loaded.stderr
    settings = Settings.load(remote_env)
    graphs = (settings.store_graph, sample_cases_graph(engine, settings.store_graph))
    add_sample_cases(RemoteStore.from_settings(settings), graphs[1])
    graphs = tuple(dict.fromkeys(graphs))
    return RemoteStore.from_settings(settings, PinnedDataset(graphs, graphs))


def sample_cases_graph(engine: Engine, store_graph: str) -> str:
    """Where the sample cases go on the engine.

    On Virtuoso into the published graph itself: Virtuoso 7.2 answers FILTER NOT EXISTS
    wrongly (instruments-in-force, a licence check) over a default graph merged from two.
    Elsewhere into a graph of their own, so the published graph holds only the law, which is
    what the validator reads as its reference: Oxigraph keeps one integer datatype, and the
    sample cases' xsd:positiveInteger quantities come back as xsd:integer, which the shapes
    would then report on every validation.
    """
    return store_graph if engine.name == "virtuoso" else CASES_GRAPH


def add_sample_cases(store: RemoteStore, graph: str) -> None:
    for path in sorted(CASES.glob("*.ttl")):
        store.load_file(path, graph)


@pytest.fixture(scope="session")
def embedded():
    """The embedded store with the same sample cases in the same named graph."""
    from exportgraph.store.embedded import open_store

    store = open_store()
    for path in sorted(CASES.glob("*.ttl")):
        store.load_file(path, graph=CASES_GRAPH)
    return store
