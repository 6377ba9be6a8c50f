"""The home page: what is in the graph; and /favicon.ico, which browsers ask for unprompted."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, send_from_directory

from exportgraph.publish.summary import summarize
from exportgraph.web.context import store

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
def index():
    return render_template("home.html", summary=summarize(store()))


@blueprint.get("/favicon.ico")
def favicon():
    # static/favicon.ico is static/favicon.svg drawn at 32 x 32 for browsers without SVG icons.
    static = current_app.static_folder or "static"
    return send_from_directory(static, "favicon.ico", mimetype="image/vnd.microsoft.icon")
