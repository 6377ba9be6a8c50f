"""What a SPARQL request may do on a read-only, offline endpoint, decided before it runs.

The engine would parse the query anyway, but it would also run an update, or call out to a
SERVICE, so the request is read here first: the one tokenizer (exportgraph.sparql.text) skips
comments, strings and IRIs, and the guard finds the query form, the SERVICE endpoints and the
FROM graphs among the rest. Nothing here opens a
connection: a refused request is refused before the engine sees it.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass

from exportgraph.errors import InputError
from exportgraph.sparql.text import Token, expand, tokenize


class QueryRefusedError(InputError):
    """The endpoint will not run this request (an update, a SERVICE call, a remote FROM)."""

    code = "forbidden"


QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = frozenset(
    ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
)


@dataclass(frozen=True)
class QueryShape:
    """What the guard read from a query: its form and the outside graphs it names."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    services: tuple[str, ...]
    from_graphs: tuple[str, ...]


# The web layer and the check both read each query; a repeated query is read once.
@functools.lru_cache(maxsize=512)
def read_query(sparql: str) -> QueryShape:
    """Read a query's form, its SERVICE endpoints and its FROM / FROM NAMED graphs.

    Raises:
        QueryRefusedError: the text is an update (INSERT, DELETE, LOAD, ...), or a SERVICE
            names its endpoint by a variable, which no allow-list can check.
        QueryError: nothing in the text is a query form; the engine's parser will say more,
            so this is left to it (the form is then reported as "SELECT").
    """
    prefixes: dict[str, str] = {}
    stream = list(tokenize(sparql))
    form = ""
    services: list[str] = []
    graphs: list[str] = []
    index = 0
    while index < len(stream):
        token = stream[index]
        word = token.word
        if word == "PREFIX" and index + 2 < len(stream):
            prefixes[stream[index + 1].text.rstrip(":")] = stream[index + 2].text.strip("<>")
            index += 3
            continue
        if not form and word in UPDATE_WORDS:
            raise QueryRefusedError(
                f"exportgraph is read-only: {word} is a SPARQL Update operation and is not run"
                + (
                    " (LOAD would fetch a remote document; nothing is fetched)"
                    if word == "LOAD"
                    else ""
                )
            )
        if not form and word in QUERY_FORMS:
            form = word
        elif word == "SERVICE":
            target = _next_significant(stream, index + 1, skip="SILENT")
            if target is None or target.kind == "var":
                raise QueryRefusedError(
                    "SERVICE with a variable endpoint is not run: the endpoint must be an IRI"
                    " that the setting service_allow_list names"
                )
            services.append(expand(target, prefixes))
        elif word == "FROM":
            target = _next_significant(stream, index + 1, skip="NAMED")
            if target is not None and target.kind in ("iri", "pname"):
                graphs.append(expand(target, prefixes))
        index += 1
    return QueryShape(form or "SELECT", tuple(services), tuple(graphs))


def check_query(
    sparql: str,
    allowed_endpoints: Collection[str],
    local_graphs: Collection[str],
) -> QueryShape:
    """Refuse what a read-only, offline endpoint must not run; return the query's shape.

    A SERVICE endpoint must be on the allow-list. A FROM or FROM NAMED graph must be a graph
    of the store or on the allow-list: any other IRI would be a document to fetch.

    Raises:
        QueryRefusedError: an update, a SERVICE or a remote FROM graph not allowed.
    """
    shape = read_query(sparql)
    for endpoint in shape.services:
        if endpoint not in allowed_endpoints:
            raise QueryRefusedError(
                f"SERVICE <{endpoint}> is not run: federated queries may only call endpoints"
                " named in the setting service_allow_list (EXPORTGRAPH_SERVICE_ALLOW_LIST),"
                " which is "
                + (", ".join(sorted(allowed_endpoints)) if allowed_endpoints else "empty")
            )
    for graph in shape.from_graphs:
        if graph not in local_graphs and graph not in allowed_endpoints:
            raise QueryRefusedError(
                f"FROM <{graph}> is not read: it is not a graph of this store, and remote"
                " documents are only read when the setting service_allow_list names them;"
                " load a file as a named graph with `exportgraph serve --graph IRI=FILE`"
            )
    return shape


def _next_significant(stream: list[Token], start: int, skip: str) -> Token | None:
    for token in stream[start : start + 2]:
        if token.word == skip:
            continue
        return token
    return None
