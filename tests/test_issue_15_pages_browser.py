"""Issue 15, items 4, 5, 7 and 9 in headless Chromium (Debian's package, driven by Playwright).

The faults: no page fitted a 390 px phone (523 px for the home page to 972 px for a list's
history); the header's search box stuck out and its navigation wrapped over eight lines; the
timeline had a fixed width of about 900 px; /favicon.ico answered 404 on every first load (a
console error); a misspelt licence check gave a bare error page instead of the form.

One browser and one server for the module; each page is loaded once per language and measured
at 1280 and at 390 px by resizing the window.
"""

from __future__ import annotations

import urllib.parse

import pytest

from tests.browser_support import chromium

WIDE, PHONE = 1280, 390
TIMEOUT_MS = 10_000  # a missing element fails fast instead of after Playwright's 30 s
QUERY = urllib.parse.quote("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 40")
LIST = urllib.parse.quote("https://w3id.org/exportgraph/id/list/nl-semiconductor-equipment", "")
COUNTRY = urllib.parse.quote("http://publications.europa.eu/resource/authority/country/CHN", "")
# Every page kind, with the status it answers.
PAGES = (
    ("", 200),
    ("query", 200),
    (f"query?query={QUERY}", 200),
    # A saved question with an IRI parameter chosen from the graph's lists, and its answer.
    ("query?saved=list-entries", 200),
    (f"query?saved=list-entries&list={LIST}", 200),
    ("licence-check", 200),
    ("licence-check?item=NXT:2000i&fill=1", 200),
    ("licence-check?item=NXT:1980i&destination=CHN&date=2024-09-10", 200),
    ("licence-check?item=NXT:2000x&destination=CN&date=02-10-2023", 400),
    ("validate", 200),
    ("screen", 200),
    ("lists/nl-semiconductor-equipment/history?from=2024-09-06&to=2024-09-07", 200),
    ("search?q=3B001", 200),
    ("id/law/nl-regeling-2023-18212", 200),
    ("id/entry/nl/3B001.f.4", 200),
    ("id/model/asml-twinscan-nxt-2000i", 200),
    ("id/list/nl-semiconductor-equipment", 200),
    ("id/regime/wassenaar", 200),
    (f"resource?iri={COUNTRY}", 200),
    ("dataset", 200),
    ("ontology", 200),
    ("id/no-such-thing", 404),
    ("lists/no-such-list/history", 404),
)
BROKEN_TURTLE = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c\nex:d ex:e ex:f .\n"


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def with_lang(path: str, lang: str) -> str:
    return path + ("&" if "?" in path else "?") + "lang=" + lang


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_page_kind_fits_a_phone_and_a_desktop_without_console_errors(
    live_server, browser, lang
):
    # A fresh context per language: the first page load is the one that asks for the favicon.
    context = browser.new_context(viewport={"width": WIDE, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[tuple[str, str]] = []
    page.on(
        "console",
        lambda m: errors.append((m.text, m.location.get("url", ""))) if m.type == "error" else None,
    )
    page.on("pageerror", lambda exc: errors.append((str(exc), page.url)))
    too_wide, failures = [], []
    try:
        for path, status in PAGES:
            page.set_viewport_size({"width": WIDE, "height": 900})
            errors.clear()
            response = page.goto(live_server + with_lang(path, lang))
            assert response is not None and response.status == status, path
            assert page.locator("html").get_attribute("lang") == lang, path
            if overflow(page) > 0:
                too_wide.append((path, WIDE, overflow(page)))
            page.set_viewport_size({"width": PHONE, "height": 844})
            if overflow(page) > 0:
                too_wide.append((path, PHONE, overflow(page)))
            # The header keeps to a few lines: brand and search, then the navigation.
            header = page.locator("header").bounding_box()
            assert header is not None and header["height"] < 140, (path, header)
            # An error page's own status is reported by Chromium as a failed load; nothing else
            # may be.
            own = response.url
            failures += [
                (path, text)
                for text, url in errors
                if not (status >= 400 and url == own and f"status of {status}" in text)
            ]
    finally:
        context.close()
    assert not too_wide
    assert not failures


def test_a_phone_user_corrects_a_misspelt_check_by_a_link_in_dutch(live_server, browser):
    page = browser.new_page(viewport={"width": PHONE, "height": 844})
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(
            live_server + "licence-check?item=NXT:2000x&destination=CHN&date=2023-10-02&lang=nl"
        )
        item = page.locator("input[name=item]")
        assert item.input_value() == "NXT:2000x"
        error = page.locator("#error-item")
        assert error.is_visible() and "Bedoelde u" in error.inner_text()
        # Beside its field: just below the input, inside the screen.
        field_box, error_box = item.bounding_box(), error.bounding_box()
        assert field_box and error_box
        assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 40
        assert error_box["x"] + error_box["width"] <= PHONE
        with page.expect_navigation():
            page.get_by_role("link", name="TWINSCAN NXT:2000i").click()
        assert "een vergunning is vereist" in page.locator("section.verdict h2").inner_text()
        assert overflow(page) <= 0
    finally:
        page.close()


def test_a_syntax_error_on_validate_keeps_the_case_on_a_phone(live_server, browser):
    page = browser.new_page(viewport={"width": PHONE, "height": 844})
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(live_server + "validate?lang=en")
        page.fill("textarea[name=case]", BROKEN_TURTLE)
        with page.expect_navigation():
            page.locator("form.validate-form [type=submit]").click()
        assert page.input_value("textarea[name=case]") == BROKEN_TURTLE
        error = page.locator("#error-case")
        assert error.is_visible() and "Line 3" in error.inner_text()
        assert overflow(page) <= 0
    finally:
        page.close()


def test_diagram_and_timeline_labels_stay_readable_at_390(live_server, browser):
    page = browser.new_page(viewport={"width": PHONE, "height": 844})
    page.set_default_timeout(TIMEOUT_MS)
    smallest = "(els) => Math.min(...els.map(e => e.getBoundingClientRect().height))"
    try:
        page.goto(live_server + "id/law/nl-regeling-2023-18212?lang=nl")
        labels = page.locator("svg.chain .edge-label")
        assert labels.count() >= 6
        assert labels.evaluate_all(smallest) >= 9
        assert overflow(page) <= 0
        page.goto(live_server + "lists/nl-semiconductor-equipment/history?lang=nl")
        assert page.locator("svg.narrow-axis").is_visible()
        assert not page.locator("svg.wide-axis").is_visible()
        assert page.locator("svg.narrow-axis .year").evaluate_all(smallest) >= 9
        # The rows are text that wraps: each entry is a visible link inside the screen.
        link = page.get_by_role("link", name="TWINSCAN NXT:1980i").first
        box = link.bounding_box()
        assert box and box["x"] + box["width"] <= PHONE
    finally:
        page.close()
