"""Meetings ask the policy, not literal codes (issue 10): a municipality whose policy names
the company-meetings obligation differently and gives it, and the coordinating capability, to
another role gets the same behaviour for that role (G02, G04)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from styrsam.core.errors import NotAllowed
from styrsam.guideline.policy import get_policy
from styrsam.guideline.services import policy_load
from styrsam.meetings import services, tasks
from styrsam.meetings.compliance import companies_without_meeting
from styrsam.meetings.models import CompanyMeeting, Meeting
from styrsam.meetings.todos import todos
from styrsam.organisation.models import GovernanceGroup
from tests.factories import OrgUnitFactory, person_with_role
from tests.guideline.policytext import default_text, replace_once

pytestmark = [
    pytest.mark.django_db,
    # The other municipality here is the default policy's text with three lines changed; the
    # second pass (Andrakommun's policy, tests/vocab.py) is the whole suite's version of it.
    pytest.mark.default_policy("builds its municipality from the default policy's text"),
]

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def other_policy(policy):
    """The default policy with the obligation called ``bolagsdialog``, held by the head of
    the IT unit from January, who is also the coordinating role."""
    text = default_text()
    text = replace_once(text, "  company_meetings:\n", "  bolagsdialog:\n", after="obligations:")
    text = replace_once(
        text, "responsible_role: it_strategist", "responsible_role: head_of_it_unit"
    )
    text = replace_once(text, 'remind_from: "10-01"', 'remind_from: "01-01"')
    text = replace_once(
        text, "coordinate: [it_strategist]", "coordinate: [head_of_it_unit]", after="capabilities:"
    )
    policy_load(actor=None, text=text, source="test")
    active = get_policy()
    assert active.obligation("company_meetings") is None
    return active


@pytest.fixture
def head_of_it(other_policy):
    return person_with_role("head_of_it_unit", username="itchef", email="itchef@example.se")


@pytest.fixture
def hamn(policy):
    return OrgUnitFactory(kind="company", code="hamn", name="Exempel Hamn AB")


@pytest.mark.rule("G04")
def test_g04_company_meetings_follow_the_obligations_role(
    client, other_policy, head_of_it, it_strategist, hamn
):
    assert companies_without_meeting(policy=other_policy, year=2026) == [hamn]
    with pytest.raises(NotAllowed) as exc:
        services.company_meeting_record(actor=it_strategist, company=hamn, date=DAY)
    assert (exc.value.code, exc.value.rule) == ("not_responsible", "G04")
    client.force_login(it_strategist)
    assert client.post(reverse("meetings:company_meetings"), {}).status_code == 403
    client.force_login(head_of_it)
    page = client.get(reverse("meetings:company_meetings")).content.decode()
    assert "Registrera möte med bolag" in page
    response = client.post(
        reverse("meetings:company_meetings"), {"company": hamn.pk, "date": DAY.isoformat()}
    )
    assert response.status_code == 302
    assert CompanyMeeting.objects.get().held_by == head_of_it
    assert companies_without_meeting(policy=other_policy, year=2026) == []


@pytest.mark.rule("G04")
def test_g04_reminders_go_to_the_obligations_role(other_policy, head_of_it, it_strategist, hamn):
    [item] = [t for t in todos(head_of_it, other_policy) if t.rule == "G04"]
    assert "Exempel Hamn AB" in item.text
    assert not [t for t in todos(it_strategist, other_policy) if t.rule == "G04"]
    assert tasks.remind_company_meetings.delay().get() == ["hamn"]
    assert mail.outbox[-1].to == ["itchef@example.se"]


@pytest.mark.rule("G02")
def test_g02_the_coordinating_role_reads_every_groups_meetings(
    client, other_policy, head_of_it, it_strategist
):
    Meeting.objects.create(
        group=GovernanceGroup.objects.get(code="steering"),
        date=datetime.date(2026, 5, 5),
        start_time=datetime.time(9),
        place="Sal",
    )
    client.force_login(head_of_it)
    assert client.get(reverse("meetings:meeting_list"), {"year": 2026}).context["caption"] == (
        "1 möte 2026"
    )
    client.force_login(it_strategist)  # no longer the coordinator, and no member of the group
    assert client.get(reverse("meetings:meeting_list"), {"year": 2026}).context["caption"] == (
        "0 möten 2026"
    )
