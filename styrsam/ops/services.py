"""Writes of the operations app (convention 1: one transaction with its audit record)."""

from __future__ import annotations

from django.db import transaction

from styrsam.core.audit import audit_record

from .models import UpgradeRun


@transaction.atomic
def upgrade_record(
    *,
    styrsam_version: str,
    migrations_applied: list[str],
    policy_schema_version: int,
    policy_schema_keys: list[str],
) -> tuple[UpgradeRun | None, UpgradeRun]:
    """Record an upgrade; returns the previous record (None the first time) and the new one."""
    previous = UpgradeRun.objects.order_by("-id").first()
    run = UpgradeRun.objects.create(
        styrsam_version=styrsam_version,
        migrations_applied=migrations_applied,
        policy_schema_version=policy_schema_version,
        policy_schema_keys=policy_schema_keys,
    )
    audit_record(
        actor=None,
        action="ops.upgrade",
        obj=run,
        after={
            "version": styrsam_version,
            "migrations": migrations_applied,
            "policy_schema_version": policy_schema_version,
        },
    )
    return previous, run
