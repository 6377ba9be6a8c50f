"""Issue 15, items 2 and 10: the path from a machine to the law, walked by clicking in Chromium.

The fault: from an ASML machine there was no way to the law that applies. A licence-check
answer led to the model, but the model page had no "measures that apply", an entry page did
not list the models it covers, a list page showed its entries only under "Incoming links",
and no page but a licence-check answer linked a list's history. Each hop was tested alone
through the Flask test client; nothing walked the whole path as a person does.

Here a person starts on the home page, types a licence check into its form, and clicks on:
answer -> the model -> a measure that applies to it (an entry of its technology) -> the law
that listed that entry -> the list the law governs -> the list's history. At each step the
test reads what the person would read: the heading names the thing just clicked, the answer
says a licence is needed, the page stays in the chosen language and fits the window. The
names of the things come from the pages themselves (the text of the link clicked), so the test
holds in both languages without a table of labels of its own.

One browser and the session's server; a fresh browser context (no language cookie) per walk.
"""

from __future__ import annotations

import re

import pytest

from tests.browser_support import chromium

WIDE, PHONE = 1280, 390
TIMEOUT_MS = 10_000  # a missing element fails fast instead of after Playwright's 30 s
MODEL = "ASML TWINSCAN NXT:2000i"
ENTRY_CODE = "3B001.f.4"  # the Dutch entry for DUV immersion scanners, the model's technology
# EQ-01, NL-16: the NXT:2000i needs a Dutch licence from 1 September 2023.
ON_DAY = "2023-10-02"
DESTINATION = "CHN"
# What the answer says, in the page's words (the heading of the verdict).
LICENCE_REQUIRED = {"en": "a licence is required", "nl": "een vergunning is vereist"}


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def heading(page) -> str:
    return " ".join(page.locator("h1").inner_text().split())


def click_through(page, link) -> None:
    """Click a link as a person does (scrolled into view, visible) and wait for the page."""
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    with page.expect_navigation():
        link.click()


def text_of(link) -> str:
    return " ".join(link.inner_text().split())


@pytest.mark.parametrize(("lang", "width"), [("en", WIDE), ("nl", WIDE), ("nl", PHONE)])
def test_from_the_home_page_to_a_lists_history_by_clicking(live_server, browser, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    visited: list[str] = []

    def arrived(what: str) -> None:
        """Every page of the walk stays in the chosen language and fits the window."""
        visited.append(what)
        assert page.locator("html").get_attribute("lang") == lang, (what, page.url)
        assert overflow(page) <= 0, (what, width, overflow(page))

    try:
        # 1. The home page, with the licence check right there.
        page.goto(f"{live_server}?lang={lang}")
        arrived("home")
        form = page.locator("main form.licence-form")
        form.locator("input[name=item]").fill("NXT:2000i")
        form.locator("input[name=destination]").fill(DESTINATION)
        form.locator("input[name=date]").fill(ON_DAY)
        click_through(page, form.locator("[type=submit]"))

        # 2. The answer: a licence is needed, for this model, on this day; the form keeps
        # what was typed.
        arrived("licence check")
        verdict = " ".join(page.locator("section.verdict h2").inner_text().split())
        assert ON_DAY in verdict and LICENCE_REQUIRED[lang] in verdict, verdict
        assert MODEL in page.locator("section.verdict").inner_text()
        assert page.locator("form.licence-form input[name=item]").input_value() == "NXT:2000i"
        click_through(page, page.get_by_role("link", name=MODEL, exact=True).first)

        # 3. The model: its page names it and shows the measures that apply to it over time.
        arrived("model")
        assert heading(page) == MODEL
        measures = page.locator("#measures-over-time")
        row = measures.locator("tbody tr").filter(
            has=page.locator(f"a:text-matches('^{re.escape(ENTRY_CODE)} ')")
        )
        assert row.count() == 1, row.count()
        instrument_link, entry_link = (
            row.locator("td").nth(0).locator("a"),
            row.locator("td").nth(1).locator("a"),
        )
        list_name = text_of(row.locator("td").nth(2).locator("a"))
        assert "2023-09-01" in row.locator("td").nth(3).inner_text()  # applicable from (NL-16)
        instrument = text_of(instrument_link)
        entry = text_of(entry_link)
        click_through(page, entry_link)

        # 4. The measure: the entry's page names it, lists the model it was reached from and
        # the list it is on, with the instrument that added it.
        arrived("entry")
        assert heading(page) == entry and heading(page).startswith(ENTRY_CODE)
        assert page.locator("#covered-models").get_by_role("link", name=MODEL, exact=True).count()
        lists = page.locator("#lists")
        assert lists.get_by_role("link", name=list_name, exact=True).count()
        click_through(page, lists.get_by_role("link", name=instrument, exact=True).first)

        # 5. The law: its page names it and links what it governs, the list among them.
        arrived("law")
        assert heading(page) == instrument
        governs = page.locator("#governs")
        assert governs.get_by_role("link", name=entry, exact=True).count()
        assert governs.get_by_role("link", name=MODEL, exact=True).count()
        click_through(page, governs.get_by_role("link", name=list_name, exact=True).first)

        # 6. The list: its entries as a table, the entry among them, and its history linked.
        arrived("list")
        assert heading(page) == list_name
        entries = page.locator("#entries")
        assert entries.get_by_role("link", name=entry, exact=True).count()
        click_through(page, entries.locator("a.history-link"))

        # 7. The history: the list's timeline, with the entry and the law that added it as
        # links.
        arrived("history")
        assert list_name in heading(page)
        assert page.locator("svg.wide-axis" if width == WIDE else "svg.narrow-axis").is_visible()
        added = page.get_by_role("link", name=ENTRY_CODE, exact=True)
        assert added.count() and added.first.is_visible()
        assert page.get_by_role("link", name=instrument, exact=True).count()
    finally:
        context.close()
    assert visited == ["home", "licence check", "model", "entry", "law", "list", "history"]
