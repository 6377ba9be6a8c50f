"""Issue 19 in headless Chromium: upload an order book on /screen, sort and filter the table,
download it as CSV and follow a line to its licence check, in English and in Dutch, with the
Content-Security-Policy satisfied. The answers expected come from check_licence."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from exportgraph.law.licence import check_licence
from tests.browser_support import chromium
from tests.endpoint_server import running_server

BOOK = (
    "item;destination;date;reference\n"
    "NXT:1980i;CHN;2024-09-10;A\n"
    "3B001.f.9;CHN;2024-01-01;B\n"
    "3B001.f.4;DEU;2024-01-01;C\n"
    "NXT:1980i;CHN;2024-08-01;D\n"
)
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""
WORDS = {
    "en": {True: "licence required", False: "no licence required", None: "unknown"},
    "nl": {True: "vergunning vereist", False: "geen vergunning vereist", None: "onbekend"},
}


@pytest.fixture(scope="module")
def server():
    with running_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_upload_sort_filter_download_and_follow(server, browser, store, tmp_path, lang):
    context = browser.new_context(accept_downloads=True)
    context.add_init_script(LISTEN)
    page = context.new_page()
    book = tmp_path / "orders.csv"
    book.write_bytes(b"\xef\xbb\xbf" + BOOK.encode())  # as Excel saves it
    page.goto(f"{server}screen?lang={lang}")
    page.set_input_files('input[name="file"]', str(book))
    page.select_option('select[name="lang"]', lang)
    page.click('form.screen-form button[type="submit"]')
    page.wait_for_selector("#screened tbody tr")

    rows = page.locator("#screened tbody tr")
    assert rows.count() == 4
    answers = page.locator("#screened tbody tr td:nth-child(7)").all_inner_texts()
    expected = [
        WORDS[lang][check_licence(store, item, dest, on).required]
        for item, dest, on in (
            ("NXT:1980i", "CHN", date(2024, 9, 10)),
            ("3B001.f.4", "DEU", date(2024, 1, 1)),
            ("NXT:1980i", "CHN", date(2024, 8, 1)),
        )
    ]
    assert [answers[0], answers[2], answers[3]] == expected
    assert answers[1] == ("fout in de regel" if lang == "nl" else "bad line")

    page.click("#screened thead th:nth-child(1)")  # ascending
    page.click("#screened thead th:nth-child(1)")  # descending
    numbers = page.locator("#screened tbody tr td:nth-child(1)").all_inner_texts()
    assert numbers == ["5", "4", "3", "2"]

    page.select_option("#screen-status", "bad")
    visible = page.locator("#screened tbody tr:not([hidden])")
    assert visible.count() == 1 and "3B001.f.9" in visible.inner_text()
    page.select_option("#screen-status", "")
    page.fill("#screen-filter", "DEU")
    assert page.locator("#screened tbody tr:not([hidden])").all_inner_texts()[0].count("DEU")
    assert page.inner_text("#screen-shown") == "1 / 4"
    page.fill("#screen-filter", "")

    with page.expect_download() as download_info:
        page.click("#download-csv")
    path = tmp_path / "screened.csv"
    download_info.value.save_as(path)
    downloaded = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [r["reference"] for r in downloaded] == ["A", "B", "C", "D"]
    assert downloaded[1]["problem_column"] == "item" and downloaded[1]["near_matches"]

    page.click("#screened tbody tr:has(td:nth-child(2):text-is('D')) td:nth-child(7) a")
    page.wait_for_selector("section.verdict")
    assert "item=NXT%3A1980i" in page.url or "item=NXT:1980i" in page.url
    assert "date=2024-08-01" in page.url
    assert page.evaluate("window.__violations") == []
    context.close()
