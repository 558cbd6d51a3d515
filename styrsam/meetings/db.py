"""A conditional PostgreSQL trigger: rows whose ``locked`` column is true refuse UPDATE and
DELETE, so approved minutes cannot be changed even with raw SQL."""

from __future__ import annotations

from styrsam.core.db import AppendOnlyTrigger


def LockedRowsTrigger(table: str, column: str = "locked"):  # noqa: N802 - a migration operation
    return AppendOnlyTrigger(
        table,
        name=f"{table}_locked_guard",
        message=f"Raden i {table} är justerad och låst",
        when=f"OLD.{column}",
    )
