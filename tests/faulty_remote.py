"""A SPARQL server on a real loopback socket that a test can make fail: refuse, hang, or
answer garbage; then bring back.

The failures that matter happen in the socket (a refused connection, a read that times out, a
status line that is not HTTP), so this one listens on 127.0.0.1, unlike tests/fake_remote.py.
Healthy, it answers the SPARQL 1.1 protocol from an Oxigraph store holding the reference law
in the published graph, as tests/in_process_server.py does.
"""

from __future__ import annotations

import contextlib
import http.server
import socket
import threading
import urllib.parse

import pyoxigraph as ox

from exportgraph.config import Settings, turtle_files

PUBLISHED = Settings().store_graph
# How long a hanging answer waits at most before closing: far past the tests' store timeout.
HANG_SECONDS = 30.0
MODES = ("ok", "hang", "html", "http500", "http401", "not-http", "half-json")


def reference_server_store() -> ox.Store:
    store = ox.Store()
    for path in turtle_files("ontology") + turtle_files("data"):
        store.bulk_load(
            path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(PUBLISHED)
        )
    return store


class FaultyRemote:
    """A store server at a fixed port: mode says how it answers; stop() makes it refuse."""

    def __init__(self, store: ox.Store | None = None) -> None:
        self.store = store if store is not None else reference_server_store()
        self.mode = "ok"
        self.released = threading.Event()  # set to end every hanging answer
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._server: http.server.ThreadingHTTPServer | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def start(self) -> None:
        """Listen again on the same port (the store comes back)."""
        if self._server is not None:
            return
        self.released.clear()
        server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        server.daemon_threads = True
        # A short poll, so stop() (shutdown waits for the loop to look) takes milliseconds.
        threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()
        self._server = server

    def stop(self) -> None:
        """Stop listening: a connection is refused from now on."""
        self.released.set()
        if self._server is not None:
            self._server.shutdown()
            # A process forked meanwhile (a query-worker zygote) holds a copy of the listening
            # socket: shutdown() stops it listening in every process, close() alone would not.
            with contextlib.suppress(OSError):
                self._server.socket.shutdown(socket.SHUT_RDWR)
            self._server.server_close()
            self._server = None

    def answer(self, form: dict[str, list[str]], accept: str) -> tuple[bytes, str]:
        graphs = [ox.NamedNode(g) for g in form.get("default-graph-uri", [])]
        named = [ox.NamedNode(g) for g in form.get("named-graph-uri", [])]
        results = self.store.query(
            form["query"][0],
            use_default_graph_as_union=not graphs,
            default_graph=graphs or None,
            named_graphs=named or None,
        )
        if isinstance(results, ox.QueryTriples):
            return results.serialize(format=ox.RdfFormat.N_TRIPLES) or b"", "application/n-triples"
        body = results.serialize(format=ox.QueryResultsFormat.JSON) or b""
        return body, "application/sparql-results+json"


def _handler(remote: FaultyRemote) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet: the test run's output is for failures
            pass

        def do_GET(self) -> None:
            self._serve(urllib.parse.urlsplit(self.path).query)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._serve(self.rfile.read(length).decode("utf-8"))

        def _serve(self, form_text: str) -> None:
            mode = remote.mode
            if mode == "hang":
                remote.released.wait(HANG_SECONDS)
                return
            if mode == "not-http":
                self.wfile.write(b"this is not HTTP at all\r\n\r\n")
                return
            if mode == "http500":
                self._send(500, b"Virtuoso 08C01 Error: out of disk space", "text/plain")
                return
            if mode == "http401":
                self._send(401, b"Unauthorized", "text/plain")
                return
            if mode == "html":
                self._send(200, b"<html><body>Proxy login</body></html>", "text/html")
                return
            form = urllib.parse.parse_qs(form_text)
            body, media_type = remote.answer(form, self.headers.get("Accept", ""))
            if mode == "half-json":
                body = body[: len(body) // 2]
            self._send(200, body, media_type)

        def _send(self, status: int, body: bytes, media_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler
