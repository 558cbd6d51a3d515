from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running Styrsam: health, metrics, backups, upgrades, single sign-on."""

    name = "styrsam.ops"
    label = "ops"
    verbose_name = _("Drift")
