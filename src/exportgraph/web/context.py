"""Access to the application's settings and store from a view."""

from __future__ import annotations

from flask import current_app

from exportgraph.config import Settings
from exportgraph.store.interface import Store


def store() -> Store:
    return current_app.config["EXPORTGRAPH_STORE"]


def settings() -> Settings:
    return current_app.config["EXPORTGRAPH_SETTINGS"]
