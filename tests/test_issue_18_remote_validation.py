"""Issue 18, item 2: validation over a remote store asked the server for each case's law.

CaseDates asked a remote store whether each instrument was in force on each case date one
(instrument, date) pair at a time, because the batched query is one a server may misread
(Virtuoso: EXISTS inside BIND, dates in VALUES). The queries sent grew with the cases, and
validation through Virtuoso ran at some 50 cases/s. The law is now copied once from the server
(Store.as_embedded) and asked in this process: the queries sent no longer grow with the batch,
and the reports are those of the embedded store.

The remote store is exportgraph's own app behind urllib (tests/fake_remote.py), so the test
counts the queries that reached the server.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from exportgraph.cases.reading import read_case_text
from exportgraph.cases.validation import CaseValidator
from exportgraph.store import remote as remote_module
from exportgraph.store.embedded import open_store
from exportgraph.store.remote import RemoteStore
from tests.fake_remote import PUBLISHED, URL, FakeRemote

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from casegen import generate  # noqa: E402


@pytest.fixture(scope="module")
def server():
    fake = FakeRemote()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def batches():
    return {
        size: read_case_text(generate(size, seed=18).serialize(format="turtle"), "turtle", "b")
        for size in (4, 60)
    }


def _validate_through(server, source):
    """Validate with a validator of its own over the remote store; count the queries sent."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(remote_module.urllib.request, "build_opener", server.opener)
        store = RemoteStore(URL, graph=PUBLISHED)
        validator = CaseValidator(store=store, reference=store.reference_graph(), engine="setwise")
        server.queries.clear()
        outcomes = validator.validate(source)
        return outcomes, len(server.queries)


@pytest.fixture(scope="module")
def through_remote(server, batches):
    """Each batch validated through the server once, for both tests: (outcomes, queries sent)."""
    return {size: _validate_through(server, source) for size, source in batches.items()}


def test_the_queries_sent_do_not_grow_with_the_cases(through_remote):
    _, few = through_remote[4]
    outcomes, many = through_remote[60]
    dated = {(d.field, d.date) for outcome in outcomes for d in outcome.dates}
    assert len(dated) > 30, "the batch should span many case dates"
    assert many == few, f"{few} queries for 4 cases, {many} for 60"


def test_reports_through_the_server_are_the_embedded_stores(through_remote, batches):
    through_remote_60, _ = through_remote[60]
    locally = CaseValidator(store=open_store(), engine="setwise").validate(batches[60])
    assert through_remote_60 == locally
    assert any(outcome.dates for outcome in locally)
