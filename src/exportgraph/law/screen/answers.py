"""Answer every line of an order book with the licence check, each distinct question once.

Lines are grouped by (item, destination, origin, period), where a period is a stretch of days
over which no date the graph holds falls: the law functions and the licence check compare the
date asked only with dates in the graph (<, <=, >), so every day of a period gets the same
answer, and the check runs once per period on its first day. Under that, the checks share one
RememberingStore, so each distinct query (the codes, an item's memberships, a citation, a law
function on a date) reaches the store once for the whole book. The answers are the licence
check's own (exportgraph.law.licence.check_licence); tests/test_issue_19_screen.py holds
every line of a generated book against a check on the line's own date.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from exportgraph.dates import parse_date
from exportgraph.errors import InputError
from exportgraph.law.licence import LicenceAnswer, check_licence
from exportgraph.law.lookup import resolve_country, resolve_item
from exportgraph.law.remembering import RememberingStore
from exportgraph.law.screen.order_book import (
    REQUIRED_FIELDS,
    OrderBook,
    OrderLine,
    Problem,
    read_lines,
)
from exportgraph.store.interface import Store

# Every literal written as a date, whatever its datatype: what a comparison could meet.
_DATES = """
SELECT DISTINCT ?day WHERE {
  ?s ?p ?value FILTER(isLiteral(?value) && REGEX(STR(?value), "^[0-9]{4}-[0-9]{2}-[0-9]{2}"))
  BIND(SUBSTR(STR(?value), 1, 10) AS ?day)
}"""
PROGRESS_EVERY = 5_000  # lines between two progress reports


@dataclass(frozen=True)
class Named:
    iri: str
    label: str


@dataclass(frozen=True)
class Verdict:
    """What the licence check says of one distinct question, as a screening reports it."""

    required: bool | None
    instruments: tuple[Named, ...] = ()  # those that decide: requiring, refusing or unsure
    reasons: tuple[str, ...] = ()  # reason codes, when not required
    item: Named | None = None
    item_kind: str = ""
    missing: tuple[str, ...] = ()
    findings: tuple[tuple[str, str, bool | None], ...] = ()  # every instrument's own answer
    problem: Problem | None = None

    @property
    def status(self) -> str:
        if self.problem is not None:
            return "bad"
        return {True: "yes", False: "no", None: "unknown"}[self.required]


@dataclass(frozen=True)
class ScreenedLine:
    """One line of the book and its answer (and, for a what-if, its answer on its own date)."""

    line: OrderLine
    on: date | None  # the date the answer is for: the line's, or the --as-of date
    verdict: Verdict
    on_line_date: Verdict | None = None

    @property
    def status(self) -> str:
        return self.verdict.status

    def changed_instruments(self) -> list[tuple[Named, str, str]]:
        """The instruments whose answer differs between the line's date and the as-of date:
        (instrument, answer on the line's date, answer as of)."""
        if self.on_line_date is None or self.verdict.problem or self.on_line_date.problem:
            return []
        before = _by_instrument(self.on_line_date)
        after = _by_instrument(self.verdict)
        absent = ("", "not concerned")
        changed = []
        for iri in sorted(set(before) | set(after)):
            was, now = before.get(iri, absent), after.get(iri, absent)
            if was[1] != now[1]:
                changed.append((Named(iri, now[0] or was[0]), was[1], now[1]))
        return changed


@dataclass(frozen=True)
class ScreenProgress:
    lines: int
    lines_total: int  # estimated from the line breaks of the books
    seconds: float

    @property
    def lines_per_second(self) -> float:
        return self.lines / self.seconds if self.seconds else 0.0


class LawCalendar:
    """The days on which some answer may change: each date the graph holds, and the day after."""

    def __init__(self, store: Store) -> None:
        days: set[date] = set()
        for row in store.query(_DATES).rows:
            try:
                day = date.fromisoformat(str(getattr(row["day"], "value", row["day"])))
            except ValueError:
                continue
            days |= {day, day + timedelta(days=1)}
        self.changes = sorted(days)

    def period_start(self, on: date) -> date:
        """The first day of the period holding on: any day of it gets the same answer."""
        at = bisect.bisect_right(self.changes, on)
        if at == 0:
            return self.changes[0] - timedelta(days=1) if self.changes else on
        return self.changes[at - 1]


class Screener:
    """Answer order-book lines; one per store and screening (it keeps what it has asked)."""

    def __init__(self, store: Store, as_of: date | None = None) -> None:
        self.store = RememberingStore(store)
        self.as_of = as_of
        self.calendar = LawCalendar(self.store)
        self._verdicts: dict[tuple[str, str, str, date], Verdict] = {}
        self._found: dict[tuple[str, str], InputError | None] = {}
        self.checks = 0  # licence checks run, for the benchmark

    def screen(
        self,
        books: Iterable[OrderBook],
        columns: Mapping[str, str] | None = None,
        progress: Callable[[ScreenProgress], None] | None = None,
    ) -> Iterator[ScreenedLine]:
        """Yield every line of the books with its answer, in order; bad lines included."""
        books = list(books)
        required = ("item", "destination") if self.as_of else REQUIRED_FIELDS
        total = sum(book.data.count(b"\n") for book in books)
        started, done = time.monotonic(), 0
        for book in books:
            for line in read_lines(book, columns, required):
                yield self.screen_line(line)
                done += 1
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(ScreenProgress(done, max(total, done), time.monotonic() - started))
        if progress is not None:
            progress(ScreenProgress(done, done, time.monotonic() - started))

    def screen_line(self, line: OrderLine) -> ScreenedLine:
        if line.problem is not None:
            return ScreenedLine(line, None, Verdict(None, problem=line.problem))
        written = line.get("date")
        on_line: date | None = None
        if written or self.as_of is None:
            try:
                on_line = parse_date(written, "date")
            except InputError as exc:
                problem = Problem(line.mapping.get("date", "date"), str(exc))
                return ScreenedLine(line, None, Verdict(None, problem=problem))
        if self.as_of is None:
            assert on_line is not None
            return ScreenedLine(line, on_line, self.verdict(line, on_line))
        before = self.verdict(line, on_line) if on_line is not None else None
        return ScreenedLine(line, self.as_of, self.verdict(line, self.as_of), before)

    def verdict(self, line: OrderLine, on: date) -> Verdict:
        """The answer to the line's question on a date, asked once per period of the law."""
        key = (
            line.get("item"),
            line.get("destination").upper(),
            line.origin.upper(),
            self.calendar.period_start(on),
        )
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._ask(line, key[3])
            self._verdicts[key] = verdict
        return verdict

    def _ask(self, line: OrderLine, on: date) -> Verdict:
        # Resolved first, each once, so a bad line names its column, not just its message.
        asked = (
            ("item", line.get("item")),
            ("destination", line.get("destination")),
            ("origin", line.origin),
        )
        for name, value in asked:
            error = self._resolve(name, value)
            if error is not None:
                return Verdict(None, problem=_problem(line.mapping.get(name, name), error))
        try:
            answer = check_licence(
                self.store, line.get("item"), line.get("destination"), on, line.origin
            )
        except InputError as exc:
            column = line.mapping.get(exc.field, exc.field) if exc.field else ""
            return Verdict(None, problem=_problem(column, exc))
        self.checks += 1
        return verdict_of(answer)

    def _resolve(self, name: str, value: str) -> InputError | None:
        if (name, value) not in self._found:
            try:
                if name == "item":
                    resolve_item(self.store, value)
                else:
                    resolve_country(self.store, value, name)
                self._found[name, value] = None
            except InputError as exc:
                self._found[name, value] = exc
        return self._found[name, value]


def verdict_of(answer: LicenceAnswer) -> Verdict:
    """What a screening reports of a licence check's answer."""
    deciding: dict[str, Named] = {}
    for finding in answer.findings:
        if finding.required is answer.required:
            deciding.setdefault(finding.instrument.iri, _named(finding.instrument))
    return Verdict(
        required=answer.required,
        instruments=tuple(deciding.values()),
        reasons=tuple(dict.fromkeys(r.code for r in answer.reasons)),
        item=Named(answer.item.iri, answer.item.label),
        item_kind=answer.item.kind,
        missing=answer.missing,
        findings=tuple((f.instrument.iri, f.instrument.label, f.required) for f in answer.findings),
    )


def _named(citation) -> Named:
    return Named(citation.iri, citation.label)


def _problem(column: str, exc: InputError) -> Problem:
    return Problem(column, str(exc), tuple(exc.near_matches))


def _by_instrument(verdict: Verdict) -> dict[str, tuple[str, str]]:
    """Each instrument's answer: required if one finding under it requires, and so on."""
    answers: dict[str, list[bool | None]] = {}
    labels: dict[str, str] = {}
    for iri, label, required in verdict.findings:
        answers.setdefault(iri, []).append(required)
        labels[iri] = label
    return {iri: (labels[iri], _combined(found)) for iri, found in answers.items()}


def _combined(found: list[bool | None]) -> str:
    if True in found:
        return "required"
    if all(f is False for f in found):
        return "not required"
    return "unknown"
