"""/sparql per the SPARQL 1.1 Protocol: read the request, negotiate, make one core call.

GET with `query`, a URL-encoded POST, or a direct POST (application/sparql-query); the dataset
by `default-graph-uri` and `named-graph-uri`; the answer's format by Accept (with q-values) or
a `format` parameter. A GET without a query gets the Service Description, or the query page
when a browser asks for HTML. Updates are refused: the endpoint is read-only.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from exportgraph.dates import parse_date
from exportgraph.endpoint.core import SparqlRequest
from exportgraph.endpoint.service_description import describe_service
from exportgraph.errors import QueryError
from exportgraph.sparql.guard import QueryRefusedError, read_query
from exportgraph.web import sparql_negotiation as negotiation
from exportgraph.web.case_access import endpoint_service, keep_private
from exportgraph.web.errors import error_response
from exportgraph.web.query_page import render_query_page
from exportgraph.web.security_headers import add_missing_headers

blueprint = Blueprint("sparql", __name__)

DIRECT_QUERY = "application/sparql-query"
DIRECT_UPDATE = "application/sparql-update"
FORM = "application/x-www-form-urlencoded"
SD_TYPES: dict[str, tuple[str, ...]] = {
    "turtle": ("text/turtle",),
    "rdfxml": ("application/rdf+xml",),
    "jsonld": ("application/ld+json",),
}
EXPOSED_HEADERS = (
    "X-Exportgraph-Truncated, X-Exportgraph-Rows, X-Exportgraph-Seconds, Exportgraph-As-Of,"
    " X-Exportgraph-Cached"
)
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": EXPOSED_HEADERS,
}
# Read by browsers only in the answer to a preflight (OPTIONS) request (Fetch standard, CORS).
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
}


@blueprint.route("/sparql", methods=["GET", "POST", "OPTIONS"])
@blueprint.route("/sparql/", methods=["GET", "POST", "OPTIONS"])
def endpoint():
    if request.method == "OPTIONS":
        return Response(status=204)
    params = _protocol_parameters()
    if "update" in params:
        raise QueryRefusedError(
            "this endpoint is read-only: SPARQL Update requests are refused"
            + (" (and an update is never sent by GET)" if request.method == "GET" else "")
        )
    queries = params.get("query", [])
    if len(queries) > 1:
        return error_response(
            "bad-request", f"{len(queries)} query parameters: send exactly one query", 400
        )
    query = queries[0] if queries and queries[0].strip() else None
    if query is None:
        if request.method == "GET" and _browser_asks_for_html():
            return render_query_page()
        if request.method == "GET":
            return _service_description()
        return error_response(
            "missing-query",
            "no query: send it as the 'query' parameter (GET or form POST)"
            f" or as the body of a POST with Content-Type {DIRECT_QUERY}",
            400,
        )
    if request.method == "GET" and _browser_asks_for_html() and "format" not in params:
        return render_query_page()
    as_of = _as_of(params)
    kind = "graph" if read_query(query).form in ("CONSTRUCT", "DESCRIBE") else "table"
    offers = negotiation.GRAPH_TYPES if kind == "graph" else negotiation.TABLE_TYPES
    try:
        if params.get("format"):
            fmt, media_type = negotiation.by_format_parameter(params["format"][0], kind, offers)
        else:
            fmt, media_type = negotiation.choose(offers, request.headers.get("Accept"))
    except negotiation.NotAcceptable as exc:
        return error_response("not-acceptable", str(exc), 406)
    outcome = endpoint_service().answer(
        SparqlRequest(
            query=query,
            table_format=fmt if kind == "table" else "json",
            graph_format=fmt if kind == "graph" else "turtle",
            default_graph_uris=params.get("default-graph-uri", []),
            named_graph_uris=params.get("named-graph-uri", []),
            base_iri=request.base_url,
            as_of=as_of,
        )
    )
    response = Response(outcome.body, content_type=negotiation.content_type(media_type))
    response.headers["X-Exportgraph-Rows"] = str(outcome.rows)
    response.headers["X-Exportgraph-Seconds"] = f"{outcome.seconds:.6f}"
    if outcome.cached:
        response.headers["X-Exportgraph-Cached"] = "true; a kept answer (setting answer_cache_mb)"
    if as_of is not None:
        response.headers["Exportgraph-As-Of"] = (
            f"{as_of.isoformat()}; the law as it stood on that date"
        )
    if outcome.truncated:
        response.headers["X-Exportgraph-Truncated"] = (
            f"true; the answer was cut at {outcome.rows} rows (setting row_limit)"
        )
    return response


@blueprint.after_request
def _cors(response: Response) -> Response:
    keep_private(response, "Accept")
    add_missing_headers(response, CORS_HEADERS)
    if request.method == "OPTIONS":
        add_missing_headers(response, PREFLIGHT_HEADERS)
    return response


@blueprint.errorhandler(QueryRefusedError)
def _refused(exc: QueryRefusedError):
    return error_response(exc.code, str(exc), 403)


def _protocol_parameters() -> dict[str, list[str]]:
    """Collect the protocol's parameters from the URL and, per the media type, the body.

    Raises:
        QueryError: a POST body of a type the protocol does not define, or not UTF-8.
    """
    params = {key: request.args.getlist(key) for key in request.args}
    if request.method != "POST":
        return params
    mimetype = request.mimetype
    if mimetype == FORM:
        for key in request.form:
            params.setdefault(key, []).extend(request.form.getlist(key))
        return params
    if mimetype in (DIRECT_QUERY, DIRECT_UPDATE):
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise QueryError(f"the body is {charset}; the SPARQL protocol requires UTF-8")
        try:
            text = request.get_data().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise QueryError(f"the body is not UTF-8 text (byte {exc.start})") from None
        params.setdefault("query" if mimetype == DIRECT_QUERY else "update", []).append(text)
        return params
    raise _unsupported_media_type(mimetype)


def _as_of(params: dict[str, list[str]]):
    """The date the query is asked for (parameter as_of, YYYY-MM-DD), or None for today's graph."""
    values = [v for v in params.get("as_of", []) if v.strip()]
    if not values:
        return None
    if len(values) > 1:
        raise QueryError("as_of: give one date, written YYYY-MM-DD")
    return parse_date(values[0], "as_of")


def _unsupported_media_type(mimetype: str) -> QueryError:
    said = f"Content-Type {mimetype}" if mimetype else "no Content-Type"
    return QueryError(
        f"a POST with {said}: send the query as {FORM} (query=...) or as {DIRECT_QUERY}"
    )


def _service_description() -> Response:
    try:
        fmt, media_type = negotiation.choose(SD_TYPES, request.headers.get("Accept"))
    except negotiation.NotAcceptable as exc:
        return error_response("not-acceptable", str(exc), 406)
    service = endpoint_service()
    body = describe_service(
        request.base_url,
        service.graph_names,
        service.triple_count,
        fmt,
        federated=bool(service.allowed_endpoints),
    )
    return Response(body, content_type=negotiation.content_type(media_type))


def _browser_asks_for_html() -> bool:
    accept = request.accept_mimetypes
    return accept["text/html"] > max(
        accept["application/sparql-results+json"], accept["text/turtle"]
    )
