"""SHACL validation: graphs in, a ValidationOutcome out; no text formatting here.

Case records are validated against shapes/case-record.ttl (violations),
shapes/case-record-recommended.ttl (warnings) and shapes/law-functions.ttl (the law over time),
over the case merged with the ontology and reference data. The merge happens in a private
rdflib copy of the reference graph: a case's triples are added for one pySHACL run and taken
out again, so the published store never sees a case, and the 5,000-odd reference triples are
not copied for every case. pySHACL is built once (shapes harvested, functions gathered) and
re-run; a lock makes that safe under the web server's threads. pySHACL is the reference;
engine="setwise" runs the same shapes as one query per constraint (exportgraph.cases.setwise,
docs/decisions/0004-case-validation-engines.md).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pyshacl import Validator, validate
from pyshacl.graph_abstraction import DataGraph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from exportgraph.cases import monkey
from exportgraph.cases.dates import CaseDates, DateEvaluation
from exportgraph.cases.facts import SECTIONS as SECTIONS  # the parts of a case, by link
from exportgraph.cases.facts import CaseFacts, read_case_facts
from exportgraph.cases.facts import owners as case_owners
from exportgraph.cases.reading import (
    CaseSource,
    collector_paused,
    read_case_files,
    to_oxigraph,
)
from exportgraph.cases.setwise import Finding, SetwiseEngine, Term, literal_text
from exportgraph.config import resource_dir
from exportgraph.errors import ConfigurationError, InputError
from exportgraph.law.countries import assigned_codes, country_name, near_countries
from exportgraph.namespaces import EXG, EXR
from exportgraph.store import terms as ox
from exportgraph.store.embedded import EmbeddedStore, open_store
from exportgraph.store.interface import Store
from exportgraph.store.rdf_files import parse_turtle_files, reference_graph

ENGINES = ("pyshacl", "setwise")
CASE_SHAPE_FILES = ("case-record.ttl", "case-record-recommended.ttl", "law-functions.ttl")
SECTION_ORDER = ("case", "applicant", "items", "endUser", "decision", "assessment")
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
COUNTRY_TABLE = "http://publications.europa.eu/resource/authority/country/"
ASSIGNED_ALPHA3 = URIRef("https://w3id.org/exportgraph/shapes#assignedIso3166Alpha3")


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


@dataclass(frozen=True)
class _Hit:
    """One result as an engine gives it, before its message is chosen and filled."""

    focus: Term
    focus_text: str
    value_text: str | None
    shape: Node | None
    path: str | None
    component: str
    severity: str  # "Violation", "Warning" or "Info"
    report_messages: tuple[Node, ...] = ()  # pySHACL's own, for a shape without sh:message


def _setwise_hit(finding: Finding) -> _Hit:
    check, value = finding.check, finding.value
    return _Hit(
        focus=finding.focus,
        focus_text=finding.focus.value,
        value_text=(
            None
            if value is None
            else literal_text(value)
            if isinstance(value, ox.Literal)
            else value.value
        ),
        shape=check.shape,
        path=str(check.path) if check.path is not None else None,
        component=str(check.component),
        severity=str(check.severity).rsplit("#", 1)[-1],
    )


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
        self,
        store: Store | None = None,
        reference: Graph | None = None,
        engine: str = "pyshacl",
        parse_cache: bool = False,
    ) -> None:
        """Build the validator.

        Args:
            store: the store the law is read from for the report's dates (default: a new
                embedded store with the reference data).
            reference: the ontology and reference data as rdflib graph, which the validator
                then owns (default: parsed anew); both engines judge cases by it.
            engine: "pyshacl", the reference, or "setwise", one query per constraint over all
                cases in Oxigraph (exportgraph.cases.setwise), much faster on batches.
            parse_cache: memoise rdflib's SPARQL parsing for the whole process
                (exportgraph.cases.monkey.install; pySHACL only): the same reports, several
                times faster. A library leaves rdflib alone unless asked.

        Raises:
            ConfigurationError: an unknown engine, or shapes the setwise engine cannot run.
        """
        if engine not in ENGINES:
            raise ConfigurationError(f"unknown engine {engine!r}: use {' or '.join(ENGINES)}")
        if parse_cache and engine == "pyshacl":
            monkey.install()
        self._store = store if store is not None else open_store()
        self._shapes = case_shapes()
        # A private working copy: case triples come and go in it, never in the store.
        self._graph = reference if reference is not None else reference_graph()
        for triple in _assigned_country_triples():
            self._graph.add(triple)
        self._dates = CaseDates(self._store)
        self._codes = tuple(_known_codes(self._graph))
        self._nearest_cache: dict[str | None, str] = {}
        self._short_cache: dict[str | None, str] = {}
        self._shape_texts: dict[tuple, tuple[str, str, tuple[str, ...]]] = {}
        self._lock = threading.Lock()
        self._setwise = (
            SetwiseEngine(self._shapes, _oxigraph_triples(self._graph))
            if engine == "setwise"
            else None
        )
        # Harvesting the shapes for pySHACL takes a while: only for the engine that runs it.
        self._validator = (
            Validator(
                DataGraph.from_rdflib(self._graph),
                shacl_graph=self._shapes,
                options={
                    "inference": "none",
                    "advanced": True,
                    "inplace": True,
                    "allow_warnings": True,
                },
            )
            if self._setwise is None
            else None
        )

    def validate(self, source: CaseSource, lang: str = "en") -> list[ValidationOutcome]:
        """Validate every case of one input; one outcome per exg:LicenceCase.

        Results whose focus node belongs to no case (an item no case lists) form an outcome
        with case None.

        Raises:
            InputError: the input holds no exg:LicenceCase.
        """
        with self._lock:
            if self._setwise is not None:
                with collector_paused(), self._setwise.loaded(source.triples) as cases:
                    read = cases.submit(read_case_facts, cases.store)  # beside the checks
                    hits = [_setwise_hit(finding) for finding in cases.findings()]
                    facts = self._facts(source, read.result())
                    owners = case_owners(cases.store, {hit.focus for hit in hits}, facts)
            else:
                store = EmbeddedStore()
                store.add_quads(source.triples)
                facts = self._facts(source, read_case_facts(store))
                hits = self._pyshacl_hits(source.graph)
                owners = case_owners(store, {hit.focus for hit in hits}, facts)
            dates = self._dates.evaluate(facts.values())
        by_case: dict[Term | None, list[ValidationResult]] = {case: [] for case in facts}
        for hit in hits:
            case, section = owners.get(hit.focus, (None, "case"))
            result = self._result(hit, lang, section)
            case_facts = facts.get(case) if case is not None else None
            by_case.setdefault(case, []).append(self._fill(result, case_facts, lang))
        return [
            ValidationOutcome(
                conforms=not any(r.severity == "Violation" for r in results),
                results=tuple(sorted(results, key=_result_order)),
                case=case.value if case is not None else None,
                case_id=facts[case].case_id if case is not None else None,
                source=source.name,
                dates=dates[case] if case is not None else (),
            )
            for case, results in by_case.items()
        ]

    @staticmethod
    def _facts(source: CaseSource, facts: dict[Term, CaseFacts]) -> dict[Term, CaseFacts]:
        if not facts:
            raise InputError(
                f"{source.name}: no licence case found: a case is typed exg:LicenceCase"
                ' ("type": "LicenceCase" in JSON)'
            )
        return facts

    def _pyshacl_hits(self, cases: Graph) -> list[_Hit]:
        assert self._validator is not None  # built for the pyshacl engine
        added = [triple for triple in cases if triple not in self._graph]
        for triple in added:
            self._graph.add(triple)
        try:
            _conforms, report, _report_text = self._validator.run()
        finally:
            for triple in added:
                self._graph.remove(triple)
        hits = []
        for node in _results(report):
            focus = report.value(node, SH.focusNode)
            shape = report.value(node, SH.sourceShape)
            path = report.value(node, SH.resultPath)
            value = report.value(node, SH.value)
            hits.append(
                _Hit(
                    focus=to_oxigraph(focus),
                    focus_text=str(focus),
                    value_text=str(value) if value is not None else None,
                    shape=shape,
                    path=str(path) if path is not None else None,
                    component=str(report.value(node, SH.sourceConstraintComponent)),
                    severity=str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
                    report_messages=tuple(report.objects(node, SH.resultMessage)),
                )
            )
        return hits

    def _result(self, hit: _Hit, lang: str, section: str) -> ValidationResult:
        key = (hit.shape, lang, hit.report_messages)
        texts = self._shape_texts.get(key)
        if texts is None:
            shape = hit.shape
            # pySHACL drops the language tag of a message it formats; read the shape's own.
            messages = list(self._shapes.objects(shape, SH.message)) if shape is not None else []
            names = list(self._shapes.objects(shape, SH.name)) if shape is not None else []
            see_also = self._shapes.objects(shape, RDFS.seeAlso) if shape is not None else ()
            texts = self._shape_texts[key] = (
                _pick_language(messages or list(hit.report_messages), lang),
                _pick_language(names, lang),
                tuple(sorted(str(s) for s in see_also)),
            )
        message, name, provisions = texts
        return ValidationResult(
            focus=hit.focus_text,
            path=hit.path,
            value=hit.value_text,
            shape=str(hit.shape) if isinstance(hit.shape, URIRef) else "(anonymous shape)",
            component=hit.component,
            severity=hit.severity,
            message=message,
            section=section,
            shape_name=name,
            provisions=provisions,
        )

    def _fill(
        self, result: ValidationResult, facts: CaseFacts | None, lang: str
    ) -> ValidationResult:
        """Fill the message's placeholders: the value, the case's dates, the nearest codes."""
        if "{" not in result.message:
            return result
        values = {
            "value": self._short(result.value),
            "this": self._short(result.focus),
            "applicationDate": _text(facts.application_date if facts else None),
            "decisionDate": _text(facts.decision_date if facts else None),
            "nearest": self._nearest(result.value) if "{nearest}" in result.message else "",
            "nearestCountries": (
                _nearest_countries(result.value) if "{nearestCountries}" in result.message else ""
            ),
        }
        message = re.sub(
            r"\{[?$]?(value|this|applicationDate|decisionDate|nearestCountries|nearest)\}",
            lambda m: values[m.group(1)],
            result.message,
        )
        return replace(result, message=message)

    def _short(self, value: str | None) -> str:
        if value not in self._short_cache:
            self._short_cache[value] = _short(value, self._graph)
        return self._short_cache[value]

    def _nearest(self, value: str | None) -> str:
        if value not in self._nearest_cache:
            self._nearest_cache[value] = _nearest_text(value, self._codes)
        return self._nearest_cache[value]


def _oxigraph_triples(graph: Graph) -> Iterator[ox.Triple]:
    for s, p, o in graph:
        subject, predicate = to_oxigraph(s), to_oxigraph(p)
        assert not isinstance(subject, ox.Literal) and isinstance(predicate, ox.NamedNode)
        yield ox.Triple(subject, predicate, to_oxigraph(o))


def _assigned_country_triples() -> Iterator[tuple[URIRef, URIRef, Literal]]:
    """<authority-table IRI> exgsh:assignedIso3166Alpha3 "DEU", one per assigned code: the
    ISO table the case shapes check destinations by (shapes/case-record.ttl)."""
    for code in sorted(assigned_codes()):
        yield URIRef(COUNTRY_TABLE + code), ASSIGNED_ALPHA3, Literal(code)


def _nearest_countries(value: str | None) -> str:
    """ ", near matches: DEU (Germany)" for an unassigned country code, else ""."""
    if not value or not value.startswith(COUNTRY_TABLE):
        return ""
    near = near_countries(value.removeprefix(COUNTRY_TABLE))
    return f"; near matches: {', '.join(f'{c} ({country_name(c)})' for c in near)}" if near else ""


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


def _result_order(result: ValidationResult) -> tuple:
    return (
        SECTION_ORDER.index(result.section),
        SEVERITY_ORDER.get(result.severity, 3),
        result.shape,
        result.focus,
        result.value or "",
        result.component,  # ties otherwise keep each engine's own order
        result.path or "",
        result.message,
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
