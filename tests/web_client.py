"""Flask's test client behind the URL strings the socket tests used with urllib.

`in_process(app)` gives a base URL; `request(url, ...)` answers any URL under it from that
application in this process, with urllib's answer shape (status, headers, body, final URL).
A test that needs HTTP semantics but no socket changes its fixture, not its assertions.
"""

from __future__ import annotations

import contextlib
import email.message
import itertools
import urllib.parse
from collections.abc import Iterator, Mapping
from typing import Any

from flask import Flask

from exportgraph.config import Settings
from exportgraph.store.interface import Store
from exportgraph.web import create_app

# urllib sends this when a body comes without a Content-Type; the test client sends none.
FORM = "application/x-www-form-urlencoded"
_APPS: dict[str, Flask] = {}
_NUMBERS = itertools.count(1)


def in_process(app: Flask, host: str = "localhost") -> str:
    """Register app under http://<host>/ and return that base URL."""
    url = f"http://{host}/"
    _APPS[url] = app
    return url


def request(
    url: str,
    headers: Mapping[str, str] | None = None,
    follow: bool = True,
    *,
    data: bytes | None = None,
    method: str | None = None,
) -> tuple[int, email.message.Message, bytes, str]:
    """Send one request; return status, headers (urllib's kind), body and the final URL."""
    parts = urllib.parse.urlsplit(url)
    app = _APPS[f"{parts.scheme}://{parts.netloc}/"]
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    sent = dict(headers or {})
    if data is not None and not any(k.lower() == "content-type" for k in sent):
        sent["Content-Type"] = FORM
    # A client per request, so threads may ask at once.
    response = app.test_client().open(
        target,
        method=method or ("POST" if data is not None else "GET"),
        data=data,
        headers=sent,
        follow_redirects=follow,
    )
    message = email.message.Message()
    for name, value in response.headers.items():
        message[name] = value
    final = response.request.url if follow else url
    body = response.get_data()
    response.close()  # a file answer (send_file) holds its file open until closed
    return response.status_code, message, body, final


@contextlib.contextmanager
def app_in_process(settings: Mapping[str, Any], store: Store | None = None) -> Iterator[str]:
    """An application with EXPORTGRAPH_* settings over these (as `exportgraph serve` reads
    them), answered in this process: yield its base URL for request(), then close its query
    workers and dumps. The twin of tests.endpoint_server.running_server, without a socket."""
    app = create_app(Settings.load(**settings), store=store)
    host = f"app-{next(_NUMBERS)}.localhost"
    try:
        yield in_process(app, host)
    finally:
        del _APPS[f"http://{host}/"]
        app.config["EXPORTGRAPH_ENDPOINT"].close()
        dumps = app.extensions.get("exportgraph_dumps")
        if dumps is not None:
            dumps.close()


def fetch(
    url: str,
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, email.message.Message, bytes]:
    """tests.endpoint_server.fetch's answer (status, headers, body), answered in this process."""
    status, answer_headers, body, _ = request(url, headers, data=data, method=method)
    return status, answer_headers, body
