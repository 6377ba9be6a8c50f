"""Graph comparison for tests: rdflib's isomorphism answer, found faster when it can be.

A blank-node mapping leaves ground triples as they are, so two graphs are isomorphic exactly
when their ground triples are the same set and their blank-node triples are isomorphic.
rdflib.compare.isomorphic canonicalises every triple, seconds on the reference graph. Here the
blank nodes of both graphs are coloured together by their neighbourhoods (colour refinement);
colours are invariant under isomorphism, so when every colour names one blank node on each
side the only possible mapping is forced, and checking it settles the question. Any other
case falls back to rdflib.
"""

from __future__ import annotations

import hashlib

from rdflib import BNode, Graph
from rdflib.compare import isomorphic as rdflib_isomorphic

Triple = tuple


def _split(graph: Graph) -> tuple[set[Triple], list[Triple]]:
    ground: set[Triple] = set()
    blank: list[Triple] = []
    for triple in graph:
        if any(isinstance(term, BNode) for term in triple):
            blank.append(triple)
        else:
            ground.add(triple)
    return ground, blank


def _colours(sides: list[list[Triple]]) -> dict[tuple[int, BNode], str]:
    """Refine colours of the blank nodes of both sides at once until they stop splitting."""
    edges: dict[tuple[int, BNode], list[tuple[int, Triple]]] = {}
    for side, triples in enumerate(sides):
        for triple in triples:
            for position, term in enumerate(triple):
                if isinstance(term, BNode):
                    edges.setdefault((side, term), []).append((position, triple))
    colour = dict.fromkeys(edges, "")
    classes = 1
    while True:
        refined = {}
        for (side, node), incident in edges.items():
            signature = sorted(
                (
                    position,
                    tuple(
                        colour[(side, term)] if isinstance(term, BNode) else term.n3()
                        for term in triple
                    ),
                )
                for position, triple in incident
            )
            refined[(side, node)] = hashlib.sha1(repr(signature).encode()).hexdigest()
        colour = refined
        now = len(set(colour.values()))
        if now == classes:
            return colour
        classes = now


def _forced_mapping(first: list[Triple], second: list[Triple]) -> dict[BNode, BNode] | None:
    colour = _colours([first, second])
    by_colour: dict[str, list[tuple[int, BNode]]] = {}
    for key, value in colour.items():
        by_colour.setdefault(value, []).append(key)
    mapping = {}
    for members in by_colour.values():
        sides = sorted(members, key=lambda key: key[0])
        if len(sides) != 2 or sides[0][0] != 0 or sides[1][0] != 1:
            return None
        mapping[sides[0][1]] = sides[1][1]
    return mapping


def isomorphic(first: Graph, second: Graph) -> bool:
    """True when the two graphs are isomorphic (the same answer as rdflib.compare.isomorphic)."""
    if len(first) != len(second):
        return False
    first_ground, first_blank = _split(first)
    second_ground, second_blank = _split(second)
    if first_ground != second_ground:
        return False
    mapping = _forced_mapping(first_blank, second_blank)
    if mapping is not None:
        renamed = {tuple(mapping.get(term, term) for term in triple) for triple in first_blank}
        if renamed == set(second_blank):
            return True
    left, right = Graph(), Graph()
    for triple in first_blank:
        left.add(triple)
    for triple in second_blank:
        right.add(triple)
    return rdflib_isomorphic(left, right)
