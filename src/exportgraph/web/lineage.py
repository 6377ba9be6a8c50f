"""/lists/<slug>/history: a list's history as a timeline drawn on the server (inline SVG, no
JavaScript), and the diff between two dates; /lists/<slug>/diff answers the diff as JSON.

The timeline's layout (where each date falls) is computed here, for the template only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, jsonify, make_response, render_template, request

from exportgraph.dates import parse_date
from exportgraph.law.citations import Citation
from exportgraph.law.lineage import LIST_BASE, Event, ListHistory, diff_list, history
from exportgraph.publish.labels import label_index
from exportgraph.web.context import settings, store
from exportgraph.web.i18n import page_language, remember_language, translated
from exportgraph.web.page_labels import diff_in, history_in
from exportgraph.web.page_words import CHANGE_NAMES, TIMELINE_NAMES
from exportgraph.web.urls import resource_path

blueprint = Blueprint("lineage", __name__)

# The overview axis is drawn twice, for a wide screen and for a phone, so its labels keep a
# readable size on both (CSS shows one); the rows below it are HTML and wrap.
AXES = (("wide", 1000), ("narrow", 400))
PAD = 24
CHANGES = ("added", "removed", "in doubt")


@dataclass(frozen=True)
class Line:
    """One thing that happened on a date: what, by which instrument, to which entries."""

    what: str  # adopted, published, in force, applies, added, removed, in doubt
    instrument: Citation
    subjects: tuple[tuple[str, str], ...]  # (code or model name, IRI or "")


@dataclass(frozen=True)
class Mark:
    """One date on the timeline: where it falls on the axis (0 to 1) and what happened."""

    on: str
    at: float
    lines: tuple[Line, ...]
    chosen: bool  # within the from/to period asked for, (from, to]


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
    lang = page_language()
    # law/ names the list and its instruments in English; a Dutch page uses their Dutch labels.
    past = history_in(past, label_index(store()), lang)
    if diff is not None:
        diff = diff_in(diff, label_index(store()), lang)
    page = render_template(
        "list_history.html",
        slug=slug.removeprefix(LIST_BASE),
        diff=diff,
        form={"from": request.args.get("from", ""), "to": request.args.get("to", "")},
        change_names=translated(CHANGE_NAMES),
        **timeline_context(past, (diff.from_date, diff.to_date) if diff else None),
    )
    return remember_language(make_response(page))


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


def timeline_context(past: ListHistory, chosen: tuple[date, date] | None = None) -> dict[str, Any]:
    """Return what templates/_timeline.html needs to draw a list's history.

    Args:
        past: the list's history.
        chosen: the from and to dates asked for, marked on the axis and in the rows.
    """
    marks, years, period = _layout(past.events, chosen)
    return {
        "history": past,
        "marks": marks,
        "years": years,
        "period": period,
        "chosen": chosen,
        "axes": AXES,
        "pad": PAD,
        "timeline_names": translated(TIMELINE_NAMES),
        "page_of": lambda iri: resource_path(iri, settings().base_iri),
    }


def _layout(
    events: tuple[Event, ...], chosen: tuple[date, date] | None
) -> tuple[list[Mark], list[tuple[int, float]], tuple[float, float] | None]:
    """Place each date on a linear axis (0 to 1) that spans the history and the chosen period."""
    if not events:
        return [], [], None
    days = sorted({e.on for e in events})
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    if chosen:
        first, last = min(first, chosen[0]), max(last, chosen[1])
    span = max((last - first).days, 1)

    def at(day: date) -> float:
        return round((day - first).days / span, 4)

    marks = []
    for on in days:
        day = date.fromisoformat(on)
        lines = tuple(
            Line(e.what, e.instrument, tuple(zip(e.subjects, e.subject_iris, strict=True)))
            for e in events
            if e.on == on
        )
        inside = chosen is not None and chosen[0] < day <= chosen[1]
        marks.append(Mark(on, at(day), lines, inside))
    years = [
        (year, at(date(year, 1, 1)))
        for year in range(first.year + 1, last.year + 1)
        if first < date(year, 1, 1) <= last
    ]
    period = (at(chosen[0]), at(chosen[1])) if chosen else None
    return marks, years, period
