"""Helpers shared by the case services: who may do what, the case's state, its lock."""

from __future__ import annotations

from django.utils.translation import gettext as _

from styrsam.core.errors import Conflict, ValidationFailed
from styrsam.guideline.policy import Policy, get_policy
from styrsam.organisation import roles
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import active_q, has_any_role, has_capability

from ..models import Case, CaseStep, Decision


def is_coordinator(user) -> bool:
    """The policy's coordinating role (the IT strategist by default, G02) or the system
    itself (``None``). Not a superuser: the system administrator is no governance actor
    (issue 11)."""
    return user is None or roles.is_coordinator(user)


def coordinator_name(policy: Policy | None = None) -> str:
    """The coordinating role as the policy names it, inside a sentence (G02): "IT-strateg" in
    the default guideline, "digitaliseringsstrateg" in Andrakommun's (issue 21) — never the
    default guideline's title in another municipality's messages."""
    return (policy or get_policy()).coordinator_name()


def may_record_decisions(user) -> bool:
    """Records the deciding group's decisions outside its minutes (G13: capability
    ``record_decisions``, the IT strategist by default). Not a superuser: the system
    administrator is no governance actor (issue 11); ``None`` is the system itself."""
    return user is None or has_capability(user, "record_decisions")


def may_decide(user, case: Case, policy: Policy | None = None) -> bool:
    """Whether ``user`` may record some decision on ``case``: as a recorder of decisions, the
    chair of the deciding group, or the holder of the type's escalation role (G29)."""
    policy = policy or get_policy()
    if may_record_decisions(user):
        return True
    if not policy.has_case_type(case.case_type):
        return False
    escalation = policy.escalation_role(case.case_type)
    if escalation and roles.has_role(user, escalation):
        return True
    group = policy.deciding_group(case.case_type)
    return bool(group) and chairs_group(user, group)


def may_decide_for(user, case: Case, body: str, policy: Policy | None = None) -> bool:
    """Whether ``user`` may record a decision of ``body`` on ``case`` outside the minutes —
    and so correct one (a correction is a new decision by the same body, G13): the steering
    group's decision by a recorder of decisions or the deciding group's chair, an escalated
    decision by the holder of the type's escalation role (G21, G29). Never a superuser: the
    system administrator is no governance actor (issue 11). The one answer of the services
    (``decision_correct``, ``case_decide``) and of the pages that show their forms."""
    if user is not None and getattr(user, "is_superuser", False):
        return False
    policy = policy or get_policy()
    if body == Decision.Body.STEERING_GROUP:
        if may_record_decisions(user):
            return True
        group = (
            policy.deciding_group(case.case_type) if policy.has_case_type(case.case_type) else None
        )
        return bool(group) and chairs_group(user, group)
    if body == Decision.Body.MUNICIPAL_DIRECTOR and policy.has_case_type(case.case_type):
        role = policy.escalation_role(case.case_type)
        return bool(role) and user is not None and roles.has_role(user, role)
    return False


def may_correct(user, decision: Decision, policy: Policy | None = None) -> bool:
    """Whether ``user`` may correct ``decision``: the body that decided (``may_decide_for``)."""
    return may_decide_for(user, decision.case, decision.body, policy)


def forwarding_code(case: Case, policy: Policy | None = None) -> str | None:
    """The code of the step that forwards a notification of ``case``'s type (G03), None if
    the type has none."""
    policy = policy or get_policy()
    if not policy.has_case_type(case.case_type):
        return None
    step = policy.forwarding_step(case.case_type)
    return step.code if step else None


def may_perform(user, step: CaseStep) -> bool:
    """The step's performer roles (the policy) or the system itself; never the superuser."""
    if user is None:
        return True
    return has_any_role(user, step.performer_roles)


def chairs_group(user, group_code: str) -> bool:
    if user is None:
        return False
    return Membership.objects.filter(
        active_q(),
        group__code=group_code,
        person=user,
        function__in=[Membership.Function.CHAIR, Membership.Function.CHAIR_CONVENER],
    ).exists()


def rule_of(case: Case, policy: Policy | None = None) -> str:
    policy = policy or get_policy()
    try:
        return policy.case_type(case.case_type).get("rule", "")
    except KeyError:
        return ""


def lock(case: Case) -> Case:
    """The case row, locked for this transaction (concurrent steps and decisions queue up)."""
    return Case.objects.select_for_update().get(pk=case.pk)


def require_not_final(case: Case) -> None:
    if case.status == Case.Status.DECIDED:
        raise Conflict(
            _("Ärendet %(nr)s är redan beslutat.") % {"nr": case.registration_number},
            code="already_decided",
        )
    if case.status == Case.Status.CLOSED:
        raise Conflict(
            _("Ärendet %(nr)s är avslutat.") % {"nr": case.registration_number},
            code="case_closed",
        )


def get_step(case: Case, code: str) -> CaseStep:
    try:
        return CaseStep.objects.select_for_update().get(case=case, code=code)
    except CaseStep.DoesNotExist as exc:
        raise ValidationFailed(
            _("Ärendet har inget steg %(code)s.") % {"code": code},
            code="unknown_step",
            field="step",
        ) from exc


def open_required_steps(case: Case) -> list[CaseStep]:
    return [
        s for s in CaseStep.objects.filter(case=case).order_by("position") if s.is_open_required
    ]


def refresh_status(case: Case, policy: Policy | None = None) -> Case:
    """Open while a required step is open; then ready for decision, or closed when the case
    type has no decision (G03)."""
    if case.is_final:
        return case
    policy = policy or get_policy()
    if open_required_steps(case):
        status = Case.Status.OPEN
    elif policy.case_type(case.case_type).get("decision"):
        status = Case.Status.READY
    else:
        status = Case.Status.CLOSED
    if status != case.status:
        case.status = status
        case.save(update_fields=["status", "updated_at"])
    return case
