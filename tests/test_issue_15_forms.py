"""Issue 15, items 5 and 9: forms that keep their input, and the details of the pages.

The faults: a misspelt item, destination or date on /licence-check, or a syntax error on
/validate, gave a bare "400: bad-input" page without the form; suggestions were plain text;
the licence check ignored the page language. /favicon.ico answered 404 on every first load;
error pages were headed "400: bad-input"; the search column headed "IRI" held labels.

Expected answers from the fact sheet: the TWINSCAN NXT:2000i needed a licence for China from
1 September 2023 (NL-16, the Regeling's model coverage).
"""

from __future__ import annotations

import urllib.parse

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from tests.html_tree import Element, parse

HTML = {"Accept": "text/html"}
EXG = "https://w3id.org/exportgraph/ontology#"
BROKEN_TURTLE = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c\nex:d ex:e ex:f .\n"


@pytest.fixture(scope="module")
def client(app):
    """A test client of this module's own: the Dutch pages asked for here set the language
    cookie, which must not reach the session's client."""
    return app.test_client()


def licence_page(client, **params: str):
    # The session's client keeps cookies: the language is asked for, never remembered.
    params.setdefault("lang", "en")
    response = client.get("/licence-check?" + urllib.parse.urlencode(params), headers=HTML)
    return response.status_code, parse(response.data)


def field_error(page: Element, name: str) -> Element:
    """The error shown for a field: inside the same label as the field's input."""
    field = page.find("input", name=name)
    label = next(a for a in field.ancestors() if a.tag == "label")
    errors = label.find_all(class_="field-error")
    assert errors, f"no error beside the field {name}"
    return errors[0]


def near_links(error: Element) -> dict[str, dict[str, str]]:
    """Each near match offered, with the query of the request its link runs."""
    links = {}
    for a in error.find_all("a"):
        url = urllib.parse.urlsplit(a.attrs["href"])
        assert url.path == "/licence-check"
        links[a.text()] = dict(urllib.parse.parse_qsl(url.query))
    return links


def test_a_misspelt_item_gives_the_form_back_with_links_that_run_the_corrected_check(client):
    status, page = licence_page(client, item="NXT:2000x", destination="CHN", date="2023-10-02")
    assert status == 400
    assert page.find("input", name="item").attrs["value"] == "NXT:2000x"
    assert page.find("input", name="destination").attrs["value"] == "CHN"
    assert page.find("input", name="date").attrs["value"] == "2023-10-02"
    error = field_error(page, "item")
    assert "NXT:2000x" in error.text()
    links = near_links(error)
    assert "TWINSCAN NXT:2000i" in links
    corrected = links["TWINSCAN NXT:2000i"]
    assert corrected["destination"] == "CHN" and corrected["date"] == "2023-10-02"
    # The link runs the check: the answer, not the form with an error.
    status, answer = licence_page(client, **corrected)
    assert status == 200
    assert "a licence is required" in answer.find("section", class_="verdict").text()
    # Only the field at fault is marked.
    assert not page.find("input", name="destination").parent.find_all(class_="field-error")


def test_a_bad_destination_and_date_are_each_named_beside_their_field(client):
    status, page = licence_page(client, item="NXT:2000i", destination="CN", date="02-10-2023")
    assert status == 400
    destination = field_error(page, "destination")
    assert "CN" in destination.text()
    assert near_links(destination)["CHN"]["date"] == "02-10-2023"
    date = field_error(page, "date")
    assert "02-10-2023" in date.text()
    # Written day first, the date is offered as YYYY-MM-DD, with the other fields kept.
    assert near_links(date)["2023-10-02"] == {
        "item": "NXT:2000i",
        "destination": "CN",
        "date": "2023-10-02",
        "origin": "NLD",
        "lang": "en",
    }
    # The field shows what was typed: a text field, as a date field cannot hold "02-10-2023".
    assert page.find("input", name="date").attrs["value"] == "02-10-2023"
    assert page.find("input", name="date").attrs["type"] == "text"
    assert not page.find("input", name="item").parent.find_all(class_="field-error")


# What the English forms say; none of it may show on a Dutch page.
ENGLISH = (
    "Item (control code",
    "Destination",
    "Origin",
    "Examples",
    "Did you mean",
    "Licence check",
    "The check was not run",
    "is neither a control code",
    "is not an ISO 3166",
    "is not a day",
    "Back to the home page",
    "export-control law",
    "Paste a case",
    "Programs",
    "Validate",
    "the case is not valid",
    "Syntax",
    "Language",
)


def english_in(page: Element) -> set[str]:
    """The English phrases on a page, outside what is marked lang="en"."""
    text = page.find("body").text(skip_lang="en")
    return {phrase for phrase in ENGLISH if phrase in text}


def test_the_licence_form_with_errors_in_dutch_has_no_english(client):
    status, page = licence_page(
        client, item="NXT:2000x", destination="CN", date="2023-02-30", lang="nl"
    )
    assert status == 400
    assert page.find("html").attrs["lang"] == "nl"
    assert "is geen controlecode" in field_error(page, "item").text()
    assert "Bedoelde u" in field_error(page, "item").text()
    assert "is geen ISO 3166 alfa-3-landcode" in field_error(page, "destination").text()
    assert "geen bestaande kalenderdag" in field_error(page, "date").text()
    # The corrected request stays in Dutch.
    assert near_links(field_error(page, "item"))["TWINSCAN NXT:2000i"]["lang"] == "nl"
    assert not english_in(page)


@pytest.mark.parametrize(
    ("lang", "says"),
    [("en", "Line 3: the case is not valid Turtle."), ("nl", "Regel 3: het dossier is geen")],
)
def test_a_syntax_error_on_validate_keeps_the_pasted_case_and_says_where(client, lang, says):
    response = client.post(
        "/validate",
        data={"case": BROKEN_TURTLE, "syntax": "auto", "lang": lang},
        headers=HTML,
    )
    assert response.status_code == 400
    page = parse(response.data)
    textarea = page.find("textarea", name="case")
    assert textarea.text() == BROKEN_TURTLE
    error = page.find(id="error-case")
    assert textarea.attrs["aria-describedby"] == "error-case"
    assert error.parent is textarea.parent  # beside the field
    assert says in error.text()
    assert "ex:d ex:e ex:f ." in error.find("code").text()  # the line at fault, quoted
    if lang == "nl":
        assert not english_in(page)


def test_an_empty_validate_form_says_so_beside_the_field(client):
    response = client.post("/validate", data={"case": "  ", "lang": "nl"}, headers=HTML)
    assert response.status_code == 400
    assert "Geen dossier" in parse(response.data).find(id="error-case").text()


# --- item 9 ---------------------------------------------------------------------------------


def test_there_is_a_favicon(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO header
    icons = [
        link.attrs["href"]
        for link in parse(client.get("/", headers=HTML).data).find_all("link", rel="icon")
    ]
    assert icons
    for href in icons:
        with client.get(href) as response:
            assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "status", "lang", "heading"),
    [
        ("/lists/no-such-list/history", 404, "en", "Not found"),
        ("/lists/no-such-list/history", 404, "nl", "Niet gevonden"),
        ("/lists/nl-semiconductor-equipment/history?from=x&to=y", 400, "en", "could not be read"),
        ("/lists/nl-semiconductor-equipment/history?from=x&to=y", 400, "nl", "kon niet worden"),
        ("/id/no-such-thing", 404, "nl", "Niet in de graaf"),
    ],
)
def test_error_pages_are_headed_in_words_of_the_page_language(client, path, status, lang, heading):
    sep = "&" if "?" in path else "?"
    response = client.get(path + sep + "lang=" + lang, headers=HTML)
    assert response.status_code == status
    page = parse(response.data)
    h1 = page.find("h1").text()
    assert heading in h1
    assert str(status) not in h1
    if lang == "nl":
        text = page.find("main").text(skip_lang="en")
        assert "Back to the home page" not in text and "Search" not in text


@pytest.mark.parametrize(("lang", "headers"), [("en", ["Name", "Type"]), ("nl", ["Naam", "Type"])])
def test_search_results_have_a_name_and_a_type_column(client, graph, lang, headers):
    response = client.get(f"/search?q=3B001.f.4&lang={lang}", headers=HTML)
    table = parse(response.data).find("table", class_="hits")
    assert [th.text() for th in table.find_all("th")][:2] == headers
    first = table.find("tbody").find("tr")
    cells = first.find_all("td")
    assert "3B001.f.4" in cells[0].find("a").text()
    labels = {
        str(o)
        for o in graph.objects(URIRef(EXG + "ControlEntry"), RDFS.label)
        if isinstance(o, Literal) and o.language == lang
    }
    assert labels
    assert cells[1].text() in labels
