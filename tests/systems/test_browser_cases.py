"""G17 in Chromium: a system's page with its cases and decisions passes axe-core (WCAG 2.1
A/AA), convention 11. Uses the fixtures of tests/browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.systems.test_system_cases import decide, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.rule("G17")]


def test_g17_system_page_with_cases_and_decisions_is_accessible(
    page, login, assert_no_axe_violations, plain_user, owner, it_strategist, care_system
):
    open_case = report(owner, care_system, title="Ny journalmodul")
    decided = report(owner, care_system, title="Byte av avtal")
    decide(decided, it_strategist)
    login(page, plain_user)
    page.goto(f"/system/{care_system.pk}/")
    expect(page.locator("#cases-heading")).to_have_text("Ärenden")
    expect(page.locator("section[aria-labelledby=cases-heading] tbody tr")).to_have_count(2)
    expect(page.locator("section[aria-labelledby=decisions-heading] tbody tr")).to_have_count(1)
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.click(f"text={open_case.registration_number}")
    assert page.url.endswith(f"/arenden/{open_case.pk}/")
