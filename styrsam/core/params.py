"""Reading numbers from query strings, shared by pages, selectors and the API."""

from __future__ import annotations

# The largest integer every database backend compares with (a signed 64-bit BIGINT); SQLite
# raises OverflowError for a larger query parameter instead of matching no row.
MAX_DB_INT = 2**63 - 1


def int_param(value: str | None) -> int | None:
    """A query parameter as a non-negative integer; ``None`` (the filter is ignored, as an unknown
    choice is) when it is not plain ASCII digits or too large for the database. ``str.isdigit``
    alone lets "²" through, which ``int()`` then refuses."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if number <= MAX_DB_INT else None


# Calendar years a list or a query string may ask for; outside them a filter is invalid (400).
MIN_YEAR = 1900
MAX_YEAR = 2200


def year_param(value: str | None) -> int | None:
    """A year from a query string within the policy's date window (``styrsam.core.bounds``);
    ``None`` (the page falls back to this year) for anything else."""
    from .bounds import year_in_window

    year = int_param(value)
    return year if year is not None and year_in_window(year) else None
