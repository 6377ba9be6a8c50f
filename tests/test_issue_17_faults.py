"""Issue 17, the wiring faults found by running the code, each with the test that shows it fixed.

- A second query-worker pool (one is always started for the case token) inherited the first
  pool's end of its zygote pipe, so closing the first pool waited 5 s for a zygote that never
  saw the pipe close, and left it running.
"""

from __future__ import annotations

from exportgraph.endpoint import workers as worker_pools
from exportgraph.endpoint.workers import QueryJob, QueryWorkers

REGIMES = """PREFIX exg: <https://w3id.org/exportgraph/ontology#>
SELECT ?regime WHERE { ?regime a exg:ExportControlRegime } ORDER BY ?regime"""


def test_closing_the_first_of_two_pools_lets_its_zygote_exit_on_its_own(store, monkeypatch):
    first = QueryWorkers(store, workers=1, timeout=5.0, row_limit=50)
    second = QueryWorkers(store, workers=1, timeout=5.0, row_limit=50)
    try:
        assert first.run(QueryJob(sparql=REGIMES)).rows > 0
        # A zygote that has to be killed after the wait is the fault: it never saw EOF.
        monkeypatch.setattr(worker_pools, "ZYGOTE_EXIT_TIMEOUT", 2.0)
        first.close()
        assert first._zygote.exitcode == 0  # exited and reaped, not killed by close()
        assert second.run(QueryJob(sparql=REGIMES)).rows > 0  # the second pool still answers
    finally:
        first.close()
        second.close()
