"""Every loaded policy file is kept; exactly one is active."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PolicyVersion(models.Model):
    """One saved policy file. Never edited: loading a new file adds a version."""

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
