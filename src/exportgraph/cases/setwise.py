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
a new kind of constraint cannot be skipped silently. It gives Findings (check, focus, value)
straight from the query rows; exportgraph.cases.validation turns them into the same results as
pySHACL's report (tests/test_setwise.py checks that on every fixture and on generated batches).

Cases go into the store as the quads they were parsed as (one call, no rdflib). Oxigraph
stores "3"^^xsd:positiveInteger as an xsd:integer, so sh:datatype is checked on the parsed
literals, with pySHACL's rule (rdflib's lexical spaces), once per distinct literal (the
last DATATYPE_VERDICTS_KEPT met are remembered).
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from exportgraph.errors import ConfigurationError
from exportgraph.sparql.text import (
    Token,
    group_body,
    insert_at_group_start,
    replace_tokens,
    select_clause,
    substitute,
    tokenize,
)
from exportgraph.store import terms as ox
from exportgraph.store.embedded import EmbeddedStore, values_blocks

# The reference data lives in a graph of its own; the cases go wherever their quads say (the
# default graph for parsed input) and every other graph is emptied after a run.
REFERENCE_GRAPH = ox.NamedNode("urn:exportgraph:setwise-reference")
SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
SUPPORTED = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.pattern, SH["class"], SH["in"],
    SH.nodeKind, SH.sparql, SH.targetClass, SH.property, SH.severity, SH.name,
    SH.description, SH.message, RDF.type,
}  # fmt: skip

# Batches from this many quads (about 80 cases) run their queries on a few threads; below it
# the threads cost more than they give.
PARALLEL_FROM = 2_000
QUERY_THREADS = min(4, os.cpu_count() or 1)

Term = ox.NamedNode | ox.BlankNode | ox.Literal
T = TypeVar("T")


@dataclass(frozen=True)
class Check:
    """One compiled constraint of one shape.

    kind says how it is run: "sparql", a query of its own whose rows are (this, value) of
    violating nodes; "value", a pattern over ?this and ?value that holds for violating values
    (pattern, class, in, node kind), run with the other value checks of its target in one
    query; "count", run with the counts of its target; "datatype", checked on the parsed
    literals, where sparql finds the focus nodes.
    """

    shape: URIRef
    component: URIRef
    severity: URIRef
    path: URIRef | None
    kind: str
    sparql: str  # the query; for a value check, its pattern
    target: str = ""  # the node shape's target, as a pattern binding ?this
    value_is_focus: bool = False  # a node-shape SPARQL constraint without ?value
    datatype: URIRef | None = None
    count: tuple[int | None, int | None] = (None, None)  # (min, max) of a count check


@dataclass(frozen=True)
class _Query:
    """A query and the checks it runs: its rows are (?this, ?value, ?k), k indexing checks."""

    sparql: str
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class Finding:
    """One violated constraint: what pySHACL reports as one sh:ValidationResult."""

    check: Check
    focus: Term
    value: Term | None


RENEW_STORE_AFTER_QUADS = 500_000


class SetwiseEngine:
    """Validate cases against the case shapes with one query per constraint.

    Not thread-safe: one batch at a time (exportgraph.cases.validation holds a lock).
    """

    def __init__(self, shapes: Graph, reference: Iterable[ox.Triple]) -> None:
        """Compile the shapes; reference: the ontology and the law the cases are judged by."""
        self._reference = [
            ox.Quad(t.subject, t.predicate, t.object, REFERENCE_GRAPH) for t in reference
        ]
        self._store = self._new_store()
        self._quads_seen = 0
        self._prefixes = _prefixes(shapes)
        self._checks = _compile(shapes, _functions(shapes))
        self._queries = _queries(self._checks)

    @property
    def checks(self) -> tuple[Check, ...]:
        return tuple(self._checks)

    @contextmanager
    def loaded(self, quads: Sequence[ox.Quad]) -> Iterator[LoadedCases]:
        """Hold the cases in the engine's store for the block; they are removed after it."""
        self._store.add_quads(quads)
        try:
            yield LoadedCases(self._store, self._checks, self._queries, self._prefixes, quads)
        finally:
            self._store.clear_all_but(REFERENCE_GRAPH.value)
            # Oxigraph's memory store keeps every term it has seen after the quads are
            # removed, so a long run (load-cases over 100,000 cases) starts a fresh one now
            # and then; loading the reference data again takes some tens of milliseconds.
            self._quads_seen += len(quads)
            if self._quads_seen > RENEW_STORE_AFTER_QUADS:
                self._store, self._quads_seen = self._new_store(), 0

    def _new_store(self) -> EmbeddedStore:
        store = EmbeddedStore()
        store.add_quads(self._reference)
        return store


class LoadedCases:
    """The engine's store while it holds a batch of cases (see SetwiseEngine.loaded)."""

    def __init__(
        self,
        store: EmbeddedStore,
        checks: list[Check],
        queries: list[_Query],
        prefixes: dict[str, str],
        quads: Sequence,
    ) -> None:
        self.store = store  # cases and reference data, read as the union of its graphs
        self._checks = checks
        self._queries = queries
        self._prefixes = prefixes
        self._quads = quads
        self._pool = _query_pool() if len(quads) >= PARALLEL_FROM else None

    def findings(self) -> list[Finding]:
        """Every violated constraint of every case held."""
        closures = self._type_closures()
        answers = [
            self.submit(self._rows, _with_closures(q.sparql, closures)) for q in self._queries
        ]
        # The datatypes are checked in Python while the pool's threads run the queries.
        datatype_checks = [c for c in self._checks if c.kind == "datatype"]
        datatype_findings = self._datatype_findings(datatype_checks) if datatype_checks else []
        findings: list[Finding] = []
        for query, answer in zip(self._queries, answers, strict=True):
            seen: set = set()
            for row in answer.result():
                if row in seen:
                    continue
                seen.add(row)
                this, value, k = row
                check = query.checks[int(k.value) if k is not None else 0]
                if value is None and check.value_is_focus:
                    value = this
                findings.append(Finding(check, this, value))
        return findings + datatype_findings

    def submit(self, function: Callable[..., T], *arguments: object) -> Future[T]:
        """Run function(*arguments) on the query threads when the batch is large, else now.

        Oxigraph releases the GIL while it evaluates a query, so queries run side by side.
        """
        if self._pool is not None:
            return self._pool.submit(function, *arguments)
        done: Future[T] = Future()
        try:
            done.set_result(function(*arguments))
        except BaseException as exc:  # handed to whoever asks for the result, as a pool does
            done.set_exception(exc)
        return done

    def _rows(self, sparql: str) -> list[tuple]:
        rows = self._query(sparql)
        if len(rows.variables) == 2:  # a constraint's own query: (this, value)
            return [(*row, None) for row in rows]
        return [tuple(row) for row in rows]

    def _type_closures(self) -> dict[str, str]:
        """Each class of an sh:class constraint with its subclasses, as a SPARQL list.

        Read per batch, since a case could declare a subclass; the queries then test a
        value's types against a list instead of walking rdfs:subClassOf* for every value.
        """
        classes = sorted({m.group(1) for c in self._checks for m in _CLOSURE.finditer(c.sparql)})
        if not classes:
            return {}
        found: dict[str, set[str]] = {c: {f"<{c}>"} for c in classes}
        values = " ".join(f"<{c}>" for c in classes)
        query = (
            f"SELECT ?class ?type WHERE {{ VALUES ?class {{ {values} }}"
            f" ?type {SUBCLASS} ?class . FILTER(isIRI(?type)) }}"
        )
        for row in self._query(query):
            found[row[0].value].add(str(row[1]))
        return {c: ", ".join(sorted(types)) for c, types in found.items()}

    def _query(self, sparql: str) -> ox.QuerySolutions:
        return self.store.solutions(sparql, self._prefixes)

    def _datatype_findings(self, checks: list[Check]) -> list[Finding]:
        # The literals as parsed, not as stored: one pass over the quads for every path that
        # has a datatype, then the store says which subjects are focus nodes of the shape.
        by_path: dict[ox.NamedNode, list[Check]] = {}
        for check in checks:
            by_path.setdefault(ox.NamedNode(str(check.path)), []).append(check)
        candidates: dict[Check, set[tuple[Term, Term]]] = {check: set() for check in checks}
        for quad in self._quads:
            wanted = by_path.get(quad.predicate)
            if wanted is None:
                continue
            value = quad.object
            for check in wanted:
                assert check.datatype is not None
                if not _matches_datatype(value, check.datatype):
                    candidates[check].add((quad.subject, value))
        findings: list[Finding] = []
        for check, pairs in candidates.items():
            if not pairs:
                continue
            focus_nodes = self._focus_nodes(check, {subject for subject, _ in pairs})
            findings += (Finding(check, s, v) for s, v in pairs if s in focus_nodes)
        return findings

    def _focus_nodes(self, check: Check, subjects: set[Term]) -> set[Term]:
        target = check.sparql  # "SELECT DISTINCT ?this WHERE { <target> ?this <path> ?value }"
        named = sorted((s for s in subjects if isinstance(s, ox.NamedNode)), key=str)
        if len(named) < len(subjects):  # blank nodes cannot stand in a VALUES block
            return {row[0] for row in self._query(target)}
        found: set[Term] = set()
        for block in values_blocks(named):
            values = " ".join(str(s) for s in block)
            query = target.replace("WHERE {", f"WHERE {{ VALUES ?this {{ {values} }}", 1)
            found.update(row[0] for row in self._query(query))
        return found


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _query_pool() -> ThreadPoolExecutor | None:
    """The query threads, shared by every engine of the process (None on one core)."""
    global _POOL
    if QUERY_THREADS < 2:
        return None
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(QUERY_THREADS, thread_name_prefix="setwise-query")
    return _POOL


def _matches_datatype(value: Term, datatype: URIRef) -> bool:
    """pySHACL's sh:datatype test of one value, on the literal as parsed (memoised)."""
    if not isinstance(value, ox.Literal):
        return False
    # Only a typed literal's lexical form can matter: a string or a language-tagged one
    # matches by its kind alone (names and ids are all different, so this spares the memo).
    if value.language:
        value = _ANY_TAGGED
    elif value.datatype == _XSD_STRING:
        value = _ANY_STRING
    return _datatype_verdict(value, datatype)


# A batch of cases brings as many distinct typed literals as it likes (amounts, dates), and the
# process may live for months: the memo keeps the most recently met ones only.
DATATYPE_VERDICTS_KEPT = 8192


@functools.lru_cache(maxsize=DATATYPE_VERDICTS_KEPT)
def _datatype_verdict(value: ox.Literal, datatype: URIRef) -> bool:
    return _pyshacl_datatype_rule(_rdflib_literal(value), datatype)


_XSD_STRING = ox.NamedNode(str(XSD.string))
_ANY_STRING = ox.Literal("a string")
_ANY_TAGGED = ox.Literal("a tagged string", language="en")
_PYTHON_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


def _pyshacl_datatype_rule(value: Literal, rule: URIRef) -> bool:
    # pyshacl.constraints.core.value_constraints.DatatypeConstraintComponent, written out.
    if value.datatype == rule:
        return value.ill_typed is not True and _actual_type(value, rule)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype:
        return value.datatype is not None
    if value.datatype is None and value.language is None and rule == XSD.string:
        return _actual_type(value, rule)
    if rule == RDF.langString and value.language:
        return _actual_type(value, rule)
    return False


def _actual_type(value: Literal, rule: URIRef) -> bool:
    python_type = _PYTHON_TYPES.get(rule)
    return python_type is None or isinstance(value.value, python_type)


def _rdflib_literal(term: ox.Literal) -> Literal:
    """The literal as exportgraph.cases.reading gives it to rdflib (and so to pySHACL)."""
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == str(XSD.string) else datatype)


def literal_text(term: ox.Literal) -> str:
    """The literal's text as pySHACL's report gives it (rdflib's normal form)."""
    if term.language or term.datatype == _XSD_STRING:
        return term.value  # rdflib keeps strings as written
    text = _LITERAL_TEXTS.get(term)
    if text is None:
        text = _LITERAL_TEXTS[term] = str(_rdflib_literal(term))
    return text


_LITERAL_TEXTS: dict[ox.Literal, str] = {}


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
    each = f"?this <{path}> ?value . FILTER({{}})"
    checks = []
    for parameter, value in shapes.predicate_objects(prop):
        component, pattern = None, ""
        if parameter in (SH.minCount, SH.maxCount):
            bound = int(str(value))
            is_min = parameter == SH.minCount
            checks.append(
                Check(
                    prop,
                    SH.MinCountConstraintComponent if is_min else SH.MaxCountConstraintComponent,
                    severity,
                    path,
                    "count",
                    "",
                    target=target,
                    count=(bound, None) if is_min else (None, bound),
                )
            )
        elif parameter == SH.datatype:
            focus = f"SELECT DISTINCT ?this WHERE {{ {target} ?this <{path}> ?value }}"
            checks.append(
                Check(
                    prop,
                    SH.DatatypeConstraintComponent,
                    severity,
                    path,
                    "datatype",
                    focus,
                    datatype=URIRef(str(value)),
                )
            )
        elif parameter == SH.pattern:
            condition = f"isBlank(?value) || !REGEX(STR(?value), {_string(str(value))})"
            component, pattern = SH.PatternConstraintComponent, each.replace("{}", condition)
        elif parameter == SH["class"]:
            # ?value rdf:type/rdfs:subClassOf* <class>, with the subclasses listed per batch
            condition = (
                f"NOT EXISTS {{ ?value a ?valueType . FILTER(?valueType IN ({_closure(value)})) }}"
            )
            component, pattern = SH.ClassConstraintComponent, each.replace("{}", condition)
        elif parameter == SH["in"]:
            members = ", ".join(_sparql_term(m) for m in Collection(shapes, value))
            condition = f"?value NOT IN ({members})"
            component, pattern = SH.InConstraintComponent, each.replace("{}", condition)
        elif parameter == SH.nodeKind:
            if value != SH.IRI:
                raise ConfigurationError(f"setwise engine: {prop} sh:nodeKind {value}")
            component, pattern = (
                SH.NodeKindConstraintComponent,
                each.replace("{}", "!isIRI(?value)"),
            )
        elif parameter == SH.sparql:
            checks.append(_sparql(shapes, prop, path, severity, target, value, functions))
        elif parameter not in SUPPORTED and str(parameter).startswith(str(SH)):
            raise ConfigurationError(f"setwise engine: {prop} uses {parameter}")
        if component is not None:
            checks.append(Check(prop, component, severity, path, "value", pattern, target=target))
    return checks


def _queries(checks: list[Check]) -> list[_Query]:
    """The queries that run the checks (datatypes aside): fewer than one per check.

    A SPARQL constraint is a query of its own. The value checks of one target are branches of
    one UNION, so the target is matched once. The counts of one target take two queries
    when their bounds are 1 (a missing value: NOT EXISTS; two values: a pair of them), and a
    GROUP BY otherwise; Oxigraph runs those forms several times faster than one GROUP BY.
    """
    queries = [_Query(c.sparql, (c,)) for c in checks if c.kind == "sparql"]
    by_target: dict[tuple[str, str], list[Check]] = {}
    for check in checks:
        if check.kind == "value":
            by_target.setdefault(("value", check.target), []).append(check)
        elif check.kind == "count":
            if check.count == (1, None):
                by_target.setdefault(("min1", check.target), []).append(check)
            elif check.count == (None, 1):
                by_target.setdefault(("max1", check.target), []).append(check)
            else:
                queries.append(_Query(_count_query(check), (check,)))
    for (kind, target), group in by_target.items():
        if kind == "value":
            branches = " UNION ".join(
                f"{{ {check.sparql} BIND({k} AS ?k) }}" for k, check in enumerate(group)
            )
            sparql = f"SELECT ?this ?value ?k WHERE {{ {target} {branches} }}"
        else:
            paths = " ".join(f"({k} <{check.path}>)" for k, check in enumerate(group))
            condition = (
                "FILTER NOT EXISTS { ?this ?p ?v }"
                if kind == "min1"
                else "?this ?p ?v . ?this ?p ?other . FILTER(!sameTerm(?v, ?other))"
            )
            sparql = (
                f"SELECT DISTINCT ?this ?value ?k WHERE {{ {target}"
                f" VALUES (?k ?p) {{ {paths} }} {condition} }}"
            )
        queries.append(_Query(sparql, tuple(group)))
    return queries


def _count_query(check: Check) -> str:
    least, most = check.count
    having = " || ".join(
        [f"COUNT(DISTINCT ?v) < {least}"] * (least is not None)
        + [f"COUNT(DISTINCT ?v) > {most}"] * (most is not None)
    )
    return (
        f"SELECT ?this ?value WHERE {{ {check.target} OPTIONAL {{ ?this <{check.path}> ?v }} }}"
        f" GROUP BY ?this ?value HAVING ({having})"
    )


_CLOSURE = re.compile(r"__SUBCLASSES_OF<([^>]*)>__")


def _closure(cls) -> str:
    return f"__SUBCLASSES_OF<{cls}>__"


def _with_closures(query: str, closures: dict[str, str]) -> str:
    return _CLOSURE.sub(lambda m: closures[m.group(1)], query)


def _sparql(shapes, shape, path, severity, target: str, constraint, functions) -> Check:
    written = str(shapes.value(constraint, SH.select))
    select = inline_functions(substitute(written, {"this": "?this"}), functions)
    if "value" not in {t.name for t in select_clause(select)}:
        select = _project_value(select)
    query = insert_at_group_start(select, target)
    value_is_focus = path is None and "value" not in {t.name for t in tokenize(written)}
    return Check(
        shape,
        SH.SPARQLConstraintComponent,
        severity,
        path,
        "sparql",
        query,
        target=target,
        value_is_focus=value_is_focus,
    )


def _functions(shapes: Graph) -> dict[str, tuple[list[str], str]]:
    """The SHACL-AF functions as (parameter names in order, the body of their ASK)."""
    functions = {}
    for function in shapes.subjects(RDF.type, SH.SPARQLFunction):
        parameters = sorted(
            shapes.objects(function, SH.parameter),
            key=lambda p: int(str(shapes.value(p, SH.order))),
        )
        names = [str(shapes.value(p, SH.path)).rsplit("#", 1)[-1] for p in parameters]
        functions[str(function).rsplit("#", 1)[-1]] = (
            names,
            ask_body(str(shapes.value(function, SH.ask))),
        )
    return functions


def _project_value(select: str) -> str:
    """Project ?value beside ?this (SELECT ?this ... -> SELECT ?this ?value ...)."""
    clause = select_clause(select)
    if clause and clause[0].word in ("DISTINCT", "REDUCED"):
        clause = clause[1:]
    if not clause or clause[0].name != "this":
        return select
    return f"{select[: clause[0].end]} ?value{select[clause[0].end :]}"


def ask_body(ask: str) -> str:
    """The group pattern of an ASK query, without its braces."""
    return group_body(ask)


def inline_functions(sparql: str, functions: dict[str, tuple[list[str], str]]) -> str:
    """Replace each exgsh:f(?a, ?b) by EXISTS { the body of f, with its own variables renamed }.

    In the body, a parameter ($name or ?name) becomes the call's argument and every other
    variable gets a suffix of its own, so two calls never share a variable.

    Args:
        sparql: a query calling the functions with variables or constant terms as arguments.
        functions: by local name, (parameter names in order, the body of the function's ASK).

    Raises:
        ConfigurationError: the query calls a function that is not given, with the wrong
            number of arguments, or without closing its parenthesis.
    """
    counter = itertools.count(1)
    stream = list(tokenize(sparql))
    pieces: list[str] = []
    last = index = 0
    while index < len(stream):
        token = stream[index]
        if not (
            token.kind == "pname"
            and token.text.startswith("exgsh:")
            and index + 1 < len(stream)
            and stream[index + 1].text == "("
        ):
            index += 1
            continue
        name = token.text.removeprefix("exgsh:")
        if name not in functions:
            raise ConfigurationError(f"setwise engine: unknown function exgsh:{name}")
        arguments, index = _arguments(sparql, stream, index + 1)
        parameters, body = functions[name]
        if len(arguments) != len(parameters):
            raise ConfigurationError(
                f"setwise engine: exgsh:{name} takes {len(parameters)} arguments,"
                f" given {len(arguments)}"
            )
        given = dict(zip(parameters, arguments, strict=True))
        body = replace_tokens(body, functools.partial(_in_call, given, f"_f{next(counter)}"))
        pieces += [sparql[last : token.start], f"EXISTS {{ {body} }}"]
        last = stream[index].end
        index += 1
    pieces.append(sparql[last:])
    return "".join(pieces)


def _in_call(arguments: dict[str, str], suffix: str, token: Token) -> str | None:
    """A function body's variable as written inside one call (see inline_functions)."""
    if token.kind != "var":
        return None
    return arguments.get(token.name, f"?{token.name}{suffix}")


def _arguments(sparql: str, stream: list[Token], opening: int) -> tuple[list[str], int]:
    """The argument texts of a call whose "(" is stream[opening], and the index of its ")"."""
    arguments: list[str] = []
    depth, start = 0, stream[opening].end
    for index in range(opening, len(stream)):
        token = stream[index]
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
            if depth == 0:
                arguments.append(sparql[start : token.start].strip())
                return [a for a in arguments if a], index
        elif token.text == "," and depth == 1:
            arguments.append(sparql[start : token.start].strip())
            start = token.end
    raise ConfigurationError("setwise engine: a function call is never closed")


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
