"""The page frame asks each permission once per request (issues 13 and 14): the rules' answer
and the user's capabilities are kept on the request's user object, forgotten when the
user's roles change, and the policy in force is one query. The answers are the policy's own
(G02, G05: the coordinating role and the project managers come from its capabilities)."""

from __future__ import annotations

import pytest
import rules
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styrsam.core import access
from styrsam.guideline.policy import _active_policy, clear_policy_cache
from styrsam.organisation.roles import forget_roles, has_capability, units_with_capability
from tests.factories import OrgUnitFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _municipal_role(policy, capability: str) -> str:
    """A role the policy gives ``capability`` municipality-wide (not unit-scoped)."""
    return next(r for r in policy.roles_with(capability) if not policy.role_is_unit_scoped(r))


def test_g02_a_permission_is_asked_of_the_rules_once_per_request(policy, monkeypatch):
    user = UserFactory()
    asked = []
    real = rules.has_perm

    def spy(perm, *args, **kwargs):
        asked.append(perm)
        return real(perm, *args, **kwargs)

    monkeypatch.setattr(access.rules, "has_perm", spy)
    for _ in range(3):  # the menu, a button, a row
        assert access.rules_allow(user, "projects.add_project") is False
    assert access.rules_allow(user, "projects.view_projects") is True
    assert asked == ["projects.add_project", "projects.view_projects"]
    # the next request has a new user object: asked again
    fresh = type(user).objects.get(pk=user.pk)
    assert access.rules_allow(fresh, "projects.add_project") is False
    assert asked[-1] == "projects.add_project" and len(asked) == 3


def test_g05_a_role_granted_within_the_request_counts_once_the_roles_are_forgotten(policy):
    user = UserFactory()
    role = _municipal_role(policy, "manage_projects")
    assert not has_capability(user, "manage_projects")
    assert access.rules_allow(user, "projects.add_project") is False
    RoleAssignmentFactory(person=user, role=role)
    forget_roles(user)  # what the role service does after granting (role_assign)
    assert has_capability(user, "manage_projects")
    assert access.rules_allow(user, "projects.add_project") is True


def test_g02_capabilities_by_unit_are_those_of_the_roles(policy):
    """A unit-scoped role counts for its own unit only; a municipality-wide one everywhere."""
    unit, other = OrgUnitFactory(code="u1"), OrgUnitFactory(code="u2")
    scoped = next(
        (r for r in policy.roles_with("manage_projects") if policy.role_is_unit_scoped(r)), None
    )
    if scoped is None:
        pytest.skip("the policy has no unit-scoped project manager")
    user = UserFactory()
    RoleAssignmentFactory(person=user, role=scoped, unit=unit)
    assert has_capability(user, "manage_projects")
    assert has_capability(user, "manage_projects", unit.pk)
    assert not has_capability(user, "manage_projects", other.pk)
    assert units_with_capability(user, "manage_projects") == {unit.pk}
    assert not has_capability(user, "coordinate")
    with pytest.raises(KeyError):  # an unknown capability is a programming error, as before
        has_capability(user, "no_such_capability")


def test_g29_the_policy_in_force_is_one_query(policy):
    """The adopted version whose date has come, else the active one: one query, whichever."""
    clear_policy_cache()
    first = _active_policy()  # reads the version itself once
    with CaptureQueriesContext(connection) as captured:
        assert _active_policy() is first
    assert len(captured.captured_queries) == 1
