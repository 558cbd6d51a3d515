"""The foundation's pages in a real browser: login, start page, groups, organisation, people,
policy. Every page opened is checked with axe-core for WCAG 2.1 A/AA (convention 11)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from styrsam.demo.loader import DEMO_PASSWORD
from tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.browser


def _demo_organisation():
    """Exempelkommun's organisation: the default policy plus the demo's organisation step.

    Only the organisation step: the other apps' demo steps are not needed for these pages and
    are covered by their own tests, so a half-built app cannot break the foundation's tests.
    """
    from styrsam.demo import organisation
    from styrsam.demo.loader import DemoContext
    from styrsam.guideline.policy import default_policy_path
    from styrsam.guideline.services import policy_load

    policy_load(actor=None, text=default_policy_path().read_text(encoding="utf-8"), source="demo")
    demo = DemoContext()
    organisation.load(demo)
    return demo


def test_login_form_lands_on_start_page(page, login, assert_no_axe_violations, it_strategist):
    login(page, it_strategist)

    assert re.search(r"://[^/]+/$", page.url), page.url
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_contain_text("Välkommen")
    expect(page.get_by_role("heading", name="Att göra", level=2)).to_be_visible()
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_visible()
    # The stylesheet is served and applied, so axe's contrast check sees the real colours.
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(0, 58, 89)")
    assert_no_axe_violations(page)


@pytest.mark.rule("G14")
def test_g14_group_pages_flag_the_missing_representative(page, login, assert_no_axe_violations):
    demo = _demo_organisation()
    login(page, demo.people["anna"], DEMO_PASSWORD)

    page.goto("/grupper/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_role("link", name="IT-styrgruppen")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="IT-styrgruppen").click()
    expect(page).to_have_url(re.compile(r"/grupper/steering/$"))
    expect(page.locator("h1")).to_have_text("IT-styrgruppen")
    members = page.get_by_role("table", name="Ledamöter")
    expect(members).to_contain_text("Lars Bergström")
    assert_no_axe_violations(page)

    # The demo's memberships were added by the system (no actor): the history says so.
    page.get_by_role("link", name="Historik").click()
    history = page.get_by_role("table", name="Vem gjorde vad och när")
    expect(history).to_contain_text("systemet")
    assert_no_axe_violations(page)

    page.goto("/grupper/preparatory/")
    requirement = page.get_by_role("row").filter(has_text="Representant för Räddningstjänsten")
    expect(requirement).to_have_count(1)
    expect(requirement).to_contain_text("Saknas")
    expect(page.locator("#composition-heading + p .status.danger")).to_contain_text("inte uppfyll")
    assert_no_axe_violations(page)


@pytest.mark.rule("G13")
def test_g13_it_strategist_adds_a_member_through_the_form(
    page, login, assert_no_axe_violations, it_strategist
):
    newcomer = UserFactory(username="nils", first_name="Nils", last_name="Nyman")
    login(page, it_strategist)
    page.goto("/grupper/steering/")

    page.get_by_role("combobox", name="Person", exact=True).fill("nils")
    page.get_by_label("Funktion").select_option("member")
    with page.expect_navigation():
        page.get_by_role("button", name="Lägg till", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("Medlemmen har lagts till.")
    members = page.get_by_role("table", name="Ledamöter")
    expect(members.get_by_role("link", name="Nils Nyman", exact=True)).to_be_visible()
    assert newcomer.memberships.filter(group__code="steering", end_date__isnull=True).exists()
    assert_no_axe_violations(page)


def test_adding_an_unknown_person_shows_the_field_error(
    page, login, assert_no_axe_violations, it_strategist
):
    login(page, it_strategist)
    page.goto("/grupper/steering/")
    page.get_by_role("combobox", name="Person", exact=True).fill("finns-inte")
    page.get_by_role("button", name="Lägg till", exact=True).click()

    expect(page.locator(".field-error")).to_contain_text(
        "Ingen aktiv person har användarnamnet finns-inte"
    )
    assert_no_axe_violations(page)


def test_policy_units_people_and_person_pages(page, login, assert_no_axe_violations, it_strategist):
    unit = OrgUnitFactory(name="Vård- och omsorgsförvaltningen", code="vof")
    colleague = UserFactory(
        username="eva",
        first_name="Eva",
        last_name="Lindberg",
        profile__unit=unit,
        profile__title="Systemägare",
    )
    login(page, it_strategist)

    page.goto("/riktlinje/")
    expect(page.locator("h1")).to_have_text("Riktlinje och policy")
    expect(page.get_by_role("table", name="Grupper enligt policyn")).to_contain_text(
        "IT-styrgruppen"
    )
    assert_no_axe_violations(page)

    page.goto("/organisation/")
    expect(page.locator("h1")).to_have_count(1)
    expect(
        page.get_by_role("link", name="Vård- och omsorgsförvaltningen", exact=True)
    ).to_be_visible()
    assert_no_axe_violations(page)

    page.goto("/personer/")
    expect(page.locator("h1")).to_have_text("Personer")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Eva Lindberg").click()
    expect(page).to_have_url(re.compile(rf"/personer/{colleague.pk}/$"))
    expect(page.locator("h1")).to_have_text("Eva Lindberg")
    expect(page.locator("dl.facts")).to_contain_text("Systemägare")
    assert_no_axe_violations(page)


def _horizontal_overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_skip_link_is_first_and_pages_fit_320_px(
    page, login, assert_no_axe_violations, it_strategist
):
    login(page, it_strategist)

    page.keyboard.press("Tab")
    first = page.evaluate(
        "() => ({cls: document.activeElement.className,"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert first == {"cls": "skip-link", "href": "#main"}, first
    expect(page.locator(".skip-link")).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    scroll_width = _horizontal_overflow(page)
    assert scroll_width <= 320 + 1, f"horizontal scroll at 320 px: scrollWidth={scroll_width}"

    # A long Swedish compound in the h1 and wide tables: the tables scroll inside their own
    # keyboard-focusable region (axe: scrollable-region-focusable), the page does not.
    page.goto("/grupper/preparatory/")
    scroll_width = _horizontal_overflow(page)
    assert scroll_width <= 320 + 1, f"horizontal scroll at 320 px: scrollWidth={scroll_width}"
    assert_no_axe_violations(page)


def test_login_page_is_accessible_and_refuses_in_swedish(
    page, assert_no_axe_violations, it_strategist
):
    page.goto("/logga-in/")
    expect(page.locator("h1")).to_have_text("Logga in i Styrsam")
    assert_no_axe_violations(page)

    page.get_by_label("Användarnamn").fill(it_strategist.username)
    page.get_by_label("Lösenord").fill("fel-losenord")
    page.get_by_role("button", name="Logga in", exact=True).click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Ange ett korrekt användarnamn och lösenord")
    expect(page).to_have_url(re.compile(r"/logga-in/$"))
    assert_no_axe_violations(page)


def test_unit_and_person_lists_filter_through_one_declaration(
    page, login, assert_no_axe_violations, it_strategist
):
    """The unit list links a unit to its people; the people list's filters (htmx on the same
    URL) narrow the table and carry over to the export and API links."""
    vof = OrgUnitFactory(name="Vård- och omsorgsförvaltningen", code="vof")
    OrgUnitFactory(name="Kommunens Bostäder AB", code="bostader", kind="company")
    UserFactory(username="eva", first_name="Eva", last_name="Lindberg", profile__unit=vof)
    UserFactory(username="olle", first_name="Olle", last_name="Berg")
    login(page, it_strategist)

    page.goto("/organisation/")
    page.get_by_label("Typ").select_option("company")
    page.get_by_role("button", name="Filtrera").click()
    expect(page).to_have_url(re.compile(r"/organisation/\?.*kind=company"))
    expect(page.locator("#list-results caption")).to_have_text("1 enhet")
    assert_no_axe_violations(page)

    page.goto("/organisation/")
    page.get_by_role("link", name="Vård- och omsorgsförvaltningen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/personer/\?unit=vof$"))
    table = page.locator("#list-results table")
    expect(table).to_contain_text("Eva Lindberg")
    expect(table).not_to_contain_text("Olle Berg")
    assert_no_axe_violations(page)

    page.get_by_label("Enhet").select_option("")
    page.get_by_label("Sök namn, användarnamn eller titel").fill("olle")
    page.get_by_role("button", name="Filtrera").click()
    expect(page).to_have_url(re.compile(r"/personer/\?.*q=olle"))
    expect(page.locator("#list-results caption")).to_have_text("1 person")
    expect(page.get_by_role("link", name="Excel")).to_have_attribute(
        "href", re.compile(r"/personer/export\.xlsx\?.*q=olle")
    )
    assert_no_axe_violations(page)


def test_adding_a_member_twice_keeps_the_form_and_says_why(
    page, login, assert_no_axe_violations, it_strategist
):
    from styrsam.organisation.models import GovernanceGroup
    from tests.factories import MembershipFactory

    member = UserFactory(username="nils", first_name="Nils", last_name="Nyman")
    MembershipFactory(group=GovernanceGroup.objects.get(code="steering"), person=member)
    login(page, it_strategist)
    page.goto("/grupper/steering/")
    page.get_by_role("combobox", name="Person", exact=True).fill("nils")
    page.get_by_label("Funktion").select_option("convener")
    page.get_by_role("button", name="Lägg till", exact=True).click()

    expect(page.locator(".field-error")).to_have_text(
        "Nils Nyman är redan medlem i IT-styrgruppen."
    )
    expect(page.get_by_role("combobox", name="Person", exact=True)).to_have_value("nils")
    expect(page.get_by_label("Funktion")).to_have_value("convener")
    assert_no_axe_violations(page)
