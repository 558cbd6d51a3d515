from django.utils.translation import gettext_lazy as _

from styrsam.core.registry import NavItem, StyrsamAppConfig


class CoreConfig(StyrsamAppConfig):
    name = "styrsam.core"
    label = "core"
    verbose_name = _("Kärna")
    navigation = [
        NavItem("home", _("Start"), None, 0),
    ]
    audit_actions = {
        "api_token.issue": _("API-token skapad"),
        "api_token.renew": _("API-token förnyad"),
        "api_token.revoke": _("API-token återkallad"),
    }

    def ready(self) -> None:
        super().ready()
        from . import bounds

        bounds.connect()  # every save of a styrsam model is checked against its columns
