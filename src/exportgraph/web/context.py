"""Access to the application's settings, store and graph (the library's API) from a view."""

from __future__ import annotations

from flask import current_app

from exportgraph.api.graph import ExportGraph
from exportgraph.config import Settings
from exportgraph.store.interface import Store


def store() -> Store:
    return current_app.config["EXPORTGRAPH_STORE"]


def graph() -> ExportGraph:
    """The application's ExportGraph over its store: views ask it as a library user would."""
    return current_app.config["EXPORTGRAPH_GRAPH"]


def settings() -> Settings:
    return current_app.config["EXPORTGRAPH_SETTINGS"]
