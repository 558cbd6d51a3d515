"""Everyday use in a real browser (issue 17): ending a membership asks first and takes an end
date; the report form shows one type's fields. axe on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from styrsam.organisation.models import GovernanceGroup, Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.rule("G02")
def test_ending_a_membership_asks_for_the_last_day(
    page, login, assert_no_axe_violations, it_strategist
):
    person = UserFactory(username="nils", first_name="Nils", last_name="Nyman")
    membership = MembershipFactory(
        group=GovernanceGroup.objects.get(code="steering"), person=person
    )
    login(page, it_strategist)
    page.goto("/grupper/steering/")
    with page.expect_navigation():
        page.get_by_role("link", name="Avsluta medlemskap för Nils Nyman").click()
    expect(page.locator("h1")).to_have_text("Avsluta medlemskap")
    expect(page.locator("main")).to_contain_text("Nils Nyman lämnar IT-styrgruppen.")
    assert Membership.objects.get(pk=membership.pk).end_date is None
    assert_no_axe_violations(page)

    page.get_by_label("Sista dag i gruppen").fill("2025-06-30")
    with page.expect_navigation():
        page.get_by_role("button", name="Avsluta medlemskapet").click()
    expect(page.get_by_role("status")).to_contain_text("Medlemskapet för Nils Nyman har avslutats.")
    assert str(Membership.objects.get(pk=membership.pk).end_date) == "2025-06-30"
    assert_no_axe_violations(page)
