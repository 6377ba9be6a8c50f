"""The law over time: one set of functions, the same answers in the core and in pySHACL.

Expected answers come from the fact sheet (ids next to each scenario).
"""

from __future__ import annotations

from datetime import date

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from exportgraph.config import resource_dir
from exportgraph.errors import InputError, QueryError
from exportgraph.law.functions import Law, law_functions
from exportgraph.store.embedded import bind_values

R = "https://w3id.org/exportgraph/id/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
REGELING = R + "law/nl-regeling-2023-18212"

IN_FORCE = [
    (REGELING, date(2023, 8, 31), False),  # NL-16: in force 1 September 2023
    (REGELING, date(2023, 9, 1), True),
    (
        R + "law/nl-bsg/art-4",
        date(2024, 1, 1),
        None,
    ),  # no in-force date for the Besluit in the sheet
    (R + "law/eu-reg-2021-821/art-9", date(2021, 9, 8), False),  # EU-05: in force 9 September 2021
    (R + "law/eu-reg-2021-821/art-9", date(2021, 9, 9), True),  # an article follows its act
    (R + "law/eu-reg-428-2009", date(2024, 1, 1), False),  # EU-06: repealed by 2021/821
    (R + "law/eu-reg-428-2009", date(2021, 1, 1), None),  # before the repeal: dates unknown
    (
        R + "law/nl-regeling-2025-amendment",
        date(2025, 3, 31),
        None,
    ),  # NL-42: only applicability known
    (R + "law/nl-regeling-2025-amendment", date(2025, 4, 1), True),
]

MODEL_COVERED = [
    ("asml-twinscan-nxt-2000i", date(2023, 8, 15), False),  # EQ-01: from 1 September 2023
    ("asml-twinscan-nxt-2000i", date(2023, 10, 2), True),
    ("asml-twinscan-nxt-1980i", date(2024, 8, 1), False),  # EQ-03, NL-40: from 7 September 2024
    ("asml-twinscan-nxt-1980i", date(2024, 9, 6), False),
    ("asml-twinscan-nxt-1980i", date(2024, 9, 7), True),
    ("asml-twinscan-nxt-1930di", date(2024, 10, 1), None),  # EQ-05: no Dutch coverage known
]

ENTRY_LISTED = [
    ("nl/3B001.f.4", date(2023, 8, 31), False),  # NL-30, NL-16
    ("nl/3B001.f.4", date(2023, 9, 1), True),
    ("eu/3B501", date(2025, 11, 14), False),  # EU-40, EU-43: from 15 November 2025
    ("eu/3B501", date(2025, 11, 15), True),
    ("eu/3B001", date(2024, 1, 1), None),  # no dated membership in the sheet
]


@pytest.fixture(scope="module")
def law(store):
    return Law(store)


@pytest.mark.parametrize(("resource", "on", "expected"), IN_FORCE)
def test_in_force_on(law, resource, on, expected):
    assert law.in_force_on(resource, on) is expected


@pytest.mark.parametrize(("model", "on", "expected"), MODEL_COVERED)
def test_model_covered_on(law, model, on, expected):
    assert law.model_covered_on(R + "model/" + model, on) is expected


@pytest.mark.parametrize(("entry", "on", "expected"), ENTRY_LISTED)
def test_entry_listed_on(law, entry, on, expected):
    assert law.entry_listed_on(R + "entry/" + entry, on) is expected


def test_intra_eu(law):
    assert law.intra_eu(COUNTRY + "DEU") is True  # EXG-EU-MEMBERS
    assert law.intra_eu(COUNTRY + "CHN") is False
    assert law.intra_eu(COUNTRY + "NOR") is False


def test_pyshacl_evaluates_the_same_functions_to_the_same_answers(graph, law):
    """Run every in-force scenario through a SHACL-SPARQL constraint that calls the function."""
    ex = Namespace("urn:probe:")
    data = Graph()
    data += graph
    for number, (resource, on, _) in enumerate(IN_FORCE):
        probe = ex[str(number)]
        data.add((probe, RDF.type, ex.Probe))
        data.add((probe, ex.resource, URIRef(resource)))
        data.add((probe, ex.on, Literal(on.isoformat(), datatype=XSD.date)))
    shapes = Graph().parse(resource_dir("shapes") / "law-functions.ttl", format="turtle")
    shapes.parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:probe:Shape> a sh:NodeShape ; sh:targetClass <urn:probe:Probe> ;
          sh:sparql [ sh:select \"\"\"
            SELECT $this WHERE { $this <urn:probe:resource> ?r ; <urn:probe:on> ?d .
              FILTER(<https://w3id.org/exportgraph/shapes#inForceOn>(?r, ?d)) } \"\"\" ] .
        """,
        format="turtle",
    )
    _, report, _ = validate(data, shacl_graph=shapes, advanced=True, inference="none")
    flagged = {str(o) for o in report.objects(None, URIRef("http://www.w3.org/ns/shacl#focusNode"))}
    in_force_by_shacl = {int(iri.removeprefix("urn:probe:")) for iri in flagged}
    in_force_by_core = {n for n, (r, on, _) in enumerate(IN_FORCE) if law.ask("inForceOn", r, on)}
    assert in_force_by_shacl == in_force_by_core


def test_every_function_has_labels_in_both_languages_and_a_comment():
    graph = Graph().parse(resource_dir("shapes") / "law-functions.ttl", format="turtle")
    for function in law_functions().values():
        labels = {label.language for label in graph.objects(URIRef(function.iri), RDFS.label)}
        assert {"en", "nl"} <= labels, function.iri
        assert graph.value(URIRef(function.iri), RDFS.comment) is not None, function.iri


def test_unknown_function_names_the_known_ones(law):
    with pytest.raises(InputError, match="inForceOn"):
        law.ask("inForce", REGELING, date(2024, 1, 1))


def test_bound_values_are_values_not_text():
    query = bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal('x" } ; DROP ALL #')})
    assert 'VALUES (?o) { ("x\\" } ; DROP ALL #") }' in query
    with pytest.raises(QueryError):
        bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"s": URIRef("not an iri>")})
