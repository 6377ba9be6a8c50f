"""Read the fact sheet's lines: id and status, so tests can check what the data carries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

LINE = re.compile(r"^- ([A-Z]+-\d+) — (.*)$")


@dataclass(frozen=True)
class FactLine:
    fact_id: str
    text: str

    @property
    def tag(self) -> str:
        """VERIFIED when any part of the line is verified, else FROM-MEMORY, else UNRESOLVED.

        Lines end `— fact — source — TAG`, and some carry several tags ("VERIFIED; its number
        ... — FROM-MEMORY"): a line with a verified part may be loaded for that part.
        """
        statement, _, rest = self.text.partition(" — ")
        if "VERIFIED" in rest:
            return "VERIFIED"
        if "FROM-MEMORY" in rest:
            return "FROM-MEMORY"
        if "UNRESOLVED" in rest or "UNKNOWN" in rest:
            return "UNRESOLVED"
        return "OTHER"


def read_fact_sheet(path: Path) -> dict[str, FactLine]:
    facts = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = LINE.match(line)
        if match:
            facts[match.group(1)] = FactLine(match.group(1), match.group(2))
    return facts
