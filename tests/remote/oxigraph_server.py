"""Start a throw-away Oxigraph server (`oxigraph serve`, PyPI package oxigraph) on 127.0.0.1.

Its own database folder and a free port, never a system daemon. The package is a test extra
of pyproject.toml, so its `oxigraph` command lies beside the interpreter that runs the tests.
Oxigraph answers the SPARQL 1.1 Protocol at /query, SPARQL Update at /update and the Graph
Store Protocol at /store, with no account.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.remote.virtuoso_server import free_port

START_TIMEOUT = 60.0


@dataclass
class OxigraphServer:
    folder: Path
    port: int
    process: subprocess.Popen

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return self.base_url + "/query"

    @property
    def update_url(self) -> str:
        return self.base_url + "/update"

    @property
    def graph_store_url(self) -> str:
        return self.base_url + "/store"

    def log(self) -> str:
        path = self.folder / "oxigraph.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else "(no log)"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


def oxigraph_command() -> str:
    """The `oxigraph` command of the test environment (beside its python), else on PATH.

    Raises:
        RuntimeError: it is not installed.
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise RuntimeError(
            "the oxigraph command is not installed: pip install -e '.[test]' (PyPI package"
            " oxigraph)"
        )
    return found


def start_oxigraph(folder: Path) -> OxigraphServer:
    """Start `oxigraph serve` on a database in folder; wait until /query answers.

    Raises:
        RuntimeError: it is not installed, exits, or does not answer in time; the message
            carries the end of its output.
    """
    command = oxigraph_command()
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = (folder / "oxigraph.log").open("wb")
    process = subprocess.Popen(
        [command, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    server = OxigraphServer(folder, port, process)
    deadline = time.monotonic() + START_TIMEOUT
    probe = f"{server.query_url}?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(probe, timeout=5) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"oxigraph did not answer within {START_TIMEOUT:.0f} s:\n{server.log()}")
