"""Issue 18, item 3: load-cases' time-left estimate, on a terminal and in a log; its batches.

The fault: a new user did not see the estimate. Written to a log or a pipe, the progress line
came every 5 seconds counted from the start, so a load of under 5 seconds showed none, and a
long one showed nothing for its first 5 seconds. Now the first batch writes a line with the
time left at once, then every 5 seconds; on a terminal the line is rewritten after each batch.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exportgraph import cli
from exportgraph.cases.collections import LoadProgress, load_cases
from exportgraph.cases.validation import CaseValidator

CASES = Path(__file__).parent / "cases"


def _progress(seconds: float, done: int, total: int = 1000) -> LoadProgress:
    return LoadProgress(
        cases=done, loaded=done, skipped=0, bytes_done=done, bytes_total=total, seconds=seconds
    )


def test_time_left_is_the_time_so_far_scaled_by_what_is_left():
    assert _progress(10.0, 250).seconds_left == pytest.approx(30.0)
    assert _progress(0.0, 0).seconds_left is None


def test_in_a_log_the_first_batch_shows_the_time_left_then_every_five_seconds(capsys, monkeypatch):
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: False)
    show = cli._progress_bar()
    show(_progress(1.0, 100))
    first = capsys.readouterr().err
    assert "9s left" in first and first.endswith("\n") and "\r" not in first
    show(_progress(3.0, 300))
    assert capsys.readouterr().err == "", "within 5 s of the last line, none"
    show(_progress(6.5, 650))
    assert "4s left" in capsys.readouterr().err
    show(_progress(7.0, 1000))
    last = capsys.readouterr().err
    assert "100%" in last and "left" not in last


def test_on_a_terminal_every_batch_rewrites_the_line_with_the_time_left(capsys, monkeypatch):
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True)
    show = cli._progress_bar()
    show(_progress(1.0, 100))
    show(_progress(2.0, 200))
    written = capsys.readouterr().err
    assert written.count("\r") == 2
    assert "9s left" in written and "8s left" in written


class _CountingValidator:
    """The set-wise validator, counting the cases of each batch it is given."""

    def __init__(self) -> None:
        self.inner = CaseValidator(engine="setwise")
        self.batches: list[int] = []

    def validate(self, source, lang: str = "en"):
        outcomes = self.inner.validate(source, lang)
        self.batches.append(sum(1 for o in outcomes if o.case is not None))
        return outcomes


def test_a_batch_gathers_whole_cases_across_files(tmp_path):
    """Files of one case each made batches of one case: the validator's fixed cost per
    query was paid per file (docs/benchmarks.md, load-cases at 10,000 cases)."""
    folder = tmp_path / "cases"
    folder.mkdir()
    valid = sorted((CASES / "valid").glob("*.ttl"))[:4]
    invalid = sorted((CASES / "invalid").glob("*.ttl"))[0]
    for path in [*valid, invalid]:
        (folder / path.name).write_bytes(path.read_bytes())
    validator = _CountingValidator()
    seen: list[LoadProgress] = []
    report = load_cases(
        tmp_path / "store", [folder], validator=validator, progress=seen.append, batch_size=2
    )
    assert validator.batches == [2, 2, 1]
    assert report.loaded == 4 and len(report.skipped) == 1
    assert report.skipped[0].source == str(folder / invalid.name), "a skipped case names its file"
    done = [p.bytes_done for p in seen]
    assert done == sorted(done) and done[-1] == seen[-1].bytes_total
