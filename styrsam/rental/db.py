"""PostgreSQL guard for decided rent levels (G16): UPDATE/DELETE of a decided row raises."""

from __future__ import annotations

from styrsam.core.db import AppendOnlyTrigger


def DecidedRentLevelTrigger():  # noqa: N802 - reads as a migration operation
    return AppendOnlyTrigger(
        "rental_rentlevel",
        name="rental_rentlevel_decided_guard",
        message="Beslutad hyresnivå kan inte ändras eller tas bort (G16)",
        when="OLD.status = 'decided'",
    )
