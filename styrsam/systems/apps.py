from django.utils.translation import gettext_lazy as _

from styrsam.core.registry import NavItem, StyrsamAppConfig


class SystemsConfig(StyrsamAppConfig):
    name = "styrsam.systems"
    label = "systems"
    verbose_name = _("Systemförteckning")
    navigation = [
        NavItem("systems:system_list", _("System"), "systems.view_system", 40),
    ]
    audit_actions = {
        "platform.component_add": _("Komponent tillagd i IT-plattformen"),
        "platform.connection": _("Anslutning till nät och telefonnummer ändrad"),
        "system.costs": _("Kostnader registrerade"),
        "system.register": _("System registrerat"),
        "system.update": _("System ändrat"),
    }

    def ready(self) -> None:
        super().ready()
        from styrsam.core.audit import restrict_history

        from .models import System

        # the history shows cost amounts only to those who may read the costs (issue 11)
        restrict_history(
            System, permission="systems.view_costs", actions=["system.costs"], keep=["year"]
        )
        from styrsam.organisation.hooks import owners_of_criticality

        from .selectors import owners_of_criticality as owners

        owners_of_criticality.connect(lambda *, criticality: owners(criticality))
        from .pickers import register as register_pickers

        register_pickers()
