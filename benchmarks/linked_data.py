"""Time the linked-data layer: each kind of resource page and RDF document, search, dumps.

In process, through the Flask test client (no network), median and worst of N requests per
row after one warm-up request. Never part of the test run's pass or fail.

Usage: python benchmarks/linked_data.py [N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from exportgraph.publish.dumps import export
from exportgraph.web import create_app

PATHS = {
    "legal resource page": "/id/law/nl-regeling-2023-18212.html",
    "legal resource Turtle": "/id/law/nl-regeling-2023-18212.ttl",
    "entry page": "/id/entry/nl/3B001.f.4.html",
    "list page": "/id/list/nl-semiconductor-equipment.html",
    "regime page (grid)": "/id/regime/wassenaar.html",
    "country page": "/resource?iri=http://publications.europa.eu/resource/authority/country/NLD",
    "fact page": "/id/fact/NL-30.html",
    "303 from a resource IRI": "/id/law/nl-bsg",
    "search 3B001.f.4": "/search?q=3B001.f.4",
    "search a label word": "/search?q=lithography",
    "ontology page": "/ontology",
    "VoID (Turtle)": "/.well-known/void",
}


def main(repeat: int) -> None:
    app = create_app()
    client = app.test_client()
    print(f"{'request':<28} {'median ms':>10} {'max ms':>8}")
    for name, path in PATHS.items():
        client.get(path, headers={"Accept": "text/html"})
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(path, headers={"Accept": "text/html"})
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code in (200, 303), (path, response.status_code)
        print(f"{name:<28} {statistics.median(times):>10.1f} {max(times):>8.1f}")
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        files = export(Path(out), "https://w3id.org/exportgraph/")
        elapsed = time.perf_counter() - start
    sizes = ", ".join(f"{f.name} {f.size:,} B" for f in files)
    print(f"\nexportgraph export: {elapsed:.2f} s; {sizes}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
