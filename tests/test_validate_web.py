"""POST /validate and the form, through Flask's test client (tests/web_client.py)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from tests.web_client import request

CASES = Path(__file__).resolve().parents[1] / "tests" / "cases"
R6 = "R6-noLicenceRequiredButControlled--nxt1970i-after-extension"


def fetch(url, data=None, headers=None):
    status, headers, body, _ = request(url, headers, data=data)
    return status, headers, body


def post(url, body, content_type, accept="application/json"):
    return fetch(url + "validate", body, {"Content-Type": content_type, "Accept": accept})


def test_json_in_json_report_out(site):
    body = (CASES / "json" / "invalid" / f"{R6}.json").read_bytes()
    status, headers, answer = post(site, body, "application/json")
    assert status == 200
    assert headers.get_content_type() == "application/json"
    report = json.loads(answer)
    assert report["conforms"] is False
    [case] = report["cases"]
    assert case["caseId"] == "NL-EXP-2024-0121"
    assert {r["shape"] for r in case["results"]} == {"exgsh:R6-noLicenceRequiredButControlled"}
    # NL-39, NL-40: the extension to the NXT:1970i applies from 2024-09-07.
    dates = {d["field"]: d for d in case["dates"]}
    instruments = {
        i["iri"].rsplit("/", 1)[-1]: i["inForce"] for i in dates["decisionDate"]["instruments"]
    }
    assert instruments["nl-regeling-bz2404162"] is True


def test_turtle_in_dutch_turtle_report_out(site):
    body = (CASES / "warnings" / "R4-intraEuDestination--germany.ttl").read_bytes()
    status, headers, answer = fetch(
        site + "validate?lang=nl",
        body,
        {"Content-Type": "text/turtle", "Accept": "text/turtle"},
    )
    assert status == 200
    assert headers.get_content_type() == "text/turtle"
    report = Graph().parse(data=answer.decode("utf-8"), format="turtle")
    assert next(report.objects(None, SH.conforms)).toPython() is True  # a warning conforms
    [message] = report.objects(None, SH.resultMessage)
    assert message.language == "nl" and "EU-lidstaat" in message


def test_html_report_for_a_browser(site):
    body = (CASES / "valid" / "nxt2000i-china-refused.ttl").read_bytes()
    status, headers, answer = post(site, body, "text/turtle", accept="text/html")
    assert status == 200
    assert headers.get_content_type() == "text/html"
    page = answer.decode("utf-8")
    assert "NL-EXP-2023-0014" in page and "conforms" in page


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"<a> <b> .", "text/turtle", "line 1"),
        (
            b'{"caseId": "NL-EXP-2024-0001", "caseItem": [{"quantiy": 1}]}',
            "application/json",
            "$.caseItem[0]",
        ),
        (b"{not json", "application/json", "line 1, column 2"),
        (b"", "text/turtle", "no body"),
    ],
)
def test_bad_input_gets_400_with_a_message_and_no_trace(site, body, content_type, expected):
    status, headers, answer = post(site, body, content_type)
    assert status == 400
    error = json.loads(answer)
    assert error["status"] == 400 and error["error"] == "bad-input"
    assert expected in error["message"]
    assert "Traceback" not in answer.decode("utf-8")


def test_unknown_content_type_gets_415(site):
    status, _, answer = post(site, b"x", "text/csv")
    assert status == 415
    assert "text/turtle" in json.loads(answer)["message"]


def test_the_context_is_served(site):
    status, headers, answer = fetch(site + "contexts/case-record.jsonld")
    assert status == 200
    assert headers.get_content_type() == "application/ld+json"
    assert "controlEntry" in json.loads(answer)["@context"]


def test_the_form_pastes_and_uploads_to_the_same_report(site):
    status, _, page = fetch(site + "validate", headers={"Accept": "text/html"})
    assert status == 200
    assert '<textarea name="case"' in page.decode() and 'type="file"' in page.decode()
    path = CASES / "invalid" / "R1-decisionNotBeforeApplication--decided-before-applied.ttl"
    text = path.read_text(encoding="utf-8")
    pasted = urllib.parse.urlencode({"case": text, "lang": "nl"}).encode()
    boundary = "exportgraph-test-boundary"
    uploaded = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="lang"\r\n\r\nnl\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="case.ttl"\r\n'
        f"Content-Type: text/turtle\r\n\r\n{text}\r\n--{boundary}--\r\n"
    ).encode()
    for body, content_type in (
        (pasted, "application/x-www-form-urlencoded"),
        (uploaded, f"multipart/form-data; boundary={boundary}"),
    ):
        status, headers, page = post(site, body, content_type, accept="text/html")
        assert status == 200 and headers.get_content_type() == "text/html"
        assert "VOLDOET NIET" in page.decode()
        assert "exgsh:R1-decisionNotBeforeApplication" in page.decode()
