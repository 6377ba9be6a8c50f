"""The query page: an editor, the saved questions, and answers as a table linked to resources.

The page is a plain HTML form that the server answers (GET /query?query=...), so it works
without JavaScript and its URL is the share link; the vendored CodeMirror only adds syntax
highlighting. Queries run through the SPARQL endpoint's workers, with its time limit and row
cap.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request

from exportgraph.dates import parse_date
from exportgraph.endpoint.core import GRAPH_PREFIXES, SparqlRequest
from exportgraph.endpoint.saved_queries import bound_query_text, saved_queries, saved_query
from exportgraph.errors import ExportGraphError, InputError, StoreError
from exportgraph.publish.labels import label_index
from exportgraph.sparql.guard import QueryRefusedError, read_query
from exportgraph.web.case_access import case_endpoint, endpoint_service
from exportgraph.web.context import settings, store
from exportgraph.web.errors import status_of
from exportgraph.web.i18n import page_language, remember_language, translated
from exportgraph.web.page_words import TAG_NAMES
from exportgraph.web.query_results import (
    PAGE_SIZES,
    Results,
    answer_page,
    page_number,
    page_size,
)
from exportgraph.web.question_list import all_tags, parameter_choices, tag_groups
from exportgraph.web.urls import resource_path

blueprint = Blueprint("query_page", __name__)

PROLOGUE = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in GRAPH_PREFIXES.items())
EXAMPLE_QUERY = """SELECT ?entry ?code ?label WHERE {
  ?entry skos:inScheme <https://w3id.org/exportgraph/id/list/nl-semiconductor-equipment> ;
         exg:code ?code ; skos:prefLabel ?label .
  FILTER(LANG(?label) = "en")
} ORDER BY ?code"""
VENDOR = "vendor/codemirror-5.65.20"


@blueprint.get("/query")
def page():
    return render_query_page()


def render_query_page() -> Response:
    """Render the page; with a query (or a saved question) in the URL, with its answer."""
    lang = page_language()
    saved_name = request.args.get("saved", "").strip()
    values = {key[2:]: value for key, value in request.args.items() if key.startswith("p.")}
    query_text = request.args.get("query", "")
    as_of_text = request.args.get("as_of", "").strip()
    paging = (page_number(request.args.get("page")), page_size(request.args.get("size")))
    results, error, status, as_of, needs_token = None, None, 200, None, False
    try:
        as_of = parse_date(as_of_text, "as_of") if as_of_text else None
        if saved_name:
            question = saved_query(saved_name)
            query_text = query_text or question.text
            if request.args.get("run") or not question.parameters:
                # The editor shows what ran: the question with its values bound.
                query_text = bound_query_text(saved_name, values)
                # Without the token the published graph answers, which holds no case: "0 rows"
                # would read as "no cases" when it means "not allowed to see them".
                needs_token = question.needs_cases and case_endpoint() is None
                if not needs_token:
                    results = _run(query_text, as_of, *paging)
        elif query_text.strip():
            results = _run(query_text, as_of, *paging)
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
    questions = saved_queries()
    tag = request.args.get("tag", "").strip()
    labels = label_index(store())
    body = render_template(
        "query.html",
        lang=lang,
        editor_text=editor_text,
        example=PROLOGUE + EXAMPLE_QUERY,
        prefixes=GRAPH_PREFIXES,
        groups=tag_groups(questions, tag),
        tag_names=translated(TAG_NAMES),
        tags=all_tags(questions),
        tag=tag,
        choices={
            (q.name, p.name): parameter_choices(p, labels, lang)
            for q in questions
            for p in q.parameters
            if p.kind == "iri"
        },
        saved_name=saved_name,
        values=values,
        results=results,
        needs_token=needs_token,
        error=error,
        share=share,
        downloads=_downloads(query_text, as_of) if results else None,
        pager=_pager(results) if results else None,
        page_sizes=PAGE_SIZES,
        as_of=as_of,
        as_of_text=as_of_text,
        row_limit=settings().row_limit,
        vendor=VENDOR,
    )
    response = Response(body, status=status, mimetype="text/html")
    return remember_language(response)


def _run(query_text: str, as_of: date | None, page: int, size: int) -> Results:
    read_query(query_text)  # refuses an update or a remote call before it reaches a worker
    outcome = endpoint_service().answer(
        SparqlRequest(query=query_text, table_format="json", graph_format="turtle", as_of=as_of)
    )
    labels = label_index(store())
    base_iri = settings().base_iri
    lang = page_language()
    return answer_page(
        outcome,
        page,
        size,
        lambda iri: labels.label(iri, lang),
        lambda iri: resource_path(iri, base_iri),
    )


def _pager(results: Results) -> dict[str, str | None]:
    """Links to the previous and next pages of the same answer (this URL, another page)."""
    args = request.args.to_dict()

    def link(number: int) -> str:
        return request.path + "?" + urlencode(args | {"page": str(number)})

    return {
        "previous": link(results.page - 1) if results.page > 1 else None,
        "next": link(results.page + 1) if results.page < results.pages else None,
    }


def _downloads(query_text: str, as_of: date | None) -> dict[str, str]:
    dated = {"as_of": as_of.isoformat()} if as_of else {}
    return {
        fmt: "/sparql?" + urlencode({"query": query_text, "format": fmt, **dated})
        for fmt in ("csv", "json")
    }
