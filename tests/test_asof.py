"""Queries as of a date: the day before and the day of each instrument's entry into force.

Dates from the fact sheet: EU-05 (Regulation 2021/821, 9 September 2021), EU-36 (2023/66,
12 January 2023), NL-16 (Regeling, 1 September 2023), NL-39 (BZ2404162, 7 September 2024),
NL-52 (Regeling aanvullende controlemaatregelen, 1 December 2024), NL-42 (January 2025
amendment, published 15 January 2025, applicable 1 April 2025), EU-40 (2025/2003, 15 November
2025).
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from exportgraph.config import resource_dir
from exportgraph.law.as_of import query_as_of, view_as_of
from exportgraph.law.functions import Law

R = "https://w3id.org/exportgraph/id/"
EXG = "https://w3id.org/exportgraph/ontology#"
NL_LIST = R + "list/nl-semiconductor-equipment"

ENTRY_INTO_FORCE = [
    ("law/eu-reg-2021-821", date(2021, 9, 9)),  # EU-05
    ("law/eu-delreg-2023-66", date(2023, 1, 12)),  # EU-36
    ("law/nl-regeling-2023-18212", date(2023, 9, 1)),  # NL-16
    ("law/nl-regeling-bz2404162", date(2024, 9, 7)),  # NL-38, NL-39
    ("law/nl-regeling-aanvullende-controlemaatregelen", date(2024, 12, 1)),  # NL-52
    ("law/eu-delreg-2025-2003", date(2025, 11, 15)),  # EU-40
]

DUTCH_ENTRIES = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT (COUNT(DISTINCT ?entry) AS ?n) WHERE {{ ?entry skos:inScheme <{NL_LIST}> }}
"""


def present(store, iri: str, on: date) -> bool:
    answer = view_as_of(store, on).query(f"ASK {{ <{iri}> ?p ?o }}")
    return bool(answer.boolean)


@pytest.mark.parametrize(("slug", "day"), ENTRY_INTO_FORCE)
def test_instrument_is_law_from_the_day_it_enters_into_force(store, slug, day):
    assert not present(store, R + slug, day - timedelta(days=1))
    assert present(store, R + slug, day)


def test_the_whole_store_is_untouched(store):
    before = store.triple_count()
    view = view_as_of(store, date(2023, 8, 31))
    assert view.triple_count() < before
    assert store.triple_count() == before
    assert present(store, R + "law/nl-regeling-2023-18212", date(2030, 1, 1))


def test_dutch_list_entries_appear_on_1_september_2023(store):
    def count(on: date) -> int:
        return int(view_as_of(store, on).query(DUTCH_ENTRIES).rows[0]["n"].value)

    assert count(date(2023, 8, 31)) == 0
    assert count(date(2023, 9, 1)) == 7  # NL-27..NL-33


def test_nxt_1980i_coverage_appears_on_7_september_2024(store):
    coverage = R + "coverage/asml-twinscan-nxt-1980i/nl-regeling-bz2404162"
    assert not present(store, coverage, date(2024, 9, 6))
    assert present(store, coverage, date(2024, 9, 7))  # NL-39, NL-40


def test_january_2025_amendment(store):
    amendment = R + "law/nl-regeling-2025-amendment"
    addition = R + "membership/nl-semiconductor-equipment/added-by-nl-regeling-2025-amendment"
    assert not present(store, amendment, date(2025, 1, 14))  # not yet published (NL-42)
    assert present(store, amendment, date(2025, 1, 15))
    # its entry into force as such is unknown: the view keeps it but says so
    assert amendment in view_as_of(store, date(2025, 3, 31)).uncertain
    assert not present(store, addition, date(2025, 3, 31))
    assert present(store, addition, date(2025, 4, 1))  # applicable from 1 April 2025


def test_doubt_is_reported_not_hidden(store):
    membership = R + "membership/nl-semiconductor-equipment/3B001.f.4"
    assert membership not in view_as_of(store, date(2024, 9, 6)).uncertain
    view = view_as_of(store, date(2024, 9, 7))
    assert membership in view.uncertain  # NL-38, NL-45: annex replaced, codes unknown
    assert present(store, membership, date(2024, 9, 7))


def test_query_as_of_says_which_date_it_answers_for(store):
    result = query_as_of(store, DUTCH_ENTRIES, date(2023, 8, 31))
    assert result.as_of == date(2023, 8, 31)
    assert result.kind == "select"
    body = json.loads(result.body)
    assert body["results"]["bindings"][0]["n"]["value"] == "0"
    assert result.left_out > 0


def test_per_record_functions_agree_with_entry_and_model_functions(store):
    """entryListedOn and modelCoveredOn hold exactly when one record appliesOn (one law)."""
    law = Law(store)
    records = store.query(
        f"""SELECT ?record ?subject WHERE {{
              {{ ?record <{EXG}memberEntry> ?subject }}
              UNION {{ ?record <{EXG}coveredModel> ?subject }}
            }}"""
    ).rows
    by_subject: dict[str, list[str]] = {}
    for row in records:
        by_subject.setdefault(row["subject"].value, []).append(row["record"].value)
    for on in (date(2023, 8, 31), date(2023, 9, 1), date(2024, 9, 6), date(2024, 9, 7)):
        for subject, its_records in by_subject.items():
            applies = any(law.record_status_on(r, on) == "applies" for r in its_records)
            is_model = "/model/" in subject
            listed = (
                law.model_covered_on(subject, on) if is_model else law.entry_listed_on(subject, on)
            )
            assert (listed is True) == applies, (subject, on)


def test_listing_after_the_annex_was_replaced_is_unknown_not_guessed(store):
    law = Law(store)
    entry = R + "entry/nl/3B001.f.4"
    assert law.entry_listed_on(entry, date(2024, 9, 6)) is True  # NL-16, NL-30
    assert law.entry_listed_on(entry, date(2024, 9, 7)) is None  # NL-38, NL-45
    # the models named by the 2024 extension are covered (NL-40) ...
    assert law.model_covered_on(R + "model/asml-twinscan-nxt-1980i", date(2025, 1, 1)) is True
    # ... while NXT:2000i, covered by the Regeling of 2023 (EQ-01), rests on the annex that
    # BZ2404162 replaced (NL-38, NL-45): unknown, like its entry 3B001.f.4 (issue 16)
    assert law.model_covered_on(R + "model/asml-twinscan-nxt-2000i", date(2025, 1, 1)) is None


def test_an_act_not_yet_adopted_or_published_is_not_in_force(store):
    law = Law(store)
    # EU-37: 2023/996 was adopted 23 February 2023 and published 25 May 2023; its entry into
    # force was not read, so after publication the graph does not know
    exceptional = R + "law/eu-delreg-2023-996"
    assert law.in_force_on(exceptional, date(2023, 2, 22)) is False
    assert law.in_force_on(exceptional, date(2023, 5, 24)) is False
    assert law.in_force_on(exceptional, date(2023, 5, 25)) is None


def test_the_annual_updates_are_in_force_from_their_dates(store):
    law = Law(store)
    # EU-38, EU-76: 2023/2616 adopted 15 September 2023, published 15 December, in force 16th
    annual_2023 = R + "law/eu-delreg-2023-annual"
    assert law.in_force_on(annual_2023, date(2023, 9, 14)) is False
    assert law.in_force_on(annual_2023, date(2023, 12, 15)) is False
    assert law.in_force_on(annual_2023, date(2023, 12, 16)) is True
    # EU-39, EU-78: 2024/2547 in force 8 November 2024, the day after its publication
    annual_2024 = R + "law/eu-delreg-2024-annual"
    assert law.in_force_on(annual_2024, date(2024, 11, 7)) is False
    assert law.in_force_on(annual_2024, date(2024, 11, 8)) is True


def test_pyshacl_reads_the_doubt_the_same_way(graph, store):
    """R6 calls entryListedOn inside pySHACL: it must agree with the core on both days."""
    law = Law(store)
    probes = [
        (R + "entry/nl/3B001.f.4", date(2024, 9, 6)),
        (R + "entry/nl/3B001.f.4", date(2024, 9, 7)),
        (R + "entry/nl/3D007", date(2023, 8, 31)),
        (R + "entry/nl/3D007", date(2023, 9, 1)),
    ]
    ex = Namespace("urn:probe:")
    data = Graph()
    data += graph
    for number, (entry, on) in enumerate(probes):
        data.add((ex[str(number)], RDF.type, ex.Probe))
        data.add((ex[str(number)], ex.entry, URIRef(entry)))
        data.add((ex[str(number)], ex.on, Literal(on.isoformat(), datatype=XSD.date)))
    shapes = Graph().parse(resource_dir("shapes") / "law-functions.ttl", format="turtle")
    shapes.parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:probe:Shape> a sh:NodeShape ; sh:targetClass <urn:probe:Probe> ;
          sh:sparql [ sh:select \"\"\"
            SELECT $this WHERE { $this <urn:probe:entry> ?e ; <urn:probe:on> ?d .
              FILTER(<https://w3id.org/exportgraph/shapes#entryListedOn>(?e, ?d)) } \"\"\" ] .
        """,
        format="turtle",
    )
    _, report, _ = validate(data, shacl_graph=shapes, advanced=True, inference="none")
    focus = URIRef("http://www.w3.org/ns/shacl#focusNode")
    by_shacl = {int(str(o).removeprefix("urn:probe:")) for o in report.objects(None, focus)}
    by_core = {n for n, (e, on) in enumerate(probes) if law.entry_listed_on(e, on) is True}
    assert by_shacl == by_core == {0, 3}
