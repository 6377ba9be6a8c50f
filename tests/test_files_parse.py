"""Every Turtle file and every saved question parses."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
TURTLE = sorted(
    p
    for folder in ("ontology", "data", "shapes", "tests/cases")
    for p in (ROOT / folder).rglob("*.ttl")
)
QUERIES = sorted((ROOT / "queries").glob("*.rq"))


def test_there_are_files_to_check():
    folders = {p.relative_to(ROOT).parts[0] for p in TURTLE}
    assert {"ontology", "data", "shapes", "tests"} <= folders
    assert QUERIES


@pytest.mark.parametrize("path", TURTLE, ids=lambda p: str(p.relative_to(ROOT)))
def test_turtle_parses(path):
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0, f"{path} holds no triple"


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_saved_question_parses_and_runs(path, store):
    # Parameters left unbound; the rows each question must find, with its parameters, are
    # checked against the fact sheet in tests/test_saved_queries.py (some rightly find none,
    # e.g. Art. 10 adoptions, or case statistics without a case graph).
    answer = store.query(path.read_text(encoding="utf-8"))
    assert answer.kind == "select"


def test_a_broken_file_is_reported_with_its_line(tmp_path):
    from exportgraph.errors import InputError
    from exportgraph.store.embedded import EmbeddedStore

    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix a: <http://a/> .\n\na:b a:c a:d .\na:b a:c .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.ttl: .*line 4"):
        EmbeddedStore().load_file(broken)
