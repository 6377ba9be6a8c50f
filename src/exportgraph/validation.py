"""SHACL validation: graphs in, a ValidationOutcome out; no text formatting here.

Case records are validated against shapes/case-record.ttl (violations),
shapes/case-record-recommended.ttl (warnings) and shapes/law-functions.ttl (the law over time),
over the case merged with the ontology and reference data. The merge happens in a private
rdflib copy of the reference graph: a case's triples are added for one pySHACL run and taken
out again, so the published store never sees a case, and the 5,000-odd reference triples are
not copied for every case. pySHACL is built once (shapes harvested, functions gathered) and
re-run; a lock makes that safe under the web server's threads. pySHACL is the reference;
engine="setwise" runs the same shapes as one query per constraint (exportgraph.setwise,
docs/decisions/0004-case-validation-engines.md).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pyshacl import Validator, validate
from pyshacl.graph_abstraction import DataGraph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from exportgraph.casedates import CaseDates, DateEvaluation
from exportgraph.caseinput import CaseSource, read_case_files
from exportgraph.config import resource_dir, turtle_files
from exportgraph.errors import ConfigurationError, InputError
from exportgraph.namespaces import EXG, EXR
from exportgraph.setwise import SetwiseEngine
from exportgraph.sparqlcache import memoise_sparql_parsing
from exportgraph.store import Store, open_store

ENGINES = ("pyshacl", "setwise")
CASE_SHAPE_FILES = ("case-record.ttl", "case-record-recommended.ttl", "law-functions.ttl")
# The part of a case a focus node belongs to, by the property that links it to the case.
SECTIONS = {
    EXG.applicant: "applicant",
    EXG.caseItem: "items",
    EXG.endUser: "endUser",
    EXG.decision: "decision",
    EXG.assessment: "assessment",
}
SECTION_ORDER = ("case", "applicant", "items", "endUser", "decision", "assessment")
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


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
    section: str = "case"  # the part of the case: one of SECTION_ORDER
    shape_name: str = ""
    provisions: tuple[str, ...] = ()  # rdfs:seeAlso of the shape: ELI IRIs or official URLs


@dataclass(frozen=True)
class ValidationOutcome:
    conforms: bool
    results: tuple[ValidationResult, ...]
    case: str | None = None  # the case's IRI; None for graphs that are not case records
    case_id: str | None = None
    source: str | None = None  # the file (or request) the case came from
    dates: tuple[DateEvaluation, ...] = field(default=())

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Warning")


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


def case_shapes() -> Graph:
    """Return the case-record shapes with the law functions they call, as one graph."""
    return parse_turtle_files(resource_dir("shapes") / name for name in CASE_SHAPE_FILES)


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
            (_read_result(report, node, shapes, lang) for node in _results(report)),
            key=lambda r: (r.severity, r.focus, r.shape),
        )
    )
    return ValidationOutcome(conforms=bool(conforms), results=results)


class CaseValidator:
    """Validate licence case records; build once, call validate() for each input."""

    def __init__(
        self, store: Store | None = None, reference: Graph | None = None, engine: str = "pyshacl"
    ) -> None:
        """Build the validator.

        Args:
            store: the store the law is read from for the report's dates (default: a new
                embedded store with the reference data).
            reference: the ontology and reference data as rdflib graph, which the validator
                then owns (default: parsed anew).
            engine: "pyshacl", the reference, or "setwise", one query per constraint over all
                cases in Oxigraph (exportgraph.setwise), much faster on batches.

        Raises:
            ConfigurationError: an unknown engine, or shapes the setwise engine cannot run.
        """
        if engine not in ENGINES:
            raise ConfigurationError(f"unknown engine {engine!r}: use {' or '.join(ENGINES)}")
        memoise_sparql_parsing()
        self._store = store if store is not None else open_store()
        self._shapes = case_shapes()
        # A private working copy: case triples come and go in it, never in the store.
        self._graph = reference if reference is not None else reference_graph()
        self._dates = CaseDates(self._store)
        self._codes = tuple(_known_codes(self._graph))
        self._nearest_cache: dict[str | None, str] = {}
        self._lock = threading.Lock()
        self._setwise = (
            SetwiseEngine(self._shapes, turtle_files("ontology") + turtle_files("data"))
            if engine == "setwise"
            else None
        )
        self._validator = Validator(
            DataGraph.from_rdflib(self._graph),
            shacl_graph=self._shapes,
            options={
                "inference": "none",
                "advanced": True,
                "inplace": True,
                "allow_warnings": True,
            },
        )

    def validate(self, source: CaseSource, lang: str = "en") -> list[ValidationOutcome]:
        """Validate every case of one input; one outcome per exg:LicenceCase.

        Results whose focus node belongs to no case (an item no case lists) form an outcome
        with case None.

        Raises:
            InputError: the input holds no exg:LicenceCase.
        """
        if (None, RDF.type, EXG.LicenceCase) not in source.graph:
            raise InputError(
                f"{source.name}: no licence case found: a case is typed exg:LicenceCase"
                ' ("type": "LicenceCase" in JSON)'
            )
        report = self._report(source.graph)
        owners = _owners(source.graph)
        by_case: dict[Node | None, list[ValidationResult]] = {
            case: [] for case in sorted(source.graph.subjects(RDF.type, EXG.LicenceCase), key=str)
        }
        for node in _results(report):
            focus = report.value(node, SH.focusNode)
            case, section = owners.get(focus, (None, "case"))
            result = _read_result(report, node, self._shapes, lang, section)
            by_case.setdefault(case, []).append(self._fill(result, source.graph, case, lang))
        return [
            ValidationOutcome(
                conforms=not any(r.severity == "Violation" for r in results),
                results=tuple(sorted(results, key=_result_order)),
                case=str(case) if case is not None else None,
                case_id=_case_id(source.graph, case),
                source=source.name,
                dates=self._dates.evaluate(source.graph, case) if case is not None else (),
            )
            for case, results in by_case.items()
        ]

    def _report(self, cases: Graph) -> Graph:
        if self._setwise is not None:
            with self._lock:
                return self._setwise.report(cases)
        with self._lock:
            added = [triple for triple in cases if triple not in self._graph]
            for triple in added:
                self._graph.add(triple)
            try:
                _conforms, report, _text = self._validator.run()
            finally:
                for triple in added:
                    self._graph.remove(triple)
        return report

    def _fill(
        self, result: ValidationResult, graph: Graph, case: Node | None, lang: str
    ) -> ValidationResult:
        """Fill the message's placeholders: the value, the case's dates, the nearest codes."""
        decision = graph.value(case, EXG.decision) if case is not None else None
        values = {
            "value": _short(result.value, self._graph),
            "this": _short(result.focus, self._graph),
            "applicationDate": _text(graph.value(case, EXG.applicationDate) if case else None),
            "decisionDate": _text(graph.value(decision, EXG.decisionDate) if decision else None),
            "nearest": self._nearest(result.value) if "{nearest}" in result.message else "",
        }
        message = re.sub(
            r"\{[?$]?(value|this|applicationDate|decisionDate|nearest)\}",
            lambda m: values[m.group(1)],
            result.message,
        )
        return replace(result, message=message)

    def _nearest(self, value: str | None) -> str:
        if value not in self._nearest_cache:
            self._nearest_cache[value] = _nearest_text(value, self._codes)
        return self._nearest_cache[value]


def _nearest_text(value: str | None, codes: tuple[str, ...]) -> str:
    return ", ".join(nearest_codes(_code(value), codes)) or "-"


def validate_case_files(
    paths: Iterable[Path],
    lang: str = "en",
    validator: CaseValidator | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    engine: str = "pyshacl",
) -> list[ValidationOutcome]:
    """Validate the cases in files and folders (.ttl, .jsonld, .json); one outcome per case.

    Every file is parsed before any is validated, so bad input fails before a report starts.

    Args:
        paths: files, or folders standing for the case files under them.
        lang: "en" or "nl", the language of the messages.
        validator: a CaseValidator to reuse; a new one is built when None.
        progress: called after each file with (files done, files in all, file name).
        engine: the engine of a new validator: "pyshacl" or "setwise" (see CaseValidator).

    Raises:
        InputError: a path is missing, a file does not parse, or no case file was found.
    """
    paths = list(paths)
    sources = list(read_case_files(paths))
    if not sources:
        raise InputError(f"no case files (.ttl, .jsonld, .json) in {', '.join(map(str, paths))}")
    validator = validator if validator is not None else CaseValidator(engine=engine)
    outcomes: list[ValidationOutcome] = []
    for done, source in enumerate(sources, 1):
        outcomes += validator.validate(source, lang)
        if progress is not None:
            progress(done, len(sources), source.name)
    return outcomes


def nearest_codes(code: str, known: Iterable[str], count: int = 3) -> list[str]:
    """Return the known codes closest to code by edit distance (ties in code order)."""
    ranked = sorted((_edit_distance(code.lower(), k.lower()), k) for k in set(known))
    return [k for _, k in ranked[:count]]


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _known_codes(graph: Graph) -> list[str]:
    return sorted(
        {
            str(code)
            for entry in graph.subjects(RDF.type, EXG.ControlEntry)
            for code in graph.objects(entry, EXG.code)
        }
    )


def _code(value: str | None) -> str:
    """The code of an entry IRI (exr:entry/nl/3B001.z.9 -> 3B001.z.9), else the value."""
    return (value or "").rsplit("/", 1)[-1]


def _short(value: str | None, graph: Graph) -> str:
    if value is None:
        return "-"
    if value.startswith(str(EXR) + "entry/"):
        return _code(value)
    if value.startswith("http://publications.europa.eu/resource/authority/country/"):
        return value.rsplit("/", 1)[-1]
    if not value.startswith(("http://", "https://")):
        return value
    iri = URIRef(value)
    label = graph.value(iri, EXG.modelName) or graph.value(
        iri, URIRef("http://data.europa.eu/eli/ontology#title_short")
    )
    return f"{label} ({value})" if label is not None else value


def _text(value: object) -> str:
    return str(value) if value is not None else "unknown"


def _owners(graph: Graph) -> dict[Node, tuple[Node, str]]:
    owners: dict[Node, tuple[Node, str]] = {}
    for case in graph.subjects(RDF.type, EXG.LicenceCase):
        owners[case] = (case, "case")
        for prop, section in SECTIONS.items():
            for part in graph.objects(case, prop):
                owners.setdefault(part, (case, section))
    return owners


def _case_id(graph: Graph, case: Node | None) -> str | None:
    if case is None:
        return None
    found = graph.value(case, EXG.caseId)
    return str(found) if found is not None else str(case).rsplit("/", 1)[-1]


def _result_order(result: ValidationResult) -> tuple:
    return (
        SECTION_ORDER.index(result.section),
        SEVERITY_ORDER.get(result.severity, 3),
        result.shape,
        result.focus,
        result.value or "",
    )


def _results(report: Graph) -> list:
    return list(report.subjects(RDF.type, SH.ValidationResult))


def _read_result(
    report: Graph, node, shapes: Graph, lang: str, section: str = "case"
) -> ValidationResult:
    shape = report.value(node, SH.sourceShape)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    severity = report.value(node, SH.resultSeverity)
    # pySHACL drops the language tag of a message it formats; read the shape's own messages.
    messages = list(shapes.objects(shape, SH.message)) if shape is not None else []
    messages = messages or list(report.objects(node, SH.resultMessage))
    names = list(shapes.objects(shape, SH.name)) if shape is not None else []
    see_also = shapes.objects(shape, RDFS.seeAlso) if shape is not None else ()
    return ValidationResult(
        focus=str(report.value(node, SH.focusNode)),
        path=str(path) if path is not None else None,
        value=str(value) if value is not None else None,
        shape=str(shape) if isinstance(shape, URIRef) else "(anonymous shape)",
        component=str(report.value(node, SH.sourceConstraintComponent)),
        severity=str(severity).rsplit("#", 1)[-1],
        message=_pick_language(messages, lang),
        section=section,
        shape_name=_pick_language(names, lang),
        provisions=tuple(sorted(str(s) for s in see_also)),
    )


def _pick_language(messages: list, lang: str) -> str:
    for wanted in (lang, "en", None):
        for message in messages:
            if isinstance(message, Literal) and message.language == wanted:
                return str(message)
    return str(messages[0]) if messages else ""
