"""`exportgraph queries`, `exportgraph query` and `exportgraph sparql`.

Expected values come from the fact sheet: the Dutch list held seven codes on 1 August 2024
(NL-27..NL-33, NL-16), the Wassenaar Arrangement has 42 participants (WA-05), and no Art. 10
adoption is known (CL-14).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from exportgraph.cli import main

SEVEN_CODES = ["3B001.a.4", "3B001.d.12", "3B001.d.19", "3B001.f.4", "3B001.l", "3B001.m", "3D007"]


def invoke(*args):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("command", ["queries", "query", "sparql"])
def test_help_ends_with_an_example(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert f"Example: exportgraph {command}" in result.output


def test_queries_lists_names_summaries_and_parameters():
    result = invoke("queries")
    assert result.exit_code == 0
    assert "list-on-date: Which entries a control list held on a date" in result.output
    assert "-p date=...  (date, required)" in result.output


def test_query_with_parameters_as_csv():
    result = invoke(
        "query",
        "list-on-date",
        "-p",
        "list=exr:list/nl-semiconductor-equipment",
        "-p",
        "date=2024-08-01",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [row["code"] for row in rows] == SEVEN_CODES


def test_query_as_table_and_json():
    result = invoke("query", "wassenaar-participants")
    assert result.exit_code == 0
    assert "Russian Federation" in result.output and "(42 rows)" in result.output
    result = invoke("query", "wassenaar-participants", "--format", "json")
    assert len(json.loads(result.output)["results"]["bindings"]) == 42


def test_a_question_with_no_rows_says_none_known():
    result = invoke("query", "article-10-adoptions")
    assert result.exit_code == 0
    assert "(0 rows; none known)" in result.output


def test_query_errors_exit_2_without_trace():
    for args in (
        ["query", "no-such-question"],
        ["query", "list-on-date", "-p", "date=2024-08-01"],
        ["query", "list-on-date", "-p", "list=exr:list/x", "-p", "date=August"],
        ["query", "wassenaar-participants", "-p", "novalue"],
    ):
        result = invoke(*args)
        assert result.exit_code == 2, args
        assert "Error:" in result.output and "Traceback" not in result.output


def test_sparql_text_with_the_graphs_prefixes():
    result = invoke(
        "sparql",
        "SELECT ?code WHERE { ?e skos:inScheme <https://w3id.org/exportgraph/id/list/"
        "nl-semiconductor-equipment> ; exg:code ?code } ORDER BY ?code",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["code", *SEVEN_CODES]


def test_sparql_from_a_file(tmp_path):
    path = tmp_path / "ask.rq"
    path.write_text(
        "ASK { <https://w3id.org/exportgraph/id/regime/wassenaar> exg:participant country:RUS }",
        encoding="utf-8",
    )
    result = invoke("sparql", str(path))
    assert result.exit_code == 0 and result.output.strip() == "yes"


def test_sparql_refuses_updates_and_bad_syntax():
    result = invoke("sparql", "DELETE WHERE { ?s ?p ?o }")
    assert result.exit_code == 2 and "read-only" in result.output
    result = invoke("sparql", "SELECT ?s WHERE { ?s ?p }")
    assert result.exit_code == 2 and "1:" in result.output


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("no-equals-sign", "IRI=FILE"),
        ("not an iri=README.md", "not an absolute IRI"),
        ("urn:my:data=/no/such/file.ttl", "no such file"),
    ],
)
def test_serve_graph_option_errors_exit_2(value, message):
    result = invoke("serve", "--port", "0", "--graph", value)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
