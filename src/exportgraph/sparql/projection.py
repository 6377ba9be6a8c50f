"""The columns of a SELECT * answer, in the order the query's variables first appear.

SPARQL leaves the order of SELECT *'s columns to the engine; Oxigraph sorts them by name, so
`SELECT * WHERE { ?zeta ... ?alpha }` printed alpha before zeta, against the query's own
order. The order of first appearance, which Jena uses and a reader expects, is read here from
rdflib's parse of the query: its parse tree keeps the text's order, so no lexer of our own
is needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable


def star_columns(text: str) -> tuple[str, ...] | None:
    """The variables of a SELECT * query in order of first appearance in its text.

    Returns: None for a query of another form, a SELECT with its own projection, or a text
        rdflib cannot parse (a SPARQL 1.2 triple term, say): the engine's order stands then.

    >>> star_columns("SELECT * WHERE { ?zeta ?p ?alpha OPTIONAL { ?alpha ?q ?mid } }")
    ('zeta', 'p', 'alpha', 'q', 'mid')
    >>> star_columns("SELECT ?alpha ?zeta WHERE { ?zeta ?p ?alpha }") is None
    True
    """
    try:
        tree = parseQuery(text)
    except Exception:  # pyparsing's ParseException, and rdflib's own errors on odd input
        return None
    query = tree[-1]
    if not isinstance(query, CompValue) or query.name != "SelectQuery" or "projection" in query:
        return None
    seen: dict[str, None] = {}
    _collect(query, seen)
    return tuple(seen)


def _collect(node: object, seen: dict[str, None]) -> None:
    if isinstance(node, Variable):
        seen.setdefault(str(node), None)
    elif isinstance(node, CompValue):
        for value in node.values():
            _collect(value, seen)
    elif isinstance(node, Iterable) and not isinstance(node, str | bytes):
        # pyparsing's ParseResults, and lists: the parts in the text's order.
        for value in node:
            _collect(value, seen)


def ordered_like(variables: Sequence[str], order: Iterable[str]) -> tuple[str, ...]:
    """The variables in the given order; any the order lacks keep their place at the end.

    >>> ordered_like(("alpha", "mid", "zeta"), ("zeta", "alpha", "mid"))
    ('zeta', 'alpha', 'mid')
    """
    present = set(variables)
    first = [name for name in order if name in present]
    return (*first, *(name for name in variables if name not in set(first)))
