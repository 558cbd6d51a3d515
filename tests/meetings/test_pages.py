"""The meeting pages run their writes through the kit (``form_action``/``button_action``): a
refusal is shown once — on its field, or at the top with its rule — the page answers with the
refusal's status, what the user typed is kept, and nothing is written."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from styrsam.meetings import services
from styrsam.meetings.models import AgendaItem, Meeting
from tests.vocab import c

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G13")
def test_g13_plan_refused_by_the_service_keeps_the_form(client, convener, chair, steering):
    client.force_login(convener)
    url = reverse("meetings:meeting_plan", args=[c("steering")])
    response = client.post(url, {"date": "2026-12-10", "start_time": "09:00", "end_time": "08:00"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_end_time_error"' in html and "Mötet måste sluta efter" in html
    assert 'value="2026-12-10"' in html
    assert not Meeting.objects.exists()


def test_agenda_item_refused_with_409_keeps_the_input(client, plan, report_case, convener):
    meeting = plan()
    case = report_case()
    services.agenda_item_add(actor=convener, meeting=meeting, title="", case=case)
    client.force_login(convener)
    response = client.post(
        reverse("meetings:agenda_add", args=[meeting.pk]),
        {"kind": "case", "case": case.pk, "title": "Samma ärende igen"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert html.count("finns redan på föredragningslistan") == 1
    assert 'id="agenda_case_error"' in html and 'value="Samma ärende igen"' in html
    assert AgendaItem.objects.filter(meeting=meeting, case=case).count() == 1


@pytest.mark.rule("G13")
def test_g13_button_refusal_is_a_message_with_the_rule_once(client, plan):
    meeting = plan(date=datetime.date(2099, 1, 15))
    client.force_login(meeting.convener)
    response = client.post(reverse("meetings:meeting_held", args=[meeting.pk]), follow=True)
    assert response.redirect_chain == [(reverse("meetings:meeting_detail", args=[meeting.pk]), 302)]
    html = response.content.decode()
    assert "ligger i framtiden" in html
    assert html.count("(regel G13)") == 1 and "(G13) (regel G13)" not in html
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_adjuster_outside_the_members_is_a_field_error(client, plan, member, chair):
    meeting = plan(date=datetime.date(2026, 11, 19))
    services.meeting_mark_held(
        actor=meeting.convener, meeting=meeting, today=datetime.date(2026, 11, 26)
    )
    client.force_login(meeting.convener)
    response = client.post(reverse("meetings:adjuster", args=[meeting.pk]), {"adjuster": chair.pk})
    assert response.status_code == 400  # the chair is not among the choices
    assert 'id="id_adjuster_error"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.adjuster_id is None
    response = client.post(reverse("meetings:adjuster", args=[meeting.pk]), {"adjuster": member.pk})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.adjuster == member


@pytest.mark.rule("G14")
def test_g14_status_report_refused_for_a_held_meeting(client, reporter, it_strategist, preparatory):
    meeting = services.meeting_plan(
        actor=it_strategist,
        group=preparatory,
        date=datetime.date(2026, 11, 19),
        start_time=datetime.time(9),
        place="Sal",
    )
    client.force_login(reporter)
    services.meeting_mark_held(
        actor=it_strategist, meeting=meeting, today=datetime.date(2026, 11, 26)
    )
    response = client.post(
        reverse("meetings:status_report", args=[meeting.pk]), {"text": "Allt går enligt plan."}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Mötet är inte längre planerat. (regel G14)" in html
    assert not meeting.status_reports.exists()


def test_minute_edit_refused_keeps_the_text(client, held_meeting, it_strategist):
    item = services.minute_item_add(actor=it_strategist, meeting=held_meeting, title="Budget")
    client.force_login(it_strategist)
    url = reverse("meetings:minute_edit", args=[held_meeting.pk, item.pk])
    response = client.post(url, {"title": "   ", "text": "Föredrogs av Anna."})
    assert response.status_code == 400
    assert "Föredrogs av Anna." in response.content.decode()
    item.refresh_from_db()
    assert (item.title, item.text) == ("Budget", "")


def test_minute_refused_on_locked_minutes_still_shows_why(
    client, held_meeting, it_strategist, chair, adjuster
):
    services.minute_item_add(actor=it_strategist, meeting=held_meeting, title="Budget")
    services.minutes_approve(actor=chair, meeting=held_meeting)
    services.minutes_approve(actor=adjuster, meeting=held_meeting)
    client.force_login(it_strategist)
    detail = reverse("meetings:meeting_detail", args=[held_meeting.pk])
    assert 'action="' + reverse("meetings:minute_add", args=[held_meeting.pk]) not in (
        client.get(detail).content.decode()
    )
    response = client.post(
        reverse("meetings:minute_add", args=[held_meeting.pk]), {"title": "Sent tillägg"}
    )
    assert response.status_code == 409  # a second tab posted after the approval
    html = response.content.decode()
    assert html.count("Protokollet är justerat och låst.") == 1
    assert 'value="Sent tillägg"' in html
    assert held_meeting.minute_items.count() == 1
