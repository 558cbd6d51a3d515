from django.utils.translation import gettext_lazy as _

from styrsam.core.registry import HomeSection, NavItem, StyrsamAppConfig


def _economist_dashboard(request):
    from .dashboards import economist_dashboard

    return economist_dashboard(request)


def _economist_dashboard_shown(request) -> bool:
    from .dashboards import economist_dashboard_shown

    return economist_dashboard_shown(request)


class RentalConfig(StyrsamAppConfig):
    name = "styrsam.rental"
    verbose_name = _("Hyressystemet")
    navigation = [
        NavItem("rental:asset_list", _("Hyrd utrustning"), "rental.view_assets", 90),
        NavItem("rental:invoice", _("Hyra"), "rental.view_ledger", 100),
    ]
    home_sections = [
        HomeSection(
            "dashboard-economist",
            "core/_dashboard.html",
            _economist_dashboard,
            6,
            shown=_economist_dashboard_shown,  # the charts load after the page (issue 18)
            label=_("hyra och kostnader"),
        ),
    ]
    audit_actions = {
        "asset.register": _("Utrustning registrerad"),
        "asset.return": _("Utrustning återlämnad"),
        "asset.transfer": _("Utrustning flyttad till annan förvaltning"),
        "asset_type.create": _("Utrustningstyp skapad"),
        "asset_type.update": _("Utrustningstyp ändrad"),
        "budget.purchase": _("Inköp bokfört mot investeringsbudgeten"),
        "budget.set": _("Investeringsbudget fastställd"),
        "rent.decide": _("Hyra beslutad"),
        "rent.run": _("Hyreskörning"),
        "rent_level.draft": _("Förslag till hyresnivå"),
    }
