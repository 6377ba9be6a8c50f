"""The markers the core run deselects by (`-m "not browser and not remote"`) are given by what a
test really starts: a Virtuoso for remote, not a fixture that happens to be called "remote"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FAKE_REMOTE = "tests/test_store_interface.py"  # its fixture "remote" is exportgraph's own app
VIRTUOSO = "tests/remote/test_remote_dataset.py"


@pytest.fixture(scope="module")
def marked_remote() -> set[str]:
    """The files of the tests that `-m remote` selects from the two files (one collection)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q"]
        + ["-m", "remote", FAKE_REMOTE, VIRTUOSO],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {line.split("::")[0] for line in result.stdout.splitlines() if "::" in line}


def test_the_in_process_fake_remote_stays_in_the_core_run(marked_remote):
    assert FAKE_REMOTE not in marked_remote


def test_the_virtuoso_tests_are_marked_remote(marked_remote):
    assert VIRTUOSO in marked_remote
