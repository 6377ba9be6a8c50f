"""Case validation: each fixture trips exactly what its `# expect:` lines name, nothing else.

Expected pairs come from the fixtures' own `# expect:` lines; dates and codes from the fact
sheet (ids next to each test).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH

from exportgraph.cases.reading import read_case_files
from exportgraph.cases.validation import CaseValidator, nearest_codes
from exportgraph.config import resource_dir

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
EXGSH = "https://w3id.org/exportgraph/shapes#"
EXPECT = re.compile(r"^# expect: exgsh:(\S+) sh:(\S+)$")
VALID = sorted((CASES / "valid").glob("*.ttl"))
INVALID = sorted((CASES / "invalid").glob("*.ttl"))
WARNINGS = sorted((CASES / "warnings").glob("*.ttl"))
PROVISIONS = {
    "https://zoek.officielebekendmakingen.nl/stcrt-2023-18212.html",
    "http://data.europa.eu/eli/reg/2021/821/oj",
    "https://zoek.officielebekendmakingen.nl/kst-22054-384.html",
    "https://zoek.officielebekendmakingen.nl/kst-22054-376.html",
}
COMPONENTS = {
    SH.minCount: "MinCountConstraintComponent",
    SH.maxCount: "MaxCountConstraintComponent",
    SH.datatype: "DatatypeConstraintComponent",
    SH.pattern: "PatternConstraintComponent",
    SH["class"]: "ClassConstraintComponent",
    SH["in"]: "InConstraintComponent",
    SH.nodeKind: "NodeKindConstraintComponent",
    SH.sparql: "SPARQLConstraintComponent",
}


@pytest.fixture(scope="module")
def validator(store):
    return CaseValidator(store=store, parse_cache=True)


def outcomes_of(validator, path, lang="en"):
    return validator.validate(next(read_case_files([path])), lang)


def pairs(outcomes):
    return {
        (r.shape.removeprefix(EXGSH), r.component.rsplit("#", 1)[-1], r.severity)
        for outcome in outcomes
        for r in outcome.results
    }


def expected(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    return {EXPECT.match(line).groups() for line in lines if line.startswith("# expect:")}


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_cases_conform_without_warnings(validator, path):
    outcomes = outcomes_of(validator, path)
    assert len(outcomes) == 1
    assert outcomes[0].conforms
    assert outcomes[0].results == ()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_cases_trip_exactly_their_expected_violations(validator, path):
    outcomes = outcomes_of(validator, path)
    assert [o.conforms for o in outcomes] == [False]
    assert pairs(outcomes) == {(s, c, "Violation") for s, c in expected(path)}


@pytest.mark.parametrize("path", WARNINGS, ids=lambda p: p.name)
def test_warning_cases_conform_with_exactly_their_warnings(validator, path):
    outcomes = outcomes_of(validator, path)
    assert [o.conforms for o in outcomes] == [True]
    assert pairs(outcomes) == {(s, c, "Warning") for s, c in expected(path)}


def shape_graph(name):
    return Graph().parse(resource_dir("shapes") / name, format="turtle")


def constraint_pairs(graph):
    """Every (shape, component) a shapes file can report, read from the shapes themselves."""
    found = set()
    for shape in set(graph.subjects(SH.path, None)) | set(graph.subjects(SH.sparql, None)):
        for parameter, component in COMPONENTS.items():
            if (shape, parameter, None) in graph:
                found.add((str(shape).removeprefix(EXGSH), component))
    return found


def test_every_violation_constraint_has_an_invalid_case():
    covered = {pair for path in INVALID for pair in expected(path)}
    missing = constraint_pairs(shape_graph("case-record.ttl")) - covered
    assert not missing, f"no invalid case for {sorted(missing)}"


def test_every_warning_constraint_has_a_warning_case():
    covered = {pair for path in WARNINGS for pair in expected(path)}
    missing = constraint_pairs(shape_graph("case-record-recommended.ttl")) - covered
    assert not missing, f"no warning case for {sorted(missing)}"


def test_each_rule_r1_to_r7_has_a_case():
    shapes = {shape for path in INVALID + WARNINGS for shape, _ in expected(path)}
    for number in range(1, 8):
        assert any(s.startswith(f"R{number}-") for s in shapes), f"R{number}"


@pytest.mark.parametrize("name", ["case-record.ttl", "case-record-recommended.ttl"])
def test_every_shape_speaks_english_and_dutch_and_cites_its_provision(name):
    graph = shape_graph(name)
    shapes = set(graph.subjects(SH.path, None)) | set(graph.subjects(SH.sparql, None))
    shapes |= set(graph.subjects(SH.targetClass, None))
    assert len(shapes) >= 2
    for shape in shapes:
        assert isinstance(shape, URIRef), "shapes are named, never blank"
        for prop in (SH.name, SH.description):
            assert {v.language for v in graph.objects(shape, prop)} >= {"en", "nl"}, (shape, prop)
        assert graph.value(shape, SH.severity) in (SH.Violation, SH.Warning), shape
        assert set(map(str, graph.objects(shape, RDFS.seeAlso))) & PROVISIONS, shape
        if (shape, SH.targetClass, None) in graph and (shape, SH.sparql, None) not in graph:
            continue  # a node shape that only groups property shapes reports nothing itself
        messages = {m.language: str(m) for m in graph.objects(shape, SH.message)}
        assert set(messages) == {"en", "nl"}, shape
        assert messages["en"] != messages["nl"], shape


@pytest.mark.parametrize(
    ("rule", "functions"),
    [
        ("R2-legalBasisInForce", ["exgsh:notInForceOn"]),
        ("R3-entryOnListInForce", ["exgsh:entryNotListedOn", "exgsh:modelNotCoveredOn"]),
        ("R4-intraEuDestination", ["exgsh:intraEu"]),
        ("R6-noLicenceRequiredButControlled", ["exgsh:entryListedOn", "exgsh:modelCoveredOn"]),
    ],
)
def test_date_rules_call_the_law_functions(rule, functions):
    graph = shape_graph("case-record.ttl") + shape_graph("case-record-recommended.ttl")
    constraint = graph.value(URIRef(EXGSH + rule), SH.sparql)
    select = str(graph.value(constraint, SH.select))
    for function in functions:
        assert function + "(" in select


def test_unknown_code_names_the_code_and_the_nearest_known_codes(validator):
    # NL-27..NL-33: 3B001.a.4 and 3B001.f.4 are two edits from the unknown 3B001.z.9.
    outcome = outcomes_of(validator, CASES / "invalid" / "CaseItem-controlEntry--unknown-code.ttl")
    [result] = outcome[0].results
    assert "3B001.z.9" in result.message
    assert "3B001.a.4" in result.message and "3B001.f.4" in result.message
    assert result.section == "items"


def test_nearest_codes_by_edit_distance():
    assert nearest_codes("3B001.f.5", ["3D007", "3B001.f.4", "ML11"], count=1) == ["3B001.f.4"]
    assert nearest_codes("ML1", ["3D007", "3B001.f.4", "ML11"], count=1) == ["ML11"]


def test_messages_come_in_the_language_asked_for(validator):
    path = CASES / "invalid" / "R2-legalBasisInForce--reg-428-2009-cited-2024.ttl"
    [english] = outcomes_of(validator, path, "en")[0].results
    [dutch] = outcomes_of(validator, path, "nl")[0].results
    assert "was not in force on the decision date 2024-04-10" in english.message
    assert "niet van kracht op de besluitdatum 2024-04-10" in dutch.message
    assert english.provisions == ("http://data.europa.eu/eli/reg/2021/821/oj",)


def test_report_states_the_dates_and_the_instruments_in_force(validator):
    # EU-05, EU-06: 2021/821 replaced 428/2009; NL-16: the Regeling is in force from 2023-09-01.
    path = CASES / "invalid" / "R2-legalBasisInForce--reg-428-2009-cited-2024.ttl"
    [outcome] = outcomes_of(validator, path)
    decided = next(d for d in outcome.dates if d.field == "decisionDate")
    assert decided.date == "2024-04-10" and "R2" in decided.rules
    status = {i.iri.rsplit("/", 1)[-1]: i.in_force for i in decided.instruments}
    assert status["eu-reg-428-2009"] is False
    assert status["nl-regeling-2023-18212"] is True


def test_extension_instrument_is_found_not_yet_in_force_before_7_september_2024(validator):
    # NL-39, NL-40: BZ2404162 puts the NXT:1980i under the requirement from 2024-09-07.
    path = CASES / "invalid" / "R3-entryOnListInForce--nxt1980i-before-extension.ttl"
    [outcome] = outcomes_of(validator, path)
    [applied] = outcome.dates
    status = {i.iri.rsplit("/", 1)[-1]: i.in_force for i in applied.instruments}
    assert applied.date == "2024-08-01"
    assert status["nl-regeling-bz2404162"] is False


def test_validation_never_leaves_a_case_in_the_reference_graph(validator, store):
    before = store.triple_count()
    outcomes_of(validator, VALID[0])
    assert store.triple_count() == before
    assert (None, None, Literal("NL-EXP-2024-0023")) not in validator._graph
