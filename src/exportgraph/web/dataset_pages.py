"""The dataset describes itself: /dataset, /.well-known/void, and the dumps under /dumps/."""

from __future__ import annotations

import threading

from flask import Blueprint, Response, current_app, render_template, send_file

from exportgraph.errors import NotFoundError
from exportgraph.publish.dataset import dataset_facts, dataset_triples
from exportgraph.publish.dumps import DumpFolder
from exportgraph.publish.labels import label_index
from exportgraph.publish.rdf_formats import BY_SUFFIX
from exportgraph.web.context import settings, store
from exportgraph.web.i18n import remember_language
from exportgraph.web.rdf_negotiation import choose, rdf_response, with_headers

blueprint = Blueprint("dataset", __name__)
_CREATING = threading.Lock()


def dump_folder() -> DumpFolder:
    """The app's dumps, from the setting dumps_dir or generated on first use."""
    with _CREATING:
        folder = current_app.extensions.get("exportgraph_dumps")
        if folder is None:
            folder = DumpFolder(settings().dumps_dir, settings().base_iri)
            current_app.extensions["exportgraph_dumps"] = folder
    return folder


@blueprint.get("/.well-known/void")
def void():
    return _description(choose(default="ttl"))


@blueprint.get("/dataset")
def page():
    return _description(choose())


@blueprint.get("/dataset.<suffix>")
def page_in(suffix: str):
    if suffix != "html" and suffix not in BY_SUFFIX:
        raise NotFoundError(f"/dataset.{suffix}: use html, {', '.join(BY_SUFFIX)}")
    return _description(suffix)


def _description(suffix: str) -> Response:
    def alternate(s: str) -> str:
        return "/dataset." + s

    files = dump_folder().files()
    if suffix != "html":
        triples = dataset_triples(store(), settings().base_iri, files)
        return rdf_response(triples, suffix, alternate)
    facts = dataset_facts(store(), settings().base_iri, files)
    page = render_template("dataset.html", facts=facts, labels=label_index(store()))
    response = Response(page, content_type="text/html; charset=utf-8")
    return remember_language(with_headers(response, alternate, "html"))


@blueprint.get("/dumps/")
def dumps():
    return render_template("dumps.html", files=dump_folder().files())


@blueprint.get("/dumps/<name>")
def dump(name: str):
    # Only names of the files this server wrote are served: no path reaches anything else.
    path = dump_folder().file(name)
    media = next((f.media_type for f in dump_folder().files() if f.name == name), "text/plain")
    if name.endswith(".gz"):
        media = "application/gzip"
    return send_file(path, mimetype=media, download_name=name)
