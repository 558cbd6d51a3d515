"""Completing the steps of a case's path and marking "when needed" steps (G21, G23)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import get_policy

from ..attachments import check_attachment
from ..models import Case, CaseStep
from .common import (
    coordinator_name,
    forwarding_code,
    get_step,
    is_coordinator,
    lock,
    may_perform,
    refresh_status,
    require_not_final,
    rule_of,
)
from .next_actors import notify_next


def complete(*, actor, case: Case, step: CaseStep, comment: str = "", attachment=None) -> None:
    """Mark ``step`` done and record it (inside the caller's transaction)."""
    step.completed_by = actor
    step.completed_at = timezone.now()
    step.comment = comment
    if attachment:
        step.attachment = attachment
    step.save()
    audit_record(
        actor=actor,
        action="case.step_complete",
        obj=case,
        after={
            "step": step.code,
            "name": step.name,
            "comment": comment,
            "attachment": step.attachment.name if step.attachment else "",
        },
        rule=rule_of(case),
    )


@transaction.atomic
def case_complete_step(
    *, actor, case: Case, step: str, comment: str = "", attachment=None
) -> CaseStep:
    """Record that a step is done. Only the step's performer roles may (G21: a department
    user cannot mark the procurement centre contacted). A step is done once. An attachment
    over ``attachments.MAX_ATTACHMENT_BYTES`` is refused before anything is written."""
    case = lock(case)
    policy = get_policy()
    rule = rule_of(case, policy) or None
    row = get_step(case, step)
    # who may perform the step is asked before its state: an outsider learns nothing of the
    # case's progress from a refusal (role before state, G21)
    if not may_perform(actor, row):
        raise NotAllowed(
            _("Steget ”%(step)s” utförs av %(roles)s (%(rule)s).")
            % {
                "step": row.name,
                "roles": ", ".join(policy.role_name(r).lower() for r in row.performer_roles),
                "rule": rule,
            },
            code="not_step_performer",
            rule=rule,
        )
    require_not_final(case)
    if row.is_done:
        raise Conflict(
            _("Steget ”%(step)s” är redan utfört.") % {"step": row.name},
            code="step_already_done",
            rule=rule,
        )
    if row.consultation_group:
        raise Conflict(
            _(
                "Steget ”%(step)s” blir klart när remissen till gruppen har avslutats "
                "av %(role)s (G14)."
            )
            % {"step": row.name, "role": coordinator_name(policy)},
            code="consultation_required",
            rule="G14",
        )
    if row.code == forwarding_code(case, policy):  # done by case_forward, which notifies
        raise Conflict(
            _("Anmälan blir klar när %(role)s vidarebefordrar den (G03).")
            % {"role": coordinator_name(policy)},
            code="forward_required",
            rule="G03",
        )
    if row.when_needed and row.needed is False:
        raise Conflict(
            _("Steget ”%(step)s” är bedömt som inte nödvändigt.") % {"step": row.name},
            code="step_not_needed",
            rule=rule,
        )
    check_attachment(attachment)
    complete(actor=actor, case=case, step=row, comment=comment, attachment=attachment)
    was_ready = case.status == Case.Status.READY
    refresh_status(case, policy)
    if not was_ready:
        notify_next(case=case, actor=actor, steps=[])
    return row


@transaction.atomic
def case_mark_step_needed(*, actor, case: Case, step: str, needed: bool, reason: str) -> CaseStep:
    """The IT strategist decides whether a "when needed" step (e.g. anchoring in the
    municipal management team, G21) is needed, with a reason."""
    case = lock(case)
    rule = rule_of(case) or None
    if not is_coordinator(actor):
        raise NotAllowed(
            _("Bara %(role)s bedömer om steget behövs (%(rule)s).")
            % {"role": coordinator_name(), "rule": rule},
            code="not_coordinator",
            rule=rule,
        )
    require_not_final(case)
    row = get_step(case, step)
    if not row.when_needed:
        raise ValidationFailed(
            _("Steget ”%(step)s” krävs alltid enligt policyn.") % {"step": row.name},
            code="step_always_required",
            rule=rule,
        )
    if row.is_done:
        raise Conflict(
            _("Steget ”%(step)s” är redan utfört.") % {"step": row.name},
            code="step_already_done",
            rule=rule,
        )
    if not (reason or "").strip():
        raise ValidationFailed(
            _("Motivera bedömningen."), code="reason_required", field="reason", rule=rule
        )
    before = {"step": row.code, "needed": row.needed, "reason": row.needed_reason}
    row.needed = bool(needed)
    row.needed_reason = reason.strip()
    row.needed_by = actor
    row.save(update_fields=["needed", "needed_reason", "needed_by"])
    audit_record(
        actor=actor,
        action="case.step_needed",
        obj=case,
        before=before,
        after={"step": row.code, "needed": row.needed, "reason": row.needed_reason},
        rule=rule or "",
    )
    was_ready = case.status == Case.Status.READY
    refresh_status(case)
    if row.needed or not was_ready:
        notify_next(case=case, actor=actor, steps=[row] if row.needed else [])
    return row
