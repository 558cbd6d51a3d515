"""G29 in a real browser: the municipal director opens the draft the IT strategist prepared,
reads what it changes rule by rule next to the version in force, and adopts it. Every page is
checked with axe-core for WCAG 2.1 A/AA (convention 11)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from styrsam.demo.loader import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.rule("G29")]


def _demo():
    from styrsam.demo import guideline, organisation
    from styrsam.demo.loader import DemoContext
    from styrsam.guideline.policy import default_policy_path
    from styrsam.guideline.services import policy_load

    policy_load(actor=None, text=default_policy_path().read_text(encoding="utf-8"), source="demo")
    demo = DemoContext()
    organisation.load(demo)
    guideline.load(demo)
    return demo


def test_g29_director_adopts_the_draft(page, login, assert_no_axe_violations):
    demo = _demo()
    login(page, demo.people["lars"], DEMO_PASSWORD)

    page.goto("/riktlinje/")
    drafts = page.get_by_role("region", name="Utkast och kommande versioner")
    expect(drafts).to_contain_text("väntar på att Kommundirektör antar det")
    assert_no_axe_violations(page)

    drafts.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/riktlinje/version/2/$"))
    changes = page.get_by_role("table", name=re.compile("ändring"))
    expect(changes).to_contain_text("groups.steering.meetings_per_year.min")
    expect(changes).to_contain_text("G13")
    assert_no_axe_violations(page)

    page.get_by_label("Gäller från").fill(timezone.localdate().isoformat())
    page.get_by_label("Beslutstext").fill("Riktlinjen fastställs i reviderad form.")
    page.get_by_role("button", name="Anta").click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text("är antagen")
    expect(page.locator("dl.facts")).to_contain_text(f"RL {timezone.localdate().year}/1")
    assert_no_axe_violations(page)
