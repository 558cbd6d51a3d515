"""Base models and the append-only audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a row of an append-only table."""


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


class AuditEntry(AppendOnlyModel):
    """Who did what, when, to which object, with the values before and after."""

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
