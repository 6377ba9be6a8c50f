"""A set-wise SHACL engine for the case shapes: each constraint is one query over all cases.

pySHACL evaluates every constraint once per focus node in rdflib's SPARQL engine; a batch of
cases is then slow (tens of cases a second). This engine compiles each (shape, constraint) of
the case shapes into one SPARQL SELECT that finds every violating (focus, value) at once, and
runs it in a private Oxigraph store holding the ontology, the reference data and the cases.
The law functions of shapes/law-functions.ttl are inlined as EXISTS blocks, so the rules still
use the one definition of the law over time.

It understands exactly what the case shapes use: sh:targetClass; property shapes with a
simple path and sh:minCount, sh:maxCount, sh:datatype, sh:pattern, sh:class, sh:in,
sh:nodeKind sh:IRI; sh:sparql SELECT constraints. Anything else raises ConfigurationError, so
a new kind of constraint cannot be skipped silently. Its report has the shape of pySHACL's
(sh:ValidationResult nodes), and tests/test_setwise.py checks that both engines report the
same on every fixture and on a generated batch. Datatypes are checked in Python on the case
graph (rdflib's ill-typed test), because Oxigraph keeps no xsd:positiveInteger.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from exportgraph.errors import ConfigurationError

CASES_GRAPH = ox.NamedNode("urn:exportgraph:cases-under-validation")
TYPE_PATH = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
SUPPORTED = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.pattern, SH["class"], SH["in"],
    SH.nodeKind, SH.sparql, SH.targetClass, SH.property, SH.severity, SH.name,
    SH.description, SH.message, RDF.type,
}  # fmt: skip


@dataclass(frozen=True)
class Check:
    """One compiled constraint: the query's rows are (this, value) of violating nodes."""

    shape: URIRef
    component: URIRef
    severity: URIRef
    path: URIRef | None
    query: str
    value_is_focus: bool = False  # a node-shape SPARQL constraint without ?value
    datatype: URIRef | None = None  # checked in Python: Oxigraph keeps no xsd:positiveInteger


class SetwiseEngine:
    """Validate case graphs against the case shapes with one query per constraint."""

    def __init__(self, shapes: Graph, reference_files: Iterable[Path]) -> None:
        self._store = ox.Store()
        for path in reference_files:
            self._store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        self._prefixes = _prefixes(shapes)
        self._checks = _compile(shapes, _functions(shapes))

    def report(self, cases: Graph) -> Graph:
        """Return a report graph shaped like pySHACL's for the cases given."""
        terms: dict = {}  # predicates and classes repeat in every case: convert each once

        def term(node):
            converted = terms.get(node)
            if converted is None:
                converted = terms[node] = _ox(node)
            return converted

        self._store.extend(ox.Quad(term(s), term(p), term(o), CASES_GRAPH) for s, p, o in cases)
        try:
            report = Graph()
            for check in self._checks:
                rows = self._store.query(
                    check.query, use_default_graph_as_union=True, prefixes=self._prefixes
                )
                assert isinstance(rows, ox.QuerySolutions)  # every check is a SELECT
                if check.datatype is not None:
                    self._check_datatypes(report, check, cases, rows)
                    continue
                seen = set()
                for row in rows:
                    this, value = row["this"], row["value"]
                    if (this, value) in seen:
                        continue
                    seen.add((this, value))
                    _add_result(report, check, _rdflib(this), _value(check, this, value))
            return report
        finally:
            self._store.clear_graph(CASES_GRAPH)

    @staticmethod
    def _check_datatypes(report: Graph, check: Check, cases: Graph, rows) -> None:
        # Oxigraph stores "2"^^xsd:positiveInteger as an xsd:integer, so the values are read
        # from the case graph itself, as rdflib parsed them.
        focus_nodes = {_rdflib(row["this"]) for row in rows}
        for focus, _, value in cases.triples((None, check.path, None)):
            if focus in focus_nodes and not _has_datatype(value, check.datatype):
                _add_result(report, check, focus, value)


def _has_datatype(value, datatype) -> bool:
    if not isinstance(value, Literal) or value.ill_typed:
        return False
    actual = value.datatype or (RDF.langString if value.language else XSD.string)
    return actual == datatype


def _value(check: Check, this, value):
    if value is not None:
        return _rdflib(value)
    return _rdflib(this) if check.value_is_focus else None


def _add_result(report: Graph, check: Check, focus, value) -> None:
    node = BNode()
    report.add((node, RDF.type, SH.ValidationResult))
    report.add((node, SH.focusNode, focus))
    report.add((node, SH.sourceShape, check.shape))
    report.add((node, SH.sourceConstraintComponent, check.component))
    report.add((node, SH.resultSeverity, check.severity))
    if check.path is not None:
        report.add((node, SH.resultPath, check.path))
    if value is not None:
        report.add((node, SH.value, value))


def _compile(shapes: Graph, functions: dict[str, tuple[list[str], str]]) -> list[Check]:
    checks: list[Check] = []
    for node_shape in sorted(set(shapes.subjects(SH.targetClass, None)), key=str):
        for predicate in set(shapes.predicates(node_shape, None)) - SUPPORTED:
            if str(predicate).startswith(str(SH)):
                raise ConfigurationError(f"setwise engine: {node_shape} uses {predicate}")
        classes = " ".join(f"<{c}>" for c in shapes.objects(node_shape, SH.targetClass))
        target = f"VALUES ?class {{ {classes} }} ?this a ?type . ?type {SUBCLASS} ?class ."
        severity = shapes.value(node_shape, SH.severity) or SH.Violation
        for constraint in shapes.objects(node_shape, SH.sparql):
            checks.append(
                _sparql(shapes, node_shape, None, severity, target, constraint, functions)
            )
        for prop in sorted(shapes.objects(node_shape, SH.property), key=str):
            checks += _property(shapes, prop, target, functions)
    return checks


def _property(shapes: Graph, prop, target: str, functions) -> list[Check]:
    path = shapes.value(prop, SH.path)
    severity = shapes.value(prop, SH.severity) or SH.Violation
    if not isinstance(prop, URIRef) or not isinstance(path, URIRef):
        raise ConfigurationError(f"setwise engine: {prop} needs a name and a simple path")
    p = f"<{path}>"
    each = f"SELECT ?this ?value WHERE {{ {target} ?this {p} ?value . FILTER({{}}) }}"
    checks = []
    for parameter, value in shapes.predicate_objects(prop):
        component = None
        if parameter == SH.minCount:
            component, query = (
                SH.MinCountConstraintComponent,
                (
                    f"SELECT ?this ?value WHERE {{ {target} OPTIONAL {{ ?this {p} ?v }} }} "
                    f"GROUP BY ?this ?value HAVING (COUNT(DISTINCT ?v) < {int(str(value))})"
                ),
            )
        elif parameter == SH.maxCount:
            component, query = (
                SH.MaxCountConstraintComponent,
                (
                    f"SELECT ?this ?value WHERE {{ {target} ?this {p} ?v }} "
                    f"GROUP BY ?this ?value HAVING (COUNT(DISTINCT ?v) > {int(str(value))})"
                ),
            )
        elif parameter == SH.datatype:
            query = f"SELECT DISTINCT ?this WHERE {{ {target} ?this {p} ?value }}"
            checks.append(
                Check(
                    prop,
                    SH.DatatypeConstraintComponent,
                    severity,
                    path,
                    query,
                    False,
                    URIRef(str(value)),
                )
            )
        elif parameter == SH.pattern:
            condition = f"isBlank(?value) || !REGEX(STR(?value), {_string(str(value))})"
            component, query = SH.PatternConstraintComponent, each.replace("{}", condition)
        elif parameter == SH["class"]:
            condition = f"NOT EXISTS {{ ?value {TYPE_PATH} <{value}> }}"
            component, query = SH.ClassConstraintComponent, each.replace("{}", condition)
        elif parameter == SH["in"]:
            members = ", ".join(_sparql_term(m) for m in Collection(shapes, value))
            condition = f"?value NOT IN ({members})"
            component, query = SH.InConstraintComponent, each.replace("{}", condition)
        elif parameter == SH.nodeKind:
            if value != SH.IRI:
                raise ConfigurationError(f"setwise engine: {prop} sh:nodeKind {value}")
            component, query = SH.NodeKindConstraintComponent, each.replace("{}", "!isIRI(?value)")
        elif parameter == SH.sparql:
            checks.append(_sparql(shapes, prop, path, severity, target, value, functions))
        elif parameter not in SUPPORTED and str(parameter).startswith(str(SH)):
            raise ConfigurationError(f"setwise engine: {prop} uses {parameter}")
        if component is not None:
            checks.append(Check(prop, component, severity, path, query))
    return checks


def _sparql(shapes, shape, path, severity, target: str, constraint, functions) -> Check:
    select = str(shapes.value(constraint, SH.select))
    select = _inline(select.replace("$this", "?this"), functions)
    if "?value" not in select.split("WHERE", 1)[0]:
        select = re.sub(r"SELECT\s+(DISTINCT\s+)?\?this", r"SELECT \1?this ?value", select, count=1)
    at = select.index("{", select.index("WHERE"))
    query = select[: at + 1] + " " + target + " " + select[at + 1 :]
    value_is_focus = path is None and "?value" not in str(shapes.value(constraint, SH.select))
    return Check(shape, SH.SPARQLConstraintComponent, severity, path, query, value_is_focus)


def _functions(shapes: Graph) -> dict[str, tuple[list[str], str]]:
    """The SHACL-AF functions as (parameter names in order, the body of their ASK)."""
    functions = {}
    for function in shapes.subjects(RDF.type, SH.SPARQLFunction):
        parameters = sorted(
            shapes.objects(function, SH.parameter),
            key=lambda p: int(str(shapes.value(p, SH.order))),
        )
        names = [str(shapes.value(p, SH.path)).rsplit("#", 1)[-1] for p in parameters]
        ask = str(shapes.value(function, SH.ask))
        functions[str(function).rsplit("#", 1)[-1]] = (
            names,
            ask[ask.index("{") + 1 : ask.rindex("}")],
        )
    return functions


def _inline(select: str, functions: dict[str, tuple[list[str], str]]) -> str:
    """Replace each exgsh:f(?a, ?b) by EXISTS { the body of f, with its own variables renamed }."""
    counter = iter(range(1, 10_000))

    def replace(match: re.Match) -> str:
        name, arguments = match.group(1), [a.strip() for a in match.group(2).split(",")]
        if name not in functions:
            raise ConfigurationError(f"setwise engine: unknown function exgsh:{name}")
        parameters, body = functions[name]
        suffix = f"_f{next(counter)}"
        body = re.sub(r"\?(\w+)", lambda m: f"?{m.group(1)}{suffix}", body)
        for parameter, argument in zip(parameters, arguments, strict=True):
            body = re.sub(rf"\${parameter}\b", argument, body)
        return f"EXISTS {{ {body} }}"

    return re.sub(r"exgsh:(\w+)\(([^()]*)\)", replace, select)


def _prefixes(shapes: Graph) -> dict[str, str]:
    return {
        str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
        for d in shapes.objects(None, SH.declare)
    }


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _sparql_term(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    raise ConfigurationError(f"setwise engine: sh:in member {term!r} is not an IRI")


def _ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
    return ox.Literal(str(term), datatype=datatype)


def _rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == str(XSD.string) else datatype)
