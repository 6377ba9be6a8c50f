"""/lists/<slug>/history: a list's history as a timeline drawn on the server (inline SVG, no
JavaScript), and the diff between two dates; /lists/<slug>/diff answers the diff as JSON.

The timeline's layout (where each date falls) is computed here, for the template only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, jsonify, render_template, request

from exportgraph.dates import parse_date
from exportgraph.law.lineage import LIST_BASE, Event, ListHistory, diff_list, history
from exportgraph.web.context import settings, store
from exportgraph.web.urls import resource_path

blueprint = Blueprint("lineage", __name__)

WIDTH, LEFT, RIGHT, ROW, AXIS_Y = 900, 20, 20, 18, 30
CHANGES = ("added", "removed", "in doubt")


@dataclass(frozen=True)
class Line:
    """One line of text next to a date: what happened, and the instrument's IRI."""

    what: str  # adopted, published, in force, applies, added, removed, in doubt
    text: str
    iri: str


@dataclass(frozen=True)
class Mark:
    """One date on the timeline: its place on the overview axis and its block of lines."""

    on: str
    x: float  # on the overview axis
    y: int  # top of its block in the list below the axis
    lines: tuple[Line, ...]


@blueprint.get("/lists/<path:slug>/history")
def list_history(slug: str):
    past = history(store(), slug)
    diff = None
    if request.args.get("from") or request.args.get("to"):
        diff = diff_list(
            store(),
            slug,
            parse_date(request.args.get("from"), "from"),
            parse_date(request.args.get("to"), "to"),
        )
    return render_template(
        "list_history.html",
        slug=slug.removeprefix(LIST_BASE),
        diff=diff,
        form={"from": request.args.get("from", ""), "to": request.args.get("to", "")},
        **timeline_context(past),
    )


@blueprint.get("/lists/<path:slug>/diff")
def list_diff(slug: str):
    diff = diff_list(
        store(),
        slug,
        parse_date(request.args.get("from"), "from"),
        parse_date(request.args.get("to"), "to"),
    )
    response = jsonify(diff.to_json())
    response.headers["Exportgraph-As-Of"] = diff.to_date.isoformat()
    return response


def timeline_context(past: ListHistory) -> dict[str, Any]:
    """Return what templates/_timeline.html needs to draw a list's history."""
    marks, years, height = _layout(past.events)
    return {
        "history": past,
        "marks": marks,
        "years": years,
        "width": WIDTH,
        "height": height,
        "axis_y": AXIS_Y,
        "page_of": lambda iri: resource_path(iri, settings().base_iri),
    }


def _layout(events: tuple[Event, ...]) -> tuple[list[Mark], list[tuple[int, float]], int]:
    """Place each date on a linear overview axis, and its events in rows below it."""
    if not events:
        return [], [], 80
    days = sorted({e.on for e in events})
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span, 1)

    marks, y = [], AXIS_Y + 40
    for on in days:
        lines = tuple(Line(e.what, _line_text(e), e.instrument.iri) for e in events if e.on == on)
        marks.append(Mark(on, x(date.fromisoformat(on)), y, lines))
        y += ROW * len(lines) + 10
    years = [
        (year, x(date(year, 1, 1)))
        for year in range(first.year + 1, last.year + 1)
        if first < date(year, 1, 1) <= last
    ]
    return marks, years, y + 10


def _line_text(event: Event) -> str:
    if event.what in CHANGES:
        subjects = ", ".join(event.subjects)
        return f"{event.what}: {subjects} ({event.instrument.label})"
    return f"{event.what}: {event.instrument.label}"
