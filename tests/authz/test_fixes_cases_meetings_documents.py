"""What the authorization table's rows for cases, minutes and documents revealed, fixed in the
rules and services (issue 11 item 10, tests/authz/rows_cases_meetings_documents.py):

- the superuser reported cases (the page's permission used the reading predicate, the service
  let a superuser through): reporting a need is a governance act of the roles the policy names
  (G03, G21), and the superuser is no governance actor;
- completing a step answered an outsider with the step's state (409 "already done") before
  asking whether she performs it (G21: role before state);
- approving minutes answered a member who does not approve with the meeting's state (409 "not
  held") in the API, where the page said 403 (G13, G14: role before state)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from styrsam.cases import services as cases
from styrsam.cases.models import Case
from styrsam.core.actions import REFUSAL_HEADER
from styrsam.core.models import AuditEntry
from styrsam.meetings.models import Meeting
from tests.cases.conftest import groups, owner, strategist, vof  # noqa: F401
from tests.meetings.conftest import chair, convener, member, plan, steering  # noqa: F401
from tests.vocab import c

pytestmark = pytest.mark.django_db

NOTIFICATION = {"title": "Digital signering", "description": "Ett projekt."}


@pytest.mark.rule("G03")
def test_g03_superuser_reports_no_case_through_the_api(superuser, api_client, vof):
    before = AuditEntry.objects.count()
    api_client.force_authenticate(superuser)
    response = api_client.post(
        "/api/v1/cases/", {"type": c("project_notification"), **NOTIFICATION}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "not_a_reporter"
    assert not Case.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G03")
def test_g03_superuser_reports_no_case_on_the_page(superuser, vof):
    client = Client()
    client.force_login(superuser)
    before = AuditEntry.objects.count()
    assert client.get("/arenden/anmal/").status_code == 403
    response = client.post(
        "/arenden/anmal/", {"case_type": c("project_notification"), **NOTIFICATION}
    )
    assert response.status_code == 403
    assert not Case.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G03")
def test_g03_the_reporting_roles_still_report(owner, api_client):
    api_client.force_authenticate(owner)
    response = api_client.post(
        "/api/v1/cases/", {"type": c("project_notification"), **NOTIFICATION}, format="json"
    )
    assert response.status_code == 201
    assert Case.objects.get().reporter == owner


@pytest.mark.rule("G21")
def test_g21_a_done_step_is_refused_to_an_outsider_before_its_state(strategist, owner, api_client):
    case = cases.case_report(
        actor=owner, case_type=c("business_system_change"), title="Nytt journalsystem"
    )
    cases.case_complete_step(actor=strategist, case=case, step=c("need_reported"))
    before = AuditEntry.objects.count()
    url = f"/api/v1/cases/{case.pk}/steps/{c('need_reported')}/complete/"

    api_client.force_authenticate(owner)
    response = api_client.post(url, {"comment": "Igen."}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "not_step_performer"

    api_client.force_authenticate(strategist)
    response = api_client.post(url, {"comment": "Igen."}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "step_already_done"
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G21")
def test_g21_the_page_refuses_the_outsider_as_the_api_does(strategist, owner):
    case = cases.case_report(
        actor=owner, case_type=c("business_system_change"), title="Nytt journalsystem"
    )
    cases.case_complete_step(actor=strategist, case=case, step=c("need_reported"))
    client = Client()
    client.force_login(owner)
    response = client.post(
        f"/arenden/{case.pk}/steg/{c('need_reported')}/utfort/", {"comment": "x"}
    )
    assert response.status_code == 403
    assert case.steps.get(code=c("need_reported")).completed_by == strategist


@pytest.mark.rule("G13")
@pytest.mark.rule("G14")
def test_g13_minutes_approval_asks_who_approves_before_the_meetings_state(
    plan, chair, member, api_client
):
    meeting = plan(date=datetime.date(2026, 12, 10))
    assert meeting.status == Meeting.Status.PLANNED
    before = AuditEntry.objects.count()
    url = f"/api/v1/meetings/{meeting.pk}/approve/"

    api_client.force_authenticate(member)
    response = api_client.post(url, {}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "not_adjuster"

    api_client.force_authenticate(chair)
    response = api_client.post(url, {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "not_held"

    client = Client()
    client.force_login(member)
    response = client.post(f"/moten/{meeting.pk}/justera/")
    assert response.status_code == 403
    assert REFUSAL_HEADER not in response
    meeting.refresh_from_db()
    assert meeting.chair_approved_at is None
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G13")
def test_g13_the_page_refuses_an_edit_of_a_locked_minute_as_the_api_does(
    plan, convener, chair, member
):
    """The page answered the convener's edit of a § of approved minutes with a redirect (a
    success to a client) where the API says 409 ``minutes_locked``."""
    from styrsam.meetings import services as meetings
    from tests.meetings.conftest import TODAY

    meeting = plan(date=datetime.date(2026, 11, 19))
    meetings.meeting_mark_held(actor=convener, meeting=meeting, today=TODAY)
    meetings.minutes_set_adjuster(actor=convener, meeting=meeting, adjuster=member)
    item = meetings.minute_item_add(actor=convener, meeting=meeting, title="Budget")
    meetings.minutes_approve(actor=chair, meeting=meeting)
    meetings.minutes_approve(actor=member, meeting=meeting)
    before = AuditEntry.objects.count()
    client = Client()
    client.force_login(convener)
    url = f"/moten/{meeting.pk}/paragrafer/{item.pk}/"
    response = client.post(url, {"title": "Ändrad", "text": "", "decision": ""})
    assert response.status_code == 409
    assert "Protokollet är justerat och låst." in response.content.decode()
    assert client.get(url).status_code == 302  # reading a locked § leads back to the meeting
    item.refresh_from_db()
    assert item.title == "Budget"
    assert AuditEntry.objects.count() == before
