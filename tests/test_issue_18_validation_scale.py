"""Issue 18, item 1: set-wise validation slowed down as the batch grew.

The fault: the queries that find each failing part's case (cases.facts.owners) and the law's
status at each (instrument, date) of the batch (cases.dates) bound every value of the batch in
one VALUES block. Oxigraph plans a block of more than about a thousand rows as a nested loop:
over 30,000 generated cases, the 1,761 failing parts took 7 to 16 s as one block and 0.02 s in
blocks of 1,000 (benchmarks/validate.py; docs/benchmarks.md). The rate fell from some 2,000
cases a second at 10,000 cases to 300-400 at 30,000 and 100,000. Now such a set is asked in
blocks of store.embedded.VALUES_ROWS_AT_MOST rows, and the reports do not depend on the size.

Tests never time anything: they check that no query binds more rows than a block and that the
reports are the same whatever the block size.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from exportgraph.cases.reading import collector_paused, read_case_text
from exportgraph.cases.validation import CaseValidator
from exportgraph.sparql.text import tokenize
from exportgraph.store import embedded
from exportgraph.store.embedded import EmbeddedStore, values_blocks

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from casegen import generate  # noqa: E402

SMALL_BLOCK = 5


def values_rows(sparql: str) -> list[tuple[str, int]]:
    """Each VALUES block of a query as (its first variable, how many rows it holds)."""
    tokens = [t for t in tokenize(sparql) if t.kind not in ("space", "comment")]
    blocks = []
    for index, token in enumerate(tokens):
        if token.word != "VALUES":
            continue
        several = tokens[index + 1].text == "("
        variable = tokens[index + 2 if several else index + 1].name
        opening = next(i for i in range(index, len(tokens)) if tokens[i].text == "{")
        closing = next(i for i in range(opening, len(tokens)) if tokens[i].text == "}")
        inside = tokens[opening + 1 : closing]
        if several:
            rows = sum(1 for t in inside if t.text == "(")
        else:
            rows = sum(
                1
                for i, t in enumerate(inside)
                if t.kind in ("iri", "pname", "string", "number", "bnode")
                and not (i and inside[i - 1].text == "^^")
            )
        blocks.append((variable, rows))
    return blocks


@pytest.fixture(scope="module")
def batch():
    return generate(300, seed=18).serialize(format="turtle")


def _validate(batch: str, monkeypatch, block: int | None) -> tuple[list, list[str]]:
    sent: list[str] = []
    solutions, query = EmbeddedStore.solutions, EmbeddedStore.query

    def recording_solutions(self, sparql, *args, **kwargs):
        sent.append(sparql)
        return solutions(self, sparql, *args, **kwargs)

    def recording_query(self, sparql, *args, **kwargs):
        sent.append(sparql)
        return query(self, sparql, *args, **kwargs)

    with monkeypatch.context() as patch:
        if block is not None:
            patch.setattr(embedded, "VALUES_ROWS_AT_MOST", block)
        patch.setattr(EmbeddedStore, "solutions", recording_solutions)
        patch.setattr(EmbeddedStore, "query", recording_query)
        outcomes = CaseValidator(engine="setwise").validate(read_case_text(batch, "turtle", "b"))
    return outcomes, sent


def test_blocks_keep_the_order_and_every_row():
    rows = list(range(1_234))
    blocks = list(values_blocks(rows))
    assert [len(b) for b in blocks] == [500, 500, 234]
    assert [row for block in blocks for row in block] == rows
    assert list(values_blocks([])) == []


def test_no_query_binds_more_rows_than_a_block(batch, monkeypatch):
    _, sent = _validate(batch, monkeypatch, SMALL_BLOCK)
    blocks = [b for sparql in sent for b in values_rows(sparql)]
    growing = [b for b in blocks if b[0] in ("part", "resource", "this")]
    assert all(rows <= SMALL_BLOCK for _, rows in growing), growing
    # The batch is large enough to need several blocks of parts and of (instrument, date).
    assert sum(1 for variable, _ in growing if variable == "part") >= 2
    assert sum(1 for variable, _ in growing if variable == "resource") >= 2


def test_reports_do_not_depend_on_the_block_size(batch, monkeypatch):
    in_small_blocks, _ = _validate(batch, monkeypatch, SMALL_BLOCK)
    in_default_blocks, _ = _validate(batch, monkeypatch, None)
    assert in_small_blocks == in_default_blocks
    assert sum(1 for outcome in in_default_blocks if not outcome.conforms) > SMALL_BLOCK


def test_the_collector_is_paused_for_the_block_and_restored_after_it():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a block that fails")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled(), "a collector that was off stays off"
    finally:
        gc.enable()


def test_validation_leaves_the_collector_on(batch):
    CaseValidator(engine="setwise").validate(read_case_text(batch, "turtle", "b"))
    assert gc.isenabled()
