"""The query page: an editor, the saved questions, and answers as a table linked to resources.

The page is a plain HTML form that the server answers (GET /query?query=...), so it works
without JavaScript and its URL is the share link; the vendored CodeMirror only adds syntax
highlighting. Queries run through the SPARQL endpoint's workers, with its time limit and row
cap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request

from exportgraph.dates import parse_date
from exportgraph.endpoint.core import GRAPH_PREFIXES, SparqlRequest
from exportgraph.endpoint.saved_queries import bound_query_text, saved_queries, saved_query
from exportgraph.endpoint.workers import QueryOutcome
from exportgraph.errors import ExportGraphError, InputError, StoreError
from exportgraph.publish.labels import label_index
from exportgraph.sparql.guard import QueryRefusedError, read_query
from exportgraph.web.case_access import endpoint_service
from exportgraph.web.context import settings, store
from exportgraph.web.errors import status_of
from exportgraph.web.urls import resource_path

blueprint = Blueprint("query_page", __name__)

PROLOGUE = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in GRAPH_PREFIXES.items())
EXAMPLE_QUERY = """SELECT ?entry ?code ?label WHERE {
  ?entry skos:inScheme <https://w3id.org/exportgraph/id/list/nl-semiconductor-equipment> ;
         exg:code ?code ; skos:prefLabel ?label .
  FILTER(LANG(?label) = "en")
} ORDER BY ?code"""
VENDOR = "vendor/codemirror-5.65.20"


@dataclass
class Cell:
    text: str
    href: str | None = None
    iri: str | None = None


@dataclass
class Results:
    """An answer as the page shows it."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    boolean: bool | None = None
    graph_text: str = ""
    count: int = 0
    seconds: float = 0.0
    truncated: bool = False


@blueprint.get("/query")
def page():
    return render_query_page()


def render_query_page() -> Response | tuple[str, int]:
    """Render the page; with a query (or a saved question) in the URL, with its answer."""
    saved_name = request.args.get("saved", "").strip()
    values = {key[2:]: value for key, value in request.args.items() if key.startswith("p.")}
    query_text = request.args.get("query", "")
    as_of_text = request.args.get("as_of", "").strip()
    results, error, status, as_of = None, None, 200, None
    try:
        as_of = parse_date(as_of_text, "as_of") if as_of_text else None
        if saved_name:
            question = saved_query(saved_name)
            query_text = query_text or question.text
            if request.args.get("run") or not question.parameters:
                # The editor shows what ran: the question with its values bound.
                query_text = bound_query_text(saved_name, values)
                results = _run(query_text, as_of)
        elif query_text.strip():
            results = _run(query_text, as_of)
    except QueryRefusedError as exc:
        error, status = str(exc), 403
    except InputError as exc:
        error, status = str(exc), 400
    except StoreError as exc:
        error, status = str(exc), status_of(exc)
    except ExportGraphError as exc:
        error, status = str(exc), 503
    editor_text = query_text or PROLOGUE + EXAMPLE_QUERY
    share = request.full_path.rstrip("?") if (query_text.strip() or saved_name) else None
    body = render_template(
        "query.html",
        editor_text=editor_text,
        example=PROLOGUE + EXAMPLE_QUERY,
        prefixes=GRAPH_PREFIXES,
        questions=saved_queries(),
        saved_name=saved_name,
        values=values,
        results=results,
        error=error,
        share=share,
        downloads=_downloads(query_text, as_of) if results else None,
        as_of=as_of,
        as_of_text=as_of_text,
        row_limit=settings().row_limit,
        vendor=VENDOR,
    )
    return body, status


def _run(query_text: str, as_of: date | None = None) -> Results:
    form = read_query(query_text).form
    outcome = endpoint_service().answer(
        SparqlRequest(query=query_text, table_format="json", graph_format="turtle", as_of=as_of)
    )
    return _results(outcome, form)


def _results(outcome: QueryOutcome, form: str) -> Results:
    results = Results(
        kind=outcome.kind, count=outcome.rows, seconds=outcome.seconds, truncated=outcome.truncated
    )
    if outcome.kind == "graph":
        results.graph_text = outcome.body.decode("utf-8")
        return results
    document = json.loads(outcome.body)
    if outcome.kind == "ask":
        results.boolean = bool(document["boolean"])
        return results
    results.variables = document["head"]["vars"]
    labels = label_index(store())
    base_iri = settings().base_iri
    for binding in document["results"]["bindings"]:
        row = []
        for name in results.variables:
            term = binding.get(name)
            if term is None:
                row.append(Cell(""))
            elif term["type"] == "uri":
                iri = term["value"]
                row.append(Cell(labels.label(iri), resource_path(iri, base_iri), iri))
            else:
                row.append(Cell(term["value"]))
        results.rows.append(row)
    return results


def _downloads(query_text: str, as_of: date | None) -> dict[str, str]:
    dated = {"as_of": as_of.isoformat()} if as_of else {}
    return {
        fmt: "/sparql?" + urlencode({"query": query_text, "format": fmt, **dated})
        for fmt in ("csv", "json")
    }
