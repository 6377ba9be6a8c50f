"""The summary of a screening: yes, no, unknown and bad lines, per instrument and destination,
and for a what-if (--as-of) the instruments whose answers changed from the lines' own dates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from exportgraph.law.screen.answers import ScreenedLine

STATUSES = ("yes", "no", "unknown", "bad")


@dataclass
class Tally:
    """How many lines were answered each way."""

    counts: Counter[str] = field(default_factory=Counter)

    def to_json(self) -> dict[str, int]:
        return {status: self.counts[status] for status in STATUSES}


@dataclass
class Summary:
    """Counts that grow line by line, so a screening of any size keeps only these."""

    as_of: date | None = None
    lines: Tally = field(default_factory=Tally)
    by_instrument: dict[str, Tally] = field(default_factory=dict)
    by_destination: dict[str, Tally] = field(default_factory=dict)
    instrument_labels: dict[str, str] = field(default_factory=dict)
    changes: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)

    def add(self, screened: ScreenedLine) -> None:
        status = screened.status
        self.lines.counts[status] += 1
        destination = screened.line.get("destination").upper() or "(none)"
        self.by_destination.setdefault(destination, Tally()).counts[status] += 1
        for instrument in screened.verdict.instruments:
            self.instrument_labels[instrument.iri] = instrument.label
            self.by_instrument.setdefault(instrument.iri, Tally()).counts[status] += 1
        for instrument, before, after in screened.changed_instruments():
            self.instrument_labels[instrument.iri] = instrument.label
            self.changes.setdefault(instrument.iri, Counter())[before, after] += 1

    @property
    def total(self) -> int:
        return sum(self.lines.counts.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "lines": self.total,
            **self.lines.to_json(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "by_instrument": [
                {"iri": iri, "label": self.instrument_labels[iri], **tally.to_json()}
                for iri, tally in sorted(self.by_instrument.items())
            ],
            "by_destination": [
                {"destination": code, **tally.to_json()}
                for code, tally in sorted(self.by_destination.items())
            ],
            "changed_since_line_dates": [
                {
                    "iri": iri,
                    "label": self.instrument_labels[iri],
                    "lines": sum(moves.values()),
                    "changes": [
                        {"on_line_date": before, "as_of": after, "lines": n}
                        for (before, after), n in sorted(moves.items())
                    ],
                }
                for iri, moves in sorted(self.changes.items())
            ],
        }
