"""Canonical blank-node labels: the same graph gets the same labels however it was read.

Blank nodes are coloured by their neighbourhoods and the colours refined until no class
splits further (colour refinement, as in RDF canonicalisation). Colours depend only on the
graph's structure, so when every blank node ends with a colour of its own, those colours are
canonical labels. Symmetric structures (two blank nodes that only an automorphism tells
apart) leave a colour shared; then this gives None and the caller falls back to rdflib's
full canonicalisation, which is exact but takes seconds on the reference graph.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Sequence

Term = Hashable


def blank_labels(
    triples: Iterable[Sequence[Term]],
    is_blank: Callable[[Term], bool],
    ground_key: Callable[[Term], str],
) -> dict[Term, str] | None:
    """Return a canonical label for each blank node, or None if colours do not separate them.

    Args:
        triples: the graph's triples (any term objects).
        is_blank: tells a blank node from a ground term.
        ground_key: a ground term's canonical text (its N-Triples form).
    """
    incident: dict[Term, list[tuple[int, Sequence[Term]]]] = {}
    for triple in triples:
        for position, term in enumerate(triple):
            if is_blank(term):
                incident.setdefault(term, []).append((position, triple))
    colour = dict.fromkeys(incident, "")
    classes = 1 if incident else 0
    while True:
        refined = {
            node: _digest(
                sorted(
                    (position, [colour[t] if is_blank(t) else ground_key(t) for t in triple])
                    for position, triple in edges
                )
            )
            for node, edges in incident.items()
        }
        count = len(set(refined.values()))
        colour = refined
        if count == classes:
            break
        classes = count
    if len(set(colour.values())) != len(colour):
        return None
    return {node: "c" + value[:32] for node, value in colour.items()}


def _digest(signature: list) -> str:
    return hashlib.sha256(repr(signature).encode("utf-8")).hexdigest()
