"""Andrakommun (issue 21 "done when") walked in a real browser with its own roles and codes:
groups and composition, compliance, a decided case of each case type, a held meeting with
its minutes, an order placed, approved by the head of department and fulfilled by the service
desk, rent levels, a rent run, the ledger and the invoice basis. axe on every page: 0 WCAG
2.1 A/AA violations. The demo is Andrakommun's whatever ``STYRSAM_TEST_POLICY`` says."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from styrsam.cases.models import Decision
from styrsam.demo.loader import DEMO_PASSWORD, load_demo
from styrsam.guideline.policy import get_policy
from styrsam.meetings.models import Meeting
from styrsam.servicedesk.models import CatalogueItem, Order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RAD = "digitaliseringsradet"


def test_andrakommun_flows_through_the_pages(page, login, assert_no_axe_violations):
    demo = load_demo("andra")
    policy = get_policy()
    assert "it_strategist" not in policy.role_codes()  # Andrakommun's own codes

    def as_user(username):
        page.context.clear_cookies()
        login(page, demo.people[username], DEMO_PASSWORD)

    def visit(url, heading=None):
        response = page.goto(url)
        assert response.status == 200, (url, response.status)
        if heading:
            expect(page.locator("h1")).to_contain_text(heading)
        assert_no_axe_violations(page)

    # the coordinator (Digitaliseringsstrateg): groups, composition, compliance
    as_user("anna")
    visit("/grupper/")
    council = policy.group(RAD)
    page.get_by_role("link", name=council.name, exact=True).first.click()
    expect(page).to_have_url(re.compile(rf"/grupper/{RAD}/$"))
    expect(page.locator("h1")).to_contain_text(council.name)
    assert_no_axe_violations(page)
    visit("/efterlevnad/")

    # a decided case of each case type the demo holds, and the council's minutes
    case_types = set()
    for decision in Decision.objects.select_related("case").order_by("pk"):
        if decision.case.case_type in case_types:
            continue
        case_types.add(decision.case.case_type)
        visit(f"/arenden/{decision.case_id}/", decision.case.title)
    assert len(case_types) >= 3, case_types
    meeting = Meeting.objects.filter(group__code=RAD, status="held").order_by("-date").first()
    visit(f"/moten/{meeting.pk}/")

    # an order: placed by a department's economist, approved by the head, fulfilled (G07)
    item = CatalogueItem.objects.filter(is_active=True, rented=True).order_by("pk").first()
    as_user("tomas")
    visit(f"/kundservice/bestall/{item.pk}/")
    page.get_by_role("button", name="Skicka beställningen").click()
    expect(page.get_by_role("status")).to_contain_text("Beställningen är skickad för godkännande.")
    assert_no_axe_violations(page)
    order = Order.objects.order_by("-pk").first()
    assert order.item == item
    as_user("ingrid")
    visit(f"/kundservice/bestallningar/{order.pk}/")
    page.get_by_role("button", name="Godkänn", exact=True).click()
    expect(page.locator("main")).to_contain_text("Godkänd")
    assert_no_axe_violations(page)
    as_user("nina")
    visit(f"/kundservice/bestallningar/{order.pk}/")
    page.get_by_label("Inventarienummer 1").fill("ANDRA-WEB-1")
    page.get_by_role("button", name="Registrera leverans").click()
    expect(page.locator("main")).to_contain_text("Levererad")
    assert_no_axe_violations(page)
    order.refresh_from_db()
    assert order.status == Order.Status.FULFILLED

    # rent levels, a rent run by the IT unit's economist, the ledger and the invoice basis
    as_user("anna")
    visit("/hyra/hyresnivaer/")
    month = timezone.localdate().strftime("%Y-%m")
    as_user("helena")
    visit("/hyra/korning/")
    page.get_by_label("Månad (ÅÅÅÅ-MM)").fill(month)
    page.get_by_role("button", name="Kör hyran").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert_no_axe_violations(page)
    as_user("tomas")
    visit("/hyra/reskontra/")
    expect(page.locator("main table")).to_be_visible()
    as_user("mats")
    visit(f"/hyra/fakturaunderlag/?manad={month}")
