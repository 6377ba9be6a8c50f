"""Issue 16, item 5: an update of the law could go in wrong and `check-data` said nothing.

A membership without the instrument that made it, an instrument with no date and no word that
its date is unknown, evidence naming a fact id that no fact node declares, a law firm's
summary typed official and a code that none of its facts states all passed
`exportgraph check-data`. Each fixture in tests/data/reference-invalid/ is named after the one
rule it must trip; the worked example of docs/curating.md (tests/data/curating-example.ttl)
must pass together with the real data, and its amendment must show in the list's history.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace

from exportgraph.cases.validation import validate_reference_data
from exportgraph.cli import main
from exportgraph.config import resource_dir, turtle_files
from exportgraph.law.lineage import history
from exportgraph.store.embedded import open_store
from exportgraph.store.rdf_files import parse_turtle_files

DATA = Path(__file__).parent / "data"
EXAMPLE = DATA / "curating-example.ttl"
INVALID = sorted((DATA / "reference-invalid").glob("*.ttl"))
EXGSH = Namespace("https://w3id.org/exportgraph/shapes#")
EXG = Namespace("https://w3id.org/exportgraph/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")
EXAMPLE_BASE = "https://example.org/exportgraph-example/"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return parse_turtle_files([resource_dir("shapes") / "reference-data.ttl"])


def message(shapes: Graph, shape: str, lang: str) -> str:
    texts = [m for m in shapes.objects(EXGSH[shape], SH.message) if m.language == lang]
    assert len(texts) == 1, (shape, lang, texts)
    return str(texts[0])


def test_there_is_a_fixture_for_each_rule_of_an_update():
    assert {p.stem for p in INVALID} == {
        "ListMembership-instrument",
        "LegalInstrument-date",
        "Evidence-declaredFact",
        "Source-officialNotSecondary",
        "Code-readInFact",
    }


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_each_fixture_trips_exactly_its_rule_with_its_message(shapes, path, lang):
    graph = parse_turtle_files([*turtle_files("ontology"), path])
    outcome = validate_reference_data(graph, lang=lang)
    assert not outcome.conforms
    assert {r.shape for r in outcome.results} == {str(EXGSH[path.stem])}, outcome.results
    expected = message(shapes, path.stem, lang)
    assert f"exgsh:{path.stem}" in expected  # the message cites its rule
    assert all(r.message == expected for r in outcome.results)
    assert all(r.focus.startswith(EXAMPLE_BASE) for r in outcome.results)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_check_data_with_each_fixture_fails_on_its_rule(shapes, path):
    result = CliRunner().invoke(main, ["check-data", "--with", str(path)])
    assert result.exit_code == 1, result.output
    *violations, verdict = result.output.strip().splitlines()
    assert verdict == "does not conform: 1 violation(s)"
    assert len(violations) == 1 and violations[0].startswith(f"Violation: <{EXAMPLE_BASE}")
    assert violations[0].endswith(": " + message(shapes, path.stem, "en"))


def test_check_data_with_a_file_that_is_not_there_is_bad_input(tmp_path):
    result = CliRunner().invoke(main, ["check-data", "--with", str(tmp_path / "nosuch.ttl")])
    assert result.exit_code == 2
    assert "nosuch.ttl: no such file" in result.output


def test_the_worked_example_passes_with_the_real_data():
    # The real data alone passing is test_cli's check-data run; with the example it must too.
    result = CliRunner().invoke(main, ["check-data", "--with", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "the reference data conforms to shapes/reference-data.ttl"


def test_the_worked_example_stays_out_of_the_published_data():
    published = parse_turtle_files(turtle_files("data"))
    assert not [s for s in published.subjects() if str(s).startswith(EXAMPLE_BASE)]
    assert EXAMPLE.read_text(encoding="utf-8").startswith("# EXAMPLE ONLY. NOT LAW.")
    example = Graph().parse(EXAMPLE, format="turtle")
    terms = {t for triple in example for t in triple}
    assert not [t for t in terms if str(t).startswith("https://w3id.org/exportgraph/id/")]


def test_the_worked_examples_amendment_adds_replaces_and_removes_on_its_date():
    example = Graph().parse(EXAMPLE, format="turtle")
    amendment = next(example.subjects(EXG.referenceNumber, Literal("EX-B")))
    applies = str(example.value(amendment, ELI.date_applicability))
    events = history(open_store([EXAMPLE]), EXAMPLE_BASE + "list/example").events
    on_the_day = {(e.what, s) for e in events if e.on == applies for s in e.subjects}
    assert on_the_day >= {("added", "3B900.d"), ("added", "3B900.e")}
    removed = {s for e in events if e.what == "removed" for s in e.subjects}
    assert removed == {"3B900.a", "3B900.c"}


# --- docs/curating.md quotes the example and names the rules there are ----------------------

GUIDE = (Path(__file__).resolve().parents[1] / "docs" / "curating.md").read_text(encoding="utf-8")


def test_every_turtle_snippet_of_the_guide_is_in_the_tested_example():
    snippets = re.findall(r"```turtle\n(.*?)```", GUIDE, flags=re.S)
    assert len(snippets) >= 5
    example = EXAMPLE.read_text(encoding="utf-8")
    for snippet in snippets:
        assert snippet.strip() in example, snippet


def test_every_rule_the_guide_names_is_a_shape(shapes):
    table = GUIDE.split("## What `exportgraph check-data` catches", 1)[1]
    named = set(re.findall(r"^\| `([A-Za-z]+-[A-Za-z]+|[A-Za-z]+Shape)`", table, flags=re.M))
    assert {p.stem for p in INVALID} <= named
    for name in named:
        assert (EXGSH[name], None, None) in shapes, name
