"""Write a screening: CSV (the input columns, then the answer's), JSON Lines (each input record
with a "screen" member added), one JSON document, or a report to read. Each writer yields text
as the lines come, so a large book never sits in memory as output."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from exportgraph.law.licence import REASONS
from exportgraph.law.screen.answers import ScreenedLine, Verdict
from exportgraph.law.screen.summary import STATUSES, Summary

RESULT_COLUMNS = (
    "source",
    "line",
    "required",
    "instruments",
    "instrument_iris",
    "reasons",
    "matched_item",
    "matched_item_iri",
    "matched_kind",
    "near_matches",
    "as_of",
    "problem_column",
    "problem",
    "missing",
)
RESULT_KEY = "screen"  # the member a JSON Lines result adds to its input record
FORMATS = ("csv", "jsonl", "text")
WORDS = {"yes": "licence required", "no": "no licence required", "unknown": "unknown"}


def line_json(screened: ScreenedLine) -> dict[str, Any]:
    """A line's answer as JSON, without its input columns."""
    verdict, problem = screened.verdict, screened.verdict.problem
    result = {
        "source": screened.line.source,
        "line": screened.line.number,
        "status": screened.status,
        **_verdict_json(verdict),
        "near_matches": list(problem.near) if problem else [],
        "as_of": screened.on.isoformat() if screened.on else None,
        "problem": {"column": problem.column, "message": problem.message} if problem else None,
    }
    if screened.on_line_date is not None:
        result["on_line_date"] = {
            "date": screened.line.get("date"),
            **_verdict_json(screened.on_line_date),
        }
    return result


def write_jsonl(lines: Iterable[ScreenedLine]) -> Iterator[str]:
    for screened in lines:
        record: dict[str, Any] = {k: v for k, v in screened.line.columns.items() if k != RESULT_KEY}
        record[RESULT_KEY] = line_json(screened)
        yield json.dumps(record, ensure_ascii=False) + "\n"


def write_csv(lines: Iterable[ScreenedLine], input_columns: list[str]) -> Iterator[str]:
    """CSV with the input columns first; a result column whose name the input already uses is
    written screen_NAME. The screen member of a JSON Lines book screened before is the old
    answer, and is left out as write_jsonl leaves it out."""
    input_columns = [c for c in input_columns if c != RESULT_KEY]
    taken = set(input_columns)
    header = input_columns + [f"screen_{c}" if c in taken else c for c in RESULT_COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    yield _drain(buffer)
    for screened in lines:
        row = [screened.line.columns.get(c, "") for c in input_columns]
        writer.writerow(row + _result_cells(screened))
        yield _drain(buffer)


def write_text(lines: Iterable[ScreenedLine]) -> Iterator[str]:
    for screened in lines:
        yield text_line(screened) + "\n"


def text_line(screened: ScreenedLine) -> str:
    line, verdict = screened.line, screened.verdict
    where = f"{line.source} line {line.number}"
    reference = line.get("reference")
    if reference:
        where += f" ({reference})"
    if verdict.problem is not None:
        column = f" column {verdict.problem.column}" if verdict.problem.column else ""
        return f"{where}: BAD{column}: {verdict.problem.message}"
    asked = (
        f"{line.get('item')} from {line.origin} to {line.get('destination')}"
        f" on {screened.on.isoformat() if screened.on else '?'}"
    )
    text = f"{where}: {asked}: {WORDS[verdict.status]}"
    if verdict.instruments:
        text += f" ({'; '.join(i.label for i in verdict.instruments)})"
    if verdict.reasons:
        text += f": {', '.join(REASONS.get(r, r) for r in verdict.reasons)}"
    if verdict.missing:
        text += f"; missing: {' / '.join(verdict.missing)}"
    for instrument, before, after in screened.changed_instruments():
        text += f"\n    {instrument.label}: {before} on the line's date, {after} as of"
    return text


def summary_text(summary: Summary) -> str:
    counts = summary.lines.counts
    out = [
        f"Screened {summary.total:,} lines: {counts['yes']:,} licence required,"
        f" {counts['no']:,} not required, {counts['unknown']:,} unknown, {counts['bad']:,} bad"
        + (f" (as of {summary.as_of.isoformat()})" if summary.as_of else "")
    ]
    if summary.by_instrument:
        out.append("Per instrument (yes / no / unknown):")
        for iri, tally in sorted(summary.by_instrument.items()):
            c = tally.counts
            out.append(
                f"  {summary.instrument_labels[iri]}: {c['yes']:,} / {c['no']:,} / {c['unknown']:,}"
            )
    if summary.by_destination:
        out.append("Per destination (" + " / ".join(STATUSES) + "):")
        for code, tally in sorted(summary.by_destination.items()):
            out.append(f"  {code}: " + " / ".join(f"{tally.counts[s]:,}" for s in STATUSES))
    if summary.as_of is not None:
        if summary.changes:
            out.append(f"Changed between the lines' own dates and {summary.as_of.isoformat()}:")
            for iri, moves in sorted(summary.changes.items()):
                detail = "; ".join(f"{b} -> {a}: {n:,}" for (b, a), n in sorted(moves.items()))
                out.append(f"  {summary.instrument_labels[iri]}: {detail}")
        else:
            out.append(f"No instrument answers differently on {summary.as_of.isoformat()}.")
    return "\n".join(out) + "\n"


def _verdict_json(verdict: Verdict) -> dict[str, Any]:
    return {
        "required": verdict.required,
        "instruments": [{"iri": i.iri, "label": i.label} for i in verdict.instruments],
        "reasons": list(verdict.reasons),
        "item": (
            {"iri": verdict.item.iri, "label": verdict.item.label, "kind": verdict.item_kind}
            if verdict.item
            else None
        ),
        "missing": list(verdict.missing),
    }


def _result_cells(screened: ScreenedLine) -> list[str]:
    verdict, problem = screened.verdict, screened.verdict.problem
    required = {True: "true", False: "false", None: ""}[verdict.required]
    return [
        screened.line.source,
        str(screened.line.number),
        "" if problem else required,
        " | ".join(i.label for i in verdict.instruments),
        " ".join(i.iri for i in verdict.instruments),
        " ".join(verdict.reasons),
        verdict.item.label if verdict.item else "",
        verdict.item.iri if verdict.item else "",
        verdict.item_kind,
        " | ".join(problem.near) if problem else "",
        screened.on.isoformat() if screened.on else "",
        problem.column if problem else "",
        problem.message if problem else "",
        " | ".join(verdict.missing),
    ]


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
