"""Issue 16, item 5: nothing told people who follow the law what changed, and when.

There was no /changes page and no feed: a reader had to open each list's history to learn
that an instrument entered into force or added entries. These tests read the dates from the
graph by query (never pasted) and check that the page and the Atom 1.0 feed (RFC 4287: a
feed id, title, updated and author; entries with id, title, updated and link) carry each one,
in English and in Dutch.
"""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree as ET

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"
PREFIXES = """PREFIX exg: <https://w3id.org/exportgraph/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""
ID = "https://w3id.org/exportgraph/id/"


def page_of(iri: str) -> str:
    return "/" + iri.removeprefix("https://w3id.org/exportgraph/")


@pytest.fixture(scope="module")
def in_force(graph) -> set[tuple[str, str]]:
    """(date, instrument) for every instrument that put an entry on a list and has a date."""
    rows = graph.query(
        PREFIXES + "SELECT DISTINCT ?i ?d WHERE { ?m exg:memberOf ?l ; exg:addedBy ?i ."
        " ?i eli:first_date_entry_in_force ?d }"
    )
    found = {(str(d), str(i)) for i, d in rows}
    assert len(found) >= 3
    return found


@pytest.fixture(scope="module")
def added(graph) -> set[tuple[str, str]]:
    """(date, code) for every entry a membership put on a list from a date by an instrument."""
    rows = graph.query(
        PREFIXES + "SELECT DISTINCT ?d ?code WHERE { ?m exg:memberOf ?l ; exg:addedBy ?i ;"
        " exg:applicableFrom|exg:inForceFrom ?d ; exg:memberEntry/exg:code ?code }"
    )
    found = {(str(d), str(code)) for d, code in rows}
    assert len(found) >= 5
    return found


@pytest.fixture(scope="module")
def feeds(app) -> dict[str, ET.Element]:
    client = app.test_client()
    parsed = {}
    for lang in ("en", "nl"):
        response = client.get(f"/changes.atom?lang={lang}")
        assert response.status_code == 200
        assert response.mimetype == "application/atom+xml"
        parsed[lang] = ET.fromstring(response.get_data())
    return parsed


def rfc3339(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_feed_is_atom_with_what_rfc_4287_requires(feeds, lang):
    feed = feeds[lang]
    assert feed.tag == ATOM + "feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(ATOM + name)) == 1 and feed.findtext(ATOM + name).strip()
    assert feed.findtext(f"{ATOM}author/{ATOM}name")
    assert [link.get("href") for link in feed.findall(ATOM + "link") if link.get("rel") == "self"]
    entries = feed.findall(ATOM + "entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(ATOM + name)) == 1 and entry.findtext(ATOM + name).strip()
        assert entry.find(ATOM + "link").get("href").startswith("http")
    ids = [e.findtext(ATOM + "id") for e in entries]
    assert len(ids) == len(set(ids))
    updated = [rfc3339(e.findtext(ATOM + "updated")) for e in entries]
    assert updated == sorted(updated, reverse=True)  # newest first
    assert rfc3339(feed.findtext(ATOM + "updated")) >= max(updated)


def entries_on(feed: ET.Element, day: str) -> list[ET.Element]:
    return [e for e in feed.findall(ATOM + "entry") if e.findtext(ATOM + "updated")[:10] == day]


def test_each_entry_into_force_has_an_entry_linking_the_instrument(feeds, in_force):
    for day, instrument in in_force:
        links = {e.find(ATOM + "link").get("href") for e in entries_on(feeds["en"], day)}
        assert any(href.endswith(page_of(instrument)) for href in links), (day, instrument)
        titles = [e.findtext(ATOM + "title") for e in entries_on(feeds["en"], day)]
        assert any("enters into force" in t for t in titles), (day, titles)
        titles = [e.findtext(ATOM + "title") for e in entries_on(feeds["nl"], day)]
        assert any("treedt in werking" in t for t in titles), (day, titles)


def test_each_entry_added_on_a_date_is_named_on_that_date(feeds, added):
    for day, code in added:
        titles = [e.findtext(ATOM + "title") for e in entries_on(feeds["en"], day)]
        assert any(" adds: " in t and code in t for t in titles), (day, code, titles)


def test_an_entry_id_stays_the_same_across_fetches_and_languages(client, feeds):
    again = ET.fromstring(client.get("/changes.atom?lang=en").get_data())
    ids = [e.findtext(ATOM + "id") for e in feeds["en"].findall(ATOM + "entry")]
    assert ids == [e.findtext(ATOM + "id") for e in again.findall(ATOM + "entry")]
    assert ids == [e.findtext(ATOM + "id") for e in feeds["nl"].findall(ATOM + "entry")]


@pytest.mark.parametrize(
    ("lang", "heading", "verb"),
    [
        ("en", "Changes to the law", "enters into force"),
        ("nl", "Wijzigingen in het recht", "treedt in werking"),
    ],
)
def test_the_page_lists_the_same_dates_in_each_language(
    client, in_force, added, lang, heading, verb
):
    response = client.get(f"/changes?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in page and verb in page
    for day, instrument in in_force:
        assert f'<time datetime="{day}">' in page
        assert f'href="{page_of(instrument)}"' in page
    for day, code in added:
        assert f'<time datetime="{day}">' in page and code in page
    days = [d[:10] for d in page.split('<time datetime="')[1:]]
    assert days == sorted(days, reverse=True)
    assert 'href="/changes.atom' in page
    if lang == "nl":  # an addition whose code was not read is told in Dutch too
        assert "een post met onbekende code" in page and "unknown code" not in page


def test_every_page_links_to_the_changes(client):
    assert 'href="/changes"' in client.get("/?lang=en").get_data(as_text=True)
