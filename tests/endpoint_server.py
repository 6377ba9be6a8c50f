"""Start `exportgraph serve` with chosen settings and named graphs, for the endpoint tests."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

from tests.conftest import SHARED

W3C_PROTOCOL = SHARED / "w3c" / "sparql11-protocol"
W3C_GRAPHS = {
    f"http://kasei.us/2009/09/sparql/data/data{n}.rdf": W3C_PROTOCOL / f"data{n}.nt"
    for n in (1, 2, 3)
}


@contextlib.contextmanager
def running_server(
    settings: Mapping[str, str] | None = None, graphs: Mapping[str, Path] | None = None
) -> Iterator[str]:
    """Run a server on 127.0.0.1 with EXPORTGRAPH_* settings and --graph files; yield its URL."""
    command = [sys.executable, "-m", "exportgraph", "serve", "--host", "127.0.0.1", "--port", "0"]
    for iri, path in (graphs or {}).items():
        command += ["--graph", f"{iri}={path}"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.update({f"EXPORTGRAPH_{k.upper()}": v for k, v in (settings or {}).items()})
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    assert process.stdout is not None
    url, lines = None, []
    for line in process.stdout:
        lines.append(line)
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        if match:
            url = match.group(1)
            break
    try:
        if url is None:
            raise RuntimeError("server did not start:\n" + "".join(lines))
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def fetch(url, data=None, headers=None, method=None):
    """Send one request; return status, headers and body, for errors too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
