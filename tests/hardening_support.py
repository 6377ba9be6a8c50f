"""Helpers of the hardening tests: a server whose process id is known, a loopback listener
that records every connection, and a raw HTTP request that sends a path exactly as written.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

MACHINE_PATHS = re.compile(r"/work/|/tmp/|/home/|/usr/|site-packages|\.venv|Traceback")


@dataclass
class Server:
    url: str
    pid: int

    def peak_memory_kb(self) -> int:
        """The server process's peak resident memory (VmHWM), in kB."""
        with open(f"/proc/{self.pid}/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return int(line.split()[1])


@contextlib.contextmanager
def server_process(settings: Mapping[str, str] | None = None, extra: tuple[str, ...] = ()):
    """Run `exportgraph serve` on 127.0.0.1 with EXPORTGRAPH_* settings; yield a Server."""
    command = [sys.executable, "-m", "exportgraph", "serve", "--host", "127.0.0.1", "--port", "0"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.update({f"EXPORTGRAPH_{k.upper()}": v for k, v in (settings or {}).items()})
    process = subprocess.Popen(
        [*command, *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    assert process.stdout is not None
    url, lines = None, []
    for line in process.stdout:
        lines.append(line)
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        if match:
            url = match.group(1)
            break
    # The rest of the output is drained, so the server never blocks on a full pipe.
    drain = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    drain.start()
    try:
        if url is None:
            raise RuntimeError("server did not start:\n" + "".join(lines))
        yield Server(url, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=10)
        drain.join(timeout=5)
        process.stdout.close()


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
