"""A resource as a page shows it: its terms, statements, evidence and description.

The plain data that describe() fills and the page sections and diagrams read; it imports
nothing of theirs, so each of them can import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from exportgraph.publish.labels import LabelIndex
from exportgraph.store import terms as ox


@dataclass(frozen=True)
class Term:
    """A value as a page shows it: text, and the IRI to link to when it is a resource."""

    text: str
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None


@dataclass(frozen=True)
class Statement:
    """One property of a resource with all its values (or, for incoming links, subjects)."""

    property: Term
    values: tuple[Term, ...]


@dataclass(frozen=True)
class Evidence:
    """One fact-sheet line a resource rests on, with the sources it was read in."""

    fact: Term
    confidence: Term | None
    note: str | None
    sources: tuple[tuple[Term, Term | None], ...]  # (source, quality)
    statement: str | None = None  # what the fact says, as the fact sheet words it


@dataclass
class ResourceDescription:
    iri: str
    label: str
    types: tuple[Term, ...]
    statements: tuple[Statement, ...]
    incoming: tuple[Statement, ...]
    evidence: tuple[Evidence, ...]
    kinds: frozenset[str] = frozenset()
    sections: dict[str, object] = field(default_factory=dict)


def term(node: ox.NamedNode | ox.BlankNode | ox.Literal, labels: LabelIndex, lang: str) -> Term:
    """Turn an Oxigraph term into a Term, naming an IRI by its label."""
    if isinstance(node, ox.NamedNode):
        return Term(labels.label(node.value, lang), iri=node.value)
    if isinstance(node, ox.BlankNode):
        return Term("(an anonymous node)")
    return Term(node.value, lang=node.language or None, datatype=node.datatype.value)


def iri_term(iri: str, labels: LabelIndex, lang: str) -> Term:
    return Term(labels.label(iri, lang), iri=iri)
