"""The projects pages in Chromium (axe: zero WCAG 2.1 A/AA violations on every page): a
department's notification forwarded by the IT strategist becomes a project (G03); the
department's member of the preparatory group reports its status before the meeting, which
the meeting's page shows (G14); the project is finished. The portfolio, the timeline, the
staffing with an over-booked person (G11) and the plans."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from styrsam.cases import services as case_services
from styrsam.projects import services
from styrsam.projects.models import Project
from tests.vocab import c

from .conftest import TODAY, project

pytestmark = pytest.mark.browser


def _switch(page, login, user):
    page.context.clear_cookies()
    login(page, user)


@pytest.mark.rule("G03")
@pytest.mark.rule("G14")
def test_g03_g14_notification_to_project_to_report_to_finished(
    page,
    login,
    assert_no_axe_violations,
    strategist,
    head_of_vof,
    prep_member,
    vof,
    groups,
    meeting,
):
    case = case_services.case_report(
        actor=head_of_vof,
        case_type=c("project_notification"),
        title="Digital signering i hemtjänsten",
    )
    case_services.case_forward(actor=strategist, case=case, groups=[groups[c("preparatory")]])
    created = Project.objects.get(case=case)

    login(page, strategist)
    page.goto(f"/arenden/{case.pk}/")
    page.get_by_role("link", name="Digital signering i hemtjänsten").first.click()
    expect(page.locator("h1")).to_have_text("Digital signering i hemtjänsten")
    expect(page.locator("dl.facts")).to_contain_text("Planerat")
    assert_no_axe_violations(page)

    _switch(page, login, prep_member)
    page.goto(f"/moten/{meeting.pk}/")
    expect(page.locator("#project-reports-heading")).to_be_visible()
    expect(page.get_by_text("1 projekt saknar statusrapport")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Digital signering i hemtjänsten").click()
    page.get_by_label("Inför möte").select_option(str(meeting.pk))
    page.get_by_label("Gult").check()
    page.get_by_label("Lägesbeskrivning").fill("Upphandling pågår.")
    page.get_by_label("Nästa steg").fill("Tilldelning.")
    page.get_by_role("button", name="Lämna rapport").click()
    expect(page.get_by_text("Statusrapporten är lämnad.")).to_be_visible()
    expect(page.locator("ol.trend")).to_contain_text("Gult")
    assert_no_axe_violations(page)
    page.goto(f"/moten/{meeting.pk}/")
    expect(page.get_by_role("table", name="1 rapporterat projekt")).to_contain_text(
        "Upphandling pågår."
    )

    _switch(page, login, head_of_vof)
    page.goto(created.get_absolute_url())
    page.get_by_label("Ny fas").select_option("ongoing")
    page.get_by_role("button", name="Ändra fas").click()
    expect(page.get_by_text("Projektets fas är ändrad.")).to_be_visible()
    page.get_by_label("Ny fas").select_option("finished")
    page.get_by_role("button", name="Ändra fas").click()
    expect(page.locator("dl.facts")).to_contain_text("Avslutat")
    created.refresh_from_db()
    assert created.phase == "finished" and created.actual_end == TODAY


@pytest.mark.rule("G11")
def test_g11_portfolio_timeline_staffing_and_plans(
    page, login, assert_no_axe_violations, strategist, it_head, it_staff, vof, bou
):
    a = project(strategist, vof, name="Digital hemtjänst")
    b = project(strategist, bou, name="Skolplattform")
    project(strategist, bou, name="En idé", phase="idea")
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    for p, percent in ((a, 70), (b, 50)):
        services.staffing_add(
            actor=it_head,
            project=p,
            person=it_staff[0],
            percent=percent,
            start=monday,
            end=monday + datetime.timedelta(weeks=3),
        )
    login(page, it_head)
    page.goto("/projekt/")
    expect(page.get_by_role("link", name="Skolplattform")).to_be_visible()
    page.select_option("#f-department", "bou")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.get_by_role("link", name="Digital hemtjänst")).to_have_count(0)
    assert_no_axe_violations(page)
    page.goto("/projekt/tidslinje/")
    expect(page.get_by_role("table", name="Vård- och omsorgsförvaltningen")).to_contain_text(
        "Digital hemtjänst"
    )
    assert_no_axe_violations(page)
    page.goto("/projekt/bemanning/")
    expect(page.get_by_role("row", name="Kalle Ek överbokad")).to_contain_text("120")
    assert_no_axe_violations(page)
    page.goto(a.get_absolute_url())
    page.get_by_label("Person vid IT-enheten").select_option(str(it_staff[1].pk))
    page.get_by_label("Andel av arbetstiden (%)").fill("30")
    page.get_by_label("Från").fill(monday.isoformat())
    page.get_by_label("Till").fill((monday + datetime.timedelta(weeks=2)).isoformat())
    page.get_by_role("button", name="Lägg till").click()
    expect(page.get_by_text("Bemanningen är tillagd.")).to_be_visible()
    assert_no_axe_violations(page)
    _switch(page, login, strategist)
    page.goto("/planer/")
    assert_no_axe_violations(page)
