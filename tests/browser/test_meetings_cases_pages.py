"""Meetings and cases in Chromium (issue 5): the IT strategist builds the agenda from a ready
case, the meeting is held, the § with the decision becomes the case's decision (G13), and a
case that is not anchored is refused on the page (G21). axe-core on every page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from styrsam.cases.models import Case, Decision
from styrsam.demo.loader import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _demo():
    from styrsam.demo import cases, organisation, systems
    from styrsam.demo.loader import DemoContext
    from styrsam.guideline.policy import default_policy_path
    from styrsam.guideline.services import policy_load

    policy_load(actor=None, text=default_policy_path().read_text(encoding="utf-8"), source="demo")
    demo = DemoContext()
    for step in (organisation, systems, cases):
        step.load(demo)
    return demo


@pytest.mark.rule("G13")
def test_g13_agenda_from_ready_case_and_decision_in_minutes(page, login, assert_no_axe_violations):
    from styrsam.meetings import services

    demo = _demo()
    anna = demo.people["anna"]
    meeting = services.meeting_plan(
        actor=anna,
        group=demo.groups["steering"],
        date=timezone.localdate() - datetime.timedelta(days=1),
        start_time=datetime.time(9),
        place="KS-salen",
    )
    gis = Case.objects.get(title="Ny version av kommunkartan")
    payroll = Case.objects.get(title="Byte av lönesystem")
    login(page, anna, DEMO_PASSWORD)
    page.goto(f"/moten/{meeting.pk}/")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Hämta ärenden som är redo").click()
    agenda = page.locator("section[aria-labelledby=agenda-heading] table")
    expect(agenda).to_contain_text(gis.registration_number)
    expect(agenda).not_to_contain_text(payroll.title)  # not anchored: not ready
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Markera som genomfört").click()
    item = meeting.agenda_items.get(case=gis)
    page.select_option("#minute_agenda_item", str(item.pk))
    page.select_option("#minute_case", str(gis.pk))
    page.select_option("#minute_decision_outcome", "approved")
    page.fill("#minute_decision", "IT-styrgruppen godkänner den nya versionen av kommunkartan.")
    with page.expect_navigation():
        page.get_by_role("button", name="Lägg till paragraf").click()
    expect(page.locator(".messages")).to_contain_text("beslutet är registrerat")
    assert_no_axe_violations(page)
    decision = Decision.objects.get(case=gis)
    assert decision.minute_item.meeting_id == meeting.pk

    with page.expect_navigation():
        page.get_by_role("link", name="Registrerat som ärendets beslut").click()
    expect(page.locator("dl.facts")).to_contain_text(decision.meeting_reference)
    assert_no_axe_violations(page)
