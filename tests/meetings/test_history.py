"""A meeting's history: who planned it, changed its agenda and wrote its minutes (G13)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrsam.meetings import services

pytestmark = [pytest.mark.django_db, pytest.mark.rule("G13")]


def _url(meeting):
    return reverse("meetings:meeting_history", args=[meeting.pk])


def test_g13_history_shows_the_meeting_its_agenda_and_minutes(client, held_meeting, member):
    services.minute_item_add(
        actor=held_meeting.convener,
        meeting=held_meeting,
        title="Val av justerare",
        decision="Mötet väljer justerare.",
    )
    client.force_login(member)
    page = client.get(_url(held_meeting)).content.decode()
    assert "meeting.plan" in page
    assert "Val av justerare" in page  # the § as the object it concerns
    assert held_meeting.convener.get_full_name() in page
    detail = client.get(reverse("meetings:meeting_detail", args=[held_meeting.pk]))
    assert _url(held_meeting) in detail.content.decode()


def test_g13_history_refused_outside_the_group(client, plan, plain_user):
    meeting = plan()
    client.force_login(plain_user)
    assert client.get(_url(meeting)).status_code == 404


def test_history_query_count_does_not_grow_with_items(
    client, plan, member, django_assert_num_queries
):
    meeting = plan()
    client.force_login(member)
    client.get(_url(meeting))  # warm caches (policy, roles)
    with CaptureQueriesContext(connection) as one:
        client.get(_url(meeting))
    for i in range(10):
        services.agenda_item_add(actor=meeting.convener, meeting=meeting, title=f"Punkt {i}")
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(_url(meeting))
    assert page.content.decode().count("agenda.add") == 10
