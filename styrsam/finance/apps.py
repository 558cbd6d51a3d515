from django.utils.translation import gettext_lazy as _

from styrsam.core.registry import HomeSection, NavItem, StyrsamAppConfig


def _it_unit_dashboard(request):
    from .dashboards import it_unit_dashboard

    return it_unit_dashboard(request)


def _it_unit_dashboard_shown(request) -> bool:
    from .dashboards import it_unit_dashboard_shown

    return it_unit_dashboard_shown(request)


class FinanceConfig(StyrsamAppConfig):
    name = "styrsam.finance"
    label = "finance"
    verbose_name = _("Ekonomi")
    navigation = [
        NavItem("finance:budget_overview", _("Ekonomi"), "finance.view_finance", 110),
    ]
    home_sections = [
        HomeSection(
            "dashboard-it-unit",
            "core/_dashboard.html",
            _it_unit_dashboard,
            7,
            shown=_it_unit_dashboard_shown,  # the charts load after the page (issue 18)
            label=_("IT-enhetens år"),
        ),
    ]
    audit_actions = {
        "allocation_key.create": _("Fördelningsnyckel fastställd"),
        "budget_plan.create": _("Budgetförslag upprättat"),
        "budget_plan.decide": _("Budget beslutad"),
        "budget_plan.propose": _("Budget föreslagen av grupp"),
        "budget_plan.supersede": _("Beslutad budget ersätter tidigare beslut"),
        "budget_plan.update": _("Budgetförslag ändrat"),
        "budget_plan.withdraw": _("Budgetförslag återtaget"),
        "department_budget.set": _("Förvaltningens IT-budget angiven"),
    }

    def ready(self) -> None:
        super().ready()
        from styrsam.cases.hooks import amount_grant_check, register_case_section
        from styrsam.rental.hooks import investment_budget_check
        from styrsam.systems.hooks import register_system_section

        from .sections import CASE_SECTIONS, SYSTEM_SECTIONS
        from .services import grant_guard, investment_budget_guard

        amount_grant_check.connect(grant_guard)
        from .pickers import register as register_pickers

        register_pickers()
        investment_budget_check.connect(investment_budget_guard)
        for section in SYSTEM_SECTIONS:
            register_system_section(section)
        for section in CASE_SECTIONS:
            register_case_section(section)
