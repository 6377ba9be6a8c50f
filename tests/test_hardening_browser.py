"""Headers and escaping in headless Chromium: every kind of page satisfies the
Content-Security-Policy, the query editor still works under it, and markup injected through
labels, query text, case fields and error messages is shown as text and never runs.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from tests.browser_support import chromium
from tests.endpoint_server import fetch, running_server

PAYLOAD = (
    "\"'><script>window.__pwned=1</script>"
    '<img src=x onerror="window.__pwned=2"><svg onload="window.__pwned=3"></svg>'
)
HOSTILE_IRI = "https://example.org/hostile/thing"
CASE = Path(__file__).parent / "cases" / "json" / "valid" / "nxt1980i-china-after-extension.json"
# Records CSP violations before any page script runs (init scripts are exempt from the CSP).
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    labels = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    text = json.dumps(PAYLOAD)  # a JSON string is a valid Turtle string literal here
    labels.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f"<{HOSTILE_IRI}> rdfs:label {text}@en ; skos:prefLabel {text}@en ;"
        f" rdfs:comment {text} .\n"
    )
    with running_server(graphs={"urn:test:hostile": labels}) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.console_messages = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.console_messages.append(m.text))
    yield page
    context.close()


def _no_violation(page) -> None:
    violations = page.evaluate("window.__violations")
    console = [m for m in page.console_messages if "Content Security Policy" in m]
    assert violations == [] and console == [], (page.url, violations, console)


def _nothing_ran(page) -> None:
    assert page.evaluate("window.__pwned") is None, page.url
    # Escaped, not merely blocked: no element carries the injected handlers, and every script
    # on the page is one of our static files.
    assert page.locator("[onerror], [onload]").count() == 0, page.url
    inline = page.evaluate(
        "Array.from(document.scripts).filter(s => !s.src).map(s => s.textContent)"
    )
    assert inline == [], page.url


def _q(**params: str) -> str:
    return "?" + urllib.parse.urlencode(params)


PAGES = [
    "",
    "query" + _q(saved="wassenaar-participants", run="1"),
    "id/entry/nl/3B001.f.4",
    "validate",
    "licence-check" + _q(item="nl/3B001.f.4", destination="CHN", date="2024-10-01"),
    "lists/nl-semiconductor-equipment/history",
    "search" + _q(q="3B001"),
    "ontology",
    "dataset",
    "dumps/",
    "id/no/such/thing",
]


def test_every_kind_of_page_satisfies_the_content_security_policy(server, page):
    for path in PAGES:
        response = page.goto(server + path)
        assert response is not None
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"]
        page.wait_for_load_state("load")
        _no_violation(page)


def test_the_policy_blocks_an_inline_script_and_the_listener_sees_it(server, page):
    # The control for the tests above: an inline script added to a page is refused, and the
    # refusal is recorded where _no_violation looks.
    page.goto(server)
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__pwned = 9'; document.body.appendChild(s); }"
    )
    page.wait_for_function("window.__violations.length > 0")
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("window.__violations")[0].startswith("script-src")


def test_a_validation_report_page_satisfies_the_policy(server, page):
    page.goto(server + "validate")
    page.fill("textarea[name=case]", CASE.read_text())
    with page.expect_navigation():
        page.locator("form.validate-form [type=submit]").first.click()
    assert "NL-EXP-2024-0118" in page.content()
    _no_violation(page)


def test_the_query_editor_works_under_the_policy(server, page):
    page.goto(server + "query")
    page.wait_for_selector(".CodeMirror")
    page.evaluate(
        "window.exportgraphEditor.setValue("
        "'SELECT ?n WHERE { VALUES ?n { \"typed-in-the-editor\" } }')"
    )
    page.locator(".CodeMirror textarea").focus()
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    assert page.locator("table").filter(has_text="typed-in-the-editor").count() == 1
    # The highlighting itself is there: CodeMirror styled the keyword.
    assert page.locator(".cm-keyword").count() >= 1
    _no_violation(page)


def test_injected_markup_is_escaped_on_every_page(server, page):
    iri = urllib.parse.quote(HOSTILE_IRI, safe="")
    label_query = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    # (path, whether the page shows the payload back as text)
    hostile_pages = [
        ("resource?iri=" + iri, True),  # a label, a comment
        ("search" + _q(q=PAYLOAD), True),  # the words searched for
        ("search" + _q(q="pwned"), True),  # a label found
        ("query" + _q(query=PAYLOAD), True),  # query text, and the error about it
        ("query" + _q(query=label_query), True),  # an answer's cell
        ("query" + _q(saved=PAYLOAD), True),  # the error names the question asked for
        ("licence-check" + _q(item=PAYLOAD, destination=PAYLOAD, date="2024-10-01"), True),
        ("licence-check" + _q(item="nl/3B001.f.4", destination="CHN", date=PAYLOAD), True),
        ("lists/" + urllib.parse.quote(PAYLOAD, safe="") + "/history", False),
        ("lists/nl-semiconductor-equipment/history" + _q(**{"from": PAYLOAD, "to": "x"}), False),
        ("id/" + urllib.parse.quote(PAYLOAD, safe=""), False),
        ("sparql" + _q(query=PAYLOAD), True),
    ]
    for path, shown in hostile_pages:
        page.goto(server + path)
        page.wait_for_load_state("load")
        _nothing_ran(page)
        if shown:
            # Escaped and shown, not dropped: the payload is on the page as text.
            assert "window.__pwned=1" in page.inner_text("body"), path


def test_case_fields_and_errors_in_the_validation_report_are_escaped(server, page):
    case = json.loads(CASE.read_text())
    case["comment"] = PAYLOAD
    case["endUseStatement"] = PAYLOAD
    case["caseItem"][0]["model"] = PAYLOAD
    case["caseItem"][0]["controlEntry"] = PAYLOAD
    case["applicant"]["name"] = PAYLOAD
    for text in (json.dumps(case), PAYLOAD, "{" + PAYLOAD):
        page.goto(server + "validate")
        page.fill("textarea[name=case]", text)
        with page.expect_navigation():
            page.locator("form.validate-form [type=submit]").first.click()
        _nothing_ran(page)
        # A report page gives the pasted text back in the form, as text, not as markup.
        if page.locator("textarea[name=case]").count():
            assert page.input_value("textarea[name=case]") == text


def test_json_errors_are_not_sniffed_as_html(server):
    status, headers, body = fetch(server + "id/" + urllib.parse.quote(PAYLOAD, safe=""))
    assert status in (400, 404)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Type"].startswith("application/json")
