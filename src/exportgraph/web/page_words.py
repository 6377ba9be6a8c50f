"""Words chosen by a value (an HTTP status, a reason code, what happened on a date), in English.

Each is marked with N_ for the message catalogue (docs/translating.md) and translated where it
is shown, with i18n.translated() or gettext(), in the page's language. The words of the pages
themselves are written in the templates as _("...").
"""

from __future__ import annotations

from flask_babel import gettext

from exportgraph.web.i18n import N_

# The heading of an error page, by HTTP status.
STATUS_TITLES = {
    400: N_("The request could not be read"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    406: N_("No format the browser accepts"),
    413: N_("The request is too large"),
    415: N_("A type of content the server does not read"),
    429: N_("Too many requests"),
    500: N_("The server failed to answer"),
    502: N_("The data store did not answer properly"),
    503: N_("The service is unavailable"),
    504: N_("The data store took too long to answer"),
}


FALLBACK_TITLE = N_("Something went wrong")


def status_title(status: int) -> str:
    """The heading of an error page: what went wrong, in words, in the page's language."""
    return gettext(STATUS_TITLES.get(status, FALLBACK_TITLE))


# The licence check's steps, item kinds, dates, reasons and source qualities, by the names
# the answer gives them.
ANSWER_NAMES = {
    "control entry": N_("control entry"),
    "product model": N_("product model"),
    "list membership": N_("list membership"),
    "item": N_("item"),
    "model coverage": N_("model coverage"),
    "list": N_("list"),
    "instrument": N_("instrument"),
    "legal basis": N_("legal basis"),
    "permitted by": N_("permitted by"),
    "adopted": N_("adopted"),
    "published": N_("published"),
    "in_force_from": N_("in force from"),
    "applicable_from": N_("applicable from"),
    "no_longer_in_force_after": N_("no longer in force after"),
    "membership_in_force_from": N_("membership in force from"),
    "membership_applicable_from": N_("membership applicable from"),
    "membership_applicable_until": N_("membership applicable until"),
    "not-listed": N_("not listed"),
    "not-yet-in-force": N_("not yet in force"),
    "no-longer-in-force": N_("no longer in force"),
    "intra-eu-transfer": N_("intra-EU transfer"),
    "origin-outside-territory": N_("origin outside the instrument's territory"),
    "annex-i-overlap-unknown": N_("Annex I overlap: which entry now holds the item is unknown"),
    "entry, code not read": N_("entry, code not read"),
    "technology area": N_("technology area"),
    "quality_official": N_("official"),
    "quality_secondary": N_("secondary"),
    "quality_unknown": N_("quality unknown"),
    "confidence_verified": N_("verified"),
    "confidence_fromMemory": N_("from memory, not verified"),
    "confidence_unknown": N_("confidence unknown"),
}

# What happened on a date of a list's timeline.
TIMELINE_NAMES = {
    "adopted": N_("adopted"),
    "published": N_("published"),
    "in force": N_("in force"),
    "applies": N_("applies"),
    "added": N_("added"),
    "removed": N_("removed"),
    "in doubt": N_("in doubt"),
}

# A change between two dates of a list's history: its kind, what it changed, the standings.
CHANGE_NAMES = {
    "added": N_("added"),
    "removed": N_("removed"),
    "changed": N_("changed"),
    "membership": N_("membership"),
    "coverage": N_("coverage"),
    "applies": N_("applies"),
    "not-yet": N_("not yet"),
    "ended": N_("ended"),
    "unknown": N_("unknown"),
}


# The saved questions' tags as their `#+ tags:` headers write them (in English; they are also
# the query page's ?tag= values), each a message of the catalogue, so the home and query pages
# name them in the page's language. tests/test_issue_15_catalogues.py checks that every tag a
# question carries is here.
TAG_NAMES = {
    "amendments": N_("amendments"),
    "Article 10": N_("Article 10"),
    "Article 9": N_("Article 9"),
    "as of a date": N_("as of a date"),
    "cases": N_("cases"),
    "control lists": N_("control lists"),
    "countries": N_("countries"),
    "dates": N_("dates"),
    "Dutch measures": N_("Dutch measures"),
    "equipment": N_("equipment"),
    "EU regulation": N_("EU regulation"),
    "legal basis": N_("legal basis"),
    "legal instruments": N_("legal instruments"),
    "member states": N_("member states"),
    "national measures": N_("national measures"),
    "parliamentary documents": N_("parliamentary documents"),
    "provenance": N_("provenance"),
    "publications": N_("publications"),
    "regimes": N_("regimes"),
    "sources": N_("sources"),
    "statistics": N_("statistics"),
}
