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
