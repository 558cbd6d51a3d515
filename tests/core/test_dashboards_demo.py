"""The demo shows every dashboard with numbers in it (issue 17): each persona's start page,
on the demo municipality, draws charts that are not empty."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.demo_fixture import demo_in_a_rolled_back_transaction

# persona → the dashboards their start page shows, by the policy's capabilities
PERSONAS = {
    "anna": {"coordinator"},  # the IT strategist
    "tomas": {"economist"},  # a department economist
    "helena": {"economist", "it-unit"},  # the IT unit's economist
    "mats": {"economist", "it-unit"},  # the head of the IT unit
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_in_a_rolled_back_transaction(django_db_blocker) as context:
        yield context


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_the_demo_fills_every_dashboard_of_the_persona(demo, persona):
    client = Client()
    client.force_login(type(demo.people[persona]).objects.get(username=persona))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    sections = {}
    for s in response.context["sections"]:
        if s.get("deferred"):  # the dashboards load after the page (issue 18)
            part = client.get(reverse("home_section", args=[s["key"]]))
            assert part.status_code == 200
            sections[part.context["section"]["key"]] = part.context["section"]
    assert set(sections) == PERSONAS[persona]
    for section in sections.values():
        for chart, _url, _text in section["charts"]:
            values = [b.value for row in chart.rows for b in row.bars if b.value]
            assert values, f"{persona}: {chart.title} is empty in the demo"


@pytest.mark.django_db
@pytest.mark.rule("G15")
def test_the_demo_shows_the_strategists_messages_on_a_system_owners_start_page(demo):
    """G15: the demo's system owner (Eva) finds the IT strategist's message to every system
    owner, unread, on her start page in the first minute; the platform's owner also the one
    about the platform."""
    from styrsam.systems.models import SystemMessage

    subjects = list(SystemMessage.objects.order_by("pk").values_list("subject", flat=True))
    assert subjects == ["Ny version av IT-plattformen i mars", "Förvaltningsplaner för nästa år"]
    platform_message = SystemMessage.objects.get(subject=subjects[0])
    platform = platform_message.systems.get()
    assert platform_message.deliveries.filter(person=platform.owner).exists()
    client = Client()
    client.force_login(type(demo.people["eva"]).objects.get(username="eva"))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Förvaltningsplaner för nästa år" in response.content.decode()
