"""Writes of meetings: plan, change, mark held, cancel, attendance (G13–G16).

Each service is one transaction with its audit record (convention 1)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.cases.models import Decision
from styrsam.core.audit import audit_record, audited_create, audited_update
from styrsam.core.errors import Conflict, ValidationFailed
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import GovernanceGroup, Membership
from styrsam.organisation.roles import active_q, has_role
from styrsam.organisation.selectors import role_holders

from ..hooks import meeting_moved
from ..models import Attendance, Meeting
from .agenda import add_standing_items
from .common import group_rule, require_convener, require_runs

MAX_CANCEL_REASON = 500

UPDATABLE = frozenset(
    {"date", "start_time", "end_time", "place", "online_link", "secretary", "chair"}
)


def _convener_for(actor, group: GovernanceGroup):
    role = get_policy().group(group.code).convener_role
    if actor is not None and has_role(actor, role):
        return actor
    holder = role_holders(role).order_by("id").first()
    return holder.person if holder else actor


def _chair_for(group: GovernanceGroup):
    membership = (
        Membership.objects.filter(
            active_q(),
            group=group,
            function__in=[Membership.Function.CHAIR, Membership.Function.CHAIR_CONVENER],
        )
        .select_related("person")
        .order_by("id")
        .first()
    )
    return membership.person if membership else None


def _check_times(start_time: datetime.time, end_time: datetime.time | None) -> None:
    if end_time is not None and end_time <= start_time:
        raise ValidationFailed(
            _("Mötet måste sluta efter att det börjat."), code="end_before_start", field="end_time"
        )


@transaction.atomic
def meeting_plan(
    *,
    actor,
    group: GovernanceGroup,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time | None = None,
    place: str = "",
    online_link: str = "",
    secretary=None,
    chair=None,
) -> Meeting:
    """Plan a meeting of ``group``. The convener is the holder of the policy's convener role,
    the chair the group's chair; the agenda starts with the policy's standing items."""
    policy = get_policy()
    if group.code not in policy.groups:
        raise ValidationFailed(_("Gruppen finns inte i den gällande policyn."), code="no_policy")
    require_convener(actor, group)
    _check_times(start_time, end_time)
    if not place and not online_link:
        raise ValidationFailed(
            _("Ange plats eller länk till digitalt möte."), code="place_required", field="place"
        )
    meeting = Meeting.objects.create(
        group=group,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place,
        online_link=online_link,
        convener=_convener_for(actor, group),
        chair=chair or _chair_for(group),
        secretary=secretary,
    )
    audited_create(
        actor=actor, action="meeting.plan", obj=meeting, rule=policy.group(group.code).rule
    )
    add_standing_items(actor=actor, meeting=meeting)
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, **fields) -> Meeting:
    """Move or change a planned meeting (date, time, place, link, secretary, chair)."""
    require_convener(actor, meeting.group)
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise ValidationFailed(_("Kan inte ändra: %(f)s") % {"f": ", ".join(sorted(unknown))})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise Conflict(_("Bara planerade möten kan ändras."), code="not_planned")
    if "date" in fields and fields["date"] != meeting.date and _has_decisions(meeting):
        raise Conflict(
            _(
                "Mötet har beslut i protokollet, daterade med mötets dag: datumet kan inte "
                "ändras (%(rule)s)."
            )
            % {"rule": group_rule(meeting.group)},
            code="meeting_has_decisions",
            rule=group_rule(meeting.group),
        )
    _check_times(
        fields.get("start_time", meeting.start_time), fields.get("end_time", meeting.end_time)
    )
    old_date = meeting.date
    audited_update(actor=actor, obj=meeting, action="meeting.update", changes=fields)
    if meeting.date != old_date:
        meeting_moved.send(meeting=meeting, old_date=old_date)
    return meeting


def _set_status(*, actor, meeting: Meeting, status: str, action: str) -> Meeting:
    audited_update(
        actor=actor,
        obj=meeting,
        action=action,
        changes={"status": status},
        fields=["status"],
        rule=group_rule(meeting.group),
    )
    return meeting


@transaction.atomic
def meeting_mark_held(*, actor, meeting: Meeting, today: datetime.date | None = None) -> Meeting:
    """A meeting counts as held only on or after its date."""
    require_runs(actor, meeting)
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    today = today or timezone.localdate()
    if meeting.status != Meeting.Status.PLANNED:
        raise Conflict(
            _("Mötet är %(s)s och kan inte markeras som genomfört.")
            % {"s": meeting.get_status_display().lower()},
            code="not_planned",
        )
    if meeting.date > today:
        raise Conflict(
            _("Mötet den %(d)s ligger i framtiden och kan inte markeras som genomfört.")
            % {"d": meeting.date.isoformat()},
            code="meeting_in_future",
            rule=group_rule(meeting.group),
        )
    return _set_status(
        actor=actor, meeting=meeting, status=Meeting.Status.HELD, action="meeting.held"
    )


def _has_decisions(meeting: Meeting) -> bool:
    """Whether a § of the meeting's minutes records a case decision (G13)."""
    return Decision.objects.filter(minute_item__meeting=meeting).exists()


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str = "") -> Meeting:
    """Cancel a planned meeting, with the reason (if given) in its history. A meeting whose
    minutes record decisions has taken place: cancelling it would leave decisions without a
    meeting (G13)."""
    require_convener(actor, meeting.group)
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise Conflict(_("Bara planerade möten kan ställas in."), code="not_planned")
    if _has_decisions(meeting):
        raise Conflict(
            _(
                "Mötet har beslut i protokollet och kan inte ställas in; markera det som "
                "genomfört (%(rule)s)."
            )
            % {"rule": group_rule(meeting.group)},
            code="meeting_has_decisions",
            rule=group_rule(meeting.group),
        )
    reason = (reason or "").strip()
    if len(reason) > MAX_CANCEL_REASON:
        raise ValidationFailed(
            _("Skälet får vara högst %(n)s tecken.") % {"n": MAX_CANCEL_REASON},
            code="too_long",
            field="reason",
        )
    before = meeting.status
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="meeting.cancel",
        obj=meeting,
        before={"status": before},
        after={"status": meeting.status, **({"reason": reason} if reason else {})},
        rule=group_rule(meeting.group),
    )
    return meeting


@transaction.atomic
def attendance_record(*, actor, meeting: Meeting, present: list) -> list[Attendance]:
    """Record who of the group's members (and named guests) attended. ``present`` is a list of
    users; every active member not in it is recorded as absent."""
    require_runs(actor, meeting)
    if meeting.minutes_locked:
        raise Conflict(
            _("Protokollet är justerat: närvaron kan inte ändras."), code="minutes_locked"
        )
    if meeting.status == Meeting.Status.CANCELLED:
        raise Conflict(_("Mötet är inställt."), code="cancelled")
    members = {
        m.person_id: m.person
        for m in Membership.objects.filter(active_q(), group=meeting.group).select_related("person")
    }
    present_ids = {p.pk for p in present}
    people = {**members, **{p.pk: p for p in present}}
    before = sorted(
        Attendance.objects.filter(meeting=meeting, present=True).values_list("person_id", flat=True)
    )
    Attendance.objects.filter(meeting=meeting).delete()
    rows = Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, person_id=pk, present=pk in present_ids) for pk in people]
    )
    audit_record(
        actor=actor,
        action="meeting.attendance",
        obj=meeting,
        before={"present": before},
        after={"present": sorted(present_ids)},
    )
    return rows
