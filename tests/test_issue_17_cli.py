"""Issue 17, the CLI as a new user meets it: faults found by running `exportgraph`.

- `exportgraph diff` ignored --store;
- --store and --store-path were written into os.environ, so one call leaked its store into
  every later call in the same process (and into test servers);
- `serve` on a port in use printed a Python traceback;
- names the tool printed (exr:law/nl-bsg) could not be pasted back into `sparql`;
- --store-path after the command's name was "No such option", with no hint it is global;
- `query case-outcomes` without a case store answered "0 rows" without saying why;
- a misspelt saved question listed all 26 names, with no "did you mean";
- `check-data --lang nl` answered in English;
- `reason nosuch.ttl` announced reasoning before the error;
- dumps were written mode 0600 whatever the umask;
- `export --base-iri` moved void:uriSpace away from the IRIs the dump holds;
- SELECT * columns came in Oxigraph's order (by name), not the query's.

Expected values come from the reference data and the sample cases in tests/cases/valid (eight
cases; NL-EXP-2024-0142 the one refused), not from the program's output.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import stat
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Namespace, URIRef

from exportgraph.cases.reports import reference_data_text
from exportgraph.cases.validation import validate_reference_data
from exportgraph.cli import main
from exportgraph.endpoint.answer_text import short_form
from exportgraph.endpoint.core import GRAPH_PREFIXES
from exportgraph.namespaces import EXR
from exportgraph.store.embedded import open_store

CASES = Path(__file__).parent / "cases" / "valid"
DIFF = ["diff", "nl-semiconductor-equipment", "--from", "2024-09-01", "--to", "2024-09-10"]
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


@pytest.fixture
def dead_store() -> str:
    """The URL of a SPARQL store nobody listens at: a port bound, then let go."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/sparql"


@pytest.fixture(scope="module")
def case_store(tmp_path_factory) -> str:
    """An on-disk case store holding the eight sample cases, filled by load-cases."""
    path = tmp_path_factory.mktemp("store") / "cases"
    result = invoke("--store-path", str(path), "load-cases", str(CASES))
    assert result.exit_code == 0, result.output
    return str(path)


# --- the store of a call: --store and --store-path --------------------------------------


@pytest.mark.parametrize("before", [True, False], ids=["before-the-command", "after-it"])
def test_diff_asks_the_store_given_with_store(dead_store, before):
    args = ["--store", dead_store, *DIFF] if before else [*DIFF, "--store", dead_store]
    result = invoke(*args)
    # Only a diff that asks the store given finds nobody there.
    assert result.exit_code == 2, result.output
    assert f"cannot reach the store at {dead_store}" in result.output
    assert "Traceback" not in result.output


def test_one_call_leaves_its_store_to_no_later_call(dead_store, monkeypatch):
    monkeypatch.delenv("EXPORTGRAPH_STORE", raising=False)
    monkeypatch.delenv("EXPORTGRAPH_STORE_PATH", raising=False)
    assert invoke("--store", dead_store, *DIFF).exit_code == 2
    assert invoke("--store-path", "/nonexistent/cases", "info").exit_code == 2
    assert "EXPORTGRAPH_STORE" not in os.environ
    assert "EXPORTGRAPH_STORE_PATH" not in os.environ
    later = invoke(*DIFF)
    assert later.exit_code == 0, later.output
    assert "Dutch national control list" in later.output


@pytest.mark.parametrize("before", [True, False], ids=["before-the-command", "after-it"])
def test_store_path_is_taken_before_and_after_the_command(case_store, before):
    query = ["query", "case-outcomes", "--format", "csv"]
    args = ["--store-path", case_store, *query] if before else [*query, "--store-path", case_store]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    rows = {row["outcome"]: int(row["cases"]) for row in csv.DictReader(io.StringIO(result.stdout))}
    assert sum(rows.values()) == 8
    assert rows["https://w3id.org/exportgraph/ontology#refused"] == 1


def test_store_path_after_a_command_that_reads_no_store_says_so():
    result = invoke("check-data", "--store-path", "/tmp/cases")
    assert result.exit_code == 2
    assert "`exportgraph check-data` reads no store" in result.output


# --- serve on a port in use ---------------------------------------------------------------


def test_serve_on_a_port_in_use_says_so_before_loading_anything(monkeypatch):
    import exportgraph.web

    built = []
    monkeypatch.setattr(exportgraph.web, "create_app", lambda *a, **k: built.append(a))
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = invoke(
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            env={"EXPORTGRAPH_MEMORY_ALLOCATOR": "system"},
        )
    assert result.exit_code == 2, result.output
    assert f"port {port} on 127.0.0.1 is in use" in result.output
    assert "--port" in result.output
    assert "Traceback" not in result.output
    assert built == [], "the application was built before the port was found busy"


# --- names that paste back ----------------------------------------------------------------


def _first_cell(output: str, start: str) -> str:
    return next(line.split()[0] for line in output.splitlines() if line.startswith(start))


def test_a_printed_name_pastes_into_sparql():
    listed = invoke("query", "instruments-in-force", "-p", "date=2024-09-10")
    assert listed.exit_code == 0, listed.output
    name = _first_cell(listed.output, "exr:law")
    pasted = invoke("sparql", f"SELECT ?title WHERE {{ {name} eli:title ?title }}")
    assert pasted.exit_code == 0, pasted.output
    assert "(1 row)" in pasted.output


def test_a_printed_name_pastes_into_a_parameter():
    listed = invoke("query", "instruments-in-force", "-p", "date=2024-09-10")
    name = _first_cell(listed.output, "exr:law\\/nl-regeling-2023-18212")
    result = invoke("query", "amendments", "-p", f"amended={name}", "--format", "csv")
    assert result.exit_code == 0, result.output
    amending = {row["amending"] for row in csv.DictReader(io.StringIO(result.stdout))}
    assert str(EXR["law/nl-regeling-bz2404162"]) in amending


def test_a_bare_slash_in_a_prefixed_name_is_explained():
    result = invoke("sparql", "SELECT ?t WHERE { exr:law/nl-bsg eli:title ?t }")
    assert result.exit_code == 2
    assert "exr:law\\/nl-bsg" in result.output
    assert f"<{EXR['law/nl-bsg']}>" in result.output


def test_every_iri_of_the_graph_prints_as_sparql_reads_it():
    store = open_store()
    iris = {
        term
        for row in store.query("SELECT DISTINCT ?s ?o WHERE { ?s ?p ?o }").rows
        for term in row.values()
        if isinstance(term, ox.NamedNode)
    }
    written = [short_form(iri) for iri in sorted(iris, key=str)]
    prologue = "".join(f"PREFIX {p}: <{n}>\n" for p, n in GRAPH_PREFIXES.items())
    values = " ".join(written)
    read_back = ox.Store().query(prologue + f"SELECT ?x WHERE {{ VALUES ?x {{ {values} }} }}")
    assert {solution["x"] for solution in read_back} == iris
    assert any(name.startswith("exr:") and "\\/" in name for name in written)


# --- saved questions ----------------------------------------------------------------------


def test_a_question_about_cases_without_a_case_store_says_what_it_needs(monkeypatch):
    monkeypatch.delenv("EXPORTGRAPH_STORE_PATH", raising=False)
    result = invoke("query", "case-outcomes")
    assert result.exit_code == 2, result.output
    assert "case-outcomes asks about licence cases" in result.output
    assert "--store-path DIR" in result.output
    assert "row" not in result.output


def test_queries_marks_the_questions_that_need_a_case_store():
    lines = invoke("queries").output.splitlines()
    marked = {line.split(":")[0] for line in lines if "needs a case store" in line}
    assert marked == {"case-outcomes", "cases-per-control-entry", "cases-per-destination",
                      "cases-per-year"}  # fmt: skip


def test_a_misspelt_question_gets_did_you_mean():
    result = invoke("query", "case-outcome")
    assert result.exit_code == 2
    assert "did you mean case-outcomes?" in result.output
    assert "wassenaar-participants" not in result.output


# --- check-data in Dutch ------------------------------------------------------------------


def test_check_data_answers_in_dutch():
    result = invoke("check-data", "--lang", "nl")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "de referentiegegevens voldoen aan shapes/reference-data.ttl"


def test_a_reference_data_violation_is_reported_in_dutch():
    exg = Namespace("https://w3id.org/exportgraph/ontology#")
    graph = Graph()
    law = URIRef(EXR["law/untitled"])
    graph.add((law, RDF.type, exg.LegalInstrument))
    text = reference_data_text(validate_reference_data(graph, lang="nl"), "nl")
    lines = text.splitlines()
    # No title, no identifier, no source, no date (issue 16.5): four violations, each in Dutch.
    assert lines[-1] == "voldoet niet: 4 schending(en)"
    assert all(line.startswith(f"Schending: <{law}>") for line in lines[:-1])
    assert any("juridische bron noemt geen regel van het feitenblad" in line for line in lines)
    assert "iolation" not in text


# --- reason checks its input first -------------------------------------------------------


def test_reason_on_a_missing_file_says_so_without_announcing_a_run(tmp_path):
    result = invoke("reason", str(tmp_path / "nosuch.ttl"))
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert "Reasoning" not in result.output


def test_reason_on_a_file_that_is_not_turtle_says_so_without_announcing_a_run(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not @ turtle", encoding="utf-8")
    result = invoke("reason", str(bad))
    assert result.exit_code == 2
    assert f"{bad}: not valid Turtle" in result.output
    assert "Reasoning" not in result.output


# --- dumps --------------------------------------------------------------------------------


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_dumps_are_written_with_the_umask(tmp_path, umask, mode):
    before = os.umask(umask)
    try:
        result = invoke("export", "--out", str(tmp_path))
    finally:
        os.umask(before)
    assert result.exit_code == 0, result.output
    written = sorted(tmp_path.iterdir())
    assert len(written) == 5
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in written} == {
        p.name: mode for p in written
    }


def _only(values):
    (value,) = list(values)
    return value


def test_export_base_iri_keeps_the_void_file_true_to_the_dump(tmp_path):
    base = "https://data.example.org/eg/"
    result = invoke("export", "--out", str(tmp_path), "--base-iri", base)
    assert result.exit_code == 0, result.output
    void = Graph().parse(next(tmp_path.glob("*-void.ttl")))
    dump = Graph().parse(next(p for p in tmp_path.glob("*.ttl") if "void" not in p.name))
    subjects = {str(s) for s in dump.subjects()}
    space = str(_only(void.objects(predicate=VOID.uriSpace)))
    assert space == str(EXR)
    assert any(s.startswith(space) for s in subjects)
    for described in (VOID.exampleResource, VOID.rootResource):
        assert str(_only(void.objects(predicate=described))) in subjects
    # Where it is published does follow --base-iri.
    downloads = [str(url) for url in void.objects(predicate=DCAT.downloadURL)]
    assert len(downloads) == 3
    assert all(url.startswith(base + "dumps/") for url in downloads)
    assert str(_only(void.objects(predicate=DCAT.endpointURL))) == base + "sparql"


def test_export_help_says_what_base_iri_moves():
    text = " ".join(invoke("export", "--help").output.split())
    assert "The IRIs in the dumps do not change" in text
    assert "void:uriSpace" in text


# --- SELECT * -----------------------------------------------------------------------------

STAR = (
    "SELECT * WHERE { ?zeta a exg:ControlEntry ; exg:code ?alpha ."
    " OPTIONAL { ?zeta skos:inScheme ?mid } } LIMIT 3"
)


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_select_star_columns_follow_the_query(fmt):
    result = invoke("sparql", STAR, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].replace(",", " ").split() == ["zeta", "alpha", "mid"]


def test_select_star_columns_follow_the_query_as_of_a_date():
    result = invoke("sparql", STAR, "--format", "csv", "--as-of", "2024-09-10")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "zeta,alpha,mid"
