"""Who may give which role, in a real browser (issue 11, item 1): the IT strategist gives a
role she may grant on the person page, sees it in the role history and the history with her
name, and is not offered the municipal director's role. Checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.rule("G29")
def test_g29_it_strategist_gives_a_role_she_may_grant(
    page, login, assert_no_axe_violations, it_strategist
):
    person = UserFactory(first_name="Pia", last_name="Ek")
    login(page, it_strategist)
    page.goto(f"/personer/{person.pk}/")
    expect(page.locator("h1")).to_have_text("Pia Ek")
    role = page.locator("#id_role")
    assert "municipal_director" not in role.locator("option").evaluate_all(
        "els => els.map(e => e.value)"
    )
    role.select_option("finance_director")
    page.get_by_role("button", name="Ge roll").click()
    expect(page).to_have_url(re.compile(rf"/personer/{person.pk}/$"))
    expect(page.get_by_role("heading", name="Rollhistorik")).to_be_visible()
    expect(page.locator("section[aria-labelledby=role-history-heading] table")).to_contain_text(
        "Ekonomidirektör"
    )
    expect(page.locator(".history")).to_contain_text("Roll tilldelad")
    assert_no_axe_violations(page)

    page.goto(f"/personer/{it_strategist.pk}/")  # no role for oneself
    expect(page.get_by_role("button", name="Ge roll")).to_have_count(0)
    assert_no_axe_violations(page)
