"""The licence check: a table of scenarios whose answers come from the fact sheet.

Each row names the fact-sheet lines its expected answer rests on. Through the core, the CLI
(click's CliRunner) and Flask's test client (tests/web_client.py).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from datetime import date

import pytest
from click.testing import CliRunner

from exportgraph.cli import main
from exportgraph.errors import InputError
from exportgraph.law.licence import check_licence
from tests.web_client import request

R = "https://w3id.org/exportgraph/id/"
REGELING = R + "law/nl-regeling-2023-18212"
BZ2404162 = R + "law/nl-regeling-bz2404162"

# (item, destination, date, origin, required, instrument that requires it or reason code)
SCENARIOS = [
    # EQ-01, NL-16: NXT:2000i under the Regeling from 1 September 2023
    ("NXT:2000i", "CHN", date(2023, 8, 15), "NLD", False, "not-yet-in-force"),
    ("NXT:2000i", "CHN", date(2023, 10, 2), "NLD", True, REGELING),
    # EQ-03, NL-39, NL-40: NXT:1980i under the licence requirement from 7 September 2024
    ("NXT:1980i", "CHN", date(2024, 8, 1), "NLD", False, "not-yet-in-force"),
    ("TWINSCAN NXT:1980i", "CHN", date(2024, 9, 10), "NLD", True, BZ2404162),
    ("asml twinscan nxt:1970i", "CHN", date(2024, 9, 6), "NLD", False, "not-yet-in-force"),
    ("NXT:1970i", "CHN", date(2024, 9, 7), "NLD", True, BZ2404162),
    # NL-22: intra-Union transfers are not covered
    ("3B001.f.4", "DEU", date(2024, 1, 1), "NLD", False, "intra-eu-transfer"),
    ("3b001.d.12", "FRA", date(2023, 10, 1), "NLD", False, "intra-eu-transfer"),
    # NL-31, NL-22: EUV pellicles, the measure is country-neutral outside the EU
    ("3B001.l", "USA", date(2024, 1, 1), "NLD", True, REGELING),
    ("3B001.l", "JPN", date(2024, 1, 1), "NLD", True, REGELING),
    # NL-16, NL-33: software entry 3D007, the day before and the day of entry into force
    ("3D007", "KOR", date(2023, 8, 31), "NLD", False, "not-yet-in-force"),
    ("3d007", "KOR", date(2023, 9, 1), "NLD", True, REGELING),
    # NL-19: the Regeling prohibits export from the Netherlands; an export from Belgium is not
    ("3B001.f.4", "CHN", date(2024, 1, 1), "BEL", False, "origin-outside-territory"),
    # EQ-05: no Dutch licence requirement for NXT:1930Di is stated anywhere
    ("NXT:1930Di", "CHN", date(2024, 10, 1), "NLD", None, ""),
    # NL-38, NL-45: BZ2404162 replaced the annex on 7 September 2024; its codes are unknown
    ("3B001.f.4", "CHN", date(2025, 1, 1), "NLD", None, ""),
    # NL-25: 3B001 is on Annex I, but from when is not in the fact sheet
    ("3B001", "CHN", date(2024, 1, 1), "NLD", None, ""),
    # EU-40, EU-43: 3B501 on Annex I from 15 November 2025; Art. 3(1) (EU-10)
    ("3B501", "CHN", date(2025, 11, 14), "NLD", False, "not-yet-in-force"),
    ("3B501", "CHN", date(2025, 11, 15), "NLD", True, R + "law/eu-delreg-2025-2003"),
]


@pytest.mark.parametrize(("item", "destination", "on", "origin", "required", "why"), SCENARIOS)
def test_scenario(store, item, destination, on, origin, required, why):
    answer = check_licence(store, item, destination, on, origin)
    assert answer.required is required
    if required is True:
        assert why in {f.instrument.iri for f in answer.requiring}
        assert not answer.reasons
    elif required is False:
        assert why in {r.code for r in answer.reasons}
        assert not answer.requiring
    else:
        assert answer.missing, "an unknown answer says what is missing"


def test_chain_from_model_to_the_eu_provision_with_dates_and_sources(store):
    answer = check_licence(store, "NXT:1980i", "CHN", date(2024, 9, 10))
    steps = [(step.kind, step.citation.iri) for step in answer.chain]
    assert [kind for kind, _ in steps] == [
        "item",
        "model coverage",
        "list",
        "instrument",
        "legal basis",
        "permitted by",
    ]
    assert steps[0][1] == R + "model/asml-twinscan-nxt-1980i"
    assert steps[2][1] == R + "list/nl-semiconductor-equipment"
    assert steps[3][1] == BZ2404162  # NL-37
    assert steps[4][1] == R + "law/nl-bsg/art-4"  # NL-37: also based on Art. 4 Bsg
    assert steps[5][1] == R + "law/eu-reg-2021-821/art-9"  # NL-49
    coverage = answer.chain[1].citation
    assert coverage.dates["membership_applicable_from"] == "2024-09-07"  # NL-39
    facts = {f.fact_id: f for f in coverage.facts}
    assert "NL-40" in facts
    assert {s.quality for s in facts["NL-39"].sources} == {"official", "secondary"}
    assert answer.chain[3].citation.dates["in_force_from"] == "2024-09-07"  # NL-38, NL-39


def test_chain_from_a_code_goes_through_entry_and_list(store):
    answer = check_licence(store, "3B001.l", "USA", date(2024, 1, 1))
    kinds = [step.kind for step in answer.chain]
    assert kinds[:4] == ["control entry", "list membership", "list", "instrument"]
    assert answer.chain[0].citation.iri == R + "entry/nl/3B001.l"  # NL-31, NL-24
    assert answer.chain[3].citation.dates["in_force_from"] == "2023-09-01"  # NL-16


def test_unknown_answer_names_what_the_graph_lacks(store):
    answer = check_licence(store, "3B001.f.4", "CHN", date(2025, 1, 1))
    assert answer.required is None
    assert any("BZ2404162" in m for m in answer.missing)


def test_unknown_item_names_near_matches(store):
    with pytest.raises(InputError, match=r"3B001\.f\.4"):
        check_licence(store, "3B001.f.9", "CHN", date(2024, 1, 1))
    with pytest.raises(InputError, match=r"NXT:2000i"):
        check_licence(store, "NXT:2000", "CHN", date(2024, 1, 1))


def test_a_destination_the_graph_does_not_describe_is_outside_the_eu(store):
    # EXG-EU-MEMBERS: all 27 member states are in the graph; NL-22: country-neutral measure
    answer = check_licence(store, "NXT:2000i", "TWN", date(2024, 1, 1))
    assert answer.required is True
    with pytest.raises(InputError, match="three letters"):
        check_licence(store, "NXT:2000i", "Taiwan", date(2024, 1, 1))


# --- the CLI ----------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, ["licence-check", *args])


def test_cli_json_has_the_promised_fields_and_exit_0():
    result = run(
        "--item", "NXT:2000i", "--destination", "CHN", "--date", "2023-10-02", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert {"required", "instruments", "chain", "reasons", "as_of"} <= set(answer)
    assert answer["required"] is True
    assert answer["as_of"] == "2023-10-02"
    assert answer["instruments"][0]["iri"] == REGELING
    assert answer["instruments"][0]["in_force_from"] == "2023-09-01"  # NL-16


def test_cli_says_no_with_the_reason():
    result = run("--item", "3B001.f.4", "--destination", "DEU", "--date", "2024-01-01")
    assert result.exit_code == 0, result.output
    assert "NO licence required" in result.output
    assert "intra-eu-transfer" in result.output


def test_cli_exits_3_when_the_graph_cannot_decide():
    result = run("--item", "NXT:1930Di", "--destination", "CHN", "--date", "2024-10-01")
    assert result.exit_code == 3, result.output
    assert "UNKNOWN" in result.output and "does not know" in result.output


def test_cli_exits_2_on_an_unknown_code_with_near_matches():
    result = run("--item", "3B001.f.9", "--destination", "CHN", "--date", "2024-01-01")
    assert result.exit_code == 2
    assert "3B001.f.4" in result.output
    assert "Traceback" not in result.output


def test_cli_exits_2_on_a_bad_date():
    result = run("--item", "3B001.l", "--destination", "USA", "--date", "1-1-2024")
    assert result.exit_code == 2
    assert "--date" in result.output and "YYYY-MM-DD" in result.output


# --- HTTP ---------------------------------------------------------------------------------


def fetch(url: str, accept: str = "application/json"):
    status, headers, body, _ = request(url, {"Accept": accept})
    return status, headers, body


def licence_url(base: str, **params: str) -> str:
    return base + "licence-check?" + urllib.parse.urlencode(params)


def test_http_json_answer(site):
    url = licence_url(site, item="NXT:1980i", destination="CHN", date="2024-09-10")
    status, headers, body = fetch(url)
    assert status == 200
    assert headers.get_content_type() == "application/json"
    answer = json.loads(body)
    assert answer["required"] is True
    assert answer["instruments"][0]["iri"] == BZ2404162
    assert answer["as_of"] == "2024-09-10"


def test_http_unknown_answer_is_null_not_an_error(site):
    url = licence_url(site, item="NXT:1930Di", destination="CHN", date="2024-10-01")
    status, _, body = fetch(url)
    assert status == 200
    answer = json.loads(body)
    assert answer["required"] is None and answer["missing"]


def test_http_unknown_code_is_a_400_naming_near_matches(site):
    url = licence_url(site, item="3B001.f.9", destination="CHN", date="2024-01-01")
    status, _, body = fetch(url)
    assert status == 400
    error = json.loads(body)
    assert error["status"] == 400 and "3B001.f.4" in error["message"]


def test_http_page_has_a_form_and_explains_the_answer(site):
    status, headers, body = fetch(site + "licence-check", accept="text/html")
    assert status == 200 and headers.get_content_type() == "text/html"
    assert '<form method="get"' in body.decode()
    url = licence_url(site, item="3B001.f.4", destination="DEU", date="2024-01-01")
    status, _, body = fetch(url, accept="text/html")
    page = body.decode()
    assert status == 200
    assert "no licence required" in page and "intra-EU transfer" in page
