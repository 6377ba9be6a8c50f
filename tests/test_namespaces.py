"""namespaces.EXG lists exactly the terms the ontology declares."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF

from exportgraph.namespaces import EXG
from exportgraph.store.rdf_files import parse_turtle_files
from tests.test_ontology import ROOT


def test_exg_lists_exactly_the_declared_terms():
    ontology = parse_turtle_files(sorted((ROOT / "ontology").rglob("*.ttl")))
    kinds = (
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.NamedIndividual,
    )
    declared = {
        str(s)[len(str(EXG._NS)) :]
        for kind in kinds
        for s in ontology.subjects(RDF.type, kind)
        if str(s).startswith(str(EXG._NS))
    }
    assert set(EXG.__annotations__) == declared


def test_a_misspelt_term_fails_at_once():
    with pytest.raises(AttributeError):
        EXG.LicenseCase  # noqa: B018 (the American spelling is not a term)
