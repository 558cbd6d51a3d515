"""Governing documents in Chromium with axe-core: the IT strategist drafts and sends on
consultation (G13, G14), the director adopts (G29), the web editor publishes (G12), and then a
citizen, logged out, reads the public register, the document, an earlier version and what
changed — with the keyboard, no cookie set, 0 axe violations on every public page (G28)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from styrsam.cases.services import consultation_close, consultation_respond
from styrsam.documents import services
from styrsam.documents.models import Document, DocumentVersion
from styrsam.guideline.policy import default_policy_path
from styrsam.guideline.services import policy_load
from styrsam.organisation.models import GovernanceGroup, Municipality
from tests.factories import MembershipFactory, UserFactory, person_with_role
from tests.vocab import c

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "# Syfte\n\nRegeln skyddar kommunens information.\n\n# Ansvar\n\n- Systemägaren klassar."


def _people():
    policy_load(actor=None, text=default_policy_path().read_text(encoding="utf-8"), source="test")
    Municipality.objects.create(name="Exempelkommun")
    anna = person_with_role(c("it_strategist"), username="anna", first_name="Anna")
    lars = person_with_role(c("municipal_director"), username="lars", first_name="Lars")
    julia = person_with_role("web_editor", username="julia", first_name="Julia")
    eva = UserFactory(username="eva", first_name="Eva")
    MembershipFactory(group=GovernanceGroup.objects.get(code=c("preparatory")), person=eva)
    return anna, lars, julia, eva


def _switch(page, login, user):
    page.context.clear_cookies()
    login(page, user)


@pytest.mark.rule("G28")
@pytest.mark.rule("G29")
@pytest.mark.rule("G12")
def test_g28_draft_to_public_page(page, login, assert_no_axe_violations):
    anna, lars, julia, eva = _people()

    # The IT strategist drafts in the browser and sends on consultation (G13, G14).
    login(page, anna)
    page.goto("/styrdokument/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Nytt styrdokument").click()
    page.get_by_label("Slag").select_option("regel")
    page.get_by_label("Rubrik").fill("Regel för informationssäkerhet")
    page.get_by_label("Text").fill(TEXT)
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa utkast").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regel för informationssäkerhet")
    assert_no_axe_violations(page)
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    page.get_by_label("Svar senast").fill(deadline.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka på remiss").click()
    expect(page.locator("main")).to_contain_text("På remiss")
    version = DocumentVersion.objects.get()
    consultation_respond(
        actor=eva, consultation=version.consultation, position="supports", text="Tydligt."
    )
    consultation_close(
        actor=anna,
        consultation=version.consultation,
        early_close_reason="Svaren lämnades vid mötet.",
    )

    # The director adopts (G29): the answers are beside the text.
    _switch(page, login, lars)
    document = Document.objects.get()
    page.goto(f"/styrdokument/{document.pk}/")
    expect(page.locator(".document-answers")).to_contain_text("Tydligt.")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Fastställ versionen").click()
    expect(page.locator("main")).to_contain_text("SD ")

    # The web editor publishes on the public website (G12).
    _switch(page, login, julia)
    page.goto(f"/styrdokument/{document.pk}/")
    page.get_by_label("Kanal").select_option("public")
    with page.expect_navigation():
        page.get_by_role("button", name="Publicera").click()
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.PUBLISHED

    # A second version, adopted and published, so there is something to compare.
    v2 = services.version_create(actor=anna, document=document, change_note="Incidenter")
    services.version_update_text(
        actor=anna, version=v2, text=TEXT + "\n\n# Incidenter\n\nAnmäl genast."
    )
    services.version_consult(actor=anna, version=v2, deadline=deadline)
    v2.refresh_from_db()
    consultation_close(
        actor=anna, consultation=v2.consultation, early_close_reason="Svaren lämnades vid mötet."
    )
    services.version_adopt(actor=lars, version=v2)
    services.version_publish(actor=julia, version=v2, channel="public")

    # A citizen, logged out: the register, the document, version 1, the comparison.
    page.context.clear_cookies()
    page.goto("/publikt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Styrdokument")
    assert_no_axe_violations(page)
    page.get_by_label("Sök i rubrik och text").fill("Anmäl genast")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("1 träff")
    page.get_by_role("link", name="Regel för informationssäkerhet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regel för informationssäkerhet")
    expect(page.locator("main")).to_contain_text("Anmäl genast")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Version 1").click()
    expect(page.locator(".notice")).to_contain_text("tidigare version")
    assert_no_axe_violations(page)
    page.goto(f"/publikt/styrdokument/{document.pk}/jamfor/")
    expect(page.locator("main")).to_contain_text("Tillagt")
    assert_no_axe_violations(page)
    page.goto("/publikt/styrdokument/999999/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    assert_no_axe_violations(page)
    assert page.context.cookies() == []

    # 200 % zoom: one column, no sideways scrolling.
    page.set_viewport_size({"width": 640, "height": 900})
    page.goto(f"/publikt/styrdokument/{document.pk}/")
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]


@pytest.mark.rule("G28")
def test_g28_details_edited_and_attachment_uploaded_in_the_browser(
    page, login, assert_no_axe_violations, settings, tmp_path
):
    """The details form (same service as the API's PATCH) and an attachment on the draft,
    downloaded by staff, with 0 axe violations on both pages."""
    settings.MEDIA_ROOT = tmp_path
    anna, _lars, _julia, _eva = _people()
    document = services.document_create(
        actor=anna, kind="regel", title="Regel för it-användning", owner=anna, text=TEXT
    )

    login(page, anna)
    page.goto(f"/styrdokument/{document.pk}/")
    page.get_by_role("link", name="Ändra uppgifter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ändra uppgifter")
    assert_no_axe_violations(page)
    page.get_by_label("Rubrik").fill("Regel för användning av it")
    page.get_by_label("Slag").select_option("anvisning")
    review = timezone.localdate() + datetime.timedelta(days=200)
    page.get_by_label("Revideras senast").fill(review.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Spara uppgifterna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regel för användning av it")
    expect(page.locator(".facts")).to_contain_text("Anvisning")
    document.refresh_from_db()
    assert (document.kind, document.review_date) == ("anvisning", review)

    page.locator("input[type=file][name=file]").set_input_files(
        files=[
            {"name": "Bilaga 1.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%%EOF"}
        ]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Ladda upp bilagan").click()
    expect(page.locator("main")).to_contain_text("Bilagan Bilaga 1.pdf är tillagd.")
    link = page.get_by_role("link", name="Bilaga 1.pdf")
    expect(link).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Bilaga 1.pdf"
    assert document.versions.get().attachments.count() == 1
