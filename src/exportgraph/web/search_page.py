"""/search: resources by label, code or identifier; HTML for people, JSON by Accept."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, jsonify, make_response, render_template, request
from flask_babel import gettext

from exportgraph.publish.labels import label_index
from exportgraph.publish.search import instances, search
from exportgraph.web.context import store
from exportgraph.web.i18n import page_language, remember_language

blueprint = Blueprint("search", __name__)


@blueprint.get("/search")
def find():
    lang = page_language()
    class_iri = request.args.get("type", "").strip()
    if class_iri:
        result = instances(store(), class_iri, lang)
        heading = gettext("Instances of") + " " + label_index(store()).label(class_iri, lang)
    else:
        of_type = request.args.get("of", "").strip()
        result = search(store(), request.args.get("q", ""), lang, of_type=of_type)
        heading = None
    accept = request.accept_mimetypes
    if accept["application/json"] > accept["text/html"]:
        response = jsonify(
            {
                "query": result.query,
                "total": result.total,
                "hits": [asdict(h) for h in result.hits],
                "types": [asdict(t) for t in result.type_counts],
            }
        )
    else:
        response = make_response(render_template("search.html", result=result, heading=heading))
    response.vary.add("Accept")
    return remember_language(response)
