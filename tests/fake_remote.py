"""A remote SPARQL server without a process or a socket: exportgraph's own app over an embedded
store, reached by urllib through Flask's test client.

RemoteStore speaks the SPARQL 1.1 protocol through a urllib opener; FakeRemote.handler answers
that opener's http requests from the app and keeps each query it was sent, so a test can see
that (and what) a store asked. tests/remote/ runs the same RemoteStore against a real Virtuoso.
"""

from __future__ import annotations

import email.message
import io
import urllib.parse
import urllib.request
import urllib.response

from exportgraph.config import Settings, turtle_files
from exportgraph.store.embedded import EmbeddedStore
from exportgraph.web import create_app

URL = "http://store.test/sparql"
# Kept before a test puts FakeRemote.opener in its place.
_build_opener = urllib.request.build_opener
PUBLISHED = Settings().store_graph


class _TestClientHandler(urllib.request.BaseHandler):
    handler_order = 100  # before urllib's own HTTPHandler

    def __init__(self, client, queries: list[str]) -> None:
        self.client = client
        self.queries = queries

    def http_open(self, request: urllib.request.Request):
        url = urllib.parse.urlsplit(request.full_url)
        form = urllib.parse.parse_qs((request.data or b"").decode("utf-8"))
        self.queries += form.get("query", [])
        response = self.client.open(
            url.path,
            query_string=url.query,
            method=request.get_method(),
            data=request.data,
            headers=dict(request.header_items()),
        )
        headers = email.message.Message()
        for name, value in response.headers.items():
            headers[name] = value
        answer = urllib.response.addinfourl(
            io.BytesIO(response.data), headers, request.full_url, response.status_code
        )
        answer.msg = response.status  # urllib's error processor reads the reason here
        return answer


class FakeRemote:
    """A SPARQL server holding the reference law in the published graph, as `exportgraph load`
    leaves a real one. Close it to stop its query workers."""

    def __init__(self) -> None:
        backing = EmbeddedStore()
        for path in turtle_files("ontology") + turtle_files("data"):
            backing.load_file(path, graph=PUBLISHED)
        self.app = create_app(Settings(row_limit=100_000, query_workers=1), store=backing)
        self.queries: list[str] = []

    def opener(self, *_handlers) -> urllib.request.OpenerDirector:
        """An opener to the fake server (a stand-in for urllib.request.build_opener)."""
        return _build_opener(_TestClientHandler(self.app.test_client(), self.queries))

    def close(self) -> None:
        self.app.config["EXPORTGRAPH_ENDPOINT"].close()
