"""GET /licence-check: the licence check as JSON, or as a page with a form for a browser.

Parameters: item, destination, date, origin (default NLD); fill=1 shows the form filled with
what the link gives (a model page links its model so) without running the check. The JSON
answer is English whatever the language asked for (its labels and explanations are what
programs compare); the page is in the page's language (web/licence_words.py). An unknown
answer is still a 200: the request was good; the body says required is null and what is
missing. Bad input is a 400: a program gets the JSON error; a browser gets the form back with
what was typed, each error beside its field and the near matches as links that run the
corrected check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, make_response, render_template, request, url_for
from flask_babel import gettext

from exportgraph.dates import parse_date
from exportgraph.errors import InputError
from exportgraph.law.lookup import resolve_country, resolve_item
from exportgraph.publish.labels import label_index
from exportgraph.web.context import graph, settings, store
from exportgraph.web.i18n import N_, page_language, remember_language, translated
from exportgraph.web.licence_words import explained_in
from exportgraph.web.page_labels import licence_answer_in
from exportgraph.web.page_words import ANSWER_NAMES
from exportgraph.web.urls import resource_path

blueprint = Blueprint("licence", __name__)

EXAMPLES = (
    ("NXT:2000i", "CHN", "2023-10-02"),
    ("NXT:1980i", "CHN", "2024-08-01"),
    ("NXT:1980i", "CHN", "2024-09-10"),
    ("3B001.f.4", "DEU", "2024-01-01"),
    ("3B001.l", "USA", "2024-01-01"),
)
FIELDS = (("item", ""), ("destination", ""), ("date", ""), ("origin", "NLD"))
# What the form says beside a field left empty, or holding what the graph does not know.
MISSING = {
    "item": N_("Give a control code (e.g. 3B001.f.4) or a model (e.g. NXT:2000i)."),
    "country": N_("Give a country as three letters (ISO 3166 alpha-3, e.g. CHN)."),
    "date": N_("A date is required, written YYYY-MM-DD (e.g. 2024-09-07)."),
}
UNKNOWN = {
    "item": N_("{value} is neither a control code nor a product model in the graph."),
    "country": N_("{value} is not an ISO 3166 alpha-3 country code (three letters, e.g. CHN)."),
    "date": N_("{value} is not a date written YYYY-MM-DD (e.g. 2024-09-07)."),
}
_WRITTEN_AS_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field of the form, in the page's language."""

    message: str
    near: tuple[tuple[str, str], ...]  # (value, URL of the check run with it)


@blueprint.get("/licence-check")
def check():
    args = request.args
    if not _browser_asks():
        answer = graph().licence_check(
            args.get("item", ""),
            args.get("destination", ""),
            parse_date(args.get("date"), "date"),
            args.get("origin") or "NLD",
        )
        response = jsonify(answer.to_json())
        response.headers["Exportgraph-As-Of"] = answer.as_of.isoformat()
        return response
    lang = page_language()
    form = _form()
    page = {
        "form": form,
        "examples": EXAMPLES,
        "names": translated(ANSWER_NAMES),
        "problems": {},
    }
    if args.get("fill") or not any(args.get(name) for name in ("item", "destination", "date")):
        return remember_language(_page(page, answer=None))
    problems = _problems(form, lang)
    if problems:
        return remember_language(_page(page | {"problems": problems}, answer=None, status=400))
    answer = graph().licence_check(form["item"], form["destination"], form["date"], form["origin"])
    index = label_index(store())
    answer = explained_in(answer, store(), index, lang)
    answer = licence_answer_in(answer, index, lang)
    return remember_language(_page(page, answer=answer))


def _page(context: dict, answer, status: int = 200) -> Response:
    page = render_template(
        "licence.html",
        answer=answer,
        page_of=lambda iri: resource_path(iri, settings().base_iri),
        **context,
    )
    return make_response(page, status)


def _problems(form: dict[str, str], lang: str) -> dict[str, Problem]:
    """Check each field on its own, so the form can say at once everything that is wrong."""
    checks = {
        "item": lambda: resolve_item(store(), form["item"]),
        "destination": lambda: resolve_country(store(), form["destination"], "destination"),
        "date": lambda: parse_date(form["date"], "date"),
        "origin": lambda: resolve_country(store(), form["origin"], "origin"),
    }
    problems = {}
    for name, run in checks.items():
        try:
            run()
        except InputError as exc:
            problems[name] = _problem(name, form, exc, lang)
    return problems


def _problem(name: str, form: dict[str, str], exc: InputError, lang: str) -> Problem:
    value = form[name].strip()
    kind = {"item": "item", "date": "date"}.get(name, "country")
    quoted = f"“{value}”"
    if not value:
        message = gettext(MISSING[kind])
    elif kind == "date" and _WRITTEN_AS_ISO.match(value):
        message = gettext("{value} is not a day of the calendar.").format(value=quoted)
    else:
        message = gettext(UNKNOWN[kind]).format(value=quoted)
    near = tuple(
        (guess, url_for("licence.check") + "?" + urlencode(form | {name: guess, "lang": lang}))
        for guess in exc.near_matches
    )
    return Problem(message, near)


def _form() -> dict[str, str]:
    return {name: request.args.get(name, "").strip() or default for name, default in FIELDS}


def _browser_asks() -> bool:
    if request.args.get("format") == "json":
        return False
    accept = request.accept_mimetypes
    best = accept.best_match(["application/json", "text/html"])
    return best == "text/html" and accept[best] > accept["application/json"]
