"""Run `exportgraph serve` on 127.0.0.1 as a real process, for every test that needs a server."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass

# Loading the graph and forking the query workers take a few seconds; a hung start fails.
START_SECONDS = 60


@dataclass
class Server:
    url: str
    pid: int
    output: list[str]  # what it printed, stdout and stderr; filled as it prints

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
    lines: list[str] = []
    found: list[str] = []
    started = threading.Event()

    def read() -> None:
        # Drains the whole output, so the server never blocks on a full pipe.
        for line in process.stdout:
            lines.append(line)
            match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if match and not found:
                found.append(match.group(1))
                started.set()
        started.set()  # the server ended without serving

    drain = threading.Thread(target=read, daemon=True)
    drain.start()
    started.wait(timeout=START_SECONDS)
    url = found[0] if found else None
    try:
        if url is None:
            raise RuntimeError(
                f"server did not start (waited up to {START_SECONDS} s):\n" + "".join(lines[-20:])
            )
        yield Server(url, process.pid, lines)
    finally:
        process.terminate()
        process.wait(timeout=10)
        drain.join(timeout=5)
        process.stdout.close()
