"""The picker combobox in a real browser, used with the keyboard only (W3C ARIA APG combobox),
checked with axe while its list of matches is open and after a choice (issue 17)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser_plugin import _login
from tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.rule("G13")
def test_person_is_found_by_name_and_chosen_with_the_keyboard(
    page, login, assert_no_axe_violations, it_strategist
):
    unit = OrgUnitFactory(name="Kulturförvaltningen", code="kf")
    UserFactory(username="nils", first_name="Nils", last_name="Nyman", profile__unit=unit)
    UserFactory(username="nina", first_name="Nina", last_name="Nyström")
    login(page, it_strategist)
    page.goto("/grupper/steering/")

    field = page.get_by_role("combobox", name="Person", exact=True)
    field.focus()
    page.keyboard.type("nyma")
    listbox = page.locator("#id_person_listbox")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option")).to_contain_text("Nils Nyman")
    expect(listbox.get_by_role("option")).to_contain_text("Kulturförvaltningen")
    assert_no_axe_violations(page)

    page.keyboard.press("ArrowDown")
    option = listbox.get_by_role("option").first
    expect(option).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", "id_person_opt1")
    page.keyboard.press("Enter")
    expect(field).to_have_value("Nils Nyman (nils)")
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()

    # Escape closes an open list without choosing
    page.get_by_role("combobox", name="Representerar enhet").focus()
    page.keyboard.type("kultur")
    unit_list = page.locator("#id_represents_listbox")
    expect(unit_list.get_by_role("option")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(unit_list).to_be_hidden()
    expect(page.get_by_role("combobox", name="Representerar enhet")).to_have_value("kultur")
    page.keyboard.press("Escape")
    expect(page.get_by_role("combobox", name="Representerar enhet")).to_have_value("")

    with page.expect_navigation():
        page.get_by_role("button", name="Lägg till", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Medlemmen har lagts till.")
    members = page.get_by_role("table", name="Ledamöter")
    expect(members.get_by_role("link", name="Nils Nyman", exact=True)).to_be_visible()
    assert_no_axe_violations(page)


def test_several_units_are_chosen_and_removed_as_checkboxes(
    page, login, assert_no_axe_violations, it_strategist
):
    OrgUnitFactory(name="Kulturförvaltningen", code="kf")
    OrgUnitFactory(name="Kommunledningsförvaltningen", code="klf")
    login(page, it_strategist)
    page.goto("/system/nytt/")

    field = page.get_by_role("combobox", name="Användande enheter")
    field.focus()
    page.keyboard.type("förvaltningen")
    listbox = page.locator("#id_using_units_listbox")
    expect(listbox.get_by_role("option")).to_have_count(2)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(field).to_have_value("")
    chosen = page.locator("#id_using_units_chosen")
    expect(chosen.get_by_role("checkbox")).to_have_count(1)
    expect(chosen.get_by_role("checkbox").first).to_be_checked()
    assert_no_axe_violations(page)


def test_picker_works_as_a_plain_field_without_javascript(browser, live_server, it_strategist):
    UserFactory(username="nils", first_name="Nils", last_name="Nyman")
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        _login(page, it_strategist)
        page.goto("/grupper/steering/")
        page.get_by_role("combobox", name="Person", exact=True).fill("nils")
        with page.expect_navigation():
            page.get_by_role("button", name="Lägg till", exact=True).click()
        members = page.get_by_role("table", name="Ledamöter")
        expect(members.get_by_role("link", name="Nils Nyman", exact=True)).to_be_visible()
    finally:
        context.close()
