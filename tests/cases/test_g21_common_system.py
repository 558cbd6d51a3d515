"""G21: buying or changing a common system; the path before the steering group's decision."""

from __future__ import annotations

import pytest

from styrsam.cases import services
from styrsam.cases.models import Case, Decision
from styrsam.core.audit import history_for
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from tests.vocab import c, c_all

from .conftest import anchor, prepare, report

pytestmark = [pytest.mark.django_db, pytest.mark.rule("G21")]


def test_g21_new_common_system_needs_its_kind(actors):
    with pytest.raises(ValidationFailed) as exc:
        report(actors["owner"], common_kind="")
    assert exc.value.code == "common_kind_required"
    assert exc.value.rule == "G19"


def test_g21_report_creates_the_policy_steps_and_a_registration_number(owner, strategist, policy):
    case = report(owner)
    codes = [s.code for s in case.steps.all()]
    assert codes == [s.code for s in policy.steps(c("common_system_change"))]
    g21 = c_all(
        [
            "need_reported",
            "procurement_contacted",
            "it_unit_contacted",
            "preparatory_anchoring",
            "management_team_anchoring",
        ]
    )
    assert [code for code in codes if code in g21] == g21  # G21's path, in its order
    assert case.registration_number.startswith("IT ")
    assert case.registration_number.endswith("/1")
    assert case.status == Case.Status.OPEN
    assert case.reporting_unit.code == "vof"
    assert history_for(case).filter(action="case.report", rule="G21").exists()


def test_g21_only_the_policy_reporters_may_report(employee, strategist):
    with pytest.raises(NotAllowed) as exc:
        report(employee)
    assert exc.value.code == "not_a_reporter"
    assert exc.value.rule == "G21"


def test_g21_decision_requires_preparatory_anchoring(actors, policy):
    s = actors["strategist"]
    case = report(actors["owner"])
    for step in case.steps.all():  # every required step but the anchoring
        if step.is_required and step.code != c("preparatory_anchoring"):
            services.case_complete_step(actor=s, case=case, step=step.code)
    with pytest.raises(Conflict) as exc:
        services.case_decide(actor=s, case=case, outcome="approved", text="Bifall.")
    err = exc.value
    assert err.code == "steps_missing"
    assert err.rule == "G21"
    assert err.extra == {"missing_steps": [c("preparatory_anchoring")]}
    group = policy.group_name(c("preparatory"))
    assert err.detail == f"Beslut kan inte fattas: ärendet är inte förankrat i {group} (G21)"
    assert not Decision.objects.exists()
    anchor(case, s)
    decision = services.case_decide(actor=s, case=case, outcome="approved", text="Bifall.")
    assert decision.body == "steering_group"
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED


def test_g21_every_open_step_is_listed(actors, policy):
    case = report(actors["owner"])
    with pytest.raises(Conflict) as exc:
        services.case_decide(actor=actors["strategist"], case=case, outcome="approved", text="x")
    required = [s.code for s in policy.steps(c("common_system_change")) if not s.when_needed]
    assert exc.value.extra["missing_steps"] == required
    assert set(c_all(["need_reported", "procurement_contacted", "it_unit_contacted"])) | {
        c("preparatory_anchoring")
    } <= set(required)


def test_g21_management_team_step_only_when_marked_needed(actors):
    s = actors["strategist"]
    case = prepare(report(actors["owner"]), s)
    assert case.status == Case.Status.READY  # not yet judged: does not block
    services.case_mark_step_needed(
        actor=s, case=case, step=c("management_team_anchoring"), needed=True, reason="Stor kostnad"
    )
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    with pytest.raises(Conflict) as exc:
        services.case_decide(actor=s, case=case, outcome="approved", text="Bifall.")
    assert exc.value.extra["missing_steps"] == [c("management_team_anchoring")]
    services.case_mark_step_needed(
        actor=s,
        case=case,
        step=c("management_team_anchoring"),
        needed=False,
        reason="Ryms i budget",
    )
    with pytest.raises(Conflict) as exc:
        services.case_complete_step(actor=s, case=case, step=c("management_team_anchoring"))
    assert exc.value.code == "step_not_needed"
    assert services.case_decide(actor=s, case=case, outcome="approved", text="Bifall.")


def test_g21_only_the_it_strategist_marks_a_step_needed(actors):
    case = report(actors["owner"])
    with pytest.raises(NotAllowed):
        services.case_mark_step_needed(
            actor=actors["owner"],
            case=case,
            step=c("management_team_anchoring"),
            needed=True,
            reason="x",
        )


def test_g21_marking_needed_requires_a_reason(actors):
    case = report(actors["owner"])
    with pytest.raises(ValidationFailed) as exc:
        services.case_mark_step_needed(
            actor=actors["strategist"],
            case=case,
            step=c("management_team_anchoring"),
            needed=True,
            reason=" ",
        )
    assert exc.value.code == "reason_required"


def test_g21_a_required_step_cannot_be_marked_not_needed(actors):
    case = report(actors["owner"])
    with pytest.raises(ValidationFailed) as exc:
        services.case_mark_step_needed(
            actor=actors["strategist"], case=case, step=c("need_reported"), needed=False, reason="x"
        )
    assert exc.value.code == "step_always_required"


def test_g21_department_user_cannot_mark_procurement_contacted(actors, policy):
    case = report(actors["owner"])
    with pytest.raises(NotAllowed) as exc:
        services.case_complete_step(
            actor=actors["owner"], case=case, step=c("procurement_contacted")
        )
    assert exc.value.code == "not_step_performer"
    assert exc.value.rule == "G21"
    procurement = policy.role_name(c("procurement_officer"))  # "Upphandlare (…)" by default
    assert procurement.split(" (")[0].lower() in exc.value.detail.lower()
    step = services.case_complete_step(
        actor=actors["procurement"], case=case, step=c("procurement_contacted"), comment="Ramavtal"
    )
    assert step.completed_by == actors["procurement"]
    assert step.comment == "Ramavtal"


def test_g21_step_cannot_be_completed_twice(actors):
    case = report(actors["owner"])
    services.case_complete_step(actor=actors["strategist"], case=case, step=c("need_reported"))
    with pytest.raises(Conflict) as exc:
        services.case_complete_step(actor=actors["strategist"], case=case, step=c("need_reported"))
    assert exc.value.code == "step_already_done"


def test_g21_unknown_step_refused(actors):
    case = report(actors["owner"])
    with pytest.raises(ValidationFailed) as exc:
        services.case_complete_step(actor=actors["strategist"], case=case, step="nope")
    assert exc.value.code == "unknown_step"


def test_g21_anchoring_step_completes_only_through_consultation(actors):
    case = report(actors["owner"])
    with pytest.raises(Conflict) as exc:
        services.case_complete_step(
            actor=actors["strategist"], case=case, step=c("preparatory_anchoring")
        )
    assert exc.value.code == "consultation_required"
    assert exc.value.rule == "G14"


def test_g21_decided_case_cannot_be_decided_again(actors):
    s = actors["strategist"]
    case = prepare(report(actors["owner"]), s)
    services.case_decide(actor=s, case=case, outcome="rejected", text="Avslag.")
    with pytest.raises(Conflict) as exc:
        services.case_decide(actor=s, case=case, outcome="approved", text="Bifall.")
    assert exc.value.code == "already_decided"
    with pytest.raises(Conflict):
        services.case_complete_step(actor=s, case=case, step=c("management_team_anchoring"))


def test_g21_returned_case_can_be_decided_later(actors):
    s = actors["strategist"]
    case = prepare(report(actors["owner"]), s)
    services.case_decide(actor=s, case=case, outcome="returned", text="Komplettera.")
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    services.case_decide(actor=s, case=case, outcome="approved", text="Bifall.")
    assert case.decisions.count() == 2


def test_g21_steering_decision_recorded_by_strategist_or_chair_only(actors):
    s = actors["strategist"]
    case = prepare(report(actors["owner"]), s)
    for outsider in (actors["owner"], actors["procurement"]):
        with pytest.raises(NotAllowed) as exc:
            services.case_decide(actor=outsider, case=case, outcome="approved", text="Bifall.")
        assert exc.value.code == "not_decision_recorder"
    decision = services.case_decide(
        actor=actors["director"], case=case, outcome="approved", text="Bifall."
    )
    assert decision.decided_by == actors["director"]


def test_g21_approved_purchase_registers_new_system_in_procurement(actors):
    s = actors["strategist"]
    case = prepare(
        report(
            actors["owner"],
            title="Nytt diariesystem",
            proposed_system_name="Public 360",
            common_kind="records_management",
        ),
        s,
    )
    decision = services.case_decide(actor=s, case=case, outcome="approved", text="Köp.")
    system = decision.system
    assert system.name == "Public 360"
    assert system.lifecycle == "procurement"
    assert system.category == "common"
    assert system.common_kind == "records_management"
    assert system.owner == actors["owner"]
    case.refresh_from_db()
    assert case.system == system


def test_g21_change_of_existing_system_keeps_the_register(actors, payroll):
    s = actors["strategist"]
    case = prepare(report(actors["owner"], system=payroll), s)
    decision = services.case_decide(actor=s, case=case, outcome="approved", text="Byt.")
    assert decision.system == payroll
    from styrsam.systems.models import System

    assert System.objects.count() == 1


def test_g21_business_system_refused_on_common_case(actors, vof):
    from tests.factories import SystemFactory

    with pytest.raises(ValidationFailed) as exc:
        report(actors["owner"], system=SystemFactory(owner_unit=vof))
    assert exc.value.code == "wrong_system_category"


def test_g21_correction_is_a_new_decision_referring_to_the_old(actors):
    s = actors["strategist"]
    case = prepare(report(actors["owner"]), s)
    first = services.case_decide(actor=s, case=case, outcome="approved", text="Bifall.")
    second = services.decision_correct(
        actor=s, decision=first, outcome="approved", text="Bifall, med villkor.", conditions="X"
    )
    assert second.corrects == first
    first.refresh_from_db()
    assert first.text == "Bifall."
    with pytest.raises(Conflict) as exc:
        services.decision_correct(actor=s, decision=first, outcome="rejected", text="Nej.")
    assert exc.value.code == "already_corrected"
    with pytest.raises(NotAllowed):
        services.decision_correct(
            actor=actors["owner"], decision=second, outcome="rejected", text="Nej."
        )


def test_g21_reporter_and_next_performers_are_notified(actors):
    from styrsam.cases.models import Notification

    case = report(actors["owner"])
    assert Notification.objects.filter(recipient=actors["strategist"], case=case).count() == 1
    assert Notification.objects.filter(recipient=actors["procurement"], case=case).exists()
    assert Notification.objects.filter(recipient=actors["it_head"], case=case).exists()
    prepare(case, actors["strategist"])
    services.case_decide(actor=actors["strategist"], case=case, outcome="approved", text="Ja.")
    assert Notification.objects.filter(recipient=actors["owner"], text__contains="bifall").exists()
    marked = report(actors["owner"], title="Annat", common_kind="email")  # payroll is bought
    services.case_mark_step_needed(
        actor=actors["strategist"],
        case=marked,
        step=c("management_team_anchoring"),
        needed=True,
        reason="Stor",
    )
    assert (
        Notification.objects.filter(
            recipient=actors["strategist"], case=marked, text__contains="ledningsgrupp"
        ).count()
        == 0
    )  # the strategist marked it and is not told what they did


def test_g21_notification_is_also_sent_by_email(
    actors, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        report(actors["owner"])
    assert any(actors["strategist"].email in m.to for m in mailoutbox)
