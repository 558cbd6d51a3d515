from django.utils.translation import gettext_lazy as _

from styrsam.core.registry import NavItem, StyrsamAppConfig


class CoreConfig(StyrsamAppConfig):
    name = "styrsam.core"
    label = "core"
    verbose_name = _("Kärna")
    navigation = [
        NavItem("home", _("Start"), None, 0),
    ]
