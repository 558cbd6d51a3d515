"""Consultation (remiss) and representation (issue 11 item 6, G14, G21): a consultation closes
at its deadline or when every member has answered; closing it earlier with answers missing
needs a reason, which is recorded, audited and shown; the policy's ``min_answers`` decides
whether the answers anchor the case; a department's representative belongs to it."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from styrsam.cases import services
from styrsam.cases.models import Case, CaseStep, Consultation
from styrsam.core.errors import ValidationFailed
from styrsam.core.models import AuditEntry
from tests.vocab import c

from .conftest import report

pytestmark = pytest.mark.django_db


def _open(case, strategist, days=14):
    return services.consultation_open(
        actor=strategist,
        case=case,
        step=c("preparatory_anchoring"),
        deadline=timezone.localdate() + datetime.timedelta(days=days),
    )


def _untouched(consultation):
    consultation.refresh_from_db()
    assert consultation.closed_at is None and consultation.early_close_reason == ""
    assert not CaseStep.objects.get(pk=consultation.step_id).is_done
    assert not AuditEntry.objects.filter(action="case.consultation_close").exists()


@pytest.mark.rule("G14")
def test_g14_closing_early_with_missing_answers_needs_a_reason(actors, client, api_client):
    s = actors["strategist"]
    consultation = _open(report(actors["owner"]), s)
    services.consultation_respond(
        actor=actors["owner"], consultation=consultation, position="supports"
    )  # prep_member has not answered, the deadline is two weeks ahead

    with pytest.raises(ValidationFailed) as exc:  # the service
        services.consultation_close(actor=s, consultation=consultation)
    assert (exc.value.code, exc.value.field, exc.value.rule) == (
        "early_close_reason_required",
        "early_close_reason",
        "G14",
    )
    _untouched(consultation)

    api_client.force_authenticate(s)  # the API: 400 on the field
    response = api_client.post(
        f"/api/v1/consultations/{consultation.pk}/close/", {"summary": "x"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "early_close_reason_required"
    _untouched(consultation)

    client.force_login(s)  # the page: the form again with the reason field and the message
    response = client.post(
        reverse("cases:consultation_close", args=[consultation.pk]), {"summary": "Enighet"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ange skälet att avsluta remissen i förtid" in html
    assert 'name="early_close_reason"' in html and "Enighet" in html
    _untouched(consultation)

    response = client.post(
        reverse("cases:consultation_close", args=[consultation.pk]),
        {"summary": "Enighet", "early_close_reason": "Beslut brådskar, avtalet löper ut."},
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.early_close_reason == "Beslut brådskar, avtalet löper ut."
    entry = AuditEntry.objects.get(action="case.consultation_close")
    assert entry.after["early_close_reason"] == "Beslut brådskar, avtalet löper ut."
    assert entry.after["missing"] == [actors["prep_member"].pk]
    step = consultation.case.steps.get(code=c("preparatory_anchoring"))
    assert step.is_done and "Avslutad före sista svarsdag" in step.comment
    page = client.get(reverse("cases:consultation_detail", args=[consultation.pk]))
    assert "Beslut brådskar, avtalet löper ut." in page.content.decode()  # shown
    data = api_client.get(f"/api/v1/consultations/{consultation.pk}/").json()
    assert data["early_close_reason"] == "Beslut brådskar, avtalet löper ut."


@pytest.mark.rule("G14")
def test_g14_closes_without_reason_when_every_member_answered(actors):
    s = actors["strategist"]
    consultation = _open(report(actors["owner"]), s)
    for member in (actors["owner"], actors["prep_member"]):  # the strategist sent it
        services.consultation_respond(actor=member, consultation=consultation, position="supports")
    services.consultation_close(actor=s, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.closed_at is not None and consultation.early_close_reason == ""


@pytest.mark.rule("G14")
def test_g14_closes_without_reason_after_the_deadline(actors):
    s = actors["strategist"]
    consultation = _open(report(actors["owner"]), s, days=3)
    services.consultation_respond(
        actor=actors["owner"], consultation=consultation, position="supports"
    )
    later = timezone.now() + datetime.timedelta(days=4)
    with mock.patch("django.utils.timezone.now", return_value=later):
        services.consultation_close(actor=s, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.closed_at is not None and consultation.early_close_reason == ""


@pytest.mark.default_policy(
    "the default policy's anchoring step needs one answer (min_answers: 1); Andrakommun's none"
)
@pytest.mark.rule("G21")
@pytest.mark.rule("G14")
def test_g21_too_few_answers_do_not_anchor_the_case(actors, client):
    """The default policy requires one answer (``min_answers: 1``): a consultation closed with
    none leaves the case unanchored (no decision, G21) and a new one may be sent."""
    s = actors["strategist"]
    case = report(actors["owner"])
    consultation = _open(case, s)
    services.consultation_close(
        actor=s, consultation=consultation, early_close_reason="Ingen hann svara."
    )
    consultation.refresh_from_db()
    assert consultation.closed_at is not None
    step = case.steps.get(code=c("preparatory_anchoring"))
    assert not step.is_done
    entry = AuditEntry.objects.get(action="case.consultation_close")
    assert entry.after["anchored"] is False
    case.refresh_from_db()
    assert case.status != Case.Status.READY
    again = _open(case, s)  # a new consultation of the same step
    assert Consultation.objects.filter(case=case).count() == 2
    client.force_login(s)
    page = client.get(reverse("cases:consultation_detail", args=[again.pk])).content.decode()
    assert "policyn kräver minst 1" in page


@pytest.mark.rule("G14")
@pytest.mark.rule("G21")
def test_g14_closing_page_says_anchored_when_the_answers_anchor_the_case(actors, client):
    """Issue 21 (found walking Andrakommun's flows): a consultation closed on the page with
    enough answers anchors the case, and the message says so — not "för få svar" from a
    stale copy of the step read before the service completed it."""
    s = actors["strategist"]
    case = report(actors["owner"])
    consultation = _open(case, s)
    services.consultation_respond(
        actor=actors["owner"], consultation=consultation, position="supports"
    )
    client.force_login(s)
    response = client.post(
        reverse("cases:consultation_close", args=[consultation.pk]),
        {"summary": "Stöd", "early_close_reason": "Svaren räcker."},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Remissen är avslutad och förankringen är klar." in html
    assert "för få svar" not in html
    assert case.steps.get(code=c("preparatory_anchoring")).is_done
