"""Dereferenceable IRIs, asked through Flask's test client: 303, negotiation, pages, 404.

Expected classes and labels come from docs/model.md and the fact sheet: the Regeling of 2023
is a ministeriële regeling (Stcrt. 2023, 18212, NL-13), 3B001.f.4 a Dutch national entry
(NL-30), Wassenaar a regime with the Russian Federation among its participants (WA-05).
"""

from __future__ import annotations

import concurrent.futures
import functools
import html
import html.parser
import re
import urllib.parse
import warnings

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from tests.web_client import request as fetch

BASE = "https://w3id.org/exportgraph/"
EXG = "https://w3id.org/exportgraph/ontology#"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"

# kind -> (IRI, class it must carry, text its English page must show)
UNDER_BASE = {
    "legal resource": (
        BASE + "id/law/nl-regeling-2023-18212",
        EXG + "MinisterialRegulation",
        "18212",
    ),
    "entry": (BASE + "id/entry/nl/3B001.f.4", EXG + "ControlEntry", "3B001.f.4"),
    "list": (BASE + "id/list/nl-semiconductor-equipment", EXG + "ControlList", "3B001.f.4"),
    "regime": (BASE + "id/regime/wassenaar", EXG + "ExportControlRegime", "Wassenaar"),
    "fact": (BASE + "id/fact/NL-30", EXG + "Fact", "NL-30"),
    "source": (BASE + "id/source/regeling-bz2404162-text", EXG + "Source", "BZ2404162"),
    "model": (BASE + "id/model/asml-twinscan-nxt-2000i", EXG + "ProductModel", "NXT:2000i"),
}
OUTSIDE_BASE = {
    "country": (COUNTRY + "RUS", EXG + "Country", "RUS"),
    "source with a URL": (
        "https://zoek.officielebekendmakingen.nl/stcrt-2023-18212.html",
        EXG + "Source",
        "18212",
    ),
}
RDF_TYPES = {
    "ttl": ("text/turtle", "turtle"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
    "rdf": ("application/rdf+xml", "xml"),
}


def parse(body, rdf_format):
    """Parse an RDF document with rdflib; its JSON-LD parser warns about its own internals."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=body, format=rdf_format)


def local(server, iri):
    return server + iri[len(BASE) :]


def external(server, iri, fmt=None):
    query = {"iri": iri} if fmt is None else {"iri": iri, "format": fmt}
    return server + "resource?" + urllib.parse.urlencode(query)


@pytest.mark.parametrize("kind", sorted(UNDER_BASE))
@pytest.mark.parametrize("suffix", ["html", *RDF_TYPES])
def test_resource_iri_answers_303_to_the_document_accept_asks_for(site, kind, suffix):
    iri, cls, text = UNDER_BASE[kind]
    media = "text/html" if suffix == "html" else RDF_TYPES[suffix][0]
    status, headers, _, _ = fetch(local(site, iri), {"Accept": media}, follow=False)
    assert status == 303
    assert "Accept" in headers.get("Vary", "")
    location = urllib.parse.urljoin(site, headers["Location"])
    assert location == local(site, iri) + "." + suffix
    status, headers, body, _ = fetch(location)
    assert status == 200
    assert headers.get_content_type() == media
    links = headers.get("Link", "")
    others = [s for s in ["html", *RDF_TYPES] if s != suffix]
    for other in others:
        assert f'{iri[len(BASE) - 1 :]}.{other}>; rel="alternate"' in links
    if suffix == "html":
        page = body.decode("utf-8")
        assert text in page
        assert iri in page
    else:
        graph = parse(body, RDF_TYPES[suffix][1])
        assert (URIRef(iri), RDF.type, URIRef(cls)) in graph


@pytest.mark.parametrize("kind", sorted(OUTSIDE_BASE))
@pytest.mark.parametrize("suffix", ["html", *RDF_TYPES])
def test_iri_outside_the_base_has_documents_at_resource(site, kind, suffix):
    iri, cls, text = OUTSIDE_BASE[kind]
    media = "text/html" if suffix == "html" else RDF_TYPES[suffix][0]
    for url, headers in (
        (external(site, iri), {"Accept": media}),
        (external(site, iri, suffix), {}),
    ):
        status, response_headers, body, _ = fetch(url, headers)
        assert status == 200, url
        assert response_headers.get_content_type() == media
        assert "Accept" in response_headers.get("Vary", "")
        assert 'rel="alternate"' in response_headers.get("Link", "")
        if suffix == "html":
            assert text in body.decode("utf-8")
        else:
            graph = parse(body, RDF_TYPES[suffix][1])
            assert (URIRef(iri), RDF.type, URIRef(cls)) in graph


def test_rdf_document_holds_incoming_links(site):
    # The Netherlands participates in Wassenaar (WA-05): the regime points at the country.
    status, _, body, _ = fetch(external(site, COUNTRY + "NLD", "ttl"))
    assert status == 200
    graph = parse(body, "turtle")
    regime = URIRef(BASE + "id/regime/wassenaar")
    assert (regime, URIRef(EXG + "participant"), URIRef(COUNTRY + "NLD")) in graph


def test_unknown_iri_gets_a_helpful_404_page(site):
    status, headers, body, _ = fetch(site + "id/law/no-such-law", {"Accept": "text/html"})
    assert status == 404
    page = body.decode("utf-8")
    assert 'action="/search"' in page and 'name="q"' in page
    assert 'href="/"' in page
    assert "https://w3id.org/exportgraph/id/law/no-such-law" in page


def test_404_page_suggests_resources_with_a_similar_name(site):
    status, _, body, _ = fetch(site + "id/entry/nl/3B001.f.5", {"Accept": "text/html"})
    assert status == 404
    assert 'href="/id/entry/nl/3B001.f.4"' in body.decode("utf-8")


def test_unknown_iri_gets_a_json_404_for_programs(site):
    status, headers, body, _ = fetch(site + "id/law/no-such-law.ttl")
    assert status == 404
    assert headers.get_content_type() == "application/json"
    assert b'"not-found"' in body


def test_accept_nothing_servable_gets_406(site):
    status, _, _, _ = fetch(local(site, BASE + "id/regime/wassenaar"), {"Accept": "image/png"})
    assert status == 406


def test_resource_without_iri_gets_400(site):
    status, _, body, _ = fetch(site + "resource", {"Accept": "application/json"})
    assert status == 400
    assert b"iri" in body


def test_ontology_term_iri_is_an_anchor_on_the_ontology_page(site, graph):
    status, headers, body, _ = fetch(site + "ontology", {"Accept": "text/html"})
    assert status == 200 and headers.get_content_type() == "text/html"
    page = body.decode("utf-8")
    owl = "http://www.w3.org/2002/07/owl#"
    kinds = ("Class", "ObjectProperty", "DatatypeProperty", "NamedIndividual")
    terms = {
        str(s)[len(EXG) :]
        for kind in kinds
        for s in graph.subjects(RDF.type, URIRef(owl + kind))
        if str(s).startswith(EXG)
    }
    assert len(terms) > 100
    assert sorted(t for t in terms if f'id="{t}"' not in page) == []
    # Labels in both languages (docs/model.md: every term has an English and a Dutch label).
    assert "Control entry" in page or "Control-list entry" in page
    status, headers, body, _ = fetch(site + "ontology", {"Accept": "text/turtle"})
    assert status == 200 and headers.get_content_type() == "text/turtle"
    graph = parse(body, "turtle")
    ontology = URIRef("https://w3id.org/exportgraph/ontology")
    assert (ontology, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")) in graph
    status, _, _, _ = fetch(site + "ontology/1.0.0", {"Accept": "text/turtle"})
    assert status == 200


def test_legal_page_shows_chain_amendments_and_citation(site):
    iri = BASE + "id/law/nl-regeling-2023-18212"
    status, _, body, _ = fetch(local(site, iri) + ".html?lang=en")
    page = body.decode("utf-8")
    assert status == 200
    # NL-13/NL-17: based on Art. 4 Bsg, which Art. 9 of Regulation (EU) 2021/821 permits.
    chain = page[page.index('id="chain"') : page.index('id="amendments"')]
    assert "<svg" in chain
    assert "/id/law/nl-bsg/art-4" in chain and "/id/law/eu-reg-2021-821/art-9" in chain
    # NL-38/NL-39: amended by regeling BZ2404162, in force 7 September 2024.
    amendments = page[page.index('id="amendments"') : page.index('id="properties"')]
    assert "/id/law/nl-regeling-bz2404162" in amendments and "2024-09-07" in amendments
    citation = page[page.index('class="citation"') :]
    assert "Stcrt. 2023, 18212" in citation[:2000]
    sources = page[page.index('id="sources"') : page.index('id="incoming"')]
    assert "NL-13" in sources
    assert "stcrt-2023-18212" in sources


def test_entry_page_shows_list_instrument_and_date(site):
    # NL-30, NL-13, NL-16: 3B001.f.4 on the Dutch list, added by the Regeling, from 1 Sep 2023.
    status, _, body, _ = fetch(site + "id/entry/nl/3B001.f.4.html?lang=en")
    page = body.decode("utf-8")
    lists = page[page.index('id="lists"') : page.index('id="properties"')]
    assert "/id/list/nl-semiconductor-equipment" in lists
    assert "/id/law/nl-regeling-2023-18212" in lists
    assert "2023-09-01" in lists
    # NL-38, NL-45: regeling BZ2404162 replaced the annex; what became of the entry is unknown.
    assert "/id/law/nl-regeling-bz2404162" in lists


def test_regime_page_draws_participants(site):
    status, _, body, _ = fetch(site + "id/regime/wassenaar.html")
    page = body.decode("utf-8")
    grid = page[page.index('id="participants"') : page.index('id="properties"')]
    assert "<svg" in grid and ">RUS<" in grid and ">NLD<" in grid


def test_page_language_follows_accept_language_and_the_switch(site):
    url = site + "id/entry/nl/3B001.f.4.html"
    _, headers, body, _ = fetch(url, {"Accept-Language": "nl-NL,nl;q=0.9"})
    assert "lithografieapparatuur" in body.decode("utf-8")
    assert "Accept-Language" in headers.get("Vary", "")
    _, _, body, _ = fetch(url + "?lang=en", {"Accept-Language": "nl"})
    page = body.decode("utf-8")
    assert "step-and-repeat or step-and-scan lithography equipment" in page
    assert "?lang=nl" in page


# The crawl reads about 1,500 pages: html.parser took 6 s of it, these expressions 0.4 s, and
# gave the same links on every page of the crawl (compared page by page, 2026-12-06). What the
# parser skips is skipped here too: comments, and the text of script and style elements.
_HIDDEN = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_ANCHOR = re.compile(r"<a\s[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


def _links(page: str) -> list[str]:
    """The href of every <a> element of an HTML page, entities decoded, in page order."""
    found = []
    for tag in _ANCHOR.findall(_HIDDEN.sub("", page)):
        href = _HREF.search(tag)
        if href:
            value = html.unescape(next(g for g in href.groups() if g is not None))
            if value:
                found.append(value)
    return found


class _ParsedLinks(html.parser.HTMLParser):
    """The links as Python's HTML parser reads them, which _links must match."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.links.append(href)


@pytest.mark.parametrize(
    "path",
    ["/", "/query", "/dataset", "/ontology", "/id/fact/NL-22", "/id/law/nl-bsg", "/search?q=nxt"],
)
def test_the_crawls_links_are_the_html_parsers(site, path):
    status, _, body, _ = fetch(site.rstrip("/") + path, {"Accept": "text/html"})
    assert status == 200
    parser = _ParsedLinks()
    parser.feed(body.decode("utf-8"))
    assert parser.links and _links(body.decode("utf-8")) == parser.links


@functools.cache
def _resolve(base: str, href: str) -> urllib.parse.SplitResult:
    return urllib.parse.urlsplit(urllib.parse.urljoin(base, href))


CRAWLED = ("/id/", "/search?type=", "/ontology", "/dataset")


def _crawlable(path):
    return path == "/" or any(path.startswith(p) for p in CRAWLED)


def test_crawl_from_home_reaches_every_iri_without_error(site, graph):
    """Follow the links of the pages from the home page; each IRI under the base must be met."""
    root = site.rstrip("/")
    seen, failures, frontier = {"/"}, [], ["/"]

    def visit(path):
        status, headers, body, final = fetch(root + path, {"Accept": "text/html"})
        return path, status, headers, body

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        while frontier:
            next_frontier = []
            for path, status, headers, body in pool.map(visit, frontier):
                if status >= 400:
                    failures.append((path, status))
                    continue
                if headers.get_content_type() != "text/html":
                    continue
                for href in _links(body.decode("utf-8")):
                    # An absolute path resolves alike from every page: resolved once.
                    absolute = href.startswith("/") and not href.startswith("//")
                    target = _resolve(root if absolute else root + path, href)
                    if target.netloc and f"{target.scheme}://{target.netloc}" != root:
                        continue
                    found = target.path + (f"?{target.query}" if target.query else "")
                    if _crawlable(found) and found not in seen:
                        seen.add(found)
                        next_frontier.append(found)
            frontier = next_frontier
    assert failures == []
    wanted = {
        "/" + str(term)[len(BASE) :].split("#")[0]
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(BASE) and str(term) != BASE
    }
    visited = {urllib.parse.unquote(p.split("?")[0]) for p in seen}
    assert sorted(wanted - visited) == []


@pytest.mark.parametrize(
    ("accept", "suffix"),
    [
        ("text/turtle;q=0.5, application/ld+json", "jsonld"),
        ("text/html;q=0.1, application/rdf+xml;q=0.9", "rdf"),
        ("application/json", "jsonld"),
        ("*/*", "html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
    ],
)
def test_quality_values_choose_the_document(site, accept, suffix):
    url = local(site, BASE + "id/law/nl-bsg")
    status, headers, _, _ = fetch(url, {"Accept": accept}, follow=False)
    assert status == 303
    assert headers["Location"] == "/id/law/nl-bsg." + suffix
