"""`exportgraph reason`: HermiT over the ontology and data, and it catches what is wrong."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from exportgraph.cli import main
from exportgraph.reasoning import dates_as_datetimes

PREFIXES = """
@prefix exg: <https://w3id.org/exportgraph/ontology#> .
@prefix exr: <https://w3id.org/exportgraph/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
"""


@pytest.mark.slow  # HermiT on a Java runtime
def test_ontology_and_reference_data_are_consistent():
    result = CliRunner().invoke(main, ["reason"])
    assert result.exit_code == 0, result.output
    assert "consistent" in result.output
    assert "no unsatisfiable class" in result.output


@pytest.mark.slow  # HermiT on a Java runtime
def test_an_unsatisfiable_class_is_named(tmp_path):
    axiom = tmp_path / "bad-axiom.ttl"
    # A subclass of two disjoint classes can have no member.
    axiom.write_text(
        PREFIXES
        + "exg:ImpossibleThing a owl:Class ; rdfs:subClassOf exg:ControlEntry , exg:Fact .\n"
        + "exg:ControlEntry owl:disjointWith exg:Fact .\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["reason", "--ontology-only", str(axiom)])
    assert result.exit_code == 1, result.output
    assert "UNSATISFIABLE" in result.output
    assert "https://w3id.org/exportgraph/ontology#ImpossibleThing" in result.output


@pytest.mark.slow  # HermiT on a Java runtime
def test_an_inconsistent_assertion_is_caught(tmp_path):
    statement = tmp_path / "bad-data.ttl"
    # One resource typed with two disjoint classes makes the whole graph inconsistent.
    statement.write_text(
        PREFIXES
        + "exg:ControlEntry owl:disjointWith exg:Fact .\n"
        + "exr:thing a exg:ControlEntry , exg:Fact .\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["reason", "--ontology-only", str(statement)])
    assert result.exit_code == 1, result.output
    assert "INCONSISTENT" in result.output


def test_a_file_that_is_not_turtle_is_an_input_error(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    result = CliRunner().invoke(main, ["reason", "--ontology-only", str(broken)])
    assert result.exit_code == 2
    assert "broken.ttl" in result.output
    assert "Traceback" not in result.output


def test_dates_become_datetimes_only_in_the_reasoners_copy():
    graph = Graph()
    subject = URIRef("https://w3id.org/exportgraph/id/law/x")
    date_property = URIRef("http://data.europa.eu/eli/ontology#date_document")
    graph.add((subject, date_property, Literal("2023-06-23", datatype=XSD.date)))
    graph.add((date_property, URIRef("http://www.w3.org/2000/01/rdf-schema#range"), XSD.date))
    copy = dates_as_datetimes(graph)
    assert Literal("2023-06-23T00:00:00", datatype=XSD.dateTime) in set(
        copy.objects(subject, date_property)
    )
    assert XSD.dateTime in set(copy.objects(date_property, None))
    assert XSD.date not in set(copy.objects())
    assert Literal("2023-06-23", datatype=XSD.date) in set(graph.objects(subject, date_property))
