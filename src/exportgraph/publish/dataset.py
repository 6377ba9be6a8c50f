"""The dataset describes itself: VoID statistics and a DCAT catalogue entry.

Served at /.well-known/void (RFC 5785 and the VoID spec's well-known location) and on the
/dataset page, and written beside the dumps. Title, description, licence and modification
date come from the ontology header; the data release's version and issue date from
data/release.ttl (the data's own version, apart from the software's); the counts from the
store; nothing is made up, so a value the graph lacks is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from exportgraph.namespaces import EXR
from exportgraph.publish.dump_files import DumpFile, void_name
from exportgraph.store import terms as ox
from exportgraph.store.interface import Store
from exportgraph.version import __version__

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
SPDX = "http://spdx.org/rdf/terms#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
OWL_VERSION_INFO = ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
XSD = "http://www.w3.org/2001/XMLSchema#"
ONTOLOGY = "https://w3id.org/exportgraph/ontology"
IANA = "https://www.iana.org/assignments/media-types/"

# The dataset's own name; licence, dates and creator are the ontology header's.
TITLES = {
    "en": "exportgraph: export-control law for advanced semiconductor manufacturing equipment",
    "nl": (
        "exportgraph: exportcontrolerecht voor geavanceerde productieapparatuur voor halfgeleiders"
    ),
}
DESCRIPTIONS = {
    "en": (
        "A knowledge graph of the Dutch national controls announced in Kamerstuk 22 054 nr. 384,"
        " the Regulation (EU) 2021/821 that permits them, the Wassenaar Arrangement and other"
        " member states' lists: the ontology and the reference data, without licence case"
        " records. Every fact carries its source and the source's quality (official or"
        " secondary)."
    ),
    "nl": (
        "Een kennisgraaf van de Nederlandse nationale maatregelen die in Kamerstuk 22 054"
        " nr. 384 zijn aangekondigd, van Verordening (EU) 2021/821 die ze toestaat, van het"
        " Wassenaar Arrangement en van de lijsten van andere lidstaten: de ontologie en de"
        " referentiedata, zonder vergunningzaken. Ieder feit draagt zijn bron en de kwaliteit"
        " daarvan (officieel of secundair)."
    ),
}
HEADER = f"""
SELECT ?p ?o WHERE {{
  <{ONTOLOGY}> ?p ?o .
  FILTER(?p IN (<{DCTERMS}license>, <{DCTERMS}modified>, <{DCTERMS}issued>, <{DCTERMS}creator>))
}}"""
CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class . FILTER(isIRI(?class)) }
GROUP BY ?class ORDER BY ?class"""
PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"
# The latest data release (data/release.ttl); ties broken by version so the answer is one.
RELEASE = f"""
SELECT ?version ?issued WHERE {{
  ?release a <{DCAT}Dataset> ; <{DCAT}version> ?version ; <{DCTERMS}issued> ?issued .
}} ORDER BY DESC(STR(?issued)) DESC(?version) LIMIT 1"""
SUBJECTS = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o . FILTER(isIRI(?s)) }"


@dataclass(frozen=True)
class DatasetFacts:
    """What the description states, for the page."""

    iri: str
    version: str  # the software's
    data_version: str  # the data release's; "" when the graph names none
    data_issued: str  # the data release's date, YYYY-MM-DD; "" when not known
    triples: int
    subjects: int
    classes: tuple[tuple[str, int], ...]
    properties: tuple[tuple[str, int], ...]
    vocabularies: tuple[str, ...]
    header: dict[str, list[ox.NamedNode | ox.Literal]]
    sparql: str
    dumps: tuple[DumpFile, ...]


def dataset_iri(base_iri: str) -> str:
    return base_iri + "dataset#dataset"


def dataset_facts(store: Store, base_iri: str, dumps: Sequence[DumpFile]) -> DatasetFacts:
    """Count what the store holds and read the ontology header."""
    header: dict[str, list] = {}
    header["title"] = [ox.Literal(text, language=lang) for lang, text in TITLES.items()]
    header["description"] = [ox.Literal(t, language=lang) for lang, t in DESCRIPTIONS.items()]
    for row in store.query(HEADER).rows:
        header.setdefault(row["p"].value.rsplit("/", 1)[-1], []).append(row["o"])
    classes = tuple((r["class"].value, int(r["n"].value)) for r in store.query(CLASSES).rows)
    properties = tuple((r["p"].value, int(r["n"].value)) for r in store.query(PROPERTIES).rows)
    subjects = store.query(SUBJECTS).rows
    release = data_release(store)
    if release[1]:
        header["issued"] = [ox.Literal(release[1], datatype=ox.NamedNode(XSD + "date"))]
    vocabularies = sorted({_namespace(iri) for iri, _ in classes + properties})
    return DatasetFacts(
        iri=dataset_iri(base_iri),
        version=__version__,
        data_version=release[0],
        data_issued=release[1],
        triples=store.triple_count(),
        subjects=int(subjects[0]["n"].value) if subjects else 0,
        classes=classes,
        properties=properties,
        vocabularies=tuple(vocabularies),
        header=header,
        sparql=base_iri + "sparql",
        dumps=tuple(dumps),
    )


def data_release(store: Store) -> tuple[str, str]:
    """The version and issue date of the latest data release the store holds, or ("", "")."""
    rows = store.query(RELEASE).rows
    if not rows:
        return "", ""
    return rows[0]["version"].value, rows[0]["issued"].value


def dataset_triples(store: Store, base_iri: str, dumps: Sequence[DumpFile]) -> list[ox.Triple]:
    """The VoID and DCAT description of the dataset as triples.

    base_iri is where the dataset is published: its IRI, the SPARQL endpoint and the download
    URLs of the dumps live under it. The resources' IRIs do not move with it: void:uriSpace,
    void:exampleResource and void:rootResource name the IRIs the graph holds (exr:, under
    https://w3id.org/exportgraph/id/), the ones in the dumps.
    """
    facts = dataset_facts(store, base_iri, dumps)
    dataset = ox.NamedNode(facts.iri)
    triples: list[ox.Triple] = []

    def add(s, p: str, o) -> None:
        triples.append(ox.Triple(s, ox.NamedNode(p), o))

    def typed(value: int | str, datatype: str) -> ox.Literal:
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))

    triples.append(ox.Triple(dataset, RDF_TYPE, ox.NamedNode(VOID + "Dataset")))
    triples.append(ox.Triple(dataset, RDF_TYPE, ox.NamedNode(DCAT + "Dataset")))
    for name, values in facts.header.items():
        for value in values:
            add(dataset, DCTERMS + name, value)
    # The dataset's version is the data release's, not the software's (that is in the file names).
    if facts.data_version:
        triples.append(ox.Triple(dataset, OWL_VERSION_INFO, ox.Literal(facts.data_version)))
        add(dataset, DCAT + "version", ox.Literal(facts.data_version))
    add(dataset, VOID + "triples", typed(facts.triples, "integer"))
    add(dataset, VOID + "distinctSubjects", typed(facts.subjects, "integer"))
    add(dataset, VOID + "classes", typed(len(facts.classes), "integer"))
    add(dataset, VOID + "properties", typed(len(facts.properties), "integer"))
    # The IRIs the graph really holds, wherever base_iri says the dataset is published.
    add(dataset, VOID + "uriSpace", ox.Literal(str(EXR)))
    add(dataset, VOID + "exampleResource", ox.NamedNode(EXR["law/nl-regeling-2023-18212"]))
    add(dataset, VOID + "rootResource", ox.NamedNode(EXR["law/eu-reg-2021-821"]))
    add(dataset, VOID + "sparqlEndpoint", ox.NamedNode(facts.sparql))
    add(dataset, DCTERMS + "conformsTo", ox.NamedNode(ONTOLOGY))
    for vocabulary in facts.vocabularies:
        add(dataset, VOID + "vocabulary", ox.NamedNode(vocabulary))
    for i, (iri, count) in enumerate(facts.classes):
        part = ox.NamedNode(f"{facts.iri}-class-{i + 1}")
        add(dataset, VOID + "classPartition", part)
        add(part, VOID + "class", ox.NamedNode(iri))
        add(part, VOID + "entities", typed(count, "integer"))
    for i, (iri, count) in enumerate(facts.properties):
        part = ox.NamedNode(f"{facts.iri}-property-{i + 1}")
        add(dataset, VOID + "propertyPartition", part)
        add(part, VOID + "property", ox.NamedNode(iri))
        add(part, VOID + "triples", typed(count, "integer"))
    service = ox.NamedNode(base_iri + "dataset#sparql-service")
    triples.append(ox.Triple(service, RDF_TYPE, ox.NamedNode(DCAT + "DataService")))
    add(service, DCAT + "endpointURL", ox.NamedNode(facts.sparql))
    add(service, DCAT + "servesDataset", dataset)
    add(service, DCTERMS + "conformsTo", ox.NamedNode("https://www.w3.org/TR/sparql11-protocol/"))
    for dump in dumps:
        if dump.name.endswith(".sha256") or dump.name == void_name():
            continue
        url = ox.NamedNode(base_iri + "dumps/" + dump.name)
        distribution = ox.NamedNode(f"{base_iri}dataset#{dump.name}")
        add(dataset, VOID + "dataDump", url)
        add(dataset, DCAT + "distribution", distribution)
        triples.append(ox.Triple(distribution, RDF_TYPE, ox.NamedNode(DCAT + "Distribution")))
        add(distribution, DCTERMS + "title", ox.Literal(f"{dump.format_name} dump", language="en"))
        add(distribution, DCAT + "downloadURL", url)
        add(distribution, DCAT + "mediaType", ox.NamedNode(IANA + dump.media_type))
        add(distribution, DCAT + "byteSize", typed(dump.size, "nonNegativeInteger"))
        if dump.compressed:
            add(distribution, DCAT + "compressFormat", ox.NamedNode(IANA + "application/gzip"))
        checksum = ox.NamedNode(f"{base_iri}dataset#{dump.name}-sha256")
        add(distribution, SPDX + "checksum", checksum)
        add(checksum, SPDX + "algorithm", ox.NamedNode(SPDX + "checksumAlgorithm_sha256"))
        add(checksum, SPDX + "checksumValue", typed(dump.sha256, "hexBinary"))
        for name in ("license",):
            for value in facts.header.get(name, ()):
                add(distribution, DCTERMS + name, value)
    return triples


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]
