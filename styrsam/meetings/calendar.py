"""iCalendar output (RFC 5545): one meeting, a group's feed and a person's feed."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting

STATUS = {
    Meeting.Status.PLANNED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def _uid(meeting: Meeting) -> str:
    host = (settings.ALLOWED_HOSTS or ["styrsam"])[0].lstrip(".") or "styrsam"
    return f"meeting-{meeting.pk}@{host}"


def _event(meeting: Meeting) -> Event:
    tz = ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)
    end_time = (
        meeting.end_time
        or (
            datetime.datetime.combine(meeting.date, meeting.start_time)
            + datetime.timedelta(hours=2)
        ).time()
    )
    end = datetime.datetime.combine(meeting.date, end_time, tzinfo=tz)
    event = Event()
    event.add("uid", _uid(meeting))
    event.add("dtstamp", meeting.updated_at or timezone.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", meeting.group.name)
    event.add("status", STATUS[meeting.status])
    location = meeting.place or meeting.online_link
    if location:
        event.add("location", location)
    if meeting.online_link:
        event.add("url", meeting.online_link)
    return event


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Styrsam//Möten//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def meeting_ics(meeting: Meeting) -> bytes:
    cal = _calendar(str(meeting))
    cal.add("method", "PUBLISH")
    cal.add_component(_event(meeting))
    return cal.to_ical()


def feed_ics(meetings, name: str) -> bytes:
    cal = _calendar(name)
    for meeting in meetings:
        cal.add_component(_event(meeting))
    return cal.to_ical()
