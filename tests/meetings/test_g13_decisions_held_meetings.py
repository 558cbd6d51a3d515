"""Decisions belong to held meetings (issue 11 item 5, G13, G29): a decision in the minutes
takes the meeting's date and can only be recorded once the meeting has taken place; a meeting
whose minutes record decisions is neither cancelled nor moved; a decision outside meetings
(delegated, the municipal director's) carries its own date, never ahead."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from styrsam.cases import services as case_services
from styrsam.cases.models import Case, Decision
from styrsam.core.bounds import check_instance
from styrsam.core.errors import Conflict, ValidationFailed
from styrsam.core.models import Sequence
from styrsam.meetings import services
from styrsam.meetings.models import Meeting, MinuteItem

pytestmark = pytest.mark.django_db


def _with_case(plan, convener, case, date):
    meeting = plan(date=date)
    services.agenda_item_add(actor=convener, meeting=meeting, title="", case=case)
    return meeting


def _decide(convener, meeting, case):
    return services.minute_item_add(
        actor=convener,
        meeting=meeting,
        title="",
        case=case,
        decision_outcome="approved",
        decision="IT-styrgruppen godkänner upphandlingen.",
    )


def _nothing_decided(meeting, case):
    assert not MinuteItem.objects.filter(meeting=meeting).exists()
    assert not Decision.objects.filter(case=case).exists()
    counter = Sequence.objects.filter(
        key=MinuteItem.number_key(meeting.group.code), year=meeting.date.year
    ).first()
    assert counter is None or counter.last_number == 0
    case.refresh_from_db()
    assert case.status == Case.Status.READY


@pytest.mark.rule("G13")
def test_g13_no_decision_in_the_minutes_of_a_meeting_not_yet_held(
    client, api_client, plan, report_case, convener
):
    case = report_case(ready=True)
    future = timezone.localdate() + datetime.timedelta(days=7)
    meeting = _with_case(plan, convener, case, future)

    with pytest.raises(Conflict) as exc:  # the service
        _decide(convener, meeting, case)
    assert (exc.value.code, exc.value.rule) == ("meeting_in_future", "G13")
    _nothing_decided(meeting, case)

    client.force_login(convener)  # the minute form
    response = client.post(
        reverse("meetings:minute_add", args=[meeting.pk]),
        {"case": case.pk, "decision_outcome": "approved", "decision": "Bifall."},
    )
    assert response.status_code == 409
    assert "har inte hållits" in response.content.decode()
    _nothing_decided(meeting, case)

    api_client.force_authenticate(convener)  # the API
    response = api_client.post(
        "/api/v1/minute-items/",
        {
            "meeting": meeting.pk,
            "case": case.pk,
            "decision_outcome": "approved",
            "decision": "Bifall.",
        },
        format="json",
    )
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["rule"]) == ("meeting_in_future", "G13")
    _nothing_decided(meeting, case)


@pytest.mark.rule("G13")
def test_g13_decision_in_minutes_takes_the_meeting_date(plan, report_case, convener):
    case = report_case(ready=True)
    day = timezone.localdate() - datetime.timedelta(days=3)
    meeting = _with_case(plan, convener, case, day)
    decision = _decide(convener, meeting, case).case_decision
    assert timezone.localdate(decision.decided_at) == day


@pytest.mark.rule("G13")
def test_g13_meeting_with_decisions_cannot_be_cancelled_or_moved(
    client, api_client, plan, report_case, convener
):
    case = report_case(ready=True)
    meeting = _with_case(plan, convener, case, timezone.localdate())  # today, still planned
    _decide(convener, meeting, case)

    with pytest.raises(Conflict) as exc:
        services.meeting_cancel(actor=convener, meeting=meeting)
    assert (exc.value.code, exc.value.rule) == ("meeting_has_decisions", "G13")

    client.force_login(convener)
    response = client.post(reverse("meetings:meeting_cancel", args=[meeting.pk]), {"reason": "x"})
    assert response.status_code == 409  # the confirmation page again, with the refusal on it
    assert "kan inte ställas in" in response.content.decode()

    api_client.force_authenticate(convener)
    response = api_client.post(f"/api/v1/meetings/{meeting.pk}/cancel/")
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["rule"]) == ("meeting_has_decisions", "G13")

    with pytest.raises(Conflict) as exc:  # moving it would re-date its decisions
        services.meeting_update(
            actor=convener,
            meeting=meeting,
            date=timezone.localdate() + datetime.timedelta(days=7),
        )
    assert exc.value.code == "meeting_has_decisions"
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and meeting.date == timezone.localdate()
    assert Decision.objects.filter(case=case).count() == 1


@pytest.mark.rule("G13")
def test_g13_meeting_without_decisions_is_still_cancelled(plan, convener):
    meeting = plan(date=timezone.localdate() + datetime.timedelta(days=7))
    services.meeting_cancel(actor=convener, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED


@pytest.mark.rule("G29")
def test_g29_decision_outside_meetings_carries_its_own_date_not_ahead(
    client, api_client, report_case, it_strategist
):
    case = report_case(ready=True)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationFailed) as exc:  # the service
        case_services.case_decide(
            actor=it_strategist, case=case, outcome="approved", text="Bifall.", decided_on=tomorrow
        )
    assert (exc.value.code, exc.value.field) == ("decided_in_future", "decided_on")

    api_client.force_authenticate(it_strategist)  # the API: 400 on the field
    response = api_client.post(
        f"/api/v1/cases/{case.pk}/decide/",
        {"outcome": "approved", "text": "Bifall.", "decided_on": tomorrow.isoformat()},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "decided_in_future"
    assert "decided_on" in body.get("errors", {}) or body.get("field") == "decided_on"

    client.force_login(it_strategist)  # the page
    response = client.post(
        reverse("cases:case_decide", args=[case.pk]),
        {
            "outcome": "approved",
            "text": "Bifall.",
            "body": "steering_group",
            "decided_on": tomorrow.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "får inte ligga i framtiden" in response.content.decode()
    assert not Decision.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.status == Case.Status.READY

    earlier = timezone.localdate() - datetime.timedelta(days=5)
    response = api_client.post(
        f"/api/v1/cases/{case.pk}/decide/",
        {"outcome": "approved", "text": "Bifall.", "decided_on": earlier.isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.content
    decision = Decision.objects.get(case=case)
    assert timezone.localdate(decision.decided_at) == earlier


@pytest.mark.rule("G13")
def test_g13_a_decision_is_never_stored_with_a_date_ahead(report_case, it_strategist):
    case = report_case(ready=True)
    decision = case_services.case_decide(
        actor=it_strategist, case=case, outcome="approved", text="Bifall."
    )
    decision.decided_at = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(ValidationFailed) as exc:  # core.bounds: bounds_past_only
        check_instance(decision)
    assert exc.value.field == "decided_at"
