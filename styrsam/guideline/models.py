"""Every loaded policy file is kept. A new file is a draft until the role the policy names
adopts it (G29) with a registered decision and an effective date; the version in force is the
latest adopted one whose effective date has come (``policy.get_policy``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styrsam.core.models import Guard, GuardedModel

# Everything of an adopted version but whether it is the one in force.
FROZEN_FIELDS = (
    "number",
    "name",
    "source",
    "text",
    "data",
    "sha256",
    "loaded_at",
    "loaded_by",
    "status",
    "effective_date",
    "adopted_by",
    "adopted_at",
    "decision_number",
    "decision_text",
    "renames",
)


class PolicyVersion(GuardedModel):
    """One saved policy file. Never edited: loading a new file adds a draft version; an
    adopted version is frozen (the ORM and, on PostgreSQL, a trigger refuse changing or
    deleting it; only ``is_active`` follows the effective date)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ADOPTED = "adopted", _("Antagen")

    guards = (
        Guard(
            when={"status": "adopted"},
            fields=FROZEN_FIELDS,
            message=_("Policyversionen är antagen och kan inte ändras eller tas bort."),
        ),
    )

    number = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("namn"), max_length=300)
    source = models.CharField(_("källa"), max_length=500, blank=True)
    text = models.TextField(_("policyfil (YAML)"))
    data = models.JSONField(_("tolkad policy"))
    sha256 = models.CharField(_("kontrollsumma"), max_length=64)
    loaded_at = models.DateTimeField(_("laddad"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("laddad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("aktiv"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    effective_date = models.DateField(_("gäller från"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("antagen av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("antagen"), null=True, blank=True)
    decision_number = models.CharField(_("diarienummer för beslutet"), max_length=40, blank=True)
    decision_text = models.TextField(_("beslutstext"), blank=True)
    renames = models.JSONField(
        _("omdöpta koder"),
        default=dict,
        blank=True,
        help_text=_("Gamla koder som data använder och vad de heter i denna version."),
    )

    class Meta:
        verbose_name = _("policyversion")
        verbose_name_plural = _("policyversioner")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_policy"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT
