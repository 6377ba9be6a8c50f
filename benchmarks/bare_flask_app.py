"""The bare comparison app: Flask and pyoxigraph, one route, nothing else of exportgraph.

run.py serves it under gunicorn beside the exportgraph server, with the same data (the
ontology, the reference data and the run's cases as a named graph) and the same load, so
that the exportgraph server's request rate can be read as a share of what Flask and
pyoxigraph alone manage on this machine. POST /sparql with a form field `query` answers
SPARQL JSON results over the union of the graphs; no checks, no time limit, no worker
processes. Never part of the test run.

Usage: gunicorn --workers 2 --threads 4 --bind 127.0.0.1:0 --pythonpath benchmarks \
       'bare_flask_app:create_app()'   (with EXPORTGRAPH_BENCH_CASES=cases.nt)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, Response, request

CASES_GRAPH = "urn:exportgraph:benchmark:cases"
READY = "exportgraph-benchmark-app-ready"
ROOT = Path(__file__).resolve().parents[1]


def load_store(cases: Path | None) -> ox.Store:
    """An in-memory store with the ontology, the reference data and the cases (bulk loaded)."""
    store = ox.Store()
    for folder in ("ontology", "data"):
        for path in sorted((ROOT / folder).rglob("*.ttl")):
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    if cases is not None:
        store.bulk_load(
            path=str(cases), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(CASES_GRAPH)
        )
    return store


def create_app(cases: str | None = None) -> Flask:
    cases = cases or os.environ.get("EXPORTGRAPH_BENCH_CASES")
    store = load_store(Path(cases) if cases else None)
    app = Flask(__name__)

    @app.post("/sparql")
    def sparql() -> Response:
        results = store.query(request.form["query"], use_default_graph_as_union=True)
        if isinstance(results, ox.QueryTriples):
            body = ox.serialize(results, format=ox.RdfFormat.TURTLE) or b""
            return Response(body, content_type="text/turtle")
        body = results.serialize(format=ox.QueryResultsFormat.JSON) or b""
        return Response(body, content_type="application/sparql-results+json")

    print(f"{READY} {os.getpid()}", file=sys.stderr, flush=True)  # http_load waits for it
    return app
