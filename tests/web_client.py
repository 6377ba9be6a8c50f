"""Flask's test client behind the call the socket tests made with urllib, for tests that need
HTTP semantics but no socket: same URL strings, same (status, headers, body, url) answer."""

from __future__ import annotations

import email.message
import urllib.parse
from collections.abc import Mapping

from flask import Flask

# urllib sends this when a body comes without a Content-Type; the test client sends none.
FORM = "application/x-www-form-urlencoded"


class WebClient:
    """Answers requests to `url` (any host) from the application, in this process."""

    url = "http://localhost/"

    def __init__(self, app: Flask) -> None:
        self.app = app

    def fetch(
        self,
        url: str,
        headers: Mapping[str, str] | None = None,
        follow: bool = True,
        *,
        data: bytes | None = None,
        method: str | None = None,
    ) -> tuple[int, email.message.Message, bytes, str]:
        """Send one request; return status, headers (urllib's kind), body and the final URL."""
        parts = urllib.parse.urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        sent = dict(headers or {})
        if data is not None and not any(k.lower() == "content-type" for k in sent):
            sent["Content-Type"] = FORM
        # A client per request: the crawl asks from several threads.
        response = self.app.test_client().open(
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
        return response.status_code, message, response.get_data(), final
