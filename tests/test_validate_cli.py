"""`exportgraph validate` through click's CliRunner: exit codes, reports, errors without traces."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import SH

from exportgraph.cli import main

CASES = Path(__file__).resolve().parents[1] / "tests" / "cases"


def run(*args):
    return CliRunner().invoke(main, ["validate", *map(str, args)])


def test_help_ends_with_an_example():
    result = CliRunner().invoke(main, ["validate", "--help"])
    assert result.exit_code == 0
    assert "Example: exportgraph validate" in result.output


def test_valid_folder_and_warnings_exit_0():
    result = run(CASES / "valid", CASES / "warnings", CASES / "json" / "valid")
    assert result.exit_code == 0, result.output
    assert "Warning: R4: destination inside the EU" in result.output
    assert "validated 10/" in result.stderr  # progress for many files, on stderr


def test_an_invalid_case_exits_1_with_the_rule_field_and_provision():
    path = CASES / "invalid" / "R3-entryOnListInForce--applied-before-regeling.ttl"
    result = run(path)
    assert result.exit_code == 1
    assert "[exgsh:R3-entryOnListInForce sh:SPARQLConstraintComponent]" in result.output
    assert "application date 2023-07-15" in result.output  # NL-16: before 1 September 2023
    assert "https://zoek.officielebekendmakingen.nl/stcrt-2023-18212.html" in result.output
    assert "DOES NOT CONFORM" in result.output


def test_dutch_json_report():
    path = CASES / "invalid" / "R5-refusalAssessed--refusal-without-assessment.ttl"
    result = run(path, "--format", "json", "--lang", "nl")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    [case] = report["cases"]
    [violation] = case["results"]
    assert violation["shape"] == "exgsh:R5-refusalAssessed"
    assert "geweigerd" in violation["message"]
    assert "https://zoek.officielebekendmakingen.nl/kst-22054-384.html" in violation["provisions"]


def test_turtle_report_is_a_shacl_report():
    result = run(CASES / "valid" / "low-k-japan-pending.ttl", "--format", "turtle")
    assert result.exit_code == 0
    report = Graph().parse(data=result.stdout, format="turtle")
    assert next(report.objects(None, SH.conforms)).toPython() is True


def test_turtle_syntax_error_exits_2_with_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b "x" ;\n  ex:c ex:d ex:e .\n')
    result = run(bad)
    assert result.exit_code == 2
    assert f"{bad}: line 3, column" in result.stderr
    assert "Traceback" not in result.output


def test_json_error_exits_2_with_the_json_path(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"caseId": "NL-EXP-2024-0001", "decision": {"outcome": 3}}))
    result = run(bad)
    assert result.exit_code == 2
    assert "$.decision.outcome: expected a string" in result.stderr


def test_missing_file_and_no_case_exit_2(tmp_path):
    assert run(tmp_path / "nothing.ttl").exit_code == 2
    empty = tmp_path / "empty.ttl"
    empty.write_text("<http://example.org/a> <http://example.org/b> 1 .\n")
    result = run(empty)
    assert result.exit_code == 2
    assert "no licence case found" in result.stderr
