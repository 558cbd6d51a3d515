"""Planning and holding meetings (G13–G16): convener and chair per policy, audit, refusals."""

from __future__ import annotations

import datetime

import pytest

from styrsam.core.audit import history_for
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.meetings import services
from styrsam.meetings.models import AgendaItem, Meeting
from tests.vocab import c

from .conftest import TODAY, role_name

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G13")
def test_g13_it_strategist_plans_and_is_convener_chair_from_group(plan, convener, chair):
    meeting = plan()
    assert meeting.convener == convener
    assert meeting.chair == chair
    assert meeting.status == Meeting.Status.PLANNED
    entry = history_for(meeting).get(action="meeting.plan")
    assert entry.actor == convener and entry.rule == "G13"


@pytest.mark.rule("G13")
def test_g13_only_convener_role_plans(steering, plain_user, member):
    for user in (plain_user, member):
        with pytest.raises(NotAllowed) as exc:
            services.meeting_plan(
                actor=user,
                group=steering,
                date=datetime.date(2026, 12, 1),
                start_time=datetime.time(9),
                place="KS-salen",
            )
        assert exc.value.rule == "G13"
        assert role_name("it_strategist") in exc.value.detail
    assert not Meeting.objects.exists()


@pytest.mark.rule("G13")
def test_g13_superuser_plans_no_meeting(steering, superuser):
    """Issue 11: the superuser administers the system and is no governance actor; the
    convener the policy names plans the group's meetings (tests/authz/table.py)."""
    with pytest.raises(NotAllowed) as exc:
        services.meeting_plan(
            actor=superuser,
            group=steering,
            date=datetime.date(2026, 12, 1),
            start_time=datetime.time(9),
            online_link="https://meet.example.se/x",
        )
    assert exc.value.status == 403
    assert not Meeting.objects.exists()


def test_place_or_link_required_and_end_after_start(plan):
    with pytest.raises(ValidationFailed):
        plan(place="")
    with pytest.raises(ValidationFailed):
        plan(end_time=datetime.time(8, 0))


@pytest.mark.rule("G13")
def test_g13_marking_held_requires_date_not_in_future(plan):
    meeting = plan(date=datetime.date(2026, 12, 10))
    with pytest.raises(Conflict) as exc:
        services.meeting_mark_held(actor=meeting.convener, meeting=meeting, today=TODAY)
    assert exc.value.code == "meeting_in_future"
    today_meeting = plan(date=TODAY)
    services.meeting_mark_held(actor=meeting.convener, meeting=today_meeting, today=TODAY)
    today_meeting.refresh_from_db()
    assert today_meeting.status == Meeting.Status.HELD
    with pytest.raises(Conflict):
        services.meeting_mark_held(actor=meeting.convener, meeting=today_meeting, today=TODAY)


def test_cancel_only_planned(plan, member):
    meeting = plan()
    with pytest.raises(NotAllowed):
        services.meeting_cancel(actor=member, meeting=meeting)
    services.meeting_cancel(actor=meeting.convener, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    with pytest.raises(Conflict):
        services.meeting_cancel(actor=meeting.convener, meeting=meeting)


def test_attendance_records_members_present_and_absent(held_meeting, member, adjuster, chair):
    rows = {a.person_id: a.present for a in held_meeting.attendances.all()}
    assert rows[member.pk] and rows[adjuster.pk]
    assert rows[chair.pk] is False


@pytest.mark.rule("G16")
def test_g16_financing_meeting_gets_rent_and_budget_standing_items(policy, it_strategist):
    from styrsam.organisation.models import GovernanceGroup

    meeting = services.meeting_plan(
        actor=it_strategist,
        group=GovernanceGroup.objects.get(code=c("financing")),
        date=datetime.date(2026, 12, 3),
        start_time=datetime.time(13),
        place="Ekonomi",
    )
    titles = list(meeting.agenda_items.values_list("title", flat=True))
    assert titles == policy.group(c("financing")).standing_items
    assert any("hyra" in t for t in titles)
    assert any("3–4" in t for t in titles)


@pytest.mark.rule("G14")
def test_g14_preparatory_meeting_gets_status_report_item(preparatory, it_strategist, reporter):
    meeting = services.meeting_plan(
        actor=it_strategist,
        group=preparatory,
        date=datetime.date(2026, 12, 3),
        start_time=datetime.time(13),
        place="Sal 2",
    )
    kinds = list(meeting.agenda_items.values_list("kind", flat=True))
    assert kinds == [AgendaItem.Kind.STATUS_REPORTS]
