"""``styrsam upgrade``: after installing a new version, on one server, before restarting them.

1. Migrations, as the role that owns the tables: with MIGRATE_DATABASE_URL set, the command
   runs itself again in a child process whose DATABASE_URL is that URL (the application's own
   role may only read and write rows).
2. ``collectstatic`` (each application server serves its own copy through WhiteNoise).
3. What changed in the policy schema since the last upgrade: keys added and removed, the schema
   version, and whether the active policy is still valid. Each run is recorded (UpgradeRun).
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version

AS_OWNER = "STYRSAM_UPGRADE_AS_OWNER"


def schema_keys(schema: dict, prefix: str = "") -> list[str]:
    """Every key path a policy file may have: ``rental.monthly_rent_run``, ``groups.*.name``."""
    keys: list[str] = []
    for name, sub in (schema.get("properties") or {}).items():
        path = f"{prefix}{name}"
        keys.append(path)
        keys.extend(schema_keys(sub, path + "."))
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        keys.extend(schema_keys(extra, prefix + "*."))
    items = schema.get("items")
    if isinstance(items, dict):
        keys.extend(schema_keys(items, prefix + "[]."))
    for variant in schema.get("oneOf", []) + schema.get("anyOf", []):
        if isinstance(variant, dict):
            keys.extend(schema_keys(variant, prefix))
    return sorted(set(keys))


def _styrsam_version() -> str:
    try:
        return version("styrsam")
    except PackageNotFoundError:
        return "okänd"


def run_upgrade(*, skip_static: bool = False, out=None) -> int:
    out = out or sys.stdout
    owner_url = os.environ.get("MIGRATE_DATABASE_URL")
    if owner_url and os.environ.get(AS_OWNER) != "1":
        print("Kör uppgraderingen som databasens ägarroll (MIGRATE_DATABASE_URL).", file=out)
        command = [sys.executable, "-m", "styrsam.cli", "upgrade"]
        if skip_static:
            command.append("--skip-static")
        env = {**os.environ, "DATABASE_URL": owner_url, AS_OWNER: "1"}
        return subprocess.call(command, env=env)  # noqa: S603 - our own command
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrsam.settings")
    import django

    django.setup()
    applied = migrate(out=out)
    if not skip_static:
        from django.core.management import call_command

        call_command("collectstatic", "--no-input", verbosity=0)
        print("Statiska filer insamlade (collectstatic).", file=out)
    report_policy_schema(applied=applied, out=out)
    return 0


def migrate(*, out) -> list[str]:
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{m.app_label}.{m.name}" for m, backwards in plan if not backwards]
    if pending:
        print(
            f"Migrerar ({len(pending)}) som {connection.settings_dict.get('USER') or 'ägaren'}:",
            file=out,
        )
        for name in pending:
            print(f"  {name}", file=out)
        call_command("migrate", "--no-input", verbosity=0)
    else:
        print("Databasen är redan migrerad.", file=out)
    return pending


def report_policy_schema(*, applied: list[str], out) -> None:
    from styrsam.guideline.schema import POLICY_SCHEMA

    from .services import upgrade_record

    keys = schema_keys(POLICY_SCHEMA)
    schema_version = int(POLICY_SCHEMA["properties"]["schema_version"]["const"])
    previous, run = upgrade_record(
        styrsam_version=_styrsam_version(),
        migrations_applied=applied,
        policy_schema_version=schema_version,
        policy_schema_keys=keys,
    )
    if previous is None:
        print(
            f"Policyschema version {schema_version}, {len(keys)} nycklar "
            "(första uppgraderingen som registreras).",
            file=out,
        )
    else:
        added = sorted(set(keys) - set(previous.policy_schema_keys))
        removed = sorted(set(previous.policy_schema_keys) - set(keys))
        change = (
            f"version {previous.policy_schema_version} → {schema_version}"
            if previous.policy_schema_version != schema_version
            else f"version {schema_version}"
        )
        print(
            f"Policyschema {change} sedan {previous.at:%Y-%m-%d %H:%M} "
            f"({previous.styrsam_version}):",
            file=out,
        )
        if not added and not removed:
            print("  inga ändrade nycklar", file=out)
        for key in added:
            print(
                f"  + {key}  (ny, valfri om inget annat sägs i policyfilens dokumentation)",
                file=out,
            )
        for key in removed:
            print(f"  - {key}  (borttagen)", file=out)
    _check_active_policy(out=out)


def _check_active_policy(*, out) -> None:
    from styrsam.guideline.selectors import active_policy_version
    from styrsam.guideline.validation import PolicyInvalid, validate_policy

    active = active_policy_version(user=None)
    if active is None:
        print("Ingen policy är laddad ännu (styrsam policy load FIL).", file=out)
        return
    try:
        validate_policy(active.text)
    except PolicyInvalid as exc:
        print(
            f"VARNING: gällande policy (v{active.number}) är inte giltig mot det nya schemat:",
            file=out,
        )
        for problem in exc.problems:
            print(f"  rad {problem.line or '?'}: {problem.path}: {problem.message_sv}", file=out)
        return
    print(f"Gällande policy (v{active.number}) är giltig mot schemat.", file=out)
