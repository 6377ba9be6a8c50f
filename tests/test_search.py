"""Search by label, code and identifier, in English and Dutch (core and GET /search).

The codes and identifiers are the fact sheet's: 3B001.f.4 and 3D007 (NL-30, NL-33), the
TWINSCAN NXT:2000i (EQ-01), CELEX 32021R0821 and its ELI (EU-02, EU-03), Stcrt. 2023,
18212 (NL-14).
"""

from __future__ import annotations

import json
import urllib.parse

import pytest

from exportgraph.publish.search import search
from tests.web_client import request

ID = "https://w3id.org/exportgraph/id/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("3B001.f.4", ID + "entry/nl/3B001.f.4"),
        ("3b001f4", ID + "entry/nl/3B001.f.4"),
        ("3d007", ID + "entry/nl/3D007"),
        ("NXT:2000i", ID + "model/asml-twinscan-nxt-2000i"),
        ("32021R0821", ID + "law/eu-reg-2021-821"),
        ("http://data.europa.eu/eli/reg/2021/821/oj", ID + "law/eu-reg-2021-821"),
        ("2023, 18212", ID + "law/nl-regeling-2023-18212"),
        ("NL-30", ID + "fact/NL-30"),
    ],
)
def test_codes_and_identifiers_rank_first(store, query, expected):
    result = search(store, query)
    assert result.hits, query
    assert result.hits[0].iri == expected


@pytest.mark.parametrize(
    ("query", "lang", "expected"),
    [
        ("DUV immersion scanners", "en", ID + "entry/nl/3B001.f.4"),
        ("DUV-immersiescanners", "nl", ID + "entry/nl/3B001.f.4"),
        ("Wassenaar", "nl", ID + "regime/wassenaar"),
        ("Besluit strategische goederen", "en", ID + "law/nl-bsg"),
    ],
)
def test_labels_match_in_both_languages(store, query, lang, expected):
    hits = search(store, query, lang=lang).hits
    assert expected in [h.iri for h in hits[:10]]


def test_empty_and_punctuation_only_queries_find_nothing(store):
    assert search(store, "").hits == ()
    assert search(store, " .-: ").hits == ()


def test_search_answers_json_by_accept_and_html_otherwise(site):
    url = site + "search?" + urllib.parse.urlencode({"q": "3B001.f.4"})
    status, headers, body, _ = request(url, {"Accept": "application/json"})
    assert status == 200
    assert headers.get_content_type() == "application/json"
    answer = json.loads(body)
    assert answer["hits"][0]["iri"] == ID + "entry/nl/3B001.f.4"
    status, _, body, _ = request(url, {"Accept": "text/html"})
    assert status == 200
    page = body.decode("utf-8")
    assert 'href="/id/entry/nl/3B001.f.4"' in page


def test_every_page_has_the_search_box(site):
    for path in ("", "id/regime/wassenaar.html", "ontology", "dataset", "sparql"):
        status, _, body, _ = request(site + path, {"Accept": "text/html"})
        assert status == 200, path
        page = body.decode("utf-8")
        assert 'action="/search"' in page, path
