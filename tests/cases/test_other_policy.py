"""A second municipality's policy: every role, group, case-type and step code the cases app
used to name is renamed. The cases app asks the policy by meaning (capabilities, flags,
the deciding group, the escalation role), so each kind of case still runs to its end."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from styrsam.cases import services
from styrsam.cases.models import Case, Decision, Notification
from styrsam.cases.todos import todos
from styrsam.core.errors import ValidationFailed
from styrsam.guideline.policy import default_policy_path, get_policy
from styrsam.guideline.services import policy_load
from styrsam.organisation.models import GovernanceGroup, Membership
from styrsam.systems.models import System
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory, person_with_role

pytestmark = pytest.mark.django_db

RENAMED = {
    "it_strategist": "digistrateg",
    "municipal_director": "kommunchef",
    "head_of_department": "verksamhetsledare",
    "system_owner": "systemagare",
    "procurement_officer": "inkopare",
    "head_of_it_unit": "itchef",
    "steering": "ledningsrad",
    "preparatory": "beredning",
    "common_system_change": "gemensamt_system",
    "business_system_change": "verksamhetssystem",
    "co_financing": "medfinansiering",
    "project_notification": "projektanmalan",
    "preparatory_anchoring": "forankring",
    "forwarded": "skickad_vidare",
}


def andrakommun_text() -> str:
    text = default_policy_path().read_text(encoding="utf-8")
    # ``financing.co_financing`` is a key of the schema, not a code: rename the case types only
    head, case_types = text.split("\ncase_types:", 1)
    for old, new in RENAMED.items():
        head = re.sub(rf"\b{old}\b(?!:\n    rule: G27)", new, head)
        case_types = re.sub(rf"\b{old}\b", new, case_types)
    text = f"{head}\ncase_types:{case_types}"
    text = text.replace("name: IT-styrgruppen", "name: Digitaliseringsrådet", 1)
    return text.replace("name: Kommundirektör", "name: Kommunchef", 1)


@pytest.fixture
def andra(db):
    policy_load(actor=None, text=andrakommun_text(), source="andrakommun")
    policy = get_policy()
    assert "it_strategist" not in policy.role_codes()
    return policy


@pytest.fixture
def people(andra):
    unit = OrgUnitFactory(code="vof", name="Vård och omsorg")
    other = OrgUnitFactory(code="bou", name="Barn och utbildning")
    groups = {g.code: g for g in GovernanceGroup.objects.all()}
    strategist = person_with_role("digistrateg", username="digi")
    chief = person_with_role("kommunchef", username="chef")
    owner = person_with_role("systemagare", unit=unit, username="agare")
    member = person_with_role("systemagare", unit=other, username="ledamot")
    MembershipFactory(group=groups["beredning"], person=member, represents=other)
    MembershipFactory(group=groups["ledningsrad"], person=chief, function="chair")
    return {
        "strategist": strategist,
        "deputy": person_with_role("digistrateg", username="digi2"),
        "chief": chief,
        "owner": owner,
        "member": member,
        "head": person_with_role("verksamhetsledare", unit=unit, username="ledare"),
        "head_other": person_with_role("verksamhetsledare", unit=other, username="ledare2"),
        "buyer": person_with_role("inkopare", username="inkop"),
        "it_head": person_with_role("itchef", username="itchef"),
        "other": other,
        "groups": groups,
    }


def _prepare(case, strategist):
    for step in case.steps.order_by("position"):
        if step.is_done or not step.is_required:
            continue
        if step.consultation_group:
            consultation = services.consultation_open(
                actor=strategist,
                case=case,
                step=step.code,
                deadline=timezone.localdate() + datetime.timedelta(days=7),
            )
            member = Membership.objects.filter(group=consultation.group).first()
            services.consultation_respond(
                actor=member.person, consultation=consultation, position="supports"
            )
            services.consultation_close(
                actor=strategist, consultation=consultation, early_close_reason="Brådskande."
            )
        else:
            services.case_complete_step(actor=strategist, case=case, step=step.code)
    case.refresh_from_db()
    return case


@pytest.mark.rule("G21")
def test_g21_renamed_purchase_runs_to_a_decision_that_registers_the_system(people):
    case = services.case_report(
        actor=people["owner"],
        case_type="gemensamt_system",
        title="Nytt e-arkiv",
        common_kind="records_management",
        proposed_system_name="Arkivet",
    )
    case = _prepare(case, people["strategist"])
    assert case.status == Case.Status.READY
    # the renamed coordinators are told the case is ready (not the one who acted) and see it
    # among their to-dos
    assert Notification.objects.filter(
        recipient=people["deputy"], case=case, text__contains="klart för beslut"
    ).exists()
    assert any("klara för beslut" in t.text for t in todos(people["strategist"], get_policy()))
    decision = services.case_decide(
        actor=people["strategist"], case=case, outcome="approved", text="Köp arkivet."
    )
    system = System.objects.get(name="Arkivet")
    assert decision.system == system and system.category == "common"
    assert system.owner == people["owner"]  # the reporter holds the system owner role
    assert decision.body_name == "Digitaliseringsrådet"


@pytest.mark.rule("G29")
def test_g29_renamed_escalation_role_decides_and_is_named(client, people):
    case = services.case_report(
        actor=people["owner"],
        case_type="gemensamt_system",
        title="Byte av växel",
        common_kind="records_management",
    )
    case = _prepare(case, people["strategist"])
    client.force_login(people["chief"])
    page = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert page.context["may_decide"] is True
    assert "Digitaliseringsrådet beslutar; kommunchef när det behövs" in page.content.decode()
    response = client.post(
        reverse("cases:case_decide", args=[case.pk]),
        {
            "outcome": "approved",
            "text": "Beslutas av kommunchefen.",
            "body": Decision.Body.MUNICIPAL_DIRECTOR,
            "escalation_reason": "Brådskande.",
        },
    )
    assert response.status_code == 302
    assert Decision.objects.get(case=case).body_name == "Kommunchef"


@pytest.mark.rule("G27")
def test_g27_renamed_co_financing_carries_its_amount(people):
    with pytest.raises(ValidationFailed) as refused:
        services.case_report(actor=people["head"], case_type="medfinansiering", title="Utan belopp")
    assert refused.value.code == "amount_required"
    case = services.case_report(
        actor=people["head"], case_type="medfinansiering", title="Appen", amount_requested=900
    )
    case = _prepare(case, people["strategist"])
    services.case_decide(
        actor=people["strategist"], case=case, outcome="approved", text="Ja", amount_granted=600
    )
    case.refresh_from_db()
    assert case.amount_granted == 600


@pytest.mark.rule("G03")
def test_g03_renamed_notification_is_forwarded_to_the_units_leaders(people):
    case = services.case_report(
        actor=people["head"],
        case_type="projektanmalan",
        title="Digital signering",
        affected_units=[people["other"]],
    )
    services.case_forward(
        actor=people["strategist"], case=case, groups=[people["groups"]["ledningsrad"]]
    )
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.steps.get(code="skickad_vidare").is_done
    notified = set(
        Notification.objects.filter(case=case, text__startswith="Planerat").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"chef", "ledare2"} <= notified  # the group's member, the affected unit's leader


def test_plain_employee_is_no_coordinator_under_the_renamed_policy(people):
    employee = UserFactory(username="anstalld")
    assert not any("klara för beslut" in t.text for t in todos(employee, get_policy()))
