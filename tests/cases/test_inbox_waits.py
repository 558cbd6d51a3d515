"""Issue 17: the inbox shows only what still waits. An item that asked someone to act on a
case ("väntar på dig", "klart för beslut", a consultation to answer) leaves the inbox once the
case is decided or closed; an item that informs (the outcome, a G03 forwarding) stays."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styrsam.cases import selectors, services
from styrsam.cases.models import Case, Notification
from tests.vocab import c

from .conftest import prepare, report

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G21")
def test_a_decided_case_no_longer_waits_in_the_inbox(client, actors):
    s, owner = actors["strategist"], actors["owner"]
    case = report(owner)
    waiting = Notification.objects.get(recipient=actors["procurement"], case=case)
    assert waiting.asks_action is True
    assert "väntar på dig" in waiting.text
    assert list(selectors.inbox(user=actors["procurement"]).filter(case=case)) == [waiting]
    assert selectors.unread_count(user=actors["procurement"]) == 1

    prepare(case, s)
    services.case_decide(actor=s, case=case, outcome="approved", text="Ja.")
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED

    # the items that asked to act are gone from every inbox, page and API alike
    for person in (s, actors["procurement"], actors["it_head"]):
        assert not selectors.inbox(user=person).filter(case=case).exists()
    assert selectors.unread_count(user=actors["procurement"]) == 0
    client.force_login(actors["procurement"])
    page = client.get(reverse("cases:inbox"))
    assert page.status_code == 200
    assert case.title not in page.content.decode()
    assert client.get("/api/v1/notifications/").json()["count"] == 0
    # the outcome told to the reporter is information: it stays
    outcome = selectors.inbox(user=owner).get(case=case, text__contains="bifall")
    assert outcome.asks_action is False


@pytest.mark.rule("G03")
def test_a_forwarding_stays_in_the_inbox_after_the_case_is_closed(actors, groups, bou, head_of_bou):
    case = report(
        actors["head"], c("project_notification"), title="Digital signering", affected_units=[bou]
    )
    services.case_forward(actor=actors["strategist"], case=case, groups=[groups[c("steering")]])
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert selectors.inbox(user=head_of_bou).filter(case=case, text__startswith="Planerat").exists()
