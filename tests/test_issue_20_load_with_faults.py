"""Issue 20, item 4: benchmarks/load.py --faults, run briefly against a real server.

The fault mode sends the mix of saved questions, pages, validations, licence checks and cheap
queries while runaway queries run to the time limit and query workers are killed with SIGKILL.
This runs it for 4 seconds (a runaway and a kill every second, a time limit of 1 s so the
runaways end within the run) under gunicorn with one worker, and holds it to what the issue
asks: every request answered but those whose worker was killed, no 5xx other than those
intended 503s, the faults really sent and the killed workers replaced, and the report printed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("saved question", "resource page", "validation", "licence check", "cheap query")


@pytest.fixture(scope="module")
def output() -> str:
    command = [sys.executable, str(ROOT / "benchmarks" / "load.py"), "--faults"]
    command += ["--duration", "4", "--warmup", "0", "--workers", "1", "--clients", "4"]
    command += ["--runaway-every", "1", "--kill-every", "1"]
    env = {**os.environ, "EXPORTGRAPH_QUERY_TIMEOUT": "1"}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _row(output: str, kind: str) -> list[int]:
    """requests, 5xx, died 503, other of one row of the table."""
    [line] = [line for line in output.splitlines() if line.startswith(kind + " ")]
    fields = line[len(kind) :].split()
    return [int(fields[0]), int(fields[2]), int(fields[3]), int(fields[4])]


@pytest.mark.server
def test_the_fault_mode_prints_its_table_with_no_unintended_5xx(output):
    assert re.search(r"^kind +requests +req/s +5xx +died 503 +other +p50 ms +p99 ms$", output, re.M)
    for kind in KINDS:
        requests, _, _, other = _row(output, kind)
        assert requests > 0, kind
        assert other == 0, kind
    requests, server_errors, died, _ = _row(output, "all")
    assert server_errors == 0, output
    assert re.search(rf"verdict: {requests - died} of {requests} requests answered; no 5xx", output)
    assert re.search(r"cheap query p99 [\d.]+ ms; memory", output)


@pytest.mark.server
def test_the_faults_were_sent_and_the_killed_workers_replaced(output):
    faults = re.search(
        r"faults: (\d+) runaway queries \((\d+) stopped at the time limit, (\d+) worker died,"
        r" (\d+) other\); (\d+) query workers killed .*; query workers before (\d+), after (\d+)",
        output,
    )
    assert faults, output
    runaways, stopped, died, other, killed, before, after = map(int, faults.groups())
    assert runaways == 3 and stopped + died == 3 and other == 0
    assert killed == 3
    assert before == after == 2  # query_workers' default, each dead one replaced
    assert re.search(r"memory \(the server and all its processes\): RSS \d+ MB", output)
