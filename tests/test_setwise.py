"""The set-wise engine reports exactly what pySHACL (the reference) reports.

Both engines are compared on every fixture, on a generated batch given as an rdflib graph, and
on batches given the way `exportgraph load-cases` gives them (CaseSource.from_triples with
quads parsed by Oxigraph, with quads of a named graph, and with triples).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from exportgraph.cases.reading import ID_BASE, CaseSource, read_case_files, read_case_text
from exportgraph.cases.reports import as_json
from exportgraph.cases.setwise import REFERENCE_GRAPH
from exportgraph.cases.validation import CaseValidator
from exportgraph.law.functions import Law

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
FIXTURES = sorted(p for p in CASES.rglob("*") if p.suffix in (".ttl", ".json", ".jsonld"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from casegen import generate  # noqa: E402

BATCH = 120  # more than setwise.PARALLEL_FROM quads, so the queries run on threads


@pytest.fixture(scope="module")
def engines(store):
    return CaseValidator(store=store, parse_cache=True), CaseValidator(
        store=store, engine="setwise"
    )


@pytest.fixture(scope="module")
def batch_turtle():
    return generate(BATCH, seed=7).serialize(format="turtle")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(CASES)))
def test_same_report_on_every_fixture(engines, path):
    source = next(read_case_files([path]))
    reference, setwise = (as_json(engine.validate(source, "nl")) for engine in engines)
    assert setwise == reference


@pytest.fixture(scope="module")
def reference_report(engines):
    """pySHACL's report on the generated batch, given as an rdflib graph."""
    return as_json(engines[0].validate(CaseSource("generated", generate(BATCH, seed=7))))


def test_same_report_on_a_generated_batch(engines, reference_report):
    batch = CaseSource("generated", generate(BATCH, seed=7))
    assert len(reference_report["cases"]) == BATCH
    assert any(not case["conforms"] for case in reference_report["cases"])
    assert as_json(engines[1].validate(batch)) == reference_report


def test_same_report_on_parsed_quads(engines, batch_turtle, reference_report):
    # pySHACL reads such a source's rdflib graph, made on first use: every fixture test does.
    quads = list(ox.parse(batch_turtle, format=ox.RdfFormat.TURTLE, base_iri=ID_BASE))
    report = as_json(engines[1].validate(CaseSource.from_triples("generated", quads)))
    assert report == reference_report


def test_quads_of_a_named_graph_and_triples_give_the_same_report(
    engines, batch_turtle, reference_report
):
    # As load-cases reads them back: quads of a collection graph, or a CONSTRUCT's triples.
    parsed = list(ox.parse(batch_turtle, format=ox.RdfFormat.TURTLE, base_iri=ID_BASE))
    graph = ox.NamedNode("https://w3id.org/exportgraph/graph/cases/test")
    in_graph = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed]
    triples = [q.triple for q in parsed]
    for given in (in_graph, triples):
        report = as_json(engines[1].validate(CaseSource.from_triples("generated", given)))
        assert report == reference_report


def test_the_engine_forgets_a_batch_once_validated(engines, batch_turtle):
    setwise = engines[1]
    graph = ox.NamedNode("https://w3id.org/exportgraph/graph/cases/test")
    parsed = ox.parse(batch_turtle, format=ox.RdfFormat.TURTLE, base_iri=ID_BASE)
    setwise.validate(
        CaseSource.from_triples(
            "b", [ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed]
        )
    )
    engine_store = setwise._setwise._store
    assert engine_store.graph_names() == {REFERENCE_GRAPH.value}
    assert not engine_store.evaluate("ASK { ?s ?p ?o }", union_default_graph=False)
    # A later input is reported on its own: none of the batch's cases come back.
    [outcome] = setwise.validate(next(read_case_files([CASES / "valid"])))
    assert outcome.conforms


QUANTITY_CASE = """
@prefix exg: <https://w3id.org/exportgraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
<case/NL-EXP-2024-0500> a exg:LicenceCase ;
    exg:caseId "NL-EXP-2024-0500" ;
    exg:applicant [ a exg:Applicant ; exg:name "Example Exporter B.V." ] ;
    exg:caseItem <case/NL-EXP-2024-0500/item-1> , <case/NL-EXP-2024-0500/item-2> ;
    exg:destination country:USA ;
    exg:endUser [ a exg:EndUser ; exg:name "Example Fab Inc." ; exg:country country:USA ] ;
    exg:endUseStatement "Production of commercial chips."@en ;
    exg:applicationDate "2024-03-01"^^xsd:date ;
    exg:decision [ a exg:LicenceDecision ; exg:outcome exg:pending ] .
<case/NL-EXP-2024-0500/item-1> a exg:CaseItem ;
    exg:controlEntry <entry/nl/3B001.l> ; exg:quantity "03"^^xsd:positiveInteger .
<case/NL-EXP-2024-0500/item-2> a exg:CaseItem ;
    exg:controlEntry <entry/nl/3B001.l> ; exg:quantity "0"^^xsd:positiveInteger .
"""


def test_datatypes_are_checked_as_written_not_as_stored(engines):
    # Oxigraph stores both quantities as xsd:integer 3 and 0. As written, "03" is a
    # positiveInteger and "0" is not (XML Schema: positiveInteger starts at 1).
    reports = [as_json(e.validate(read_case_text(QUANTITY_CASE, "turtle"))) for e in engines]
    assert reports[1] == reports[0]
    [case] = reports[1]["cases"]
    datatype = [r for r in case["results"] if r["component"] == "sh:DatatypeConstraintComponent"]
    assert [(r["focusNode"].rsplit("/", 1)[-1], r["value"]) for r in datatype] == [("item-2", "0")]


def test_the_law_at_a_batch_dates_is_the_law_functions_answer(engines, store, batch_turtle):
    # The report asks inForceOn / notInForceOn for all (instrument, date) pairs in one query;
    # each answer must be what exportgraph.law.functions gives for that pair on its own.
    outcomes = engines[1].validate(read_case_text(batch_turtle, "turtle", "generated"))
    law = Law(store)
    asked = {
        (instrument.iri, evaluation.date, instrument.in_force)
        for outcome in outcomes
        for evaluation in outcome.dates
        for instrument in evaluation.instruments
    }
    assert {in_force for _, _, in_force in asked} >= {True, False}
    for iri, on, in_force in asked:
        assert law.in_force_on(iri, date.fromisoformat(on)) is in_force, (iri, on)
