"""Read the dates a user gives (YYYY-MM-DD) and say which field was wrong when one is not."""

from __future__ import annotations

import re
from datetime import date

from exportgraph.errors import InputError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
        raise InputError(f"{field}: a date is required, written YYYY-MM-DD (e.g. 2024-09-07)")
    value = str(text).strip()
    if not _ISO_DATE.match(value):
        raise InputError(f"{field}: {value!r} is not a date written YYYY-MM-DD (e.g. 2024-09-07)")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{field}: {value!r} is not a calendar date ({exc})") from None
