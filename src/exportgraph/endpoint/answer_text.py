"""A query's answer as text for the terminal: an aligned table, CSV or SPARQL JSON."""

from __future__ import annotations

from exportgraph.endpoint.core import GRAPH_PREFIXES
from exportgraph.sparql.prefixed_names import prefixed_name
from exportgraph.sparql.results import write_boolean, write_solutions, write_triples
from exportgraph.store import terms as ox
from exportgraph.store.embedded import Answer

ANSWER_FORMATS = ("table", "csv", "json")
MAX_CELL = 60


def render_answer(answer: Answer, fmt: str = "table") -> str:
    """Write an answer as table, csv or json; CONSTRUCT and DESCRIBE answers as Turtle."""
    if answer.kind == "graph":
        return write_triples(answer.triples, "turtle", GRAPH_PREFIXES).decode("utf-8")
    if answer.kind == "ask":
        if fmt == "table":
            return "yes" if answer.boolean else "no"
        return write_boolean(bool(answer.boolean), fmt).decode("utf-8")
    if fmt in ("csv", "json"):
        return write_solutions(answer.variables, answer.rows, fmt).decode("utf-8")
    return _table(answer)


def short_form(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """A term as a person reads it: an IRI with the graph's prefix, a literal's text.

    An IRI is written as SPARQL reads it back, so a name copied from the table pastes into
    `exportgraph sparql`: exr:law\\/nl-bsg (a "/" in a prefixed name must be escaped), or
    <...> in full when no prefix fits.
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return prefixed_name(term.value, GRAPH_PREFIXES) or f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _table(answer: Answer) -> str:
    header = list(answer.variables)
    rows = [[_cell(short_form(row.get(v))) for v in header] for row in answer.rows]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    count = len(rows)
    lines.append(
        f"({count} row{'s' if count != 1 else ''}; none known)"
        if not count
        else f"({count} row{'s' if count != 1 else ''})"
    )
    return "\n".join(lines)


def _cell(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"
