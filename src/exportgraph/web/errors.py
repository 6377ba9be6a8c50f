"""One error handler: ExportGraphError and HTTP errors as JSON or HTML, never a stack trace."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from exportgraph.endpoint.workers import EndpointBusyError, QueryTimeoutError, WorkerDiedError
from exportgraph.errors import (
    ExportGraphError,
    InputError,
    NotFoundError,
    StoreError,
    StoreTimeoutError,
)
from exportgraph.web.page_words import status_title


def register(app: Flask) -> None:
    app.register_error_handler(ExportGraphError, _handle_core_error)
    app.register_error_handler(HTTPException, _handle_http_error)
    app.register_error_handler(Exception, _handle_unexpected)


def error_response(code: str, message: str, status: int, **extra: object):
    """Render an error in the one JSON shape, or as a page when a browser asked for HTML.

    extra: more members of the JSON object (a bad field and its near matches).
    """
    if _wants_html():
        page = render_template(
            "error.html",
            code=code,
            message=message,
            status=status,
            title=status_title(status),
        )
        return page, status
    return jsonify({"error": code, "message": message, "status": status, **extra}), status


def input_details(exc: ExportGraphError) -> dict[str, object]:
    """The field at fault and the near matches of a bad input, for the JSON error."""
    if not isinstance(exc, InputError) or exc.field is None:
        return {}
    return {"field": exc.field, "near_matches": list(exc.near_matches)}


def _handle_core_error(exc: ExportGraphError):
    return error_response(exc.code, str(exc), status_of(exc), **input_details(exc))


class UnsupportedMediaType(InputError):
    """A body whose Content-Type the route does not read (415); the message says what it reads."""

    code = "unsupported-media-type"


class NotAcceptable(InputError):
    """An Accept header the route cannot answer (406); the message says what it answers."""

    code = "not-acceptable"


def status_of(exc: ExportGraphError) -> int:
    """The HTTP status of a core error: the one place that maps them."""
    if isinstance(exc, UnsupportedMediaType):
        return 415
    if isinstance(exc, NotAcceptable):
        return 406
    if isinstance(exc, (QueryTimeoutError, EndpointBusyError, WorkerDiedError)):
        return 503  # this server's own query workers: stopped, busy, or one died
    if isinstance(exc, StoreTimeoutError):
        return 504  # the store behind this server (its gateway) did not answer in time
    if isinstance(exc, StoreError):
        return 502  # the store refused, failed, or answered something unreadable
    if isinstance(exc, NotFoundError):
        return 404
    return 400 if isinstance(exc, InputError) else 500


def _handle_http_error(exc: HTTPException):
    if exc.code == 413:
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        return error_response(
            "body-too-large",
            f"the request body is larger than {limit:,} bytes (setting max_body_bytes)",
            413,
        )
    return error_response(
        exc.name.lower().replace(" ", "-"), exc.description or exc.name, exc.code or 500
    )


def _handle_unexpected(exc: Exception):
    # The full trace goes to the server log, never to the client.
    current_app.logger.exception("unexpected error")
    return error_response("internal-error", "the server failed to answer; the log has details", 500)


def _wants_html() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "text/html"
        and request.accept_mimetypes[best] > request.accept_mimetypes["application/json"]
    )
