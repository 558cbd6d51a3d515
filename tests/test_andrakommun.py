"""The second demo municipality, Andrakommun (issue 21): its own policy file renames every
role, group, case-type, step and unit code, gives the financing group's duties to its steering
group (Digitaliseringsrådet, 6–8 meetings a year) and adds a step. The demo loads from that
policy, and its own people walk the main flows through the API and the pages: groups and
composition, compliance, every case type to a decision, meetings and minutes, orders, rent
levels, a rent run, the ledger and the invoice basis."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from styrsam.cases import services
from styrsam.cases.models import Case, Decision
from styrsam.core.audit import history_for
from styrsam.core.history import readable_history
from styrsam.demo.loader import demo_logins
from styrsam.demo.vocabulary import ANDRA_CODES, KOMMUNER
from styrsam.finance.models import BudgetPlan
from styrsam.guideline.policy import Policy, default_policy_path, get_policy
from styrsam.guideline.validation import validate_policy
from styrsam.meetings.compliance import remind_from
from styrsam.meetings.models import Meeting
from styrsam.organisation.models import GovernanceGroup, OrgUnit
from styrsam.projects.models import Project
from styrsam.rental.models import RentLevel
from styrsam.servicedesk.models import CatalogueItem
from styrsam.systems.models import System
from tests.demo_fixture import demo_in_a_rolled_back_transaction

pytestmark = pytest.mark.django_db
RAD, FORUM = "digitaliseringsradet", "digitaliseringsforum"


@pytest.fixture(scope="module")
def andra(django_db_setup, django_db_blocker):
    with demo_in_a_rolled_back_transaction(django_db_blocker, kommun="andra") as context:
        yield context


def _user(username):
    return get_user_model().objects.get(username=username)


def api(username) -> APIClient:
    client = APIClient()
    client.force_authenticate(_user(username))
    return client


def page(username) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(_user(username))
    return client


def test_the_policy_file_differs_from_the_default_in_every_code():
    andra = Policy(validate_policy(KOMMUNER["andra"].policy_file.read_text(encoding="utf-8")))
    default = Policy(validate_policy(default_policy_path().read_text(encoding="utf-8")))
    assert not set(andra.role_codes()) & set(default.role_codes())
    assert not set(andra.groups) & set(default.groups)
    assert not set(andra.case_type_codes()) & set(default.case_type_codes())
    assert not set(andra.unit_codes()) & set(default.unit_codes())
    steps = {s.code for t in andra.case_type_codes() for s in andra.steps(t)}
    assert not steps & {s.code for t in default.case_type_codes() for s in default.steps(t)}
    # the financing group's duties lie with the steering group, which meets 6–8 times a year
    assert set(andra.groups) == {RAD, FORUM, "systemagarforum"}
    assert andra.rent_decided_by_group() == RAD == andra.budget_decided_by_group()
    assert (andra.group(RAD).meetings_min, andra.group(RAD).meetings_max) == (6, 8)
    assert "Besluta nästkommande års hyra" in andra.group(RAD).duties
    # one step more than the default's path for a common system
    assert len(andra.steps("gemensam_losning")) == len(default.steps("common_system_change")) + 1
    # every word of the demo's table answers a code of the policy
    known = set(andra.role_codes()) | set(andra.groups) | set(andra.case_type_codes()) | steps
    known |= set(andra.unit_codes()) | set(andra.data["obligations"])
    known |= {k for k, _n in andra.common_kind_choices()}
    assert set(ANDRA_CODES.values()) <= known


def test_the_demo_loads_from_its_own_policy(andra):
    policy = get_policy()
    assert policy.name == "Riktlinje för digitalisering i Andrakommun"
    assert "it_strategist" not in policy.role_codes()
    assert set(GovernanceGroup.objects.values_list("code", flat=True)) == set(policy.groups)
    assert OrgUnit.objects.filter(code="digitaliseringsenheten").exists()
    assert not OrgUnit.objects.filter(code="it_unit").exists()
    assert _user("anna").email == "anna@andrakommun.se"
    assert dict(demo_logins("andra"))["anna"] == "Digitaliseringsstrateg"
    assert dict(demo_logins())["anna"].startswith("IT-strateg")
    # decided in the minutes of Digitaliseringsrådet, which has the financing group's duties
    decided = Decision.objects.exclude(minute_item=None)
    assert decided.exists()
    assert set(decided.values_list("minute_item__meeting__group__code", flat=True)) == {RAD}
    held = Meeting.objects.filter(
        group__code=RAD, status="held", date__year=timezone.localdate().year - 1
    )
    assert 6 <= held.count() <= 8
    assert RentLevel.objects.filter(status="decided").exists()
    assert System.objects.filter(common_kind="digital_plattform").count() == 1


def test_groups_composition_and_compliance(andra):
    anna = page("anna")
    response = anna.get("/grupper/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Digitaliseringsrådet" in text and "Finansieringsgruppen" not in text
    response = anna.get(f"/grupper/{RAD}/")
    assert response.status_code == 200
    assert "Besluta nästkommande års hyra" in response.content.decode()
    assert anna.get("/grupper/financing/").status_code == 404
    assert anna.get("/efterlevnad/").status_code == 200
    data = api("anna").get("/api/v1/compliance/").json()
    line = next(g for g in data["groups"] if g["code"] == RAD)
    assert (line["min"], line["max"]) == (6, 8)
    assert api("anna").get("/api/v1/groups/").json()["count"] == 3


@pytest.mark.rule("G04")
def test_g04_company_meetings_name_the_responsible_role_of_the_policy(andra):
    """Issue 21: the compliance page, the company meetings page and the start page's reminder
    name the role Andrakommun's policy makes responsible for the company meetings
    (digitaliseringsstrateg), not the default guideline's IT-strateg."""
    policy = get_policy()
    role = policy.role_name(policy.obligation("bolagsdialog")["responsible_role"]).lower()
    anna = page("anna")
    compliance = anna.get("/efterlevnad/").content.decode()
    assert f"Bolag utan årets möte med {role}" in compliance
    companies = anna.get("/bolagsmoten/").content.decode()
    assert f"{role.capitalize()} träffar varje helägt kommunalt bolag" in companies
    for html in (compliance, companies):
        assert "IT-strateg" not in html
    start = anna.get("/").content.decode()
    today = timezone.localdate()
    if today >= remind_from(policy, today.year):  # the reminder is on the start page
        assert f"saknar årets möte med {role}:" in start
    assert "IT-strateg" not in start


def _report(username, case_type, **extra):
    response = api(username).post(
        "/api/v1/cases/", {"type": case_type, "title": f"Prov {case_type}", **extra}, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def _walk_steps(case_id, case_type):
    """Every step of the case type, as the digitalisation strategist (Andrakommun's
    coordinator): plain steps completed, consultations held in the forum, when-needed steps
    marked not needed."""
    anna = api("anna")
    for step in get_policy().steps(case_type):
        base = f"/api/v1/cases/{case_id}/steps/{step.code}"
        if step.when_needed:
            response = anna.post(
                f"{base}/needed/", {"needed": False, "reason": "Behövs inte."}, format="json"
            )
            assert response.status_code == 200, response.json()
        elif step.is_consultation:
            deadline = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
            response = anna.post(
                f"/api/v1/cases/{case_id}/consultations/",
                {"step": step.code, "deadline": deadline, "question": "Tillstyrker ni?"},
                format="json",
            )
            assert response.status_code == 201, response.json()
            consultation = response.json()["id"]
            response = api("eva").post(
                f"/api/v1/consultations/{consultation}/respond/",
                {"position": "supports", "text": "Ja."},
                format="json",
            )
            assert response.status_code == 200, response.json()
            response = anna.post(
                f"/api/v1/consultations/{consultation}/close/",
                {"early_close_reason": "Forumet svarade vid mötet."},
                format="json",
            )
            assert response.status_code == 200, response.json()
        elif not step.is_forwarding:
            response = anna.post(f"{base}/complete/", {"comment": "Klart."}, format="json")
            assert response.status_code == 200, response.json()


def _decide(case_id, outcome, **extra):
    """Digitaliseringsrådet's decision, recorded by the strategist (``record_decisions``)."""
    response = api("anna").post(
        f"/api/v1/cases/{case_id}/decide/",
        {"outcome": outcome, "text": "Beslut.", "body": "steering_group", **extra},
        format="json",
    )
    assert response.status_code == 201, response.json()


@pytest.mark.rule("G21")
def test_g21_a_common_system_with_the_extra_step_to_a_decision(andra):
    records = System.objects.get(common_kind="records_management")
    case_id = _report("eva", "gemensam_losning", system=records.pk)
    decide = {"outcome": "approved", "text": "Bifall.", "body": "steering_group"}
    early = api("anna").post(f"/api/v1/cases/{case_id}/decide/", decide, format="json")
    assert early.status_code == 409
    assert early.json()["code"] == "steps_missing"
    assert "informationssakerhet_bedomd" in early.json()["missing_steps"]
    assert not Decision.objects.filter(case_id=case_id).exists()
    _walk_steps(case_id, "gemensam_losning")
    response = api("anna").post(f"/api/v1/cases/{case_id}/decide/", decide, format="json")
    assert response.status_code == 201, response.json()
    assert Decision.objects.get(case_id=case_id).system == records


@pytest.mark.rule("G23")
def test_g23_a_business_system_registers_a_system(andra):
    case_id = _report("eva", "verksamhetslosning", proposed_system_name="Andra journalsystem")
    _walk_steps(case_id, "verksamhetslosning")
    _decide(case_id, "approved")
    assert System.objects.filter(name="Andra journalsystem", category="business").count() == 1
    page_ = page("anna").get(f"/arenden/{case_id}/")
    assert page_.status_code == 200
    assert "Digitaliseringsrådet" in page_.content.decode()
    assert "IT-styrgruppen" not in page_.content.decode()


@pytest.mark.rule("G27")
def test_g27_co_financing_carries_its_amount(andra):
    case_id = _report("eva", "medfinansiering", amount_requested="120000")
    _walk_steps(case_id, "medfinansiering")
    _decide(case_id, "approved", amount_granted="80000")
    assert Case.objects.get(pk=case_id).amount_requested == 120000
    assert Decision.objects.get(case_id=case_id).amount_granted == 80000


@pytest.mark.rule("G03")
def test_g03_a_project_notification_is_forwarded(andra):
    case_id = _report("ingrid", "projektanmalan")
    response = api("anna").post(
        f"/api/v1/cases/{case_id}/forward/", {"groups": [RAD, FORUM]}, format="json"
    )
    assert response.status_code == 200, response.json()
    case = Case.objects.get(pk=case_id)
    assert case.steps.get(code="vidareskickad").completed_at is not None


@pytest.mark.rule("G09")
def test_g09_a_platform_proposal_is_decided(andra):
    case_id = _report("mats", "plattformsforslag")
    _walk_steps(case_id, "plattformsforslag")
    _decide(case_id, "rejected")
    assert Decision.objects.get(case_id=case_id).outcome == "rejected"


@pytest.mark.rule("G02")
def test_g02_refusals_name_the_coordinating_role_of_andrakommuns_policy(andra, monkeypatch):
    """Issue 21: the case steps only the coordinator takes (assessing a when-needed step,
    consultations, forwarding a notification) are refused to others with the coordinating
    role as Andrakommun's policy names it — never the default guideline's "IT-strategen"; a
    refused write leaves nothing behind. The report page sends a user without a reporting
    role to that role, too."""
    policy = get_policy()
    title = policy.role_name(policy.coordinator_roles()[0]).lower()  # digitaliseringsstrateg
    common = _report("eva", "gemensam_losning", system=System.objects.get(common_kind="gis").pk)
    notice = _report("ingrid", "projektanmalan")
    ingrid = api("ingrid")
    deadline = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    refusals = [
        ingrid.post(
            f"/api/v1/cases/{common}/steps/forankrad_i_ledningsgrupp/needed/",
            {"needed": True, "reason": "Ja."},
            format="json",
        ),
        ingrid.post(
            f"/api/v1/cases/{common}/consultations/",
            {"step": "forankrad_i_forum", "deadline": deadline},
            format="json",
        ),
        ingrid.post(f"/api/v1/cases/{notice}/forward/", {"groups": [RAD]}, format="json"),
    ]
    for response in refusals:
        assert response.status_code == 403, response.json()
        detail = response.json()["detail"]
        assert f"Bara {title} " in detail and "IT-strateg" not in detail, detail
    assert Case.objects.get(pk=common).steps.get(code="forankrad_i_ledningsgrupp").needed is None
    assert not Case.objects.get(pk=common).consultations.exists()
    assert Case.objects.get(pk=notice).steps.get(code="vidareskickad").completed_at is None

    # the consultation step is done by closing the consultation: said with the role's name
    response = api("anna").post(
        f"/api/v1/cases/{common}/steps/forankrad_i_forum/complete/", {}, format="json"
    )
    assert response.status_code == 409, response.json()
    assert f"avslutats av {title} (G14)" in response.json()["detail"]
    assert Case.objects.get(pk=common).steps.get(code="forankrad_i_forum").completed_at is None

    # the report page of a user with no type to report (here: the coordinator, with the
    # types the policy lets her report taken away) sends them to the coordinating role
    monkeypatch.setattr(services, "reportable_case_types", lambda **kwargs: [])
    response = page("anna").get("/arenden/anmal/")
    assert response.status_code == 200
    text = response.content.decode()
    assert f"Kontakta {title} om du behöver anmäla ett behov" in text
    assert "IT-strateg" not in text

    # a page refused (403): whom to ask is the policy's coordinating role, too
    monkeypatch.undo()
    response = page("lars").get("/arenden/anmal/")  # the chair reports no case type here
    assert response.status_code == 403
    text = response.content.decode()
    assert f"Kontakta {title} om du behöver det." in text and "IT-strateg" not in text


@pytest.mark.rule("G02")
def test_g02_refusals_of_the_other_apps_name_andrakommuns_roles(andra, rf):
    """Issue 21: the refusals of projects (G01, G05), systems (G15, G20), follow-up (G30),
    documents (G13), policy drafts (G29) and the SSO login failure name the roles as
    Andrakommun's policy names them (the coordinating role, the drafting role, the platform's
    roles) — never "IT-strategen" or "IT-chefen" of the default guideline. Nothing is written."""
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    from styrsam.core.errors import NotAllowed, ValidationFailed
    from styrsam.documents.models import Document
    from styrsam.documents.services import document_create
    from styrsam.followup.models import Instrument
    from styrsam.followup.services import instrument_load
    from styrsam.guideline.models import PolicyVersion
    from styrsam.guideline.services import policy_draft
    from styrsam.ops.sso import LoginCallback
    from styrsam.projects.models import Project
    from styrsam.projects.services import project_create, project_update
    from styrsam.systems.models import ItPlatformComponent, SystemMessage
    from styrsam.systems.services import platform_component_add, system_update
    from styrsam.systems.services.messages import system_message_send

    policy = get_policy()
    title = policy.coordinator_name()
    assert title == "digitaliseringsstrateg"
    tomas = _user("tomas")  # Förvaltningscontroller: none of these is his
    project = Project.objects.exclude(owner=tomas).exclude(manager=tomas).first()
    system = System.objects.exclude(owner=tomas).exclude(common_kind="digital_plattform").first()
    platform = System.objects.get(common_kind="digital_plattform")
    counts = (
        Document.objects.count(),
        Instrument.objects.count(),
        PolicyVersion.objects.count(),
        SystemMessage.objects.count(),
        ItPlatformComponent.objects.count(),
    )
    refusals = {
        "projects": lambda: project_update(actor=tomas, project=project, name="Annat namn"),
        "systems": lambda: system_update(actor=tomas, system=system, description="Ändrat"),
        "messages": lambda: system_message_send(actor=tomas, subject="Hej", body="Text"),
        "followup": lambda: instrument_load(actor=tomas, raw="code: x"),
        "guideline": lambda: policy_draft(actor=tomas, text="name: x"),
        "documents": lambda: document_create(
            actor=tomas, kind="guideline", title="Riktlinje", owner=tomas
        ),
    }
    expected = {
        "projects": f"Bara förvaltningen, projektledaren eller {title} ändrar projektet (G01).",
        "systems": f"Bara systemets ägare eller {title} kan ändra systemet.",
        "messages": f"Bara {title} skickar information till systemägarna.",
        "followup": f"Bara {title} laddar självskattningsinstrument (G30).",
        "guideline": f"Bara samordnaren ({title}) förbereder en ny policyversion (G29).",
        "documents": f"Bara {title} formulerar styrdokument och skickar dem på remiss (G13, G28).",
    }
    for app, refused in refusals.items():
        with pytest.raises(NotAllowed) as exc:
            refused()
        assert exc.value.detail == expected[app], (app, exc.value.detail)
        assert "IT-strateg" not in exc.value.detail
    # the platform: the coordinating role or the one that manages the platform (G20)
    with pytest.raises(NotAllowed) as exc:
        platform_component_add(actor=tomas, system=platform, code="x", name="X")
    assert exc.value.detail == (
        "Bara digitaliseringsstrateg eller digitaliseringschef kan ändra IT-plattformen."
    )
    # a project from a notification is created when the coordinator forwards it (G03)
    with pytest.raises(ValidationFailed) as exc:
        project_create(
            actor=_user("anna"), name="P", department=project.department, origin="notification"
        )
    assert exc.value.detail == (
        f"Ett projekt från en anmälan skapas när {title} vidarebefordrar den (G03)."
    )
    assert Project.objects.get(pk=project.pk).name == project.name
    assert not Project.objects.filter(name="P").exists()
    assert counts == (
        Document.objects.count(),
        Instrument.objects.count(),
        PolicyVersion.objects.count(),
        SystemMessage.objects.count(),
        ItPlatformComponent.objects.count(),
    )

    # a login the provider accepted but Styrsam did not: whom to contact (ops)
    request = rf.get("/oidc/callback/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    view = LoginCallback()
    view.request = request
    assert view.login_failure().status_code == 302
    [message] = [str(m) for m in get_messages(request)]
    assert message.endswith(f"kontakta {title}.") and "IT-strateg" not in message


DEFAULT_NAMES = ("IT-strateg", "IT-chef", "kommundirektör", "IT-styrgrupp", "beredningsgrupp")


@pytest.mark.rule("G14")
def test_g14_pages_name_andrakommuns_roles_and_groups(andra):
    """Issue 21: the page texts of documents (G13, G14, G29), projects (G05, G14), systems
    (G15, G16), follow-up (G30, G31) and budgets (G16) name Andrakommun's roles and groups —
    Digitaliseringsforum for consultations, status reports and the self-assessment,
    Digitaliseringsrådet for producing guidelines and receiving the result, kommunchef for
    adopting — and none of the default guideline's titles; so does the public register."""
    forum, rad = "Digitaliseringsforum", "Digitaliseringsrådet"
    project = Project.objects.filter(reports__isnull=False).first() or Project.objects.first()
    eva = _user("eva")
    foreign = System.objects.exclude(owner=eva).first()  # she does not see its costs
    expected = {
        ("anna", "/styrdokument/"): [
            f"tas fram av {rad} (G13), går på remiss till {forum} (G14), fastställs av kommunchef"
        ],
        ("anna", "/styrdokument/nytt/"): ["förrän kommunchef har fastställt det"],
        ("anna", "/projekt/"): [
            "initiativ av digitaliseringsstrateg enligt uppdragsplanen",
            f"statusrapporterna till {forum} (G14)",
        ],
        ("anna", "/projekt/nytt/"): [
            "blir ett projekt när digitaliseringsstrateg vidarebefordrar",
            "Initiativ av digitaliseringsstrateg enligt uppdragsplanen (G05)",
        ],
        ("anna", f"/projekt/{project.pk}/"): [],
        ("anna", "/uppfoljning/"): [
            f"besvarar {forum} frågor",
            "Digitaliseringsstrateg öppnar årets självskattning",
            f"skickar resultatet till {rad}.",
        ],
        ("anna", "/uppfoljning/ny/"): [f"varje förvaltnings ledamot i {forum} svarar (G30)"],
        ("anna", "/medborgarpaneler/ny/"): ["panel för hela kommunen (digitaliseringsstrateg)"],
        ("anna", "/system/meddelanden/"): ["Digitaliseringsstrateg skickar aktuell information"],
        ("eva", f"/system/{foreign.pk}/"): [
            "för förvaltningschef och förvaltningscontroller i den ägande förvaltningen"
        ],
        ("anna", "/ekonomi/"): ["Digitaliseringsstrateg, digitaliseringschef och "],
        (None, "/publikt/"): ["Varje dokument är fastställt av kommunchef;"],
    }
    for (username, url), phrases in expected.items():
        response = page(username).get(url) if username else Client().get(url)
        assert response.status_code == 200, url
        text = " ".join(response.content.decode().split())
        for phrase in phrases:
            assert phrase in text, (url, phrase)
        for name in DEFAULT_NAMES:
            assert name not in text, (url, name)


@pytest.mark.rule("G29")
def test_g29_the_decision_form_names_the_escalation_role_of_the_policy(andra):
    """Issue 21: the decision form on a case whose type may be lifted (G29) names the role
    Andrakommun's policy lifts it to, in its label and its help text alike, and so does the
    case's history once it is decided — no "kommundirektören" of the default guideline."""
    policy = get_policy()
    role = policy.role_name(policy.escalation_role("gemensam_losning")).lower()  # kommunchef
    case_id = _report("eva", "gemensam_losning", system=System.objects.get(common_kind="gis").pk)
    response = page("anna").get(f"/arenden/{case_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Skäl för att {role} beslutar" in html
    assert f"Krävs när beslutet lyfts till {role} (G21, G29)." in html
    assert "kommundirektör" not in html.lower()

    # decided: the case's history names the decision's fields in the policy's words too
    _walk_steps(case_id, "gemensam_losning")
    _decide(case_id, "approved")
    html = page("anna").get(f"/arenden/{case_id}/").content.decode()
    history = html[html.index('id="history-heading"') :]
    assert f"Skäl för att {role} beslutar" in history
    assert "kommundirektör" not in html.lower()
    # the decision's system is named, not shown as its id
    case = Case.objects.get(pk=case_id)
    decided = next(
        row for row in readable_history(history_for(case)) if row["entry"].action == "case.decide"
    )
    shown = {change["label"]: change["after"] for change in decided["changes"]}
    assert shown["System"] == case.system.name


@pytest.mark.rule("G13")
@pytest.mark.rule("G28")
def test_g28_the_demo_has_governing_documents_published_by_the_head_of_communications(andra):
    """Andrakommun names no web editor: its head of communications publishes (the policy's
    ``publish_documents``), and the demo's register is not empty."""
    from styrsam.documents.models import Document, Publication

    assert Document.objects.count() == 3
    publishers = set(Publication.objects.values_list("published_by__username", flat=True))
    assert publishers == {"sofia"}
    assert set(
        Publication.objects.filter(version__document__kind="riktlinje").values_list(
            "channel", flat=True
        )
    ) == {"intranet", "public"}
    assert page("sofia").get("/publikt/").status_code == 200


def test_g13_a_meeting_of_the_council_with_minutes(andra):
    anna = api("anna")
    response = anna.post(
        "/api/v1/meetings/",
        {
            "group": RAD,
            "date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "start_time": "09:00",
            "place": "Kommunhuset",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    meeting_id = response.json()["id"]
    assert anna.post(f"/api/v1/meetings/{meeting_id}/held/").status_code == 200
    response = anna.post(
        "/api/v1/minute-items/",
        {"meeting": meeting_id, "title": "Hyra för nästa år", "decision": "Bereds vidare."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert page("anna").get(f"/moten/{meeting_id}/").status_code == 200
    assert page("lars").get(f"/moten/{meeting_id}/protokoll.pdf").status_code == 200
    # a member of no group of the council's may not plan its meetings
    refused = api("tomas").post(
        "/api/v1/meetings/",
        {"group": RAD, "date": "2030-01-10", "start_time": "09:00", "place": "X"},
        format="json",
    )
    assert refused.status_code == 403
    assert Meeting.objects.filter(date=datetime.date(2030, 1, 10)).count() == 0


@pytest.mark.rule("G07")
def test_g07_an_order_approved_by_the_head_and_fulfilled_by_the_service_desk(andra):
    item = CatalogueItem.objects.filter(is_active=True, asset_type__isnull=False).first()
    response = api("tomas").post(
        "/api/v1/orders/",
        {"department": "vof", "item": item.pk, "quantity": 1, "for_person": "tomas"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    order_id = response.json()["id"]
    refused = api("nina").post(f"/api/v1/orders/{order_id}/approve/", {}, format="json")
    assert refused.status_code == 403
    response = api("ingrid").post(f"/api/v1/orders/{order_id}/approve/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "approved"
    response = api("nina").post(
        f"/api/v1/orders/{order_id}/fulfil/",
        {"assets": [{"tag": "ANDRA-0001"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "fulfilled"


@pytest.mark.rule("G16")
def test_g16_rent_levels_decided_by_the_council(andra):
    year = max(RentLevel.objects.values_list("year", flat=True)) + 1
    helena = api("helena")
    codes = list(RentLevel.objects.values_list("asset_type__code", flat=True).distinct())
    for code in codes:
        response = helena.post(
            "/api/v1/rent-levels/",
            {"asset_type": code, "year": year, "monthly_amount": "100"},
            format="json",
        )
        assert response.status_code == 201, response.json()
    refused = api("tomas").post(
        "/api/v1/rent-levels/decide/", {"year": year, "reference": "§ 1"}, format="json"
    )
    assert refused.status_code == 403
    # issue 21: the refusal and the page name the council, not the default's financing group
    assert "Hyran beslutas av Digitaliseringsrådet;" in refused.json()["detail"]
    assert "inansieringsgrupp" not in refused.json()["detail"]
    assert set(RentLevel.objects.filter(year=year).values_list("status", flat=True)) == {"draft"}
    levels = page("karin").get(f"/hyra/hyresnivaer/?ar={year - 1}").content.decode()
    assert "hyra beslutas av Digitaliseringsrådet (G16)" in levels
    assert "Registrera beslut av Digitaliseringsrådet" in levels
    assert "inansieringsgrupp" not in levels
    response = api("karin").post(
        "/api/v1/rent-levels/decide/",
        {"year": year, "reference": f"Digitaliseringsrådet {year - 1}-10-14 § 5"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["group_code"] == RAD
    assert set(RentLevel.objects.filter(year=year).values_list("status", flat=True)) == {"decided"}
    redraft = helena.post(
        "/api/v1/rent-levels/",
        {"asset_type": codes[0], "year": year, "monthly_amount": "120"},
        format="json",
    )
    assert redraft.status_code == 409
    assert "beslutad av Digitaliseringsrådet och kan inte ändras" in redraft.json()["detail"]


@pytest.mark.rule("G16")
def test_g16_a_budget_decision_form_gives_its_example_in_the_councils_name(andra):
    """Issue 21: the form that records the council's budget decision (or proposal) gives its
    reference example with Digitaliseringsrådet, not the default's Finansieringsgruppen."""
    plan = BudgetPlan.objects.exclude(status=BudgetPlan.Status.DECIDED).order_by("pk").first()
    response = page("karin").get(f"/ekonomi/budget/{plan.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "t.ex. ”Digitaliseringsrådet 2025-10-15 § 7”." in html
    assert "t.ex. ”Finansieringsgruppen" not in html


@pytest.mark.rule("G24")
def test_g24_rent_run_ledger_and_invoice_basis(andra):
    month_text = timezone.localdate().strftime("%Y-%m")  # the demo ran August–October 2026
    refused = api("tomas").post("/api/v1/rent-runs/", {"month": month_text}, format="json")
    assert refused.status_code == 403
    response = api("helena").post("/api/v1/rent-runs/", {"month": month_text}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["lines_added"] > 0
    again = api("helena").post("/api/v1/rent-runs/", {"month": month_text}, format="json")
    assert again.status_code == 201
    assert again.json()["lines_added"] == 0  # a month's rent is charged once (G08)
    lines = api("tomas").get("/api/v1/ledger/").json()
    assert lines["count"] > 0
    assert {line["department"] for line in lines["results"]} == {"vof"}
    assert page("mats").get(f"/hyra/fakturaunderlag/?manad={month_text}").status_code == 200
    assert page("tomas").get("/hyra/reskontra/").status_code == 200
    assert page("helena").get("/hyra/korning/").status_code == 200


def test_the_demo_command_chooses_the_municipality(andra, monkeypatch, capsys):
    from styrsam import cli

    with pytest.raises(SystemExit) as exit_info:
        cli.main(["demo", "--kommun", "tredje"])
    assert exit_info.value.code == 2
    # a database that already holds the other municipality is not started as this one
    monkeypatch.setattr(cli, "_manage", lambda argv: None)
    assert cli.main(["demo", "--kommun", "exempel"]) == 2
    assert "starta om med --reset för Exempelkommun" in capsys.readouterr().err
