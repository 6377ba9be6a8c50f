"""Graph comparison for tests: rdflib's isomorphism answer, found faster when it can be.

rdflib.compare.isomorphic canonicalises every triple, seconds on the reference graph. Here
each graph's blank nodes get exportgraph.publish.canonical's labels, which depend only on the
structure; when both graphs get a label for every blank node, they are isomorphic exactly when
the relabelled triples are the same set. Otherwise rdflib decides. tests/test_graphs.py holds
this to rdflib's answer.
"""

from __future__ import annotations

from rdflib import BNode, Graph
from rdflib.compare import isomorphic as rdflib_isomorphic

from exportgraph.publish.canonical import blank_labels


def _is_blank(term: object) -> bool:
    return isinstance(term, BNode)


def canonical_triples(graph: Graph) -> set[tuple] | None:
    """The graph's triples with canonical blank-node labels, or None where none are found."""
    labels = blank_labels(list(graph), _is_blank, lambda term: term.n3())
    if labels is None:
        return None
    return {tuple(BNode(labels[t]) if _is_blank(t) else t for t in triple) for triple in graph}


def isomorphic(first: Graph, second: Graph) -> bool:
    """True when the two graphs are isomorphic (the same answer as rdflib.compare.isomorphic)."""
    if len(first) != len(second):
        return False
    left, right = canonical_triples(first), canonical_triples(second)
    if left is not None and right is not None:
        return left == right
    return rdflib_isomorphic(first, second)
