"""The page language: English or Dutch; the pages' words are in Babel message catalogues.

The language is the `lang` parameter when given (and then remembered in a cookie, so the
switch holds across pages without JavaScript), else the `lang` field of a posted form (the
validation and screening forms carry one), else the cookie, else the browser's
Accept-Language, else English. Flask-Babel asks page_language() for its locale, so gettext
in a view and `_()` in a template translate into the same language the page says it is in.

The words themselves live in translations/ (messages.pot, nl/LC_MESSAGES/messages.po and the
compiled messages.mo); docs/translating.md says how to add one.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, request
from flask_babel import Babel, gettext
from werkzeug.exceptions import HTTPException

LANGUAGES = ("en", "nl")
COOKIE = "exportgraph_lang"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is defined; gettext translates it where used."""
    return message


def translated(messages: Mapping[str, str]) -> dict[str, str]:
    """A table of N_-marked messages, each in the page's language."""
    return {key: gettext(message) for key, message in messages.items()}


def register(app: Flask) -> None:
    """Translate the pages with Flask-Babel, in the language page_language() chooses."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    Babel(app, locale_selector=page_language)


def _posted_language() -> str | None:
    if request.mimetype not in FORM_TYPES:
        return None
    try:
        return request.form.get("lang")
    except HTTPException:  # a body over the size limit: its error page is answered in English
        return None


def page_language() -> str:
    """The language of the page being answered."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    posted = _posted_language()
    if posted in LANGUAGES:
        return posted
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES, default="en") or "en"


def remember_language(response):
    """Keep an explicit choice of language for the next pages."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response
