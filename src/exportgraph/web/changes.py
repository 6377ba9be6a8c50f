"""/changes: the changes to the law by date, as a page and as an Atom 1.0 feed (RFC 4287).

Both are drawn from exportgraph.law.changes, in English or Dutch (the `lang` parameter, the
cookie, the browser). The feed is built with ElementTree, which escapes what it writes, so a
label with "&" or "<" cannot break it. An entry's id names its date, kind and instrument, so a
reader sees a change once however often the feed is fetched; its updated is the day the change
took effect, and the feed's the latest of those and the data release's date.
"""

from __future__ import annotations

from itertools import groupby
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext

from exportgraph.law.changes import LawChange, law_changes
from exportgraph.law.citations import label_of
from exportgraph.publish.dataset import data_release
from exportgraph.web.context import settings, store
from exportgraph.web.i18n import N_, page_language, remember_language, translated
from exportgraph.web.urls import resource_path

blueprint = Blueprint("changes", __name__)

ATOM = "http://www.w3.org/2005/Atom"
# What an instrument did on a date, as a line of the page and of the feed says it.
CHANGE_NAMES = {
    "adopted": N_("adopted"),
    "published": N_("published"),
    "in force": N_("enters into force"),
    "applies": N_("applies"),
    "added": N_("adds"),
    "removed": N_("removes"),
    "in doubt": N_("leaves in doubt"),
}
# How law.changes names an entry whose code no source gives.
UNKNOWN_CODE = "an entry of unknown code"


def subjects_text(change: LawChange, lang: str) -> str:
    """The codes and models a change concerns, an entry of unknown code said so."""
    unknown = gettext("an entry of unknown code")
    return ", ".join(unknown if s == UNKNOWN_CODE else s for s in change.subjects)


def change_title(change: LawChange, lang: str) -> str:
    """One line: the date, the instrument, what it did and to which entries."""
    did = gettext(CHANGE_NAMES.get(change.what, change.what))
    title = f"{change.on}: {label_of(store(), change.instrument.iri, lang)} {did}"
    if change.subjects:
        title += ": " + subjects_text(change, lang)
    return title


@blueprint.get("/changes")
def page():
    lang = page_language()
    changes = law_changes(store())
    days = [(on, list(group)) for on, group in groupby(changes.changes, key=lambda c: c.on)]
    page = render_template(
        "changes.html",
        change_names=translated(CHANGE_NAMES),
        days=days,
        undated=changes.undated,
        subjects_of=lambda c: subjects_text(c, lang),
        label=lambda iri: label_of(store(), iri, lang),
        release=data_release(store()),
    )
    return remember_language(Response(page, content_type="text/html; charset=utf-8"))


@blueprint.get("/changes.atom")
def feed():
    lang = page_language()
    base = settings().base_iri
    root = request.url_root.rstrip("/")
    changes = law_changes(store()).changes
    _version, issued = data_release(store())
    latest = max([c.on for c in changes] + ([issued] if issued else []), default="1970-01-01")

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})

    def child(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> None:
        element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attrs)
        element.text = text

    child(feed, "id", base + "changes")
    child(feed, "title", gettext("Changes to the law") + " · exportgraph")
    child(feed, "updated", latest + "T00:00:00Z")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    child(author, "name", "exportgraph")
    child(feed, "link", rel="self", href=f"{root}/changes.atom?lang={lang}")
    child(feed, "link", rel="alternate", type="text/html", href=f"{root}/changes?lang={lang}")
    for change in changes:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        child(entry, "id", f"{base}changes#{change.key}")
        child(entry, "title", change_title(change, lang))
        child(entry, "updated", change.on + "T00:00:00Z")
        child(entry, "link", href=root + resource_path(change.instrument.iri, base))
        lists = ", ".join(label_of(store(), c.iri, lang) for c in change.lists)
        child(entry, "summary", gettext("Lists") + ": " + lists)
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    response = Response(body, content_type="application/atom+xml; charset=utf-8")
    return remember_language(response)
