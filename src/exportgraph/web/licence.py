"""GET /licence-check: the licence check as JSON, or as a page with a form for a browser.

Parameters: item, destination, date, origin (default NLD). An unknown answer is still a 200:
the request was good; the body says required is null and what is missing. Bad input (a
destination that is no assigned ISO 3166-1 alpha-3 code, an item the graph does not hold) is a
400: the JSON error names the field and its near matches, and the page shows the form again with
the near matches as links.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, jsonify, render_template, request, url_for

from exportgraph.dates import parse_date
from exportgraph.errors import InputError
from exportgraph.law.licence import REASONS
from exportgraph.web.context import graph, settings
from exportgraph.web.urls import resource_path

blueprint = Blueprint("licence", __name__)

EXAMPLES = (
    ("NXT:2000i", "CHN", "2023-10-02"),
    ("NXT:1980i", "CHN", "2024-08-01"),
    ("NXT:1980i", "CHN", "2024-09-10"),
    ("3B001.f.4", "DEU", "2024-01-01"),
    ("3B001.l", "USA", "2024-01-01"),
)


@blueprint.get("/licence-check")
def check():
    args = request.args
    asked = any(args.get(name) for name in ("item", "destination", "date"))
    if _browser_asks() and not asked:
        return render_template("licence.html", answer=None, form=_form(), examples=EXAMPLES)
    try:
        answer = graph().licence_check(
            args.get("item", ""),
            args.get("destination", ""),
            parse_date(args.get("date"), "date"),
            args.get("origin") or "NLD",
        )
    except InputError as exc:
        if not _browser_asks():
            raise  # the one error handler gives the JSON error with the near matches
        return _form_again(exc), 400
    if _browser_asks():
        return render_template(
            "licence.html",
            answer=answer,
            form=_form(),
            examples=EXAMPLES,
            reasons=REASONS,
            page_of=lambda iri: resource_path(iri, settings().base_iri),
        )
    response = jsonify(answer.to_json())
    response.headers["Exportgraph-As-Of"] = answer.as_of.isoformat()
    return response


def _form_again(exc: InputError) -> str:
    """The form with what was asked, the error, and a link for each near match."""
    form = _form()
    field = exc.field or ""
    retries = [
        (match, url_for("licence.check") + "?" + urlencode({**form, field: match}))
        for match in exc.near_matches
        if field in form
    ]
    return render_template(
        "licence.html", answer=None, form=form, examples=EXAMPLES, error=exc, retries=retries
    )


def _form() -> dict[str, str]:
    return {
        name: request.args.get(name, default)
        for name, default in (("item", ""), ("destination", ""), ("date", ""), ("origin", "NLD"))
    }


def _browser_asks() -> bool:
    if request.args.get("format") == "json":
        return False
    accept = request.accept_mimetypes
    best = accept.best_match(["application/json", "text/html"])
    return best == "text/html" and accept[best] > accept["application/json"]
