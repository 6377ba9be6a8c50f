"""An answer as the query page shows it: one page of rows, labels linked to their resources.

The endpoint answers the whole query (up to its row cap); the page shows `size` rows of it
at a time, with the total, so `SELECT * {?s ?p ?o}` is a page of a hundred rows and not
megabytes of HTML. The full answer stays one click away as CSV or JSON.

A column ?xLabel (or ?xName) beside ?x is shown as ?x's label linking to ?x, and the bare ?x
column is left out: a reader wants the name and the link, not the IRI twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from exportgraph.endpoint.workers import QueryOutcome

DEFAULT_PAGE_SIZE = 100
PAGE_SIZES = (25, 100, 500)
MAX_PAGE_SIZE = 1000
LABEL_SUFFIXES = ("Label", "Name")


@dataclass
class Cell:
    text: str
    href: str | None = None
    iri: str | None = None


@dataclass
class Results:
    """One page of an answer."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    boolean: bool | None = None
    graph_text: str = ""
    count: int = 0
    seconds: float = 0.0
    truncated: bool = False
    page: int = 1
    size: int = DEFAULT_PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.size))

    @property
    def first_row(self) -> int:
        return (self.page - 1) * self.size + 1 if self.count else 0

    @property
    def last_row(self) -> int:
        return min(self.count, self.page * self.size)


def page_size(text: str | None) -> int:
    """The rows per page asked for, between 1 and MAX_PAGE_SIZE; the default when unreadable."""
    try:
        size = int(text or DEFAULT_PAGE_SIZE)
    except ValueError:
        return DEFAULT_PAGE_SIZE
    return min(max(size, 1), MAX_PAGE_SIZE)


def page_number(text: str | None) -> int:
    try:
        return max(int(text or 1), 1)
    except ValueError:
        return 1


def labelled_columns(variables: list[str]) -> dict[str, str]:
    """The label column of each IRI column that has one: {"xLabel": "x"}."""
    return {
        name + suffix: name
        for name in variables
        for suffix in LABEL_SUFFIXES
        if name + suffix in variables
    }


def answer_page(
    outcome: QueryOutcome,
    page: int,
    size: int,
    name_of: Callable[[str], str],
    link_of: Callable[[str], str],
) -> Results:
    """One page of the endpoint's answer; name_of labels an IRI, link_of gives its page."""
    results = Results(
        kind=outcome.kind,
        count=outcome.rows,
        seconds=outcome.seconds,
        truncated=outcome.truncated,
        size=size,
    )
    if outcome.kind == "graph":
        results.graph_text = outcome.body.decode("utf-8")
        return results
    document = json.loads(outcome.body)
    if outcome.kind == "ask":
        results.boolean = bool(document["boolean"])
        return results
    variables = document["head"]["vars"]
    bindings = document["results"]["bindings"]
    results.count = len(bindings)
    results.page = min(page, results.pages)
    # An ?x that holds anything but IRIs keeps its column: there would be nothing to link.
    labelled = {
        label: name
        for label, name in labelled_columns(variables).items()
        if all(b.get(name, {"type": "uri"})["type"] == "uri" for b in bindings)
    }
    hidden = set(labelled.values())
    results.variables = [name for name in variables if name not in hidden]
    for binding in bindings[results.first_row - 1 : results.last_row]:
        row = []
        for name in results.variables:
            term = binding.get(name)
            resource = binding.get(labelled[name]) if name in labelled else None
            if resource is not None and resource["type"] == "uri":
                iri = resource["value"]
                text = term["value"] if term is not None else name_of(iri)
                row.append(Cell(text, link_of(iri), iri))
            elif term is None:
                row.append(Cell(""))
            elif term["type"] == "uri":
                iri = term["value"]
                row.append(Cell(name_of(iri), link_of(iri), iri))
            else:
                row.append(Cell(term["value"]))
        results.rows.append(row)
    return results
