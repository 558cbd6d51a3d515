"""The catalogue import in a real browser (issue 21 item 3): the one who manages the
catalogue (the policy's ``orders.catalogue_managed_by``) downloads nothing but uploads a
price list, sees the preview, confirms and finds the articles in the catalogue; a file with an
error shows the errors by row and saves nothing. Checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from styrsam.servicedesk.importing import HEADERS
from styrsam.servicedesk.models import CatalogueItem
from tests.factories import AssetTypeFactory, person_with_role
from tests.organisation.test_import import _csv, _xlsx

pytestmark = pytest.mark.browser

ROWS = [
    {"namn": "Bärbar dator", "slag": "Dator", "hyrs": "ja", "utrustningstyp": "computer"},
    {"namn": "Headset", "slag": "Övrigt", "pris": "450"},
]


@pytest.mark.rule("G07")
def test_g07_catalogue_upload_preview_confirm(
    page, login, assert_no_axe_violations, policy, tmp_path
):
    AssetTypeFactory(code="computer", name="Dator")
    manager = person_with_role(policy.catalogue_manager_roles()[0], username="katalog")
    bad = tmp_path / "fel.csv"
    bad.write_bytes(_csv([{**ROWS[0], "hyrs": "kanske"}, ROWS[1]], HEADERS))
    upload = tmp_path / "katalog.xlsx"
    upload.write_bytes(_xlsx(ROWS, HEADERS))
    login(page, manager)
    page.goto("/kundservice/")
    page.get_by_role("link", name="Importera katalogen (Excel/CSV)").click()
    expect(page.locator("h1")).to_have_text("Importera katalogen")
    expect(page.get_by_role("link", name="Excel (.xlsx)")).to_have_attribute(
        "href", "/kundservice/importera/mall.xlsx"
    )
    assert_no_axe_violations(page)

    page.get_by_label("Fil (Excel .xlsx eller CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("alert")).to_contain_text("Ingenting sparades: 1 fel")
    expect(page.get_by_role("alert")).to_contain_text("Skriv ja eller nej.")
    assert_no_axe_violations(page)
    assert CatalogueItem.objects.count() == 0

    page.get_by_label("Fil (Excel .xlsx eller CSV)").set_input_files(str(upload))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(
        page.get_by_role("heading", name="Förhandsvisning – ingenting är sparat ännu")
    ).to_be_visible()
    expect(page.locator(".preview table")).to_contain_text("Artiklar")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Bekräfta och importera").click()
    expect(page).to_have_url(re.compile(r"/kundservice/$"))
    expect(page.locator(".messages")).to_contain_text("Importen är klar: 2 nya artiklar")
    expect(page.locator("main table")).to_contain_text("Headset")
    assert_no_axe_violations(page)
    assert CatalogueItem.objects.count() == 2
