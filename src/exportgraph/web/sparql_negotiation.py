"""Content negotiation for the SPARQL endpoint: Accept with q-values, or a `format` parameter.

RFC 9110: the most specific media range that matches a type gives its quality (type/subtype
over type/* over */*); q=0 means "not acceptable". Among types of equal quality the server's
order wins, so `Accept: */*` gets the first (the standard default) format.
"""

from __future__ import annotations

from dataclasses import dataclass

# Per kind of answer: format name -> media types (the first is the one sent).
TABLE_TYPES: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
GRAPH_TYPES: dict[str, tuple[str, ...]] = {
    "turtle": ("text/turtle", "application/x-turtle"),
    "ntriples": ("application/n-triples",),
    "jsonld": ("application/ld+json",),
    "rdfxml": ("application/rdf+xml",),
}
TEXT_TYPES = ("application/n-triples",)

# Names a `format` parameter may use, per kind (as Fuseki and Virtuoso accept them).
FORMAT_ALIASES: dict[str, dict[str, str]] = {
    "table": {
        "json": "json",
        "srj": "json",
        "xml": "xml",
        "srx": "xml",
        "csv": "csv",
        "tsv": "tsv",
    },
    "graph": {
        "turtle": "turtle",
        "ttl": "turtle",
        "ntriples": "ntriples",
        "nt": "ntriples",
        "n-triples": "ntriples",
        "jsonld": "jsonld",
        "json-ld": "jsonld",
        "json": "jsonld",
        "rdfxml": "rdfxml",
        "rdf": "rdfxml",
        "xml": "rdfxml",
    },
}


class NotAcceptable(Exception):
    """Nothing the client accepts can carry this answer; the message lists what can."""


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    quality: float

    def matches(self, media_type: str) -> int:
        """Return how specifically this range matches (3 exact, 2 type/*, 1 */*; 0 none)."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 1
        if self.type != kind:
            return 0
        if self.subtype == "*":
            return 2
        return 3 if self.subtype == sub else 0


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header; a malformed range is skipped, an empty header accepts all."""
    ranges: list[MediaRange] = []
    for part in (header or "").split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        if "/" not in media:
            continue
        kind, _, sub = media.lower().partition("/")
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges.append(MediaRange(kind, sub, quality))
    return ranges or [MediaRange("*", "*", 1.0)]


def quality_of(media_type: str, ranges: list[MediaRange]) -> float:
    """The quality the client gives a media type: that of the most specific matching range."""
    best, specificity = 0.0, 0
    for media_range in ranges:
        match = media_range.matches(media_type)
        if match > specificity:
            best, specificity = media_range.quality, match
    return best


def choose(offers: dict[str, tuple[str, ...]], accept: str | None) -> tuple[str, str]:
    """Pick the format and media type the client prefers among offers.

    Raises:
        NotAcceptable: every offered type has quality 0 under the Accept header.
    """
    ranges = parse_accept(accept)
    best: tuple[float, str, str] | None = None
    # Each format's own media type comes before the aliases (application/json, text/xml), so
    # that at equal quality `text/*` gets CSV, not XML sent as text/xml.
    candidates = [(name, types[0]) for name, types in offers.items()]
    candidates += [(name, alias) for name, types in offers.items() for alias in types[1:]]
    for name, media_type in candidates:
        quality = quality_of(media_type, ranges)
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality, name, media_type)
    if best is None:
        offered = ", ".join(t for types in offers.values() for t in types)
        raise NotAcceptable(
            f"no format fits Accept: {accept}; this answer is available as {offered}"
        )
    return best[1], best[2]


def by_format_parameter(
    value: str, kind: str, offers: dict[str, tuple[str, ...]]
) -> tuple[str, str]:
    """Read a `format` parameter: a short name (csv, turtle, ...) or a media type.

    Raises:
        NotAcceptable: the name is not a format of this kind of answer.
    """
    name = FORMAT_ALIASES[kind].get(value.strip().lower())
    if name is None:
        for candidate, media_types in offers.items():
            if value.split(";")[0].strip().lower() in media_types:
                name = candidate
    if name is None:
        what = "SELECT and ASK" if kind == "table" else "CONSTRUCT and DESCRIBE"
        raise NotAcceptable(
            f"format={value!r} is not a format for {what} answers; use one of " + ", ".join(offers)
        )
    return name, offers[name][0]


def content_type(media_type: str) -> str:
    """The Content-Type header for a media type (text types say their charset)."""
    if media_type.startswith("text/") or media_type in TEXT_TYPES:
        return f"{media_type}; charset=utf-8"
    return media_type
