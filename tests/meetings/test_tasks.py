"""Reminder tasks (Celery, eager in tests) and the beat schedule."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail

from styrsam.guideline.policy import get_policy
from styrsam.meetings import tasks
from styrsam.meetings.models import CompanyMeeting, Meeting
from tests.factories import OrgUnitFactory
from tests.vocab import c

from .conftest import group_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    from django.utils import timezone

    def set_today(day):
        monkeypatch.setattr(timezone, "localdate", lambda *a: day)

    return set_today


@pytest.mark.rule("G13")
def test_g13_convener_reminded_when_plan_cannot_reach_min(steering, it_strategist, today):
    today(datetime.date(2026, 11, 26))
    frequency = get_policy().group(steering.code)
    held = frequency.meetings_min - 4  # one month left: four short of the minimum
    Meeting.objects.bulk_create(
        Meeting(
            group=steering,
            date=datetime.date(2026, 1 + i, 5),
            start_time=datetime.time(9),
            status="held",
        )
        for i in range(held)
    )
    result = tasks.remind_conveners.delay().get()
    assert c("steering") in result
    message = next(m for m in mail.outbox if group_name("steering") in m.subject)
    assert message.to == [it_strategist.email]
    assert (
        f"{held} möten hittills, 0 planerade, krav {frequency.meetings_min}–{frequency.meetings_max}"
        in message.body
    )


@pytest.mark.rule("G04")
def test_g04_company_reminder_from_remind_from(it_strategist, today):
    hamn = OrgUnitFactory(kind="company", code="hamn", name="Exempel Hamn AB")
    energi = OrgUnitFactory(kind="company", code="energi", name="Exempel Energi AB")
    CompanyMeeting.objects.create(
        company=energi, date=datetime.date(2026, 2, 2), held_by=it_strategist
    )
    today(datetime.date(2026, 9, 30))
    assert tasks.remind_company_meetings.delay().get() == []
    today(datetime.date(2026, 10, 1))
    assert tasks.remind_company_meetings.delay().get() == [hamn.code]
    assert "Exempel Hamn AB" in mail.outbox[-1].body


def test_beat_schedule_names_registered_tasks():
    from styrsam.celery import app

    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"meetings.remind_conveners", "meetings.remind_company_meetings"} <= names
    assert names <= set(app.tasks)
