"""Issue 16, item 4: strict input where a wrong guess is dangerous.

The faults: any three letters were a destination, so `GER` (meant: Germany) or `XXX` answered
"licence required" as a country outside the EU; a country's name or alpha-2 code got no useful
near match; an item code spelt unlike any known one (3B999) got no near match at all; an entry
the graph knows only as "added by an instrument, code not read" (the January 2025 Dutch
amendment, metrology, NL-42/NL-45; Delegated Regulation 2023/66, ECAD software, EU-36) was bad
input instead of an honest unknown; `licence-check --format json` put bad input on stderr only;
and case records took any three upper-case letters as a country.

The country table is pycountry's ISO 3166-1 (DEU is Germany's assigned code, GER is not).
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from exportgraph.cli import main
from exportgraph.errors import InputError
from exportgraph.law.licence import check_licence
from exportgraph.law.lookup import resolve_item

ROOT = Path(__file__).resolve().parents[1]
METROLOGY = "https://w3id.org/exportgraph/id/technology/metrology"
ADDED_BY_2023_66 = (
    "https://w3id.org/exportgraph/id/membership/eu-annex-i/added-by-eu-delreg-2023-66"
)


def licence_check(*args: str):
    return CliRunner().invoke(main, ["licence-check", *args])


def asked(item: str = "NXT:2000i", destination: str = "CHN", on: str = "2024-01-01", *more: str):
    return licence_check("--item", item, "--destination", destination, "--date", on, *more)


# --- destinations and origins: assigned ISO 3166-1 alpha-3 codes only -------------------------


@pytest.mark.parametrize("destination", ["GER", "XXX", "YUG"])
def test_cli_refuses_a_destination_that_is_no_assigned_code(destination):
    result = asked(destination=destination)
    assert result.exit_code == 2, result.output
    assert "destination:" in result.stderr and repr(destination) in result.stderr
    assert "licence" not in result.stdout  # no answer was given


def test_cli_names_the_code_meant_first():
    for given in ("GER", "Germany", "DE", "276"):
        result = asked("NXT:2000i", given, "2024-01-01", "--format", "json")
        error = json.loads(result.stdout)
        assert error["near_matches"][0] == "DEU", (given, error)
        assert "DEU (Germany)" in result.stderr


def test_names_in_the_users_languages_and_sports_codes_lead_to_the_assigned_code(store):
    # pycountry's translations: Duitsland (nl), Allemagne (fr); SUI from Suisse, NED Nederland.
    for given, meant in (("Duitsland", "DEU"), ("Allemagne", "DEU"), ("NED", "NLD")):
        with pytest.raises(InputError) as raised:
            check_licence(store, "NXT:2000i", given, date(2024, 1, 1))
        assert raised.value.near_matches[0] == meant, given
    with pytest.raises(InputError) as raised:
        check_licence(store, "NXT:2000i", "SUI", date(2024, 1, 1))
    assert "CHE" in raised.value.near_matches


def test_cli_refuses_an_origin_that_is_no_assigned_code():
    result = asked("3B001.f.4", "CHN", "2024-01-01", "--origin", "NED")
    assert result.exit_code == 2
    assert "origin:" in result.stderr and "NLD (Netherlands)" in result.stderr


def test_a_withdrawn_code_says_so():
    result = asked(destination="YUG")
    assert "withdrawn from ISO 3166-1" in result.stderr and "Yugoslavia" in result.stderr


def test_an_assigned_code_the_graph_does_not_describe_is_named_by_the_table(store):
    # EXG-EU-MEMBERS: all 27 member states are in the graph, so Angola is outside the EU.
    answer = check_licence(store, "NXT:2000i", "ago", date(2024, 1, 1))
    assert answer.destination.iso3 == "AGO" and answer.required is True
    assert answer.destination.label.startswith("Angola") and not answer.destination.described


def test_json_format_puts_bad_input_on_stdout_as_the_json_error_shape():
    result = asked("NXT:2000i", "GER", "2024-01-01", "--format", "json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)
    assert error["error"] == "bad-country-code" and error["status"] == 2
    assert error["field"] == "destination" and "DEU" in error["near_matches"]
    assert error["message"].startswith("destination: 'GER'")
    item = json.loads(asked("3B999", "CHN", "2024-01-01", "--format", "json").stdout)
    assert item["field"] == "item" and item["near_matches"]


def test_api_answers_400_with_field_and_near_matches(client):
    response = client.get(
        "/licence-check",
        query_string={"item": "NXT:2000i", "destination": "GER", "date": "2024-01-01"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    error = response.get_json()
    assert {"error", "message", "status", "field", "near_matches"} <= set(error)
    assert error["status"] == 400 and error["field"] == "destination"
    assert error["near_matches"][0] == "DEU"


def test_api_refuses_a_bad_origin(client):
    response = client.get(
        "/licence-check",
        query_string={
            "item": "3B001.f.4",
            "destination": "CHN",
            "date": "2024-01-01",
            "origin": "XXX",
        },
    )
    assert response.status_code == 400 and response.get_json()["field"] == "origin"


def test_form_shows_the_error_and_links_the_near_matches(client):
    response = client.get(
        "/licence-check",
        query_string={"item": "NXT:2000i", "destination": "GER", "date": "2024-01-01"},
        headers={"Accept": "text/html"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    # The error stands beside the destination field (issue 15, item 5).
    assert '<form method="get"' in page and 'id="error-destination"' in page
    assert "destination=DEU" in page  # a link that asks again with the near match
    assert "a licence is required" not in page


# --- items: near matches by structure -------------------------------------------------------


def test_a_code_spelt_unlike_any_gets_its_category_and_group(store):
    with pytest.raises(InputError) as raised:
        resolve_item(store, "3B999")
    near = raised.value.near_matches
    assert near and all(code.upper().startswith("3B") for code in near)
    assert "3B001" in near and "3B999" in str(raised.value)
    with pytest.raises(InputError) as other:
        resolve_item(store, "3d999")
    assert other.value.near_matches and all(c.startswith("3D") for c in other.value.near_matches)


# --- entries whose code was not read: unknown, never bad input, never a guess ----------------


@pytest.mark.parametrize("item", ["metrology", METROLOGY, ADDED_BY_2023_66, "ECAD software"])
def test_an_entry_added_with_its_code_not_read_answers_unknown(item):
    result = asked(item, "CHN", "2025-06-01", "--format", "json")
    assert result.exit_code == 3, result.output
    answer = json.loads(result.stdout)
    assert answer["required"] is None
    assert any("not read" in m for m in answer["missing"])
    steps = [s["step"] for f in answer["findings"] for s in f["chain"]]
    assert "list membership (code not read)" in steps and "instrument" in steps


def test_the_unread_entry_names_its_instrument_and_what_is_missing(store):
    answer = check_licence(store, "metrology", "CHN", date(2025, 6, 1))
    assert answer.item.kind == "technology area"
    (finding,) = answer.findings
    assert finding.required is None
    assert finding.instrument.iri.endswith("/law/nl-regeling-2025-amendment")
    assert "2025-04-01" in answer.missing[0]  # NL-42: applicable from 1 April 2025


def test_an_unread_entry_is_never_answered_yes_or_no(store):
    for day in (date(2023, 1, 1), date(2025, 6, 1), date(2026, 12, 1)):
        for destination in ("CHN", "USA", "DEU"):
            assert check_licence(store, ADDED_BY_2023_66, destination, day).required is None


def test_the_site_search_leads_to_the_unread_entry(client):
    hits = client.get(
        "/search", query_string={"q": "metrology"}, headers={"Accept": "application/json"}
    ).get_json()["hits"]
    assert METROLOGY in [hit["iri"] for hit in hits]
    response = client.get(
        "/licence-check",
        query_string={"item": METROLOGY, "destination": "CHN", "date": "2025-06-01"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200 and response.get_json()["required"] is None


# --- case records: the same table ------------------------------------------------------------


def test_a_json_case_with_an_unassigned_destination_fails_naming_field_and_code(tmp_path):
    source = ROOT / "tests/cases/json/valid/nxt1980i-china-after-extension.json"
    case = json.loads(source.read_text())
    case["destination"] = "GER"
    case["endUser"]["country"] = "DEU"
    case["destinationExplanation"] = "The end user receives the system at its German site."
    (tmp_path / "ger.json").write_text(json.dumps(case))
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "ger.json")])
    assert result.exit_code == 1, result.output
    assert "destination: GER is not an assigned ISO 3166-1 alpha-3" in result.output
    assert "DEU (Germany)" in result.output
    # The same case with the assigned code is not caught by that check.
    shutil.copy(source, tmp_path / "chn.json")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "chn.json")])
    assert "not an assigned ISO 3166-1" not in result.output
