"""The home page: the tasks first (search, licence check, the lists over time, the questions
researchers ask, validation, screening, SPARQL, changes), then what the graph holds; and
/favicon.ico, which browsers ask for unprompted."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, current_app, render_template, send_from_directory
from flask_babel import gettext

from exportgraph.endpoint.saved_queries import SavedQuery, saved_queries
from exportgraph.law.lineage import LIST_BASE
from exportgraph.publish.summary import summarize
from exportgraph.web.context import store
from exportgraph.web.i18n import page_language, remember_language, translated
from exportgraph.web.page_words import TAG_NAMES

blueprint = Blueprint("home", __name__)

# The two lists a Dutch case turns on: the national list and the EU's Annex I.
TIMELINES = ("nl-semiconductor-equipment", "eu-annex-i")


@blueprint.get("/")
def index():
    lang = page_language()
    summary = summarize(store(), lang)
    tag_names = translated(TAG_NAMES)
    names = {row.iri: row.name for row in summary.lists}
    timelines = tuple((slug, names.get(LIST_BASE + slug, slug)) for slug in TIMELINES)
    page = render_template(
        "home.html",
        summary=summary,
        timelines=timelines,
        questions=_by_tag(saved_queries(), gettext("other"), tag_names),
        tag_names=tag_names,
        list_base=LIST_BASE,
    )
    return remember_language(current_app.make_response(page))


def _by_tag(
    questions: list[SavedQuery], untagged: str, names: dict[str, str]
) -> list[tuple[str, list[SavedQuery]]]:
    """Group the saved questions under their first tag, in the alphabetical order of the tags'
    names in the page's language."""
    groups: dict[str, list[SavedQuery]] = defaultdict(list)
    for question in questions:
        groups[question.tags[0] if question.tags else untagged].append(question)
    return sorted(groups.items(), key=lambda group: names.get(group[0], group[0]).casefold())


@blueprint.get("/favicon.ico")
def favicon():
    # static/favicon.ico is static/favicon.svg drawn at 32 x 32 for browsers without SVG icons.
    static = current_app.static_folder or "static"
    return send_from_directory(static, "favicon.ico", mimetype="image/vnd.microsoft.icon")
