"""ExportGraph: the graph of export-control law as a Python object, the way sqlite-utils'
Database is a SQLite file.

Open it once, then ask it things: a SPARQL query, the law as it stood on a date, the licence
check, a list's changes between two dates, the validation of case records. The CLI and the
web layer call these same methods; each is one call into the core (law/, cases/, endpoint/)
over the store the settings choose, embedded or remote, which the object never asks about.

>>> from exportgraph import ExportGraph
>>> graph = ExportGraph.open()
>>> graph.licence_check("NXT:1980i", "CHN", "2024-09-10").required
True
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from exportgraph.api.stores import dated_view, open_configured_store, open_store_with_cases
from exportgraph.cases.reading import read_case_text
from exportgraph.cases.validation import CaseValidator, ValidationOutcome, validate_case_files
from exportgraph.config import Settings
from exportgraph.dates import parse_date
from exportgraph.endpoint.saved_queries import run_query_text, run_saved_query
from exportgraph.errors import ConfigurationError, InputError
from exportgraph.law.as_of import DatedView
from exportgraph.law.licence import LicenceAnswer, check_licence
from exportgraph.law.lineage import ListDiff, diff_list
from exportgraph.law.screen.answers import ScreenedLine, Screener, ScreenProgress
from exportgraph.law.screen.order_book import OrderBook, parse_columns
from exportgraph.store import terms as ox
from exportgraph.store.embedded import Answer
from exportgraph.store.interface import Store

BindingValue = Identifier | ox.Term | str | int | float | bool | date


class ExportGraph:
    """The ontology and the reference law (and with cases, the case collections) in a store.

    Build one with ExportGraph.open(), or ExportGraph(store) over a store you opened.

    >>> graph = ExportGraph.open()
    >>> graph.store.triple_count() > 1000
    True
    """

    def __init__(self, store: Store, settings: Settings | None = None) -> None:
        """Wrap a store (anything with the exportgraph.store.interface.Store methods)."""
        self.store = store
        self.settings = settings if settings is not None else Settings.load()
        self._validators: dict[str, CaseValidator] = {}
        self._building = threading.Lock()

    @classmethod
    def open(
        cls, settings: Settings | None = None, with_cases: bool = False, **overrides: Any
    ) -> ExportGraph:
        """Open the store the settings choose: the embedded one by default, or a remote
        SPARQL server (setting store).

        Args:
            settings: defaults < EXPORTGRAPH_* environment when None (Settings.load()).
            with_cases: also read the case collections of store_path (for whoever holds the
                case files; never for what is published).
            overrides: settings by name, over the others: store="http://host/sparql",
                store_path="cases/", query_timeout=5, ...

        Raises:
            ConfigurationError: an unknown setting, or settings that name a store that cannot
                be opened so.
            StoreError: the remote server cannot be reached.

        >>> ExportGraph.open().store.full_sparql
        True
        >>> ExportGraph.open(query_timeout=5).settings.query_timeout
        5.0
        """
        unknown = sorted(set(overrides) - {f.name for f in fields(Settings)})
        if unknown:
            raise ConfigurationError(
                f"no such setting: {', '.join(unknown)} (the settings are in the README)"
            )
        if settings is None:
            settings = Settings.load(**overrides)
        elif overrides:
            settings = replace(settings, **overrides)
        store = open_store_with_cases(settings) if with_cases else open_configured_store(settings)
        return cls(store, settings)

    def query(self, sparql: str, **bindings: BindingValue) -> Answer:
        """Run a read-only SPARQL query; keyword arguments are bound to its variables as values.

        The graph's prefixes (exg:, exr:, eli:, country:, skos:, ...) need no declaration.
        A str is bound as a plain literal; pass an IRI as rdflib.URIRef (or a term taken
        from an earlier answer), a date as datetime.date.

        Raises:
            QueryRefusedError: an update, a SERVICE call or a FROM of a remote document.
            QueryError: the query does not parse or fails.

        >>> answer = graph.query(
        ...     "SELECT ?label WHERE { ?country exg:iso3 ?code ; skos:prefLabel ?label"
        ...     " FILTER(lang(?label) = 'en') }",
        ...     code="NLD",
        ... )
        >>> [row["label"].value for row in answer.rows]
        ['Netherlands']
        """
        values = {name: _rdflib_term(name, value) for name, value in bindings.items()}
        return run_query_text(self.store, sparql, values or None)

    def saved_query(self, name: str, **params: str) -> Answer:
        """Run a saved question of queries/*.rq by name, its parameters bound as values.

        Raises:
            InputError: no such question, or a parameter is wrong.

        >>> answer = graph.saved_query("regime-participation", country="country:RUS")
        >>> answer.kind
        'select'
        """
        return run_saved_query(self.store, name, params)

    def as_of(self, on: date | str) -> DatedGraph:
        """The law as it stood on a date: a graph without what was not yet, or no longer, law.

        Raises:
            InputError: on is not a date written YYYY-MM-DD.

        >>> before = graph.as_of("2023-01-01")
        >>> before.on.isoformat(), len(before.left_out) > 0
        ('2023-01-01', True)
        """
        return DatedGraph(dated_view(self.store, parse_date(on, "as_of")), self.settings)

    def licence_check(
        self, item: str, destination: str, on: date | str, origin: str = "NLD"
    ) -> LicenceAnswer:
        """Say whether exporting item to destination needed a licence on a date, and why.

        Args:
            item: a control code ("3B001.f.4"), a model ("NXT:2000i") or the IRI of either;
                an entry whose code was not read by its IRI or technology area ("metrology").
            destination: an assigned ISO 3166-1 alpha-3 code (pycountry's table), any case.
            on: the date of the export.
            origin: an assigned ISO 3166-1 alpha-3 code, the member state it leaves from.

        Returns:
            The answer: required is True, False, or None when the graph cannot decide (then
            missing says what it lacks); chain and findings cite the law and its sources.

        Raises:
            InputError: the item is not in the graph, or a country is no assigned ISO code
                (field and near matches on the error), or on is not a date.

        >>> answer = graph.licence_check("NXT:1980i", "CHN", "2024-08-01")
        >>> answer.required, answer.as_of.isoformat()
        (False, '2024-08-01')
        """
        return check_licence(self.store, item, destination, parse_date(on, "on"), origin)

    def screen(
        self,
        books: Iterable[OrderBook | Path | str],
        columns: Mapping[str, str] | str | None = None,
        as_of: date | str | None = None,
        progress: Callable[[ScreenProgress], None] | None = None,
    ) -> Iterator[ScreenedLine]:
        """Answer every line of order books with the licence check, each distinct question once.

        Args:
            books: CSV files (comma, semicolon or tab; Excel's BOM allowed) with a header row
                naming item, destination, date and optionally origin (default NLD) and
                reference; .jsonl or .ndjson files of JSON objects with those members; or
                OrderBook objects (bytes from elsewhere).
            columns: which column holds a field, for other headers: {"item": "Part"} or
                "item=Part,destination=Country".
            as_of: answer every line on this date instead of its own (a what-if); each line
                then also carries its answer on its own date.
            progress: called every few thousand lines.

        Yields:
            Every line in order, with its answer or the problem that kept it from one (a bad
            line names its column and, for an unknown item or country, near matches).

        Raises:
            InputError: a file cannot be read, is not UTF-8, or the mapping or as_of is wrong.

        >>> data = "item,destination,date\\nNXT:2000i,CHN,2023-10-02\\n".encode()
        >>> [line.verdict.required for line in graph.screen([OrderBook("b.csv", data, "csv")])]
        [True]
        """
        if isinstance(columns, str):
            columns = parse_columns(columns)
        opened = [b if isinstance(b, OrderBook) else OrderBook.from_path(b) for b in books]
        on = parse_date(as_of, "as_of") if as_of is not None else None
        return Screener(self.store, on).screen(opened, columns, progress)

    def diff(self, list_ref: str, from_date: date | str, to_date: date | str) -> ListDiff:
        """Say which entries and model coverages of a control list changed between two dates.

        Args:
            list_ref: a list's slug (nl-semiconductor-equipment, eu-annex-i) or its IRI.

        Raises:
            InputError: the list is unknown, a date is not a date, or from_date is after
                to_date.

        >>> changes = graph.diff("nl-semiconductor-equipment", "2024-09-01", "2024-09-10")
        >>> [change.subject.label for change in changes.changes if change.kind == "added"]
        ['ASML TWINSCAN NXT:1970i', 'ASML TWINSCAN NXT:1980i']
        """
        return diff_list(
            self.store,
            list_ref,
            parse_date(from_date, "from_date"),
            parse_date(to_date, "to_date"),
        )

    def validate(
        self,
        paths: Path | str | Iterable[Path | str],
        lang: str = "en",
        engine: str = "pyshacl",
        progress: Callable[[int, int, str], None] | None = None,
    ) -> list[ValidationOutcome]:
        """Validate case record files (or folders of them) against the shapes and the law in
        force on each case's dates; one outcome per case.

        Args:
            paths: .ttl, .jsonld or .json files, or folders of them.
            lang: "en" or "nl", the language of the messages.
            engine: "pyshacl" or "setwise" (identical reports; setwise is faster on batches).
            progress: called after each file with (files done, files in all, file name).

        Raises:
            InputError: a path is missing, a file does not parse, or no case file was found.
        """
        if isinstance(paths, Path | str):
            paths = [paths]
        return validate_case_files(
            [Path(p) for p in paths],
            lang=lang,
            validator=self.validator(engine),
            progress=progress,
        )

    def validate_text(
        self, text: str | bytes, syntax: str = "turtle", lang: str = "en", engine: str = "pyshacl"
    ) -> list[ValidationOutcome]:
        """Validate case records given as text: Turtle, or JSON (JSON-LD or plain JSON).

        Raises:
            InputError: the text does not parse, or holds no exg:LicenceCase.

        >>> outcomes = graph.validate_text(
        ...     "@prefix exg: <https://w3id.org/exportgraph/ontology#> ."
        ...     " <https://example.org/case/1> a exg:LicenceCase ."
        ... )
        >>> outcomes[0].conforms, len(outcomes[0].violations) > 0
        (False, True)
        """
        return self.validator(engine).validate(read_case_text(text, syntax), lang)

    def validator(self, engine: str = "pyshacl") -> CaseValidator:
        """The case validator over this graph's store, built on first use and kept.

        A pySHACL validator memoises rdflib's SPARQL parsing for the process
        (exportgraph.cases.monkey; only on the rdflib versions it was written for).

        Raises:
            ConfigurationError: an unknown engine.
        """
        with self._building:  # web requests may ask for it at once; build one
            if engine not in self._validators:
                # The one place the faces get a validator, so the place that asks for
                # rdflib's parse cache (exportgraph.cases.monkey) for the CLI and the web.
                self._validators[engine] = CaseValidator(
                    store=self.store,
                    reference=self.store.reference_graph(),
                    engine=engine,
                    parse_cache=True,
                )
            return self._validators[engine]


class DatedGraph(ExportGraph):
    """The graph as the law stood on one date (ExportGraph.as_of); it answers like any other.

    Attributes:
        on: the date.
        left_out: IRIs of the resources that were not law on that date, left out.
        uncertain: IRIs whose standing on that date the graph does not know; kept.
    """

    def __init__(self, view: DatedView, settings: Settings | None = None) -> None:
        super().__init__(view, settings)
        self.view = view
        self.on = view.as_of
        self.left_out = view.left_out
        self.uncertain = view.uncertain


def _rdflib_term(name: str, value: BindingValue) -> Identifier:
    if isinstance(value, Identifier):
        return value
    if isinstance(value, ox.NamedNode):
        return URIRef(value.value)
    if isinstance(value, ox.Literal):
        if value.language:
            return Literal(value.value, lang=value.language)
        return Literal(value.value, datatype=URIRef(value.datatype.value))
    if isinstance(value, str | int | float | bool | date):
        return Literal(value)
    raise InputError(f"{name}: cannot bind {value!r}; give a str, number, date or rdflib term")
