"""What the published graph holds: the summary on the home page and `exportgraph info`.

The rest of publishing has a module per job: describe.py and resource_sections.py (what a
resource page and its RDF document say), dataset.py (VoID and DCAT), dumps.py (versioned
dumps and checksums), search.py (labels, codes, identifiers), ontology_doc.py (/ontology).
"""

from __future__ import annotations

from dataclasses import dataclass

from exportgraph.store.interface import Store

EXG = "https://w3id.org/exportgraph/ontology#"

CLASS_COUNTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (SAMPLE(COALESCE(?wanted, ?english)) AS ?name) (COUNT(DISTINCT ?s) AS ?count)
WHERE {
  ?s a ?class .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/exportgraph/ontology#"))
  OPTIONAL { ?class rdfs:label ?wanted FILTER(LANG(?wanted) = "LANG") }
  OPTIONAL { ?class rdfs:label ?english FILTER(LANG(?english) = "en") }
} GROUP BY ?class ORDER BY DESC(?count) ?class
"""

LISTS = """
PREFIX exg: <https://w3id.org/exportgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?list (SAMPLE(COALESCE(?wanted, ?english)) AS ?name) (COUNT(DISTINCT ?entry) AS ?entries)
WHERE {
  ?list a exg:ControlList .
  OPTIONAL { ?list skos:prefLabel ?wanted FILTER(LANG(?wanted) = "LANG") }
  OPTIONAL { ?list skos:prefLabel ?english FILTER(LANG(?english) = "en") }
  OPTIONAL { ?entry skos:inScheme ?list }
} GROUP BY ?list ORDER BY ?name
"""

REGIMES = """
PREFIX exg: <https://w3id.org/exportgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?regime (SAMPLE(COALESCE(?wanted, ?english)) AS ?name)
  (COUNT(DISTINCT ?state) AS ?participants)
WHERE {
  ?regime a exg:ExportControlRegime .
  OPTIONAL { ?regime skos:prefLabel|rdfs:label ?wanted FILTER(LANG(?wanted) = "LANG") }
  OPTIONAL { ?regime skos:prefLabel|rdfs:label ?english FILTER(LANG(?english) = "en") }
  OPTIONAL { ?regime exg:participant ?state }
} GROUP BY ?regime ORDER BY DESC(?participants) ?name
"""

FACT_IDS = """
PREFIX exg: <https://w3id.org/exportgraph/ontology#>
SELECT (COUNT(DISTINCT ?id) AS ?facts) WHERE { ?resource exg:evidence ?fact . ?fact exg:factId ?id }
"""


@dataclass(frozen=True)
class Row:
    iri: str
    name: str
    count: int


@dataclass(frozen=True)
class GraphSummary:
    triples: int
    classes: tuple[Row, ...]
    lists: tuple[Row, ...]
    regimes: tuple[Row, ...]
    fact_ids: int


LANGUAGES = ("en", "nl")


def summarize(store: Store, lang: str = "en") -> GraphSummary:
    """Count what the graph holds: triples, instances per class, lists, regimes, fact ids.

    Names are in lang where the graph has them, else in English.

    Raises:
        ValueError: lang is not one of LANGUAGES.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r}: use one of {', '.join(LANGUAGES)}")
    facts = store.query(FACT_IDS).rows
    # lang is one of LANGUAGES, so it is safe to write into the query text.
    return GraphSummary(
        triples=store.triple_count(),
        classes=_rows(store, CLASS_COUNTS.replace('"LANG"', f'"{lang}"'), "count"),
        lists=_rows(store, LISTS.replace('"LANG"', f'"{lang}"'), "entries"),
        regimes=_rows(store, REGIMES.replace('"LANG"', f'"{lang}"'), "participants"),
        fact_ids=int(facts[0]["facts"].value) if facts else 0,
    )


def _rows(store: Store, query: str, count_var: str) -> tuple[Row, ...]:
    rows = []
    for row in store.query(query).rows:
        iri = next(row[v].value for v in ("class", "list", "regime") if v in row)
        name = row["name"].value if "name" in row else iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        rows.append(Row(iri=iri, name=name, count=int(row[count_var].value)))
    return tuple(rows)
