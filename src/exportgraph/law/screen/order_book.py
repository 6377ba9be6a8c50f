"""Read an order book: CSV (comma, semicolon or tab; with or without Excel's BOM) or JSON Lines.

Each data line becomes an OrderLine with its file, its line number and every column as given.
The columns the screening reads (item, destination, date, origin, reference) are found by
name, case-insensitively, or through a mapping for other headers (item=Part). A line that
cannot be read at all is still a line: it carries the problem, so nothing is dropped.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from exportgraph.errors import InputError

FIELDS = ("item", "destination", "date", "origin", "reference")
REQUIRED_FIELDS = ("item", "destination", "date")
DEFAULT_ORIGIN = "NLD"
SEPARATORS = (",", ";", "\t")
FORMATS = ("csv", "jsonl")


@dataclass(frozen=True)
class Problem:
    """Why a line cannot be answered: the column at fault, what is wrong, the near matches."""

    column: str
    message: str
    near: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrderLine:
    """One line of an order book, its columns as given."""

    source: str
    number: int  # the line in the file where the record starts (the CSV header is line 1)
    columns: dict[str, str]
    mapping: Mapping[str, str] = field(default_factory=dict)  # field -> column name
    problem: Problem | None = None

    def get(self, name: str) -> str:
        """The value of a screening field (item, destination, ...) through the mapping."""
        column = self.mapping.get(name)
        return (self.columns.get(column) or "").strip() if column else ""

    @property
    def origin(self) -> str:
        return self.get("origin") or DEFAULT_ORIGIN


@dataclass(frozen=True)
class OrderBook:
    """A file (or a request body) to screen: its name, its bytes and its format."""

    name: str
    data: bytes
    fmt: str  # "csv" or "jsonl"

    @classmethod
    def from_path(cls, path: Path | str) -> OrderBook:
        """Read a file; .jsonl and .ndjson are JSON Lines, anything else CSV.

        Raises:
            InputError: the file cannot be read.
        """
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read the order book ({exc.strerror})") from None
        fmt = "jsonl" if path.suffix.lower() in (".jsonl", ".ndjson") else "csv"
        return cls(str(path), data, fmt)


def parse_columns(text: str | None, option: str = "--columns") -> dict[str, str]:
    """Read a column mapping written "item=Part,destination=Country".

    Args:
        text: the mapping as given.
        option: the option or parameter it came in, for the error message.

    Raises:
        InputError: a pair is not field=column, or names a field the screening does not read.
    """
    mapping: dict[str, str] = {}
    for pair in (text or "").split(","):
        if not pair.strip():
            continue
        name, sep, column = pair.partition("=")
        name = name.strip().lower()
        if not sep or not column.strip():
            raise InputError(f"{option}: {pair.strip()!r} is not FIELD=COLUMN (e.g. item=Part)")
        if name not in FIELDS:
            raise InputError(f"{option}: {name!r} is not one of {', '.join(FIELDS)}")
        mapping[name] = column.strip()
    return mapping


def read_lines(
    book: OrderBook,
    columns: Mapping[str, str] | None = None,
    required: tuple[str, ...] = REQUIRED_FIELDS,
) -> Iterator[OrderLine]:
    """Yield every data line of an order book, in order.

    Args:
        book: the book.
        columns: which column holds a field, where its header is not the field's name.
        required: the fields a line without is bad (a what-if date makes date optional).

    Raises:
        InputError: the bytes are not UTF-8 text, or the format is unknown.
    """
    text = _decode(book)
    if book.fmt == "jsonl":
        return _jsonl_lines(book.name, text, columns or {}, required)
    if book.fmt == "csv":
        return _csv_lines(book.name, text, columns or {}, required)
    raise InputError(f"{book.name}: unknown order-book format {book.fmt!r}; use csv or jsonl")


def input_columns(books: Iterable[OrderBook]) -> list[str]:
    """The columns of the books, in order of first appearance: each CSV header and the keys of
    each JSON Lines file's first record (what a CSV of the results carries through)."""
    seen: dict[str, None] = {}
    for book in books:
        for line in read_lines(book):
            seen.update(dict.fromkeys(line.columns))
            break
    return list(seen)


def _decode(book: OrderBook) -> str:
    try:
        return codecs.decode(book.data, "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{book.name}: byte {exc.start} is not UTF-8; save the file as UTF-8"
            " (Excel: 'CSV UTF-8 (comma delimited)')"
        ) from None


def _csv_lines(
    name: str, text: str, columns: Mapping[str, str], required: tuple[str, ...]
) -> Iterator[OrderLine]:
    first = text[: text.find("\n")] if "\n" in text else text
    # The separator Excel chose follows the locale (a semicolon where the comma is decimal).
    separator = max(SEPARATORS, key=first.count)
    reader = csv.reader(_physical_lines(text), delimiter=separator)
    header = next(reader, None)
    if header is None:
        return
    header = [h.strip() for h in header]
    mapping, missing = _mapping(header, columns, required)
    ended = reader.line_num
    for row in reader:
        start, ended = ended + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        values = dict(zip(header, row, strict=False))
        problem = None
        if len(row) > len(header):
            problem = Problem("", f"{len(row)} values where the header has {len(header)} columns")
        elif missing:
            problem = missing
        yield OrderLine(name, start, values, mapping, problem)


def _physical_lines(text: str) -> Iterator[str]:
    """The lines of text with their ends, one at a time: no second copy of a large book."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end + 1
        yield text[start:end]
        start = end


def _jsonl_lines(
    name: str, text: str, columns: Mapping[str, str], required: tuple[str, ...]
) -> Iterator[OrderLine]:
    for number, raw in enumerate(_physical_lines(text), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield OrderLine(name, number, {}, {}, Problem("", f"not JSON ({exc.msg})"))
            continue
        if not isinstance(record, dict):
            yield OrderLine(name, number, {}, {}, Problem("", "not a JSON object"))
            continue
        values = {str(k): _text(v) for k, v in record.items()}
        mapping, missing = _mapping(list(values), columns, required)
        yield OrderLine(name, number, values, mapping, missing)


def _mapping(
    header: list[str], columns: Mapping[str, str], required: tuple[str, ...]
) -> tuple[dict[str, str], Problem | None]:
    """Which column holds each field, and the problem when a required one is absent."""
    by_lower = {h.lower(): h for h in reversed(header)}
    mapping = {}
    for name in FIELDS:
        wanted = columns.get(name, name)
        if wanted.lower() in by_lower:
            mapping[name] = by_lower[wanted.lower()]
    for name in required:
        if name not in mapping:
            wanted = columns.get(name, name)
            hint = "" if name in columns else f"; map another with --columns {name}=NAME"
            return mapping, Problem(
                name, f"no column {wanted!r} (the columns are: {', '.join(header)}){hint}"
            )
    return mapping, None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
