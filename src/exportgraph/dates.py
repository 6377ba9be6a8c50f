"""Read the dates a user gives (YYYY-MM-DD) and say which field was wrong when one is not."""

from __future__ import annotations

import re
from datetime import date

from exportgraph.errors import InputError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# How people in the Netherlands and most of Europe write a date: day, month, year.
_DAY_FIRST = re.compile(r"^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(text: str | date | None, field: str) -> date:
    """Return the date written as YYYY-MM-DD in text.

    Args:
        text: the value as given (a date passes through).
        field: the name of the option or parameter, for the error message.

    Raises:
        InputError: text is missing or is not a calendar date written YYYY-MM-DD.
    """
    if isinstance(text, date):
        return text
    if text is None or not str(text).strip():
        raise InputError(
            f"{field}: a date is required, written YYYY-MM-DD (e.g. 2024-09-07)", field=field
        )
    value = str(text).strip()
    if not _ISO_DATE.match(value):
        near = _written_otherwise(value)
        hint = f"; did you mean {near[0]}?" if near else ""
        raise InputError(
            f"{field}: {value!r} is not a date written YYYY-MM-DD (e.g. 2024-09-07){hint}",
            field=field,
            near_matches=near,
        )
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(
            f"{field}: {value!r} is not a calendar date ({exc})", field=field
        ) from None


def _written_otherwise(value: str) -> tuple[str, ...]:
    """The date a value means when it is written day first (7-9-2024) or without dashes."""
    day_first = _DAY_FIRST.match(value)
    compact = _COMPACT.match(value)
    if day_first:
        day, month, year = (int(part) for part in day_first.groups())
    elif compact:
        year, month, day = (int(part) for part in compact.groups())
    else:
        return ()
    try:
        return (date(year, month, day).isoformat(),)
    except ValueError:
        return ()
