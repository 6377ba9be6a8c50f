"""Start `exportgraph serve` with chosen settings and named graphs, for the endpoint tests."""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

from tests.conftest import DATA
from tests.server_process import server_process

W3C_PROTOCOL = DATA / "w3c" / "sparql11-protocol"
W3C_GRAPHS = {
    f"http://kasei.us/2009/09/sparql/data/data{n}.rdf": W3C_PROTOCOL / f"data{n}.nt"
    for n in (1, 2, 3)
}


@contextlib.contextmanager
def running_server(
    settings: Mapping[str, str] | None = None, graphs: Mapping[str, Path] | None = None
) -> Iterator[str]:
    """Run a server on 127.0.0.1 with EXPORTGRAPH_* settings and --graph files; yield its URL."""
    extra: tuple[str, ...] = ()
    for iri, path in (graphs or {}).items():
        extra += ("--graph", f"{iri}={path}")
    with server_process(settings, extra) as server:
        yield server.url


def fetch(url, data=None, headers=None, method=None):
    """Send one request; return status, headers and body, for errors too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
