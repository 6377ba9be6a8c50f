"""The library-first API (exportgraph.ExportGraph): its docstring examples and the README's
"Use it from Python" examples run as tests, and the CLI and web layer answer as it does."""

from __future__ import annotations

import doctest
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

import exportgraph
from exportgraph.api import graph as graph_module
from exportgraph.cli import main
from exportgraph.config import Settings
from exportgraph.errors import ConfigurationError, InputError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def graph():
    return exportgraph.ExportGraph.open(Settings())


def _run_doctests(module, graph) -> doctest.TestResults:
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = finder.find(module, module.__name__, extraglobs={"graph": graph})
    assert tests, f"{module.__name__} has no docstring examples"
    for test in tests:
        runner.run(test)
    return runner.summarize(verbose=False)


@pytest.mark.parametrize("name", ["exportgraph", "exportgraph.api.graph"])
def test_docstring_examples_run(name, graph):
    results = _run_doctests(importlib.import_module(name), graph)
    assert results.attempted >= 2
    assert results.failed == 0


def test_every_public_method_has_an_example():
    for name in ("open", "query", "saved_query", "as_of", "licence_check", "diff"):
        doc = getattr(graph_module.ExportGraph, name).__doc__
        assert ">>>" in doc, f"ExportGraph.{name} has no example"
    assert ">>>" in graph_module.ExportGraph.validate_text.__doc__


def test_readme_python_examples_run(monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use it from Python", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks, "the README's Python section has no example"
    monkeypatch.chdir(ROOT)  # its validate example names a file of the checkout
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner()
    for number, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README[{number}]", "README.md", 0)
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.attempted >= 8
    assert results.failed == 0


def test_import_exportgraph_loads_no_engine():
    """`import exportgraph` is cheap: the API's modules (and pyoxigraph, rdflib, pySHACL)
    load on first use."""
    heavy = ("pyoxigraph", "rdflib", "pyshacl", "exportgraph.api.graph")
    code = f"import sys, exportgraph; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert exportgraph.ExportGraph is graph_module.ExportGraph


def test_as_of_view_leaves_out_later_law(graph):
    then = graph.as_of("2024-08-01")
    now = graph.as_of("2024-09-10")
    assert then.on.isoformat() == "2024-08-01"
    # The September 2024 Dutch regeling was not yet law on 1 August.
    regeling = "https://w3id.org/exportgraph/id/law/nl-regeling-bz2404162"
    assert regeling in then.left_out
    assert regeling not in now.left_out
    ask = "ASK { ?r a ?kind } "
    assert graph.query(ask, r=URIRef(regeling)).boolean is True
    assert then.query(ask, r=URIRef(regeling)).boolean is False


def test_open_takes_settings_by_name_and_refuses_unknown_ones():
    assert exportgraph.ExportGraph.open(row_limit=7).settings.row_limit == 7
    with pytest.raises(ConfigurationError, match="no such setting: rows"):
        exportgraph.ExportGraph.open(rows=7)


def test_query_binds_values_and_refuses_updates(graph):
    answer = graph.query("SELECT ?x WHERE { BIND(?v AS ?x) }", v='a "quoted" } value')
    assert [row["x"].value for row in answer.rows] == ['a "quoted" } value']
    with pytest.raises(exportgraph.ExportGraphError):
        graph.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(InputError):
        graph.query("SELECT * WHERE { ?s ?p ?o }", v=object())


def test_cli_licence_check_answers_as_the_api_does(graph):
    result = CliRunner().invoke(
        main,
        [
            "licence-check",
            "--item",
            "NXT:1980i",
            "--destination",
            "CHN",
            "--date",
            "2024-09-10",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    expected = graph.licence_check("NXT:1980i", "CHN", "2024-09-10").to_json()
    assert json.loads(result.output) == expected


def test_cli_diff_answers_as_the_api_does(graph):
    result = CliRunner().invoke(
        main,
        [
            "diff",
            "nl-semiconductor-equipment",
            "--from",
            "2024-09-01",
            "--to",
            "2024-09-10",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    expected = graph.diff("nl-semiconductor-equipment", "2024-09-01", "2024-09-10").to_json()
    assert json.loads(result.output) == expected
