"""Issue 15, item 6 (leftovers): no fact-sheet bookkeeping on a page; official sources first.

The faults: notes written for the curators reached the public pages. CL-04's confidence note
read "the line's last part ... is UNRESOLVED", CL-08's "later OJ publication date
UNRESOLVED", and the Annex I overlap's status note told the curators which fact-sheet lines
are "not loaded" and what to do "when a fact settles". The fact sheet's tags and lines are the
project's bookkeeping, not something a reader of the law can act on; such text is now a
skos:editorialNote, kept in the data and left off the pages.

And a result page listed a forum thread (the Sino Defence Forum's, cited by EQ-01 and NL-11)
first among an item's sources. A reader weighs the official text first: wherever a page lists
sources, none that is secondary comes before one that is official.
"""

from __future__ import annotations

import urllib.parse

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from exportgraph.web.urls import resource_path
from tests.html_tree import parse

EXG = "https://w3id.org/exportgraph/ontology#"
ID = "https://w3id.org/exportgraph/id/"
# Words that only make sense to someone keeping the fact sheet.
BOOKKEEPING = ("UNRESOLVED", "fact sheet's line", "not loaded", "the line's last part")
FORUM_THREAD = "https://sinodefenceforum.com/t/chinese-semiconductor-industry.8479/page-2299"
# EQ-01 and NL-16: the NXT:2000i needs a licence from 1 September 2023.
CHECK = {"item": "NXT:2000i", "destination": "CHN", "date": "2023-10-02"}


def bookkeeping_in(text: str) -> list[str]:
    return [words for words in BOOKKEEPING if words in text]


def html_of(client, path: str, lang: str) -> str:
    joiner = "&" if "?" in path else "?"
    response = client.get(
        f"{path}{joiner}lang={lang}", headers={"Accept": "text/html"}, follow_redirects=True
    )
    assert response.status_code == 200, path
    assert response.mimetype == "text/html", path
    return response.get_data(as_text=True)


def test_the_fact_sheets_tags_are_said_only_in_editorial_notes(graph):
    said_elsewhere = [
        (str(s), str(p), bookkeeping_in(str(o)))
        for s, p, o in graph
        if isinstance(o, Literal) and bookkeeping_in(str(o)) and p != SKOS.editorialNote
    ]
    assert not said_elsewhere
    # What moved stays in the data, for the curators.
    holders = {str(s) for s, o in graph.subject_objects(SKOS.editorialNote)}
    assert {ID + "fact/CL-04", ID + "fact/CL-08"} <= holders
    assert ID + "overlap/eu-delreg-2025-2003/nl-lists" in holders


def test_what_a_reader_can_use_of_those_notes_stays_public(graph):
    # CL-04's verified parts and CL-08's open question are said in plain words.
    cl04 = str(graph.value(URIRef(ID + "fact/CL-04"), URIRef(EXG + "confidenceNote")))
    assert "VERIFIED for these two statements" in cl04 and "not known" in cl04
    cl08 = str(graph.value(URIRef(ID + "fact/CL-08"), URIRef(EXG + "confidenceNote")))
    assert "not known" in cl08
    # The overlap's caveat still says what is unknown, in both languages.
    overlap = URIRef(ID + "overlap/eu-delreg-2025-2003/nl-lists")
    unknown = {o.language for o in graph.objects(overlap, URIRef(EXG + "overlapUnknown"))}
    assert unknown == {"en", "nl"}


def pages_near_editorial_notes(graph) -> set[str]:
    """The pages that could show an editorial note: its holder's page and the page of every
    resource one link away, either way (their evidence, incoming and outgoing links)."""
    holders = set(graph.subjects(SKOS.editorialNote, None))
    near = set(holders)
    for holder in holders:
        near |= {s for s in graph.subjects(None, holder) if isinstance(s, URIRef)}
        near |= {o for o in graph.objects(holder, None) if isinstance(o, URIRef)}
    near = {n for n in near if (n, RDF.type, None) in graph and not str(n).startswith(EXG)}
    return {resource_path(str(n), "https://w3id.org/exportgraph/") for n in near}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_page_shows_the_bookkeeping(client, graph, lang):
    pages = sorted(pages_near_editorial_notes(graph))
    assert len(pages) > 10  # the holders and their neighbours, not an empty walk
    models = sorted(
        str(m).removeprefix(ID + "model/")
        for m in graph.subjects(RDF.type, URIRef(EXG + "ProductModel"))
    )
    # Every model's page and its licence check, before and after the doubts of 2024 and 2025.
    pages += [f"/id/model/{m}" for m in models]
    pages += [
        "/licence-check?" + urllib.parse.urlencode(CHECK | {"item": model, "date": day})
        for model in models
        for day in ("2023-10-02", "2025-12-01")
    ]
    pages += [
        "/lists/nl-semiconductor-equipment/history",
        "/",
        "/dataset",
        "/changes",
    ]
    shown = {}
    for path in pages:
        found = bookkeeping_in(html_of(client, path, lang))
        if found:
            shown[path] = found
    assert not shown


def quality(graph, source: str) -> str:
    value = graph.value(URIRef(source), URIRef(EXG + "sourceQuality"))
    return str(value).removeprefix(EXG) if value is not None else "unknown"


def source_of(href: str) -> str:
    """The source's IRI from a link on a page: the page of a resource, or the source itself."""
    if href.startswith("/resource?"):
        return urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)["iri"][0]
    if href.startswith("/id/"):
        return ID + href.removeprefix("/id/")
    return href


def official_first(qualities: list[str]) -> bool:
    return qualities == sorted(qualities, key=lambda q: q != "official")


def test_the_licence_checks_sources_are_official_first_and_the_thread_never_ahead(client, graph):
    page = parse(html_of(client, "/licence-check?" + urllib.parse.urlencode(CHECK), "en"))
    lists = [d.find("ol") for d in page.find_all("details", class_="fact-sources")]
    assert len(lists) > 10
    for sources in lists:
        iris = [source_of(a.attrs["href"]) for a in sources.find_all("a")]
        qualities = [quality(graph, iri) for iri in iris]
        assert official_first(qualities), list(zip(iris, qualities, strict=True))
    # EQ-01 and NL-11 cite the thread: it is on the page, but never before an official source.
    cited = [source_of(a.attrs["href"]) for ol in lists for a in ol.find_all("a")]
    assert FORUM_THREAD in cited


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_models_measures_list_official_sources_before_the_thread(client, graph, lang):
    page = parse(html_of(client, "/id/model/asml-twinscan-nxt-2000i", lang))
    section = page.find("section", id="measures-over-time")
    rows = section.find_all("details")
    assert rows  # each measure folds its sources
    for details in rows:
        iris = [source_of(a.attrs["href"]) for a in details.find_all("a")]
        qualities = [quality(graph, iri) for iri in iris]
        assert official_first(qualities), list(zip(iris, qualities, strict=True))
    # The coverage of the model itself rests on EQ-01 (the thread among its sources) and on
    # official texts (NL-38, NL-39): the official ones come first.
    first = [source_of(a.attrs["href"]) for a in rows[0].find_all("a")]
    assert FORUM_THREAD in first
    assert quality(graph, first[0]) == "official"
    assert first.index(FORUM_THREAD) > max(
        i for i, iri in enumerate(first) if quality(graph, iri) == "official"
    )
