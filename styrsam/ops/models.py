"""What each ``styrsam upgrade`` found: the Styrsam version, the migrations it applied and the
keys of the policy schema, so that the next upgrade can say what the schema gained or lost."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from styrsam.core.models import AppendOnlyModel


class UpgradeRun(AppendOnlyModel):
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)
    styrsam_version = models.CharField(_("version"), max_length=40)
    migrations_applied = models.JSONField(_("tillämpade migreringar"), default=list)
    policy_schema_version = models.PositiveIntegerField(_("policyschemats version"))
    policy_schema_keys = models.JSONField(_("policyschemats nycklar"), default=list)

    class Meta:
        verbose_name = _("uppgradering")
        verbose_name_plural = _("uppgraderingar")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.styrsam_version}"
