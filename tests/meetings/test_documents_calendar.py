"""PDF agenda and minutes (typst) read back with pypdf; iCalendar parsed back with icalendar."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from styrsam.meetings import services
from styrsam.meetings.documents import agenda_pdf, minutes_pdf
from tests.vocab import c

from .conftest import group_name
from .pdftext import pdf_text

pytestmark = pytest.mark.django_db


def test_agenda_pdf_lists_items_in_order(plan, report_case):
    meeting = plan()
    case = report_case()
    services.agenda_item_add(
        actor=meeting.convener, meeting=meeting, title="Budget för IT-plattformen"
    )
    services.agenda_item_add(
        actor=meeting.convener,
        meeting=meeting,
        title="Nytt e-arkiv",
        kind="case",
        case=case,
    )
    text = pdf_text(agenda_pdf(meeting))
    assert "Föredragningslista" in text and group_name("steering") in text
    assert text.index("Budget för IT-plattformen") < text.index("Nytt e-arkiv")
    assert case.registration_number in text


def test_minutes_pdf_has_paragraph_numbers_titles_and_approval(
    held_meeting, it_strategist, chair, adjuster
):
    services.minute_item_add(actor=it_strategist, meeting=held_meeting, title="Mötets öppnande")
    services.minute_item_add(
        actor=it_strategist,
        meeting=held_meeting,
        title="Upphandling av e-arkiv",
        decision="Bifalls enligt förslaget",
    )
    text = pdf_text(minutes_pdf(held_meeting))
    assert "§ 1 Mötets öppnande" in text
    assert "§ 2 Upphandling av e-arkiv" in text
    assert "Bifalls enligt förslaget" in text
    assert "Utkast: protokollet är inte justerat" in text
    services.minutes_approve(actor=chair, meeting=held_meeting)
    services.minutes_approve(actor=adjuster, meeting=held_meeting)
    held_meeting.refresh_from_db()
    assert "Justerat" in pdf_text(minutes_pdf(held_meeting))


def test_pdf_views(client, held_meeting, member):
    client.force_login(member)
    response = client.get(reverse("meetings:minutes_pdf", args=[held_meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        client.get(reverse("meetings:agenda_pdf", args=[held_meeting.pk])).content[:5] == b"%PDF-"
    )


def test_meeting_ics_download_parses(client, plan, member):
    meeting = plan(online_link="https://meet.example.se/styr")
    client.force_login(member)
    response = client.get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == group_name("steering")
    assert event.decoded("DTSTART").date() == meeting.date
    assert event.decoded("DTSTART").hour == 9
    assert str(event["LOCATION"]) == "KS-salen"


def test_person_and_group_feeds_by_token(
    client, plan, member, plain_user, preparatory, it_strategist
):
    a = plan()
    b = plan(date=datetime.date(2026, 12, 17))
    services.meeting_cancel(actor=a.convener, meeting=b)
    services.meeting_plan(
        actor=it_strategist,
        group=preparatory,
        date=datetime.date(2026, 12, 3),
        start_time=datetime.time(9),
        place="Sal",
    )
    token = services.calendar_token_for(actor=member).token
    client.logout()  # calendar clients do not log in
    feed = Calendar.from_ical(client.get(reverse("meetings:feed_person", args=[token])).content)
    events = {str(e["UID"]): str(e["STATUS"]) for e in feed.walk("VEVENT")}
    assert len(events) == 2  # the steering meetings only, the cancelled one marked so
    assert sorted(events.values()) == ["CANCELLED", "CONFIRMED"]
    group_feed = client.get(reverse("meetings:feed_group", args=[token, c("steering")]))
    assert len(Calendar.from_ical(group_feed.content).walk("VEVENT")) == 2
    assert (
        client.get(reverse("meetings:feed_group", args=[token, c("preparatory")])).status_code
        == 404
    )
    assert client.get(reverse("meetings:feed_person", args=["fel-nyckel"])).status_code == 404
    outsider = services.calendar_token_for(actor=plain_user).token
    feed = Calendar.from_ical(client.get(reverse("meetings:feed_person", args=[outsider])).content)
    assert feed.walk("VEVENT") == []
    assert a.pk
