"""Registration numbers (diarienummer): per series and year, sequential, never reused.

The counter row is locked (SELECT ... FOR UPDATE) for the rest of the caller's transaction,
so two concurrent reports wait for each other instead of taking the same number. The counter
moves in the same transaction as the case: a report that rolls back takes its number back
with it, so the series has no gaps, and a number once held by a case is never given again.
"""

from __future__ import annotations

from django.db import transaction

from ..models import RegistrationCounter


@transaction.atomic
def next_registration_number(*, series: str, year: int) -> int:
    counter, _created = RegistrationCounter.objects.select_for_update().get_or_create(
        series=series, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number
