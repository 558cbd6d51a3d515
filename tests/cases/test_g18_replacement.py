"""Replacing a common system (issue 11 item 7, G18, G19, G21): the case names the current
system and its successor; the decision registers the successor as planned and puts the current
one into phase-out, with the hand-over date; one in use per kind still holds. A purchase of a
kind the municipality already has is refused at the report with the way out, instead of a
case that can never be decided."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from styrsam.cases import services
from styrsam.cases.models import Case, Decision
from styrsam.core.errors import Conflict, ValidationFailed
from styrsam.systems import services as system_services
from styrsam.systems.models import System
from tests.vocab import c

from .conftest import prepare, report

pytestmark = pytest.mark.django_db

HANDOVER = datetime.date(2027, 9, 1)


@pytest.mark.rule("G18")
def test_g18_purchase_of_a_kind_in_use_is_refused_at_the_report_with_the_way_out(
    actors, payroll, client, api_client
):
    with pytest.raises(ValidationFailed) as exc:  # the service
        report(actors["owner"], common_kind="payroll_hr", proposed_system_name="Heroma")
    assert (exc.value.code, exc.value.field, exc.value.rule) == (
        "common_kind_in_use",
        "system",
        "G18",
    )
    assert "Personec P" in exc.value.detail and "efterträdare" in exc.value.detail
    assert not Case.objects.exists()

    client.force_login(actors["strategist"])  # the report form says what to do
    response = client.post(
        reverse("cases:case_report"),
        {
            "case_type": c("common_system_change"),
            "title": "Nytt lönesystem",
            "common_kind": "payroll_hr",
            "reporting_unit": "",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ange det nya systemet som efterträdare" in html
    assert 'name="successor_name"' in html

    api_client.force_authenticate(actors["strategist"])  # the API
    response = api_client.post(
        "/api/v1/cases/",
        {
            "type": c("common_system_change"),
            "title": "Nytt lönesystem",
            "common_kind": "payroll_hr",
        },
        format="json",
    )
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["rule"]) == ("common_kind_in_use", "G18")
    assert not Case.objects.exists()


@pytest.mark.rule("G18")
@pytest.mark.rule("G21")
def test_g18_replacement_decision_registers_successor_and_phases_out_the_current(actors, payroll):
    s = actors["strategist"]
    case = report(actors["owner"], system=payroll, successor_name="Heroma", handover_date=HANDOVER)
    case = prepare(case, s)
    decision = services.case_decide(actor=s, case=case, outcome="approved", text="Byt till Heroma.")
    payroll.refresh_from_db()
    assert payroll.lifecycle == System.Lifecycle.PHASE_OUT
    successor = decision.successor
    assert (successor.name, successor.lifecycle, successor.common_kind) == (
        "Heroma",
        System.Lifecycle.PLANNED,
        "payroll_hr",
    )
    assert successor.owner_unit == payroll.owner_unit and successor.owner == payroll.owner
    assert decision.handover_date == HANDOVER and decision.system == payroll
    # one in use per kind still holds: a third system of the kind is refused
    with pytest.raises(Conflict) as exc:
        system_services.system_register(
            actor=None,
            name="Ett till lönesystem",
            category="common",
            common_kind="payroll_hr",
            owner_unit=payroll.owner_unit,
            lifecycle="procurement",
        )
    assert (exc.value.code, exc.value.rule) == ("common_kind_taken", "G18")
    # the successor takes over: in use only once the current one is retired or phased out
    system_services.system_update(actor=s, system=successor, lifecycle="in_use")
    with pytest.raises(Conflict):  # the outgoing one cannot come back into use beside it
        system_services.system_update(actor=s, system=payroll, lifecycle="in_use")
    system_services.system_retire(actor=s, system=payroll)
    assert System.objects.filter(common_kind="payroll_hr", lifecycle="in_use").count() == 1


@pytest.mark.rule("G18")
def test_g18_database_refuses_two_in_use_of_a_kind(payroll):
    with pytest.raises(IntegrityError), transaction.atomic():
        System.objects.filter(pk=payroll.pk).update(lifecycle="in_use")
        System.objects.bulk_create(
            [
                System(
                    name="Dubblett",
                    category="common",
                    common_kind="payroll_hr",
                    owner_unit=payroll.owner_unit,
                    lifecycle="in_use",
                    financing_principle="central_budget",
                )
            ]
        )


@pytest.mark.rule("G18")
def test_g18_the_hand_over_date_is_part_of_the_decision(actors, payroll, api_client):
    s = actors["strategist"]
    case = prepare(report(actors["owner"], system=payroll, successor_name="Heroma"), s)
    with pytest.raises(ValidationFailed) as exc:
        services.case_decide(actor=s, case=case, outcome="approved", text="Byt.")
    assert (exc.value.code, exc.value.field, exc.value.rule) == (
        "handover_date_required",
        "handover_date",
        "G18",
    )
    past = timezone.localdate() - datetime.timedelta(days=30)
    api_client.force_authenticate(s)
    response = api_client.post(
        f"/api/v1/cases/{case.pk}/decide/",
        {"outcome": "approved", "text": "Byt.", "handover_date": past.isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "handover_before_decision"
    assert not Decision.objects.exists()
    assert not System.objects.filter(name="Heroma").exists()
    payroll.refresh_from_db()
    assert payroll.lifecycle == "in_use"

    response = api_client.post(
        f"/api/v1/cases/{case.pk}/decide/",
        {"outcome": "approved", "text": "Byt.", "handover_date": HANDOVER.isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    data = api_client.get(f"/api/v1/decisions/{body['id']}/").json()
    assert data["handover_date"] == HANDOVER.isoformat()
    assert data["successor"] == System.objects.get(name="Heroma").pk


@pytest.mark.rule("G18")
def test_g18_rejected_replacement_leaves_the_register(actors, payroll):
    s = actors["strategist"]
    case = prepare(
        report(actors["owner"], system=payroll, successor_name="Heroma", handover_date=HANDOVER),
        s,
    )
    decision = services.case_decide(actor=s, case=case, outcome="rejected", text="Nej.")
    assert decision.successor is None
    payroll.refresh_from_db()
    assert payroll.lifecycle == "in_use"
    assert System.objects.count() == 1


@pytest.mark.rule("G18")
def test_g18_successor_only_for_a_common_system(actors):
    with pytest.raises(ValidationFailed) as exc:
        report(actors["owner"], successor_name="Heroma")  # no current system named
    assert (exc.value.code, exc.value.field) == ("successor_needs_common_system", "successor_name")
