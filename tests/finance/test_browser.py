"""The money pages in Chromium (axe: zero WCAG 2.1 A/AA violations on every page): the
economist's statement with its chart and table, setting the department's budget (G24–G27);
the financing group deciding a budget from its minutes (G16); a key (G26); a system's total
cost and the co-financing pool on a case (G27)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from styrsam.cases import services as case_services
from styrsam.finance import services
from styrsam.finance.models import BudgetPlan, DepartmentBudget
from tests.factories import person_with_role
from tests.vocab import c

from .conftest import YEAR, decided_plan, minute_item, plan

pytestmark = pytest.mark.browser


def _switch(page, login, user):
    page.context.clear_cookies()
    login(page, user)


@pytest.mark.rule("G24")
@pytest.mark.rule("G26")
def test_g24_g26_economist_opens_the_statement_and_sets_the_budget(
    page,
    login,
    assert_no_axe_violations,
    economist_vof,
    it_economist,
    common_system,
    own_system,
    vof,
    bou,
):
    services.allocation_key_create(
        actor=it_economist,
        system=common_system,
        basis="users",
        valid_from=YEAR,
        weights=[(vof, 3), (bou, 1)],
    )
    login(page, economist_vof)
    page.goto("/ekonomi/forvaltning/")
    expect(page.locator("h1")).to_have_text(
        f"IT-kostnader för Vård- och omsorgsförvaltningen {YEAR}"
    )
    expect(page.locator("figure.chart svg[role=img]")).to_be_visible()
    expect(
        page.get_by_role("row", name=re.compile("Andelar av kommungemensamma system"))
    ).to_contain_text("75")
    assert_no_axe_violations(page)
    page.select_option("#id_source", "own_systems")
    page.fill("#id_amount", "50000")
    page.get_by_role("button", name="Spara budget").click()
    expect(page.locator(".messages")).to_contain_text("Budgeten är sparad.")
    assert DepartmentBudget.objects.get(department=vof).amount == 50000
    assert_no_axe_violations(page)
    page.goto(f"/system/{common_system.pk}/")
    expect(page.get_by_role("heading", name="Totalkostnad per år")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.rule("G16")
@pytest.mark.rule("G26")
def test_g16_g26_the_financing_group_decides_and_sees_all_departments(
    page, login, assert_no_axe_violations, finance_director, it_economist, common_system, vof, bou
):
    draft = plan(it_economist)
    item = minute_item(c("financing"))
    login(page, finance_director)
    for url in ("/ekonomi/", "/ekonomi/budget/", f"/ekonomi/budget/{draft.pk}/"):
        page.goto(url)
        expect(page.locator("h1")).to_have_count(1)
        assert_no_axe_violations(page)
    page.select_option("#id_decide-minute_item", str(item.pk))
    page.get_by_role("button", name="Registrera beslutet").click()
    expect(page.locator(".messages")).to_contain_text("Budgeten är beslutad.")
    assert BudgetPlan.objects.get(pk=draft.pk).status == "decided"
    assert_no_axe_violations(page)
    page.goto("/ekonomi/fordelning/ny/")
    page.fill("#id_system", common_system.name)  # the picker takes the exact name too
    page.select_option("#id_basis", "equal")
    page.fill(f"#id_w_{vof.pk}", "1")
    page.fill(f"#id_w_{bou.pk}", "1")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Fastställ nyckeln").click()
    expect(page.locator(".messages")).to_contain_text("Fördelningsnyckeln är fastställd.")
    assert_no_axe_violations(page)
    page.goto("/ekonomi/oversikt/")
    expect(page.locator("body")).to_contain_text("Stämmer på öret")
    assert_no_axe_violations(page)


@pytest.mark.rule("G27")
def test_g27_the_pool_on_the_case_page(
    page, login, assert_no_axe_violations, finance_director, strategist, vof
):
    decided_plan(finance_director, strategist, kind="pool", amounts=(100000, 100000, 100000))
    head = person_with_role("head_of_department", unit=vof, username="ingrid")
    case = case_services.case_report(
        actor=head, case_type=c("co_financing"), title="E-tjänst", amount_requested=150000
    )
    login(page, strategist)
    page.goto(f"/arenden/{case.pk}/")
    expect(
        page.get_by_role("heading", name=re.compile("Centrala medel för delfinansiering"))
    ).to_be_visible()
    expect(page.locator("body")).to_contain_text("Det sökta beloppet är större än det som återstår")
    assert_no_axe_violations(page)
