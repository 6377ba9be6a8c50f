"""Issue 15, items 1 and 2: a task-first home page, and paths between the things people think in.

The faults: the home page was a table of class counts, with the licence check, the list
timelines and the saved questions behind the navigation, and "0 entries" without a word why.
A product model page had no "measures that apply" and no licence-check link; an entry page did
not list the models it covers; a list page showed its entries only as incoming links, and no
page but a licence-check result linked a list's history. Every expected IRI below is read from
the graph by a query, so the tests follow the data.
"""

from __future__ import annotations

import urllib.parse
from datetime import date

from exportgraph.endpoint.saved_queries import saved_queries
from exportgraph.law.functions import Law
from tests.html_tree import Element, parse

HTML = {"Accept": "text/html"}
PREFIXES = """
PREFIX exg: <https://w3id.org/exportgraph/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""
LIST_BASE = "https://w3id.org/exportgraph/id/list/"
BASE = "https://w3id.org/exportgraph/"
# How a Dutch model page names each standing (law.functions.record_status_on's values).
DUTCH_STANDING = {
    "applies": "geldt",
    "not-yet": "nog niet",
    "ended": "beëindigd",
    "unknown": "onbekend: ongedateerd, of een later instrument liet het in twijfel",
}


def page(client, path: str) -> Element:
    response = client.get(path, headers=HTML, follow_redirects=True)
    assert response.status_code == 200, path
    return parse(response.data)


def values(store, query: str, name: str) -> list[str]:
    return [row[name].value for row in store.query(PREFIXES + query).rows]


def path_of(iri: str) -> str:
    return "/" + iri.removeprefix(BASE)


def hrefs(element: Element) -> list[str]:
    return [a.attrs.get("href", "") for a in element.find_all("a")]


def section(root: Element, ident: str) -> Element:
    return root.find("section", id=ident)


def test_home_has_the_licence_form_with_item_destination_and_date(client):
    home = page(client, "/?lang=en")
    form = next(f for f in home.find_all("form") if f.attrs.get("action") == "/licence-check")
    names = {i.attrs.get("name") for i in form.find_all("input")}
    assert {"item", "destination", "date"} <= names


def test_home_links_the_timelines_of_the_dutch_list_and_annex_i(client, store):
    lists = values(store, "SELECT ?l WHERE { ?l a exg:ControlList }", "l")
    wanted = [iri for iri in lists if iri.endswith(("nl-semiconductor-equipment", "eu-annex-i"))]
    assert len(wanted) == 2
    links = hrefs(section(page(client, "/?lang=en"), "timelines"))
    for iri in wanted:
        slug = iri.removeprefix(LIST_BASE)
        assert any(h.startswith(f"/lists/{slug}/history") for h in links), slug


def test_home_groups_the_saved_questions_under_their_first_tag(client):
    questions = section(page(client, "/?lang=en"), "questions")
    under: dict[str, str] = {}
    heading = None
    for element in questions.iter():
        if element.tag == "h3":
            heading = element.text().strip()
        elif element.tag == "a" and "saved=" in element.attrs.get("href", ""):
            name = urllib.parse.parse_qs(element.attrs["href"].split("?", 1)[1])["saved"][0]
            under[name] = heading or ""
    saved = saved_queries()
    assert {q.name for q in saved} == set(under)
    for question in saved:
        assert under[question.name] == (question.tags[0] if question.tags else "other")


def test_home_links_validate_screen_sparql_and_changes(client):
    links = hrefs(section(page(client, "/?lang=en"), "tasks"))
    for target in ("/validate", "/screen", "/sparql", "/changes"):
        assert any(h.split("?")[0].rstrip("/") == target for h in links), target


def test_home_says_why_a_list_without_entries_shows_none(client, store):
    empty = values(
        store,
        "SELECT ?l WHERE { ?l a exg:ControlList FILTER NOT EXISTS { ?m exg:memberOf ?l } }",
        "l",
    )
    assert empty, "the graph has a list without entries"
    rows = section(page(client, "/?lang=en"), "inventory").find_all("tr")
    row = next(r for r in rows if any(h == path_of(empty[0]) for h in hrefs(r)))
    assert "the graph holds the list, not its entries" in row.text()


def test_home_in_dutch_has_dutch_headings(client):
    home = page(client, "/?lang=nl")
    headings = [h.text().strip() for h in home.find_all("h2")]
    assert "Heeft deze uitvoer een vergunning nodig?" in headings
    assert "Vragen die onderzoekers stellen" in headings
    assert "Does this export need a licence?" not in headings


def test_dutch_home_names_the_timelines_by_their_dutch_labels(client, store):
    names = values(
        store,
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?n WHERE {"
        f' <{LIST_BASE}eu-annex-i> skos:prefLabel ?n FILTER(LANG(?n) = "nl") }}',
        "n",
    )
    assert names
    assert names[0] in section(page(client, "/?lang=nl"), "timelines").text()


MODEL_COVERAGE = """
SELECT ?model ?instrument WHERE {
  ?coverage exg:coveredModel ?model ; exg:coveredBy ?instrument .
} ORDER BY ?model LIMIT 1"""


def test_model_page_shows_the_measures_with_instrument_links_and_a_licence_check(client, store):
    row = store.query(PREFIXES + MODEL_COVERAGE).rows[0]
    model, instrument = row["model"].value, row["instrument"].value
    measures = section(page(client, path_of(model) + "?lang=en"), "measures-over-time")
    links = hrefs(measures)
    assert path_of(instrument) in links
    check = next(h for h in links if h.startswith("/licence-check"))
    name = values(store, f"SELECT ?n WHERE {{ <{model}> exg:modelName ?n }}", "n")[0]
    filled = page(client, check)
    item = next(i for i in filled.find_all("input") if i.attrs.get("name") == "item")
    assert item.attrs.get("value") == name


def test_model_page_in_dutch_has_dutch_headings(client, store):
    model = store.query(PREFIXES + MODEL_COVERAGE).rows[0]["model"].value
    measures = section(page(client, path_of(model) + "?lang=nl"), "measures-over-time")
    assert measures.find("h2").text().strip() == "Maatregelen die voor dit model gelden"
    assert "Maatregelen die voor dit model gelden" != "Measures that apply to this model"


ENTRY_MODELS = """
SELECT DISTINCT ?entry ?model WHERE {
  ?membership exg:memberEntry ?entry ; exg:addedBy ?by .
  ?coverage exg:coveredModel ?model ; exg:coveredBy ?by .
  ?entry exg:controlsTechnology ?area . ?model exg:technologyArea ?area .
} ORDER BY ?entry ?model"""


def test_entry_page_lists_the_models_of_its_technology_covered_by_its_instrument(client, store):
    rows = store.query(PREFIXES + ENTRY_MODELS).rows
    entry = rows[0]["entry"].value
    models = {r["model"].value for r in rows if r["entry"].value == entry}
    shown = set(hrefs(section(page(client, path_of(entry) + "?lang=en"), "covered-models")))
    assert {path_of(m) for m in models} <= shown


def test_list_page_has_its_entries_table_and_a_history_link(client, store):
    listed = "nl-semiconductor-equipment"
    entries = values(
        store,
        f"SELECT ?e WHERE {{ ?m exg:memberOf <{LIST_BASE}{listed}> ; exg:memberEntry ?e }}",
        "e",
    )
    assert entries
    part = section(page(client, f"/id/list/{listed}?lang=en"), "entries")
    links = hrefs(part.find("table"))
    assert {path_of(e) for e in entries} <= set(links)
    assert any(h.startswith(f"/lists/{listed}/history") for h in hrefs(part))


def test_empty_list_page_says_why(client, store):
    empty = values(
        store,
        "SELECT ?l WHERE { ?l a exg:ControlList FILTER NOT EXISTS { ?m exg:memberOf ?l } }",
        "l",
    )[0]
    part = section(page(client, path_of(empty) + "?lang=nl"), "entries")
    assert "De graaf bevat de lijst, niet haar posten" in part.text()


def test_law_page_links_the_list_it_establishes(client, store):
    row = store.query(
        PREFIXES
        + "SELECT ?law ?list WHERE { ?law exg:establishesList ?list FILTER(STRSTARTS(STR(?law),"
        f' "{BASE}")) }} ORDER BY ?law LIMIT 1'
    ).rows[0]
    governs = section(page(client, path_of(row["law"].value) + "?lang=en"), "governs")
    assert path_of(row["list"].value) in hrefs(governs)


def test_country_page_says_whether_it_is_an_eu_member_and_links_a_licence_check(client, store):
    row = store.query(
        PREFIXES + "SELECT ?c ?iso ?eu WHERE { ?c exg:iso3 ?iso ; exg:euMemberState false }"
        " ORDER BY ?iso LIMIT 1"
    ).rows[0]
    iri = urllib.parse.quote(row["c"].value, safe="")
    country = section(page(client, f"/resource?iri={iri}&format=html&lang=en"), "country")
    assert "Not an EU member state, as the graph states it." in country.text()
    check = next(h for h in hrefs(country) if h.startswith("/licence-check"))
    assert urllib.parse.parse_qs(check.split("?", 1)[1])["destination"] == [row["iso"].value]


def test_regime_page_without_participants_says_why(client, store):
    regimes = values(
        store,
        "SELECT ?r WHERE { ?r a exg:ExportControlRegime FILTER NOT EXISTS { ?r exg:participant ?s }"
        f' FILTER(STRSTARTS(STR(?r), "{BASE}")) }} ORDER BY ?r',
        "r",
    )
    assert regimes, "the graph has a regime without participants"
    part = section(page(client, path_of(regimes[0]) + "?lang=en"), "participants")
    assert "No participants in the graph: the sources read so far name the regime" in part.text()


def test_model_measures_say_how_each_coverage_stands_today_as_the_law_functions_judge(
    client, store
):
    rows = store.query(
        PREFIXES + "SELECT ?model ?coverage WHERE { ?coverage exg:coveredModel ?model }"
        " ORDER BY ?model"
    ).rows
    model = rows[0]["model"].value
    coverages = [r["coverage"].value for r in rows if r["model"].value == model]
    measures = section(page(client, path_of(model) + "?lang=nl"), "measures-over-time")
    law = Law(store)
    for coverage in coverages:
        row = next(r for r in measures.find_all("tr") if path_of(coverage) in hrefs(r))
        standing = law.record_status_on(coverage, date.today())
        assert row.find("td", class_="standing").text() == DUTCH_STANDING[standing]
