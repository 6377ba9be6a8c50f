"""Shared fixtures: the reference graph, the embedded store and a live server on 127.0.0.1."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from exportgraph.store import open_store
from exportgraph.validation import reference_graph

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FACT_SHEET = SHARED / "reference" / "domain-facts.md"


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
    process = subprocess.Popen(
        [sys.executable, "-m", "exportgraph", "serve", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = None
    lines = []
    for line in process.stdout:
        lines.append(line)
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        if match:
            url = match.group(1)
            break
    if url is None:
        process.kill()
        process.stdout.close()
        pytest.fail("server did not start:\n" + "".join(lines))
    yield url
    process.terminate()
    process.wait(timeout=10)
    process.stdout.close()
