"""Committees and units created and edited on pages and through the API (issue 21 item 3):
by the coordinating role, audited; a plain employee 403, the API without login 401."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styrsam.core.models import AuditEntry
from styrsam.organisation.models import Committee, OrgUnit
from tests.factories import CommitteeFactory, OrgUnitFactory


@pytest.mark.rule("G01")
def test_g01_coordinator_creates_and_edits_a_unit_on_the_page(client, it_strategist):
    committee = CommitteeFactory(name="Socialnämnden", code="sn")
    client.force_login(it_strategist)
    assert client.get(reverse("organisation:unit_create")).status_code == 200
    response = client.post(
        reverse("organisation:unit_create"),
        {
            "code": "soc",
            "name": "Socialförvaltningen",
            "kind": "department",
            "committee": committee.pk,
        },
    )
    assert response.status_code == 302
    unit = OrgUnit.objects.get(code="soc")
    assert (unit.committee, unit.is_active) == (committee, True)
    response = client.post(
        reverse("organisation:unit_edit", args=[unit.pk]),
        {"code": "soc", "name": "Social- och omsorgsförvaltningen", "kind": "department"},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.committee, unit.is_active) == (
        "Social- och omsorgsförvaltningen",
        None,
        False,
    )
    entry = AuditEntry.objects.get(action="org_unit.update", object_id=str(unit.pk))
    assert entry.after["name"] == "Social- och omsorgsförvaltningen"
    page = client.get(reverse("organisation:unit_list")).content.decode()
    assert reverse("organisation:unit_edit", args=[unit.pk]) in page


@pytest.mark.rule("G01")
def test_g01_a_taken_unit_code_is_refused_on_the_form(client, it_strategist):
    OrgUnitFactory(code="soc", name="Socialförvaltningen")
    client.force_login(it_strategist)
    response = client.post(
        reverse("organisation:unit_create"),
        {"code": "soc", "name": "Annan förvaltning", "kind": "department"},
    )
    assert response.status_code == 409
    assert "finns redan" in response.content.decode()
    assert not OrgUnit.objects.filter(name="Annan förvaltning").exists()


def test_coordinator_creates_and_edits_a_committee_on_the_page(client, it_strategist):
    client.force_login(it_strategist)
    response = client.post(
        reverse("organisation:committee_create"),
        {"code": "bun", "name": "Barn- och utbildningsnämnden"},
    )
    assert response.status_code == 302
    committee = Committee.objects.get(code="bun")
    response = client.post(
        reverse("organisation:committee_edit", args=[committee.pk]),
        {"code": "bun", "name": "Utbildningsnämnden"},
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.name == "Utbildningsnämnden"
    assert (
        AuditEntry.objects.filter(action="committee.update", object_id=str(committee.pk)).count()
        == 1
    )


def test_a_plain_employee_may_not_create_units_or_committees(client, plain_user):
    client.force_login(plain_user)
    assert client.get(reverse("organisation:unit_create")).status_code == 403
    response = client.post(
        reverse("organisation:committee_create"), {"code": "x", "name": "X-nämnden"}
    )
    assert response.status_code == 403
    assert not Committee.objects.filter(code="x").exists()
    page = client.get(reverse("organisation:unit_list")).content.decode()
    assert reverse("organisation:unit_create") not in page


def test_the_policys_unit_keeps_its_code(client, it_strategist, policy):
    unit = OrgUnitFactory(code=policy.it_unit_code(), name="IT-enheten", kind="staff_unit")
    client.force_login(it_strategist)
    response = client.post(
        reverse("organisation:unit_edit", args=[unit.pk]),
        {"code": "annat", "name": "IT-enheten", "kind": "staff_unit", "is_active": "on"},
    )
    assert response.status_code == 409
    unit.refresh_from_db()
    assert unit.code == policy.it_unit_code()


# --- the API ---------------------------------------------------------------------------------


@pytest.mark.rule("G01")
def test_g01_api_creates_and_changes_units_and_committees(api_client, it_strategist):
    api_client.force_authenticate(it_strategist)
    response = api_client.post(
        reverse("committee-list"), {"code": "sn", "name": "Socialnämnden"}, format="json"
    )
    assert response.status_code == 201
    response = api_client.post(
        reverse("org-unit-list"),
        {"code": "soc", "name": "Socialförvaltningen", "kind": "department", "committee": "sn"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["code"], body["committee"], body["is_active"]) == ("soc", "sn", True)
    response = api_client.patch(
        reverse("org-unit-detail", args=[body["id"]]), {"name": "Socialkontoret"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Socialkontoret"
    assert AuditEntry.objects.filter(action="org_unit.update", actor=it_strategist).count() == 1


def test_api_refuses_a_taken_name_with_409(api_client, it_strategist):
    CommitteeFactory(code="sn", name="Socialnämnden")
    api_client.force_authenticate(it_strategist)
    response = api_client.post(
        reverse("committee-list"), {"code": "sn2", "name": "socialnämnden"}, format="json"
    )
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == ("name_taken", "name")
    assert Committee.objects.count() == 1


def test_api_refuses_a_plain_employee_and_anonymous(api_client, plain_user):
    payload = {"code": "soc", "name": "Socialförvaltningen", "kind": "department"}
    assert api_client.post(reverse("org-unit-list"), payload, format="json").status_code == 401
    api_client.force_authenticate(plain_user)
    assert api_client.post(reverse("org-unit-list"), payload, format="json").status_code == 403
    unit = OrgUnitFactory(code="vof")
    response = api_client.patch(
        reverse("org-unit-detail", args=[unit.pk]), {"name": "Nytt"}, format="json"
    )
    assert response.status_code == 403
    assert not OrgUnit.objects.filter(code="soc").exists()
    unit.refresh_from_db()
    assert unit.name != "Nytt"
