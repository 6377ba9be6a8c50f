"""The law over time: in force on a date, listed on a date, covered on a date.

The rules live once, as SHACL-AF SPARQL functions in shapes/law-functions.ttl. pySHACL calls
them inside the case-record rules; this module runs the very same ASK queries over a store, so
validation, as-of questions and the licence check agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

from exportgraph.config import resource_dir
from exportgraph.errors import InputError
from exportgraph.law.remembering import remembered
from exportgraph.namespaces import EXGSH
from exportgraph.sparql.text import ask_as_select, write_iri
from exportgraph.store.interface import Store


@dataclass(frozen=True)
class LawFunction:
    """One SHACL-AF function: its IRI, its parameters in order, and its ASK query."""

    iri: str
    parameters: tuple[str, ...]
    ask: str


@cache
def law_functions() -> dict[str, LawFunction]:
    """Read shapes/law-functions.ttl into functions keyed by local name (e.g. "inForceOn")."""
    graph = Graph().parse(resource_dir("shapes") / "law-functions.ttl", format="turtle")
    functions = {}
    for function in graph.subjects(None, SH.SPARQLFunction):
        parameters = sorted(
            graph.objects(function, SH.parameter), key=lambda p: int(str(graph.value(p, SH.order)))
        )
        names = tuple(str(graph.value(p, SH.path)).rsplit("#", 1)[-1] for p in parameters)
        name = str(function).rsplit("#", 1)[-1]
        functions[name] = LawFunction(str(function), names, str(graph.value(function, SH.ask)))
    return functions


@cache
def law_prefixes() -> dict[str, str]:
    """The prefixes the functions' queries use (their sh:declare)."""
    graph = Graph().parse(resource_dir("shapes") / "law-functions.ttl", format="turtle")
    declarations = graph.objects(EXGSH.LawFunctions, SH.declare)
    return {str(graph.value(d, SH.prefix)): str(graph.value(d, SH.namespace)) for d in declarations}


class Law:
    """Ask the law-over-time functions of a store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def ask(self, name: str, *arguments: str | date) -> bool:
        """Evaluate the law function called name with IRIs (str) and dates as arguments.

        Raises:
            InputError: no function has that name, or the arguments do not fit it.
        """
        return remembered(
            self._store, ("law", name, *arguments), lambda: self._ask(name, arguments)
        )

    def _ask(self, name: str, arguments: tuple[str | date, ...]) -> bool:
        function = law_functions().get(name)
        if function is None:
            raise InputError(
                f"no law function {name!r}; known: {', '.join(sorted(law_functions()))}"
            )
        if len(arguments) != len(function.parameters):
            raise InputError(f"{name} takes {', '.join(function.parameters)}")
        bindings = {
            param: Literal(arg.isoformat(), datatype=XSD.date)
            if isinstance(arg, date)
            else URIRef(arg)
            for param, arg in zip(function.parameters, arguments, strict=True)
        }
        answer = self._store.query(function.ask, bindings=bindings, prefixes=law_prefixes())
        return bool(answer.boolean)

    def in_force_on(self, resource: str, on: date) -> bool | None:
        """True or False where the graph knows whether the resource was in force; None if not."""
        return self._three_valued("inForceOn", "notInForceOn", resource, on)

    def no_longer_in_force_on(self, resource: str, on: date) -> bool:
        """Whether the graph shows the resource had left force by the date (ended or repealed);
        of the two ways in_force_on() is False, the other is "not yet"."""
        return self.ask("noLongerInForceOn", resource, on)

    def entry_listed_on(self, entry: str, on: date) -> bool | None:
        """Whether a control entry was on a list on the date; None where its dates are unknown."""
        return self._three_valued("entryListedOn", "entryNotListedOn", entry, on)

    def model_covered_on(self, model: str, on: date) -> bool | None:
        """Whether an instrument covered the model on the date; None if the graph lacks it."""
        return self._three_valued("modelCoveredOn", "modelNotCoveredOn", model, on)

    def intra_eu(self, country: str) -> bool:
        return self.ask("intraEu", country)

    def record_status_on(self, record: str, on: date) -> str:
        """Say how one list membership or model coverage stands on a date.

        Returns:
            "applies", "not-yet" (it applies only from a later day), "ended" (its
            applicableUntil is past) or "unknown" (undated, or left in doubt by a later
            instrument named by exg:continuationUnknownFrom).
        """
        if self.ask("appliesOn", record, on):
            return "applies"
        if self.ask("notYetApplyingOn", record, on):
            return "not-yet"
        if self.ask("noLongerApplyingOn", record, on):
            return "ended"
        return "unknown"

    def holds_for(self, name: str, on: date, among: tuple[str, ...] = ()) -> set[str]:
        """Return every IRI for which the one-resource function name holds on a date.

        The function's own ASK query runs as a SELECT of its first parameter, so a whole
        dated view costs one query per function instead of one per resource.

        Args:
            name: a law function of (resource, date), e.g. "notInForceOn".
            on: the date.
            among: classes the resource must be an instance of; needed where the query
                only reads optional properties of its resource (appliesOn and its kin).

        Raises:
            InputError: no function has that name, or it does not take (resource, date).
        """
        function = law_functions().get(name)
        if function is None or len(function.parameters) != 2:
            raise InputError(f"{name!r} is not a law function of a resource and a date")
        subject, when = function.parameters
        candidates = ""
        if among:
            kinds = " ".join(write_iri(kind) for kind in among)
            candidates = f"VALUES ?kindOfResource {{ {kinds} }} ?{subject} a ?kindOfResource . "
        select = ask_as_select(function.ask, f"DISTINCT ?{subject}", first=candidates)
        bindings = {when: Literal(on.isoformat(), datatype=XSD.date)}
        answer = self._store.query(select, bindings=bindings, prefixes=law_prefixes())
        return {
            str(row[subject].value)
            for row in answer.rows
            if subject in row and hasattr(row[subject], "value")
        }

    def _three_valued(self, yes: str, no: str, iri: str, on: date) -> bool | None:
        if self.ask(yes, iri, on):
            return True
        if self.ask(no, iri, on):
            return False
        return None
