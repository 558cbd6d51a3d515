"""Issue 17: a meeting is cancelled on a page of its own that asks for confirmation and a
reason (as ending a membership asks for the last day), never in one click."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styrsam.core.audit import history_for
from styrsam.meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G13")
def test_g13_cancel_asks_first_then_keeps_the_reason(client, plan, convener):
    meeting = plan()
    client.force_login(convener)
    detail = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    url = reverse("meetings:meeting_cancel", args=[meeting.pk])
    assert f'href="{url}"' in detail  # a link to the confirmation, not a one-click form

    page = client.get(url)
    assert page.status_code == 200
    assert "Det går inte att ångra" in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED  # opening the page changes nothing

    too_long = client.post(url, {"reason": "x" * 501})
    assert too_long.status_code == 400
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert not history_for(meeting).filter(action="meeting.cancel").exists()

    response = client.post(url, {"reason": "Ordföranden är sjuk."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    entry = history_for(meeting).get(action="meeting.cancel")
    assert entry.after == {"status": "cancelled", "reason": "Ordföranden är sjuk."}
    assert entry.rule == "G13"
    history = client.get(reverse("meetings:meeting_history", args=[meeting.pk])).content.decode()
    assert "Skäl" in history and "Ordföranden är sjuk." in history


def test_plain_employee_cannot_open_the_cancel_page(client, plan, plain_user):
    meeting = plan()
    client.force_login(plain_user)
    assert client.get(reverse("meetings:meeting_cancel", args=[meeting.pk])).status_code == 404
