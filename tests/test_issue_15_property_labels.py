"""Issue 15, item 3: resource pages name properties and classes by their labels, in Dutch too.

The fault: a Dutch resource page showed raw local names of the reused vocabularies
(`based_on`, `date_document`, `first_date_entry_in_force`, `inScheme`, `prefLabel`,
`memberOf`, `is_part_of`, ...) because only exportgraph's own terms had labels; the dataset
page listed the RDF and OWL terms so. Now ontology/external.ttl gives each a label in English
and Dutch, and these tests fail for any property or class in the graph without both.
"""

from __future__ import annotations

import re

import pytest

from exportgraph.publish.labels import local_name

# Every predicate and every class in the published graph: what the resource pages (properties,
# incoming links, types) and the dataset page (classes and properties used) name.
TERMS = """
SELECT DISTINCT ?term WHERE { { ?s ?term ?o } UNION { ?s a ?term FILTER(isIRI(?term)) } }
"""
LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?term ?label WHERE { { ?term rdfs:label ?label } UNION { ?term skos:prefLabel ?label } }
"""


@pytest.fixture(scope="module")
def labelled(store) -> dict[str, dict[str, set[str]]]:
    """The labels of each IRI, by language."""
    labels: dict[str, dict[str, set[str]]] = {}
    for row in store.query(LABELS).rows:
        by_language = labels.setdefault(row["term"].value, {})
        by_language.setdefault(row["label"].language or "", set()).add(row["label"].value)
    return labels


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_property_and_class_of_the_graph_has_a_label_in(store, labelled, lang):
    terms = {row["term"].value for row in store.query(TERMS).rows}
    assert len(terms) > 100  # the query found the graph's vocabulary, not nothing
    unlabelled = sorted(t for t in terms if lang not in labelled.get(t, set()))
    assert unlabelled == []


@pytest.mark.parametrize(
    "path",
    [
        "/id/law/nl-regeling-2023-18212.html",
        "/id/entry/nl/3B001.f.4.html",
        "/id/list/nl-semiconductor-equipment.html",
        "/id/model/asml-twinscan-nxt-2000i.html",
        "/id/regime/wassenaar.html",
    ],
)
def test_a_dutch_resource_page_names_each_property_by_its_dutch_label(client, labelled, path):
    body = client.get(path + "?lang=nl").get_data(as_text=True)
    # The properties and incoming links: <th scope="row"><a href=... title="IRI">name</a>
    rows = re.findall(r'<th scope="row"><a href="[^"]*" title="([^"]*)">([^<]*)</a>', body)
    assert rows
    not_dutch = sorted(
        {
            f"{local_name(iri)}: {name}"
            for iri, name in rows
            if name not in labelled.get(iri, {}).get("nl", set())
        }
    )
    assert not_dutch == []
