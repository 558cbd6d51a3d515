"""G03 forwarding of planned projects; G14 consultation in the preparatory group."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from styrsam.cases import services
from styrsam.cases.models import Case, Notification
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from tests.vocab import c

from .conftest import report

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G03")
def test_g03_forwarding_notifies_groups_and_departments(actors, groups, bou, head_of_bou):
    s = actors["strategist"]
    case = report(
        actors["head"],
        c("project_notification"),
        title="Digital signering i hemtjänsten",
        affected_units=[bou],
    )
    assert case.status == Case.Status.OPEN
    services.case_forward(
        actor=s, case=case, groups=[groups[c("steering")], groups[c("preparatory")]]
    )
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    notified = set(
        Notification.objects.filter(case=case, text__startswith="Planerat").values_list(
            "recipient__username", flat=True
        )
    )
    # steering: director (chair); preparatory: owner, prep_member; head of the affected dept
    assert {"kd", "eva", "jonas", "maria"} <= notified
    assert "strateg" not in notified  # the one forwarding is not told what they did
    step = case.steps.get(code=c("forwarded"))
    assert step.is_done and step.completed_by == s
    with pytest.raises(Conflict):
        services.case_forward(actor=s, case=case, groups=[groups[c("steering")]])


@pytest.mark.rule("G03")
def test_g03_only_the_it_strategist_forwards(actors, groups):
    case = report(actors["head"], c("project_notification"), title="Projekt")
    with pytest.raises(NotAllowed):
        services.case_forward(actor=actors["head"], case=case, groups=[groups[c("steering")]])
    with pytest.raises(ValidationFailed):
        services.case_forward(actor=actors["strategist"], case=case, groups=[])
    with pytest.raises(Conflict) as exc:
        services.case_complete_step(actor=actors["strategist"], case=case, step=c("forwarded"))
    assert exc.value.code == "forward_required"


@pytest.mark.rule("G03")
def test_g03_project_notification_has_no_decision(actors, groups):
    case = report(actors["head"], c("project_notification"), title="Projekt")
    with pytest.raises(Conflict) as exc:
        services.case_decide(actor=actors["strategist"], case=case, outcome="approved", text="x")
    assert exc.value.code == "no_decision"


def _open(case, strategist, days=7):
    return services.consultation_open(
        actor=strategist,
        case=case,
        step=c("preparatory_anchoring"),
        deadline=timezone.localdate() + datetime.timedelta(days=days),
        question="Tillstyrker ni bytet?",
    )


@pytest.mark.rule("G14")
def test_g14_consultation_notifies_members_and_closing_completes_anchoring(actors):
    s = actors["strategist"]
    case = report(actors["owner"])
    consultation = _open(case, s)
    assert Notification.objects.filter(
        recipient=actors["prep_member"], text__startswith="Remiss"
    ).exists()
    services.consultation_respond(
        actor=actors["prep_member"], consultation=consultation, position="supports", text="Bra"
    )
    services.consultation_respond(
        actor=actors["owner"], consultation=consultation, position="objects", text="Dyrt"
    )
    services.consultation_respond(
        actor=actors["owner"], consultation=consultation, position="no_opinion"
    )  # an answer may be changed while the consultation is open
    assert consultation.responses.count() == 2
    with pytest.raises(Conflict):
        _open(case, s)  # one open consultation per step
    services.consultation_close(actor=s, consultation=consultation, summary="Enighet")
    step = case.steps.get(code=c("preparatory_anchoring"))
    assert step.is_done
    assert "1 tillstyrker" in step.comment and "Enighet" in step.comment
    with pytest.raises(Conflict) as exc:
        services.consultation_respond(
            actor=actors["prep_member"], consultation=consultation, position="objects"
        )
    assert exc.value.code == "consultation_closed"
    with pytest.raises(Conflict):
        services.consultation_close(actor=s, consultation=consultation)


@pytest.mark.rule("G14")
def test_g14_consultation_late_answer_flagged(actors):
    consultation = _open(report(actors["owner"]), actors["strategist"])
    on_time = services.consultation_respond(
        actor=actors["owner"], consultation=consultation, position="supports"
    )
    assert on_time.late is False
    later = timezone.now() + datetime.timedelta(days=10)
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=later):
        late = services.consultation_respond(
            actor=actors["prep_member"], consultation=consultation, position="objects"
        )
    assert late.late is True


@pytest.mark.rule("G14")
def test_g14_only_members_answer_and_only_the_strategist_opens_and_closes(actors):
    case = report(actors["owner"])
    with pytest.raises(NotAllowed):
        _open(case, actors["owner"])
    consultation = _open(case, actors["strategist"])
    with pytest.raises(NotAllowed) as exc:
        services.consultation_respond(
            actor=actors["procurement"], consultation=consultation, position="supports"
        )
    assert exc.value.code == "not_a_member"
    with pytest.raises(NotAllowed):
        services.consultation_close(actor=actors["owner"], consultation=consultation)


@pytest.mark.rule("G14")
def test_g14_deadline_cannot_be_in_the_past(actors):
    with pytest.raises(ValidationFailed):
        _open(report(actors["owner"]), actors["strategist"], days=-1)


@pytest.mark.rule("G14")
def test_g14_consultation_only_on_a_consultation_step(actors):
    with pytest.raises(ValidationFailed) as exc:
        services.consultation_open(
            actor=actors["strategist"],
            case=report(actors["owner"]),
            step=c("need_reported"),
            deadline=timezone.localdate(),
        )
    assert exc.value.code == "not_a_consultation_step"


@pytest.mark.rule("G13")
def test_g13_steering_group_approves_both_common_and_business_purchases(actors, policy):
    """G13: the steering group approves purchases of common and department systems: the
    policy names it as the deciding body of both case types."""
    for code in (c("common_system_change"), c("business_system_change"), c("co_financing")):
        assert policy.case_type(code)["decision"]["body"] == {"group": c("steering")}
