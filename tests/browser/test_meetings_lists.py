"""The lists of meetings in Chromium (issue 10's kit): the meetings list filtered on its form,
the company meetings page with a refused and an accepted record (G04), and the compliance page
(G13–G16). axe-core on every page, also with the refusal on the form."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from styrsam.demo.loader import DEMO_PASSWORD
from styrsam.meetings.models import CompanyMeeting, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _demo():
    from styrsam.demo import organisation
    from styrsam.demo.loader import DemoContext
    from styrsam.guideline.policy import default_policy_path
    from styrsam.guideline.services import policy_load

    policy_load(actor=None, text=default_policy_path().read_text(encoding="utf-8"), source="demo")
    demo = DemoContext()
    organisation.load(demo)
    return demo


@pytest.mark.rule("G04")
def test_g04_meeting_lists_filter_and_record_in_the_browser(page, login, assert_no_axe_violations):
    demo = _demo()
    year = timezone.localdate().year
    for code, n in (("steering", 3), ("preparatory", 2)):
        Meeting.objects.bulk_create(
            Meeting(
                group=demo.groups[code],
                date=datetime.date(year, 1, 10) + datetime.timedelta(days=7 * i),
                start_time=datetime.time(9),
                place="Stadshuset",
            )
            for i in range(n)
        )
    login(page, demo.people["anna"], DEMO_PASSWORD)  # the IT strategist

    page.goto("/moten/")
    expect(page.locator("#list-results caption")).to_have_text(f"5 möten {year}")
    assert_no_axe_violations(page)
    page.select_option("#f-group", "preparatory")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#list-results caption")).to_have_text(f"2 möten {year}")
    assert "group=preparatory" in page.url
    expect(page.get_by_role("link", name="Excel")).to_have_attribute(
        "href", f"/moten/export.xlsx?group=preparatory&year={year}&status="
    )
    assert_no_axe_violations(page)

    page.goto("/bolagsmoten/")
    expect(page.locator("h1")).to_have_text(f"Möten med bolagen {year}")
    assert_no_axe_violations(page)
    hamn = demo.units["hamn"]
    page.select_option("#id_company", str(hamn.pk))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.fill("#id_date", tomorrow.isoformat())
    page.fill("#id_needs", "Digital felanmälan")
    with page.expect_navigation():  # planned ahead (issue 17)
        page.get_by_role("button", name="Registrera").click()
    expect(page.locator(".messages")).to_contain_text("Mötet med bolaget har registrerats")
    if tomorrow.year == year:
        expect(page.locator("#list-results caption")).to_have_text("1 bolagsmöte")
        expect(page.locator("#list-results tbody")).to_contain_text("Planerat")
    assert CompanyMeeting.objects.get().needs == "Digital felanmälan"
    assert_no_axe_violations(page)

    page.goto(f"/efterlevnad/?year={year}")
    expect(page.locator("#freq-heading")).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="IT-styrgruppen").click()
    expect(page.locator("#list-results caption")).to_have_text(f"3 möten {year}")
