"""A conditional PostgreSQL trigger: rows whose ``locked`` column is true refuse UPDATE and
DELETE, so approved minutes cannot be changed even with raw SQL. Mirrors
``styrsam.core.db.AppendOnlyTrigger`` (which refuses every row)."""

from __future__ import annotations

from django.db import migrations


def locked_rows_trigger_sql(table: str, column: str = "locked") -> tuple[str, str]:
    function = f"{table}_locked_guard"
    forward = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Raden i {table} är justerad och låst: % nekas', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {function}_trg ON {table};
CREATE TRIGGER {function}_trg BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW WHEN (OLD.{column}) EXECUTE FUNCTION {function}();
"""
    backward = (
        f"DROP TRIGGER IF EXISTS {function}_trg ON {table}; DROP FUNCTION IF EXISTS {function}();"
    )
    return forward, backward


def LockedRowsTrigger(table: str, column: str = "locked") -> migrations.RunPython:  # noqa: N802
    """A migration operation installing the locked-rows trigger on PostgreSQL only."""
    forward_sql, backward_sql = locked_rows_trigger_sql(table, column)

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(forward_sql, params=None)  # the SQL has a literal %

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(backward_sql, params=None)

    return migrations.RunPython(forward, backward, elidable=False)
