from django.utils.translation import gettext_lazy as _

from styrsam.core.registry import StyrsamAppConfig


class OpsConfig(StyrsamAppConfig):
    """Running Styrsam: health, metrics, backups, upgrades, single sign-on."""

    name = "styrsam.ops"
    label = "ops"
    verbose_name = _("Drift")
    audit_actions = {"ops.upgrade": _("Styrsam uppgraderat")}
