"""The web layer: create_app() builds the settings and the store once; views stay thin.

Owns: HTTP. One blueprint per concern (SPARQL protocol, query page, resource pages, dataset
and dumps, search, licence check, order-book screening, list history, validation), content
negotiation, the page language, security headers and the one error handler.
May import: the API and everything below it; never cli.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import Flask

from exportgraph.api.graph import ExportGraph
from exportgraph.api.stores import open_configured_store, open_remote_case_store
from exportgraph.cases.collections import open_case_store
from exportgraph.config import Settings
from exportgraph.endpoint.serving import Endpoint, open_endpoint
from exportgraph.errors import ConfigurationError
from exportgraph.store.interface import Store
from exportgraph.version import __version__
from exportgraph.web import changes as changes_pages
from exportgraph.web import (
    dataset_pages,
    errors,
    home,
    i18n,
    pages,
    query_page,
    search_page,
    sparql,
)
from exportgraph.web import licence as licence_pages
from exportgraph.web import lineage as lineage_pages
from exportgraph.web import screen as screen_pages
from exportgraph.web import security_headers as response_headers
from exportgraph.web import validate as validate_pages
from exportgraph.web.case_access import CASE_ENDPOINT

MIN_TOKEN_LENGTH = 16


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    named_graphs: Mapping[str, Path] | None = None,
) -> Flask:
    """Build the Flask application over a store (the embedded default when none is given).

    named_graphs are extra RDF files loaded as named graphs, keyed by graph IRI. The SPARQL
    endpoint's worker processes are forked here, after the store is loaded and before the
    server starts its threads.
    """
    app = Flask(__name__)
    app.config["EXPORTGRAPH_SETTINGS"] = settings or Settings.load()
    # Bodies over max_body_bytes are refused with 413 before they are read.
    app.config["MAX_CONTENT_LENGTH"] = app.config["EXPORTGRAPH_SETTINGS"].max_body_bytes
    app.config["EXPORTGRAPH_STORE"] = (
        store
        if store is not None
        else open_configured_store(app.config["EXPORTGRAPH_SETTINGS"], named_graphs)
    )
    app.config["EXPORTGRAPH_GRAPH"] = ExportGraph(
        app.config["EXPORTGRAPH_STORE"], app.config["EXPORTGRAPH_SETTINGS"]
    )
    app.config["EXPORTGRAPH_ENDPOINT"] = open_endpoint(
        app.config["EXPORTGRAPH_STORE"], app.config["EXPORTGRAPH_SETTINGS"]
    )
    if app.config["EXPORTGRAPH_SETTINGS"].case_token:
        app.config[CASE_ENDPOINT] = _case_endpoint(app.config["EXPORTGRAPH_SETTINGS"])
    app.jinja_env.globals["version"] = __version__
    i18n.register(app)
    app.register_blueprint(home.blueprint)
    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(licence_pages.blueprint)
    app.register_blueprint(lineage_pages.blueprint)
    app.register_blueprint(query_page.blueprint)
    app.register_blueprint(pages.blueprint)
    app.register_blueprint(search_page.blueprint)
    app.register_blueprint(dataset_pages.blueprint)
    app.register_blueprint(validate_pages.blueprint)
    app.register_blueprint(screen_pages.blueprint)
    app.register_blueprint(changes_pages.blueprint)
    errors.register(app)
    response_headers.register(app)
    return app


def _case_endpoint(settings: Settings) -> Endpoint:
    """The endpoint over the case collections, for requests that carry the case token.

    With a remote store, the collections `exportgraph load` pushed to that server; else
    those of store_path, copied into memory.

    Raises:
        ConfigurationError: the token is too short to be a secret, or there is no store_path.
    """
    if len(settings.case_token) < MIN_TOKEN_LENGTH:
        raise ConfigurationError(
            f"case_token: use at least {MIN_TOKEN_LENGTH} characters, for instance the output"
            " of: python -c 'import secrets; print(secrets.token_urlsafe())'"
        )
    if settings.store:
        return open_endpoint(open_remote_case_store(settings), settings)
    if not settings.store_path:
        raise ConfigurationError(
            "case_token serves the case collections of store_path: set EXPORTGRAPH_STORE_PATH"
            " to the folder load-cases filled (or EXPORTGRAPH_STORE to the remote server"
            " exportgraph load pushed them to)"
        )
    return open_endpoint(open_case_store(Path(settings.store_path)), settings)
