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
