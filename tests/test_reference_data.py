"""The reference data carries the fact sheet faithfully: facts with sources, nothing invented.

Expected values here are read from the fact sheet (tests/data/domain-facts.md, a copy of the
team's; the fact id is named next to each), not from the program's output.
"""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import RDF, Literal, Namespace, URIRef
from rdflib.namespace import SKOS, XSD

from exportgraph.cases.validation import validate_reference_data
from tests.conftest import FACT_SHEET
from tests.factsheet import read_fact_sheet

EXG = Namespace("https://w3id.org/exportgraph/ontology#")
EXR = Namespace("https://w3id.org/exportgraph/id/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
REGELING = EXR["law/nl-regeling-2023-18212"]


@pytest.fixture(scope="module")
def fact_sheet():
    if not FACT_SHEET.exists():
        pytest.fail(f"the fact sheet is missing at {FACT_SHEET}")
    return read_fact_sheet(FACT_SHEET)


def carried_fact_ids(graph) -> set[str]:
    return {
        str(graph.value(fact, EXG.factId))
        for fact in graph.objects(None, EXG.evidence)
        if graph.value(fact, EXG.factId) is not None
    }


def one_date(graph, subject, prop) -> date:
    values = list(graph.objects(subject, prop))
    assert len(values) == 1, f"{subject} {prop}: {values}"
    assert values[0].datatype == XSD.date
    return values[0].toPython()


def test_at_least_90_fact_ids_are_carried(graph, fact_sheet):
    carried = carried_fact_ids(graph)
    from_sheet = {i for i in carried if i in fact_sheet}
    assert len(from_sheet) >= 90, f"only {len(from_sheet)} fact-sheet ids carried"


def test_every_evidence_link_names_a_described_fact(graph):
    undescribed = {
        str(fact)
        for fact in graph.objects(None, EXG.evidence)
        if graph.value(fact, EXG.factId) is None
    }
    assert not undescribed, sorted(undescribed)


def test_fact_ids_exist_in_the_fact_sheet(graph, fact_sheet):
    ids = {str(i) for i in graph.objects(None, EXG.factId)}
    unknown = {i for i in ids if i not in fact_sheet and not i.startswith(("SEED-", "EXG-"))}
    assert not unknown, f"fact ids that are not in the fact sheet: {sorted(unknown)}"


def test_from_memory_facts_are_marked_so(graph, fact_sheet):
    wrong = []
    for fact in graph.subjects(RDF.type, EXG.Fact):
        fact_id = str(graph.value(fact, EXG.factId))
        line = fact_sheet.get(fact_id)
        if line is not None and line.tag == "FROM-MEMORY":
            if graph.value(fact, EXG.confidence) != EXG.fromMemory:
                wrong.append(fact_id)
    assert not wrong, f"FROM-MEMORY facts loaded without the mark: {wrong}"


def test_unresolved_facts_are_not_asserted(graph, fact_sheet):
    unresolved = {i for i, line in fact_sheet.items() if line.tag == "UNRESOLVED"}
    used = carried_fact_ids(graph) & unresolved
    assert not used, f"resources rest on UNRESOLVED facts: {sorted(used)}"


def test_sources_carry_their_quality(graph):
    sources = set(graph.objects(None, EXG.hasSource))
    assert sources
    qualities = {graph.value(s, EXG.sourceQuality) for s in sources}
    assert qualities <= {EXG.official, EXG.secondary}
    assert {EXG.official, EXG.secondary} <= qualities
    staatscourant = URIRef("https://zoek.officielebekendmakingen.nl/stcrt-2023-18212.html")
    assert graph.value(staatscourant, EXG.sourceQuality) == EXG.official  # NL-13 [official]


def test_reference_data_conforms_to_its_shapes(graph):
    outcome = validate_reference_data(graph)
    assert outcome.conforms, "\n".join(
        f"{r.focus} {r.path}: {r.message}" for r in outcome.violations
    )


# --- spot checks against the fact sheet -------------------------------------------------------


def test_regeling_dates(graph):
    assert one_date(graph, REGELING, ELI.date_document) == date(2023, 6, 23)  # NL-14
    assert one_date(graph, REGELING, ELI.date_publication) == date(2023, 6, 30)  # NL-15
    assert one_date(graph, REGELING, ELI.first_date_entry_in_force) == date(2023, 9, 1)  # NL-16
    assert Literal("2023, 18212") in set(graph.objects(REGELING, EXG.staatscourant))  # NL-13


def test_regeling_rests_on_article_4_bsg_which_article_9_permits(graph):
    article_4 = EXR["law/nl-bsg/art-4"]
    article_9 = EXR["law/eu-reg-2021-821/art-9"]
    assert (REGELING, ELI.based_on, article_4) in graph  # NL-17
    assert (article_9, EXG.permits, article_4) in graph or (
        article_9,
        EXG.permits,
        REGELING,
    ) in graph  # NL-49
    assert (article_4, ELI.is_part_of, EXR["law/nl-bsg"]) in graph
    assert Literal("BWBR0024139") in set(graph.objects(EXR["law/nl-bsg"], EXG.bwbId))  # NL-46


def test_wassenaar_has_42_participants_including_russia(graph):
    wassenaar = EXR["regime/wassenaar"]
    participants = set(graph.objects(wassenaar, EXG.participant))
    assert len(participants) == 42  # WA-05
    assert COUNTRY.RUS in participants  # WA-06
    assert COUNTRY.IND in participants and COUNTRY.NLD in participants
    assert COUNTRY.CHN not in participants
    assert graph.value(wassenaar, EXG.decisionRule) == EXG.consensus  # WA-07


def test_amendments_and_their_dates(graph):
    first = EXR["law/nl-regeling-bz2404162"]
    second = EXR["law/nl-regeling-2025-amendment"]
    assert (first, ELI.amends, REGELING) in graph  # NL-37
    assert one_date(graph, first, ELI.date_document) == date(2024, 9, 2)  # NL-37
    assert one_date(graph, first, ELI.date_applicability) == date(2024, 9, 7)  # NL-39
    assert (second, ELI.amends, REGELING) in graph  # NL-42
    assert one_date(graph, second, ELI.date_publication) == date(2025, 1, 15)  # NL-42
    assert one_date(graph, second, ELI.date_applicability) == date(2025, 4, 1)  # NL-42, C-1


def test_unknowns_stay_unknown(graph):
    second = EXR["law/nl-regeling-2025-amendment"]
    assert graph.value(second, ELI.title) is None  # NL-44: title not found
    assert graph.value(second, EXG.staatscourant) is None  # NL-44
    assert graph.value(EXR["law/nl-regeling-bz2404162"], EXG.staatscourant) is None  # NL-37
    assert not list(graph.subject_objects(EXG.classifiedUnder))  # EQ-08: no model mapped to a code
    assert not list(graph.subjects(RDF.type, EXG.Adoption))  # CL-14: no Art. 10 adoption known
    assert graph.value(REGELING, EXG.bwbId) is None  # VOC-05


def test_dutch_codes_are_national_entries_not_annex_i(graph):
    dutch = set(graph.subjects(SKOS.inScheme, EXR["list/nl-semiconductor-equipment"]))
    codes = {str(graph.value(e, EXG.code)) for e in dutch}
    # NL-27..NL-33: the seven codes the law firms list
    assert {
        "3B001.a.4",
        "3B001.d.12",
        "3B001.d.19",
        "3B001.f.4",
        "3B001.l",
        "3B001.m",
        "3D007",
    } <= codes
    assert not any(c.startswith("3E") for c in codes)  # NL-34: the technology code is unknown
    annex_i = set(graph.subjects(SKOS.inScheme, EXR["list/eu-annex-i"]))
    assert not dutch & annex_i  # NL-24, C-2


def test_models_are_covered_from_their_dates(graph):
    def coverage_start(model: str) -> date:
        nodes = list(graph.subjects(EXG.coveredModel, EXR[f"model/{model}"]))
        assert nodes, f"no coverage for {model}"
        return min(one_date(graph, n, EXG.applicableFrom) for n in nodes)

    assert coverage_start("asml-twinscan-nxt-2000i") == date(2023, 9, 1)  # EQ-01
    assert coverage_start("asml-twinscan-nxt-1980i") == date(2024, 9, 7)  # EQ-03, NL-40


def test_regulation_2021_821_identity(graph):
    regulation = EXR["law/eu-reg-2021-821"]
    assert Literal("32021R0821") in set(graph.objects(regulation, EXG.celex))  # EU-02
    assert one_date(graph, regulation, ELI.first_date_entry_in_force) == date(2021, 9, 9)  # EU-05
    assert one_date(graph, regulation, ELI.date_document) == date(2021, 5, 20)  # EU-04


BILINGUAL_CLASSES = [
    "ControlList",
    "ControlEntry",
    "ExportControlRegime",
    "Country",
    "TechnologyArea",
    "ProductModel",
    "StrategicGoal",
    "AssessmentCriterion",
    "LicensingAuthority",
    "NationalControlMeasure",
    "LegalInstrument",
    "Provision",
    "PolicyDocument",
]


@pytest.mark.parametrize("class_name", BILINGUAL_CLASSES)
def test_resources_have_labels_in_english_and_dutch(graph, class_name):
    from rdflib import RDFS

    classes = set(graph.transitive_subjects(RDFS.subClassOf, EXG[class_name]))
    resources = {s for c in classes for s in graph.subjects(RDF.type, c)}
    assert resources, f"no {class_name} in the reference data"
    missing = []
    for resource in sorted(resources):
        labels = [*graph.objects(resource, SKOS.prefLabel), *graph.objects(resource, RDFS.label)]
        languages = {label.language for label in labels}
        missing += [f"{resource} @{lang}" for lang in ("en", "nl") if lang not in languages]
    assert not missing, "\n".join(missing)


# --- Section 11 of the fact sheet (second research round, 2026-12-05) ---


def test_lines_marked_inference_or_do_not_load_are_not_carried(graph, fact_sheet):
    # NL-61 is an analytical note (INFERENCE), NL-70 holds conflicting reports (DO NOT LOAD)
    barred = {
        fact_id
        for fact_id, line in fact_sheet.items()
        if "INFERENCE" in line.text or "DO NOT LOAD" in line.text.upper()
    }
    assert {"NL-61", "NL-70"} <= barred
    carried = {str(i) for i in graph.objects(None, EXG.factId)}
    assert not carried & barred, sorted(carried & barred)


def test_the_annual_annex_i_updates_have_their_numbers_and_dates(graph):
    annual_2023 = EXR["law/eu-delreg-2023-annual"]
    assert str(graph.value(annual_2023, ELI.number)) == "2023/2616"  # EU-76
    assert one_date(graph, annual_2023, ELI.date_publication) == date(2023, 12, 15)  # EU-76
    assert one_date(graph, annual_2023, ELI.first_date_entry_in_force) == date(2023, 12, 16)
    annual_2024 = EXR["law/eu-delreg-2024-annual"]
    assert str(graph.value(annual_2024, ELI.number)) == "2024/2547"  # EU-78
    assert one_date(graph, annual_2024, ELI.date_publication) == date(2024, 11, 7)  # EU-78
    assert one_date(graph, annual_2024, ELI.first_date_entry_in_force) == date(2024, 11, 8)
    for annual in (annual_2023, annual_2024):
        assert graph.value(annual, EXG.eli) is None  # EU-79: no ELI minted by analogy
        assert graph.value(annual, EXG.celex) is None  # EU-79


def test_regulation_2025_2003_carries_its_commission_reference(graph):
    act = EXR["law/eu-delreg-2025-2003"]
    assert str(graph.value(act, EXG.referenceNumber)) == "C(2025) 5947 final"  # EU-60
    assert one_date(graph, act, ELI.first_date_entry_in_force) == date(2025, 11, 15)  # EU-61


def test_the_second_dutch_list_has_its_reference(graph):
    second = EXR["law/nl-regeling-aanvullende-controlemaatregelen"]
    assert str(graph.value(second, EXG.referenceNumber)) == "BZ2405833"  # NL-64
    assert one_date(graph, second, ELI.date_document) == date(2024, 10, 11)  # NL-64
    assert graph.value(second, EXG.staatscourant) is None  # NL-64: not read


def test_the_compilation_rests_on_the_official_journal_text(graph):
    compilation = EXR["law/eu-compilation-c-2023-441"]
    evidence = set(graph.objects(compilation, EXG.evidence))
    sources = {s for fact in evidence for s in graph.objects(fact, EXG.hasSource)}
    official = {s for s in sources if graph.value(s, EXG.sourceQuality) == EXG.official}
    assert any(str(s).startswith("https://eur-lex.europa.eu/") for s in official)  # CL-60
    assert EXR["fact/CL-63"] in evidence  # the compilation codes, told in its description


def test_articles_8_and_9_no_longer_rest_on_from_memory_lines(graph):
    for article in ("art-8", "art-9"):
        evidence = set(graph.objects(EXR[f"law/eu-reg-2021-821/{article}"], EXG.evidence))
        from_memory = [
            str(graph.value(f, EXG.factId))
            for f in evidence
            if graph.value(f, EXG.confidence) == EXG.fromMemory
        ]
        assert not from_memory, (article, from_memory)  # EU-69, EU-70, EU-74 replace EU-14/16
