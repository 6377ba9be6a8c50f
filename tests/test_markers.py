"""The markers the core run deselects by (`-m "not browser and not remote"`) are given by what a
test really starts: a Virtuoso for remote, not a fixture that happens to be called "remote"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _collected(marker_expression: str, path: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q"]
        + ["-m", marker_expression, path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout


def test_the_in_process_fake_remote_stays_in_the_core_run():
    # test_store_interface's fixture "remote" is exportgraph's own app behind urllib
    assert "deselected" not in _collected("not remote", "tests/test_store_interface.py")


def test_the_virtuoso_tests_are_marked_remote():
    assert "no tests collected" in _collected("not remote", "tests/remote/test_remote_dataset.py")
