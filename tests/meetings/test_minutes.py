"""Minutes: § numbered per group and year, approval by chair and adjuster locks them for ever
(ORM, service, and a PostgreSQL trigger), corrections in a later meeting."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction

from styrsam.core.errors import Conflict, NotAllowed
from styrsam.core.models import AppendOnlyError
from styrsam.meetings import services
from styrsam.meetings.models import MinuteItem

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _lock(meeting, chair, adjuster):
    services.minutes_approve(actor=chair, meeting=meeting)
    services.minutes_approve(actor=adjuster, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


@pytest.mark.rule("G13")
def test_g13_minute_numbers_run_per_group_and_year(held_meeting, plan, preparatory, it_strategist):
    add = services.minute_item_add
    a = add(actor=it_strategist, meeting=held_meeting, title="Mötets öppnande")
    b = add(actor=it_strategist, meeting=held_meeting, title="Budget", decision="Godkänd")
    later = plan(date=datetime.date(2026, 12, 10))
    c = add(actor=it_strategist, meeting=later, title="Nästa")
    next_year = plan(date=datetime.date(2027, 1, 14))
    d = add(actor=it_strategist, meeting=next_year, title="Första 2027")
    prep = services.meeting_plan(
        actor=it_strategist,
        group=preparatory,
        date=datetime.date(2026, 12, 3),
        start_time=datetime.time(9),
        place="Sal",
    )
    e = add(actor=it_strategist, meeting=prep, title="Beredningens första")
    assert [a.number, b.number, c.number] == [1, 2, 3]
    assert (d.year, d.number) == (2027, 1)
    assert e.number == 1


def test_numbers_never_reused(held_meeting, it_strategist):
    item = services.minute_item_add(actor=it_strategist, meeting=held_meeting, title="A")
    item.delete()  # an unlocked draft may disappear through the ORM, its number does not return
    again = services.minute_item_add(actor=it_strategist, meeting=held_meeting, title="B")
    assert again.number == 2


def test_approval_by_chair_and_adjuster_locks(held_meeting, it_strategist, chair, adjuster, member):
    item = services.minute_item_add(
        actor=it_strategist,
        meeting=held_meeting,
        title="Beslut om e-arkiv",
        decision="Bifalls",
    )
    with pytest.raises(NotAllowed):
        services.minutes_approve(actor=member, meeting=held_meeting)
    services.minutes_approve(actor=chair, meeting=held_meeting)
    with pytest.raises(Conflict):
        services.minutes_approve(actor=chair, meeting=held_meeting)
    item.refresh_from_db()
    assert not item.locked
    services.minutes_approve(actor=adjuster, meeting=held_meeting)
    held_meeting.refresh_from_db()
    item.refresh_from_db()
    assert held_meeting.minutes_locked and item.locked


def test_approval_needs_held_meeting_and_adjuster(plan, it_strategist, chair):
    meeting = plan()
    services.minute_item_add(actor=it_strategist, meeting=meeting, title="A")
    with pytest.raises(Conflict) as exc:
        services.minutes_approve(actor=chair, meeting=meeting)
    assert exc.value.code == "not_held"


def test_locked_minutes_cannot_change_through_services_or_orm(
    held_meeting, it_strategist, chair, adjuster
):
    item = services.minute_item_add(
        actor=it_strategist, meeting=held_meeting, title="A", decision="Bifall"
    )
    _lock(held_meeting, chair, adjuster)
    item = MinuteItem.objects.get(pk=item.pk)
    with pytest.raises(Conflict) as exc:
        services.minute_item_update(actor=it_strategist, item=item, decision="Avslag")
    assert exc.value.code == "minutes_locked"
    with pytest.raises(Conflict):
        services.minute_item_add(actor=it_strategist, meeting=held_meeting, title="Sent tillägg")
    with pytest.raises(Conflict):
        services.attendance_record(actor=it_strategist, meeting=held_meeting, present=[])
    item.decision = "Avslag"
    with pytest.raises(AppendOnlyError):
        item.save()
    with pytest.raises(AppendOnlyError):
        item.delete()
    with pytest.raises(AppendOnlyError):
        MinuteItem.objects.filter(pk=item.pk).update(decision="Avslag")
    with pytest.raises(AppendOnlyError):
        MinuteItem.objects.filter(pk=item.pk).delete()
    assert MinuteItem.objects.get(pk=item.pk).decision == "Bifall"


def test_correction_is_a_new_item_in_a_later_meeting(
    held_meeting, plan, it_strategist, chair, adjuster
):
    old = services.minute_item_add(
        actor=it_strategist, meeting=held_meeting, title="Hyra 2027", decision="500 kr"
    )
    with pytest.raises(Conflict):  # not locked yet: edit it instead
        services.minute_item_add(
            actor=it_strategist, meeting=plan(), title="Rättelse", corrects=old
        )
    _lock(held_meeting, chair, adjuster)
    old.refresh_from_db()
    with pytest.raises(Conflict):  # same meeting date is not later
        services.minute_item_add(
            actor=it_strategist,
            meeting=plan(date=held_meeting.date),
            title="Rättelse",
            corrects=old,
        )
    later = plan(date=datetime.date(2026, 12, 10))
    fix = services.minute_item_add(
        actor=it_strategist, meeting=later, title="Rättelse av § 1", decision="550 kr", corrects=old
    )
    assert fix.corrects == old and fix.number > old.number
    assert list(old.corrections.all()) == [fix]


@pytest.mark.postgres
def test_locked_minutes_refused_by_postgresql_trigger(held_meeting, it_strategist, chair, adjuster):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-trigger")
    item = services.minute_item_add(
        actor=it_strategist, meeting=held_meeting, title="A", decision="Bifall"
    )
    draft_id = item.pk
    with connection.cursor() as cur:  # an unlocked row may still be written
        cur.execute("UPDATE meetings_minuteitem SET text = 'utkast' WHERE id = %s", [draft_id])
    _lock(held_meeting, chair, adjuster)
    for sql in (
        "UPDATE meetings_minuteitem SET decision = 'Avslag' WHERE id = %s",
        "DELETE FROM meetings_minuteitem WHERE id = %s",
        "UPDATE meetings_minuteitem SET locked = false WHERE id = %s",
    ):
        with (
            pytest.raises(Exception, match="låst"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql, [item.pk])
    assert MinuteItem.objects.get(pk=item.pk).decision == "Bifall"


def test_held_meeting_fixture_is_in_the_past(held_meeting):
    assert held_meeting.date < TODAY
