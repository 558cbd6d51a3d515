"""Owner, owning department, category, common kind and criticality of a system are changed by
the coordinator (the IT strategist) or a decided case, never by the system owner alone
(issue 11, item 4). The finding: a system owner changed the owner, the owning department or
the criticality of her own system, after which she could be out of the system owners group
(G15) or no longer edit it. The owner still edits the description, vendor and so on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styrsam.core.errors import NotAllowed
from styrsam.core.models import AuditEntry
from styrsam.systems import services
from styrsam.systems.models import System
from tests.factories import UserFactory

from .test_views import _form_data

URL = "/api/v1/systems/"


def _unchanged(system, owner, vof):
    system.refresh_from_db()
    assert (system.owner, system.owner_unit, system.criticality, system.category) == (
        owner,
        vof,
        "normal",
        "business",
    )
    assert not AuditEntry.objects.filter(action="system.update").exists()


@pytest.mark.rule("G15")
@pytest.mark.parametrize(
    "change",
    [
        {"criticality": "larger_critical"},
        {"owner_unit": "bou"},
        {"owner": "other"},
        {"category": "common", "common_kind": "payroll_hr"},
    ],
)
def test_g15_owner_may_not_change_register_fields(owner, care_system, vof, bou, change):
    values = dict(change)
    if "owner_unit" in values:
        values["owner_unit"] = bou
    if "owner" in values:
        values["owner"] = UserFactory()
    with pytest.raises(NotAllowed) as exc:
        services.system_update(actor=owner, system=care_system, **values)
    assert (exc.value.status, exc.value.code, exc.value.rule) == (
        403,
        "register_change_coordinator",
        "G15",
    )
    _unchanged(care_system, owner, vof)


@pytest.mark.rule("G15")
def test_g15_owner_still_edits_description_and_vendor(owner, care_system):
    services.system_update(
        actor=owner,
        system=care_system,
        description="Vård och omsorg",
        vendor="Tietoevry",
        criticality="normal",  # unchanged register values pass
        owner=owner,
    )
    care_system.refresh_from_db()
    assert care_system.vendor == "Tietoevry"


@pytest.mark.rule("G15")
def test_g15_it_strategist_changes_register_fields(it_strategist, owner, care_system, bou):
    services.system_update(
        actor=it_strategist, system=care_system, criticality="larger_critical", owner_unit=bou
    )
    care_system.refresh_from_db()
    assert (care_system.criticality, care_system.owner_unit) == ("larger_critical", bou)
    entry = AuditEntry.objects.get(action="system.update")
    assert entry.actor == it_strategist


@pytest.mark.rule("G15")
def test_g15_owner_may_not_change_register_fields_through_the_api(
    api_client, owner, care_system, vof
):
    api_client.force_authenticate(owner)
    response = api_client.patch(
        f"{URL}{care_system.pk}/", {"criticality": "larger_critical"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "register_change_coordinator"
    assert response.json()["rule"] == "G15"
    _unchanged(care_system, owner, vof)
    response = api_client.patch(f"{URL}{care_system.pk}/", {"vendor": "Tieto"}, format="json")
    assert response.status_code == 200


@pytest.mark.rule("G15")
def test_g15_owner_form_shows_register_fields_locked(client, owner, care_system, vof, bou):
    client.force_login(owner)
    url = reverse("systems:system_edit", args=[care_system.pk])
    form = client.get(url).context["form"]
    assert form.fields["criticality"].disabled and form.fields["owner"].disabled
    assert not form.fields["vendor"].disabled
    # a forged post of a locked field is ignored; the rest is saved
    data = _form_data(care_system, criticality="larger_critical", owner_unit=bou.pk, vendor="Tieto")
    assert client.post(url, data).status_code == 302
    care_system.refresh_from_db()
    assert (care_system.criticality, care_system.owner_unit, care_system.vendor) == (
        System.Criticality.NORMAL,
        vof,
        "Tieto",
    )
