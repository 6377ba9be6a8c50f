"""/validate: case records in (Turtle, JSON-LD, plain JSON), a report out (JSON, Turtle, HTML).

POST with the case as the body (by Content-Type), or from the form (pasted text or an uploaded
file). GET shows the form. The validator is built once per application, on first use, over the
application's store; a case is validated in the validator's private copy of the reference
graph and never reaches the published store. /contexts/case-record.jsonld serves the JSON-LD
context of the case format.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import gettext
from rdflib.namespace import RDF

from exportgraph.cases.json_records import case_context
from exportgraph.cases.reading import MEDIA_TYPES, CaseSource, read_case_text
from exportgraph.cases.reports import WORDS, as_turtle, render, short
from exportgraph.cases.validation import SECTION_ORDER, CaseValidator
from exportgraph.errors import InputError
from exportgraph.namespaces import EXG
from exportgraph.web.context import graph, settings
from exportgraph.web.errors import UnsupportedMediaType
from exportgraph.web.i18n import page_language

blueprint = Blueprint("validate", __name__)
REPORT_TYPES = ("application/json", "text/turtle", "text/html")
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


@blueprint.get("/validate")
def form():
    lang = page_language()
    return render_template("validate.html", **_page(lang, outcomes=None, text="", syntax="auto"))


@blueprint.post("/validate")
def post():
    lang = page_language()
    from_form = request.mimetype in FORM_TYPES
    wanted = request.accept_mimetypes.best_match(REPORT_TYPES, default="application/json")
    if from_form and wanted != "text/turtle" and request.form.get("format") != "json":
        wanted = "text/html"
    text = request.form.get("case", "") if from_form else ""
    syntax = request.form.get("syntax", "auto") if from_form else "auto"
    try:
        source = _form_source() if from_form else _body_source()
        _check_case_count(source)
    except InputError as exc:
        if not from_form or wanted != "text/html" or isinstance(exc, UnsupportedMediaType):
            raise
        # The form comes back with the pasted case and the error beside it.
        page = _page(lang, None, text, syntax) | {"problem": _problem(exc, text, syntax)}
        return render_template("validate.html", **page), 400
    outcomes = validator().validate(source, lang)
    if wanted == "text/html":
        return render_template("validate.html", **_page(lang, outcomes, text, syntax))
    if wanted == "text/turtle":
        body = as_turtle(outcomes, lang).serialize(format="turtle")
        return Response(body, content_type="text/turtle; charset=utf-8")
    return Response(render(outcomes, "json", lang), content_type="application/json")


@blueprint.get("/contexts/case-record.jsonld")
def context():
    response = current_app.response_class(
        render_context(), content_type="application/ld+json; charset=utf-8"
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def render_context() -> str:
    return json.dumps({"@context": case_context()}, indent=2, ensure_ascii=False) + "\n"


def validator() -> CaseValidator:
    """The application's one validator, ExportGraph.validator(): built on first use (loading
    takes about a second) over the store's own reference graph, remote or embedded."""
    return graph().validator()


def _body_source() -> CaseSource:
    syntax = MEDIA_TYPES.get(request.mimetype)
    if syntax is None:
        raise UnsupportedMediaType(
            f"Content-Type {request.mimetype or '(none)'}: send text/turtle, application/ld+json"
            " or application/json"
        )
    body = request.get_data(cache=False)
    if not body.strip():
        raise InputError("the request has no body: send the case record as the body")
    return read_case_text(body, syntax, "request body")


def _form_source() -> CaseSource:
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        text = upload.read()
        name = upload.filename
    else:
        text = request.form.get("case", "").encode("utf-8")
        name = "pasted case"
    if not text.strip():
        raise InputError("no case: paste a case record or choose a file", field="case")
    syntax = request.form.get("syntax", "auto")
    if syntax not in ("turtle", "json"):
        syntax = (
            "json"
            if text.lstrip()[:1] in (b"{", b"[") or name.endswith((".json", ".jsonld"))
            else "turtle"
        )
    return read_case_text(text, syntax, name)


def _check_case_count(source: CaseSource) -> None:
    # Validation takes about 25 ms of the server's CPU a case and has no time limit of its own,
    # so one body full of cases would hold a worker for minutes.
    limit = settings().max_cases_per_request
    count = len(set(source.graph.subjects(RDF.type, EXG.LicenceCase)))
    if count > limit:
        raise InputError(
            f"{source.name}: {count} cases in one request; at most {limit} are validated at"
            " once (setting max_cases_per_request): send them in parts, or run"
            " `exportgraph validate` on your own machine"
        )


def _problem(exc: InputError, text: str, syntax: str) -> dict[str, str]:
    """What the form says about a case it could not read: in words, and the parser's own."""
    if exc.field == "case":
        message = gettext("No case: paste a case record or choose a file.")
        return {"message": message, "detail": "", "line_text": ""}
    if exc.line is None:
        message = gettext("The case could not be read.")
        return {"message": message, "detail": str(exc), "line_text": ""}
    looks_json = syntax == "json" or (syntax == "auto" and text.lstrip()[:1] in ("{", "["))
    lines = text.splitlines()
    return {
        "message": gettext("Line {line}: the case is not valid {syntax}.").format(
            line=exc.line, syntax="JSON" if looks_json else "Turtle"
        ),
        "detail": str(exc),
        "line_text": lines[exc.line - 1] if 0 < exc.line <= len(lines) else "",
    }


def _page(lang: str, outcomes, text: str, syntax: str) -> dict:
    return {
        "page_lang": lang,
        "words": WORDS[lang],
        "sections": SECTION_ORDER,
        "outcomes": outcomes,
        "text": text,
        "syntax": syntax,
        "short": short,
        "lang": lang,
        "problem": None,
    }
