"""Browser walk of a G21 case from report to decision in Chromium, with axe-core (WCAG 2.1
A/AA) on every page on the way (convention 11). Uses the fixtures of tests/browser."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from styrsam.cases.models import Case
from tests.vocab import c

from .conftest import report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.rule("G21")]


def _logout(page):
    page.context.clear_cookies()


def test_g21_browser_walk_from_report_to_decision(page, login, assert_no_axe_violations, actors):
    login(page, actors["owner"])
    page.goto("/arenden/anmal/")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("kommungemensamt system")).click()
    assert_no_axe_violations(page)
    page.fill("#id_title", "Byte av lönesystem")
    page.fill("#id_description", "Avtalet löper ut.")
    page.select_option("#id_common_kind", "payroll_hr")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    case = Case.objects.get()
    assert page.url.endswith(f"/arenden/{case.pk}/")
    assert "Det här hindrar beslut" in page.inner_text("main")
    assert_no_axe_violations(page)
    page.goto("/arenden/")
    assert_no_axe_violations(page)

    _logout(page)
    login(page, actors["strategist"])
    page.goto(f"/arenden/{case.pk}/")
    for code in (c("need_reported"), c("procurement_contacted"), c("it_unit_contacted")):
        page.click(f"#step-{code} ~ details summary")
        with page.expect_navigation():
            page.click(f"form[action$='/steg/{code}/utfort/'] button")
    assert_no_axe_violations(page)
    page.click("#step-preparatory_anchoring ~ details summary")
    deadline = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    page.fill("#deadline-preparatory_anchoring", deadline)
    with page.expect_navigation():
        page.click("form[action$='/remiss/'] button")
    page.fill("#id_text", "Bifall.")
    with page.expect_navigation():
        page.click("form[action$='/beslut/'] button")
    assert "Beslut kan inte fattas" in page.inner_text("main")
    assert_no_axe_violations(page)
    page.goto("/arenden/oppna/")
    assert_no_axe_violations(page)
    page.goto("/")
    assert_no_axe_violations(page)

    consultation = case.consultations.get()
    _logout(page)
    login(page, actors["prep_member"])
    page.goto(f"/remisser/{consultation.pk}/")
    assert_no_axe_violations(page)
    page.check("input[name=position][value=supports]")
    page.fill("#id_text", "Bra förslag.")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.goto("/inkorg/")
    assert_no_axe_violations(page)

    _logout(page)
    login(page, actors["strategist"])
    page.goto(f"/remisser/{consultation.pk}/")
    assert_no_axe_violations(page)
    with page.expect_navigation():  # before the deadline, one answer missing: a reason (G14)
        page.click("form[action$='/avsluta/'] button")
    assert "ange skälet att avsluta remissen i förtid" in page.inner_text("main")
    assert_no_axe_violations(page)
    page.fill("#id_early_close_reason", "Beslutet brådskar; övriga har inte invänt.")
    with page.expect_navigation():
        page.click("form[action$='/avsluta/'] button")
    page.fill("#id_text", "IT-styrgruppen godkänner bytet.")
    with page.expect_navigation():
        page.click("form[action$='/beslut/'] button")
    assert "Beslutet är registrerat" in page.inner_text("main")
    assert_no_axe_violations(page)
    page.goto("/beslut/")
    assert "Byte av lönesystem" in page.inner_text("main")
    assert_no_axe_violations(page)
    page.click("main table tbody a")
    assert_no_axe_violations(page)
    assert case.decisions.count() == 1
    assert case.consultations.get().early_close_reason.startswith("Beslutet brådskar")


@pytest.mark.rule("G14")
def test_g14_refused_consultation_in_the_browser(page, login, assert_no_axe_violations, actors):
    """A refused consultation comes back with what was typed, the error on its field and a
    summary at the top linking to it; the open cases filter by what they wait for."""
    case = report(actors["owner"])
    login(page, actors["strategist"])
    page.goto(f"/arenden/{case.pk}/")
    page.click("#step-preparatory_anchoring ~ details summary")
    page.fill("#deadline-preparatory_anchoring", "2000-01-01")
    page.fill("#question-preparatory_anchoring", "Hur påverkas skolorna?")
    with page.expect_navigation():
        page.click("form[action$='/remiss/'] button")
    assert page.input_value("#question-preparatory_anchoring") == "Hur påverkas skolorna?"
    assert "Sista svarsdag kan inte ligga i det förflutna." in page.inner_text(
        "#deadline-preparatory_anchoring_error"
    )
    page.click(".error-summary a")
    assert page.evaluate("document.activeElement.id") == "deadline-preparatory_anchoring"
    assert_no_axe_violations(page)
    page.goto("/arenden/oppna/")
    with page.expect_navigation():
        page.click("text=Väntar på: Förankrat i IT-strategiska beredningsgruppen")
    assert "waiting_for=preparatory_anchoring" in page.url
    assert case.registration_number in page.inner_text("main table")
    assert_no_axe_violations(page)
