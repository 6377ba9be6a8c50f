"""Plain JSON and JSON-LD case records: the same RDF, the same report as their Turtle twins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exportgraph.cases.json_records import case_context
from exportgraph.cases.reading import read_case_files, read_case_text
from exportgraph.cases.reports import as_json
from exportgraph.cases.validation import CaseValidator
from exportgraph.errors import InputError
from tests.graphs import isomorphic

CASES = Path(__file__).resolve().parents[1] / "tests" / "cases"
TWINS = sorted((CASES / "json").rglob("*.json*"))


def turtle_twin(path):
    return CASES / path.relative_to(CASES / "json").with_suffix(".ttl")


@pytest.fixture(scope="module")
def validator(store):
    return CaseValidator(store=store, parse_cache=True)


def test_at_least_three_twins_and_one_jsonld():
    assert len(TWINS) >= 3
    assert any(p.suffix == ".jsonld" for p in TWINS)


@pytest.mark.parametrize("path", TWINS, ids=lambda p: p.name)
def test_json_twin_is_the_same_rdf_and_gets_the_same_report(validator, path):
    json_source = next(read_case_files([path]))
    turtle_source = next(read_case_files([turtle_twin(path)]))
    assert isomorphic(json_source.graph, turtle_source.graph)
    for lang in ("en", "nl"):
        from_json = as_json(validator.validate(json_source, lang))
        from_turtle = as_json(validator.validate(turtle_source, lang))
        for report in (from_json, from_turtle):
            for case in report["cases"]:
                case.pop("source")
        assert from_json == from_turtle


def test_the_readme_example_is_a_valid_case(validator):
    readme = (CASES.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Case records in JSON", 1)[1]
    example = section.split("```json", 1)[1].split("```", 1)[0]
    [outcome] = validator.validate(read_case_text(example, "json", "README"))
    assert outcome.conforms and outcome.results == ()
    assert outcome.case == "https://w3id.org/exportgraph/id/case/NL-EXP-2024-0118"


def test_the_context_names_every_documented_field():
    context = case_context()
    for field in ("caseId", "caseItem", "controlEntry", "quantity", "outcome", "legalBasisCited"):
        assert field in context


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ({"caseId": "NL-EXP-2024-0001", "caseItem": [{"quantiy": 2}]}, "$.caseItem[0]"),
        ({"caseId": "NL-EXP-2024-0001", "endUser": {"name": {"first": "A"}}}, "$.endUser.name"),
        ([{"caseId": "NL-EXP-2024-0001"}, {"decision": 7}], "$[1].decision"),
        (
            {"caseId": "NL-EXP-2024-0001", "applicationDate": ["2024-01-01", None]},
            "$.applicationDate[1]",
        ),
    ],
)
def test_json_errors_name_the_json_path(document, where):
    with pytest.raises(InputError, match=rf"case\.json: {__import__('re').escape(where)}: "):
        read_case_text(json.dumps(document), "json", "case.json")


def test_syntax_error_names_line_and_column():
    with pytest.raises(InputError, match=r"case\.json: line 2, column 3: not valid JSON"):
        read_case_text('{"caseId":\n  ,}', "json", "case.json")


def test_remote_contexts_are_not_fetched():
    document = {"@context": "http://example.org/context.jsonld", "caseId": "x"}
    with pytest.raises(InputError, match="not fetched"):
        read_case_text(json.dumps(document), "json", "case.jsonld")
