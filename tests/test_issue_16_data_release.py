"""Issue 16, item 5: the data had no version of its own and no release date.

The VoID and DCAT description gave the software's version as the dataset's and said nothing
of when the data was issued (the /dataset page showed "Issued: unknown"); `exportgraph export`
did not say which state of the law it wrote. The data release (data/release.ttl) now has its
own version and date, a changelog section, and every description names it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, XSD

from exportgraph import __version__
from exportgraph.cli import main
from exportgraph.config import resource_dir

RELEASE_FILE = resource_dir("data") / "release.ttl"
CHANGELOG = resource_dir("data") / "CHANGELOG.md"
# rdflib's DCAT namespace predates DCAT 2 and has no dcat:version.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DATASET = URIRef("https://w3id.org/exportgraph/dataset#dataset")


@pytest.fixture(scope="module")
def release() -> tuple[str, str]:
    graph = Graph().parse(RELEASE_FILE, format="turtle")
    versions = list(graph.subject_objects(DCAT.version))
    assert len(versions) == 1, versions
    node, version = versions[0]
    issued = graph.value(node, DCTERMS.issued)
    assert issued is not None and issued.datatype == XSD.date
    return str(version), str(issued)


def test_the_data_version_is_its_release_day_and_not_the_softwares(release):
    version, issued = release
    assert re.fullmatch(r"\d{4}\.\d{2}\.\d{2}", version)
    assert version.replace(".", "-") == issued
    assert version != __version__


def test_the_changelog_has_a_section_for_the_release(release):
    headings = re.findall(r"^## (\S+)", CHANGELOG.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings and headings[0] == release[0]  # newest first


def test_void_states_the_data_version_and_issue_date(client, release):
    response = client.get("/.well-known/void")
    void = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert void.value(DATASET, DCAT.version) == Literal(release[0])
    assert void.value(DATASET, OWL.versionInfo) == Literal(release[0])
    assert void.value(DATASET, DCTERMS.issued) == Literal(release[1], datatype=XSD.date)


@pytest.mark.parametrize(
    ("lang", "row"), [("en", "Data release"), ("nl", "Uitgave van de gegevens")]
)
def test_the_dataset_page_shows_the_release(client, release, lang, row):
    page = client.get(f"/dataset?lang={lang}").get_data(as_text=True)
    assert row in page
    assert f'<td class="data-version">{release[0]} ' in page
    issued = page.split(">Issued<" if lang == "en" else ">Uitgegeven<")[1].split("</tr>")[0]
    assert release[1] in issued


def test_export_names_the_data_version_in_its_output_and_its_void(tmp_path: Path, release):
    result = CliRunner().invoke(main, ["export", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first == (
        f"data release {release[0]} (issued {release[1]}), written by exportgraph {__version__}"
    )
    void = Graph().parse(tmp_path / f"exportgraph-{__version__}-void.ttl", format="turtle")
    assert void.value(DATASET, DCAT.version) == Literal(release[0])
    assert void.value(DATASET, DCTERMS.issued) == Literal(release[1], datatype=XSD.date)
