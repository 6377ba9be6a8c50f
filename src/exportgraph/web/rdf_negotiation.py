"""Content negotiation for documents: HTML for browsers, RDF by Accept or by suffix."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Response, request
from werkzeug.exceptions import NotAcceptable
from werkzeug.wrappers import Response as BaseResponse

from exportgraph.publish.rdf_formats import (
    BY_MEDIA_TYPE,
    BY_SUFFIX,
    RDF_FORMATS,
    RdfFormat,
    serialize,
)
from exportgraph.store import terms as ox

HTML = "text/html"
# Also understood: plain JSON means JSON-LD, XML means RDF/XML.
ALIASES = {"application/json": "jsonld", "application/xml": "rdf", "text/xml": "rdf"}


def choose(default: str = "html") -> str:
    """The suffix of the representation the client asks for by Accept: html, ttl, jsonld, ...

    "*/*" or no Accept gets the default. Quality values count (werkzeug's best_match).

    Raises:
        NotAcceptable: nothing the client accepts can be served (406).
    """
    offers = [HTML] + [f.media_type for f in RDF_FORMATS] + list(ALIASES)
    if default != "html":
        first = BY_SUFFIX[default].media_type
        offers.remove(first)
        offers.insert(0, first)
    accept = request.accept_mimetypes
    if not accept:
        return default
    best = accept.best_match(offers)
    if best is None:
        raise NotAcceptable(
            "cannot answer in any type the Accept header names; offered: " + ", ".join(offers)
        )
    if best == HTML or best == "application/xhtml+xml":
        return "html"
    return ALIASES.get(best) or BY_MEDIA_TYPE[best].suffix


def alternates(url_for_suffix: Callable[[str], str], exclude: str | None = None) -> str:
    """The Link header naming each representation of a document."""
    links = [f'<{url_for_suffix("html")}>; rel="alternate"; type="text/html"']
    links += [
        f'<{url_for_suffix(f.suffix)}>; rel="alternate"; type="{f.media_type}"' for f in RDF_FORMATS
    ]
    return ", ".join(
        link for link in links if exclude is None or f"<{url_for_suffix(exclude)}>" not in link
    )


def rdf_response(
    triples: Iterable[ox.Triple], suffix: str, url_for_suffix: Callable[[str], str]
) -> Response:
    """Serialise triples in the format of the suffix, with Vary and Link headers."""
    rdf_format: RdfFormat = BY_SUFFIX[suffix]
    body = serialize(triples, rdf_format)
    response = Response(body, content_type=f"{rdf_format.media_type}; charset=utf-8")
    with_headers(response, url_for_suffix, suffix)
    return response


def with_headers(
    response: BaseResponse, url_for_suffix: Callable[[str], str], suffix: str
) -> BaseResponse:
    response.vary.add("Accept")
    response.headers["Link"] = alternates(url_for_suffix, exclude=suffix)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
