"""Service desk and rental in a real browser (issue 6): order a computer, approve it, fulfil
it, run the rent and see the department charged; register next year's rent against the
financing group's minutes (G16) — zero axe violations on every page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from styrsam.meetings.services import meeting_plan, minute_item_add
from styrsam.organisation.models import GovernanceGroup, Membership, OrgUnit
from styrsam.rental.models import InvestmentBudget
from styrsam.rental.services import rent_level_set
from tests.factories import (
    AssetTypeFactory,
    CatalogueItemFactory,
    MembershipFactory,
    OrgUnitFactory,
    RentLevelFactory,
    UserFactory,
    person_with_role,
)

pytestmark = pytest.mark.browser


def _switch(page, login, user):
    page.context.clear_cookies()
    login(page, user)


def _visit(page, url, check):
    page.goto(url)
    expect(page.locator("h1")).to_have_count(1)
    check(page)


@pytest.mark.rule("G07")
@pytest.mark.rule("G08")
@pytest.mark.rule("G24")
def test_g07_g08_order_approve_fulfil_and_see_the_rent(
    page, login, assert_no_axe_violations, policy
):
    OrgUnitFactory(code="it_unit", name="IT-enheten", kind=OrgUnit.Kind.STAFF_UNIT)
    vof = OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")
    computer = AssetTypeFactory(code="computer", name="Dator")
    RentLevelFactory(asset_type=computer, year=2026, monthly_amount=300, status="decided")
    InvestmentBudget.objects.create(year=2026, amount=100000)
    CatalogueItemFactory(
        name="Bärbar dator", kind="computer", rented=True, asset_type=computer, price=11500
    )
    orderer = UserFactory(username="anvandare", profile__unit=vof)
    head = person_with_role("head_of_department", unit=vof, username="ingrid")
    desk = person_with_role("service_desk", username="nina")
    economist = person_with_role("it_unit_economist", username="helena")

    login(page, orderer)
    _visit(page, "/kundservice/", assert_no_axe_violations)
    page.get_by_role("link", name="Beställ Bärbar dator").click()
    assert_no_axe_violations(page)
    page.get_by_label("Meddelande till kundservice").fill("Ny medarbetare")
    page.get_by_role("button", name="Skicka beställningen").click()
    expect(page.locator("h1")).to_contain_text("Beställning #")
    expect(page.locator("[aria-current=step]")).to_have_text("Väntar på godkännande")
    assert_no_axe_violations(page)
    order_url = page.url
    _visit(page, "/kundservice/mina-bestallningar/", assert_no_axe_violations)

    _switch(page, login, head)
    _visit(page, "/kundservice/att-godkanna/", assert_no_axe_violations)
    page.goto(order_url)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Godkänn").click()
    expect(page.locator("[aria-current=step]")).to_have_text("Godkänd")

    _switch(page, login, desk)
    _visit(page, "/kundservice/att-leverera/", assert_no_axe_violations)
    page.goto(order_url)
    assert_no_axe_violations(page)
    page.get_by_label("Leveransdatum").fill("2026-09-16")
    page.get_by_label("Inventarienummer 1").fill("INV-4711")
    page.get_by_label("Serienummer 1").fill("SN4711")
    page.get_by_role("button", name="Registrera leverans").click()
    expect(page.locator("[aria-current=step]")).to_have_text("Levererad")
    expect(page.get_by_text("INV-4711")).to_be_visible()
    _visit(page, "/hyra/utrustning/", assert_no_axe_violations)
    page.get_by_role("link", name="INV-4711").click()
    page.wait_for_url("**/hyra/utrustning/*/")
    assert_no_axe_violations(page)

    _switch(page, login, economist)
    _visit(page, "/hyra/korning/", assert_no_axe_violations)
    page.get_by_label("Månad (ÅÅÅÅ-MM)").fill("2026-09")
    page.get_by_role("button", name="Kör hyran").click()
    expect(page.locator(".messages")).to_contain_text("lade till 1 rader")
    _visit(page, "/hyra/fakturaunderlag/?manad=2026-09", assert_no_axe_violations)
    row = page.locator("tbody tr", has_text="Vård- och omsorgsförvaltningen").first
    expect(row).to_contain_text(re.compile(r"150[,.]00"))
    expect(row).to_contain_text("15")
    for url in (
        "/hyra/reskontra/?manad=2026-09",
        "/hyra/hyresnivaer/",
        "/hyra/investeringsbudget/?ar=2026",
    ):
        _visit(page, url, assert_no_axe_violations)


@pytest.mark.rule("G16")
def test_g16_rent_decision_linked_to_the_financing_groups_minutes(
    page, login, assert_no_axe_violations, policy
):
    """The finance director registers next year's rent against the § of the financing
    group's minutes; the page then links the § to its meeting."""
    today = timezone.localdate()
    computer = AssetTypeFactory(code="computer", name="Dator")
    RentLevelFactory(asset_type=computer, year=today.year, monthly_amount=300, status="decided")
    rent_level_set(actor=None, asset_type=computer, year=today.year + 1, monthly_amount=310)
    financing = GovernanceGroup.objects.get(code="financing")
    karin = person_with_role("finance_director", username="karin")
    MembershipFactory(group=financing, person=karin, function=Membership.Function.CHAIR)
    meeting = meeting_plan(
        actor=None,
        group=financing,
        date=today - datetime.timedelta(days=7),
        start_time=datetime.time(9, 0),
        place="Stadshuset, sal Linden",
    )
    item = minute_item_add(actor=None, meeting=meeting, title="Beslut om nästkommande års hyra")
    reference = f"Finansieringsgruppen {meeting.date:%Y-%m-%d} § {item.number}"

    login(page, karin)
    _visit(page, "/hyra/hyresnivaer/", assert_no_axe_violations)
    page.get_by_label("Paragraf i protokollet").select_option(str(item.pk))
    page.get_by_role("button", name="Registrera beslut").click()
    expect(page.locator(".messages")).to_contain_text("Hyrorna är beslutade")
    page.goto(f"/hyra/hyresnivaer/?ar={today.year + 1}")
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=reference).click()
    expect(page.locator("h1")).to_contain_text("Finansieringsgruppen")


@pytest.mark.rule("G07")
def test_g07_service_desk_edits_a_catalogue_item_and_sees_its_history(
    page, login, assert_no_axe_violations, policy
):
    OrgUnitFactory(code="it_unit", name="IT-enheten", kind=OrgUnit.Kind.STAFF_UNIT)
    item = CatalogueItemFactory(name="Headset", kind="other", rented=False, price=900)
    desk = person_with_role("service_desk", username="nina")

    login(page, desk)
    _visit(page, f"/kundservice/artiklar/{item.pk}/", assert_no_axe_violations)
    page.get_by_label("Pris").fill("850")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    expect(page.locator(".messages")).to_contain_text("Headset")
    _visit(page, f"/kundservice/artiklar/{item.pk}/", assert_no_axe_violations)
    expect(page.locator("section.history table")).to_contain_text("Artikel ändrad i katalogen")
