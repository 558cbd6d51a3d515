"""iCalendar output (RFC 5545): one meeting, a group's feed and a person's feed.

What calendar programs hold a feed to (issue #20), and how this module meets it:

* every ``TZID`` an event uses has its ``VTIMEZONE`` in the same calendar, built from the
  zoneinfo database for the span of the calendar's meetings (``add_missing_timezones``);
* an event never ends before it starts: a meeting without an end time lasts
  :data:`DEFAULT_LENGTH`, into the next day if it starts late;
* an event's ``UID`` is ``meeting-<id>@<STYRSAM_CALENDAR_UID_DOMAIN>``: a setting of its own,
  so reordering ``ALLOWED_HOSTS`` or moving the server changes no UID (a changed UID makes
  every client show the meeting twice);
* a meeting dated outside the years a calendar can carry (:data:`FIRST_YEAR`–
  :data:`LAST_YEAR`, the window of the meeting lists, e.g. a typo such as 9999-12-31) is left
  out of a feed and has no ``.ics`` of its own, so a feed is never broken by one meeting.
"""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from styrsam.organisation.models import Municipality

from .models import Meeting
from .selectors import MAX_YEAR, MIN_YEAR

STATUS = {
    Meeting.Status.PLANNED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}
DEFAULT_LENGTH = datetime.timedelta(hours=2)
FIRST_YEAR, LAST_YEAR = MIN_YEAR, MAX_YEAR


def representable(meeting: Meeting) -> bool:
    """Can a calendar carry the meeting? (Its date lies within FIRST_YEAR..LAST_YEAR.)"""
    return FIRST_YEAR <= meeting.date.year <= LAST_YEAR


def uid_domain() -> str:
    """``STYRSAM_CALENDAR_UID_DOMAIN``, or one derived from the municipality's organisation
    number (or, without one, its name): both stay put when the server moves."""
    if settings.STYRSAM_CALENDAR_UID_DOMAIN:
        return settings.STYRSAM_CALENDAR_UID_DOMAIN
    municipality = Municipality.objects.order_by("pk").first()
    key = (municipality.organisation_number or municipality.name) if municipality else ""
    label = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
    return f"{label}.styrsam" if label else "styrsam"


def _event(meeting: Meeting, domain: str) -> Event:
    tz = ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)
    if meeting.end_time is not None:  # the services keep an end time after the start
        end = datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=tz)
    else:
        end = start + DEFAULT_LENGTH  # wall-clock time; may be on the next day
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{domain}")
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


def _calendar(name: str, meetings: list[Meeting]) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Styrsam//Möten//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    domain = uid_domain()
    for meeting in meetings:
        cal.add_component(_event(meeting, domain))
    if meetings:
        # the VTIMEZONE spans whole years around the calendar's meetings, so that it holds
        # both the standard and the summer time of each (a reader needs the transitions)
        first = datetime.date(min(m.date for m in meetings).year - 1, 1, 1)
        last = datetime.date(max(m.date for m in meetings).year + 2, 1, 1)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal


def meeting_ics(meeting: Meeting) -> bytes:
    """The meeting as an invitation; the caller checks :func:`representable` first."""
    cal = _calendar(str(meeting), [meeting])
    cal.add("method", "PUBLISH")
    return cal.to_ical()


def feed_ics(meetings, name: str) -> bytes:
    return _calendar(name, [m for m in meetings if representable(m)]).to_ical()
