"""Decisions (G13, G21, G23, G27, G29). A decision is append-only: a correction is a new
decision that refers to the earlier one (convention 5)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record, snapshot
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.core.formats import lower_first
from styrsam.guideline.policy import Policy, get_policy
from styrsam.organisation.models import GovernanceGroup
from styrsam.organisation.roles import has_role, require_governance_actor
from styrsam.systems.models import System
from styrsam.systems.services import system_register, system_update

from ..hooks import amount_grant_check, minute_decision_check
from ..models import Case, CaseStep, Decision, body_name
from .common import lock, may_decide_for, open_required_steps, rule_of
from .next_actors import case_url
from .notifications import notify


def _missing_detail(steps: list[CaseStep], rule: str) -> str:
    groups = dict(GovernanceGroup.objects.values_list("code", "name"))
    parts = []
    for step in steps:
        if step.consultation_group:
            parts.append(
                _("ärendet är inte förankrat i %(group)s")
                % {"group": groups.get(step.consultation_group, step.consultation_group)}
            )
        else:
            parts.append(_("steget ”%(step)s” är inte utfört") % {"step": step.name})
    return _("Beslut kan inte fattas: %(parts)s (%(rule)s)") % {
        "parts": "; ".join(parts),
        "rule": rule,
    }


def _require_decision(policy: Policy, case: Case, rule: str | None) -> None:
    """Refuse a decision on a type that the policy ends without one (G03)."""
    if not policy.case_type(case.case_type).get("decision"):
        raise Conflict(
            _("Ärendetypen avslutas utan beslut (%(rule)s).") % {"rule": rule},
            code="no_decision",
            rule=rule,
        )


def _check_minute_item(
    *, actor, minute_item, group: str | None, body: str, rule: str | None, case_type: str
) -> None:
    """A decision in the minutes: only a § of the deciding group's minutes, written by someone
    who runs that meeting (the convener or its secretary), before the minutes are locked.
    Escalated decisions (G29) are the municipal director's and are not in any minutes."""
    if body != Decision.Body.STEERING_GROUP:
        raise Conflict(
            _("Ett lyft beslut fattas av %(role)s och protokollförs inte (G29).")
            % {"role": lower_first(body_name(body, case_type))},
            code="escalated_not_in_minutes",
            rule="G29",
        )
    if minute_item.group.code != group:
        raise Conflict(
            _("%(group)s beslutar inte i ärenden av den här typen (%(rule)s).")
            % {"group": minute_item.group.name, "rule": rule},
            code="not_deciding_group",
            rule=rule,
        )
    if minute_item.locked:
        raise Conflict(_("Protokollet är justerat och låst."), code="minutes_locked")
    meeting = minute_item.meeting
    if meeting.date > timezone.localdate():
        raise Conflict(
            _(
                "Mötet den %(d)s har inte hållits än: ett beslut protokollförs först när "
                "gruppen har sammanträtt (%(rule)s)."
            )
            % {"d": meeting.date.isoformat(), "rule": _group_rule(minute_item.group)},
            code="meeting_in_future",
            rule=_group_rule(minute_item.group),
        )
    minute_decision_check.send(actor=actor, minute_item=minute_item)


def _group_rule(group) -> str:
    policy = get_policy()
    return policy.group(group.code).rule if group.code in policy.groups else ""


def _check_body(
    *,
    actor,
    policy: Policy,
    case: Case,
    body: str,
    escalation_reason: str,
    rule: str | None,
    minute_item=None,
) -> None:
    """The deciding group (recorded by whoever records decisions — the IT strategist by
    default — or the group's chair, or in the group's minutes by whoever runs the meeting), or
    the type's escalation role (the municipal director) when lifted with a reason (G21, G29)."""
    normal = body_name(Decision.Body.STEERING_GROUP, case.case_type, policy)
    if minute_item is not None:
        _check_minute_item(
            actor=actor,
            minute_item=minute_item,
            group=policy.deciding_group(case.case_type),
            body=body,
            rule=rule,
            case_type=case.case_type,
        )
        return
    if body == Decision.Body.STEERING_GROUP:
        if not may_decide_for(actor, case, body, policy):
            raise NotAllowed(
                _("Beslut av %(body)s registreras av %(roles)s eller ordföranden (%(rule)s).")
                % {"body": normal, "roles": _recorders(policy), "rule": rule},
                code="not_decision_recorder",
                rule=rule,
            )
        return
    if body != Decision.Body.MUNICIPAL_DIRECTOR:
        raise ValidationFailed(_("Okänt beslutande organ."), field="body")
    role = policy.escalation_role(case.case_type)
    if not role:
        raise Conflict(
            _("Ärendetypen beslutas av %(body)s; den kan inte lyftas (%(rule)s).")
            % {"body": normal, "rule": rule},
            code="escalation_not_allowed",
            rule=rule,
        )
    if not (escalation_reason or "").strip():
        raise ValidationFailed(
            _("Ange varför %(role)s beslutar i stället för %(body)s (%(rule)s).")
            % {"role": lower_first(policy.role_name(role)), "body": normal, "rule": rule},
            code="escalation_reason_required",
            field="escalation_reason",
            rule=rule,
        )
    if actor is None or not may_decide_for(actor, case, body, policy):
        raise NotAllowed(
            _("Bara %(role)s kan fatta ett lyft beslut (G29).")
            % {"role": lower_first(policy.role_name(role))},
            code="not_municipal_director",
            rule="G29",
        )


def _recorders(policy: Policy) -> str:
    return ", ".join(policy.role_name(r) for r in policy.roles_with("record_decisions"))


def _check_content(
    *, policy: Policy, case: Case, outcome: str, text: str, amount_granted, rule
) -> None:
    if outcome not in Decision.Outcome.values:
        raise ValidationFailed(_("Välj bifall, avslag eller återremiss."), field="outcome")
    if not (text or "").strip():
        raise ValidationFailed(_("Skriv beslutstexten."), code="required", field="text")
    if not policy.carries_amount(case.case_type):
        return
    if outcome == Decision.Outcome.APPROVED:
        if amount_granted is None or Decimal(amount_granted) <= 0:
            raise ValidationFailed(
                _("Ange beviljat belopp från centrala medel (G27)."),
                code="amount_granted_required",
                field="amount_granted",
                rule="G27",
            )
        if case.amount_requested is not None and Decimal(amount_granted) > case.amount_requested:
            raise ValidationFailed(
                _("Beviljat belopp kan inte vara större än det sökta (%(a)s kr).")
                % {"a": case.amount_requested},
                code="amount_granted_too_large",
                field="amount_granted",
                rule="G27",
            )


def _register_purchase(*, case: Case, policy: Policy, category: str):
    """An approved purchase of a new system: the register shows it in procurement, owned by
    the reporter when the reporter holds the policy's system owner role (G15, G17)."""
    if case.reporting_unit_id is None:
        raise Conflict(
            _("Ärendet saknar anmälande enhet; systemet kan inte registreras i förteckningen."),
            code="reporting_unit_missing",
            field="reporting_unit",
        )
    owner = case.reporter if has_role(case.reporter, policy.system_owner_role()) else None
    # actor=None: registered by the decision itself; the decision's audit names who recorded it.
    return system_register(
        actor=None,
        name=case.proposed_system_name or case.title,
        category=category,
        common_kind=case.common_kind if policy.category_one_per_kind(category) else "",
        owner_unit=case.reporting_unit,
        owner=owner,
        description=_("Registrerat genom beslut i ärende %(nr)s.")
        % {"nr": case.registration_number},
        lifecycle="procurement",
    )


def _handover(case: Case, outcome: str, handover_date, decided_at) -> datetime.date | None:
    """G18: an approved replacement names its hand-over date (the case's proposal unless the
    decision states another), not before the decision."""
    if not case.successor_name or outcome != Decision.Outcome.APPROVED:
        return None
    handover = handover_date or case.handover_date
    if handover is None:
        raise ValidationFailed(
            _(
                "Ange när %(new)s tar över från %(old)s: överlämningsdatumet hör till beslutet (G18)."
            )
            % {"new": case.successor_name, "old": case.system.name if case.system else ""},
            code="handover_date_required",
            field="handover_date",
            rule="G18",
        )
    if handover < timezone.localdate(decided_at):
        raise ValidationFailed(
            _("Överlämningsdatumet kan inte ligga före beslutet (G18)."),
            code="handover_before_decision",
            field="handover_date",
            rule="G18",
        )
    return handover


def _register_successor(*, case: Case, handover: datetime.date) -> System:
    """G18: the current common system goes into phase-out and its successor is registered as
    planned, of the same kind, owner and financing — never two in use of one kind."""
    current = case.system
    # actor=None: done by the decision itself; the decision's audit names who recorded it.
    system_update(actor=None, system=current, lifecycle=System.Lifecycle.PHASE_OUT)
    return system_register(
        actor=None,
        name=case.successor_name,
        category=current.category,
        common_kind=current.common_kind,
        owner_unit=current.owner_unit,
        owner=current.owner,
        manager=current.manager,
        financing_principle=current.financing_principle,
        description=_("Efterträdare till %(old)s enligt beslut i ärende %(nr)s; tar över %(d)s.")
        % {"old": current.name, "nr": case.registration_number, "d": handover.isoformat()},
        lifecycle=System.Lifecycle.PLANNED,
    )


def _apply(policy: Policy, case: Case, decision: Decision) -> None:
    amount_grant_check.send(case=case, decision=decision)  # G27: the pool (finance app)
    if decision.outcome == Decision.Outcome.RETURNED:
        case.status = Case.Status.OPEN
    else:
        case.status = Case.Status.DECIDED
    fields = ["status", "updated_at"]
    if policy.carries_amount(case.case_type):
        case.amount_granted = (
            decision.amount_granted if decision.outcome == Decision.Outcome.APPROVED else None
        )
        fields.append("amount_granted")
    if decision.system_id and case.system_id != decision.system_id:
        case.system_id = decision.system_id
        fields.append("system")
    case.save(update_fields=fields)


def _audit(actor, case, decision, action, rule) -> None:
    """On the case's history: the decision's audited fields (``Decision.AUDITED_FIELDS``;
    links by id, named without ``_id``)."""
    fields = {name.removesuffix("_id"): value for name, value in snapshot(decision).items()}
    audit_record(
        actor=actor,
        action=action,
        obj=case,
        after={"decision": decision.pk, **fields},
        rule=rule or "",
    )


def _notify(actor, case, decision) -> None:
    recipients = [case.reporter]
    if case.system_id and case.system.owner_id:
        recipients.append(case.system.owner)
    notify(
        recipients=recipients,
        text=_("%(nr)s %(title)s: %(outcome)s.")
        % {
            "nr": case.registration_number,
            "title": case.title,
            "outcome": decision.get_outcome_display().lower(),
        },
        url=case_url(case),
        case=case,
        exclude=actor,
    )


def minute_item_reference(minute_item) -> str:
    if minute_item is None:
        return ""
    meeting = minute_item.meeting
    return f"{meeting.group.name} {meeting.date:%Y-%m-%d} § {minute_item.number}"


def _decided_at(minute_item, decided_on: datetime.date | None) -> dict:
    """A decision in the minutes is dated with the meeting (beslutsdatum = sammanträdesdag),
    which has taken place (``_check_minute_item``). A decision outside meetings (delegated, the
    municipal director's) carries its own date ``decided_on`` (today when not given), which
    cannot lie ahead (G13, G29)."""
    now = timezone.now()
    if minute_item is not None:
        meeting = minute_item.meeting
        at = timezone.make_aware(datetime.datetime.combine(meeting.date, meeting.start_time))
        return {"decided_at": min(at, now)}
    if decided_on is None or decided_on == timezone.localdate():
        return {"decided_at": now}
    if decided_on > timezone.localdate():
        raise ValidationFailed(
            _("Beslutsdatumet får inte ligga i framtiden."),
            code="decided_in_future",
            field="decided_on",
        )
    return {"decided_at": timezone.make_aware(datetime.datetime.combine(decided_on, _NOON))}


_NOON = datetime.time(12, 0)


@transaction.atomic
def case_decide(
    *,
    actor,
    case: Case,
    outcome: str,
    text: str,
    conditions: str = "",
    body: str = Decision.Body.STEERING_GROUP,
    escalation_reason: str = "",
    amount_granted: Decimal | int | None = None,
    meeting_reference: str = "",
    minute_item=None,
    decided_on: datetime.date | None = None,
    handover_date: datetime.date | None = None,
) -> Decision:
    """Record the decision. Refused while a required step of the path is open (G21).

    ``minute_item``: the § of the deciding group's minutes that records the decision (G13).
    It is set here, at creation, because a decision is never changed afterwards; the
    decision date is then the meeting's and ``meeting_reference`` names meeting and §
    (e.g. "IT-styrgruppen 2026-11-12 § 14"). An approved replacement of a common system
    (``case.successor_name``) registers the successor as planned and puts the current system
    into phase-out, with the hand-over date (``handover_date``, else the case's) (G18).
    Called by ``styrsam.meetings.services`` (minutes)
    in the same transaction as the § itself."""
    case = lock(case)
    policy = get_policy()
    rule = rule_of(case, policy) or None
    require_governance_actor(actor, rule=rule)
    # who may decide first (403), then the workflow (409): an outsider learns nothing about
    # the case's state (issue 11, G13, G21, G29)
    _check_body(
        actor=actor,
        policy=policy,
        case=case,
        body=body,
        escalation_reason=escalation_reason,
        rule=rule,
        minute_item=minute_item,
    )
    _require_decision(policy, case, rule)
    if case.status == Case.Status.DECIDED:
        raise Conflict(
            _("Ärendet %(nr)s är redan beslutat; rätta beslutet i stället.")
            % {"nr": case.registration_number},
            code="already_decided",
            rule=rule,
        )
    if case.status == Case.Status.CLOSED:
        raise Conflict(_("Ärendet är avslutat."), code="case_closed", rule=rule)
    missing = open_required_steps(case)
    if missing:
        raise Conflict(
            _missing_detail(missing, rule or ""),
            code="steps_missing",
            rule=rule,
            extra={"missing_steps": [s.code for s in missing]},
        )
    _check_content(
        policy=policy,
        case=case,
        outcome=outcome,
        text=text,
        amount_granted=amount_granted,
        rule=rule,
    )
    dated = _decided_at(minute_item, decided_on)
    handover = _handover(case, outcome, handover_date, dated["decided_at"])
    system = case.system
    category = policy.registers_system(case.case_type)
    if outcome == Decision.Outcome.APPROVED and category and system is None:
        system = _register_purchase(case=case, policy=policy, category=category)
    successor = _register_successor(case=case, handover=handover) if handover else None
    decision = Decision.objects.create(
        case=case,
        system=system,
        outcome=outcome,
        text=text.strip(),
        conditions=conditions.strip(),
        body=body,
        escalation_reason=(
            escalation_reason.strip() if body != Decision.Body.STEERING_GROUP else ""
        ),
        amount_granted=amount_granted if policy.carries_amount(case.case_type) else None,
        decided_by=actor,
        meeting_reference=meeting_reference or minute_item_reference(minute_item),
        minute_item=minute_item,
        successor=successor,
        handover_date=handover,
        **dated,
    )
    _apply(policy, case, decision)
    _audit(actor, case, decision, "case.decide", rule)
    _notify(actor, case, decision)
    return decision


@transaction.atomic
def decision_correct(
    *,
    actor,
    decision: Decision,
    outcome: str,
    text: str,
    conditions: str = "",
    escalation_reason: str = "",
    amount_granted: Decimal | int | None = None,
    meeting_reference: str = "",
    minute_item=None,
    decided_on: datetime.date | None = None,
) -> Decision:
    """A correction: a new decision by the same body that refers to the earlier one. The
    earlier decision stays unchanged. A decision recorded in minutes is corrected by a new §
    in a later meeting (``minute_item``), never by editing the old §."""
    case = lock(decision.case)
    policy = get_policy()
    rule = rule_of(case, policy) or None
    require_governance_actor(actor, rule=rule)
    # who may correct before the decision's state (role before state, as in case_decide)
    _check_body(
        actor=actor,
        policy=policy,
        case=case,
        body=decision.body,
        escalation_reason=escalation_reason or decision.escalation_reason,
        rule=rule,
        minute_item=minute_item,
    )
    if Decision.objects.filter(corrects=decision).exists():
        raise Conflict(
            _("Beslutet är redan rättat; rätta det senaste beslutet."),
            code="already_corrected",
            rule=rule,
        )
    _require_decision(policy, case, rule)
    _check_content(
        policy=policy,
        case=case,
        outcome=outcome,
        text=text,
        amount_granted=amount_granted,
        rule=rule,
    )
    dated = _decided_at(minute_item, decided_on)
    correction = Decision.objects.create(
        case=case,
        system=decision.system,
        outcome=outcome,
        text=text.strip(),
        conditions=conditions.strip(),
        body=decision.body,
        escalation_reason=(escalation_reason or decision.escalation_reason).strip(),
        amount_granted=amount_granted if policy.carries_amount(case.case_type) else None,
        decided_by=actor,
        corrects=decision,
        meeting_reference=meeting_reference
        or minute_item_reference(minute_item)
        or decision.meeting_reference,
        minute_item=minute_item,
        **dated,
    )
    _apply(policy, case, correction)
    _audit(actor, case, correction, "case.decision_correct", rule)
    _notify(actor, case, correction)
    return correction
