"""The system register in a real browser: filter the list, open a system, edit it as its
owner; the G20 page, the create form and the import page. axe-core on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from styrsam.demo.loader import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _demo_register():
    """The default policy, the demo organisation and the demo system register."""
    from styrsam.demo import organisation, systems
    from styrsam.demo.loader import DemoContext
    from styrsam.guideline.policy import default_policy_path
    from styrsam.guideline.services import policy_load

    policy_load(actor=None, text=default_policy_path().read_text(encoding="utf-8"), source="demo")
    demo = DemoContext()
    organisation.load(demo)
    systems.load(demo)
    return demo


def test_owner_filters_opens_and_edits_own_system(page, login, assert_no_axe_violations):
    demo = _demo_register()
    login(page, demo.people["eva"], DEMO_PASSWORD)

    page.goto("/system/")
    expect(page.locator("h1")).to_have_text("System")
    assert_no_axe_violations(page)
    page.select_option("#f-owner_unit", "vof")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#list-results caption")).to_contain_text("6 system")
    assert "owner_unit=vof" in page.url
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Lifecare vård och omsorg").click()
    expect(page.locator("h1")).to_have_text("Lifecare vård och omsorg")
    expect(page.get_by_role("heading", name="Årliga kostnader")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Ändra systemet").click()
    assert_no_axe_violations(page)
    page.fill("#id_vendor", "Tietoevry Care AB")
    with page.expect_navigation():
        page.click("form.narrow button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("har sparats")
    expect(page.locator("dl.facts")).to_contain_text("Tietoevry Care AB")

    page.goto(page.url + "?flik=historik")
    expect(page.locator("section.history")).to_contain_text("Tietoevry Care AB")
    assert_no_axe_violations(page)


def test_owner_cannot_edit_another_departments_system(page, login):
    demo = _demo_register()
    from styrsam.systems.models import System

    unikum = System.objects.get(name="Unikum lärplattform")
    login(page, demo.people["eva"], DEMO_PASSWORD)
    page.goto(f"/system/{unikum.pk}/")
    expect(page.get_by_role("link", name="Ändra systemet")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Kostnaderna visas bara")
    response = page.goto(f"/system/{unikum.pk}/andra/")
    assert response.status == 403


@pytest.mark.rule("G20")
def test_g20_page_and_strategist_forms_are_accessible(page, login, assert_no_axe_violations):
    demo = _demo_register()
    login(page, demo.people["anna"], DEMO_PASSWORD)
    page.goto("/system/g20/")
    expect(page.locator("main")).to_contain_text("Exempel Hamn och Fastighet AB")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Kommunens IT-plattform").click()
    expect(page.get_by_role("heading", name="IT-plattformens delar")).to_be_visible()
    assert_no_axe_violations(page)
    for url in ("/system/nytt/", "/system/import/"):
        page.goto(url)
        expect(page.locator("h1")).to_have_count(1)
        assert_no_axe_violations(page)
