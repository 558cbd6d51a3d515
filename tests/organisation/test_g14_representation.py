"""A department's representative in the preparatory group belongs to that department — works
there or is in its management (issue 11 item 6, G14); otherwise the composition requirement is
not met."""

from __future__ import annotations

import pytest

from styrsam.core.errors import ValidationFailed
from styrsam.core.models import AuditEntry
from styrsam.organisation import services
from styrsam.organisation.composition import group_composition
from styrsam.organisation.models import GovernanceGroup, Membership
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory, person_with_role
from tests.vocab import c

pytestmark = pytest.mark.django_db


@pytest.fixture
def preparatory(policy):
    return GovernanceGroup.objects.get(code=c("preparatory"))


@pytest.fixture
def elsewhere(policy):
    return OrgUnitFactory(kind="department", code="bou", name="Barn- och utbildningsförvaltningen")


@pytest.mark.rule("G14")
def test_g14_representative_from_another_department_is_refused(
    api_client, it_strategist, preparatory, department, elsewhere
):
    outsider = UserFactory(username="utomstaende", profile__unit=elsewhere)
    with pytest.raises(ValidationFailed) as exc:  # the service: 400 on the field
        services.membership_add(
            actor=it_strategist, group=preparatory, person=outsider, represents=department
        )
    assert (exc.value.code, exc.value.field, exc.value.rule) == (
        "representative_outside_unit",
        "represents",
        "G14",
    )
    api_client.force_authenticate(it_strategist)  # the API
    response = api_client.post(
        "/api/v1/memberships/",
        {"group": c("preparatory"), "person": "utomstaende", "represents": department.code},
        format="json",
    )
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["rule"]) == (
        "representative_outside_unit",
        "G14",
    )
    assert not Membership.objects.filter(person=outsider).exists()
    assert not AuditEntry.objects.filter(action="membership.add").exists()


@pytest.mark.rule("G14")
def test_g14_representative_who_works_there_or_leads_it_is_accepted(
    it_strategist, preparatory, department, elsewhere
):
    staff = UserFactory(profile__unit=department)
    services.membership_add(
        actor=it_strategist, group=preparatory, person=staff, represents=department
    )
    head = person_with_role(c("head_of_department"), unit=elsewhere)  # its management
    services.membership_add(
        actor=it_strategist, group=preparatory, person=head, represents=elsewhere
    )
    assert Membership.objects.filter(group=preparatory, represents__isnull=False).count() == 2


@pytest.mark.rule("G14")
def test_g14_composition_does_not_count_a_representative_from_elsewhere(
    policy, preparatory, department, elsewhere
):
    MembershipFactory(  # written past the service (an old row, the admin)
        group=preparatory, person=UserFactory(profile__unit=elsewhere), represents=department
    )
    report = group_composition(group=preparatory, policy=policy)
    [req] = [
        r for r in report.requirements if r.kind == "representation" and department.name in r.label
    ]
    assert not req.satisfied
