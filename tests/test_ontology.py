"""The ontology documents itself: header, labels in two languages, definitions, declared terms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from exportgraph.store.rdf_files import parse_turtle_files

ROOT = Path(__file__).resolve().parents[1]
EXG = Namespace("https://w3id.org/exportgraph/ontology#")
ONTOLOGY = URIRef("https://w3id.org/exportgraph/ontology")
DECLARATIONS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_turtle_files(sorted((ROOT / "ontology").rglob("*.ttl")))


def own_terms(ontology: Graph) -> set[URIRef]:
    return {
        s
        for kind in DECLARATIONS
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and s.startswith(str(EXG))
    }


def test_ontology_is_split_into_modules_with_alignments_apart():
    names = {p.name for p in (ROOT / "ontology").glob("*.ttl")}
    assert "exportgraph.ttl" in names
    assert len(names) >= 5
    assert list((ROOT / "ontology" / "alignments").glob("*.ttl"))


def test_header_has_version_iri_and_licence(ontology):
    version = ontology.value(ONTOLOGY, OWL.versionIRI)
    assert version is not None and str(version).startswith(str(ONTOLOGY) + "/")
    info = ontology.value(ONTOLOGY, OWL.versionInfo)
    assert str(version).endswith(str(info))
    assert ontology.value(ONTOLOGY, URIRef("http://purl.org/dc/terms/license")) is not None
    changelog = (ROOT / "ontology" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {info}" in changelog, "the CHANGELOG has no section for the current version"


def test_every_own_term_has_labels_in_english_and_dutch_and_a_definition(ontology):
    terms = own_terms(ontology)
    assert len(terms) > 60
    problems = []
    for term in sorted(terms):
        languages = {label.language for label in ontology.objects(term, RDFS.label)}
        if not {"en", "nl"} <= languages:
            problems.append(f"{term}: labels in {sorted(languages, key=str)}, needs en and nl")
        if ontology.value(term, SKOS.definition) is None:
            problems.append(f"{term}: no skos:definition")
        if ontology.value(term, RDFS.isDefinedBy) != ONTOLOGY:
            problems.append(f"{term}: rdfs:isDefinedBy is not the ontology")
    assert not problems, "\n".join(problems)


def used_exg_terms(paths) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in paths:
        graph = Graph().parse(path, format="turtle") if path.suffix == ".ttl" else None
        if graph is not None:
            terms = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
        else:
            text = path.read_text(encoding="utf-8")
            terms = {str(EXG) + name for name in re.findall(r"\bexg:([A-Za-z][A-Za-z0-9_]*)", text)}
        for term in terms:
            if term.startswith(str(EXG)):
                used.setdefault(term, set()).add(path.relative_to(ROOT).as_posix())
    return used


def test_every_term_the_project_uses_is_declared(ontology):
    paths = [
        *sorted((ROOT / "data").glob("*.ttl")),
        *sorted((ROOT / "shapes").glob("*.ttl")),
        *sorted((ROOT / "tests" / "cases").rglob("*.ttl")),
        *sorted((ROOT / "queries").glob("*.rq")),
    ]
    declared = {str(t) for t in own_terms(ontology)}
    # invalid case records may use a wrong term on purpose (an outcome outside the closed list)
    undeclared = {
        term: files
        for term, files in used_exg_terms(paths).items()
        if term not in declared and not all("/invalid/" in f for f in files)
    }
    assert not undeclared, "\n".join(
        f"{t} used in {sorted(f)}" for t, f in sorted(undeclared.items())
    )


def test_every_term_in_the_model_contract_is_declared(ontology):
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    named = {str(EXG) + n for n in re.findall(r"`exg:([A-Za-z][A-Za-z0-9]*)`", text)}
    named |= {str(EXG) + n for n in re.findall(r"^- `([a-z][A-Za-z0-9]*)`", text, flags=re.M)}
    declared = {str(t) for t in own_terms(ontology)}
    missing = sorted(named - declared)
    assert not missing, f"docs/model.md names terms the ontology lacks: {missing}"


def test_property_kinds_do_not_clash(ontology):
    both = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) & set(
        ontology.subjects(RDF.type, OWL.DatatypeProperty)
    )
    assert not both, f"declared both object and datatype property: {sorted(both)}"
