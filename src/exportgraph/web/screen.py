"""/screen: an order book in (CSV or JSON Lines), the licence check for every line out.

POST the book as the body (text/csv or application/x-ndjson; parameters columns and as_of in
the query string) and get CSV, JSON Lines or JSON (with the summary) as Accept asks, by
default in the body's own format. GET in a browser shows a form; the uploaded book comes back
as a table to sort, filter and download, each line linking to its licence check. Bodies are
bounded by max_body_bytes and max_lines_per_request; a line that cannot be answered is part of
the answer (its status is "bad"), a body that cannot be read is a JSON error.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from flask import Blueprint, Response, render_template, request

from exportgraph.dates import parse_date
from exportgraph.errors import InputError
from exportgraph.law.licence import REASONS
from exportgraph.law.screen.answers import ScreenedLine
from exportgraph.law.screen.order_book import OrderBook, input_columns, parse_columns
from exportgraph.law.screen.summary import Summary
from exportgraph.law.screen.writers import line_json, write_csv, write_jsonl
from exportgraph.web.context import graph, settings
from exportgraph.web.errors import NotAcceptable, UnsupportedMediaType
from exportgraph.web.i18n import page_language

blueprint = Blueprint("screen", __name__)
BODY_TYPES = {
    "text/csv": "csv",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
}
ANSWER_TYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson", "json": "application/json"}
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


@blueprint.get("/screen")
def form():
    return render_template("screen.html", **_page(page_language(), None))


@blueprint.post("/screen")
def post():
    from_form = request.mimetype in FORM_TYPES
    values = request.form if from_form else request.args
    book = _form_book() if from_form else _body_book()
    limit = settings().max_lines_per_request
    if book.data.count(b"\n") > limit:
        raise InputError(
            f"{book.name}: more than {limit:,} lines in one request (setting"
            " max_lines_per_request): send the book in parts, or run `exportgraph screen`"
        )
    columns = parse_columns(values.get("columns"), "columns")
    as_of = parse_date(values["as_of"], "as_of") if values.get("as_of") else None
    carried = input_columns([book])
    lines = graph().screen([book], columns, as_of)
    if from_form:
        if values.get("format") == "csv":
            return _csv(lines, carried, book.name, download=True)
        screened = list(lines)
        summary = _summary(screened, as_of)
        form_values = {"book": book.data.decode("utf-8-sig"), "name": book.name}
        form_values |= {"fmt": book.fmt, "columns": values.get("columns", "")}
        form_values["as_of"] = as_of.isoformat() if as_of else ""
        return render_template(
            "screen.html", **_page(page_language(), screened, summary, form_values)
        )
    wanted = _answer_format(book.fmt)
    if wanted == "csv":
        return _csv(lines, carried, book.name)
    if wanted == "jsonl":
        return Response("".join(write_jsonl(lines)), content_type="application/x-ndjson")
    screened = list(lines)
    body = {
        "summary": _summary(screened, as_of).to_json(),
        "lines": [{"input": s.line.columns, **line_json(s)} for s in screened],
    }
    return Response(json.dumps(body, ensure_ascii=False), content_type="application/json")


def _body_book() -> OrderBook:
    fmt = BODY_TYPES.get(request.mimetype)
    if fmt is None:
        raise UnsupportedMediaType(
            f"Content-Type {request.mimetype or '(none)'}: send the order book as text/csv or"
            " application/x-ndjson"
        )
    data = request.get_data(cache=False)
    if not data.strip():
        raise InputError("the request has no body: send the order book as the body")
    return OrderBook("request body", data, fmt)


def _form_book() -> OrderBook:
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        data, name = upload.read(), upload.filename
        jsonl = name.lower().endswith((".jsonl", ".ndjson"))
    else:
        data = request.form.get("book", "").encode("utf-8")
        name = request.form.get("name") or "pasted order book"
        jsonl = request.form.get("fmt") == "jsonl"
    if not data.strip():
        raise InputError("no order book: choose a CSV or JSON Lines file")
    return OrderBook(name, data, "jsonl" if jsonl else "csv")


def _answer_format(body_format: str) -> str:
    accept = request.accept_mimetypes
    if not accept or accept.best == "*/*":
        return body_format
    best = accept.best_match(list(ANSWER_TYPES.values()))
    if best is None:
        raise NotAcceptable(
            f"Accept {accept.to_header()}: the answer is text/csv, application/x-ndjson or"
            " application/json"
        )
    return next(fmt for fmt, media in ANSWER_TYPES.items() if media == best)


def _csv(lines: Iterable[ScreenedLine], carried: list[str], name: str, download: bool = False):
    response = Response("".join(write_csv(lines, carried)), content_type="text/csv; charset=utf-8")
    if download:
        stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "order-book"
        filename = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem)
        response.headers["Content-Disposition"] = f'attachment; filename="screened-{filename}.csv"'
    return response


def _summary(lines: list[ScreenedLine], as_of) -> Summary:
    summary = Summary(as_of=as_of)
    for line in lines:
        summary.add(line)
    return summary


def _page(lang, lines, summary=None, form_values=None) -> dict:
    return {
        "page_lang": lang,
        "lang": lang,
        "lines": lines,
        "summary": summary,
        "form": form_values or {"columns": "", "as_of": ""},
        "reasons": REASONS,
    }
