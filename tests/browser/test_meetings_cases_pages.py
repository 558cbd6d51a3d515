"""Meetings and cases in Chromium (issue 5): the IT strategist plans a meeting on the form,
builds the agenda from a ready case, the meeting is held, the § with the decision becomes the
case's decision (G13), the chair and the adjuster approve (justerar) the minutes, which are
then locked; a case that is not anchored is refused on the page (G21). axe-core on every
page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from styrsam.cases.models import Case, Decision
from styrsam.demo.loader import DEMO_PASSWORD
from styrsam.meetings.models import Meeting, MinuteItem

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


def _logout(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Logga ut").click()
    assert "/logga-in/" in page.url


@pytest.mark.rule("G13")
def test_g13_agenda_from_ready_case_and_decision_in_minutes(page, login, assert_no_axe_violations):
    demo = _demo()
    anna, lars, karin = (demo.people[name] for name in ("anna", "lars", "karin"))
    steering = demo.groups["steering"]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    # Plan: the IT strategist (convener, G13) on the meeting list's link and the plan form.
    login(page, anna, DEMO_PASSWORD)
    page.goto("/moten/")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name=f"Planera möte för {steering.name}").click()
    assert_no_axe_violations(page)
    page.get_by_label("Datum").fill(yesterday.isoformat())
    page.get_by_label("Starttid").fill("09:00")
    page.get_by_label("Sluttid").fill("11:00")
    page.get_by_label("Plats", exact=True).fill("KS-salen")
    with page.expect_navigation():
        page.get_by_role("button", name="Planera").click()
    expect(page.locator(".messages")).to_contain_text("Mötet är planerat")
    meeting = Meeting.objects.get(group=steering, date=yesterday)
    assert page.url.endswith(f"/moten/{meeting.pk}/")
    assert (meeting.convener_id, meeting.chair_id, meeting.place) == (anna.pk, lars.pk, "KS-salen")
    gis = Case.objects.get(title="Ny version av kommunkartan")
    payroll = Case.objects.get(title="Byte av lönesystem")
    expect(page.locator("dl.facts")).to_contain_text("KS-salen")
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

    # Approval (justering): the convener names an adjuster among the members …
    page.goto(f"/moten/{meeting.pk}/")
    page.select_option("#id_adjuster", str(karin.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Ange justerare").click()
    expect(page.locator(".messages")).to_contain_text("Justeraren har angetts")
    expect(page.locator("dl.facts")).to_contain_text(karin.get_full_name())
    expect(page.get_by_role("button", name="Justera protokollet")).to_have_count(0)
    assert_no_axe_violations(page)
    _logout(page)

    # … the chair (the municipal director, per the policy) approves first: not yet locked …
    login(page, lars, DEMO_PASSWORD)
    page.goto(f"/moten/{meeting.pk}/")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Justera protokollet").click()
    expect(page.locator(".messages")).to_contain_text("Du har justerat protokollet")
    expect(page.locator("#minutes-heading ~ p.status.ok")).to_have_count(0)
    expect(page.get_by_role("button", name="Justera protokollet")).to_have_count(0)
    assert_no_axe_violations(page)
    meeting.refresh_from_db()
    assert meeting.chair_approved_at and not meeting.minutes_locked_at
    _logout(page)

    # … then the adjuster, and the minutes are locked.
    login(page, karin, DEMO_PASSWORD)
    page.goto(f"/moten/{meeting.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Justera protokollet").click()
    expect(page.locator(".messages")).to_contain_text("Du har justerat protokollet")
    minutes = page.locator("section[aria-labelledby=minutes-heading]")
    expect(minutes).to_contain_text("Justerat och låst")
    expect(page.locator("dl.facts")).to_contain_text("protokollet justerat")
    assert_no_axe_violations(page)
    meeting.refresh_from_db()
    assert meeting.chair_approved_at and meeting.adjuster_approved_at and meeting.minutes_locked_at
    assert not MinuteItem.objects.filter(meeting=meeting, locked=False).exists()
    _logout(page)

    # The convener sees the lock too: no form for a new §, no § to edit.
    login(page, anna, DEMO_PASSWORD)
    page.goto(f"/moten/{meeting.pk}/")
    expect(minutes).to_contain_text("Justerat och låst")
    expect(page.get_by_role("button", name="Lägg till paragraf")).to_have_count(0)
    expect(page.locator("#minute_agenda_item")).to_have_count(0)
    expect(minutes.get_by_role("link", name="Ändra §")).to_have_count(0)
    expect(page.get_by_role("button", name="Justera protokollet")).to_have_count(0)
    assert_no_axe_violations(page)

    # Who did what: the approvals are in the meeting's history.
    with page.expect_navigation():
        page.get_by_role("link", name="Historik").click()
    expect(page.locator("section.history table")).to_contain_text("Protokollet justerat och låst")
    assert_no_axe_violations(page)
