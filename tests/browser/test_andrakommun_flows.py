"""Andrakommun (issue 21 "done when") walked in a real browser with its own roles and codes.

The first walk: groups and composition, compliance, the demo's decided cases and a held
meeting, an order placed, approved by the head of department and fulfilled by the service
desk, rent levels, a rent run, the ledger and the invoice basis. The second: every case type of
the policy reported on the form, its steps done in the policy's order by the roles it names
(the extra step, a consultation answered in the forum, a step assessed as needed and one as
not needed, a notification forwarded), then a meeting of the deciding group planned on the
page, its agenda built, held, every case decided in its minutes, the minutes approved by the
adjuster and the chair and locked. axe on every page state: 0 WCAG 2.1 A/AA violations, and
no name of the default guideline's roles and groups on the pages of the second walk. The demo
is Andrakommun's whatever ``STYRSAM_TEST_POLICY`` says."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from styrsam.cases.models import Case, Decision
from styrsam.demo.loader import DEMO_PASSWORD, load_demo
from styrsam.guideline.policy import default_policy_path, get_policy, load_file_policy
from styrsam.meetings.models import Meeting, MinuteItem
from styrsam.organisation.models import GovernanceGroup, Membership, OrgUnit
from styrsam.organisation.roles import has_role
from styrsam.organisation.selectors import role_holders
from styrsam.servicedesk.models import CatalogueItem, Order
from styrsam.systems.selectors import common_system_of_kind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RAD = "digitaliseringsradet"


def test_andrakommun_flows_through_the_pages(page, login, assert_no_axe_violations):
    demo = load_demo("andra")
    policy = get_policy()
    assert "it_strategist" not in policy.role_codes()  # Andrakommun's own codes
    default_names = _default_names(policy)

    def as_user(username):
        page.context.clear_cookies()
        login(page, demo.people[username], DEMO_PASSWORD)

    def visit(url, heading=None, *, demo_text=False):
        """``demo_text``: the page shows the demo's own texts (minutes, decisions), which are
        written in the default guideline's words; the page's own words are checked elsewhere."""
        response = page.goto(url)
        assert response.status == 200, (url, response.status)
        if heading:
            expect(page.locator("h1")).to_contain_text(heading)
        if not demo_text:
            _own_words(page, default_names)
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
        visit(f"/arenden/{decision.case_id}/", decision.case.title, demo_text=True)
    assert len(case_types) >= 3, case_types
    meeting = Meeting.objects.filter(group__code=RAD, status="held").order_by("-date").first()
    visit(f"/moten/{meeting.pk}/", demo_text=True)

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


def _default_names(policy) -> list[str]:
    """The default guideline's names of roles and groups that ``policy`` does not use."""
    default = load_file_policy(default_policy_path())
    names = {default.role_name(r) for r in default.role_codes()}
    names |= {g.name for g in default.groups.values()}
    names -= {policy.role_name(r) for r in policy.role_codes()}
    return sorted(names - {g.name for g in policy.groups.values()})


def _own_words(page, default_names) -> None:
    """No name of the default guideline's roles and groups on Andrakommun's page (issue 21)."""
    text = page.locator("main").inner_text().lower()
    found = [name for name in default_names if name.lower() in text]
    assert not found, (page.url, found)


def _holder(role: str, *, exclude=()):
    """The first person (by id) holding ``role`` of the active policy, other than ``exclude``."""
    assignment = (
        role_holders(role)
        .exclude(person__in=list(exclude))
        .filter(person__is_superuser=False)
        .order_by("person_id")
        .first()
    )
    assert assignment is not None, f"the demo has no one holding {role}"
    return assignment.person


def _actor_for(roles, policy, *, exclude=()):
    """A holder of one of ``roles``, the municipality's own roles before the coordinator's:
    the walk shows that the roles the policy names do the work, not the coordinator alone."""
    ordered = [r for r in roles if r not in policy.coordinator_roles()] + [
        r for r in roles if r in policy.coordinator_roles()
    ]
    for role in ordered:
        if role_holders(role).exclude(person__in=list(exclude)).exists():
            return _holder(role, exclude=exclude)
    raise AssertionError(f"no one holds any of {roles}")


@pytest.mark.rule("G21", "G03", "G13", "G14", "G27")
def test_g21_every_case_type_to_a_decision_in_a_meetings_minutes(
    page, login, assert_no_axe_violations
):
    """Issue 21: every case type of Andrakommun's policy is reported on the report form by a
    role the policy lets report it, its steps are done in the policy's order by their
    performers (the extra step, the consultation in the consulted group, the step assessed as
    needed or not, the forwarding of a notification), and each type with a decision is put on
    a meeting of its deciding group, planned on the page, and decided in the minutes by the
    convener (who records decisions, G13); the adjuster and the chair approve and the minutes
    lock. Everything from get_policy(): no code of the default policy."""
    demo = load_demo("andra")
    policy = get_policy()
    coordinator = _holder(policy.coordinator_roles()[0])
    default_names = _default_names(policy)
    current = {"user": None}

    def as_user(user):
        if current["user"] != user.pk:
            page.context.clear_cookies()
            login(page, user, DEMO_PASSWORD)
            current["user"] = user.pk

    def own_words():
        _own_words(page, default_names)

    def visit(url, heading=None):
        response = page.goto(url)
        assert response.status == 200, (url, response.status)
        if heading:
            expect(page.locator("h1")).to_contain_text(heading)
        own_words()
        assert_no_axe_violations(page)

    def submit(scope, button, message):
        with page.expect_navigation():
            scope.get_by_role("button", name=button, exact=True).click()
        expect(page.locator(".messages")).to_contain_text(message)
        own_words()
        assert_no_axe_violations(page)

    # 1. Report one case of every type, each by a reporting role of the policy.
    kinds = [code for code, _name in policy.common_kind_choices()]
    common = next(s for k in kinds if (s := common_system_of_kind(k)) is not None)
    departments = OrgUnit.objects.filter(kind="department", is_active=True).order_by("name")
    cases = {}
    for code in policy.case_type_codes():
        reporter = _actor_for(policy.case_type(code)["reported_by"], policy)
        as_user(reporter)
        visit(f"/arenden/anmal/?typ={code}", "Anmäl behov")
        title = f"Andrakommun {policy.case_type_name(code)[:60]}"
        page.get_by_label("Rubrik").fill(title)
        page.get_by_label("Beskriv behovet").fill("Anmält genom sidorna (issue 21).")
        category = policy.registers_system(code)
        if category and policy.category_one_per_kind(category):
            # a larger change of the municipality's one system of its kind (G18, G19)
            picker = page.get_by_role("combobox", name="Befintligt system som berörs")
            picker.focus()
            page.keyboard.type(common.name)
            page.get_by_role("option", name=re.compile(re.escape(common.name))).first.click()
            expect(picker).to_have_value(re.compile(re.escape(common.name)))
        elif category:
            page.get_by_label("Namn på nytt system").fill(f"Nytt system {code}")
        if policy.carries_amount(code):
            page.get_by_label("Sökt belopp från centrala medel (kr)").fill("250000")
        if policy.forwarding_step(code):
            page.get_by_label(departments[0].name, exact=True).check()
        submit(page.locator("main"), "Anmäl", "Ärendet är registrerat")
        case = Case.objects.get(title=title)
        assert case.reporter_id == reporter.pk and case.case_type == code
        assert page.url.endswith(f"/arenden/{case.pk}/")
        cases[code] = case

    # 2. Each case's steps in the policy's order, by the roles the policy names for them.
    council_answered = False
    for code, case in cases.items():
        for step in policy.steps(code):
            row = page.locator("ol.case-path > li", has=page.locator(f"#step-{step.code}"))
            if step.is_forwarding:
                as_user(coordinator)
                visit(f"/arenden/{case.pk}/", case.title)
                form = page.locator("section[aria-labelledby=forward-heading]")
                for group in sorted({policy.deciding_group(t) for t in cases} - {None}):
                    form.get_by_label(policy.group(group).name, exact=True).check()
                submit(form, "Vidarebefordra", "Anmälan är vidarebefordrad")
            elif step.when_needed and (step.is_consultation or council_answered):
                # assessed as not needed: the coordinator's call, with the reason (G21)
                as_user(coordinator)
                visit(f"/arenden/{case.pk}/", case.title)
                row.get_by_text("Bedöm om steget behövs").click()
                row.get_by_label("Nej, steget behövs inte").check()
                row.get_by_label("Motivering").fill("Ingen ny fråga för gruppen.")
                submit(row, "Spara bedömning", "Bedömningen är sparad")
                expect(row).to_contain_text("Behövs inte")
            elif step.is_consultation:
                as_user(coordinator)
                visit(f"/arenden/{case.pk}/", case.title)
                row.get_by_text("Skicka på remiss").click()
                deadline = timezone.localdate() + datetime.timedelta(days=14)
                row.get_by_label("Svar senast").fill(deadline.isoformat())
                row.get_by_label("Frågeställning").fill("Synpunkter på behovet?")
                submit(row, "Skicka remiss", "Ärendet är skickat på remiss")
                consultation = case.consultations.get()
                assert consultation.group.code == step.consultation_group
                member = (
                    Membership.objects.filter(
                        group__code=step.consultation_group, function=Membership.Function.MEMBER
                    )
                    .order_by("pk")
                    .first()
                    .person
                )
                as_user(member)
                visit(f"/remisser/{consultation.pk}/", case.registration_number)
                page.get_by_label("Tillstyrker").check()
                page.get_by_role("textbox", name="Remissvar").fill("Förvaltningen stöder behovet.")
                submit(page.locator("main"), "Skicka svar", "Ditt remissvar är registrerat")
                as_user(coordinator)
                visit(f"/remisser/{consultation.pk}/", case.registration_number)
                page.get_by_label("Sammanfattning av remissvaren").fill("Stöd från forumet.")
                page.get_by_label("Skäl att avsluta före sista svarsdag").fill("Svar räcker.")
                submit(page.locator("main"), "Avsluta remissen", "förankringen är klar")
            else:
                if step.when_needed:  # assessed as needed, then done by its performer
                    as_user(coordinator)
                    visit(f"/arenden/{case.pk}/", case.title)
                    row.get_by_text("Bedöm om steget behövs").click()
                    row.get_by_label("Ja, steget behövs").check()
                    row.get_by_label("Motivering").fill("Lednings­gruppen ska känna till det.")
                    submit(row, "Spara bedömning", "Bedömningen är sparad")
                    council_answered = True
                as_user(_actor_for(step.performer_roles, policy))
                visit(f"/arenden/{case.pk}/", case.title)
                row.get_by_text("Markera som utfört").click()
                row.get_by_label("Kommentar").fill(f"{step.name} (issue 21).")
                submit(row, "Utfört", "Steget är markerat som utfört")
            done = case.steps.get(code=step.code)
            assert done.is_done or done.needed is False, (code, step.code)
        case.refresh_from_db()
        expected = Case.Status.READY if policy.deciding_group(code) else Case.Status.CLOSED
        assert case.status == expected, (code, case.status)
    assert council_answered  # some step was assessed as needed and done

    # 3. Each deciding group meets: planned on the page by its convener, the ready cases on
    # the agenda with a free item, held, decided in the minutes, approved and locked (G13).
    for group_code in sorted({policy.deciding_group(t) for t in cases} - {None}):
        group = GovernanceGroup.objects.get(code=group_code)
        group_policy = policy.group(group_code)
        deciding = [c for t, c in cases.items() if policy.deciding_group(t) == group_code]
        convener = _holder(group_policy.convener_role)
        # the convener writes the minutes, and the policy lets that role record decisions
        assert group_policy.convener_role in policy.roles_with("record_decisions")
        as_user(convener)
        visit("/moten/")
        with page.expect_navigation():
            page.get_by_role("link", name=f"Planera möte för {group_policy.name}").click()
        assert_no_axe_violations(page)
        today = timezone.localdate()
        page.get_by_label("Datum").fill(today.isoformat())
        page.get_by_label("Starttid").fill("09:00")
        page.get_by_label("Sluttid").fill("11:00")
        page.get_by_label("Plats", exact=True).fill("Rådssalen")
        submit(page.locator("main"), "Planera", "Mötet är planerat")
        meeting = Meeting.objects.get(group=group, date=today, place="Rådssalen")
        assert page.url.endswith(f"/moten/{meeting.pk}/")
        chair = meeting.chair
        assert chair is not None and has_role(chair, group_policy.chair_role)
        with page.expect_navigation():
            page.get_by_role("button", name="Hämta ärenden som är redo").click()
        agenda = page.locator("section[aria-labelledby=agenda-heading] table")
        for case in deciding:
            expect(agenda).to_contain_text(case.registration_number)
        assert_no_axe_violations(page)
        page.get_by_role("combobox", name="Typ", exact=True).select_option("free")
        page.locator("#agenda_title").fill("Information om digitaliseringsläget")
        submit(page.locator("main"), "Lägg till punkt", "Punkten har lagts till")
        expect(agenda).to_contain_text("Information om digitaliseringsläget")
        with page.expect_navigation():
            page.get_by_role("button", name="Markera som genomfört").click()
        expect(page.locator("dl.facts")).to_contain_text("Genomfört")
        assert_no_axe_violations(page)

        for case in deciding:
            item = meeting.agenda_items.get(case=case)
            page.select_option("#minute_agenda_item", str(item.pk))
            page.select_option("#minute_case", str(case.pk))
            page.select_option("#minute_decision_outcome", "approved")
            page.fill("#minute_decision", f"{group_policy.name} bifaller {case.title}.")
            if policy.carries_amount(case.case_type):
                page.fill("#minute_amount_granted", "200000")
            submit(page.locator("main"), "Lägg till paragraf", "beslutet är registrerat")
            decision = Decision.objects.get(case=case)
            assert decision.minute_item.meeting_id == meeting.pk
            assert decision.outcome == "approved"
            case.refresh_from_db()
            assert case.status == Case.Status.DECIDED
            if policy.carries_amount(case.case_type):
                assert case.amount_granted == 200000
        visit(f"/arenden/{deciding[0].pk}/", deciding[0].title)
        with page.expect_navigation():
            page.get_by_role("link", name="Bifall").click()
        expect(page.locator("dl.facts")).to_contain_text(group_policy.name)
        own_words()
        assert_no_axe_violations(page)

        # approval (justering): an adjuster among the members, the chair, then the adjuster
        adjuster = (
            Membership.objects.filter(group=group, function=Membership.Function.MEMBER)
            .exclude(person=chair)
            .order_by("pk")
            .first()
            .person
        )
        visit(f"/moten/{meeting.pk}/")
        page.get_by_role("combobox", name="Justerare", exact=True).select_option(str(adjuster.pk))
        submit(page.locator("main"), "Ange justerare", "Justeraren har angetts")
        for approver in (chair, adjuster):
            as_user(approver)
            visit(f"/moten/{meeting.pk}/")
            submit(page.locator("main"), "Justera protokollet", "Du har justerat protokollet")
        minutes = page.locator("section[aria-labelledby=minutes-heading]")
        expect(minutes).to_contain_text("Justerat och låst")
        meeting.refresh_from_db()
        assert meeting.minutes_locked_at is not None
        assert not MinuteItem.objects.filter(meeting=meeting, locked=False).exists()

    assert all(c.decisions.exists() for t, c in cases.items() if policy.deciding_group(t))
    assert demo.people  # the demo's people did it, under Andrakommun's policy
