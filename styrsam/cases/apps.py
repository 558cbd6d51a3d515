from django.utils.translation import gettext_lazy as _

from styrsam.core.history import HIDDEN
from styrsam.core.registry import NavItem, StyrsamAppConfig


def _case_type_name(code: str) -> str:
    from styrsam.guideline.policy import get_policy

    return get_policy().case_type_name(code)


def _group_name(code: str) -> str:
    from styrsam.guideline.policy import get_policy

    return get_policy().group(code).name


def _body_name(code: str) -> str:
    """A decision's body as the policy names it (the deciding group or the escalation role of
    the first case type that has one), not the stored code's fixed label."""
    from styrsam.guideline.policy import get_policy

    from .models import Decision, body_name

    policy = get_policy()
    for case_type in policy.case_type_codes():
        if code == Decision.Body.MUNICIPAL_DIRECTOR:
            if policy.escalation_role(case_type):
                return body_name(code, case_type, policy)
        elif policy.deciding_group(case_type):
            return body_name(code, case_type, policy)
    return body_name(code, "", policy)


class _EscalationReasonLabel:
    """The label of a decision's escalation reason in the history, with the escalation role as
    the policy names it ("Skäl för att kommunchef beslutar" in Andrakommun, issue 21), not the
    model's fixed label of the default guideline; read when the history is shown."""

    def __str__(self) -> str:
        from django.utils.text import capfirst
        from django.utils.translation import gettext

        from styrsam.core.formats import lower_first
        from styrsam.guideline.policy import get_policy

        from .models import Decision

        policy = get_policy()
        roles = (policy.escalation_role(t) for t in policy.case_type_codes())
        role = next((r for r in roles if r), None)
        if role is None:
            return capfirst(str(Decision._meta.get_field("escalation_reason").verbose_name))
        return gettext("Skäl för att %(role)s beslutar") % {
            "role": lower_first(policy.role_name(role))
        }


def _named(model_path: str):
    """A logged link as the page names it: a decision logs its system, successor and § by id
    (``Decision.AUDITED_FIELDS``), a case its system as ``{"id", "text"}``; the history shows
    the name either way, never the bare id (issue 21)."""

    def name(value) -> str:
        if isinstance(value, dict):
            return str(value.get("text", value.get("id", "")))
        from django.apps import apps

        found = apps.get_model(model_path).objects.filter(pk=value).first()
        return str(found) if found is not None else str(value)

    return name


def _unit_name(code: str) -> str:
    from styrsam.organisation.models import OrgUnit

    return OrgUnit.objects.filter(code=code).values_list("name", flat=True).first() or code


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
    # The case's history also carries its decisions' fields (``services/decisions.py``).
    audit_also = {"cases.case": ["cases.decision"]}
    audit_values = {
        "cases.case.case_type": _case_type_name,
        "cases.case.step": HIDDEN,  # its name is logged beside it
        "cases.case.group": _group_name,
        "cases.case.groups": _group_name,
        "cases.case.units": _unit_name,
        "cases.case.decision": HIDDEN,  # the decision's own fields follow
        "cases.case.body": _body_name,
        "cases.case.system": _named("systems.System"),
        "cases.case.successor": _named("systems.System"),
        "cases.case.minute_item": _named("meetings.MinuteItem"),
    }
    audit_field_labels = {
        "cases.case.name": _("Steg"),
        "cases.case.comment": _("Kommentar"),
        "cases.case.attachment": _("Bilaga"),
        "cases.case.needed": _("Behövs"),
        "cases.case.reason": _("Motivering"),
        "cases.case.groups": _("Beslutande grupper"),
        "cases.case.group": _("Grupp"),
        "cases.case.units": _("Berörda förvaltningar"),
        "cases.case.notified": _("Antal aviserade"),
        "cases.case.registration_number": _("Diarienummer"),
        "cases.case.deadline": _("Sista svarsdag"),
        "cases.case.question": _("Fråga"),
        "cases.case.position": _("Ställningstagande"),
        "cases.case.text": _("Text"),
        "cases.case.late": _("Försenat"),
        "cases.case.responses": _("Antal svar"),
        "cases.case.summary": _("Sammanfattning"),
        "cases.case.escalation_reason": _EscalationReasonLabel(),
        "cases.decision.escalation_reason": _EscalationReasonLabel(),
    }

    def ready(self) -> None:
        super().ready()
        from styrsam.guideline.hooks import codes_in_use, codes_renamed
        from styrsam.systems.hooks import register_system_section

        from . import policy_codes
        from .pickers import register as register_pickers
        from .system_sections import SECTIONS

        register_pickers()

        for section in SECTIONS:
            register_system_section(section)
        codes_in_use.connect(policy_codes.codes_in_use)
        codes_renamed.connect(policy_codes.codes_renamed)
