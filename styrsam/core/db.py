"""Database helpers shared by the apps' migrations."""

from __future__ import annotations

from django.db import migrations


def append_only_trigger_sql(table: str) -> tuple[str, str]:
    """SQL that makes ``table`` append-only on PostgreSQL: UPDATE and DELETE raise."""
    function = f"{table}_append_only"
    forward = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Tabellen {table} är skrivskyddad (append-only): % nekas', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {function}_trg ON {table};
CREATE TRIGGER {function}_trg BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}();
"""
    backward = (
        f"DROP TRIGGER IF EXISTS {function}_trg ON {table}; DROP FUNCTION IF EXISTS {function}();"
    )
    return forward, backward


def AppendOnlyTrigger(table: str) -> migrations.RunPython:  # noqa: N802 - reads as an operation
    """A migration operation installing the append-only trigger on PostgreSQL only."""
    forward_sql, backward_sql = append_only_trigger_sql(table)

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(forward_sql, params=None)  # the SQL has a literal %

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(backward_sql, params=None)

    return migrations.RunPython(forward, backward, elidable=False)
