"""The home page: what is in the graph."""

from __future__ import annotations

from flask import Blueprint, render_template

from exportgraph.publish.summary import summarize
from exportgraph.web.context import store

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
def index():
    return render_template("home.html", summary=summarize(store()))
