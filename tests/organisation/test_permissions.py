"""Who may do what: the IT strategist coordinates (G02)."""

from __future__ import annotations

import pytest

from styrsam.organisation.roles import roles_of
from tests.vocab import c

COORDINATOR_PERMS = [
    "organisation.manage_memberships",
    "organisation.manage_roles",
    "guideline.load_policy",
]


@pytest.mark.rule("G02")
@pytest.mark.parametrize("perm", COORDINATOR_PERMS)
def test_g02_it_strategist_coordinates(it_strategist, perm):
    assert it_strategist.has_perm(perm)


@pytest.mark.rule("G02")
def test_g02_it_strategist_convenes_the_groups(it_strategist, policy):
    assert all(gp.convener_role == c("it_strategist") for gp in policy.groups.values())
    assert (c("it_strategist"), None) in roles_of(it_strategist)


@pytest.mark.parametrize("perm", COORDINATOR_PERMS)
def test_plain_user_does_not_coordinate(plain_user, perm):
    assert not plain_user.has_perm(perm)


@pytest.mark.parametrize("perm", ["organisation.view_organisation", "guideline.view_policy"])
def test_every_employee_reads(plain_user, perm):
    assert plain_user.has_perm(perm)


def test_municipal_director_does_not_manage_memberships(municipal_director):
    assert not municipal_director.has_perm("organisation.manage_memberships")


def test_ended_role_gives_no_rights(policy):
    import datetime

    from tests.factories import RoleAssignmentFactory, UserFactory

    user = UserFactory()
    RoleAssignmentFactory(person=user, role=c("it_strategist"), end_date=datetime.date(2025, 1, 1))
    assert not user.has_perm("organisation.manage_memberships")
