"""Issue 15, item 3: a Dutch list history named the list and its instruments in English.

The fault: /lists/<slug>/history?lang=nl was headed "Geschiedenis: Dutch national control list
of advanced semiconductor manufacturing equipment", and every row of its timeline and of the
comparison named the instruments by their English labels, although the graph has Dutch ones.
Found by walking from a Dutch licence check to the list's history (test_issue_15_walk_browser).
"""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from tests.html_tree import parse

ID = "https://w3id.org/exportgraph/id/"
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
