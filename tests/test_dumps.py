"""Dumps and the dataset description: `exportgraph export`, /dumps/, /.well-known/void."""

from __future__ import annotations

import gzip
import hashlib
import warnings

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID

from exportgraph import __version__
from exportgraph.cli import main
from tests.graphs import isomorphic
from tests.web_client import request

BASE = "https://w3id.org/exportgraph/"
DATASET = URIRef(BASE + "dataset#dataset")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")  # the ontology header's licence
FORMATS = {
    f"exportgraph-{__version__}.ttl": "turtle",
    f"exportgraph-{__version__}.nt.gz": "nt",
    f"exportgraph-{__version__}.jsonld.gz": "json-ld",
}


def parse(data: bytes, rdf_format: str) -> Graph:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=data, format=rdf_format)


def fetch(url, headers=None):
    status, headers, body, _ = request(url, headers)
    return status, headers, body


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("dumps")
    result = CliRunner().invoke(main, ["export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_export_writes_versioned_dumps_with_checksums(exported):
    out, output = exported
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        [*FORMATS, f"exportgraph-{__version__}-void.ttl", f"exportgraph-{__version__}.sha256"]
    )
    sums = (out / f"exportgraph-{__version__}.sha256").read_text().splitlines()
    assert len(sums) == 4
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
        assert digest in output


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_dump_is_isomorphic_to_the_published_graph(exported, graph, name):
    out, _ = exported
    data = (out / name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    assert isomorphic(parse(data, FORMATS[name]), graph)


def test_dumps_hold_no_case_records(exported):
    out, _ = exported
    dump = parse((out / f"exportgraph-{__version__}.ttl").read_bytes(), "turtle")
    assert not list(dump.subjects(RDF.type, URIRef(BASE + "ontology#LicenceCase")))
    assert not [s for s in dump.subjects() if str(s).startswith(BASE + "id/case/")]


def test_export_twice_gives_the_same_bytes(exported, tmp_path):
    out, _ = exported
    assert CliRunner().invoke(main, ["export", "--out", str(tmp_path)]).exit_code == 0
    for name in FORMATS:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes()


def test_export_into_a_file_is_an_input_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(main, ["export", "--out", str(blocker / "sub")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_served_dump_is_isomorphic_to_the_served_graph(site, graph):
    name = f"exportgraph-{__version__}.nt.gz"
    status, headers, body = fetch(site + "dumps/" + name)
    assert status == 200
    assert isomorphic(parse(gzip.decompress(body), "nt"), graph)
    status, _, sums = fetch(site + f"dumps/exportgraph-{__version__}.sha256")
    assert f"{hashlib.sha256(body).hexdigest()}  {name}" in sums.decode()


@pytest.mark.parametrize(
    "path",
    ["dumps/..%2Fpyproject.toml", "dumps/%2e%2e/README.md", "dumps/.%2F..%2F..%2Fetc%2Fpasswd"],
)
def test_dumps_refuse_paths_outside_the_folder(site, path):
    status, _, body = fetch(site + path)
    assert status == 404
    assert b"[project]" not in body and b"root:" not in body


def test_void_is_turtle_by_default_and_describes_the_dataset(site, graph):
    status, headers, body = fetch(site + ".well-known/void")
    assert status == 200 and headers.get_content_type() == "text/turtle"
    void = parse(body, "turtle")
    assert (DATASET, RDF.type, VOID.Dataset) in void and (DATASET, RDF.type, DCAT.Dataset) in void
    assert void.value(DATASET, VOID.triples).toPython() == len(graph)
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef(BASE + "sparql")
    assert void.value(DATASET, DCTERMS.license) == CC_BY
    # The dataset's version is the data release's (data/release.ttl), not the software's.
    release = next(graph.subjects(URIRef(str(DCAT) + "version"), None))
    assert void.value(DATASET, URIRef(str(DCAT) + "version")) == graph.value(
        release, URIRef(str(DCAT) + "version")
    )
    assert (DATASET, DCTERMS.modified, None) in void
    dumps = {str(u) for u in void.objects(DATASET, VOID.dataDump)}
    assert dumps == {BASE + "dumps/" + name for name in FORMATS}
    classes = {void.value(p, VOID["class"]) for p in void.objects(DATASET, VOID.classPartition)}
    assert URIRef(BASE + "ontology#ControlEntry") in classes
    vocabularies = set(void.objects(DATASET, VOID.vocabulary))
    assert URIRef("http://data.europa.eu/eli/ontology#") in vocabularies
    for distribution in void.objects(DATASET, DCAT.distribution):
        assert void.value(distribution, DCAT.downloadURL) is not None


def test_void_by_accept_and_dataset_page(site):
    status, headers, body = fetch(site + ".well-known/void", {"Accept": "application/ld+json"})
    assert status == 200 and headers.get_content_type() == "application/ld+json"
    assert (DATASET, RDF.type, VOID.Dataset) in parse(body, "json-ld")
    status, headers, body = fetch(site + "dataset", {"Accept": "text/html"})
    assert status == 200 and headers.get_content_type() == "text/html"
    page = body.decode("utf-8")
    assert f"exportgraph-{__version__}.ttl" in page and "/.well-known/void" in page


def test_a_configured_dumps_folder_is_served_as_written(exported):
    from exportgraph.publish.dumps import DumpFolder

    out, _ = exported
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    folder = DumpFolder(str(out), BASE)
    listed = {f.name: f.sha256 for f in folder.files()}
    assert set(listed) == set(before)
    for name, digest in listed.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before  # not rewritten
    assert folder.file(f"exportgraph-{__version__}.ttl") == out / f"exportgraph-{__version__}.ttl"
