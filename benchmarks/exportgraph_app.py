"""The exportgraph server as gunicorn runs it in production, with the benchmark's cases loaded.

The README's production command serves `exportgraph.web:create_app()`; this factory makes the
same call with the run's cases as a named graph (the file named by EXPORTGRAPH_BENCH_CASES),
as `exportgraph serve --graph IRI=FILE` does under waitress. Never part of the test run.

Usage: gunicorn --workers 2 --threads 4 --bind 127.0.0.1:0 --pythonpath benchmarks \
       'exportgraph_app:create_app()'   (with EXPORTGRAPH_BENCH_CASES=cases.nt)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from flask import Flask

from exportgraph.web import create_app as create_exportgraph_app

CASES_GRAPH = "urn:exportgraph:benchmark:cases"
READY = "exportgraph-benchmark-app-ready"


def create_app() -> Flask:
    cases = os.environ.get("EXPORTGRAPH_BENCH_CASES")
    app = create_exportgraph_app(named_graphs={CASES_GRAPH: Path(cases)} if cases else None)
    print(f"{READY} {os.getpid()}", file=sys.stderr, flush=True)  # http_load waits for it
    return app
