"""Issue 15, item 3: Dutch pages named the law's resources by their English labels.

The faults: /lists/<slug>/history?lang=nl was headed "Geschiedenis: Dutch national control list
of advanced semiconductor manufacturing equipment", and every row of its timeline and of the
comparison named the instruments in English; a Dutch licence check answered "van Netherlands
(NLD) naar China" and "Vereist door Dutch Regulation on advanced semiconductor manufacturing
equipment", although the graph has Dutch labels for all of them. Found by walking from a Dutch
licence check to the list's history (test_issue_15_walk_browser). The JSON answers keep the
English labels.
"""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from tests.html_tree import parse

ID = "https://w3id.org/exportgraph/id/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
LIST = URIRef(ID + "list/nl-semiconductor-equipment")
REGELING = URIRef(ID + "law/nl-regeling-2023-18212")  # adopted 23 June 2023 (NL-14)
BZ2404162 = URIRef(ID + "law/nl-regeling-bz2404162")  # applies from 7 September 2024 (NL-39)


def label(graph, iri: URIRef, lang: str) -> str:
    names = [
        o
        for p in (SKOS.prefLabel, RDFS.label)
        for o in graph.objects(iri, p)
        if isinstance(o, Literal) and o.language == lang
    ]
    assert names, (iri, lang)
    return str(names[0])


def history(client, lang: str, **period: str):
    query = "&".join(f"{k}={v}" for k, v in period.items())
    response = client.get(f"/lists/nl-semiconductor-equipment/history?lang={lang}&{query}")
    assert response.status_code == 200
    return parse(response.data)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_history_names_the_list_and_its_instruments_in_the_page_language(client, graph, lang):
    page = history(client, lang, **{"from": "2024-09-06", "to": "2024-09-07"})
    assert label(graph, LIST, lang) in page.find("h1").text()
    rows = page.find("ol", class_="timeline-rows")
    linked = {a.text() for a in rows.find_all("a")}
    assert label(graph, REGELING, lang) in linked
    assert label(graph, BZ2404162, lang) in linked
    other = "en" if lang == "nl" else "nl"
    assert label(graph, REGELING, other) not in linked
    # The comparison of 6 and 7 September 2024 names BZ2404162, which made the changes.
    compared = page.find("section", id="compare")
    assert label(graph, BZ2404162, lang) in {a.text() for a in compared.find_all("a")}


def licence_check(client, lang: str):
    # EQ-01, NL-16: the NXT:2000i needs a licence under the Regeling from 1 September 2023.
    response = client.get(
        f"/licence-check?item=NXT:2000i&destination=CHN&date=2023-10-02&lang={lang}",
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 200
    return parse(response.data)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_licence_check_names_the_law_and_the_countries_in_the_page_language(
    client, graph, lang
):
    verdict = licence_check(client, lang).find("section", class_="verdict")
    route = verdict.find("p").text()
    assert label(graph, URIRef(COUNTRY + "NLD"), lang) in route
    required_by = {a.text() for a in verdict.find("ul").find_all("a")}
    assert required_by == {label(graph, REGELING, lang)}
    page = licence_check(client, lang)
    chain = {a.text() for t in page.find_all("table", class_="chain") for a in t.find_all("a")}
    assert label(graph, LIST, lang) in chain
    assert label(graph, REGELING, lang) in chain


def test_the_licence_checks_json_keeps_the_english_names(client, graph):
    response = client.get(
        "/licence-check?item=NXT:2000i&destination=CHN&date=2023-10-02&lang=nl&format=json"
    )
    body = response.get_json()
    assert body["origin"]["label"] == label(graph, URIRef(COUNTRY + "NLD"), "en")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_models_coverage_is_named_not_shown_as_a_slug(client, graph, lang):
    # The coverage pages were headed "nl-regeling-2023-18212", the last part of their IRI, and
    # the model page's measures linked them so: the coverages had no label.
    coverage = URIRef(ID + "coverage/asml-twinscan-nxt-2000i/nl-regeling-2023-18212")
    name = label(graph, coverage, lang)
    assert "NXT:2000i" in name and label(graph, REGELING, lang) in name
    response = client.get(f"/id/model/asml-twinscan-nxt-2000i?lang={lang}", follow_redirects=True)
    measures = parse(response.data).find("section", id="measures-over-time")
    assert name in {a.text() for a in measures.find_all("a")}
    page = client.get(
        f"/id/coverage/asml-twinscan-nxt-2000i/nl-regeling-2023-18212?lang={lang}",
        follow_redirects=True,
    )
    assert parse(page.data).find("h1").text() == name
