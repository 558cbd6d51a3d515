"""Frequency compliance from the policy (G13–G16) and the company meetings (G04)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from styrsam.core.errors import NotAllowed, ValidationFailed
from styrsam.guideline.policy import default_policy_path, get_policy
from styrsam.guideline.services import policy_load
from styrsam.meetings import services
from styrsam.meetings.compliance import (
    AT_RISK,
    BREACHED,
    ON_TRACK,
    OVER,
    companies_without_meeting,
    frequency_status,
    group_compliance,
)
from styrsam.meetings.models import Meeting
from styrsam.meetings.todos import todos
from styrsam.organisation.models import GovernanceGroup
from tests.factories import OrgUnitFactory
from tests.vocab import c

from .conftest import TODAY

pytestmark = pytest.mark.django_db

# The point of these tests is the default policy's numbers; Andrakommun's groups meet 6-8 times.
DEFAULT_FREQUENCIES = pytest.mark.default_policy(
    "the default policy's meeting frequencies (the steering group 10-12, the financing group 4-5)"
)


def _meetings(group, held: int, planned: int, year: int = 2026):
    rows = [
        Meeting(
            group=group,
            date=datetime.date(year, 1 + i % 11, 1 + i),
            start_time=datetime.time(9),
            status="held",
        )
        for i in range(held)
    ] + [
        Meeting(group=group, date=datetime.date(year, 12, 1 + i), start_time=datetime.time(9))
        for i in range(planned)
    ]
    Meeting.objects.bulk_create(rows)


def _line(code, year=2026, today=TODAY):
    return next(
        x for x in group_compliance(policy=get_policy(), year=year, today=today) if x.code == code
    )


def test_frequency_status_definition():
    assert frequency_status(held=6, planned=3, low=10, high=12, year_over=False) == AT_RISK
    assert frequency_status(held=6, planned=4, low=10, high=12, year_over=False) == ON_TRACK
    assert frequency_status(held=10, planned=3, low=10, high=12, year_over=False) == OVER
    assert frequency_status(held=9, planned=2, low=10, high=12, year_over=True) == BREACHED
    assert frequency_status(held=10, planned=2, low=10, high=12, year_over=True) == ON_TRACK
    assert frequency_status(held=13, planned=0, low=10, high=12, year_over=True) == OVER


@pytest.mark.rule("G13")
@DEFAULT_FREQUENCIES
def test_g13_steering_six_held_three_planned_is_at_risk(steering):
    _meetings(steering, held=6, planned=3)
    Meeting.objects.create(
        group=steering,
        date=datetime.date(2026, 5, 5),
        start_time=datetime.time(9),
        status="cancelled",
    )
    line = _line(c("steering"))
    assert (line.held, line.planned, line.min, line.max) == (6, 3, 10, 12)
    assert line.status == AT_RISK
    assert line.missing == 1


@pytest.mark.rule("G13")
@DEFAULT_FREQUENCIES
def test_g13_last_year_too_few_held_is_breached(steering):
    _meetings(steering, held=9, planned=2, year=2025)
    assert _line(c("steering"), year=2025).status == BREACHED


@pytest.mark.rule("G15")
def test_g15_system_owners_four_meetings_on_track_five_over(policy):
    owners = GovernanceGroup.objects.get(code=c("system_owners"))
    _meetings(owners, held=3, planned=1)
    assert _line(c("system_owners")).status == ON_TRACK
    _meetings(owners, held=0, planned=1)
    assert _line(c("system_owners")).status == OVER


@pytest.mark.rule("G16")
@DEFAULT_FREQUENCIES
def test_g16_financing_four_to_five(policy):
    financing = GovernanceGroup.objects.get(code=c("financing"))
    _meetings(financing, held=3, planned=0)
    assert _line(c("financing")).status == AT_RISK
    _meetings(financing, held=1, planned=1)
    assert _line(c("financing")).status == ON_TRACK


@pytest.mark.rule("G13")
@DEFAULT_FREQUENCIES
def test_g13_changing_the_policy_min_changes_the_status(steering):
    _meetings(steering, held=6, planned=3)
    assert _line(c("steering")).status == AT_RISK
    text = default_policy_path().read_text(encoding="utf-8")
    old = "    meetings_per_year: {min: 10, max: 12}"
    assert text.count(old) == 2
    policy_load(
        actor=None,
        text=text.replace(old, "    meetings_per_year: {min: 8, max: 12}", 1),
        source="test",
    )
    line = _line(c("steering"))
    assert line.min == 8
    assert line.status == ON_TRACK


@pytest.mark.rule("G13")
@DEFAULT_FREQUENCIES
def test_g13_start_page_todo_for_it_strategist(steering, it_strategist, client):
    _meetings(steering, held=6, planned=3)
    items = todos(it_strategist, get_policy())
    assert any(t.text == "IT-styrgruppen: 6 möten hittills, 3 planerade, krav 10–12" for t in items)
    client.force_login(it_strategist)
    assert (
        "IT-styrgruppen: 6 möten hittills, 3 planerade, krav 10–12"
        in client.get("/").content.decode()
    )


@pytest.fixture
def companies(db):
    return [
        OrgUnitFactory(kind="company", code=code, name=name)
        for code, name in [("energi", "Exempel Energi AB"), ("hamn", "Exempel Hamn AB")]
    ]


@pytest.mark.rule("G04")
def test_g04_company_without_meeting_this_year_listed(companies, it_strategist):
    energi, hamn = companies
    services.company_meeting_record(
        actor=it_strategist,
        company=energi,
        date=datetime.date(2026, 3, 4),
        needs="Fiber",
        today=TODAY,
    )
    services.company_meeting_record(
        actor=it_strategist, company=hamn, date=datetime.date(2025, 3, 4), today=TODAY
    )
    assert companies_without_meeting(policy=get_policy(), year=2026) == [hamn]
    assert companies_without_meeting(policy=get_policy(), year=2025) == [energi]


@pytest.mark.rule("G04")
def test_g04_only_it_strategist_records_and_only_companies(
    companies, plain_user, it_strategist, department
):
    with pytest.raises(NotAllowed) as exc:
        services.company_meeting_record(actor=plain_user, company=companies[0], date=TODAY)
    assert exc.value.rule == "G04"
    with pytest.raises(ValidationFailed):
        services.company_meeting_record(actor=it_strategist, company=department, date=TODAY)


@pytest.mark.rule("G04")
def test_g04_company_meeting_planned_ahead_counts_once_held(
    client, companies, it_strategist, monkeypatch
):
    """Issue 17: a company meeting can be planned ahead; it counts for G04 from its day."""
    from django.utils import timezone

    energi, _hamn = companies
    ahead = TODAY + datetime.timedelta(days=20)
    planned = services.company_meeting_record(
        actor=it_strategist, company=energi, date=ahead, needs="Dagordning: fiber", today=TODAY
    )
    assert planned.date == ahead
    assert planned.is_planned_on(TODAY)
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    assert energi in companies_without_meeting(policy=get_policy(), year=ahead.year)
    client.force_login(it_strategist)
    page = client.get(reverse("meetings:company_meetings"), {"year": ahead.year})
    assert page.status_code == 200
    assert "Planerat" in page.content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *a: ahead)
    assert energi not in companies_without_meeting(policy=get_policy(), year=ahead.year)


@pytest.mark.rule("G04")
def test_g04_reminder_todo_only_from_remind_from(companies, it_strategist, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 9, 30))
    assert not [t for t in todos(it_strategist, get_policy()) if t.rule == "G04"]
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 10, 1))
    [item] = [t for t in todos(it_strategist, get_policy()) if t.rule == "G04"]
    assert "Exempel Hamn AB" in item.text and item.url == reverse("meetings:company_meetings")


@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2026, 1, 1),
        datetime.date(2026, 6, 15),
        datetime.date(2026, 12, 31),
        datetime.date(2027, 3, 1),
    ],
)
def test_the_start_pages_compiled_counts_are_the_years_meetings(
    steering, preparatory, it_strategist, monkeypatch, today
):
    """The held and planned meetings of each group in the year, counted with their SQL
    compiled once (core.todo.Shape, issue 18): as the ORM counts ``date__year``, the first and
    last day of the year and the years around it included, whatever the day."""
    from django.utils import timezone

    from styrsam.core.todo import Later, read_values
    from styrsam.meetings.compliance import YEAR_MEETINGS

    for group in (steering, preparatory):
        for day in (
            datetime.date(2025, 12, 31),
            datetime.date(2026, 1, 1),
            datetime.date(2026, 5, 5),
            datetime.date(2026, 12, 31),
            datetime.date(2027, 1, 1),
        ):
            for status in ("held", "planned", "held") if group == steering else ("planned",):
                Meeting.objects.create(
                    group=group, date=day, start_time=datetime.time(9), status=status
                )
    monkeypatch.setattr(timezone, "localdate", lambda *a: today)
    reads = [item for item in todos.items(it_strategist, get_policy()) if isinstance(item, Later)]
    assert reads and all(read.shape is YEAR_MEETINGS for read in reads)
    values = read_values(reads)
    assert values == read_values(reads, compiled=False)
    expected = [
        Meeting.objects.filter(
            date__year=today.year, group_id=read.values["group_id"], status=read.values["status"]
        ).count()
        for read in reads
    ]
    assert values == expected and any(expected)
    # once more for another year: the same SQL, other values
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2025, 2, 2))
    reads = [item for item in todos.items(it_strategist, get_policy()) if isinstance(item, Later)]
    assert read_values(reads) == [
        Meeting.objects.filter(
            date__year=2025, group_id=read.values["group_id"], status=read.values["status"]
        ).count()
        for read in reads
    ]
