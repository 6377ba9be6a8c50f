"""Shared fixtures (the reference graph, the embedded store, a live server on 127.0.0.1, the
Flask app in-process) and the markers every test gets from what it uses.

Markers are given here, by rule, so a new test file is marked without an edit:
- `browser`: its module drives Chromium (it imports tests.browser_support or playwright);
- `remote`: it lives in tests/remote/ or uses the Virtuoso fixtures;
- `server`: it starts `exportgraph serve` as a process (the live_server fixture, or its module
  imports running_server or server_process);
- `slow`: marked by hand on a test that runs a whole external tool (a Java reasoner, mypy, a
  wheel build); `-m "not slow"` leaves them out of a quick loop.
`./scripts/test -m "not browser and not remote"` is the core.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from exportgraph.cases.validation import CaseValidator
from exportgraph.store.embedded import open_store
from exportgraph.store.rdf_files import reference_graph
from exportgraph.web import create_app
from tests.server_process import server_process
from tests.web_client import in_process

ROOT = Path(__file__).resolve().parents[1]
# Copies of the team's reference files live in tests/data/, so a fresh clone runs the suite alone.
DATA = ROOT / "tests" / "data"
FACT_SHEET = DATA / "domain-facts.md"

REMOTE_DIR = ROOT / "tests" / "remote"
# By what starts a server (fixturenames hold the whole closure), not by a fixture called
# "remote": test_store_interface names its in-process fake remote so, and needs no server.
REMOTE_FIXTURES = {"virtuoso", "oxigraph", "engine", "case_engine", "remote_env"}
SERVER_FIXTURES = {"live_server"}
SERVER_HELPERS = {"running_server", "server_process"}
BROWSER_MODULES = {"tests.browser_support", "playwright", "playwright.sync_api"}


@pytest.fixture(scope="session")
def graph():
    """The ontology and the reference data, parsed by rdflib."""
    return reference_graph()


@pytest.fixture(scope="session")
def store():
    return open_store()


@pytest.fixture(scope="session")
def setwise_validator() -> CaseValidator:
    """A set-wise case validator for the tests that load cases: built once (it takes seconds),
    and used for load after load, as load-cases uses one for every batch of a run."""
    return CaseValidator(engine="setwise")


@pytest.fixture(scope="session")
def live_server():
    """Start `exportgraph serve` on a free port and yield its base URL.

    For tests where the socket is the point (a real HTTP client, process start, headers as
    the WSGI server writes them). Everything else uses `client`, which needs no process.
    """
    with server_process() as server:
        yield server.url


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    """The default application in this process, as `exportgraph serve` builds it."""
    application = create_app()
    try:
        yield application
    finally:
        endpoint = application.config.get("EXPORTGRAPH_ENDPOINT")
        if endpoint is not None:
            endpoint.close()
        dumps = application.extensions.get("exportgraph_dumps")
        if dumps is not None:
            dumps.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Flask's test client on the default application: HTTP semantics without a socket.
    One per test, so a cookie one test sets (the page language) never reaches another."""
    return app.test_client()


@pytest.fixture(scope="session")
def site(app: Flask) -> str:
    """A base URL that tests.web_client.request answers from `app` in this process: the
    in-process twin of live_server, for tests that build URLs."""
    return in_process(app)


def _module_uses(module: types.ModuleType | None, names: set[str]) -> bool:
    if module is None:
        return False
    for value in vars(module).values():
        if isinstance(value, types.ModuleType) and value.__name__ in names:
            return True
        if getattr(value, "__name__", None) in names and callable(value):
            return True
    return False


def _uses_browser(module: types.ModuleType | None) -> bool:
    if module is None:
        return False
    for value in vars(module).values():
        if isinstance(value, types.ModuleType) and value.__name__ in BROWSER_MODULES:
            return True
        if callable(value) and getattr(value, "__module__", "") in BROWSER_MODULES:
            return True
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        module = getattr(item, "module", None)
        path = Path(str(item.path))
        if REMOTE_DIR in path.parents or fixtures & REMOTE_FIXTURES:
            item.add_marker(pytest.mark.remote)
        if _uses_browser(module):
            item.add_marker(pytest.mark.browser)
        if fixtures & SERVER_FIXTURES or _module_uses(module, SERVER_HELPERS):
            item.add_marker(pytest.mark.server)
