from django.utils.translation import gettext_lazy as _

from styrsam.core.registry import NavItem, StyrsamAppConfig


class CasesConfig(StyrsamAppConfig):
    name = "styrsam.cases"
    label = "cases"
    verbose_name = _("Ärenden och beslut")
    navigation = [
        NavItem("cases:case_open", _("Ärenden"), "cases.view_case", 50),
        NavItem("cases:decision_list", _("Beslut"), "cases.view_decision", 60),
    ]
    audit_actions = {
        "case.consultation_close": _("Remiss avslutad"),
        "case.consultation_open": _("Remiss skickad"),
        "case.consultation_respond": _("Remissvar lämnat"),
        "case.decide": _("Beslut fattat"),
        "case.decision_correct": _("Beslut rättat genom nytt beslut"),
        "case.forward": _("Ärende vidarebefordrat"),
        "case.report": _("Ärende anmält"),
        "case.step_complete": _("Steg utfört"),
        "case.step_needed": _("Behov av steg bedömt"),
    }

    def ready(self) -> None:
        super().ready()
        from styrsam.guideline.hooks import codes_in_use, codes_renamed
        from styrsam.systems.hooks import register_system_section

        from . import policy_codes
        from .system_sections import SECTIONS

        for section in SECTIONS:
            register_system_section(section)
        codes_in_use.connect(policy_codes.codes_in_use)
        codes_renamed.connect(policy_codes.codes_renamed)
