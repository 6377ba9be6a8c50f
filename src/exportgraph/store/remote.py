"""A remote SPARQL 1.1 server as the store: Virtuoso, Oxigraph, Fuseki, GraphDB or any other.

Queries go out by the SPARQL 1.1 Protocol (a form POST) and come back as SPARQL JSON results
or N-Triples, read into the same pyoxigraph terms the embedded store returns, so nothing
downstream knows which engine answered. Values are bound by the same VALUES block as
embedded (store.bind_values). Loading goes by the Graph Store Protocol (one POST per file, so
a file's blank nodes stay one node each) or, without one, by SPARQL Update INSERT DATA; with an
update URL into a staging graph that one MOVE then publishes, so a killed load leaves the graph
as it was or wholly new (exportgraph.store.staging).

Everything exportgraph loads goes into named graphs: the published graph (the setting
store_graph) and one graph per case collection. A store made with a PinnedDataset sends every
query with the protocol's default-graph-uri and named-graph-uri naming the graphs it may read
(exportgraph.store.remote_dataset): the web server's store reads the published graph only, so the
collections on the same server never reach a public answer. A store without one reads the
server's union of graphs: for loading, and for whoever holds the case token (Virtuoso's default
graph is that union; on a server whose default graph is a graph of its own, such as Oxigraph or
Fuseki, the store names every graph by the protocol). Only the standard library speaks HTTP.
"""

from __future__ import annotations

import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import Graph
from rdflib.exceptions import ParserError

from exportgraph.config import Settings, turtle_files
from exportgraph.errors import (
    ConfigurationError,
    InputError,
    QueryError,
    StoreBadAnswerError,
    StoreError,
    StoreTimeoutError,
)
from exportgraph.sparql.guard import read_query
from exportgraph.sparql.results import write_boolean, write_solutions
from exportgraph.sparql.text import (
    Token,
    declared_prefixes,
    first_word,
    group_end,
    replace_tokens,
    tokenize,
    where_group_start,
)
from exportgraph.store.embedded import (
    GRAPH_FORMATS,
    Answer,
    Bindings,
    EmbeddedStore,
    _to_oxigraph,
)
from exportgraph.store.remote_dataset import PinnedDataset
from exportgraph.store.staging import publish_update, staging_graph, staging_graphs_query

SELECT_TYPE = "application/sparql-results+json"
GRAPH_TYPE = "application/n-triples"
# INSERT DATA requests carry at most this many triples (files without blank nodes only).
UPDATE_BATCH = 5000
# Triples per Graph Store POST (a file with blank nodes goes whole). One POST of 100,000 cases
# (2.5 million triples, 400 MB) left Virtuoso 7.2 waiting on its own locks past the 10-minute
# timeout twice on 29 Nov 2026 ("Many lock waits" in its log); in these batches it took 58 s.
GRAPH_STORE_BATCH = 200_000
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
NO_LOADING_URL = (
    "loading a remote store needs the setting store_update (a SPARQL Update URL)"
    " or store_graph_store (a Graph Store Protocol URL)"
)


# The store's failures by what went wrong are exportgraph.errors' StoreError and its kinds (the
# web layer maps them to 502 and 504); RemoteStoreError, the name callers knew, is their base.
RemoteStoreError = StoreError


class CutResultError(StoreBadAnswerError):
    """The server cut the answer short (Virtuoso's ResultSetMaxRows, or an anytime query)."""

    code = "cut-result"


T = TypeVar("T")


@dataclass(frozen=True)
class ProtocolAnswer:
    """A raw protocol answer: the body, its media type and the headers that matter."""

    body: bytes
    content_type: str


class RemoteStore:
    """The Store interface over a SPARQL 1.1 server (query URL, and update or Graph Store URL)."""

    def __init__(
        self,
        query_url: str,
        graph: str,
        update_url: str = "",
        graph_store_url: str = "",
        user: str = "",
        password: str = "",
        timeout: float = 60.0,
        dataset: PinnedDataset | None = None,
    ) -> None:
        for name, url in (
            ("store", query_url),
            ("store_update", update_url),
            ("store_graph_store", graph_store_url),
        ):
            if url and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise ConfigurationError(f"setting {name}: {url!r} is not an http(s) URL")
        self.query_url = query_url
        self.update_url = update_url
        self.graph_store_url = graph_store_url
        self.graph = graph
        self.timeout = timeout
        self.dataset = dataset
        handlers: list[urllib.request.BaseHandler] = []
        self._digest: urllib.request.HTTPDigestAuthHandler | None = None
        if user:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (query_url, update_url, graph_store_url):
                if url:
                    passwords.add_password(None, url, user, password)
            self._digest = urllib.request.HTTPDigestAuthHandler(passwords)
            handlers += [self._digest, urllib.request.HTTPBasicAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)
        self._reference: Graph | None = None
        self._copy: EmbeddedStore | None = None
        self._union: bool | None = None

    @classmethod
    def from_settings(cls, settings: Settings, dataset: PinnedDataset | None = None) -> RemoteStore:
        """The store the settings name; its queries read only dataset's graphs when given."""
        return cls(
            settings.store,
            graph=settings.store_graph,
            update_url=settings.store_update,
            graph_store_url=settings.store_graph_store,
            user=settings.store_user,
            password=settings.store_password,
            timeout=settings.query_timeout,
            dataset=dataset,
        )

    # -- the Store interface -------------------------------------------------------------

    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> Answer:
        """Run a query on the server; the answer holds pyoxigraph terms, as embedded.

        Raises:
            QueryError: the server refuses the query (its message is passed on).
            CutResultError: the server cut the answer short.
            StoreError: the server cannot be reached.
        """
        if bindings:
            sparql = bind_at_group_start(sparql, bindings)
        sparql = with_prologue(sparql, prefixes or {})
        graph_form = read_query(sparql).form in ("CONSTRUCT", "DESCRIBE")
        answer = self.protocol_query(sparql, accept=GRAPH_TYPE if graph_form else SELECT_TYPE)
        if graph_form:
            return Answer(kind="graph", triples=tuple(parse_triples(answer.body)))
        return parse_results_json(answer.body)

    def query_results(
        self, sparql: str, table_format: str = "json", graph_format: str = "turtle"
    ) -> tuple[str, bytes]:
        """Run a query and serialise its answer as the embedded store does."""
        answer = self.query(sparql)
        if answer.kind == "graph":
            return "graph", ox.serialize(answer.triples, format=GRAPH_FORMATS[graph_format]) or b""
        if answer.kind == "ask":
            return "ask", write_boolean(bool(answer.boolean), table_format)
        return "select", write_solutions(answer.variables, answer.rows, table_format)

    def triple_count(self) -> int:
        """The triples a query reads: the pinned default graph's, else the published graph's
        (never the server's own system graphs)."""
        if self.dataset is not None:
            return self.graph_triple_count()
        return self.graph_triple_count(self.graph)

    def graph_triple_count(self, graph: str | None = None) -> int:
        """The triples of one named graph, or of the default graph when graph is None."""
        pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        answer = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
        return int(answer.rows[0]["n"].value) if answer.rows else 0

    def graph_names(self) -> frozenset[str]:
        """The named graphs a query may read (a query may name them in FROM): those of the
        pinned dataset that hold triples, else every graph of the server."""
        answer = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return frozenset(row["g"].value for row in answer.rows if "g" in row)

    def reference_graph(self) -> Graph:
        """The loaded graph (ontology and reference data) as rdflib, fetched once and kept.

        For pySHACL, which validates over an rdflib graph: one CONSTRUCT instead of a query
        per constraint over HTTP.
        """
        if self._reference is None:
            answer = self._published_triples()
            graph = Graph()
            try:
                graph.parse(data=answer.body.decode("utf-8"), format="nt")
            except (ParserError, UnicodeDecodeError) as exc:
                raise StoreBadAnswerError(
                    f"the store's answer is not N-Triples ({exc}): check that the setting"
                    " store names a SPARQL endpoint"
                ) from None
            self._reference = graph
        # The validator owns (and changes) its copy: hand out a fresh one each time.
        copy = Graph()
        for triple in self._reference:
            copy.add(triple)
        return copy

    @property
    def full_sparql(self) -> bool:
        """A server may refuse or misread some SPARQL 1.1 (Virtuoso: unbound transitive
        paths, EXISTS inside BIND), so callers ask it plainer forms."""
        return False

    def with_engine(
        self,
        embedded: Callable[[EmbeddedStore], T],
        remote: Callable[[RemoteStore], T],
    ) -> T:
        """Return remote(self) (see exportgraph.store.interface.Store.with_engine)."""
        return remote(self)

    def as_embedded(self) -> EmbeddedStore:
        """The loaded graph copied into an embedded store, fetched once by CONSTRUCT and kept.

        For the law on a date (exportgraph.law.as_of): its questions follow eli:is_part_of* from
        an unbound resource, a transitive path Virtuoso refuses to run with neither end bound.
        """
        if self._copy is None:
            self._copy = self.fresh_copy()
        return self._copy

    def fresh_copy(self) -> EmbeddedStore:
        """The loaded graph copied into a new embedded store, the caller's own (never kept)."""
        copy = EmbeddedStore()
        copy.add_triples(parse_triples(self._published_triples().body))
        return copy

    def _published_triples(self) -> ProtocolAnswer:
        return self.protocol_query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{self.graph}> {{ ?s ?p ?o }} }}",
            accept=GRAPH_TYPE,
        )

    # -- loading -------------------------------------------------------------------------

    def load_published_graph(self, progress: Any = None) -> int:
        """Replace the store's graph with the ontology and the reference data; return triples.

        Whole or not at all (see replace_graph), and a rerun leaves the same triples.

        Raises:
            ConfigurationError: neither an update URL nor a Graph Store URL is set.
            InputError: a file of the package is not RDF.
            StoreError: the server refuses or cannot be reached.
        """
        files = turtle_files("ontology") + turtle_files("data")

        def batches() -> Iterator[list[ox.Triple]]:
            for done, path in enumerate(files, 1):
                yield read_triples(path)
                if progress is not None:
                    progress(done, len(files), path.name)

        self.replace_graph(self.graph, batches())
        return self.triple_count()

    def replace_graph(
        self,
        graph: str,
        batches: Iterable[Sequence[ox.Triple]],
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Replace a graph of the server with triples sent batch by batch; return its triples.

        With an update URL, whole or not at all even when the process is killed half-way: the
        batches go into a staging graph (by the Graph Store when its URL is set, else by
        SPARQL Update) that one MOVE then publishes; the staging graphs of a killed load are
        dropped first (exportgraph.store.staging). With a Graph Store URL alone the graph is
        dropped and refilled batch by batch, and a killed load leaves part of it: the protocol
        has no move, and Virtuoso 7.2 empties the graph of a PUT whose client dies half-way
        (tests/remote/test_issue_20_killed_load.py saw it). A blank node must not be split
        across batches. progress is called with the number of batches sent so far.

        Raises:
            ConfigurationError: neither an update URL nor a Graph Store URL is set.
            StoreError: the server refuses or cannot be reached.
        """
        if not (self.update_url or self.graph_store_url):
            raise ConfigurationError(NO_LOADING_URL)
        if not self.update_url:
            self.clear_graph(graph)
            self._send_batches(graph, batches, progress)
            return self.graph_triple_count(graph)
        for row in self.query(staging_graphs_query(graph)).rows:
            self.clear_graph(row["g"].value)
        staging = staging_graph(graph)
        staged = self._send_batches(staging, batches, progress)
        # MOVE from a graph that holds nothing fails: an empty graph is a DROP.
        self.update(publish_update(staging, graph) if staged else f"DROP SILENT GRAPH <{graph}>")
        return self.graph_triple_count(graph)

    def _send_batches(
        self,
        graph: str,
        batches: Iterable[Sequence[ox.Triple]],
        progress: Callable[[int], None] | None,
    ) -> int:
        sent_triples = 0
        for sent, batch in enumerate(batches, 1):
            self.add_triples(batch, graph)
            sent_triples += len(batch)
            if progress is not None:
                progress(sent)
        return sent_triples

    def clear_graph(self, graph: str) -> None:
        if self.graph_store_url:
            try:
                self._send("DELETE", self._graph_store_target(graph), None, "")
            except StoreError as exc:
                if "HTTP 404" not in str(exc):
                    raise
            return
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def load_file(self, path: Path, graph: str | None = None) -> None:
        """Add one RDF file to a graph of the server (the store's graph when None).

        Raises:
            InputError: the file is missing or is not RDF.
            StoreError: the server refuses the data.
        """
        triples = read_triples(path)
        self.add_triples(triples, graph)

    def add_triples(self, triples: Sequence[ox.Triple], graph: str | None = None) -> None:
        target = graph or self.graph
        # Blank node labels are scoped to one request: triples with blank nodes go whole.
        has_blank = any(
            isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
            for t in triples
        )
        batch = GRAPH_STORE_BATCH if self.graph_store_url else UPDATE_BATCH
        size = len(triples) if has_blank else batch
        for start in range(0, len(triples), max(size, 1)):
            chunk = triples[start : start + size]
            if self.graph_store_url:
                body = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES) or b""
                self._send("POST", self._graph_store_target(target), body, GRAPH_TYPE)
                continue
            lines = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in chunk)
            # INSERT DATA may hold blank nodes, but Virtuoso refuses them there; a template
            # with an empty WHERE makes one fresh node per label, as INSERT DATA would.
            operation = "INSERT" if has_blank else "INSERT DATA"
            where = " WHERE {}" if has_blank else ""
            self.update(f"{operation} {{ GRAPH <{target}> {{\n{lines}\n}} }}{where}")

    def update(self, sparql: str) -> None:
        """Send a SPARQL Update to the update URL.

        Raises:
            ConfigurationError: no update URL is set.
            StoreError: the server refuses it.
        """
        if not self.update_url:
            raise ConfigurationError(NO_LOADING_URL)
        body = urllib.parse.urlencode({"update": sparql}).encode("utf-8")
        self._send("POST", self.update_url, body, "application/x-www-form-urlencoded")

    # -- the protocol ---------------------------------------------------------------------

    def protocol_query(
        self,
        sparql: str,
        accept: str,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        timeout: float | None = None,
    ) -> ProtocolAnswer:
        """POST a query by the SPARQL 1.1 Protocol and return the body as the server wrote it.

        A store pinned to a dataset checks the query first and sends only the dataset's graphs
        (PinnedDataset.check and protocol_graphs).

        Raises:
            QueryRefusedError: the query names a graph beyond the pinned dataset.
            QueryError: the server answers 400 (its message is passed on), or the query
                holds a server pragma.
            CutResultError: the server says it cut the answer.
            StoreTimeoutError: no answer within the timeout.
            StoreBadAnswerError: an error status of 500 or more, or an answer that is not HTTP.
            StoreError: the server cannot be reached, or refuses the request (401, 403, 404).
        """
        if self.dataset is not None:
            self.dataset.check(sparql)
            default_graph_uris, named_graph_uris = self.dataset.protocol_graphs(
                default_graph_uris, named_graph_uris
            )
        elif (
            not default_graph_uris
            and not named_graph_uris
            and not _names_its_dataset(sparql)
            and not self._default_is_union()
        ):
            default_graph_uris = named_graph_uris = self._graph_list(timeout)
        return self._post_query(sparql, accept, default_graph_uris, named_graph_uris, timeout)

    def _default_is_union(self) -> bool:
        """Whether the server's default graph is the union of its named graphs, as a store
        without a dataset expects. Virtuoso's is; Oxigraph's (and Fuseki's, by default) is a
        graph of its own, empty here, so such a store names every graph by the protocol.
        Asked once a named graph holds a triple without blank nodes, then kept."""
        if self._union is None:
            probe = self._post_query(
                "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o }"
                " FILTER(!isBlank(?s) && !isBlank(?o)) } LIMIT 1",
                SELECT_TYPE,
            )
            rows = parse_results_json(probe.body).rows
            if not rows:
                return True
            triple = " ".join(str(rows[0][name]) for name in ("s", "p", "o"))
            found = self._post_query(f"ASK {{ {triple} }}", SELECT_TYPE)
            self._union = bool(parse_results_json(found.body).boolean)
        return self._union

    def _graph_list(self, timeout: float | None) -> list[str]:
        answer = self._post_query(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", SELECT_TYPE, timeout=timeout
        )
        return [row["g"].value for row in parse_results_json(answer.body).rows if "g" in row]

    def _post_query(
        self,
        sparql: str,
        accept: str,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        timeout: float | None = None,
    ) -> ProtocolAnswer:
        fields = [("query", sparql)]
        fields += [("default-graph-uri", iri) for iri in default_graph_uris]
        fields += [("named-graph-uri", iri) for iri in named_graph_uris]
        body = urllib.parse.urlencode(fields).encode("utf-8")
        request = urllib.request.Request(
            self.query_url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        seconds = timeout or self.timeout
        try:
            with self._opener.open(request, timeout=seconds) as response:
                data = response.read()
                headers = response.headers
        except urllib.error.HTTPError as exc:
            message = _error_text(exc)
            if exc.code == 400:
                raise QueryError(f"the store refused the query: {message}") from None
            raise _failed_status(self.query_url, exc.code, message) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise _no_answer(self.query_url, exc, seconds) from None
        check_not_cut(headers)
        return ProtocolAnswer(data, headers.get_content_type())

    def _graph_store_target(self, graph: str) -> str:
        separator = "&" if "?" in self.graph_store_url else "?"
        return f"{self.graph_store_url}{separator}{urllib.parse.urlencode({'graph': graph})}"

    def _send(self, method: str, url: str, body: bytes | None, content_type: str) -> None:
        headers = {"Content-Type": content_type} if content_type else {}
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        seconds = max(self.timeout, 300.0)
        if body and self._digest is not None:
            self._answer_challenge_first(request, self._digest)
        try:
            with self._opener.open(request, timeout=seconds) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise _failed_status(f"{method} {url}", exc.code, _error_text(exc)) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise _no_answer(url, exc, seconds) from None

    def _answer_challenge_first(
        self, request: urllib.request.Request, digest: urllib.request.HTTPDigestAuthHandler
    ) -> None:
        """Give a request with a body its digest credentials before it is sent.

        Virtuoso answers a request without credentials with 401 and closes the connection at
        once, so a body larger than the socket's buffer (a graph in one PUT) failed with a
        broken pipe before urllib saw the challenge. A HEAD without credentials fetches it.
        """
        probe = urllib.request.Request(request.full_url, method="HEAD")
        try:
            with urllib.request.urlopen(probe, timeout=self.timeout):
                return  # no credentials asked for
        except urllib.error.HTTPError as exc:
            challenge = exc.headers.get("WWW-Authenticate", "")
        except (urllib.error.URLError, OSError, http.client.HTTPException):
            return  # the request itself reports what fails
        scheme, _, fields = challenge.partition(" ")
        if scheme.lower() != "digest":
            return
        parts = urllib.request.parse_keqv_list(urllib.request.parse_http_list(fields))
        authorization = digest.get_authorization(request, parts)
        if authorization:
            request.add_unredirected_header("Authorization", f"Digest {authorization}")


def _names_its_dataset(sparql: str) -> bool:
    """Whether the query has a FROM or FROM NAMED of its own (which the protocol's graphs
    would override)."""
    return any(token.word == "FROM" for token in tokenize(sparql))


def _failed_status(what: str, status: int, message: str) -> StoreError:
    """The error for an HTTP error status from the store (400 is the query's fault, not here)."""
    if status >= 500:
        return StoreBadAnswerError(
            f"the store at {what} failed with HTTP {status} ({message}); try again shortly,"
            " and if it goes on, see the store's own log"
        )
    return StoreError(
        f"the store at {what} refused the request with HTTP {status} ({message}): check the"
        " settings store, store_user and store_password"
    )


def _no_answer(url: str, exc: BaseException, seconds: float) -> StoreError:
    """The error for a request that got no HTTP answer: refused, timed out, or not HTTP."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError):
        return StoreTimeoutError(
            f"the store at {url} did not answer within {seconds:g} s (setting query_timeout):"
            " it is overloaded or hanging; try again shortly"
        )
    if isinstance(reason, http.client.HTTPException) and not isinstance(reason, OSError):
        return StoreBadAnswerError(
            f"the store at {url} answered something that is not HTTP"
            f" ({type(reason).__name__}: {str(reason).strip()[:200]}): check that the setting"
            " store names a SPARQL endpoint"
        )
    return StoreError(
        f"cannot reach the store at {url} ({reason}): check that it runs and that the setting"
        " store names it; answers resume by themselves when it is back"
    )


def open_remote_store(settings: Settings) -> RemoteStore | None:
    """The remote store the settings name, or None when the embedded store is wanted."""
    return RemoteStore.from_settings(settings) if settings.store else None


def check_not_cut(headers: Any) -> None:
    """Refuse an answer the server says it cut short, rather than pass on a partial one.

    Virtuoso marks a SELECT cut by ResultSetMaxRows with X-SPARQL-MaxRows, and an "anytime"
    query that ran out of time with X-SQL-State S1TAT.

    Raises:
        CutResultError: one of those headers is present.
    """
    max_rows = headers.get("X-SPARQL-MaxRows")
    if max_rows:
        raise CutResultError(
            f"the store cut the answer at {max_rows} rows (Virtuoso's ResultSetMaxRows):"
            " raise ResultSetMaxRows in the [SPARQL] section of its virtuoso.ini"
        )
    if (headers.get("X-SQL-State") or "").strip() == "S1TAT":
        raise CutResultError(
            "the store ran out of time and returned a partial answer"
            f" ({headers.get('X-SQL-Message', 'anytime query')}): raise its time limit"
        )


def with_prologue(sparql: str, prefixes: Mapping[str, str], base: str | None = None) -> str:
    """Declare the prefixes (and base) the query uses without declaring them itself."""
    declared = declared_prefixes(sparql)
    lines = [f"PREFIX {name}: <{iri}>" for name, iri in prefixes.items() if name not in declared]
    if base and first_word(sparql, ("BASE",)) is None:
        lines.insert(0, f"BASE <{base}>")
    return "\n".join([*lines, sparql]) if lines else sparql


def bind_at_group_start(sparql: str, bindings: Bindings) -> str:
    """Bind variables at the top of the query's WHERE group: literals by BIND, IRIs by VALUES.

    The same meaning as the embedded store's VALUES block (store.bind_values) and the same
    writing of each term by Oxigraph's serialiser, never pasted user text. Split so, because
    Virtuoso 7.2 gets each form wrong in one case: a date in a VALUES block there empties
    instruments-in-force and fails an ASK with an OPTIONAL ("SP031 ... external var"), and an
    IRI in a BIND fails with "SP031 ... no SPART_VARR_FIXED".

    Raises:
        QueryError: a value is not an IRI or literal, or the query has no WHERE group.
    """
    terms = {name: _to_oxigraph(term) for name, term in bindings.items()}
    binds = [f"BIND({t} AS ?{n})" for n, t in terms.items() if isinstance(t, ox.Literal)]
    resources = {n: t for n, t in terms.items() if not isinstance(t, ox.Literal)}
    if resources:
        names = " ".join(f"?{name}" for name in resources)
        row = " ".join(str(term) for term in resources.values())
        binds.append(f"VALUES ({names}) {{ ({row}) }}")
    at = where_group_start(sparql)
    end = group_end(sparql, at)
    body = _put_constants(sparql[at + 1 : end], terms)
    return f"{sparql[: at + 1]} {' '.join(binds)} {body}{sparql[end:]}"


# Written as casts inside expressions (see _put_constants).
_CAST_IN_EXPRESSIONS = frozenset(
    "http://www.w3.org/2001/XMLSchema#" + name for name in ("date", "dateTime")
)


def _put_constants(body: str, terms: Mapping[str, ox.NamedNode | ox.BlankNode | ox.Literal]) -> str:
    """Write each bound variable's term in place of the variable in the WHERE group.

    Virtuoso 7.2 cannot compile some patterns over a variable bound at the group's top (an
    OPTIONAL that names it, a transitive path from it: "SP031 ... external var", "TR...
    transitive derived table"); with the constant written in, it can. The binding at the top
    stays, so a projected variable keeps its value. Strings, IRIs and comments are skipped,
    and a variable after AS (assigned there) is left alone.

    Inside parentheses (an expression: FILTER, BIND, a function's arguments) a date is written
    as a cast, xsd:date("2024-01-01"), the same value: when its plan compares by an index,
    Virtuoso 7.2 finds nothing `<=` a typed date literal (instruments-in-force came back empty
    once the query read one graph), and a cast is compared by value.
    """
    constants = {name: str(term) for name, term in terms.items()}
    casts = {
        name: f"{term.datatype}({ox.Literal(term.value)})"
        for name, term in terms.items()
        if isinstance(term, ox.Literal) and term.datatype.value in _CAST_IN_EXPRESSIONS
    }
    depth = 0
    previous = ""
    # A subquery's projection (SELECT ... up to WHERE or its group) names variables: a bare
    # constant there is no SPARQL ("SELECT ?case <iri> WHERE", which Oxigraph refuses), and
    # the variable left unbound inside empties the join outside on Virtuoso 7.2. So a bound
    # variable there is projected as the constant, (<iri> AS ?v).
    in_projection = False

    def replace(token: Token) -> str | None:
        nonlocal depth, previous, in_projection
        after_as, previous = previous == "AS", token.word
        if token.word == "SELECT":
            in_projection = True
        elif token.word == "WHERE" or token.text == "{":
            in_projection = False
        if token.text in ("(", ")"):
            depth = depth + 1 if token.text == "(" else max(depth - 1, 0)
            return None
        if token.name not in constants or after_as:
            return None
        if in_projection and not depth:
            return f"({constants[token.name]} AS {token.text})"
        return casts.get(token.name, constants[token.name]) if depth else constants[token.name]

    return replace_tokens(body, replace)


def parse_results_json(body: bytes) -> Answer:
    """Read SPARQL 1.1 Query Results JSON into an Answer of pyoxigraph terms.

    Virtuoso writes typed literals with the SPARQL 1.0 type "typed-literal", booleans as 1
    and 0, and blank nodes as nodeID://...; those become the terms the embedded store gives.

    Raises:
        StoreBadAnswerError: the body is not SPARQL JSON results.
    """
    try:
        document = json.loads(body)
        if "boolean" in document:
            return Answer(kind="ask", boolean=bool(document["boolean"]))
        variables = tuple(document["head"].get("vars", ()))
        rows = tuple(
            {name: read_term(value) for name, value in binding.items()}
            for binding in document["results"]["bindings"]
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreBadAnswerError(
            f"the store's answer is not SPARQL JSON results ({exc}): check that the setting"
            " store names a SPARQL endpoint"
        ) from None
    return Answer(kind="select", variables=variables, rows=rows)


def read_term(value: Mapping[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return ox.NamedNode(text)
    if kind == "bnode":
        return ox.BlankNode(_blank_id(text))
    if kind in ("literal", "typed-literal"):
        language = value.get("xml:lang")
        if language:
            return ox.Literal(text, language=language)
        datatype = value.get("datatype")
        if datatype == XSD_BOOLEAN and text in ("1", "0"):
            text = "true" if text == "1" else "false"
        return ox.Literal(text, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(text)
    raise ValueError(f"unknown term type {kind!r}")


def parse_triples(body: bytes) -> Iterator[ox.Triple]:
    try:
        for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
            yield quad.triple
    except SyntaxError as exc:
        raise StoreBadAnswerError(
            f"the store's answer is not N-Triples ({exc}): check that the setting store names"
            " a SPARQL endpoint"
        ) from None


def read_triples(path: Path) -> list[ox.Triple]:
    """Parse an RDF file (format by suffix) into triples.

    Raises:
        InputError: missing, of unknown format, or not valid RDF.
    """
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if fmt is None:
        raise InputError(f"{path}: unknown RDF format (use .ttl, .nt, .nq, .trig, .rdf or .jsonld)")
    try:
        # Labels fresh per file: files sent in one request keep their blank nodes apart.
        parsed = ox.parse(path=str(path), format=fmt, rename_blank_nodes=True)
        return [quad.triple for quad in parsed]
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except SyntaxError as exc:
        raise InputError(f"{path}: {exc}") from None


def _blank_id(text: str) -> str:
    label = text.removeprefix("nodeID://").removeprefix("_:")
    return re.sub(r"[^A-Za-z0-9_]", "_", label) or "b"


def _error_text(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read().decode("utf-8", errors="replace")
    except OSError:
        text = ""
    text = " ".join(text.split())
    return text[:500] or exc.reason or "no message"
