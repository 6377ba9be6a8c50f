"""Dereferenceable IRIs: resource pages, their RDF documents, and the ontology's page.

Pattern (docs/decisions/0002-dereferencing-iris.md): an IRI under base_iri + "id/" names a
thing, not a document, so it answers 303 See Other to a document about it, chosen by
Accept: `/id/law/nl-bsg` -> `/id/law/nl-bsg.html` (or .ttl, .jsonld, .nt, .rdf). The
documents answer 200 directly. Ontology terms are hash IRIs, documented on /ontology.
IRIs outside the base have their documents at /resource?iri=...&format=...
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, redirect, render_template, request
from flask_babel import gettext

from exportgraph.errors import InputError, NotFoundError
from exportgraph.publish.describe import describe, resource_exists, resource_triples
from exportgraph.publish.diagrams import resource_diagrams
from exportgraph.publish.labels import local_name
from exportgraph.publish.ontology_doc import ontology_doc, ontology_triples
from exportgraph.publish.rdf_formats import BY_SUFFIX, RDF_FORMATS
from exportgraph.publish.search import search
from exportgraph.web.context import settings, store
from exportgraph.web.i18n import page_language, remember_language
from exportgraph.web.rdf_negotiation import choose, rdf_response, with_headers
from exportgraph.web.urls import resource_path

blueprint = Blueprint("pages", __name__)

DOCUMENT_SUFFIXES = ("html", *BY_SUFFIX)


@blueprint.app_context_processor
def page_helpers() -> dict:
    """What every template may use: the page language, the link builder, the formats."""
    lang = page_language()
    other = "nl" if lang == "en" else "en"
    args = request.args.to_dict()
    args["lang"] = other
    return {
        "page_lang": lang,
        "switch_url": request.path + "?" + urlencode(args),
        "link": lambda iri: resource_path(iri, settings().base_iri),
        "document_url": document_url,
        "rdf_formats": RDF_FORMATS,
    }


@blueprint.get("/id/<path:rest>")
def identified(rest: str):
    base = settings().base_iri
    iri = base + "id/" + rest
    if resource_exists(store(), iri):
        suffix = choose()
        target = document_url(iri, suffix)
        if request.query_string and suffix == "html":
            target += "?" + request.query_string.decode("latin-1")
        response = redirect(target, code=303)
        return with_headers(response, lambda s: document_url(iri, s), suffix)
    stem, dot, suffix = rest.rpartition(".")
    if dot and suffix in DOCUMENT_SUFFIXES and resource_exists(store(), base + "id/" + stem):
        return _document(base + "id/" + stem, suffix)
    return _not_found(iri)


@blueprint.get("/resource")
def external():
    iri = request.args.get("iri", "").strip()
    if not iri:
        raise InputError("the 'iri' parameter is missing: /resource?iri=<IRI of a resource>")
    base = settings().base_iri
    if iri == base:
        return redirect("/", code=303)
    if iri.startswith(base):
        return redirect(resource_path(iri, base), code=303)
    suffix = request.args.get("format") or choose()
    if suffix not in DOCUMENT_SUFFIXES:
        raise InputError(f"format={suffix!r}: use one of {', '.join(DOCUMENT_SUFFIXES)}")
    if not resource_exists(store(), iri):
        return _not_found(iri)
    return _document(iri, suffix)


def _not_found(iri: str) -> Response:
    """A 404 that helps: resources whose names resemble the IRI's last part, and a search box.

    Programs get the JSON error of web/errors.py.
    """
    accept = request.accept_mimetypes
    if not accept["text/html"] or accept["application/json"] >= accept["text/html"]:
        raise NotFoundError(
            f"<{iri}> is not in the graph. Search by label, code or identifier, "
            "or start from the home page."
        )
    guess = local_name(iri.rstrip("/")).rsplit(".", 1)[0]
    result = search(store(), guess.replace("-", " "), page_language(), limit=8)
    page = render_template("not_found.html", iri=iri, result=result)
    return remember_language(Response(page, status=404, content_type="text/html; charset=utf-8"))


def document_url(iri: str, suffix: str) -> str:
    """The URL of the document in a format (html, ttl, ...) about a resource."""
    base = settings().base_iri
    if iri.startswith(base + "id/"):
        return resource_path(iri, base) + "." + suffix
    return "/resource?" + urlencode({"iri": iri, "format": suffix})


def _document(iri: str, suffix: str) -> Response:
    def alternate(s: str) -> str:
        return document_url(iri, s)

    if suffix != "html":
        return rdf_response(resource_triples(store(), iri), suffix, alternate)
    lang = page_language()
    description = describe(store(), iri, lang)

    def link(target: str) -> str:
        return resource_path(target, settings().base_iri)

    words = {
        "based_on": gettext("based on"),
        "permitted_by": gettext("permitted by"),
        "part_of": gettext("part of"),
        "chain": gettext("Chain of legal bases"),
        "participants": gettext("Participating states"),
    }
    diagrams = resource_diagrams(description, link, words)
    page = render_template("resource.html", d=description, diagrams=diagrams)
    response = Response(page, content_type="text/html; charset=utf-8")
    return remember_language(with_headers(response, alternate, "html"))


@blueprint.get("/ontology")
def ontology():
    return _ontology_document(choose())


@blueprint.get("/ontology.<suffix>")
def ontology_in(suffix: str):
    if suffix not in DOCUMENT_SUFFIXES:
        raise NotFoundError(f"/ontology.{suffix}: use one of {', '.join(DOCUMENT_SUFFIXES)}")
    return _ontology_document(suffix)


@blueprint.get("/ontology/<version>")
def ontology_version(version: str):
    doc = ontology_doc()
    if version != doc.version:
        raise NotFoundError(
            f"this server has version {doc.version} of the ontology, not {version!r}"
        )
    return _ontology_document(choose())


def _ontology_document(suffix: str) -> Response:
    def alternate(s: str) -> str:
        return "/ontology." + s

    if suffix != "html":
        return rdf_response(ontology_triples(), suffix, alternate)
    page = render_template("ontology.html", doc=ontology_doc())
    response = Response(page, content_type="text/html; charset=utf-8")
    return remember_language(with_headers(response, alternate, "html"))
