"""The shape of the organisation (structural rules)."""

from __future__ import annotations

import pytest

from styrsam.core.models import AuditEntry
from styrsam.organisation import services
from styrsam.organisation.models import OrgUnit
from tests.vocab import c


@pytest.mark.rule("G01")
def test_g01_departments_belong_to_committees(it_strategist):
    committee = services.committee_create(
        actor=it_strategist, code="von", name="Vård- och omsorgsnämnden"
    )
    unit = services.org_unit_create(
        actor=it_strategist,
        code="vof",
        name="Vård- och omsorgsförvaltningen",
        kind=OrgUnit.Kind.DEPARTMENT,
        committee=committee,
    )
    assert unit.committee == committee
    assert list(committee.units.all()) == [unit]
    assert set(OrgUnit.Kind.values) == {"department", "company", "staff_unit"}
    assert AuditEntry.objects.filter(action="org_unit.create", object_id=str(unit.pk)).exists()


@pytest.mark.rule("G01")
def test_g01_department_head_and_economist_roles_are_unit_scoped(policy):
    for role in (c("head_of_department"), c("department_economist"), c("system_owner")):
        assert policy.role_is_unit_scoped(role), role
    assert not policy.role_is_unit_scoped(c("it_strategist"))


def test_org_unit_with_unknown_kind_is_refused(it_strategist):
    from styrsam.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        services.org_unit_create(actor=it_strategist, code="x", name="X", kind="castle")


def test_person_create_refuses_taken_username(it_strategist, department):
    from styrsam.core.errors import Conflict

    person = services.person_create(
        actor=it_strategist, username="anna", first_name="Anna", last_name="Berg", unit=department
    )
    assert person.profile.unit == department
    assert not person.has_usable_password()
    with pytest.raises(Conflict) as info:
        services.person_create(actor=it_strategist, username="anna", first_name="A", last_name="B")
    assert info.value.code == "username_taken"
