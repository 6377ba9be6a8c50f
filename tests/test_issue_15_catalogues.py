"""Issue 15, item 3: the pages' words live in Babel message catalogues, complete in Dutch.

The fault: the words were hand-kept Python tables beside inline `'...' if nl else '...'`
choices in the templates, and with `?lang=nl` half the pages kept English bodies. Now every
message is extracted by `pybabel extract` (babel.cfg) into translations/messages.pot, and
translations/nl/LC_MESSAGES/messages.po gives each a Dutch text. These tests fail when a
message has no Dutch (or only a fuzzy guess), when a new English string in a template or view
is not yet in the .pot, or when the committed messages.mo is not the compiled .po.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from flask_babel import get_locale

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "src" / "exportgraph" / "web" / "translations"
POT = TRANSLATIONS / "messages.pot"
PO = TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po"
MO = TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.mo"


def read_catalogue(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def messages(catalogue) -> set[str]:
    """The msgids of a catalogue (a plural's singular), without the header."""
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    """What `pybabel extract -F babel.cfg` finds in the sources now, run in this process."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f, "babel.cfg")
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT,
        method_map,
        options_map,
        directory_filter=lambda d: "/." not in d and "node_modules" not in d,
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_the_pot_holds_every_message_of_the_templates_and_views(extracted):
    pot = messages(read_catalogue(POT))
    assert len(extracted) > 100  # the extractor read the templates, not nothing
    assert sorted(extracted - pot) == [], "run pybabel extract (docs/translating.md)"
    assert sorted(pot - extracted) == [], "the .pot has messages no source uses any more"


def test_the_dutch_catalogue_has_exactly_the_messages_of_the_pot():
    assert messages(read_catalogue(PO)) == messages(read_catalogue(POT)), (
        "run pybabel update (docs/translating.md)"
    )


def test_every_message_has_a_dutch_translation_that_is_not_fuzzy():
    catalogue = read_catalogue(PO)
    assert not catalogue.fuzzy, "the .po header is marked fuzzy: pybabel compile would skip it"
    untranslated = [
        m.id
        for m in catalogue
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else (m.string,)))
    ]
    assert untranslated == []


def test_the_committed_mo_is_the_compiled_po():
    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(PO))
    compiled.seek(0)
    expected = {m.id: m.string for m in read_mo(compiled) if m.id}
    with MO.open("rb") as f:
        committed = {m.id: m.string for m in read_mo(f) if m.id}
    assert committed == expected, "run pybabel compile -d src/exportgraph/web/translations"


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ({"query_string": {"lang": "nl"}}, "nl"),
        ({"headers": {"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"}}, "nl"),
        ({"headers": {"Cookie": "exportgraph_lang=nl", "Accept-Language": "en"}}, "nl"),
        ({"method": "POST", "data": {"lang": "nl"}}, "nl"),
        ({"query_string": {"lang": "en"}, "headers": {"Accept-Language": "nl"}}, "en"),
        ({}, "en"),
    ],
)
def test_flask_babel_translates_into_the_language_the_page_chooses(app, how, expected):
    with app.test_request_context("/", **how):
        assert str(get_locale()) == expected


def test_a_dutch_page_takes_its_words_from_the_catalogue(client):
    catalogue = read_catalogue(PO)
    heading = catalogue.get("Measures that apply to this model").string
    body = client.get(
        "/id/model/asml-twinscan-nxt-2000i.html", headers={"Accept-Language": "nl"}
    ).get_data(as_text=True)
    assert heading in body
    assert "Measures that apply to this model" not in body


# One page of every kind a browser asks for, each in Dutch.
PAGE_KINDS = (
    "/",
    "/query",
    "/licence-check",
    "/validate",
    "/screen",
    "/lists/nl-semiconductor-equipment/history",
    "/search?q=3B001",
    "/id/law/nl-regeling-2023-18212.html",
    "/dataset",
    "/dumps/",
    "/ontology",
    "/changes",
    "/id/no-such-thing",
)
# A template that picks its words with `'...' if nl else '...'` or `{% if en %}` keeps them out
# of the catalogue, where no test sees a missing translation.
INLINE_CHOICE = re.compile(
    r"""['"][^'"]{3,}['"] if (?:page_lang == '(?:en|nl)'|nl|en) else ['"]"""
    r"|\{% if (?:nl|en) %\}[^{]*\{% else %\}"
)


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_every_page_kind_has_a_language_switch_and_dutch_chrome(client, path):
    dutch = path + ("&" if "?" in path else "?") + "lang=nl"
    response = client.get(dutch, headers={"Accept": "text/html"})
    body = response.get_data(as_text=True)
    assert '<html lang="nl">' in body
    assert re.search(r'<p class="language-switch[^"]*"><a href="[^"]*lang=en" hreflang="en"', body)
    nav = body[body.index("<nav>") : body.index("</nav>")]
    assert ">Startpagina<" in nav and ">Home<" not in nav
    assert "export-control law for advanced" not in body  # the footer


def test_no_template_chooses_its_words_by_language_inline():
    templates = ROOT / "src" / "exportgraph" / "web" / "templates"
    inline = {
        f"{path.name}:{number}": line.strip()[:80]
        for path in sorted(templates.glob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INLINE_CHOICE.search(line)
    }
    assert inline == {}
