"""Registration numbers (diarienummer): per series and year, sequential, never reused.

Taken from the shared gap-free sequence ``core.models.next_number`` under the key
``case:<series>`` (migration 0003 carried the old counters over). The sequence row is locked
for the rest of the caller's transaction, so two concurrent reports wait for each other
instead of taking the same number, and a report that rolls back gives its number back: the
series has no gaps, and a number once held by a case is never given again.
"""

from __future__ import annotations

from django.db import transaction

from styrsam.core.models import next_number


def registration_key(series: str) -> str:
    """The ``core.Sequence`` key of a registration series (``IT`` → ``case:IT``)."""
    return f"case:{series}"


@transaction.atomic
def next_registration_number(*, series: str, year: int) -> int:
    return next_number(registration_key(series), year)
