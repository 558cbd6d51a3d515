"""Database helpers shared by the apps' migrations."""

from __future__ import annotations

from django.db import migrations


def guard_trigger_sql(
    table: str, *, name: str | None = None, message: str | None = None, when: str | None = None
) -> tuple[str, str]:
    """SQL of a PostgreSQL trigger refusing UPDATE and DELETE on ``table`` (only on rows
    matching ``when``, e.g. ``OLD.locked``, when given)."""
    function = name or f"{table}_append_only"
    text = (message or f"Tabellen {table} är skrivskyddad (append-only)").replace("'", "''")
    condition = f"WHEN ({when}) " if when else ""
    forward = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{text}: % nekas', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {function}_trg ON {table};
CREATE TRIGGER {function}_trg BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW {condition}EXECUTE FUNCTION {function}();
"""
    backward = (
        f"DROP TRIGGER IF EXISTS {function}_trg ON {table}; DROP FUNCTION IF EXISTS {function}();"
    )
    return forward, backward


def append_only_trigger_sql(table: str) -> tuple[str, str]:
    """SQL that makes ``table`` append-only on PostgreSQL: UPDATE and DELETE raise."""
    return guard_trigger_sql(table)


def AppendOnlyTrigger(  # noqa: N802 - reads as a migration operation
    table: str, *, name: str | None = None, message: str | None = None, when: str | None = None
) -> migrations.RunPython:
    """A migration operation installing the guard trigger on PostgreSQL only (the ORM guard
    of AppendOnlyModel covers SQLite, see docs/decisions/0004)."""
    forward_sql, backward_sql = guard_trigger_sql(table, name=name, message=message, when=when)

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(forward_sql, params=None)  # the SQL has a literal %

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(backward_sql, params=None)

    return migrations.RunPython(forward, backward, elidable=False)


def lock_condition_sql(locked_when: dict) -> str:
    """The trigger's ``WHEN`` of a :class:`~styrsam.core.models.LockedOnceModel` condition:
    ``{"locked": True}`` → ``OLD.locked = TRUE``; ``{"status": "decided"}`` →
    ``OLD.status = 'decided'``; ``{"x__isnull": False}`` → ``OLD.x IS NOT NULL``. Keys are
    column names (a foreign key's ``…_id``)."""
    parts = []
    for key, value in locked_when.items():
        if key.endswith("__isnull"):
            column = key[: -len("__isnull")]
            parts.append(f"OLD.{column} IS {'' if value else 'NOT '}NULL")
        elif isinstance(value, bool):
            parts.append(f"OLD.{key} = {'TRUE' if value else 'FALSE'}")
        elif isinstance(value, int):
            parts.append(f"OLD.{key} = {value}")
        else:
            text = str(value).replace("'", "''")
            parts.append(f"OLD.{key} = '{text}'")
    if not parts:
        raise ValueError("a lock condition needs at least one field")
    return " AND ".join(parts)


def LockedOnceTrigger(  # noqa: N802 - reads as a migration operation
    table: str, locked_when: dict, *, name: str | None = None, message: str | None = None
) -> migrations.RunPython:
    """The PostgreSQL guard of a ``LockedOnceModel``: UPDATE and DELETE of a row that meets
    ``locked_when`` (as the model declares it) are refused."""
    return AppendOnlyTrigger(
        table,
        name=name or f"{table}_locked",
        message=message or f"Raden i {table} är låst",
        when=lock_condition_sql(locked_when),
    )
