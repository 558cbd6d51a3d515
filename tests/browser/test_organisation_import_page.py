"""Set-up without a developer, in a real browser (issue 21 item 3): the coordinator uploads
an HR extract, sees the preview with what will be created, confirms, and finds the new unit
on the organisation page. Checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.organisation.test_import import _extract, _xlsx

pytestmark = pytest.mark.browser


@pytest.mark.rule("G01")
def test_g01_upload_preview_confirm(
    page, login, assert_no_axe_violations, it_strategist, policy, tmp_path
):
    upload = tmp_path / "hr.xlsx"
    upload.write_bytes(_xlsx(_extract(policy)))
    login(page, it_strategist)
    page.goto("/organisation/")
    page.get_by_role("link", name="Importera från HR/AD (Excel/CSV)").click()
    expect(page.locator("h1")).to_have_text("Importera organisationen")
    assert_no_axe_violations(page)
    page.get_by_label("Fil (Excel .xlsx eller CSV)").set_input_files(str(upload))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(
        page.get_by_role("heading", name="Förhandsvisning – ingenting är sparat ännu")
    ).to_be_visible()
    expect(page.locator(".preview table")).to_contain_text("Personer")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Bekräfta och importera").click()
    expect(page).to_have_url(re.compile(r"/organisation/$"))
    expect(page.locator(".messages")).to_contain_text("Importen är klar: 3 nya personer")
    expect(page.locator("main table")).to_contain_text("Socialförvaltningen")
    assert_no_axe_violations(page)
