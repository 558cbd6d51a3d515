from django.utils.translation import gettext_lazy as _

from styrsam.core.access import may
from styrsam.core.registry import HomeSection, NavItem, StyrsamAppConfig


def _home_messages(request) -> dict | None:
    """The start page's information to system owners (G15): the latest received, the unread
    count; shown to those who received any and to the one who sends them."""
    from .selectors import unread_messages

    can_send = may(request.user, "systems.send_message")
    section = unread_messages(user=request.user)
    if not section["latest"] and not can_send:
        return None
    return {**section, "can_send": can_send}


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
        "system_message.send": _("Information skickad till systemägare"),
    }
    audit_field_labels = {
        "systems.systemmessage.recipients": _("Antal mottagare"),
    }
    home_sections = [
        HomeSection("system_messages", "systems/_home_messages.html", _home_messages, order=5),
    ]

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
