"""The web layer: create_app() builds the settings and the store once; views stay thin."""

from __future__ import annotations

from flask import Flask

from exportgraph import __version__
from exportgraph.config import Settings
from exportgraph.store import Store, open_store
from exportgraph.web import errors, home, sparql


def create_app(settings: Settings | None = None, store: Store | None = None) -> Flask:
    """Build the Flask application over a store (the embedded default when none is given)."""
    app = Flask(__name__)
    app.config["EXPORTGRAPH_SETTINGS"] = settings or Settings.load()
    app.config["EXPORTGRAPH_STORE"] = store if store is not None else open_store()
    app.jinja_env.globals["version"] = __version__
    app.register_blueprint(home.blueprint)
    app.register_blueprint(sparql.blueprint)
    errors.register(app)
    return app
