"""The query page in headless Chromium (Debian's package, driven by Playwright).

Run a saved question, see its rows, follow a result link, download CSV. Expected rows from
the fact sheet: the Dutch list held seven codes on 1 August 2024 (NL-27..NL-33, NL-16).
"""

from __future__ import annotations

import csv
import io
import urllib.parse

import pytest

from exportgraph.web.urls import resource_path
from tests.browser_support import chromium
from tests.endpoint_server import running_server

SEVEN_CODES = ["3B001.a.4", "3B001.d.12", "3B001.d.19", "3B001.f.4", "3B001.l", "3B001.m", "3D007"]


@pytest.fixture(scope="module")
def server():
    with running_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def test_run_a_saved_question_follow_a_link_and_download_csv(server, browser, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    outside = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:")) else outside.append(r.url),
    )
    page.goto(server + "query")
    # The vendored CodeMirror is loaded: the editor is highlighted.
    page.wait_for_selector(".CodeMirror")
    assert page.evaluate("typeof CodeMirror") == "function"

    form = page.locator("#q-list-on-date form")
    form.locator('input[name="p.list"]').fill("exr:list/nl-semiconductor-equipment")
    form.locator('input[name="p.date"]').fill("2024-08-01")
    form.locator('button[type="submit"]').click()
    page.wait_for_selector("#results table.results")
    assert page.inner_text("#row-count") == "7 rows"
    codes = page.locator("table.results tbody tr td:nth-child(2)").all_inner_texts()
    assert codes == SEVEN_CODES

    with page.expect_download() as download_info:
        page.click("#download-csv")
    path = tmp_path / "results.csv"
    download_info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [row["code"] for row in rows] == SEVEN_CODES

    link = page.locator("table.results tbody tr:first-child td:first-child a")
    iri = link.get_attribute("title")
    assert iri == "https://w3id.org/exportgraph/id/entry/nl/3B001.a.4"
    link.click()
    page.wait_for_load_state()
    expected = resource_path(iri, "https://w3id.org/exportgraph/")
    # The resource's page (it may redirect to its HTML document) names the entry.
    assert urllib.parse.urlsplit(page.url).path.startswith(expected)
    assert "3B001.a.4" in page.content()
    assert outside == [], f"the page loaded from outside: {outside}"
    context.close()
