from django.utils.translation import gettext_lazy as _

from styrsam.core.registry import NavItem, StyrsamAppConfig


class ServicedeskConfig(StyrsamAppConfig):
    name = "styrsam.servicedesk"
    verbose_name = _("Kundservice")
    navigation = [
        NavItem("servicedesk:catalogue", _("Kundservice"), "servicedesk.view_catalogue", 80),
    ]
    audit_actions = {
        "catalogue.create": _("Artikel skapad i katalogen"),
        "catalogue.update": _("Artikel ändrad i katalogen"),
        "order.approve_step": _("Beställning godkänd i ett steg"),
        "order.approved": _("Beställning godkänd"),
        "order.awaiting_approval": _("Beställning skickad för godkännande"),
        "order.cancelled": _("Beställning makulerad"),
        "order.create": _("Beställning lagd"),
        "order.fulfilled": _("Beställning levererad"),
        "order.rejected": _("Beställning avslagen"),
    }
