"""The query page over HTTP, no JavaScript (through Flask's test client): saved questions,
results, links, limits.

Expected rows from the fact sheet: the Dutch list held seven codes on 1 August 2024
(NL-27..NL-33, NL-16); no Art. 10 adoption is known (CL-14).
"""

from __future__ import annotations

import html
import re
import urllib.parse

import pytest

from exportgraph.web.urls import resource_path
from tests.web_client import app_in_process, request

SEVEN_CODES = ["3B001.a.4", "3B001.d.12", "3B001.d.19", "3B001.f.4", "3B001.l", "3B001.m", "3D007"]
BASE_IRI = "https://w3id.org/exportgraph/"


@pytest.fixture(scope="module")
def server(store):
    """The application with a row limit of 45, in this process: no page here needs a socket."""
    with app_in_process({"row_limit": "45"}, store) as url:
        yield url


def fetch(url):
    status, headers, body, _ = request(url)
    return status, headers, body


def page(server, **params):
    status, headers, body = fetch(server + "query?" + urllib.parse.urlencode(params))
    return status, body.decode("utf-8")


def test_the_page_lists_every_saved_question_with_a_form(server):
    status, text = page(server)
    assert status == 200
    assert "Which entries a control list held on a date" in text
    assert 'name="p.date"' in text and 'name="p.list"' in text
    assert "PREFIX exr: &lt;https://w3id.org/exportgraph/id/&gt;" in text  # the graph's prefixes


def test_a_saved_question_runs_with_its_parameters(server):
    status, text = page(
        server,
        saved="list-on-date",
        run="1",
        **{"p.list": "exr:list/nl-semiconductor-equipment", "p.date": "2024-08-01"},
    )
    assert status == 200
    assert "7 rows" in text
    cells = re.findall(r"<td>([^<]*)</td>", text)
    assert [c for c in cells if c in SEVEN_CODES] == SEVEN_CODES
    # IRIs link to the resource's page, labelled.
    entry = "https://w3id.org/exportgraph/id/entry/nl/3B001.f.4"
    assert f'href="{html.escape(resource_path(entry, BASE_IRI))}" title="{entry}"' in text


def test_downloads_and_share_link(server):
    _, text = page(server, saved="wassenaar-participants", run="1")
    csv_link = html.unescape(re.search(r'href="([^"]+)" download="results.csv"', text).group(1))
    status, headers, body = fetch(server.rstrip("/") + csv_link)
    assert status == 200 and headers.get_content_type() == "text/csv"
    assert len(body.decode().strip().splitlines()) == 43  # header + 42 participants (WA-05)
    share = html.unescape(re.search(r'href="([^"]+)" id="share-link"', text).group(1))
    assert "saved=wassenaar-participants" in share
    _, again = page(server, **dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(share).query)))
    assert "42 rows" in again


def test_a_typed_query_and_its_share_link(server):
    query = "SELECT ?code WHERE { ?e exg:isNationalCode true ; exg:code ?code } ORDER BY ?code"
    status, text = page(
        server, query="PREFIX exg: <https://w3id.org/exportgraph/ontology#>\n" + query
    )
    assert status == 200 and "7 rows" in text
    assert 'id="share-link"' in text and "query=PREFIX" in text


def test_a_question_with_no_rows_says_none_known(server):
    _, text = page(server, saved="article-10-adoptions", run="1")
    assert "0 rows" in text and "none known" in text


def test_truncation_is_noted_on_the_page(server):
    _, text = page(server, query="SELECT ?s WHERE { ?s ?p ?o } LIMIT 60")
    assert "45 rows" in text and "cut at 45 rows" in text


def test_errors_are_shown_on_the_page(server):
    status, text = page(server, query="SELECT ?s WHERE { ?s ?p }")
    assert status == 400 and "does not parse" in text
    status, text = page(server, query="DELETE WHERE { ?s ?p ?o }")
    assert status == 403 and "read-only" in text
    status, text = page(server, saved="list-on-date", run="1", **{"p.date": "2024-08-01"})
    assert status == 400 and "list is required" in text


def test_the_page_loads_nothing_from_outside(server):
    _, text = page(server)
    sources = re.findall(r'(?:src|href)="([^"]+)"', text)
    assert sources and not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    for script in re.findall(r'<script src="([^"]+)"', text):
        status, _, body = fetch(server.rstrip("/") + script)
        assert status == 200 and body
