"""SPARQL as text, read once: the tokenizer every guard, binding and rewrite goes through.

A query's text is edited in several places (the read-only guard, the dataset check of a
remote store, values bound into a saved question, constants written in for Virtuoso, the law
functions turned into SELECTs, SHACL functions inlined by the set-wise engine). Each of them
needs the same thing: to see the query's words, variables and braces while skipping what is
not code: strings in their four quote forms, IRIs, comments to the end of a line, and the
escapes of a prefixed name (`ex:a\\#b` is a name, not a name and a comment). A hand-written
lexer per caller got these wrong in different ways (a quote after an escaped backslash ended
a string early; an escaped `#` in a local name hid the rest of the line from the guard), so
there is one tokenizer here, following the terminals of the SPARQL 1.1 grammar (section 19.8),
and small helpers over its tokens. Oxigraph decodes `\\u` escapes only inside strings and IRIs,
as this tokenizer reads them, so a keyword cannot be hidden in escapes.

Every token carries its offsets in the text, so a rewrite replaces exactly the span it means
and leaves the rest of the text, comments and layout included, as it was.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from exportgraph.errors import QueryError

_ECHAR = r"\\[tbnrf\\\"'uU0-9A-Fa-f]"  # loose: a bad escape is the parser's to report
_PN_CHARS_BASE = r"[^\W\d_]"
_PN_CHARS_U = r"[^\W\d]"
_PN_CHARS = r"[\w\-\u00B7\u0300-\u036F\u203F-\u2040]"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = rf"{_PN_CHARS_BASE}(?:(?:{_PN_CHARS}|\.)*{_PN_CHARS})?"
_PN_LOCAL = (
    rf"(?:{_PN_CHARS_U}|[:0-9]|{_PLX})(?:(?:{_PN_CHARS}|[.:]|{_PLX})*(?:{_PN_CHARS}|:|{_PLX}))?"
)

_TOKEN = re.compile(
    rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\r\n]|\\.)*"
              |'(?:[^'\\\r\n]|\\.)*')
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
  | (?P<var>[?$](?:{_PN_CHARS_U}|[0-9])[\w\u00B7\u0300-\u036F\u203F-\u2040]*)
  | (?P<bnode>_:(?:{_PN_CHARS_U}|[0-9])(?:(?:{_PN_CHARS}|\.)*{_PN_CHARS})?)
  | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?)
  | (?P<number>[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\.?[0-9]*[eE][+-]?[0-9]+|[0-9]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\^\^|\|\||&&|!=|<=|>=|<<\(|\)>>|<<|>>|\{{\||\|\}}|[{{}}()\[\];,.*/|^!=<>+\-?&])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a SPARQL text: its kind, its text and where it stands.

    kind is one of comment, string, iri, var, bnode, pname, langtag, number, word (a keyword,
    a function name, `a`, `true`), punct or other (a character SPARQL has no use for, such
    as a back quote, or the opening quote of a string that is never closed).
    """

    kind: str
    text: str
    start: int
    end: int

    @property
    def word(self) -> str:
        """The upper-cased text of a word token ("" for any other kind)."""
        return self.text.upper() if self.kind == "word" else ""

    @property
    def name(self) -> str:
        """A variable's name without its ? or $ ("" for any other kind)."""
        return self.text[1:] if self.kind == "var" else ""


def tokenize(text: str, comments: bool = False) -> Iterator[Token]:
    """Yield the tokens of a SPARQL text in order, without white space.

    Args:
        text: the query (or a part of one: a group, a function's body).
        comments: whether comments are yielded too (by default they are skipped).
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "space" or (kind == "comment" and not comments):
            continue
        yield Token(kind, match.group(), match.start(), match.end())


def words(text: str) -> frozenset[str]:
    """The upper-cased words of a text (keywords and function names), outside strings and IRIs."""
    return frozenset(token.word for token in tokenize(text) if token.kind == "word")


def declared_prefixes(text: str) -> dict[str, str]:
    """The prefixes a query declares (PREFIX name: <iri>), by name without the colon."""
    stream = list(tokenize(text))
    prefixes = {}
    for index, token in enumerate(stream[:-2]):
        name, iri = stream[index + 1], stream[index + 2]
        if token.word == "PREFIX" and name.kind == "pname" and iri.kind == "iri":
            prefixes[name.text[:-1] if name.text.endswith(":") else name.text] = iri.text[1:-1]
    return prefixes


def expand(token: Token, prefixes: Mapping[str, str]) -> str:
    """The IRI a token names: an IRI's text, or a prefixed name expanded (as is if undeclared).

    Escapes in the local part (`\\#`, `\\/`) are the character itself in the IRI.
    """
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        return token.text
    return token.text[1:-1] if token.kind == "iri" else token.text


# Saved questions are bound again and again with new values: each text is read once.
@functools.lru_cache(maxsize=256)
def where_group_start(text: str) -> int:
    """Return the offset of the "{" that opens the query's WHERE group.

    A CONSTRUCT template comes before it and is skipped.

    Raises:
        QueryError: the text has no group.
    """
    skip_template = False
    depth = 0
    for token in tokenize(text):
        if token.word == "CONSTRUCT" and depth == 0:
            skip_template = True
        elif token.text == "{":
            if depth == 0 and not skip_template:
                return token.start
            depth += 1
        elif token.text == "}":
            depth -= 1
            if depth == 0:
                skip_template = False
        elif token.word == "WHERE" and depth == 0:
            skip_template = False
    raise QueryError("the query has no WHERE group to bind values in")


def group_end(text: str, start: int) -> int:
    """Return the offset of the "}" that closes the group whose "{" is at start.

    Raises:
        QueryError: start is not a "{", or the group is never closed.
    """
    if text[start : start + 1] != "{":
        raise QueryError(f"no group opens at offset {start}")
    depth = 0
    for token in tokenize(text[start:]):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
            if depth == 0:
                return start + token.start
    raise QueryError("a group of the query is never closed")


def insert_at_group_start(text: str, insertion: str) -> str:
    """Write insertion just inside the query's WHERE group (see where_group_start)."""
    at = where_group_start(text)
    return f"{text[: at + 1]} {insertion} {text[at + 1 :]}"


def group_body(text: str) -> str:
    """The inside of the first group of a text (an ASK query's pattern), without its braces.

    Raises:
        QueryError: the text has no group.
    """
    opening = next((t for t in tokenize(text) if t.text == "{"), None)
    if opening is None:
        raise QueryError("the query has no group")
    return text[opening.start + 1 : group_end(text, opening.start)]


def replace_tokens(text: str, replace: Callable[[Token], str | None]) -> str:
    """Rewrite a text token by token: replace(token) gives the new text, or None to keep it.

    Comments are not offered to replace; they and the white space stay as written.
    """
    pieces: list[str] = []
    last = 0
    for token in tokenize(text):
        new = replace(token)
        if new is not None:
            pieces.append(text[last : token.start])
            pieces.append(new)
            last = token.end
    pieces.append(text[last:])
    return "".join(pieces)


def substitute(text: str, terms: Mapping[str, str]) -> str:
    """Write a term in place of each named variable (?name or $name), outside strings and IRIs.

    Args:
        text: the query or group.
        terms: SPARQL text for each variable, by name without ? or $ (written by the
            writers below or by Oxigraph's term serialiser, never user text as is).
    """
    return replace_tokens(text, lambda t: terms.get(t.name) if t.kind == "var" else None)


def write_iri(iri: str) -> str:
    """Write an IRI as <iri>.

    Raises:
        QueryError: the IRI holds a character an IRI reference cannot (it would end the IRI
            early or change the query).
    """
    if any(c in iri for c in '<>"{}|^`\\') or any(ord(c) <= 0x20 for c in iri):
        raise QueryError(f"not an IRI to put in a query: {iri!r}")
    return f"<{iri}>"


def write_string(value: str) -> str:
    """Write a string as a SPARQL string literal in double quotes, escaped."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def first_word(text: str, names: Iterable[str]) -> Token | None:
    """The first word token among names (upper case), outside strings, IRIs and comments."""
    wanted = frozenset(names)
    return next((t for t in tokenize(text) if t.word in wanted), None)


def ask_as_select(text: str, projection: str, first: str = "") -> str:
    """Turn an ASK query into a SELECT of the given projection over the same pattern.

    Args:
        text: an ASK query (a prologue of PREFIX and BASE may come before ASK).
        projection: what the SELECT projects, e.g. "DISTINCT ?resource".
        first: patterns to put at the top of the group, before the ASK's own.

    Raises:
        QueryError: the text is not an ASK query.
    """
    stream = tokenize(text)
    prologue = ("PREFIX", "BASE")
    ask = next(
        (t for t in stream if t.kind not in ("pname", "iri") and t.word not in prologue), None
    )
    if ask is None or ask.word != "ASK":
        raise QueryError("not an ASK query: it does not start with ASK after its prologue")
    opening = next((t for t in stream if t.text == "{"), None)
    if opening is None:
        raise QueryError("the ASK query has no group")
    return f"{text[: ask.start]}SELECT {projection} WHERE {{ {first}{text[opening.end :]}"


def select_clause(text: str) -> list[Token]:
    """The tokens of a SELECT query's projection: after SELECT, before WHERE or its group.

    The first SELECT of the text is read (a subquery's comes later). Empty when there is none.
    """
    clause: list[Token] = []
    inside = False
    for token in tokenize(text):
        if not inside:
            inside = token.word == "SELECT"
        elif token.word in ("WHERE", "FROM") or token.text == "{":
            break
        else:
            clause.append(token)
    return clause
