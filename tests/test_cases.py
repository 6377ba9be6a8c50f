"""The sample case records: enough of them, one case each, invalid ones say what they break."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
EXG = Namespace("https://w3id.org/exportgraph/ontology#")
EXPECT = re.compile(r"^# expect: (exgsh:[A-Za-z0-9-]+) (sh:[A-Za-z]+ConstraintComponent)$")
ALL = sorted(CASES.rglob("*.ttl"))


def test_at_least_twelve_cases_valid_and_invalid():
    assert len(ALL) >= 12
    assert len(list((CASES / "valid").glob("*.ttl"))) >= 5
    assert len(list((CASES / "invalid").glob("*.ttl"))) >= 5


@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(CASES)))
def test_each_file_holds_one_case(path):
    graph = Graph().parse(path, format="turtle")
    assert len(list(graph.subjects(RDF.type, EXG.LicenceCase))) == 1


@pytest.mark.parametrize(
    "path",
    sorted([*(CASES / "invalid").glob("*.ttl"), *(CASES / "warnings").glob("*.ttl")]),
    ids=lambda p: p.name,
)
def test_each_invalid_case_names_the_constraint_it_must_trip(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = EXPECT.match(first)
    assert match, (
        f"{path.name}: first line must be '# expect: exgsh:Shape sh:...ConstraintComponent'"
    )
    shape = match.group(1).removeprefix("exgsh:")
    assert path.name.startswith(shape + "--"), (
        f"{path.name} should be named {shape}--<what-is-wrong>.ttl"
    )
