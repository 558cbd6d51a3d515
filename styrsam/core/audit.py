"""Writing and reading the audit log. Services call ``audit_record`` inside their transaction."""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import connections, models, transaction

from .models import AuditEntry
from .request_id import current_request_id


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"id": value.pk, "text": str(value)}
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named field values of ``obj`` as JSON-safe data, for ``before``/``after``."""
    return {name: _jsonable(getattr(obj, name)) for name in fields}


def object_type_of(obj_or_model) -> str:
    meta = obj_or_model._meta
    return f"{meta.app_label}.{meta.model_name}"


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    rule: str = "",
) -> AuditEntry:
    """Append one entry. Must run inside the service's transaction so both land or neither."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type_of(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        rule=rule,
        request_id=current_request_id(),
    )


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the keys whose values differ, so the history shows what really changed."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def history_for(obj: models.Model):
    """The audit entries of one object, newest first, with the actor loaded."""
    return AuditEntry.objects.filter(
        object_type=object_type_of(obj), object_id=str(obj.pk)
    ).select_related("actor")


def history_for_many(objects: Iterable[models.Model]):
    """The audit entries of several objects together (a meeting with its agenda items and §§),
    newest first: one query, whatever the number of objects."""
    ids_by_type: dict[str, list[str]] = {}
    for obj in objects:
        ids_by_type.setdefault(object_type_of(obj), []).append(str(obj.pk))
    condition = models.Q(pk__in=[])
    for object_type, ids in ids_by_type.items():
        condition |= models.Q(object_type=object_type, object_id__in=ids)
    return AuditEntry.objects.filter(condition).select_related("actor")


AUDIT_CHECKSUM_FIELDS = (
    "id",
    "at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "rule",
    "request_id",
)


def audit_checksum(using="default") -> str:
    """SHA-256 over every audit entry in id order: each row as one line of canonical JSON
    (sorted keys, times in UTC ISO 8601). Equal before a backup and after its restore, and
    changed by any altered, added or missing entry. ``using``: an alias or a connection (a
    restored database that is not in DATABASES)."""
    connection = connections[using] if isinstance(using, str) else using
    query = AuditEntry.objects.order_by("id").values_list(*AUDIT_CHECKSUM_FIELDS).query
    rows = query.get_compiler(connection=connection).results_iter(
        chunked_fetch=True, chunk_size=2000
    )
    digest = hashlib.sha256()
    for row in rows:
        record = dict(zip(AUDIT_CHECKSUM_FIELDS, row, strict=True))
        record["at"] = record["at"].astimezone(datetime.UTC).isoformat()
        line = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()
