"""/sparql: SELECT and ASK as SPARQL results, CONSTRUCT and DESCRIBE as Turtle.

The full SPARQL 1.1 Protocol (negotiation, dataset parameters, limits) is its own issue; this
view answers GET, form POST and direct POST.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from exportgraph.errors import QueryError
from exportgraph.web.context import store
from exportgraph.web.errors import error_response

blueprint = Blueprint("sparql", __name__)

TABLE_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint():
    query = _query_text()
    if query is None and _browser_asks():
        return render_template("sparql.html", example=EXAMPLE_QUERY)
    if query is None:
        return error_response(
            "missing-query",
            "no query: send it as the 'query' parameter (GET or form POST)"
            " or as the body of a POST with Content-Type application/sparql-query",
            400,
        )
    table_format = request.values.get("format", "json")
    if table_format not in TABLE_TYPES:
        return error_response(
            "unknown-format", f"format={table_format!r}: use one of {', '.join(TABLE_TYPES)}", 400
        )
    kind, body = store().query_results(query, table_format=table_format)
    mimetype = "text/turtle; charset=utf-8" if kind == "graph" else TABLE_TYPES[table_format]
    response = Response(body, content_type=mimetype)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


EXAMPLE_QUERY = """PREFIX exg: <https://w3id.org/exportgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entry ?code ?label WHERE {
  ?entry skos:inScheme <https://w3id.org/exportgraph/id/list/nl-semiconductor-equipment> ;
         exg:code ?code ; skos:prefLabel ?label .
  FILTER(LANG(?label) = "en")
} ORDER BY ?code"""


def _browser_asks() -> bool:
    accept = request.accept_mimetypes
    return (
        request.method == "GET" and accept["text/html"] > accept["application/sparql-results+json"]
    )


def _query_text() -> str | None:
    if request.method == "POST" and request.mimetype == "application/sparql-query":
        try:
            return request.get_data(as_text=False).decode("utf-8")
        except UnicodeDecodeError:
            raise QueryError("the query body is not UTF-8 text") from None
    text = request.values.get("query")
    return text if text and text.strip() else None
