"""Consultation (remiss) in the preparatory group before a decision (G14, G21)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import GovernanceGroup, Membership
from styrsam.organisation.roles import active_q, require_governance_actor

from ..models import Case, Consultation, ConsultationResponse
from .common import (
    coordinator_name,
    get_step,
    is_coordinator,
    lock,
    refresh_status,
    require_not_final,
)
from .next_actors import notify_next
from .notifications import notify
from .steps import complete


def _require_coordinator(actor) -> None:
    if not is_coordinator(actor):
        raise NotAllowed(
            _("Bara %(role)s skickar och avslutar remisser (G14).") % {"role": coordinator_name()},
            code="not_coordinator",
            rule="G14",
        )


def consultation_members(consultation: Consultation):
    return [
        m.person
        for m in Membership.objects.filter(active_q(), group=consultation.group).select_related(
            "person"
        )
    ]


def _url(consultation: Consultation) -> str:
    return reverse("cases:consultation_detail", args=[consultation.pk])


@transaction.atomic
def consultation_open(
    *, actor, case: Case, step: str, deadline: datetime.date, question: str = ""
) -> Consultation:
    """Send the case on consultation to the group the step names, with a deadline."""
    _require_coordinator(actor)
    case = lock(case)
    require_not_final(case)
    row = get_step(case, step)
    if not row.consultation_group:
        raise ValidationFailed(
            _("Steget ”%(step)s” är ingen remiss.") % {"step": row.name},
            code="not_a_consultation_step",
        )
    if row.is_done:
        raise Conflict(
            _("Steget ”%(step)s” är redan utfört.") % {"step": row.name}, code="step_already_done"
        )
    if row.when_needed and row.needed is False:
        raise Conflict(
            _("Steget ”%(step)s” är bedömt som inte nödvändigt.") % {"step": row.name},
            code="step_not_needed",
        )
    if Consultation.objects.filter(step=row, closed_at__isnull=True).exists():
        raise Conflict(_("Ärendet är redan ute på remiss."), code="consultation_open", rule="G14")
    if deadline < timezone.localdate():
        raise ValidationFailed(
            _("Sista svarsdag kan inte ligga i det förflutna."), field="deadline", code="invalid"
        )
    group = GovernanceGroup.objects.get(code=row.consultation_group)
    if row.when_needed and row.needed is None:
        row.needed = True
        row.needed_by = actor
        row.save(update_fields=["needed", "needed_by"])
    consultation = Consultation.objects.create(
        case=case,
        step=row,
        group=group,
        deadline=deadline,
        question=question,
        opened_by=actor,
    )
    audit_record(
        actor=actor,
        action="case.consultation_open",
        obj=case,
        after={"group": group.code, "deadline": deadline, "question": question},
        rule="G14",
    )
    refresh_status(case)
    notify(
        recipients=consultation_members(consultation),
        text=_("Remiss %(nr)s %(title)s: svara senast %(date)s.")
        % {"nr": case.registration_number, "title": case.title, "date": deadline.isoformat()},
        url=_url(consultation),
        case=case,
        exclude=actor,
        asks_action=True,
    )
    return consultation


@transaction.atomic
def consultation_respond(
    *, actor, consultation: Consultation, position: str, text: str = ""
) -> ConsultationResponse:
    """A member of the group answers. Answering again replaces the earlier answer; an answer
    after the deadline is kept and flagged late."""
    require_governance_actor(actor, rule="G14")
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_open:
        raise Conflict(_("Remissen är avslutad."), code="consultation_closed", rule="G14")
    if not Membership.objects.filter(active_q(), group=consultation.group, person=actor).exists():
        raise NotAllowed(
            _("Bara ledamöter i %(group)s svarar på remissen (G14).")
            % {"group": consultation.group.name},
            code="not_a_member",
            rule="G14",
        )
    if position not in ConsultationResponse.Position.values:
        raise ValidationFailed(_("Välj ett ställningstagande."), field="position")
    existing = ConsultationResponse.objects.filter(consultation=consultation, member=actor).first()
    before = {"position": existing.position, "text": existing.text} if existing else None
    try:
        with transaction.atomic():
            response, _created = ConsultationResponse.objects.update_or_create(
                consultation=consultation,
                member=actor,
                defaults={"position": position, "text": text, "answered_at": timezone.now()},
            )
    except IntegrityError as exc:  # pragma: no cover - a double click racing itself
        raise Conflict(_("Svaret är redan registrerat."), code="already_answered") from exc
    audit_record(
        actor=actor,
        action="case.consultation_respond",
        obj=consultation.case,
        before=before,
        after={"position": position, "text": text, "late": response.late},
        rule="G14",
    )
    return response


def _min_answers(consultation: Consultation) -> int:
    """The policy's minimum number of answers for the consultation's step (0: none)."""
    policy = get_policy()
    if not policy.has_case_type(consultation.case.case_type):
        return 0
    steps = {s.code: s for s in policy.steps(consultation.case.case_type)}
    step = steps.get(consultation.step.code)
    return step.min_answers if step else 0


def closing_state(consultation: Consultation, responses=None, members=None) -> dict:
    """What closing ``consultation`` now means (G14, G21): whether it is early (before the
    end of its deadline day) with members still to answer — then a reason is needed — and
    whether the answers reach the policy's minimum for anchoring (``min_answers`` of the
    step)."""
    responses = list(consultation.responses.all()) if responses is None else responses
    members = consultation_members(consultation) if members is None else members
    answered = {r.member_id for r in responses}
    # the one who sent it (the convener, G14) does not answer their own consultation
    missing = [m for m in members if m.pk not in answered and m.pk != consultation.opened_by_id]
    minimum = _min_answers(consultation)
    return {
        "missing": missing,
        "early": timezone.localdate() <= consultation.deadline and bool(missing),
        "min_answers": minimum,
        "answers": len(responses),
        "anchors": len(responses) >= minimum,
    }


@transaction.atomic
def consultation_close(
    *, actor, consultation: Consultation, summary: str = "", early_close_reason: str = ""
) -> Consultation:
    """The IT strategist closes the consultation: the anchoring step is then done (G14, G21).

    A consultation closes at its deadline or when every member has answered; closing it
    earlier with answers missing needs a reason, recorded on the consultation and in the
    history. The anchoring step is done only if the answers reach the policy's minimum
    (``min_answers``); otherwise the consultation is closed without anchoring the case and a
    new one may be sent."""
    _require_coordinator(actor)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_open:
        raise Conflict(_("Remissen är redan avslutad."), code="consultation_closed", rule="G14")
    case = lock(consultation.case)
    require_not_final(case)
    responses = list(consultation.responses.all())
    state = closing_state(consultation, responses)
    reason = (early_close_reason or "").strip()
    if state["early"] and not reason:
        raise ValidationFailed(
            _(
                "Sista svarsdag (%(date)s) har inte passerat och %(n)s ledamöter har inte "
                "svarat: ange skälet att avsluta remissen i förtid (G14)."
            )
            % {"date": consultation.deadline.isoformat(), "n": len(state["missing"])},
            code="early_close_reason_required",
            field="early_close_reason",
            rule="G14",
        )
    consultation.closed_at = timezone.now()
    consultation.closed_by = actor
    consultation.summary = summary
    consultation.early_close_reason = reason if state["early"] else ""
    consultation.save(update_fields=["closed_at", "closed_by", "summary", "early_close_reason"])
    _closed(actor=actor, consultation=consultation, case=case, responses=responses, state=state)
    # the step as _closed left it (done when the answers anchor the case), not the copy read
    # before: callers say from it whether the case is anchored (issue 21)
    consultation.step.refresh_from_db()
    return consultation


def _closed(*, actor, consultation: Consultation, case: Case, responses, state, how: str = ""):
    """What follows a closed consultation (inside the caller's transaction): the history, and
    the anchoring step done if the answers reach the policy's minimum (G14, G21)."""
    summary = consultation.summary
    counts = {
        p: sum(1 for r in responses if r.position == p) for p in ConsultationResponse.Position
    }
    comment = _("Remiss avslutad: %(s)s tillstyrker, %(o)s avstyrker, %(n)s utan åsikt.") % {
        "s": counts[ConsultationResponse.Position.SUPPORTS],
        "o": counts[ConsultationResponse.Position.OBJECTS],
        "n": counts[ConsultationResponse.Position.NO_OPINION],
    }
    if consultation.early_close_reason:
        comment = _("%(c)s Avslutad före sista svarsdag: %(r)s") % {
            "c": comment,
            "r": consultation.early_close_reason,
        }
    if summary:
        comment = f"{comment} {summary}"
    audit_record(
        actor=actor,
        action="case.consultation_close",
        obj=case,
        after={
            "group": consultation.group.code,
            "responses": len(responses),
            "summary": summary,
            "early_close_reason": consultation.early_close_reason,
            "missing": [m.pk for m in state["missing"]],
            "anchored": state["anchors"],
        }
        | ({"closed": how} if how else {}),
        rule="G14",
    )
    if case.is_final:  # decided or closed meanwhile (the system closing a stale consultation)
        return
    if not state["anchors"]:  # too few answers: the case is not anchored (G21)
        refresh_status(case)
        return
    step = get_step(case, consultation.step.code)
    complete(actor=actor, case=case, step=step, comment=comment)
    refresh_status(case)
    notify_next(case=case, actor=actor, steps=[])


AUTO_CLOSED_DEADLINE = "deadline"
AUTO_CLOSED_ANSWERED = "all_answered"


def _close_by_system(consultations, how: str) -> list[int]:
    """Close ``consultations`` (locked, open) as the system: one UPDATE for the set, then each
    one's history and anchoring step (G14, G21). Safe to run again: a closed consultation is
    not selected, and the UPDATE only touches rows still open."""
    consultations = [c for c in consultations if c.closed_at is None]
    if not consultations:
        return []
    now = timezone.now()
    ids = [c.pk for c in consultations]
    Consultation.objects.filter(pk__in=ids, closed_at__isnull=True).update(
        closed_at=now, closed_by=None
    )
    responses: dict[int, list] = {}
    for r in ConsultationResponse.objects.filter(consultation_id__in=ids):
        responses.setdefault(r.consultation_id, []).append(r)
    for consultation in consultations:
        consultation.closed_at = now
        consultation.closed_by = None
        case = lock(consultation.case)
        answers = responses.get(consultation.pk, [])
        state = closing_state(consultation, answers)
        _closed(
            actor=None,
            consultation=consultation,
            case=case,
            responses=answers,
            state=state,
            how=how,
        )
    return ids


@transaction.atomic
def consultations_close_due(today: datetime.date | None = None) -> dict[str, list[int]]:
    """Close, as the system, every open consultation whose deadline has passed (the end of
    its deadline day) or whose group's members have all answered (G14, G21): the periodic task
    ``cases.close_due_consultations``. Each set is one query (locked) and one UPDATE; a
    consultation with too few answers for the policy's minimum closes without anchoring the
    case, exactly as when the IT strategist closes it. Returns the ids closed per reason."""
    today = today or timezone.localdate()
    open_ = Consultation.objects.select_for_update(of=("self",)).filter(closed_at__isnull=True)
    wanted = ("case", "step", "group")
    past = list(open_.filter(deadline__lt=today).select_related(*wanted).order_by("pk"))
    closed = {AUTO_CLOSED_DEADLINE: _close_by_system(past, AUTO_CLOSED_DEADLINE)}
    answered = ConsultationResponse.objects.filter(consultation=OuterRef(OuterRef("pk")))
    missing = (
        Membership.objects.filter(active_q(today), group=OuterRef("group"))
        .exclude(person=OuterRef("opened_by"))
        .exclude(person__in=answered.values("member"))
    )
    complete_ = list(
        open_.exclude(pk__in=closed[AUTO_CLOSED_DEADLINE])
        .filter(Exists(ConsultationResponse.objects.filter(consultation=OuterRef("pk"))))
        .filter(~Exists(missing))
        .select_related(*wanted)
        .order_by("pk")
    )
    closed[AUTO_CLOSED_ANSWERED] = _close_by_system(complete_, AUTO_CLOSED_ANSWERED)
    return closed
