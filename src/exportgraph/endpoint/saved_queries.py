"""Saved questions: the queries/*.rq files, their headers, and running them with parameters.

A file starts with header lines:

    #+ summary: Which entries were on a control list on a date
    #+ description: Longer text for the query page (optional, may repeat).
    #+ tags: control lists, as of a date
    #+ param: date (date) the day to ask about, e.g. 2024-08-01
    #+ param: list (iri, optional) the list; all lists when left out
    #+ needs: cases

and, for each language other than English, the same texts in it (the page shows them when it
is in that language, and the English otherwise):

    #+ summary@nl: Welke posten een controlelijst op een datum bevatte
    #+ description@nl: Langere tekst voor de vragenpagina (optioneel, mag herhaald worden).
    #+ param@nl: date de dag waarnaar gevraagd wordt, bijv. 2024-08-01

A translated param names the parameter first and gives only its description; its kind and
whether it is optional come from the English line.

"needs: cases" marks a question about licence case records, which the published graph never
holds: it answers only over a case store (NEEDS_CASES).

A parameter's kind is iri, date, string or integer; "optional" means that, when left out, the
variable stays unbound and the question answers for all values. Parameters are bound as values
by the store (a VALUES block written by Oxigraph's serialiser), never pasted into the text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from exportgraph.config import resource_dir
from exportgraph.endpoint.core import GRAPH_PREFIXES
from exportgraph.errors import ConfigurationError, InputError, QueryError
from exportgraph.sparql.guard import QueryRefusedError, check_query
from exportgraph.sparql.prefixed_names import unescape_local, unescaped_slash
from exportgraph.sparql.projection import ordered_like, star_columns
from exportgraph.store.embedded import Answer, bind_values
from exportgraph.store.interface import Store

PARAMETER_KINDS = ("iri", "date", "string", "integer")
NEEDS_CASES = "cases"
KNOWN_NEEDS = (NEEDS_CASES,)
_HEADER = re.compile(r"^#\+\s*(\w+)(?:@([a-z]{2}))?\s*:\s*(.*)$")
_TRANSLATED_PARAM = re.compile(r"^(\w+)\s+(.+)$")
TRANSLATED_HEADERS = ("summary", "description", "param")
_PARAM = re.compile(r"^(\w+)\s+\((\w+)(\s*,\s*optional)?\)\s*(.*)$")
# The example of an IRI parameter ("e.g. exr:list/nl-semiconductor-equipment") names the
# namespace its values live in: exr:list/ here, country: for "e.g. country:RUS".
_IRI_EXAMPLE = re.compile(r"e\.g\.\s+(([A-Za-z][\w-]*:(?:[\w.-]+/)*)[\w.-]+)")


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    optional: bool
    description: str
    translations: tuple[tuple[str, str], ...] = ()  # (language, description)

    def description_in(self, lang: str) -> str:
        """The description in a language, or in English when the file gives none in it."""
        return dict(self.translations).get(lang, self.description)

    @property
    def namespace(self) -> str | None:
        """For an IRI parameter, the prefixed namespace of its example (exr:list/), if any."""
        match = _IRI_EXAMPLE.search(self.description) if self.kind == "iri" else None
        return match.group(2) if match else None

    @property
    def example(self) -> str | None:
        """For an IRI parameter, its example as a prefixed name (exr:list/nl-...), if any."""
        match = _IRI_EXAMPLE.search(self.description) if self.kind == "iri" else None
        return match.group(1) if match else None


@dataclass(frozen=True)
class SavedQuery:
    """One saved question: its name (the file's stem), headers and SPARQL text."""

    name: str
    summary: str
    description: str
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    text: str
    path: Path
    needs: tuple[str, ...] = ()  # what the store must hold beyond the published graph
    summaries: tuple[tuple[str, str], ...] = ()  # (language, summary) beside the English
    descriptions: tuple[tuple[str, str], ...] = ()  # (language, description)

    @property
    def needs_cases(self) -> bool:
        return NEEDS_CASES in self.needs

    def summary_in(self, lang: str) -> str:
        """The summary in a language, or in English when the file gives none in it."""
        return dict(self.summaries).get(lang, self.summary)

    def description_in(self, lang: str) -> str:
        """The description in a language, or in English when the file gives none in it."""
        return dict(self.descriptions).get(lang, self.description)

    def language_of_summary(self, lang: str) -> str:
        """The language the summary is shown in when asked for lang: lang or English."""
        return lang if lang in dict(self.summaries) else "en"


def queries_dir() -> Path:
    return resource_dir("queries")


def saved_queries(folder: Path | None = None) -> list[SavedQuery]:
    """Read every saved question, sorted by name.

    Raises:
        ConfigurationError: a file's headers are malformed (the message names file and line).
    """
    folder = folder or queries_dir()
    return [read_saved_query(path) for path in sorted(folder.glob("*.rq"))]


def saved_query(name: str, folder: Path | None = None) -> SavedQuery:
    """Find one saved question by name.

    Raises:
        InputError: no question has that name; the message names the closest ones, or all
            there are when none is close.
    """
    folder = folder or queries_dir()
    path = folder / f"{name}.rq"
    if not re.fullmatch(r"[\w.-]+", name) or not path.is_file():
        names = [q.name for q in saved_queries(folder)]
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
        if close:
            raise InputError(
                f"no saved question {name!r}; did you mean {' or '.join(close)}?"
                f" (all {len(names)} are listed by `exportgraph queries`)"
            )
        raise InputError(f"no saved question {name!r}; there are: {', '.join(names)}")
    return read_saved_query(path)


def read_saved_query(path: Path) -> SavedQuery:
    """Parse one .rq file's headers.

    Raises:
        ConfigurationError: a header is malformed, or the summary is missing.
    """
    text = path.read_text(encoding="utf-8")
    headers: dict[str, list[str]] = {}
    translated: dict[tuple[str, str], list[str]] = {}  # (header, language): its lines
    parameters: list[Parameter] = []
    param_lines: list[tuple[str, int, str]] = []  # (language, line number, text)
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line)
        if not match:
            continue
        key, lang, value = match.group(1).lower(), match.group(2), match.group(3).strip()
        if lang and key not in TRANSLATED_HEADERS:
            raise ConfigurationError(
                f"{path}:{number}: '#+ {key}@{lang}:' is not read; only"
                f" {', '.join(TRANSLATED_HEADERS)} are given in other languages"
            )
        if key == "param" and lang:
            param_lines.append((lang, number, value))
        elif key == "param":
            parameters.append(_parameter(value, path, number))
        elif lang:
            translated.setdefault((key, lang), []).append(value)
        else:
            headers.setdefault(key, []).append(value)
    parameters = _translate_parameters(parameters, param_lines, path)
    if not headers.get("summary"):
        raise ConfigurationError(f"{path}: no '#+ summary:' header")
    tags = tuple(
        tag.strip() for value in headers.get("tags", []) for tag in value.split(",") if tag.strip()
    )
    needs = tuple(need.strip() for value in headers.get("needs", []) for need in value.split(","))
    unknown = [need for need in needs if need not in KNOWN_NEEDS]
    if unknown:
        raise ConfigurationError(
            f"{path}: '#+ needs: {', '.join(unknown)}' is not known; write one of:"
            f" {', '.join(KNOWN_NEEDS)}"
        )
    return SavedQuery(
        name=path.stem,
        summary=headers["summary"][0],
        description=" ".join(headers.get("description", [])),
        tags=tags,
        parameters=tuple(parameters),
        text=text,
        path=path,
        needs=needs,
        summaries=tuple(
            (lang, lines[0]) for (key, lang), lines in translated.items() if key == "summary"
        ),
        descriptions=tuple(
            (lang, " ".join(lines))
            for (key, lang), lines in translated.items()
            if key == "description"
        ),
    )


def _translate_parameters(
    parameters: list[Parameter], lines: list[tuple[str, int, str]], path: Path
) -> list[Parameter]:
    """Give each parameter the descriptions its `#+ param@LANG: NAME text` lines give."""
    by_name = {p.name: p for p in parameters}
    for lang, number, value in lines:
        match = _TRANSLATED_PARAM.match(value)
        if not match or match.group(1) not in by_name:
            raise ConfigurationError(
                f"{path}:{number}: write a translated parameter as 'NAME description', NAME"
                f" one of the parameters ({', '.join(by_name) or 'none'}); got {value!r}"
            )
        name = match.group(1)
        known = by_name[name]
        by_name[name] = replace(
            known, translations=(*known.translations, (lang, match.group(2).strip()))
        )
    return [by_name[p.name] for p in parameters]


def _parameter(value: str, path: Path, number: int) -> Parameter:
    match = _PARAM.match(value)
    if not match or match.group(2) not in PARAMETER_KINDS:
        raise ConfigurationError(
            f"{path}:{number}: write a parameter as 'NAME (KIND[, optional]) description',"
            f" KIND one of {', '.join(PARAMETER_KINDS)}; got {value!r}"
        )
    return Parameter(
        name=match.group(1),
        kind=match.group(2),
        optional=bool(match.group(3)),
        description=match.group(4).strip(),
    )


def bind_parameters(query: SavedQuery, values: Mapping[str, str]) -> dict[str, Identifier]:
    """Check and convert the given parameter values to RDF terms.

    An empty value counts as left out. An IRI may be written with one of the graph's prefixes
    (exr:law/nl-bsg, country:NLD).

    Raises:
        InputError: an unknown parameter, a required one left out, or a value of the wrong
            kind; the message names the parameter and what it expects.
    """
    known = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(known))
    if unknown:
        expected = ", ".join(known) or "none"
        raise InputError(
            f"{query.name}: unknown parameter {', '.join(unknown)}; it takes: {expected}"
        )
    bindings: dict[str, Identifier] = {}
    for parameter in query.parameters:
        raw = (values.get(parameter.name) or "").strip()
        if not raw:
            if not parameter.optional:
                raise InputError(
                    f"{query.name}: parameter {parameter.name} is required"
                    f" ({parameter.kind}: {parameter.description})"
                )
            continue
        bindings[parameter.name] = _term(query.name, parameter, raw)
    return bindings


def _term(query_name: str, parameter: Parameter, raw: str) -> Identifier:
    where = f"{query_name}: parameter {parameter.name}={raw!r}"
    if parameter.kind == "date":
        try:
            date.fromisoformat(raw)
        except ValueError:
            raise InputError(f"{where} is not a date; write YYYY-MM-DD") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise InputError(f"{where} is not a date; write YYYY-MM-DD")
        return Literal(raw, datatype=XSD.date)
    if parameter.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise InputError(f"{where} is not an integer")
        return Literal(int(raw))
    if parameter.kind == "string":
        return Literal(raw)
    namespace = parameter.namespace
    if namespace and re.fullmatch(r"[\w.-]+", raw):
        # A bare slug (nl-semiconductor-equipment) is what a person types: it names a
        # resource in the parameter's namespace (exr:list/nl-semiconductor-equipment).
        raw = namespace + raw
    return URIRef(expand_iri(raw, where, namespace))


def expand_iri(raw: str, where: str, namespace: str | None = None) -> str:
    """Expand a prefixed name with the graph's prefixes; check the result is an absolute IRI.

    The local part may be written as SPARQL writes it (exr:law\\/nl-bsg, as the CLI prints
    it) or plainly (exr:law/nl-bsg).

    Raises:
        InputError: the value is not an IRI.
    """
    value = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
    prefix, colon, local = value.partition(":")
    if colon and prefix in GRAPH_PREFIXES and not local.startswith("//"):
        value = GRAPH_PREFIXES[prefix] + unescape_local(local)
    if not re.fullmatch(r"[A-Za-z][\w+.-]*:[^\s<>\"{}|\\^`]+", value):
        slug = f", or only the part after {namespace}" if namespace else ""
        raise InputError(
            f"{where} is not an IRI (write it in full, as a prefixed name such as exr:...,"
            f" country:...{slug})"
        )
    return value


def run_saved_query(store: Store, name: str, values: Mapping[str, str]) -> Answer:
    """Run a saved question with its parameters bound as values.

    Raises:
        InputError: no such question, or a parameter is wrong.
        QueryError: the query fails.
    """
    query = saved_query(name)
    answer = store.query(query.text, bindings=bind_parameters(query, values))
    return in_query_order(query.text, answer)


def bound_query_text(name: str, values: Mapping[str, str]) -> str:
    """The saved question's text with its parameters bound by a VALUES block, for the endpoint.

    The values are written by Oxigraph's serialiser (an IRI validated, a literal escaped), the
    same binding EmbeddedStore.query(bindings=...) does, so the endpoint's time limit applies.

    Raises:
        InputError: no such question, or a parameter is wrong.
    """
    query = saved_query(name)
    bindings = bind_parameters(query, values)
    return bind_values(query.text, bindings) if bindings else query.text


def run_query_text(
    store: Store, text: str, bindings: Mapping[str, Identifier] | None = None
) -> Answer:
    """Run any SPARQL query on the local store, read-only and offline like the endpoint.

    The graph's prefixes (exg:, exr:, eli:, country:, ...) may be used without declaring them.
    bindings are values for the query's variables, bound as values. A SELECT * answer has
    its columns in the order the query's variables first appear.

    Raises:
        QueryRefusedError: an update, a SERVICE call or a FROM of a remote document.
        QueryError: the query does not parse or fails; a prefixed name with a bare "/"
            (exr:law/nl-bsg, which SPARQL reads as a division) is named with its fix.
    """
    try:
        check_query(text, allowed_endpoints=(), local_graphs=store.graph_names())
        answer = store.query(text, bindings=bindings, prefixes=GRAPH_PREFIXES)
    except QueryRefusedError:
        raise
    except QueryError as exc:
        name = unescaped_slash(text, GRAPH_PREFIXES)
        if name is None or "does not parse" not in str(exc):
            raise
        prefix, _, local = name.partition(":")
        raise QueryError(
            f"{exc}; a prefixed name cannot hold a bare '/': write {name} as"
            f" {prefix}:{local.replace('/', chr(92) + '/')} or as <{GRAPH_PREFIXES[prefix]}{local}>"
        ) from None
    return in_query_order(text, answer)


def in_query_order(text: str, answer: Answer) -> Answer:
    """The answer with a SELECT *'s columns in the order of the query's text."""
    if answer.kind != "select":
        return answer
    order = star_columns(text)
    if order is None:
        return answer
    return replace(answer, variables=ordered_like(answer.variables, order))
