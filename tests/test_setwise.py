"""The set-wise engine reports exactly what pySHACL (the reference) reports."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from exportgraph.caseinput import CaseSource, read_case_files
from exportgraph.reports import as_json
from exportgraph.validation import CaseValidator

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
FIXTURES = sorted(p for p in CASES.rglob("*") if p.suffix in (".ttl", ".json", ".jsonld"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from casegen import generate  # noqa: E402


@pytest.fixture(scope="module")
def engines(store):
    return CaseValidator(store=store), CaseValidator(store=store, engine="setwise")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(CASES)))
def test_same_report_on_every_fixture(engines, path):
    source = next(read_case_files([path]))
    reference, setwise = (as_json(engine.validate(source, "nl")) for engine in engines)
    assert setwise == reference


def test_same_report_on_a_generated_batch(engines):
    batch = CaseSource("generated", generate(120, seed=7))
    reference, setwise = (as_json(engine.validate(batch)) for engine in engines)
    assert len(reference["cases"]) == 120
    assert any(not case["conforms"] for case in reference["cases"])
    assert setwise == reference
