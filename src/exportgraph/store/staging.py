"""Replacing a remote graph whole or not at all: the SPARQL text of staging graphs.

`exportgraph load` killed half-way must leave the published graph as it was or wholly new. A
load writes into a fresh staging graph named after its target (<graph>/staging-<random>) and
then publishes it with one SPARQL Update request, MOVE, which the server runs to the end even
when the client is gone: killed before that request, the target is untouched; after it, the
server finishes the move. (Virtuoso 7.2 runs MOVE as one operation: tests/remote/
test_issue_20_killed_load.py kills loads at several points and looks.) A killed load leaves
its staging graph behind; the next load of the same target drops it, so two loads of one
target must not run at the same time.
"""

from __future__ import annotations

import secrets

STAGING_MARK = "/staging-"


def staging_graph(graph: str) -> str:
    """A fresh staging graph's name for the target graph."""
    return f"{graph}{STAGING_MARK}{secrets.token_hex(8)}"


def staging_graphs_query(graph: str) -> str:
    """A SELECT of ?g: the staging graphs of earlier loads of graph that hold triples."""
    # An IRI cannot hold a quote or a backslash, so the graph goes into the string as it is.
    prefix = f"{graph}{STAGING_MARK}"
    return (
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o }"
        f' FILTER(STRSTARTS(STR(?g), "{prefix}")) }}'
    )


def publish_update(staging: str, graph: str) -> str:
    """The one request that makes the staging graph the target graph and drops the staging."""
    return f"MOVE <{staging}> TO <{graph}>"
