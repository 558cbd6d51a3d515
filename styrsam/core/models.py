"""Base models and the append-only audit log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .errors import Conflict


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Conflict):
    """Raised when code tries to change or delete a row of an append-only table or a frozen
    part of a guarded row. A workflow conflict (409): a page or the API that reaches it shows
    it as a refusal, never a 500."""

    default_code = "append_only"


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk UPDATE and DELETE through the ORM are refused as well as single rows."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} är skrivskyddad (append-only).")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} kan inte tas bort (append-only).")


class AppendOnlyModel(models.Model):
    """A row is written once. Corrections are new rows that point at the old one.

    The ORM refuses here; on PostgreSQL a trigger also refuses UPDATE and DELETE
    (see ``styrsam.core.db.append_only_trigger_sql``), so raw SQL cannot either.
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} är skrivskyddad (append-only).")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} kan inte tas bort (append-only).")


def _matches(obj: models.Model, condition: dict[str, Any]) -> bool:
    """Whether ``obj``'s loaded values meet ``condition`` (``field=value`` or
    ``field__isnull=bool``), the Python side of :meth:`LockedOnceModel.lock_q`."""
    for key, expected in condition.items():
        if key.endswith("__isnull"):
            if (getattr(obj, key[: -len("__isnull")]) is None) != bool(expected):
                return False
        elif getattr(obj, key) != expected:
            return False
    return True


class LockedOnceQuerySet(models.QuerySet):
    """Bulk UPDATE and DELETE that would touch a locked row are refused."""

    def update(self, **kwargs):
        if self.filter(self.model.lock_q()).exists():
            raise AppendOnlyError(str(self.model.locked_message))
        return super().update(**kwargs)

    def delete(self):
        if self.filter(self.model.lock_q()).exists():
            raise AppendOnlyError(str(self.model.locked_message))
        return super().delete()


class LockedOnceModel(models.Model):
    """A row that is frozen once a condition holds *in the database*: approved minutes, a
    decided rent level, a completed step. Until then it may change; after, the ORM refuses
    (save, delete, bulk update/delete) and, on PostgreSQL, the trigger made by
    ``core.db.LockedOnceTrigger`` with the same condition refuses raw SQL too.

        class MinuteItem(LockedOnceModel):
            locked_when = {"locked": True}
            locked_message = _("Protokollet är justerat: paragrafen kan inte ändras.")

    The condition is read from the row as it was loaded (no extra query per save); a row
    whose lock field was not loaded (``only()``/``defer()``) is checked in the database."""

    locked_when: ClassVar[dict[str, Any]] = {}
    locked_message: ClassVar[Any] = _("Posten är låst och kan inte ändras.")

    objects = LockedOnceQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._was_locked():
            raise AppendOnlyError(str(self.locked_message))
        super().save(*args, **kwargs)
        self._locked_in_db = _matches(self, self.locked_when)

    def delete(self, *args, **kwargs):
        if self._was_locked() or _matches(self, self.locked_when):
            raise AppendOnlyError(str(self.locked_message))
        return super().delete(*args, **kwargs)

    @classmethod
    def lock_q(cls) -> models.Q:
        return models.Q(**cls.locked_when)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        loaded = {k.split("__")[0] for k in cls.locked_when} <= set(instance.__dict__)
        instance._locked_in_db = _matches(instance, cls.locked_when) if loaded else None
        return instance

    def _was_locked(self) -> bool:
        if self._state.adding or self.pk is None:
            return False
        state = getattr(self, "_locked_in_db", None)
        if state is None:
            return type(self)._base_manager.filter(self.lock_q(), pk=self.pk).exists()
        return state


@dataclass(frozen=True)
class Guard:
    """Part of a row frozen once ``when`` holds in the database (a lookup dict on the model,
    which may follow a relation: ``{"meeting__minutes_locked_at__isnull": False}``).

    ``fields`` may then not change (none given: the row may still change); ``delete`` refuses
    deleting the row; ``allow(obj)`` lets a change of ``fields`` through that the rule permits
    (a decided case reopened by a returning decision). The PostgreSQL side is
    ``core.db.GuardTrigger`` with the same rule in SQL."""

    when: dict[str, Any]
    fields: tuple[str, ...] = ()
    delete: bool = True
    message: Any = _("Posten är låst och kan inte ändras.")
    allow: Callable[[models.Model], bool] | None = None

    def q(self) -> models.Q:
        return models.Q(**self.when)


class GuardedQuerySet(models.QuerySet):
    """Bulk UPDATE of a guarded field to another value, and bulk DELETE, of a row a guard
    holds for are refused."""

    def update(self, **kwargs):
        for guard in self.model.guards:
            touched = {
                k: v for k, v in kwargs.items() if _field_name(self.model, k) in guard.fields
            }
            if touched and self.filter(guard.q()).exclude(**touched).exists():
                raise AppendOnlyError(str(guard.message))
        return super().update(**kwargs)

    def delete(self):
        for guard in self.model.guards:
            if guard.delete and self.filter(guard.q()).exists():
                raise AppendOnlyError(str(guard.message))
        return super().delete()


def _field_name(model, name: str) -> str:
    """``meeting_id`` → ``meeting``: guards name fields, updates may name columns."""
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return field.name
    return name


class GuardedModel(models.Model):
    """A row of which parts freeze once a condition holds: a meeting's approvals once its
    minutes are locked, a completed step, a closed consultation's answers, a decided case's
    status, an adopted policy version. ``guards`` is a tuple of :class:`Guard`. The ORM refuses
    here (save, delete, bulk update/delete); on PostgreSQL ``core.db.GuardTrigger`` refuses
    raw SQL. The condition is asked of the database only when a guarded field changed."""

    guards: ClassVar[tuple[Guard, ...]] = ()

    objects = GuardedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and self.pk is not None:
            for guard in self.guards:
                fields = guard.fields
                if update_fields is not None:
                    written = {_field_name(type(self), f) for f in update_fields}
                    fields = tuple(f for f in fields if f in written)
                if (
                    fields
                    and self._guarded_changes(guard, fields)
                    and self._guard_holds(guard)
                    and not (guard.allow and guard.allow(self))
                ):
                    raise AppendOnlyError(str(guard.message))
        super().save(*args, **kwargs)
        self._guard_loaded = {  # as now stored; a deferred field is not loaded for it
            name: self.__dict__[self._meta.get_field(name).attname]
            for guard in self.guards
            for name in guard.fields
            if self._meta.get_field(name).attname in self.__dict__
        }

    def delete(self, *args, **kwargs):
        for guard in self.guards:
            if guard.delete and self.pk is not None and self._guard_holds(guard):
                raise AppendOnlyError(str(guard.message))
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._guard_loaded = {
            name: instance.__dict__.get(cls._meta.get_field(name).attname)
            for guard in cls.guards
            for name in guard.fields
            if cls._meta.get_field(name).attname in instance.__dict__
        }
        return instance

    def _guarded_changes(self, guard: Guard, fields: tuple[str, ...]) -> bool:
        loaded = getattr(self, "_guard_loaded", {})
        missing = [n for n in fields if n not in loaded]
        if missing:
            attnames = [self._meta.get_field(n).attname for n in missing]
            row = type(self)._base_manager.filter(pk=self.pk).values(*attnames).first() or {}
            loaded = {**loaded, **{n: row.get(a) for n, a in zip(missing, attnames, strict=True)}}
        return any(getattr(self, self._meta.get_field(n).attname) != loaded.get(n) for n in fields)

    def _guard_holds(self, guard: Guard) -> bool:
        return type(self)._base_manager.filter(guard.q(), pk=self.pk).exists()


class Sequence(models.Model):
    """Gap-free numbers per series and year: registration numbers ("IT 2026/14"), § numbers
    of a group's minutes. Taken inside the writing service's transaction with
    :func:`next_number`, so a refused write gives its number back."""

    key = models.CharField(_("nummerserie"), max_length=100)
    year = models.PositiveIntegerField(_("år"))
    last_number = models.PositiveIntegerField(_("senaste nummer"), default=0)

    class Meta:
        verbose_name = _("nummerserie")
        verbose_name_plural = _("nummerserier")
        constraints = [
            models.UniqueConstraint(fields=["key", "year"], name="core_one_sequence_per_key_year")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.last_number}"


def next_number(key: str, year: int) -> int:
    """The next number of ``key`` in ``year`` (1, 2, 3 … without gaps). The row is locked
    until the caller's transaction ends, so concurrent writers queue instead of colliding."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must be called inside the writing service's transaction")
    Sequence.objects.get_or_create(key=key, year=year)
    counter = Sequence.objects.select_for_update().get(key=key, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


class AuditEntry(AppendOnlyModel):
    """Who did what, when, to which object, with the values before and after."""

    bounds_exempt = True  # records what happened, as it was (styrsam.core.bounds)

    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utförd av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("händelse"), max_length=80)
    object_type = models.CharField(_("objekttyp"), max_length=100)
    object_id = models.CharField(_("objekt-id"), max_length=64)
    object_repr = models.CharField(_("objekt"), max_length=300)
    before = models.JSONField(_("före"), null=True, blank=True)
    after = models.JSONField(_("efter"), null=True, blank=True)
    rule = models.CharField(_("regel"), max_length=8, blank=True)
    # The request that caused the write (X-Request-ID), to find its log lines; null outside
    # a request (a task, a command) and for entries written before it was recorded.
    request_id = models.CharField(_("begäran-id"), max_length=64, null=True, blank=True)

    class Meta:
        verbose_name = _("loggpost")
        verbose_name_plural = _("historik")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_idx")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
