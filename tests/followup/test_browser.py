"""The follow-up in Chromium with axe-core on every page.

- G31: a citizen, logged out, joins the panel from the invitation e-mail and answers a survey
  from the survey e-mail with the keyboard only; no cookie is ever set; the used link answers
  404; the member's own pages; the survey page at 320 px and at 200 % zoom, in English too.
- G30: a respondent answers from the start page's to-do; the IT strategist reads the results
  with charts and tables, the round, the instrument and the panel's survey results."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from styrsam.followup import services
from styrsam.followup.models import Answer, PanelMember, Response, SurveyAnswer
from styrsam.guideline.policy import default_policy_path
from styrsam.guideline.services import policy_load
from styrsam.organisation.models import GovernanceGroup, Membership, Municipality
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory, person_with_role
from tests.vocab import c

from .conftest import INSTRUMENTS, QUESTIONS, links_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _people():
    policy_load(actor=None, text=default_policy_path().read_text(encoding="utf-8"), source="test")
    Municipality.objects.create(name="Exempelkommun")
    prep = GovernanceGroup.objects.get(code=c("preparatory"))
    anna = person_with_role("it_strategist", username="anna")
    MembershipFactory(group=prep, person=anna, function=Membership.Function.CHAIR_CONVENER)
    vof = OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")
    eva = UserFactory(username="eva", email="eva@exempelkommun.se")
    MembershipFactory(group=prep, person=eva, represents=vof)
    return anna, eva, vof


def _panel(anna):
    return services.panel_create(
        actor=anna,
        name="Medborgarpanelen",
        purpose="Att förbättra kommunens e-tjänster utifrån invånarnas synpunkter.",
        retention_months=24,
        controller_contact="dataskydd@exempelkommun.se",
        asks_age_group=True,
        asks_district=True,
        districts=["Norr", "Söder"],
    )


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _survey_link(message) -> str:
    return next(line.strip() for line in message.body.splitlines() if "/medborgare/enkat/" in line)


def _tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches ``selector`` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("sel => document.activeElement.matches(sel)", selector):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width}"


@pytest.mark.rule("G31")
def test_g31_a_citizen_joins_and_answers_from_the_email_links(
    page, browser, live_server, assert_no_axe_violations
):
    anna, _eva, _vof = _people()
    panel = _panel(anna)
    services.members_invite(
        actor=anna, panel=panel, emails=["invanare@example.se", "granne@example.se"]
    )
    consent_url = next(
        _path(line.strip())
        for line in mail.outbox[0].body.splitlines()
        if "/medborgare/panel/" in line and "lang=" not in line
    )

    # Consent, logged out, from the invitation e-mail.
    page.goto(consent_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vill du vara med i Medborgarpanelen?"
    )
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, jag vill vara med").click()
    expect(page.locator(".error-summary")).to_contain_text("Kryssa i rutan")
    assert_no_axe_violations(page)
    page.get_by_label("Åldersgrupp").select_option("45-54")
    page.get_by_label("Kommundel där du bor").select_option("Söder")
    page.get_by_label("Jag har läst texten ovan").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, jag vill vara med").click()
    expect(page.locator("main")).to_contain_text("Du är med i panelen")
    assert_no_axe_violations(page)
    member = PanelMember.objects.get(email=mail.outbox[0].to[0])
    assert member.status == PanelMember.Status.ACTIVE and member.age_group == "45-54"

    # The survey e-mail; the answer with the keyboard only.
    survey = services.survey_create(
        actor=anna,
        panel=panel,
        title="E-tjänsterna",
        closes_on=timezone.localdate() + datetime.timedelta(days=7),
        questions=QUESTIONS,
    )
    services.survey_send(actor=anna, survey=survey)
    survey_url = _path(_survey_link(mail.outbox[-1]))
    page.goto(survey_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("E-tjänsterna")
    assert_no_axe_violations(page)
    questions = list(survey.questions.order_by("order").prefetch_related("options"))
    single, multiple, scale, text = questions
    _tab_to(page, f"input[name=q{single.pk}]")
    page.keyboard.press("ArrowDown")  # the second option of a radio group, selected by moving
    _tab_to(page, f"input[name=q{multiple.pk}]")
    page.keyboard.press("Space")
    _tab_to(page, f"input[name=q{scale.pk}]")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    _tab_to(page, f"textarea[name=q{text.pk}]")
    page.keyboard.type("Det borde gå att följa ärendet.")
    _tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för dina svar")
    assert_no_axe_violations(page)
    answers = {a.question_id: a for a in SurveyAnswer.objects.all()}
    options = [o.pk for o in single.options.all()]
    assert answers[single.pk].choices == [options[1]]
    assert answers[multiple.pk].choices == [multiple.options.first().pk]
    assert answers[scale.pk].number == 4 and "följa ärendet" in answers[text.pk].text
    assert Response.objects.count() == 1

    # The link is used: the same 404 as any unknown link.
    page.goto(survey_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Länken fungerar inte")
    assert_no_axe_violations(page)

    # The member's own pages, from the link in the survey e-mail.
    member_url = next(
        _path(line.split(": ", 1)[1].strip())
        for line in mail.outbox[-1].body.splitlines()
        if "/medborgare/panel/" in line and "lang=" not in line
    )
    page.goto(member_url)
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Se alla uppgifter vi har om dig").click()
    expect(page.locator("main")).to_contain_text("invanare@example.se")
    assert_no_axe_violations(page)
    page.goto(member_url)
    with page.expect_navigation():
        page.get_by_role("link", name="Avregistrera dig från panelen").click()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Avregistrera mig").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du är avregistrerad")
    assert_no_axe_violations(page)
    assert page.context.cookies() == []  # not a session, not a CSRF token, nothing


@pytest.mark.rule("G31")
def test_g31_the_survey_page_at_320_px_and_200_percent_zoom(
    browser, live_server, assert_no_axe_violations
):
    anna, _eva, _vof = _people()
    panel = _panel(anna)
    services.members_invite(actor=anna, panel=panel, emails=["a@example.se"])
    services.member_consent(member=PanelMember.objects.get(), language="sv", age_group="16-24")
    survey = services.survey_create(
        actor=anna,
        panel=panel,
        title="En enkät med en ganska lång rubrik om kommunens e-tjänster",
        closes_on=timezone.localdate() + datetime.timedelta(days=7),
        questions=QUESTIONS,
    )
    services.survey_send(actor=anna, survey=survey)
    url = _path(_survey_link(mail.outbox[-1]))
    sizes = [
        {"viewport": {"width": 320, "height": 640}},  # a small phone (WCAG 1.4.10 reflow)
        {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},  # 1280 px at 200 %
    ]
    for size in sizes:
        context = browser.new_context(base_url=live_server.url, locale="sv-SE", **size)
        page = context.new_page()
        for lang in ("", "?lang=en"):
            page.goto(url + lang)
            _no_horizontal_scroll(page)
            button = page.locator("button[type=submit]")
            button.scroll_into_view_if_needed()
            box = button.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= size["viewport"]["width"]
            assert_no_axe_violations(page)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("button[type=submit]")).to_have_text("Send your answers")
        context.close()


@pytest.mark.rule("G30")
def test_g30_a_respondent_answers_and_the_strategist_reads_the_results(
    page, login, assert_no_axe_violations
):
    anna, eva, vof = _people()
    instrument = services.instrument_load(
        actor=anna, raw=(INSTRUMENTS / "eblomlada.yaml").read_bytes()
    )
    today = timezone.localdate()
    assessment = services.round_open(
        actor=anna,
        year=today.year,
        instrument=instrument,
        deadline=today + datetime.timedelta(days=5),
        units=[vof],
    )
    earlier = services.round_open(
        actor=anna,
        year=today.year - 1,
        instrument=instrument,
        deadline=today,
        units=[vof],
    )
    assignment = earlier.assignments.get(area__code="services")
    services.answers_save(
        actor=eva,
        assignment=assignment,
        answers=[
            {"indicator": i, "level": i.scale.levels.get(code="not_met")}
            for i in assignment.area.indicators.select_related("scale")
        ],
    )
    services.round_compile(actor=anna, assessment=earlier)

    login(page, eva)
    link = page.get_by_role("link", name=re.compile("Besvara självskattningen"))
    expect(link.first).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        link.first.click()
    assert_no_axe_violations(page)
    page.locator("fieldset.indicator").first.get_by_label("Uppfyllt", exact=True).check()
    page.locator("fieldset.indicator").nth(1).get_by_label("Delvis uppfyllt").check()
    page.locator("fieldset.indicator").first.get_by_label("Underlag (en länk per rad)").fill(
        "https://intranat.exempelkommun.se/plan"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Spara svaren").click()
    expect(page.locator(".messages")).to_contain_text("Svaren är sparade")
    assert_no_axe_violations(page)
    assert Answer.objects.filter(assignment__round=assessment).count() == 2
    page.context.clear_cookies()

    login(page, anna)
    for path in (
        "/uppfoljning/",
        f"/uppfoljning/{assessment.pk}/",
        f"/uppfoljning/{assessment.pk}/resultat/",
        f"/uppfoljning/instrument/{instrument.pk}/",
        "/uppfoljning/instrument/",
        "/uppfoljning/jamforelser/",
    ):
        page.goto(path)
        assert_no_axe_violations(page)
    page.goto(f"/uppfoljning/{assessment.pk}/resultat/")
    expect(page.locator("figure.chart svg[role=img]")).to_have_count(3)
    expect(page.get_by_role("table", name="Resultat per område och år")).to_contain_text(
        str(today.year - 1)
    )

    panel = _panel(anna)
    services.members_invite(actor=anna, panel=panel, emails=["x@example.se"])
    services.member_consent(
        member=PanelMember.objects.get(), language="sv", age_group="16-24", district="Norr"
    )
    survey = services.survey_create(
        actor=anna,
        panel=panel,
        title="E-tjänsterna",
        closes_on=today + datetime.timedelta(days=7),
        questions=QUESTIONS,
    )
    services.survey_send(actor=anna, survey=survey)
    for path in (
        "/medborgarpaneler/",
        f"/medborgarpaneler/{panel.pk}/",
        f"/medborgarpaneler/{panel.pk}/medlemmar/",
        f"/medborgarpaneler/enkater/{survey.pk}/",
        f"/medborgarpaneler/enkater/{survey.pk}/resultat/",
    ):
        page.goto(path)
        assert_no_axe_violations(page)
    assert links_in(mail.outbox[-1], "enkat")
