"""A consultation (remiss) closes by itself at its deadline or when every member has answered
(issue 11 item 6, G14, G21): the periodic task ``cases.close_due_consultations``, set-based and
safe to run again."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from styrsam.cases import services
from styrsam.cases.models import CaseStep, Consultation
from styrsam.cases.tasks import close_due_consultations
from styrsam.core.models import AuditEntry
from styrsam.schedule import PERIODIC_TASKS
from tests.vocab import c

from .conftest import report

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _open(case, strategist, days=7):
    return services.consultation_open(
        actor=strategist,
        case=case,
        step=c("preparatory_anchoring"),
        deadline=TODAY() + datetime.timedelta(days=days),
    )


def _closes(consultation) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action="case.consultation_close", object_id=str(consultation.case_id)
        )
    )


@pytest.mark.rule("G14")
def test_g14_a_consultation_closes_by_itself_after_its_deadline(actors):
    s = actors["strategist"]
    consultation = _open(report(actors["owner"]), s, days=3)
    services.consultation_respond(
        actor=actors["owner"], consultation=consultation, position="supports"
    )  # prep_member never answers

    # on the deadline day itself it is still open
    assert services.consultations_close_due(today=consultation.deadline) == {
        "deadline": [],
        "all_answered": [],
    }
    consultation.refresh_from_db()
    assert consultation.closed_at is None

    after = consultation.deadline + datetime.timedelta(days=1)
    closed = services.consultations_close_due(today=after)
    assert closed == {"deadline": [consultation.pk], "all_answered": []}
    consultation.refresh_from_db()
    assert consultation.closed_at is not None and consultation.closed_by is None
    assert consultation.early_close_reason == ""  # not early: the deadline had passed
    (entry,) = _closes(consultation)
    assert entry.actor is None
    assert entry.after["closed"] == "deadline"
    assert entry.after["missing"] == [actors["prep_member"].pk]

    # safe to run again: nothing closes twice, no second entry
    assert services.consultations_close_due(today=after) == {"deadline": [], "all_answered": []}
    assert len(_closes(consultation)) == 1


@pytest.mark.rule("G21")
def test_g21_every_member_answered_closes_it_and_anchors_the_case(actors):
    s = actors["strategist"]
    case = report(actors["owner"])
    consultation = _open(case, s, days=14)
    for member in (actors["owner"], actors["prep_member"]):
        services.consultation_respond(actor=member, consultation=consultation, position="supports")

    closed = close_due_consultations.apply().get()  # the task as the worker runs it
    assert closed == {"deadline": [], "all_answered": [consultation.pk]}
    consultation.refresh_from_db()
    assert consultation.closed_at is not None
    step = CaseStep.objects.get(pk=consultation.step_id)
    assert step.is_done  # anchored (G21)
    (entry,) = _closes(consultation)
    assert (entry.after["closed"], entry.after["anchored"]) == ("all_answered", True)
    assert close_due_consultations.apply().get() == {"deadline": [], "all_answered": []}


@pytest.mark.rule("G14")
def test_g14_missing_answers_before_the_deadline_leave_it_open(actors):
    s = actors["strategist"]
    consultation = _open(report(actors["owner"]), s, days=14)
    services.consultation_respond(
        actor=actors["owner"], consultation=consultation, position="objects"
    )
    assert services.consultations_close_due() == {"deadline": [], "all_answered": []}
    consultation.refresh_from_db()
    assert consultation.closed_at is None
    assert not CaseStep.objects.get(pk=consultation.step_id).is_done
    assert not _closes(consultation)


@pytest.mark.rule("G14")
def test_g14_no_answer_at_all_is_not_every_member_answering(actors):
    consultation = _open(report(actors["owner"]), actors["strategist"], days=14)
    assert services.consultations_close_due() == {"deadline": [], "all_answered": []}
    assert Consultation.objects.get(pk=consultation.pk).closed_at is None


def test_the_task_is_on_the_beat_schedule():
    assert "cases.close_due_consultations" in PERIODIC_TASKS
