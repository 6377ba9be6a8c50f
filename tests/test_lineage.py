"""Lineage of a control list: the diff between two dates and the history page.

Expected changes come from the fact sheet: the Regeling in force 1 September 2023 (NL-16)
with the seven codes of NL-27..NL-33; BZ2404162 applying from 7 September 2024, replacing the
annex (NL-38, NL-39) and bringing NXT:1970i and NXT:1980i under the requirement (NL-40); the
January 2025 amendment applying from 1 April 2025 with codes unknown (NL-42, NL-45).
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from rdflib import RDF, URIRef

from exportgraph.cli import main
from exportgraph.errors import InputError, NotFoundError
from exportgraph.law.lineage import diff_list, history
from tests.web_client import request

R = "https://w3id.org/exportgraph/id/"
NL_LIST = "nl-semiconductor-equipment"
REGELING = R + "law/nl-regeling-2023-18212"
BZ2404162 = R + "law/nl-regeling-bz2404162"
AMENDMENT_2025 = R + "law/nl-regeling-2025-amendment"
SEVEN_CODES = {"3B001.a.4", "3B001.d.12", "3B001.d.19", "3B001.f.4", "3B001.l", "3B001.m", "3D007"}


def codes(changes, kind, record_kind="membership"):
    return {
        c.record.iri.rsplit("/", 1)[-1]
        for c in changes
        if c.kind == kind and c.record_kind == record_kind
    }


def models(changes, kind):
    return {
        c.subject.iri.rsplit("/", 1)[-1]
        for c in changes
        if c.kind == kind and c.record_kind == "coverage"
    }


def test_diff_across_7_september_2024(store):
    diff = diff_list(store, NL_LIST, date(2024, 9, 6), date(2024, 9, 7))
    added = [c for c in diff.changes if c.kind == "added"]
    assert models(diff.changes, "added") == {"asml-twinscan-nxt-1970i", "asml-twinscan-nxt-1980i"}
    assert {c.instrument.iri for c in added} == {BZ2404162}
    assert {c.on for c in added} == {"2024-09-07"}
    # the annex was replaced and its new codes are unknown: the seven entries are in doubt
    assert codes(diff.changes, "changed") == SEVEN_CODES
    assert all(c.instrument.iri == BZ2404162 for c in diff.changes if c.kind == "changed")
    assert not codes(diff.changes, "removed")
    assert BZ2404162 in {e.instrument.iri for e in diff.instruments}


def test_nothing_changes_on_days_without_an_instrument(store):
    assert not diff_list(store, NL_LIST, date(2024, 9, 1), date(2024, 9, 6)).changes
    assert not diff_list(store, NL_LIST, date(2024, 9, 7), date(2024, 9, 30)).changes


def test_diff_across_1_september_2023(store):
    diff = diff_list(store, NL_LIST, date(2023, 8, 31), date(2023, 9, 1))
    assert codes(diff.changes, "added") == SEVEN_CODES
    assert models(diff.changes, "added") == {
        "asml-twinscan-nxt-2000i",
        "asml-twinscan-nxt-2050i",
        "asml-twinscan-nxt-2100i",
    }  # EQ-01
    assert {c.instrument.iri for c in diff.changes} == {REGELING}
    for change in diff.changes:
        assert change.record.facts, "each change names its sources"


def test_diff_across_1_april_2025_adds_an_entry_of_unknown_code(store):
    diff = diff_list(store, NL_LIST, date(2025, 3, 31), date(2025, 4, 1))
    assert len(diff.changes) == 1
    change = diff.changes[0]
    assert change.kind == "added" and change.subject is None  # NL-45: no code invented
    assert change.instrument.iri == AMENDMENT_2025
    assert change.on == "2025-04-01"  # NL-42


def test_history_has_the_instruments_and_their_changes_in_order(store):
    events = history(store, NL_LIST).events
    assert [e.on for e in events] == sorted(e.on for e in events)
    seen = {(e.on, e.what, e.instrument.iri) for e in events}
    assert ("2023-06-23", "adopted", REGELING) in seen  # NL-14
    assert ("2023-09-01", "in force", REGELING) in seen  # NL-16
    assert ("2024-09-07", "applies", BZ2404162) in seen  # NL-39
    assert ("2025-01-15", "published", AMENDMENT_2025) in seen  # NL-42
    extension = next(e for e in events if e.what == "added" and e.instrument.iri == BZ2404162)
    assert set(extension.subjects) == {"TWINSCAN NXT:1970i", "TWINSCAN NXT:1980i"}


def test_unknown_list_and_swapped_dates_are_input_errors(store):
    with pytest.raises(NotFoundError, match=NL_LIST):
        diff_list(store, "nl-semiconductor", date(2024, 1, 1), date(2024, 2, 1))
    with pytest.raises(InputError, match="swap"):
        diff_list(store, NL_LIST, date(2024, 2, 1), date(2024, 1, 1))


def test_cli_diff_as_json_and_with_an_iri():
    result = CliRunner().invoke(
        main,
        ["diff", R + "list/" + NL_LIST, "--from", "2024-09-01", "--to", "2024-09-10"]
        + ["--format", "json"],
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["to"] == "2024-09-10" and answer["from"] == "2024-09-01"
    covered = {c["subject"]["iri"] for c in answer["model_coverages"] if c["change"] == "added"}
    assert R + "model/asml-twinscan-nxt-1980i" in covered
    assert {c["instrument"]["iri"] for c in answer["entries"]} == {BZ2404162}


def test_cli_diff_text_and_bad_input():
    result = CliRunner().invoke(
        main, ["diff", NL_LIST, "--from", "2024-09-06", "--to", "2024-09-07"]
    )
    assert result.exit_code == 0, result.output
    assert "NXT:1980i" in result.output and "BZ2404162" in result.output
    result = CliRunner().invoke(
        main, ["diff", "nl-semi", "--from", "2024-01-01", "--to", "2024-02-01"]
    )
    assert result.exit_code == 2 and NL_LIST in result.output


def fetch(url: str, accept: str = "text/html"):
    status, _, body, _ = request(url, {"Accept": accept})
    return status, body.decode("utf-8")


def test_history_page_draws_an_svg_timeline_without_javascript(site):
    status, page = fetch(site + f"lists/{NL_LIST}/history?from=2024-09-06&to=2024-09-07")
    assert status == 200
    svg = page[page.index("<svg") : page.index("</svg>")]
    for day in ("2023-09-01", "2024-09-07", "2025-04-01"):
        assert day in svg
    assert "TWINSCAN NXT:1980i" in svg
    assert "<script" not in page
    assert "added (coverage)" in page  # the diff table below the timeline


def test_history_page_of_an_unknown_list_is_404(site):
    status, _ = fetch(site + "lists/no-such-list/history")
    assert status == 404


def test_diff_as_json_over_http(site):
    status, body = fetch(
        site + f"lists/{NL_LIST}/diff?from=2024-09-06&to=2024-09-07", "application/json"
    )
    assert status == 200
    coverages = json.loads(body)["model_coverages"]
    # NL-40: two models added; NL-38, NL-45: the three models of the Regeling of 2023 rest on
    # the annex BZ2404162 replaced, so their coverage is left in doubt like the entries
    assert sorted(c["change"] for c in coverages) == ["added"] * 2 + ["changed"] * 3


# --- validity in the data ---------------------------------------------------------------------

EXG_NS = "https://w3id.org/exportgraph/ontology#"


def exg(name: str) -> URIRef:
    return URIRef(EXG_NS + name)


def test_every_membership_names_its_adding_instrument_or_says_it_is_unknown(graph):
    for membership in graph.subjects(RDF.type, exg("ListMembership")):
        has_adder = graph.value(membership, exg("addedBy")) is not None
        has_note = graph.value(membership, exg("statusNote")) is not None
        assert has_adder or has_note, membership
        if graph.value(membership, exg("removedBy")) is not None:
            assert graph.value(membership, exg("applicableUntil")) is not None, membership


def test_the_dutch_memberships_keep_their_dates_apart_and_their_doubt(graph):
    for code in SEVEN_CODES:
        membership = URIRef(R + f"membership/{NL_LIST}/{code}")
        assert str(graph.value(membership, exg("addedBy"))) == REGELING  # NL-13
        assert str(graph.value(membership, exg("inForceFrom"))) == "2023-09-01"  # NL-16
        assert str(graph.value(membership, exg("applicableFrom"))) == "2023-09-01"
        assert graph.value(membership, exg("applicableUntil")) is None  # not known (NL-45)
        assert graph.value(membership, exg("removedBy")) is None
        # NL-38: BZ2404162 replaced the annex; what it kept is unknown. EU-40, EU-41, EU-15:
        # 2025/2003 put semiconductor equipment into Annex I, which a national list may not hold
        doubts = {str(d) for d in graph.objects(membership, exg("continuationUnknownFrom"))}
        assert doubts == {BZ2404162, R + "law/eu-delreg-2025-2003"}


def test_the_2025_amendment_added_metrology_without_an_invented_code(graph):
    added = list(graph.subjects(exg("addedBy"), URIRef(AMENDMENT_2025)))
    assert len(added) == 1
    membership = added[0]
    assert graph.value(membership, exg("memberEntry")) is None  # NL-45: code unknown
    assert str(graph.value(membership, exg("applicableFrom"))) == "2025-04-01"  # NL-42
    assert graph.value(membership, exg("inForceFrom")) is None  # entry into force not read
    notes = " ".join(str(n) for n in graph.objects(membership, exg("statusNote")))
    assert "metrology" in notes and "unknown" in notes.lower()
