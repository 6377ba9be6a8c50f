"""Issue 15, item 7: diagrams and timelines that read right in both languages.

The faults: the Dutch legal-basis diagram of the Regeling drew "toegestaan door" behind the
box of the Besluit strategische goederen, its label cut ("toeges..."), so it read as the wrong
chain; edge labels were drawn before the boxes. Timeline rows were SVG text cut with "...",
their entries were not links, the from/to period compared was not marked, and the timeline
had a fixed width of 900 px.

The chain from the fact sheet: the Regeling rests on Art. 4 of the Bsg and is permitted by
Art. 9 of Regulation (EU) 2021/821 (NL-17). The list's history: BZ2404162 brought the NXT:1970i
and NXT:1980i under the requirement from 7 September 2024 (NL-40).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from tests.html_tree import parse

SVG = "{http://www.w3.org/2000/svg}"
HTML = {"Accept": "text/html"}
REGELING = "/id/law/nl-regeling-2023-18212.html"
HISTORY = "/lists/nl-semiconductor-equipment/history"
# Edge labels are 11 px italic; an average glyph is narrower than 0.6 em.
GLYPH, HEIGHT = 6.6, 11


@pytest.fixture(scope="module")
def client(app):
    """A test client of this module's own: the Dutch pages asked for here set the language
    cookie, which must not reach the session's client."""
    return app.test_client()


def chain_svg(client, lang: str) -> ET.Element:
    page = client.get(f"{REGELING}?lang={lang}", headers=HTML).get_data(as_text=True)
    return ET.fromstring(re.search(r"<svg[^>]*class=\"diagram chain.*?</svg>", page, re.S)[0])


def label_box(text: ET.Element) -> tuple[float, float, float, float]:
    """The area a label covers, (left, top, right, bottom), turned labels included."""
    x, y = float(text.get("x", 0)), float(text.get("y", 0))
    width = len("".join(text.itertext())) * GLYPH
    if "rotate(-90" in (text.get("transform") or ""):
        return (x - HEIGHT, y - width / 2, x + 3, y + width / 2)
    if text.get("text-anchor") == "middle":
        return (x - width / 2, y - HEIGHT, x + width / 2, y + 3)
    return (x, y - HEIGHT, x + width, y + 3)


def boxes(svg: ET.Element) -> list[tuple[float, float, float, float]]:
    return [
        (
            float(r.get("x")),
            float(r.get("y")),
            float(r.get("x")) + float(r.get("width")),
            float(r.get("y")) + float(r.get("height")),
        )
        for r in svg.iter(SVG + "rect")
        if "node" in (r.get("class") or "")
    ]


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_edge_label_of_the_chain_lies_under_a_box(client, lang):
    svg = chain_svg(client, lang)
    labels = [t for t in svg.iter(SVG + "text") if t.get("class") == "edge-label"]
    assert len(labels) >= 6
    for label in labels:
        for box in boxes(svg):
            assert not overlap(label_box(label), box), "".join(label.itertext())
    # Drawn after every box, a label can never be hidden by one.
    order = list(svg.iter())
    last_box = max(order.index(r) for r in svg.iter(SVG + "rect"))
    assert all(order.index(label) > last_box for label in labels)
    # Nothing reaches outside the drawing, where it would be cut.
    width = float(svg.get("viewBox").split()[2])
    assert all(0 <= label_box(t)[0] and label_box(t)[2] <= width for t in labels)


def history_page(client, lang: str = "en", period: tuple[str, str] = ("2024-09-06", "2024-09-07")):
    response = client.get(f"{HISTORY}?from={period[0]}&to={period[1]}&lang={lang}", headers=HTML)
    assert response.status_code == 200
    return parse(response.data)


def test_timeline_rows_are_whole_and_their_entries_are_links(client):
    page = history_page(client)
    figure = page.find("figure", class_="timeline")
    assert "..." not in figure.text() and "…" not in figure.text()
    row = figure.find("li", id="on-2024-09-07")
    links = {a.text(): a.attrs["href"] for a in row.find_all("a")}
    assert links["TWINSCAN NXT:1980i"] == "/id/model/asml-twinscan-nxt-1980i"
    assert links["3B001.f.4"] == "/id/entry/nl/3B001.f.4"  # left in doubt that day (NL-42)
    assert any(href == "/id/law/nl-regeling-bz2404162" for href in links.values())
    # The first row: the seven codes of the Regeling, each a link (NL-27..NL-33).
    first = figure.find("li", id="on-2023-09-01")
    assert {"3B001.a.4", "3B001.d.12", "3D007"} <= {a.text() for a in first.find_all("a")}


def test_the_period_compared_is_marked_on_the_axis_and_in_the_rows(client):
    page = history_page(client, period=("2024-01-01", "2024-09-07"))
    figure = page.find("figure", class_="timeline")
    assert figure.find_all("rect", class_="chosen-period")
    chosen = {li.attrs["id"] for li in figure.find_all("li", class_="chosen")}
    assert chosen == {"on-2024-09-02", "on-2024-09-07"}  # BZ2404162 adopted, then applying
    # Without a period, nothing is marked.
    plain = parse(client.get(HISTORY, headers=HTML).data).find("figure", class_="timeline")
    assert not plain.find_all("li", class_="chosen") and not plain.find_all(class_="chosen-period")


def test_the_timeline_axis_scales_and_has_a_phone_version(client):
    figure = history_page(client).find("figure", class_="timeline")
    axes = figure.find_all("svg")
    # The HTML parser gives attribute names in lower case.
    assert axes and all(svg.attrs.get("viewbox") for svg in axes)
    widths = sorted(float(svg.attrs["width"]) for svg in axes)
    assert widths[0] <= 400  # drawn for a phone, so its labels keep their size there


def test_the_dutch_timeline_speaks_dutch(client):
    figure = history_page(client, "nl").find("figure", class_="timeline")
    whats = {span.text() for span in figure.find_all("span", class_="what")}
    assert {"toegevoegd", "onzeker", "in werking"} <= whats
    assert not {"added", "in doubt", "in force"} & whats
