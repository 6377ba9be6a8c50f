"""SHACL validation: graphs in, a ValidationOutcome out; no text formatting here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from exportgraph.config import resource_dir, turtle_files
from exportgraph.errors import InputError


@dataclass(frozen=True)
class ValidationResult:
    """One sh:ValidationResult, with the message in the language asked for."""

    focus: str
    path: str | None
    value: str | None
    shape: str
    component: str
    severity: str  # "Violation", "Warning" or "Info"
    message: str


@dataclass(frozen=True)
class ValidationOutcome:
    conforms: bool
    results: tuple[ValidationResult, ...]

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")


def parse_turtle_files(paths: Iterable[Path], graph: Graph | None = None) -> Graph:
    """Parse Turtle files into one graph.

    Raises:
        InputError: a file is missing or not valid Turtle; the message names file and line.
    """
    graph = Graph() if graph is None else graph
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except Exception as exc:  # rdflib's parsers raise several unrelated exception types
            raise InputError(f"{path}: not valid Turtle: {exc}") from None
    return graph


def reference_graph() -> Graph:
    """Return the ontology and the reference data as one rdflib graph."""
    return parse_turtle_files(turtle_files("ontology") + turtle_files("data"))


def validate_reference_data(graph: Graph | None = None, lang: str = "en") -> ValidationOutcome:
    """Validate the reference data (with the ontology) against shapes/reference-data.ttl."""
    shapes = parse_turtle_files([resource_dir("shapes") / "reference-data.ttl"])
    return run_shacl(reference_graph() if graph is None else graph, shapes, lang)


def run_shacl(data: Graph, shapes: Graph, lang: str = "en") -> ValidationOutcome:
    """Run pySHACL (SHACL-SPARQL enabled, no inference) and read its report."""
    conforms, report, _text = validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    results = tuple(
        sorted(
            (
                _read_result(report, node, shapes, lang)
                for node in report.subjects(RDF.type, SH.ValidationResult)
            ),
            key=lambda r: (r.severity, r.focus, r.shape),
        )
    )
    return ValidationOutcome(conforms=bool(conforms), results=results)


def _read_result(report: Graph, node, shapes: Graph, lang: str) -> ValidationResult:
    shape = report.value(node, SH.sourceShape)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    severity = report.value(node, SH.resultSeverity)
    messages = list(report.objects(node, SH.resultMessage))
    # pySHACL copies every sh:message of the shape; keep the one in the language asked for.
    if shape is not None:
        messages += list(shapes.objects(shape, SH.message))
    return ValidationResult(
        focus=str(report.value(node, SH.focusNode)),
        path=str(path) if path is not None else None,
        value=str(value) if value is not None else None,
        shape=str(shape) if isinstance(shape, URIRef) else "(anonymous shape)",
        component=str(report.value(node, SH.sourceConstraintComponent)),
        severity=str(severity).rsplit("#", 1)[-1],
        message=_pick_language(messages, lang),
    )


def _pick_language(messages: list, lang: str) -> str:
    for wanted in (lang, "en", None):
        for message in messages:
            if isinstance(message, Literal) and message.language == wanted:
                return str(message)
    return str(messages[0]) if messages else ""
