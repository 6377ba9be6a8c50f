"""Prefixed names (exr:law\\/nl-bsg) written so SPARQL and Turtle read them back, and read back.

A prefixed name's local part cannot hold every character of an IRI: "/" for one is not
allowed as it is, but may be written escaped, "\\/" (PN_LOCAL_ESC in the SPARQL 1.1 grammar,
the same in Turtle). So the terminal shows exr:law\\/nl-bsg, which pastes into a query, and
the CLI's parameters take both that and exr:law/nl-bsg.

Every "." is escaped too, though the grammar allows one inside a local part: Oxigraph 0.5
reads exr:entry\\/nl\\/3B001.f.4 as exr:entry\\/nl\\/3B001.f followed by the number .4, and
exr:a.b.c not at all; exr:entry\\/nl\\/3B001\\.f\\.4 it reads right.
"""

from __future__ import annotations

import re

# The characters PN_LOCAL_ESC lets a backslash escape.
ESCAPABLE = frozenset("_~.-!$&'()*+,;=/?#@%")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ESCAPED = re.compile(r"\\([_~.\-!$&'()*+,;=/?#@%])")

# PN_CHARS_BASE above ASCII, as ranges of code points.
_BASE_RANGES = (
    (0x00C0, 0x00D6),
    (0x00D8, 0x00F6),
    (0x00F8, 0x02FF),
    (0x0370, 0x037D),
    (0x037F, 0x1FFF),
    (0x200C, 0x200D),
    (0x2070, 0x218F),
    (0x2C00, 0x2FEF),
    (0x3001, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFFD),
    (0x10000, 0xEFFFF),
)
# What PN_CHARS adds to PN_CHARS_U, beyond "-" and the digits.
_CHARS_RANGES = ((0x00B7, 0x00B7), (0x0300, 0x036F), (0x203F, 0x2040))


def _in(ranges: tuple[tuple[int, int], ...], char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def _chars_u(char: str) -> bool:
    """PN_CHARS_U: a letter of PN_CHARS_BASE, or "_"."""
    return char == "_" or ("a" <= char.lower() <= "z" and char.isascii()) or _in(_BASE_RANGES, char)


def _chars(char: str) -> bool:
    """PN_CHARS: PN_CHARS_U, "-", a digit, or a combining mark."""
    return _chars_u(char) or char == "-" or char in "0123456789" or _in(_CHARS_RANGES, char)


def local_name(local: str) -> str | None:
    """Write the local part of a prefixed name, escaping what must be; None when it cannot be.

    Args:
        local: the rest of the IRI after the prefix's namespace.

    Returns: the local part as SPARQL and Turtle read it, or None when the IRI holds a
        character no local part can (a space, a quote, a "<"): write it in full then.

    >>> local_name("law/nl-bsg")
    'law\\\\/nl-bsg'
    >>> local_name("entry/nl/3B001.f.4")
    'entry\\\\/nl\\\\/3B001\\\\.f\\\\.4'
    >>> local_name("a b") is None
    True
    """
    written = []
    last = len(local) - 1
    index = 0
    while index <= last:
        char = local[index]
        if char == "%" and _PERCENT.match(local, index):
            written.append(local[index : index + 3])
            index += 3
            continue
        if index == 0:
            allowed = _chars_u(char) or char == ":" or char.isdigit() and char.isascii()
        elif index == last:
            allowed = _chars(char) or char == ":"
        else:
            allowed = _chars(char) or char == ":"
        if allowed:
            written.append(char)
        elif char in ESCAPABLE:
            written.append("\\" + char)
        else:
            return None
        index += 1
    return "".join(written)


def prefixed_name(iri: str, prefixes: dict[str, str]) -> str | None:
    """The IRI as prefix:local with the first prefix whose namespace it extends, or None.

    >>> prefixed_name("https://w3id.org/exportgraph/id/law/nl-bsg", {"exr": "https://w3id.org/exportgraph/id/"})
    'exr:law\\\\/nl-bsg'
    """  # noqa: E501
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            local = local_name(iri[len(namespace) :])
            if local is not None:
                return f"{prefix}:{local}"
    return None


def unescape_local(local: str) -> str:
    r"""The IRI's characters a local part stands for: "law\/nl-bsg" is "law/nl-bsg".

    >>> unescape_local("law\\/nl-bsg")
    'law/nl-bsg'
    """
    return _ESCAPED.sub(r"\1", local)


def unescaped_slash(text: str, prefixes: dict[str, str]) -> str | None:
    """A prefixed name of the text with a bare "/" in its local part (exr:law/nl-bsg), if any.

    Only to explain a query that did not parse: a match inside a string or a comment is
    possible, so it is never used to rewrite the query.
    """
    names = "|".join(re.escape(prefix) for prefix in prefixes)
    match = re.search(rf"(?<![\w:<\\])(?:{names}):[^\s/{{}}()<>\"';,]*/[^\s{{}}()<>\"';,]*", text)
    return match.group(0).rstrip(".") if match else None
