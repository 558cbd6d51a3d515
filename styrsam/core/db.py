"""Database helpers shared by the apps' migrations."""

from __future__ import annotations

from collections.abc import Sequence

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
    return _postgresql_only(*guard_trigger_sql(table, name=name, message=message, when=when))


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


def changed_sql(*columns: str) -> str:
    """SQL true when an UPDATE changes any of ``columns``: ``NEW.c IS DISTINCT FROM OLD.c``."""
    return "(" + " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns) + ")"


def guard_function_sql(
    table: str,
    *,
    name: str,
    message: str,
    update_when: str | None = None,
    delete_when: str | None = None,
) -> tuple[str, str]:
    """SQL of a row trigger that refuses an UPDATE when ``update_when`` holds and a DELETE when
    ``delete_when`` holds (plpgsql conditions on ``OLD``/``NEW``; unlike a trigger's ``WHEN``
    they may hold a subquery, e.g. the row's meeting is locked)."""
    text = message.replace("'", "''")
    checks = []
    if update_when:
        checks.append(f"IF TG_OP = 'UPDATE' AND ({update_when}) THEN refused := TRUE; END IF;")
    if delete_when:
        checks.append(f"IF TG_OP = 'DELETE' AND ({delete_when}) THEN refused := TRUE; END IF;")
    events = " OR ".join(
        op for op, cond in (("UPDATE", update_when), ("DELETE", delete_when)) if cond
    )
    body = "\n    ".join(checks)
    forward = f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
DECLARE
    refused boolean := FALSE;
BEGIN
    {body}
    IF refused THEN
        RAISE EXCEPTION '{text}: % nekas', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {name}_trg ON {table};
CREATE TRIGGER {name}_trg BEFORE {events} ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}();
"""
    backward = f"DROP TRIGGER IF EXISTS {name}_trg ON {table}; DROP FUNCTION IF EXISTS {name}();"
    return forward, backward


def _postgresql_only(forward_sql: str, backward_sql: str) -> migrations.RunPython:
    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(forward_sql, params=None)  # the SQL has a literal %

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(backward_sql, params=None)

    return migrations.RunPython(forward, backward, elidable=False)


def GuardTrigger(  # noqa: N802 - reads as a migration operation
    table: str,
    *,
    name: str,
    message: str,
    update_when: str | None = None,
    delete_when: str | None = None,
) -> migrations.RunPython:
    """The PostgreSQL side of a ``core.models.Guard``: UPDATE when ``update_when`` and DELETE
    when ``delete_when`` are refused, also for raw SQL."""
    return _postgresql_only(
        *guard_function_sql(
            table,
            name=name,
            message=message,
            update_when=update_when,
            delete_when=delete_when,
        )
    )


def truncate_guard_sql(table: str) -> tuple[str, str]:
    """SQL of a statement-level ``BEFORE TRUNCATE`` trigger on ``table``: TRUNCATE (which row
    triggers do not see) is refused to every role but a superuser (a database administrator's
    deliberate act; the test runner's flush between transactional tests on PostgreSQL)."""
    function = f"{table}_no_truncate"
    forward = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    IF NOT COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), FALSE) THEN
        RAISE EXCEPTION 'Tabellen {table} är skrivskyddad (append-only): TRUNCATE nekas'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {function}_trg ON {table};
CREATE TRIGGER {function}_trg BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""  # noqa: S608 - the table name comes from a migration
    backward = (
        f"DROP TRIGGER IF EXISTS {function}_trg ON {table}; DROP FUNCTION IF EXISTS {function}();"
    )
    return forward, backward


def TruncateGuard(table: str) -> migrations.RunPython:  # noqa: N802 - a migration operation
    """A migration operation refusing ``TRUNCATE`` of ``table`` on PostgreSQL."""
    return _postgresql_only(*truncate_guard_sql(table))


def TrigramSearchIndexes(  # noqa: N802 - reads as a migration operation
    table: str, columns: Sequence[str]
) -> migrations.RunPython:
    """GIN trigram indexes (``pg_trgm``) for ``core.lists.SearchFilter`` on PostgreSQL: one
    per column, on the expression Django writes for ``icontains``
    (``UPPER(column::text) LIKE UPPER('%…%')``), so the search's ``icontains`` uses them as
    it is. The extension is created first (the migration's role must be allowed to; pg_trgm
    is a trusted extension from PostgreSQL 13). Nothing on SQLite, where the search stays a
    plain scan."""
    forward = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
    backward = []
    for column in columns:
        name = trigram_index_name(table, column)
        forward.append(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )
        backward.append(f'DROP INDEX IF EXISTS "{name}"')
    return _postgresql_only(";\n".join(forward), ";\n".join(backward) or "SELECT 1")


def trigram_index_name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"[:63]
