"""Minutes (protokoll): § numbered per group and calendar year, approval (justering) by the
chair and one adjuster, after which the minutes are locked for ever (convention 5).

§ numbers come from the kit's gap-free ``core.Sequence`` (key ``minutes:<group code>``, one
series per year) taken with SELECT … FOR UPDATE inside the writing transaction: sequential,
never reused, safe when two secretaries write at once, and a refused § gives its number back.

Decisions: a § with a ``case`` and a ``decision_outcome`` is the decision of that case in the
group that the policy makes its deciding body (G13). ``route_decision_to_case`` is the single
place that calls the cases service (``case_decide``, or ``decision_correct`` for a § that
corrects an earlier decision's §), so a decision in the minutes passes the same rules and guards
(G21, G23, G27, G29) as any other decision. See ``minute_item_add`` for *when*.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.cases.models import Decision
from styrsam.cases.services import case_decide, decision_correct
from styrsam.core.audit import audit_record, audited_create, audited_update, snapshot
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.core.models import next_number
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import active_q

from ..models import AgendaItem, Meeting, MinuteItem
from .common import group_rule, require_runs

User = get_user_model()
APPROVAL_FIELDS = ("chair_approved_at", "adjuster_approved_at", "minutes_locked_at")


def _locked_conflict() -> Conflict:
    return Conflict(
        _(
            "Protokollet är justerat och låst. En rättelse görs som en ny paragraf i ett senare möte."
        ),
        code="minutes_locked",
    )


def next_minute_number(*, group, year: int) -> int:
    """Take the next § number of ``group`` in ``year``. Call inside the writing transaction."""
    return next_number(MinuteItem.number_key(group.code), year)


def route_decision_to_case(*, actor, item: MinuteItem, amount_granted=None, conditions=""):
    """Record the §'s decision as the case's decision through the cases service, linked to
    this § (and so to the meeting). Called inside the transaction that writes the §: a refused
    decision (e.g. ``steps_missing``, G21) refuses the § too. Returns the decision, or None for
    a § that decides no case."""
    if item.case_id is None or not item.decision_outcome:
        return None
    earlier = None
    if item.corrects_id is not None:
        earlier = Decision.objects.filter(minute_item=item.corrects, case=item.case).first()
    if earlier is not None:
        latest = earlier
        while (newer := Decision.objects.filter(corrects=latest).first()) is not None:
            latest = newer
        return decision_correct(
            actor=actor,
            decision=latest,
            outcome=item.decision_outcome,
            text=item.decision,
            conditions=conditions,
            amount_granted=amount_granted,
            minute_item=item,
        )
    return case_decide(
        actor=actor,
        case=item.case,
        outcome=item.decision_outcome,
        text=item.decision,
        conditions=conditions,
        body=Decision.Body.STEERING_GROUP,
        amount_granted=amount_granted,
        minute_item=item,
    )


@transaction.atomic
def minute_item_add(
    *,
    actor,
    meeting: Meeting,
    title: str,
    text: str = "",
    decision: str = "",
    agenda_item: AgendaItem | None = None,
    case=None,
    decision_outcome: str = "",
    amount_granted=None,
    conditions: str = "",
    corrects: MinuteItem | None = None,
) -> MinuteItem:
    """Add a § to the minutes.

    A § with a ``case`` (one on this meeting's agenda) and a ``decision_outcome`` (approved,
    rejected, returned) decides the case: the decision is recorded through the cases service
    *now*, when the § is added, not later when the minutes are approved (justerade). Why:
    the guards answer at once — a case that is not anchored (``steps_missing``, G21), an
    amount missing (G27), a group that does not decide this case type — while the secretary
    still has the meeting in front of them; the refusal rolls back the § too (one
    transaction), so minutes and cases never disagree. The case decision is therefore fixed
    before justering; the § can no longer change its decision text, and a correction is a
    later decision (``decision_correct``) through a new § in a later meeting that
    ``corrects`` this one. ``amount_granted`` and ``conditions`` go to the decision only (G27).
    Escalated decisions by the municipal director (G29) are not in minutes."""
    require_runs(actor, meeting)
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if meeting.minutes_locked:
        raise _locked_conflict()
    if meeting.status == Meeting.Status.CANCELLED:
        raise Conflict(_("Mötet är inställt."), code="cancelled")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationFailed(_("Punkten hör till ett annat möte."), field="agenda_item")
    if agenda_item is not None:
        title = title or agenda_item.title
        case = case or agenda_item.case
        if agenda_item.case_id and case.pk != agenda_item.case_id:
            raise ValidationFailed(
                _("Punkten gäller ett annat ärende."), code="case_mismatch", field="case"
            )
    if case is not None and not title.strip():
        title = case.title[:300]
    if not title.strip():
        raise ValidationFailed(_("Ange en rubrik."), field="title")
    _check_case_decision(meeting, case, decision_outcome, decision)
    if corrects is not None:
        if not corrects.locked:
            raise Conflict(
                _("§ %(n)s är inte justerad: ändra den i stället för att rätta den.")
                % {"n": corrects.number},
                code="correct_unlocked",
            )
        if corrects.meeting.date >= meeting.date:
            raise Conflict(
                _("En rättelse görs i ett senare möte än det rättade."), code="correction_not_later"
            )
    item = MinuteItem.objects.create(
        meeting=meeting,
        group=meeting.group,
        year=meeting.date.year,
        number=next_minute_number(group=meeting.group, year=meeting.date.year),
        agenda_item=agenda_item,
        title=title.strip(),
        text=text,
        decision=decision,
        case=case,
        decision_outcome=decision_outcome or "",
        corrects=corrects,
    )
    audited_create(actor=actor, action="minutes.add", obj=item, rule=group_rule(meeting.group))
    route_decision_to_case(
        actor=actor, item=item, amount_granted=amount_granted, conditions=conditions
    )
    return item


def _check_case_decision(meeting: Meeting, case, outcome: str, decision: str) -> None:
    """A case named in the minutes is on the agenda; an outcome needs the case and the text."""
    if case is not None and not meeting.agenda_items.filter(case=case).exists():
        raise ValidationFailed(
            _("Ärendet %(nr)s finns inte på mötets föredragningslista.")
            % {"nr": case.registration_number},
            code="case_not_on_agenda",
            field="case",
        )
    if not outcome:
        return
    if outcome not in Decision.Outcome.values:
        raise ValidationFailed(_("Välj bifall, avslag eller återremiss."), field="decision_outcome")
    if case is None:
        raise ValidationFailed(
            _("Ett beslut i ett ärende behöver ärendet."), code="case_required", field="case"
        )
    if not (decision or "").strip():
        raise ValidationFailed(_("Skriv beslutet."), code="required", field="decision")


@transaction.atomic
def minute_item_update(
    *, actor, item: MinuteItem, title: str | None = None, text=None, decision=None
) -> MinuteItem:
    require_runs(actor, item.meeting)
    item = MinuteItem.objects.select_for_update().get(pk=item.pk)
    if item.locked:
        raise _locked_conflict()
    changes = {}
    if title is not None:
        if not title.strip():
            raise ValidationFailed(_("Ange en rubrik."), field="title")
        changes["title"] = title.strip()
    if text is not None:
        changes["text"] = text
    if decision is not None and decision != item.decision:
        if item.decision_outcome and item.case_id:
            raise Conflict(
                _(
                    "Beslutet är registrerat i ärendet och kan inte ändras. En rättelse är ett "
                    "nytt beslut i en ny paragraf i ett senare möte."
                ),
                code="decision_recorded",
            )
        changes["decision"] = decision
    audited_update(actor=actor, obj=item, action="minutes.update", changes=changes)
    return item


@transaction.atomic
def minutes_set_adjuster(*, actor, meeting: Meeting, adjuster) -> Meeting:
    """Name the member who approves (justerar) the minutes with the chair."""
    require_runs(actor, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_locked or meeting.chair_approved_at or meeting.adjuster_approved_at:
        raise _locked_conflict()
    if adjuster.pk == meeting.chair_id:
        raise ValidationFailed(
            _("Justeraren ska vara en annan än ordföranden."), code="adjuster_is_chair"
        )
    if not Membership.objects.filter(active_q(), group=meeting.group_id, person=adjuster).exists():
        raise ValidationFailed(
            _("Justeraren ska vara ledamot i gruppen."), code="adjuster_not_member"
        )
    audited_update(
        actor=actor,
        obj=meeting,
        action="minutes.adjuster",
        changes={"adjuster": adjuster},
        fields=["adjuster"],
    )
    return meeting


@transaction.atomic
def minutes_approve(*, actor, meeting: Meeting) -> Meeting:
    """The chair and the adjuster each approve; when both have, every § is locked and the
    decisions are routed to their cases."""
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    actor_id = getattr(actor, "pk", None)
    # who approves is asked before the meeting's state (role before state)
    if actor is not None and actor_id not in {meeting.chair_id, meeting.adjuster_id}:
        raise NotAllowed(
            _("Protokollet justeras av ordföranden och justeraren."),
            code="not_adjuster",
            rule=group_rule(meeting.group),
        )
    if meeting.minutes_locked:
        raise _locked_conflict()
    if meeting.status != Meeting.Status.HELD:
        raise Conflict(_("Protokollet justeras först när mötet är genomfört."), code="not_held")
    if meeting.adjuster_id is None:
        raise Conflict(_("Ange justerare innan protokollet justeras."), code="no_adjuster")
    if not meeting.minute_items.exists():
        raise Conflict(_("Protokollet har inga paragrafer."), code="minutes_empty")
    now = timezone.now()
    if actor is None:
        meeting.chair_approved_at = meeting.chair_approved_at or now
        meeting.adjuster_approved_at = meeting.adjuster_approved_at or now
    elif actor_id == meeting.chair_id and meeting.chair_approved_at is None:
        meeting.chair_approved_at = now
    elif actor_id == meeting.adjuster_id and meeting.adjuster_approved_at is None:
        meeting.adjuster_approved_at = now
    else:
        raise Conflict(_("Du har redan justerat protokollet."), code="already_approved")
    fields = ["chair_approved_at", "adjuster_approved_at", "updated_at"]
    locking = bool(meeting.chair_approved_at and meeting.adjuster_approved_at)
    if locking:
        meeting.minutes_locked_at = now
        fields.append("minutes_locked_at")
    meeting.save(update_fields=fields)
    if locking:  # the case decisions were recorded when their § was added
        MinuteItem.objects.filter(meeting=meeting, locked=False).update(locked=True)
    audit_record(
        actor=actor,
        action="minutes.lock" if locking else "minutes.approve",
        obj=meeting,
        after=snapshot(meeting, APPROVAL_FIELDS),
        rule=group_rule(meeting.group),
    )
    return meeting
