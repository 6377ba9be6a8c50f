"""The server-drawn SVG diagrams are well-formed XML, escape labels and link every box."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from exportgraph.publish.describe import Term, describe
from exportgraph.publish.diagrams import chain_svg, participants_svg, resource_diagrams
from exportgraph.publish.sections import ChainStep, Participant, chain_levels

SVG = "{http://www.w3.org/2000/svg}"
WORDS = {
    "based_on": "based on",
    "permitted_by": "permitted by",
    "part_of": "part of",
    "chain": "Chain",
    "participants": "Participants",
}


def link(iri: str) -> str:
    return "/page?" + iri


def test_labels_are_escaped_and_boxes_link_to_their_pages():
    start = Term("A & <B>", iri="urn:a")
    basis = Term('C "quoted"', iri="urn:c")
    steps = (ChainStep(start, "based_on", basis),)
    svg = chain_svg(chain_levels(steps, "urn:a"), steps, link, WORDS, "Chain")
    root = ET.fromstring(svg)
    texts = ["".join(t.itertext()) for t in root.iter(SVG + "text")]
    assert "A & <B>" in texts and 'C "quoted"' in texts and "based on" in texts
    hrefs = {a.get("href") for a in root.iter(SVG + "a")}
    assert hrefs == {"/page?urn:a", "/page?urn:c"}


def test_grid_has_a_cell_per_participant():
    members = [
        Participant(Term(f"State {i}", iri=f"urn:{i}"), f"S{i:02d}", None) for i in range(23)
    ]
    root = ET.fromstring(participants_svg(members, link, "Participants"))
    assert len(list(root.iter(SVG + "rect"))) == 23


def test_the_regeling_chain_reaches_article_9_of_the_regulation(store):
    # NL-17: based on Art. 4 Bsg; Art. 9 of Regulation (EU) 2021/821 permits the national list.
    iri = "https://w3id.org/exportgraph/id/law/nl-regeling-2023-18212"
    diagrams = resource_diagrams(describe(store, iri, "en"), link, WORDS)
    root = ET.fromstring(diagrams["chain"])
    hrefs = {a.get("href") for a in root.iter(SVG + "a")}
    assert "/page?https://w3id.org/exportgraph/id/law/nl-bsg/art-4" in hrefs
    assert "/page?https://w3id.org/exportgraph/id/law/eu-reg-2021-821/art-9" in hrefs
