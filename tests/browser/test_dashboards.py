"""The start page's dashboards in a real browser (issue 17 item 5): as the IT strategist, a
department economist and the head of the IT unit, the charts are images with a text
alternative, their tables open, axe finds nothing, and the page fits 375 px."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from styrsam.organisation.models import OrgUnit
from tests import dashboard_data as data
from tests.factories import (
    OrgUnitFactory,
    SystemCostFactory,
    SystemFactory,
    person_with_role,
)

pytestmark = pytest.mark.browser

YEAR = data.YEAR


def _check(page, assert_no_axe_violations, charts: list[str], table_row: tuple[str, str]):
    """Every chart is an image named by its title; the first table opens with ``table_row``;
    axe at 1280 and at 375 px, where nothing scrolls sideways."""
    page.goto("/")
    for title in charts:
        expect(page.get_by_role("img", name=title)).to_be_visible()
    summary = page.locator("details.dashboard-table summary").first
    summary.click()
    label, value = table_row
    row = page.locator("details.dashboard-table[open] tr", has_text=label).first
    expect(row).to_contain_text(value)
    assert_no_axe_violations(page)

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")
    for title in charts:
        expect(page.get_by_role("img", name=title)).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"horizontal scroll at 375 px: scrollWidth={width}"
    box = page.get_by_role("img", name=charts[0]).bounding_box()
    assert box is not None and box["width"] <= 375
    assert_no_axe_violations(page)


@pytest.mark.rule("G13")
@pytest.mark.rule("G04")
def test_the_it_strategists_dashboard(page, login, assert_no_axe_violations, it_strategist):
    data.meetings("steering", held=3, planned=2)
    company = OrgUnitFactory(kind=OrgUnit.Kind.COMPANY, code="hamn", name="Hamnbolaget AB")
    data.company_meetings(company, 1, it_strategist)
    login(page, it_strategist)
    _check(
        page,
        assert_no_axe_violations,
        [
            f"Möten {YEAR} mot policyns krav per grupp",
            "Öppna remisser efter sista svarsdag",
            f"Bolagsmöten {YEAR} per bolag",
        ],
        ("IT-styrgruppen (krav 10–12)", "3"),
    )


@pytest.mark.rule("G24")
@pytest.mark.rule("G25")
def test_the_economists_dashboard(page, login, assert_no_axe_violations, policy):
    vof = OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")
    economist = person_with_role("department_economist", unit=vof, username="tomas")
    data.ledger(vof, 1, ["300.00", "62.50"])
    SystemCostFactory(system=SystemFactory(owner_unit=vof), year=YEAR, amount=120000)
    login(page, economist)
    _check(
        page,
        assert_no_axe_violations,
        [f"Hyra per månad {YEAR}", f"Systemkostnader {YEAR} per kostnadsslag"],
        ("jan", "362,50\xa0kr"),
    )


@pytest.mark.rule("G08")
@pytest.mark.rule("G07")
def test_the_head_of_the_it_units_dashboard(page, login, assert_no_axe_violations, policy):
    vof = OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")
    head = person_with_role("head_of_it_unit", username="mats")
    data.frame(10000)
    data.purchases(["2500.00"], month=1)
    data.orders(vof, ["awaiting_approval", "approved"])
    login(page, head)
    expect(page.locator("main")).to_contain_text("Använt 2\xa0500\xa0kr av 10\xa0000\xa0kr")
    assert datetime.date.today().year == YEAR
    _check(
        page,
        assert_no_axe_violations,
        [f"Investeringsbudgeten {YEAR}: använt hittills", "Beställningar som väntar"],
        ("jan", "2\xa0500\xa0kr"),
    )
