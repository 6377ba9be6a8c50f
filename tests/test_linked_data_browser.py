"""Resource pages in headless Chromium (Debian's package, driven by Playwright).

Labels from the fact sheet: 3B001.f.4 is the DUV immersion scanner entry of the Dutch list
(NL-30); its Dutch label speaks of "lithografieapparatuur". Wassenaar has 42 participating
states in the graph (WA-05).
"""

from __future__ import annotations

import pytest

from tests.browser_support import chromium


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_labels_are_visible_and_the_language_switch_works(live_server, page):
    page.goto(live_server + "id/entry/nl/3B001.f.4")
    heading = page.locator("h1")
    assert "3B001.f.4" in heading.inner_text()
    assert "lithography equipment" in heading.inner_text()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Dutch national control list").first.is_visible()
    page.get_by_role("link", name="Nederlands").click()
    assert "lithografieapparatuur" in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", name="Bronnen").is_visible()
    # The choice holds on the next page, without a parameter.
    page.goto(live_server + "id/regime/wassenaar")
    assert page.get_by_role("heading", name="Deelnemende staten (42)").is_visible()
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", name="Participating states (42)").is_visible()


def test_search_box_finds_3b001_f_4(live_server, page):
    page.goto(live_server)
    box = page.locator("header input[name=q]")
    box.fill("3B001.f.4")
    box.press("Enter")
    page.wait_for_url("**/search?q=3B001.f.4")
    first = page.locator("table.hits tbody tr").first.locator("a")
    assert "3B001.f.4" in first.inner_text()
    first.click()
    assert "3B001.f.4" in page.locator("h1").inner_text()


def test_chain_diagram_is_drawn_and_pages_print_without_navigation(live_server, page):
    page.goto(live_server + "id/law/nl-regeling-2023-18212")
    diagram = page.locator("svg.chain")
    box = diagram.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 200
    assert diagram.locator("a").count() >= 5
    page.emulate_media(media="print")
    assert not page.locator("header").is_visible()
    assert page.locator("pre.citation").is_visible()
