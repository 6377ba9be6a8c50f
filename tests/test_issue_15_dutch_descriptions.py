"""Issue 15, item 3: the graph described its laws, lists, entries, goals and criteria in English.

The fault: a Dutch page of the Regeling, the Dutch list, an entry of its annex or a strategic
goal showed its description (dcterms:description, skos:definition, rdfs:comment) in English,
unmarked, inside a page that says lang="nl". The data now holds a Dutch text beside each English
one for those kinds of resources (and the reverse); a Dutch page shows the Dutch text only, and
an English text on a Dutch page, where the graph has no Dutch, is marked lang="en".
"""

from __future__ import annotations

import pytest

from tests.html_tree import parse

ID = "https://w3id.org/exportgraph/id/"

# Laws (every ELI legal resource: instruments, their articles and annexes, letters and papers),
# lists and their entries (SKOS schemes and concepts), the strategic goals and the criteria.
DESCRIBED = """
PREFIX exg: <https://w3id.org/exportgraph/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?s ?p ?lang WHERE {
  VALUES ?top { eli:LegalResource skos:ConceptScheme skos:Concept
                exg:StrategicGoal exg:AssessmentCriterion }
  VALUES ?p { dcterms:description skos:definition rdfs:comment }
  ?s a/rdfs:subClassOf* ?top ; ?p ?text .
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), "https://w3id.org/exportgraph/id/"))
  BIND(LANG(?text) AS ?lang)
}
"""


def test_every_described_law_list_entry_goal_and_criterion_has_english_and_dutch(graph):
    languages: dict[tuple[str, str], set[str]] = {}
    for row in graph.query(DESCRIBED):
        languages.setdefault((str(row.s), str(row.p)), set()).add(str(row.lang))
    assert len(languages) > 100  # the query reaches the data, not an empty graph
    one_sided = {key: langs for key, langs in languages.items() if not {"en", "nl"} <= langs}
    assert not one_sided


# One of each kind the issue names, with a phrase only its Dutch description has.
PAGES = {
    "law/nl-regeling-2023-18212": "Ministeriële regeling vastgesteld",
    "list/nl-semiconductor-equipment": "de Nederlandse nationale lijst",
    "entry/nl/3B001.f.4": "de post voor de DUV-immersiescanner",
    "goal/1": "Strategisch doel 1",
    "criterion/end-user": "het opgegeven eindgebruik en de eindgebruiker",
}


def description_cell(client, path: str, lang: str):
    response = client.get(f"/id/{path}?lang={lang}", follow_redirects=True)
    assert response.status_code == 200, path
    page = parse(response.data)
    for row in page.find("section", id="properties").find_all("tr"):
        if row.find("th").text().strip() in {
            "description",
            "beschrijving",
            "definitie",
            "definition",
        }:
            return row.find("td")
    raise AssertionError(f"{path}: no description row")


@pytest.mark.parametrize("path", sorted(PAGES))
def test_a_dutch_page_shows_the_dutch_description_only(client, graph, path):
    cell = description_cell(client, path, "nl")
    assert PAGES[path] in cell.text()
    assert [s.attrs.get("lang") for s in cell.find_all("span")] == []  # no text in another language
    english = description_cell(client, path, "en").text()
    assert PAGES[path] not in english
    assert english.strip()


def test_an_english_text_on_a_dutch_page_is_marked_english(client):
    # The product models are outside the kinds and keep English descriptions only.
    cell = description_cell(client, "model/asml-twinscan-nxt-2000i", "nl")
    marked = cell.find_all("span", lang="en")
    assert marked and cell.text(skip_lang="en").replace("@en", "").strip() == ""
