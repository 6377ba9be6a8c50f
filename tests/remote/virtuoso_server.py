"""Start a throw-away Virtuoso (Debian's virtuoso-opensource) on 127.0.0.1 for the remote tests.

Its own virtuoso.ini in a temporary database folder, on free ports, never the system daemon.
Virtuoso's defaults would spoil a comparison with the embedded store: ResultSetMaxRows cuts an
answer at 10,000 rows without an error, and idle HTTP connections close after 10 s; both are
raised here. A fresh database has the account dba with password dba; loading uses it over
HTTP digest authentication (the server listens on 127.0.0.1 only and lives for one test run).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO = "virtuoso-t"
START_TIMEOUT = 90.0
USER, PASSWORD = "dba", "dba"

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {db}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 500M
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
MaxClientConnections = 10
ServerThreads = 10
MaxKeepAlives = 10
; Virtuoso's default closes an idle connection after 10 s.
KeepAliveTimeout = 300
Charset = UTF-8
EnabledGzipContent = 0

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[SPARQL]
; The default of 10,000 silently cuts larger answers.
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = {max_cost_s}
MaxQueryExecutionTime = 120
DeferInferenceRulesInit = 0
"""


@dataclass
class VirtuosoServer:
    folder: Path
    http_port: int
    process: subprocess.Popen

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def update_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    def log(self) -> str:
        path = self.folder / "virtuoso.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else "(no log)"

    def stop(self) -> None:
        self.halt()
        shutil.rmtree(self.folder, ignore_errors=True)

    def halt(self) -> None:
        """Stop the server and keep its database, for restart()."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def restart(self) -> None:
        """Start the halted server again on the same ports and database; wait until it answers.

        Raises:
            RuntimeError: it exits, or does not answer in time.
        """
        self.process = _launch(self.folder)
        _wait_until_answering(self)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_virtuoso(
    folder: Path, result_set_max_rows: int = 1_000_000, max_cost_s: int = 400
) -> VirtuosoServer:
    """Start Virtuoso in the foreground with its own ini in folder; wait until /sparql answers.

    max_cost_s: Virtuoso refuses at once a query it estimates to run longer (its estimate
    grows when the machine is busy).

    Raises:
        RuntimeError: virtuoso-t is not installed, exits, or does not answer in time; the
            message carries the end of its log.
    """
    binary = shutil.which(VIRTUOSO)
    if binary is None:
        raise RuntimeError(
            f"{VIRTUOSO} is not installed: run scripts/install-system-packages"
            " (Debian package virtuoso-opensource)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        INI.format(
            db=folder,
            sql_port=sql_port,
            http_port=http_port,
            max_rows=result_set_max_rows,
            max_cost_s=max_cost_s,
        )
    )
    server = VirtuosoServer(folder, http_port, _launch(folder))
    _wait_until_answering(server)
    return server


def _launch(folder: Path) -> subprocess.Popen:
    binary = shutil.which(VIRTUOSO) or VIRTUOSO
    return subprocess.Popen(
        [binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_until_answering(server: VirtuosoServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    probe = f"{server.query_url}?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"virtuoso-t exited with {server.process.returncode}:\n{server.log()}"
            )
        try:
            with urllib.request.urlopen(probe, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"Virtuoso did not answer within {START_TIMEOUT:.0f} s:\n{server.log()}")
