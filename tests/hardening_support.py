"""Helpers of the hardening tests: a server whose process id is known, a loopback listener
that records every connection, and a raw HTTP request that sends a path exactly as written.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

MACHINE_PATHS = re.compile(r"/work/|/tmp/|/home/|/usr/|site-packages|\.venv|Traceback")


@dataclass
class Listener:
    """A TCP port on 127.0.0.1 that accepts and records connections (and sends nothing)."""

    port: int = 0
    connections: list[tuple[str, int]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


@contextlib.contextmanager
def listening() -> Iterator[Listener]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    listener = Listener(port=sock.getsockname()[1])
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, peer = sock.accept()
            except OSError:
                continue
            listener.connections.append(peer)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener
    finally:
        stop.set()
        thread.join(timeout=2)
        sock.close()


def raw_get(url: str, path: str, headers: Mapping[str, str] | None = None):
    """GET a path byte for byte (no normalising of `..`); return status and body."""
    host, port = url.split("//")[1].rstrip("/").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()
