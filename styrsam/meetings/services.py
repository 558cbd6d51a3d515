"""Writes of meetings: plan, mark held, cancel, attendance, company meetings (G04, G13–G16).

Each service is one transaction with its audit record (convention 1). Agendas and status
reports are in ``services_agenda``, minutes in ``services_minutes``.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record, changed, snapshot
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import GovernanceGroup, Membership, OrgUnit
from styrsam.organisation.roles import active_q, has_role
from styrsam.organisation.selectors import role_holders

from .access import is_convener_of
from .models import Attendance, CalendarToken, CompanyMeeting, Meeting

MEETING_FIELDS = (
    "group",
    "date",
    "start_time",
    "end_time",
    "place",
    "online_link",
    "status",
    "convener",
    "chair",
    "secretary",
)
COMPANY_MEETING_FIELDS = ("company", "date", "held_by", "coordination", "needs", "projects")


def _group_rule(group: GovernanceGroup) -> str:
    policy = get_policy()
    return policy.group(group.code).rule if group.code in policy.groups else ""


def require_convener(actor, group: GovernanceGroup) -> None:
    """Only the holder of the policy's convener role (or a superuser) plans and runs (G13–G16)."""
    if actor is None:
        return  # the system itself (demo data, imports)
    if not is_convener_of(actor, group):
        policy = get_policy()
        role = policy.group(group.code).convener_role if group.code in policy.groups else ""
        raise NotAllowed(
            _("Bara sammankallande (%(role)s) planerar möten för %(group)s.")
            % {"role": policy.role_name(role), "group": group.name},
            code="not_convener",
            rule=_group_rule(group),
        )


def require_runs(actor, meeting: Meeting) -> None:
    """The convener or the meeting's secretary."""
    if actor is None or (meeting.secretary_id and actor.pk == meeting.secretary_id):
        return
    require_convener(actor, meeting.group)


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
    if end_time is not None and end_time <= start_time:
        raise ValidationFailed(
            _("Mötet måste sluta efter att det börjat."), code="end_before_start", field="end_time"
        )
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
    audit_record(
        actor=actor,
        action="meeting.plan",
        obj=meeting,
        after=snapshot(meeting, MEETING_FIELDS),
        rule=policy.group(group.code).rule,
    )
    from .services_agenda import add_standing_items

    add_standing_items(actor=actor, meeting=meeting)
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, **fields) -> Meeting:
    """Move or change a planned meeting (date, time, place, link, secretary, chair)."""
    require_convener(actor, meeting.group)
    allowed = {"date", "start_time", "end_time", "place", "online_link", "secretary", "chair"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(_("Kan inte ändra: %(f)s") % {"f": ", ".join(sorted(unknown))})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise Conflict(_("Bara planerade möten kan ändras."), code="not_planned")
    before = snapshot(meeting, MEETING_FIELDS)
    for name, value in fields.items():
        setattr(meeting, name, value)
    if meeting.end_time is not None and meeting.end_time <= meeting.start_time:
        raise ValidationFailed(_("Mötet måste sluta efter att det börjat."), field="end_time")
    meeting.save()
    b, a = changed(before, snapshot(meeting, MEETING_FIELDS))
    audit_record(actor=actor, action="meeting.update", obj=meeting, before=b, after=a)
    return meeting


def _set_status(*, actor, meeting: Meeting, status: str, action: str) -> Meeting:
    before = snapshot(meeting, ["status"])
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=action,
        obj=meeting,
        before=before,
        after=snapshot(meeting, ["status"]),
        rule=_group_rule(meeting.group),
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
            rule=_group_rule(meeting.group),
        )
    return _set_status(
        actor=actor, meeting=meeting, status=Meeting.Status.HELD, action="meeting.held"
    )


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting) -> Meeting:
    require_convener(actor, meeting.group)
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise Conflict(_("Bara planerade möten kan ställas in."), code="not_planned")
    return _set_status(
        actor=actor, meeting=meeting, status=Meeting.Status.CANCELLED, action="meeting.cancel"
    )


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


@transaction.atomic
def company_meeting_record(
    *,
    actor,
    company: OrgUnit,
    date: datetime.date,
    coordination: str = "",
    needs: str = "",
    projects: str = "",
    held_by=None,
    today: datetime.date | None = None,
) -> CompanyMeeting:
    """Record the IT strategist's meeting with a wholly-owned company (G04)."""
    policy = get_policy()
    obligation = policy.obligation("company_meetings") or {}
    role = obligation.get("responsible_role", "it_strategist")
    rule = obligation.get("rule", "G04")
    if actor is not None and not (actor.is_superuser or has_role(actor, role)):
        raise NotAllowed(
            _("Bara %(role)s registrerar möten med bolagen.") % {"role": policy.role_name(role)},
            code="not_responsible",
            rule=rule,
        )
    kind = obligation.get("per_unit_kind", OrgUnit.Kind.COMPANY)
    if company.kind != kind:
        raise ValidationFailed(
            _("%(unit)s är inte ett helägt kommunalt bolag.") % {"unit": company.name},
            code="not_a_company",
            field="company",
            rule=rule,
        )
    if date > (today or timezone.localdate()):
        raise ValidationFailed(
            _("Registrera mötet när det har hållits."), code="meeting_in_future", field="date"
        )
    held_by = held_by or actor
    if held_by is None:
        holder = role_holders(role).first()
        held_by = holder.person if holder else None
    if held_by is None:
        raise ValidationFailed(_("Ange vem som höll mötet."), field="held_by")
    meeting = CompanyMeeting.objects.create(
        company=company,
        date=date,
        held_by=held_by,
        coordination=coordination,
        needs=needs,
        projects=projects,
    )
    audit_record(
        actor=actor,
        action="company_meeting.record",
        obj=meeting,
        after=snapshot(meeting, COMPANY_MEETING_FIELDS),
        rule=rule,
    )
    return meeting


@transaction.atomic
def calendar_token_for(*, actor) -> CalendarToken:
    """The actor's calendar token, created on first use."""
    token, created = CalendarToken.objects.get_or_create(user=actor)
    if created:
        audit_record(actor=actor, action="calendar_token.create", obj=token)
    return token


@transaction.atomic
def calendar_token_renew(*, actor) -> CalendarToken:
    """A new secret; the old feed URLs stop working."""
    from .models import new_calendar_token

    token, _created = CalendarToken.objects.get_or_create(user=actor)
    token.token = new_calendar_token()
    token.save(update_fields=["token", "updated_at"])
    audit_record(actor=actor, action="calendar_token.renew", obj=token)
    return token
