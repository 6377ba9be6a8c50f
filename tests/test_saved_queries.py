"""Every saved question in queries/, run against the reference data.

Expected rows come from the fact sheet (tests/data/domain-facts.md; the line ids are
named at each test), not from the program's output. Case statistics run over a small case
graph written here, whose counts are known by construction.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exportgraph.endpoint.saved_queries import (
    bind_parameters,
    run_saved_query,
    saved_queries,
    saved_query,
)
from exportgraph.errors import InputError
from exportgraph.store.embedded import open_store

EXR = "https://w3id.org/exportgraph/id/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
EXG = "https://w3id.org/exportgraph/ontology#"
DUTCH_LIST = EXR + "list/nl-semiconductor-equipment"
REGELING = EXR + "law/nl-regeling-2023-18212"
BZ2404162 = EXR + "law/nl-regeling-bz2404162"
# NL-27..NL-33: the seven codes of the 2023 annex.
SEVEN_CODES = ["3B001.a.4", "3B001.d.12", "3B001.d.19", "3B001.f.4", "3B001.l", "3B001.m", "3D007"]


def run(store, name, **values):
    answer = run_saved_query(store, name, values)
    return [{k: v.value for k, v in row.items()} for row in answer.rows]


def column(rows, name):
    return [row.get(name) for row in rows]


def test_there_are_at_least_20_questions_each_with_summary_and_tags():
    questions = saved_queries()
    assert len(questions) >= 20
    for question in questions:
        assert question.summary and question.tags, question.name
        assert "#+ summary:" in question.text


def test_every_question_is_tested_here():
    source = Path(__file__).read_text(encoding="utf-8")
    for question in saved_queries():
        assert f'"{question.name}"' in source, f"{question.name} has no test"


# --- legal basis (NL-17, NL-47, NL-49, EU-06, EU-15) --------------------------------------


def test_legal_basis_chain_of_the_regeling(store):
    rows = run(store, "legal-basis-chain", instrument="exr:law/nl-regeling-2023-18212")
    # NL-17: "Gelet op artikel 4 van het Besluit strategische goederen"; NL-49: Art. 4 Bsg
    # implements Art. 9 of Regulation 2021/821; NL-15 published 30 June 2023; NL-16 in force
    # 1 September 2023.
    assert {row["basis"] for row in rows} == {EXR + "law/nl-bsg/art-4"}
    assert {row.get("permittedBy") for row in rows} == {EXR + "law/eu-reg-2021-821/art-9"}
    assert {row["published"] for row in rows} == {"2023-06-30"}
    assert {row["inForce"] for row in rows} == {"2023-09-01"}


def test_legal_basis_chain_of_the_dutch_list_up_to_the_treaty(store):
    rows = run(store, "dutch-list-legal-basis", list="exr:list/nl-semiconductor-equipment")
    assert len(rows) == 1
    row = rows[0]
    assert row["instrument"] == REGELING
    assert row["staatscourant"] == "2023, 18212"  # NL-13
    assert row["basis"] == EXR + "law/nl-bsg/art-4"  # NL-17
    assert row["permittedBy"] == EXR + "law/eu-reg-2021-821/art-9"  # NL-49, EU-15
    assert row["regulation"] == EXR + "law/eu-reg-2021-821"
    assert row["regulationInForce"] == "2021-09-09"  # EU-05
    assert row["treatyBasis"] == EXR + "law/tfeu/art-207"  # EU-06


# --- control lists ------------------------------------------------------------------------


def test_entries_per_list(store):
    rows = {row["list"]: int(row["entries"]) for row in run(store, "entries-per-list")}
    assert rows[DUTCH_LIST] == 7  # NL-27..NL-33; NL-34/35/45 unresolved, so no more
    # CL-09..CL-11: the other national lists exist, their entries were not read.
    assert rows[EXR + "list/fi-national-list"] == 0


def test_list_entries_of_the_dutch_list(store):
    rows = run(store, "list-entries", list="exr:list/nl-semiconductor-equipment")
    assert column(rows, "code") == SEVEN_CODES
    assert set(column(rows, "addedBy")) == {REGELING}
    assert set(column(rows, "applicableFrom")) == {"2023-09-01"}  # NL-16


def test_list_on_1_august_2024_holds_the_seven_codes(store):
    rows = run(store, "list-on-date", list="exr:list/nl-semiconductor-equipment", date="2024-08-01")
    assert column(rows, "code") == SEVEN_CODES
    assert set(column(rows, "status")) == {"on the list"}


def test_list_after_the_annex_was_replaced_says_unknown(store):
    # NL-38, NL-39: BZ2404162 replaced the annex from 7 September 2024; NL-45: its codes
    # could not be read, so whether each entry continued is unknown.
    rows = run(store, "list-on-date", list="exr:list/nl-semiconductor-equipment", date="2024-09-07")
    assert column(rows, "code") == SEVEN_CODES
    assert set(column(rows, "status")) == {"unknown"}


def test_list_before_entry_into_force_is_empty(store):
    rows = run(store, "list-on-date", list="exr:list/nl-semiconductor-equipment", date="2023-08-31")
    assert rows == []  # NL-16: in force 1 September 2023


def test_national_only_entries_are_the_dutch_codes(store):
    rows = run(store, "national-only-entries")
    # NL-24: the Dutch codes are national codes, not Annex I entries.
    assert sorted(column(rows, "code")) == sorted(SEVEN_CODES)
    assert set(column(rows, "list")) == {DUTCH_LIST}


# --- member states: Art. 9 lists and Art. 10 adoptions ------------------------------------


def test_member_state_lists_and_their_adoption_dates(store):
    rows = run(store, "member-state-lists")
    adopted = {
        (row["state"].rsplit("/", 1)[1], row.get("adopted")) for row in rows if row.get("adopted")
    }
    # CL-03 (ES 31 May 2023, NL 23 June 2023), CL-06 (FR 2 Feb 2024), CL-09 (DE cabinet
    # 17 July 2024), CL-10 (IT 1 July 2024), CL-11 (FI 16 August 2024).
    assert {
        ("ESP", "2023-05-31"),
        ("NLD", "2023-06-23"),
        ("FRA", "2024-02-02"),
        ("DEU", "2024-07-17"),
        ("ITA", "2024-07-01"),
        ("FIN", "2024-08-16"),
    } <= adopted
    states = {row["state"].rsplit("/", 1)[1] for row in rows}
    assert states == {"ESP", "NLD", "FRA", "DEU", "ITA", "FIN"}


def test_member_state_lists_of_one_state(store):
    rows = run(store, "member-state-lists", state="country:NLD")
    # CL-04: the Regeling (Stcrt. 2023, 18212) and the second list of NL-52.
    assert REGELING in column(rows, "act")
    assert len(rows) == 2


def test_article_10_adoptions_none_known(store):
    # CL-14: no member state is known to apply Art. 10 to any list: no rows, "none known".
    assert run(store, "article-10-adoptions") == []
    assert "none known" in saved_query("article-10-adoptions").description


def test_the_first_compilation_published_the_spanish_and_dutch_lists(store):
    rows = run(store, "lists-in-compilation", compilation="exr:law/eu-compilation-c-2023-441")
    # CL-01, CL-03: the compilation of 20 October 2023 held the Dutch and Spanish lists.
    assert {row["state"] for row in rows} == {COUNTRY + "ESP", COUNTRY + "NLD"}
    assert set(column(rows, "published")) == {"2023-10-20"}


def test_compilation_concordance_pairs_3b1001l_with_national_3b001l(store):
    rows = run(store, "compilation-concordance")
    # CL-63 (3B1001.l: EUV pellicles) with NL-31 (national 3B001.l); the rest in
    # tests/test_issue_16_concordance.py.
    pellicles = [row for row in rows if row.get("compilationCode") == "3B1001.l"]
    assert [row.get("nationalCode") for row in pellicles] == ["3B001.l"]


# --- regimes ------------------------------------------------------------------------------


def test_wassenaar_has_42_participants(store):
    rows = run(store, "wassenaar-participants")
    assert len(rows) == 42  # WA-05
    names = column(rows, "name")
    assert "Russian Federation" in names and "India" in names


def test_russia_participates_in_wassenaar_which_decides_by_consensus(store):
    rows = run(store, "regime-participation", country="country:RUS")
    # WA-06: Russia is a participating state; WA-07: decisions by consensus.
    assert column(rows, "regime") == [EXR + "regime/wassenaar"]
    assert rows[0]["decisionRule"] == EXG + "consensus"


def test_india_joined_wassenaar_on_8_december_2017(store):
    rows = run(store, "regime-participation", country="country:IND")
    assert rows[0]["since"] == "2017-12-08"  # WA-05


def test_cyprus_is_the_eu_member_state_outside_wassenaar(store):
    rows = run(store, "eu-states-outside-wassenaar")
    # WA-05 lists 42 participants; of the 27 member states only Cyprus is not among them
    # (WA-14 says the same, from memory).
    assert column(rows, "state") == [COUNTRY + "CYP"]


def test_regimes(store):
    rows = {row["regime"]: row for row in run(store, "regimes")}
    wassenaar = rows[EXR + "regime/wassenaar"]
    assert int(wassenaar["participants"]) == 42  # WA-05
    assert wassenaar["founded"] == "1995-12-19"  # WA-02
    assert rows[EXR + "regime/mtcr"]["founded"] == "1987-04-16"  # RG-02


# --- amendments and dates -----------------------------------------------------------------


def test_amendments_of_the_regeling_and_their_dates(store):
    rows = run(store, "amendments", amended="exr:law/nl-regeling-2023-18212")
    by = {row["amending"]: row for row in rows}
    # NL-37, NL-39: BZ2404162 of 2 September 2024, applies from 7 September 2024.
    assert by[BZ2404162]["adopted"] == "2024-09-02"
    assert by[BZ2404162].get("applicable", by[BZ2404162].get("inForce")) == "2024-09-07"
    # NL-42, NL-43: the January 2025 amendment, published 15 Jan 2025, applies 1 April 2025.
    january = by[EXR + "law/nl-regeling-2025-amendment"]
    assert (january["published"], january["applicable"]) == ("2025-01-15", "2025-04-01")
    assert len(by) == 2


def test_what_changed_in_september_2024(store):
    rows = run(store, "changes-between", **{"from": "2024-09-01", "to": "2024-09-10"})
    # NL-39, NL-40: BZ2404162 applies from 7 September 2024 and covers NXT:1970i and 1980i.
    assert set(column(rows, "instrument")) == {BZ2404162}
    assert set(column(rows, "amends")) == {REGELING}
    assert set(column(rows, "coveredModel")) == {
        EXR + "model/asml-twinscan-nxt-1970i",
        EXR + "model/asml-twinscan-nxt-1980i",
    }


def test_annex_i_updates(store):
    rows = run(store, "annex-i-updates")
    numbers = [row.get("number") for row in rows if row.get("number")]
    # EU-35, EU-36, EU-37, EU-76 (2023/2616), EU-78 (2024/2547), EU-40, in order of adoption
    assert numbers == ["2022/1", "2023/66", "2023/996", "2023/2616", "2024/2547", "2025/2003"]
    in_force = {row.get("number"): row.get("inForce") for row in rows}
    assert in_force["2023/66"] == "2023-01-12"  # EU-36
    assert in_force["2023/2616"] == "2023-12-16"  # EU-76
    assert in_force["2024/2547"] == "2024-11-08"  # EU-78
    assert in_force["2025/2003"] == "2025-11-15"  # EU-40


def test_instruments_in_force_on_1_august_2024(store):
    rows = run(store, "instruments-in-force", date="2024-08-01")
    instruments = column(rows, "instrument")
    assert REGELING in instruments  # NL-16: from 1 September 2023
    assert EXR + "law/eu-reg-2021-821" in instruments  # EU-05: from 9 September 2021
    assert BZ2404162 not in instruments  # NL-39: from 7 September 2024
    assert EXR + "law/eu-delreg-2025-2003" not in instruments  # EU-40: from 15 November 2025


def test_model_coverage(store):
    rows = run(store, "model-coverage", model="exr:model/asml-twinscan-nxt-1980i")
    # NL-39, NL-40: NXT:1980i under the Dutch licence requirement from 7 September 2024.
    assert [(row["instrument"], row["applicableFrom"]) for row in rows] == [
        (BZ2404162, "2024-09-07")
    ]


def test_parliamentary_letters(store):
    rows = {row.get("kamerstuk"): row for row in run(store, "parliamentary-letters")}
    assert rows["22 054 nr. 384"]["date"] == "2023-03-08"  # NL-05
    assert rows["22 054 nr. 384"]["signedBy"] == "E.N.A.J. Schreinemacher"  # NL-06
    assert rows["22 054 nr. 376"]["date"] == "2022-12-01"  # NL-01


# --- sources and their quality ------------------------------------------------------------


def test_sources_of_the_regeling_with_their_quality(store):
    rows = run(store, "sources-of-resource", resource="exr:law/nl-regeling-2023-18212")
    by_fact = {}
    for row in rows:
        by_fact.setdefault(row["factId"], set()).add((row.get("source"), row.get("quality")))
    # NL-13 was read in Staatscourant 2023, 18212 [official].
    assert (
        "https://zoek.officielebekendmakingen.nl/stcrt-2023-18212.html",
        EXG + "official",
    ) in by_fact["NL-13"]
    # NL-16 rests on secondary sources only (Hogan Lovells, Baker McKenzie, IEU Monitoring).
    assert {quality for _, quality in by_fact["NL-16"]} == {EXG + "secondary"}


def test_secondary_only_facts_include_nl_16_not_nl_13(store):
    ids = set(column(run(store, "secondary-only-facts"), "factId"))
    assert "NL-16" in ids and "NL-13" not in ids


def test_from_memory_facts(store):
    ids = set(column(run(store, "from-memory-facts"), "factId"))
    # Lines tagged FROM-MEMORY in the fact sheet: EU-14, EU-16, EU-23, EU-33, WA-14, NL-12.
    assert {"EU-14", "EU-16", "EU-23", "EU-33", "WA-14", "NL-12"} <= ids
    assert "NL-13" not in ids


# --- case statistics over a case graph ----------------------------------------------------

CASE_GRAPH = """
@prefix exg: <https://w3id.org/exportgraph/ontology#> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/exportgraph/id/> .
<case/NL-EXP-2024-9001> a exg:LicenceCase ; exg:destination country:CHN ;
  exg:applicationDate "2024-02-01"^^xsd:date ;
  exg:caseItem [ exg:controlEntry <entry/nl/3B001.f.4> ] ;
  exg:decision [ exg:outcome exg:refused ] .
<case/NL-EXP-2024-9002> a exg:LicenceCase ; exg:destination country:CHN ;
  exg:applicationDate "2024-03-01"^^xsd:date ;
  exg:caseItem [ exg:controlEntry <entry/nl/3B001.f.4> ] , [ exg:controlEntry <entry/nl/3D007> ] ;
  exg:decision [ exg:outcome exg:granted ] .
<case/NL-EXP-2023-9003> a exg:LicenceCase ; exg:destination country:USA ;
  exg:applicationDate "2023-10-01"^^xsd:date ;
  exg:caseItem [ exg:controlEntry <entry/nl/3B001.d.12> ] ;
  exg:decision [ exg:outcome exg:granted ] .
"""


@pytest.fixture(scope="module")
def case_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cases") / "cases.ttl"
    path.write_text(CASE_GRAPH, encoding="utf-8")
    return open_store(named_graphs={"urn:test:cases": path})


def test_case_outcomes(case_store):
    rows = {row["outcome"]: int(row["cases"]) for row in run(case_store, "case-outcomes")}
    assert rows == {EXG + "granted": 2, EXG + "refused": 1}


def test_cases_per_destination(case_store):
    rows = run(case_store, "cases-per-destination", outcome="exg:granted")
    assert {(row["destination"], int(row["cases"])) for row in rows} == {
        (COUNTRY + "CHN", 1),
        (COUNTRY + "USA", 1),
    }


def test_cases_per_control_entry(case_store):
    rows = {row["code"]: int(row["cases"]) for row in run(case_store, "cases-per-control-entry")}
    assert rows == {"3B001.f.4": 2, "3D007": 1, "3B001.d.12": 1}


def test_cases_per_year(case_store):
    rows = {
        (row["year"], row["outcome"]): int(row["cases"])
        for row in run(case_store, "cases-per-year")
    }
    assert rows == {
        ("2023", EXG + "granted"): 1,
        ("2024", EXG + "granted"): 1,
        ("2024", EXG + "refused"): 1,
    }


# --- parameters ---------------------------------------------------------------------------


def test_a_required_parameter_left_out_is_an_error():
    with pytest.raises(InputError, match="list is required"):
        bind_parameters(saved_query("list-entries"), {})


def test_a_value_of_the_wrong_kind_is_an_error():
    with pytest.raises(InputError, match="not a date"):
        bind_parameters(saved_query("instruments-in-force"), {"date": "1 August 2024"})
    with pytest.raises(InputError, match="unknown parameter"):
        bind_parameters(saved_query("instruments-in-force"), {"day": "2024-08-01"})


def test_a_value_cannot_change_the_query(store):
    # Text that would close the IRI and add a pattern if pasted into the query is refused.
    with pytest.raises(InputError, match="not an IRI"):
        run(store, "regime-participation", country="x> } UNION { ?regime ?p ?o")
    with pytest.raises(InputError, match="no saved question"):
        saved_query("../README")
