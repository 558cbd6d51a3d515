"""Writing and reading the audit log. Services call ``audit_record`` inside their transaction."""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models, transaction
from django.utils import timezone

from .errors import Conflict
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


def audited_fields(obj_or_model) -> tuple[str, ...]:
    """The model's one declaration of what its history records (``AUDITED_FIELDS``), shared
    with its API serializer's field list."""
    fields = getattr(obj_or_model, "AUDITED_FIELDS", None)
    if not fields:
        raise TypeError(f"{obj_or_model!r} declares no AUDITED_FIELDS")
    return tuple(fields)


def _value(obj: models.Model, name: str) -> Any:
    value = getattr(obj, name)
    if isinstance(value, models.Manager):  # a many-to-many field: its members, sorted
        return sorted(str(v) for v in value.all())
    return _jsonable(value)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The named field values of ``obj`` (default: its ``AUDITED_FIELDS``) as JSON-safe data,
    for ``before``/``after``. A many-to-many field gives the sorted names of its members."""
    return {name: _value(obj, name) for name in (fields or audited_fields(obj))}


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


def audit_records(
    *,
    actor,
    action: str,
    items: Iterable[tuple[models.Model, dict[str, Any] | None, dict[str, Any] | None]],
    rule: str = "",
    chunk_size: int = 2000,
) -> int:
    """Append one entry per ``(obj, before, after)`` with ``bulk_create`` in chunks: the
    history of a bulk write (an import of 60,000 people) without one query per object. Same
    entries as :func:`audit_record`; must run inside the writing service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_records must be called inside the service's transaction")
    actor = actor if getattr(actor, "is_authenticated", False) else None
    request_id = current_request_id()
    entries = [
        AuditEntry(
            actor=actor,
            action=action,
            object_type=object_type_of(obj),
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
            before=_jsonable(before) if before is not None else None,
            after=_jsonable(after) if after is not None else None,
            rule=rule,
            request_id=request_id,
        )
        for obj, before, after in items
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=chunk_size)
    return len(entries)


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


def audited_create(*, actor, action: str, obj: models.Model, rule: str = "", **extra) -> None:
    """Record the creation of ``obj`` (its audited fields after), in the caller's transaction."""
    audit_record(actor=actor, action=action, obj=obj, after={**snapshot(obj), **extra}, rule=rule)


def audited_update(
    *,
    actor,
    obj: models.Model,
    action: str,
    changes: dict[str, Any],
    rule: str = "",
    fields: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Set ``changes`` on ``obj`` (many-to-many fields with ``set()``), save only those fields
    and record what really changed (before and after of the audited fields). Returns the
    changed values; empty when nothing changed, and then nothing is written. Must run inside
    the service's transaction."""
    watched = tuple(fields or audited_fields(obj))
    # a many-to-many change is recorded even when the declaration leaves it out
    watched += tuple(n for n in changes if n not in watched and _is_m2m(obj, n))
    before = snapshot(obj, watched)
    many = {n: v for n, v in changes.items() if _is_m2m(obj, n)}
    plain = {n: v for n, v in changes.items() if n not in many}
    for name, value in plain.items():
        setattr(obj, name, value)
    if plain and snapshot(obj, plain) != {n: before.get(n) for n in plain}:
        update_fields = list(plain)
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
            update_fields.append("updated_at")
        obj.save(update_fields=update_fields)
    for name, value in many.items():
        getattr(obj, name).set(list(value))
    b, a = changed(before, snapshot(obj, watched))
    if a:
        audit_record(actor=actor, action=action, obj=obj, before=b, after=a, rule=rule)
    return a


def audited_end(
    *,
    actor,
    obj: models.Model,
    action: str,
    end_date: datetime.date | None = None,
    field: str = "end_date",
    rule: str = "",
    already_ended: str = "",
    fields: Iterable[str] | None = None,
) -> models.Model:
    """End a period (a role, a membership …): refuse if it has ended already (409
    ``already_ended`` with ``already_ended`` as the text), else set ``field`` to ``end_date``
    (default today), save and record it."""
    if getattr(obj, field) is not None:
        raise Conflict(already_ended or "Redan avslutad.", code="already_ended")
    audited_update(
        actor=actor,
        obj=obj,
        action=action,
        changes={field: end_date or timezone.localdate()},
        rule=rule,
        fields=fields,
    )
    return obj


def _is_m2m(obj: models.Model, name: str) -> bool:
    try:
        return bool(obj._meta.get_field(name).many_to_many)
    except FieldDoesNotExist:
        return False


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


# Values of the history that some readers may not see (issue 11: the history respects read
# permissions field by field, as the object's own page and API do). An app declares, in its
# ``AppConfig.ready()``, which permission on the object a reader needs for which recorded
# fields (``fields``) or for every value of which actions (``actions``, except ``keep``);
# ``readable_history`` hides the rest from a reader without it.
@dataclass(frozen=True)
class HistoryRestriction:
    permission: str
    fields: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    keep: frozenset[str] = frozenset()

    def hides(self, action: str, key: str) -> bool:
        if key in self.keep:
            return False
        return key in self.fields or action in self.actions


_RESTRICTIONS: dict[str, list[HistoryRestriction]] = {}


def restrict_history(
    model,
    *,
    permission: str,
    fields: Iterable[str] = (),
    actions: Iterable[str] = (),
    keep: Iterable[str] = (),
) -> None:
    """Declare that readers of ``model``'s history need ``permission`` (on the object) to see
    ``fields``, or every value (but ``keep``) of ``actions``."""
    restriction = HistoryRestriction(
        permission, frozenset(fields), frozenset(actions), frozenset(keep)
    )
    bucket = _RESTRICTIONS.setdefault(object_type_of(model), [])
    if restriction not in bucket:
        bucket.append(restriction)


def _hide(values: dict | None, action: str, restrictions, hidden: set[str]) -> dict | None:
    if not isinstance(values, dict):
        return values
    out = {}
    for key, value in values.items():
        if any(r.hides(action, key) for r in restrictions):
            hidden.add(key)
            out[key] = None
        else:
            out[key] = value
    return out


def readable_history(entries, *, user, objects: Iterable[models.Model]) -> list[AuditEntry]:
    """``entries`` (of ``objects``) as ``user`` may read them: a value the user may not read
    (``restrict_history``) is ``None`` and its key is listed in ``entry.hidden_fields``. The
    entries are not saved (the log is append-only); only what is shown changes."""
    by_key = {(object_type_of(o), str(o.pk)): o for o in objects}
    refused: dict[tuple[str, str], list[HistoryRestriction]] = {}
    out = list(entries)
    for entry in out:
        key = (entry.object_type, entry.object_id)
        if key not in refused:
            obj = by_key.get(key)
            refused[key] = [
                r
                for r in _RESTRICTIONS.get(entry.object_type, [])
                if not user.has_perm(r.permission, obj)
            ]
        hidden: set[str] = set()
        if refused[key]:
            entry.before = _hide(entry.before, entry.action, refused[key], hidden)
            entry.after = _hide(entry.after, entry.action, refused[key], hidden)
        entry.hidden_fields = sorted(hidden)
    return out
