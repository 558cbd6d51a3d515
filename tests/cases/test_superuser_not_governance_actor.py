"""The superuser is a system administrator, not a governance actor (issue 11, item 1): no
decisions, corrections or consultation answers (403 ``superuser_not_governance_actor``), and
governed records are read-only in the Django admin. The finding: a superuser recorded and
corrected steering-group decisions, and edited a decided case back to "ready" in the admin (no
audit entry), after which it could be decided again."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from styrsam.cases import services
from styrsam.cases.models import Case, ConsultationResponse, Decision
from styrsam.core.errors import NotAllowed
from styrsam.organisation.models import GovernanceGroup, Membership, RoleAssignment
from styrsam.systems.models import System
from tests.vocab import c

from .conftest import prepare, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_case(actors):
    return prepare(report(actors["owner"]), actors["strategist"])


@pytest.mark.rule("G13")
@pytest.mark.rule("G21")
def test_g13_superuser_records_no_decision(ready_case, superuser, actors):
    with pytest.raises(NotAllowed) as exc:
        services.case_decide(actor=superuser, case=ready_case, outcome="approved", text="Bifall.")
    assert (exc.value.status, exc.value.code) == (403, "superuser_not_governance_actor")
    assert not Decision.objects.exists()
    ready_case.refresh_from_db()
    assert ready_case.status != Case.Status.DECIDED

    decision = services.case_decide(
        actor=actors["strategist"], case=ready_case, outcome="approved", text="Bifall."
    )
    with pytest.raises(NotAllowed) as exc:
        services.decision_correct(
            actor=superuser, decision=decision, outcome="rejected", text="Avslag."
        )
    assert exc.value.code == "superuser_not_governance_actor"
    assert Decision.objects.count() == 1


@pytest.mark.rule("G13")
def test_g13_superuser_records_no_decision_through_the_api(
    ready_case, superuser, api_client, actors
):
    api_client.force_authenticate(superuser)
    response = api_client.post(
        f"/api/v1/cases/{ready_case.pk}/decide/",
        {"outcome": "approved", "text": "Bifall."},
        format="json",
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


@pytest.mark.rule("G14")
def test_g14_superuser_answers_no_consultation(actors, superuser):
    case = report(actors["owner"])
    consultation = services.consultation_open(
        actor=actors["strategist"],
        case=case,
        step=c("preparatory_anchoring"),
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )
    group = GovernanceGroup.objects.get(code=c("preparatory"))
    Membership.objects.create(group=group, person=superuser, start_date=timezone.localdate())
    with pytest.raises(NotAllowed) as exc:
        services.consultation_respond(
            actor=superuser, consultation=consultation, position="supports"
        )
    assert exc.value.code == "superuser_not_governance_actor"
    assert not ConsultationResponse.objects.exists()


@pytest.mark.rule("G13")
def test_g13_decided_case_is_read_only_in_the_admin(ready_case, client, superuser, actors):
    services.case_decide(
        actor=actors["strategist"], case=ready_case, outcome="approved", text="Bifall."
    )
    client.force_login(superuser)
    url = f"/admin/cases/case/{ready_case.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200  # viewable
    assert b'name="status"' not in page.content
    response = client.post(url, {"status": "ready", "title": "x"})
    assert response.status_code == 403
    assert client.post(f"/admin/cases/case/{ready_case.pk}/delete/").status_code == 403
    assert client.get("/admin/cases/case/add/").status_code == 403
    ready_case.refresh_from_db()
    assert ready_case.status == Case.Status.DECIDED


@pytest.mark.rule("G15")
def test_g15_governed_records_are_read_only_in_the_admin(client, superuser, actors):
    from django.contrib import admin

    client.force_login(superuser)
    request = client.get("/admin/").wsgi_request
    for model in (Case, Decision, System, RoleAssignment, Membership):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
    assignment = RoleAssignment.objects.filter(person=actors["strategist"]).first()
    url = f"/admin/organisation/roleassignment/{assignment.pk}/change/"
    assert client.post(url, {"role": c("municipal_director")}).status_code == 403
    assignment.refresh_from_db()
    assert assignment.role == c("it_strategist")


@pytest.mark.rule("G03")
def test_g03_the_pages_do_not_offer_the_superuser_a_governance_act(client, superuser, actors):
    """The case tabs and the menu ask ``core.access.may``/``rules_allow``: a governance
    permission is not granted by the superuser flag, so the superuser is not offered the case
    report that the page would refuse him (403); the reporting roles still are."""
    from styrsam.core.access import rules_allow

    assert rules_allow(superuser, "cases.add_case") is False
    assert rules_allow(actors["owner"], "cases.add_case") is True
    client.force_login(superuser)
    page = client.get("/arenden/oppna/")
    assert page.status_code == 200
    assert "Anmäl behov" not in page.content.decode()
    assert client.get("/arenden/anmal/").status_code == 403
    client.force_login(actors["owner"])
    assert "Anmäl behov" in client.get("/arenden/oppna/").content.decode()
