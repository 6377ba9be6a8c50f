"""The rdflib patch (exportgraph.cases.monkey): the same reports, installed only when asked.

The patch memoises rdflib's parsing of SPARQL text. Validating without it costs about half a
second per case (pySHACL parses every constraint and law function per focus node), so the
comparison runs on the fixtures where a wrongly reused parse would show: every invalid
fixture whose expected finding comes from a SHACL-SPARQL constraint (the parsed queries), and
two valid ones (every constraint passing). All of them run every SPARQL constraint and law
function of the shapes, which is all the patch touches.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import Graph
from rdflib.plugins.sparql.processor import SPARQLProcessor

from exportgraph.cases import monkey
from exportgraph.cases.reading import CaseSource, read_case_files
from exportgraph.cases.validation import CaseValidator

CASES = Path(__file__).resolve().parent / "cases"
SPARQL_FIXTURES = sorted(
    path
    for path in (CASES / "invalid").glob("*.ttl")
    if "sh:SPARQLConstraintComponent" in path.read_text(encoding="utf-8")
)
VALID_FIXTURES = sorted((CASES / "valid").glob("*.ttl"))[:2]


def rdflibs_own_query() -> bool:
    return SPARQLProcessor.query.__module__ == "rdflib.plugins.sparql.processor"


@pytest.fixture
def restore_patch():
    """Leave the process as the test found it (other tests' validators may rely on it)."""
    was_installed = monkey.installed()
    yield
    if was_installed:
        monkey.install()
    else:
        monkey.uninstall()


def test_the_fixtures_cover_sparql_constraints():
    assert len(SPARQL_FIXTURES) >= 5
    assert len(VALID_FIXTURES) == 2


def test_reports_are_identical_with_and_without_the_patch(store, restore_patch):
    monkey.uninstall()
    validator = CaseValidator(store=store)  # not asked for the cache: builds without it
    assert not monkey.installed() and rdflibs_own_query()
    merged = Graph()
    for source in read_case_files(SPARQL_FIXTURES + VALID_FIXTURES):
        merged += source.graph
    cases = CaseSource("fixtures", merged)

    plain = validator.validate(cases)
    assert monkey.install()
    patched = validator.validate(cases)
    patched_again = validator.validate(cases)  # now answered from the cache

    assert len(plain) == len(SPARQL_FIXTURES) + len(VALID_FIXTURES)
    found = {r.component.rsplit("#", 1)[-1] for outcome in plain for r in outcome.results}
    assert "SPARQLConstraintComponent" in found
    assert patched == plain
    assert patched_again == plain


def test_a_validator_asked_for_the_cache_installs_it(store, restore_patch):
    monkey.uninstall()
    CaseValidator(store=store, parse_cache=True)
    assert monkey.installed() and not rdflibs_own_query()


def test_uninstall_gives_rdflib_its_own_function_back(restore_patch):
    monkey.install()
    assert not rdflibs_own_query()
    monkey.uninstall()
    assert rdflibs_own_query() and not monkey.installed()
    monkey.uninstall()  # twice is harmless
    assert rdflibs_own_query()


def test_another_rdflib_version_is_not_patched(restore_patch):
    monkey.uninstall()
    with pytest.warns(monkey.PatchNotInstalledWarning, match="rdflib 8.0.0 is not a version"):
        assert monkey.install(version="8.0.0") is False
    assert rdflibs_own_query() and not monkey.installed()


def test_the_installed_rdflib_is_one_the_patch_was_written_for():
    # Upgrading rdflib fails here first: read SPARQLProcessor.query again, then add the version.
    assert rdflib.__version__ in monkey.RDFLIB_VERSIONS


def test_importing_exportgraph_patches_nothing():
    code = (
        "import exportgraph, exportgraph.api.graph, exportgraph.cases.validation, exportgraph.cli\n"
        "from rdflib.plugins.sparql.processor import SPARQLProcessor\n"
        "print(SPARQLProcessor.query.__module__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "rdflib.plugins.sparql.processor"
