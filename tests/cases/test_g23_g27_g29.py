"""G23 business systems, G27 co-financing, G29 escalation to the municipal director, G09."""

from __future__ import annotations

import pytest

from styrsam.cases import services
from styrsam.cases.models import Case, Decision
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from tests.vocab import c

from .conftest import prepare, report

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G23")
def test_g23_business_system_path_has_no_anchoring_step(actors, policy):
    case = report(actors["head"], c("business_system_change"), title="Nytt journalsystem")
    assert [s.code for s in case.steps.all()] == [
        c("need_reported"),
        c("procurement_contacted"),
        c("it_unit_contacted"),
    ]
    with pytest.raises(Conflict) as exc:
        services.case_decide(
            actor=actors["strategist"], case=case, outcome="approved", text="Bifall."
        )
    assert exc.value.rule == "G23"
    name = next(
        s.name
        for s in policy.steps(c("business_system_change"))
        if s.code == c("procurement_contacted")
    )
    assert f"steget ”{name}” är inte utfört" in exc.value.detail


@pytest.mark.rule("G23")
def test_g23_approved_business_purchase_registers_system(actors):
    s = actors["strategist"]
    case = report(
        actors["head"],
        c("business_system_change"),
        title="Journal",
        proposed_system_name="Lifecare",
    )
    services.case_complete_step(actor=s, case=case, step=c("need_reported"))
    services.case_complete_step(
        actor=actors["procurement"], case=case, step=c("procurement_contacted")
    )
    services.case_complete_step(actor=actors["it_head"], case=case, step=c("it_unit_contacted"))
    case.refresh_from_db()
    assert case.status == Case.Status.READY
    decision = services.case_decide(actor=s, case=case, outcome="approved", text="Köp.")
    assert decision.system.category == "business"
    assert decision.system.lifecycle == "procurement"
    assert decision.system.owner_unit.code == "vof"


@pytest.mark.rule("G23")
def test_g23_procurement_officer_cannot_report_a_business_system(actors):
    with pytest.raises(NotAllowed):
        report(actors["procurement"], c("business_system_change"))


@pytest.mark.rule("G23")
def test_g23_business_system_change_cannot_be_escalated(actors):
    s = actors["strategist"]
    case = prepare(report(actors["head"], c("business_system_change")), s)
    with pytest.raises(Conflict) as exc:
        services.case_decide(
            actor=actors["director"],
            case=case,
            outcome="approved",
            text="x",
            body="municipal_director",
            escalation_reason="Brådskande",
        )
    assert exc.value.code == "escalation_not_allowed"


@pytest.mark.rule("G27")
def test_g27_co_financing_amount_granted(actors):
    s = actors["strategist"]
    case = prepare(report(actors["head"], c("co_financing"), title="E-tjänst för hemtjänst"), s)
    with pytest.raises(ValidationFailed) as exc:
        services.case_decide(actor=s, case=case, outcome="approved", text="Bifall.")
    assert exc.value.code == "amount_granted_required"
    assert exc.value.rule == "G27"
    with pytest.raises(ValidationFailed) as exc:
        services.case_decide(
            actor=s, case=case, outcome="approved", text="Bifall.", amount_granted=600000
        )
    assert exc.value.code == "amount_granted_too_large"
    decision = services.case_decide(
        actor=s, case=case, outcome="approved", text="Bifall.", amount_granted=300000
    )
    case.refresh_from_db()
    assert case.amount_requested == 500000
    assert case.amount_granted == 300000
    assert decision.amount_granted == 300000
    assert decision.system is None
    correction = services.decision_correct(
        actor=s, decision=decision, outcome="approved", text="Rättat belopp.", amount_granted=250000
    )
    case.refresh_from_db()
    assert case.amount_granted == 250000
    assert correction.corrects == decision


@pytest.mark.rule("G27")
def test_g27_co_financing_needs_an_amount_requested(actors):
    with pytest.raises(ValidationFailed) as exc:
        report(actors["head"], c("co_financing"), amount_requested=None)
    assert exc.value.code == "amount_required"


@pytest.mark.rule("G29")
def test_g29_escalation_requires_reason_and_director(actors):
    s = actors["strategist"]
    case = prepare(report(actors["owner"]), s)
    with pytest.raises(ValidationFailed) as exc:
        services.case_decide(
            actor=actors["director"],
            case=case,
            outcome="approved",
            text="Bifall.",
            body="municipal_director",
        )
    assert exc.value.code == "escalation_reason_required"
    with pytest.raises(NotAllowed) as exc:
        services.case_decide(
            actor=s,
            case=case,
            outcome="approved",
            text="Bifall.",
            body="municipal_director",
            escalation_reason="Brådskande: avtalet löper ut.",
        )
    assert exc.value.code == "not_municipal_director"
    assert exc.value.rule == "G29"
    decision = services.case_decide(
        actor=actors["director"],
        case=case,
        outcome="approved",
        text="Bifall.",
        body="municipal_director",
        escalation_reason="Brådskande: avtalet löper ut.",
    )
    assert decision.body == Decision.Body.MUNICIPAL_DIRECTOR
    assert decision.escalation_reason == "Brådskande: avtalet löper ut."


@pytest.mark.rule("G29")
def test_g29_escalated_decision_still_needs_the_anchoring(actors):
    case = report(actors["owner"])
    with pytest.raises(Conflict) as exc:
        services.case_decide(
            actor=actors["director"],
            case=case,
            outcome="approved",
            text="Bifall.",
            body="municipal_director",
            escalation_reason="Brådskande",
        )
    assert exc.value.code == "steps_missing"


@pytest.mark.rule("G09")
def test_g09_platform_development_anchoring_only_when_needed(actors):
    s = actors["strategist"]
    case = report(actors["it_head"], c("platform_development"), title="Nytt trådlöst nät")
    services.case_complete_step(actor=s, case=case, step=c("need_reported"))
    case.refresh_from_db()
    assert case.status == Case.Status.READY
    services.case_mark_step_needed(
        actor=s, case=case, step=c("preparatory_anchoring"), needed=True, reason="Berör alla"
    )
    with pytest.raises(Conflict) as exc:
        services.case_decide(actor=s, case=case, outcome="approved", text="Ja.")
    assert exc.value.extra["missing_steps"] == [c("preparatory_anchoring")]
    assert exc.value.rule == "G09"


def test_unknown_case_type_refused(actors):
    with pytest.raises(ValidationFailed) as exc:
        services.case_report(actor=actors["strategist"], case_type="nope", title="x")
    assert exc.value.code == "unknown_case_type"


def test_case_needs_a_title(actors):
    with pytest.raises(ValidationFailed) as exc:
        report(actors["owner"], title="  ")
    assert exc.value.field == "title"
