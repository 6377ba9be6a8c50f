"""Shared fixtures: the reference graph, the embedded store and a live server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportgraph.store.embedded import open_store
from exportgraph.store.rdf_files import reference_graph
from tests.server_process import server_process

ROOT = Path(__file__).resolve().parents[1]
# Copies of the team's reference files live in tests/data/, so a fresh clone runs the suite alone.
DATA = ROOT / "tests" / "data"
FACT_SHEET = DATA / "domain-facts.md"


@pytest.fixture(scope="session")
def graph():
    """The ontology and the reference data, parsed by rdflib."""
    return reference_graph()


@pytest.fixture(scope="session")
def store():
    return open_store()


@pytest.fixture(scope="session")
def live_server():
    """Start `exportgraph serve` on a free port and yield its base URL."""
    with server_process() as server:
        yield server.url
