"""Writes to the organisation: each a service with its audit record in the same transaction."""

from __future__ import annotations

import datetime

import pytest

from styrsam.core import audit
from styrsam.core.audit import history_for
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.core.models import AuditEntry
from styrsam.organisation import services
from styrsam.organisation.models import GovernanceGroup, Membership, RoleAssignment
from styrsam.organisation.roles import has_role
from tests.factories import MembershipFactory, RoleAssignmentFactory, UserFactory
from tests.vocab import c


@pytest.fixture
def steering(policy):
    return GovernanceGroup.objects.get(code=c("steering"))


def only_entry(action: str) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(action=action))
    assert len(entries) == 1
    return entries[0]


@pytest.mark.rule("G02")
def test_membership_add_writes_audit_entry(steering, it_strategist, department):
    person = UserFactory(profile__unit=department)
    membership = services.membership_add(
        actor=it_strategist, group=steering, person=person, represents=department
    )
    assert membership.end_date is None
    entry = only_entry("membership.add")
    assert entry.actor == it_strategist
    assert entry.object_type == "organisation.membership"
    assert entry.object_id == str(membership.pk)
    assert entry.before is None
    assert entry.after["function"] == "member"
    assert entry.after["person"]["id"] == person.pk
    assert entry.after["represents"]["id"] == department.pk
    assert entry.after["end_date"] is None


def test_membership_add_and_audit_share_one_transaction(steering, it_strategist, monkeypatch):
    def broken_audit(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(audit, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        services.membership_add(actor=it_strategist, group=steering, person=UserFactory())
    assert not Membership.objects.exists()


def test_membership_end_records_before_and_after(steering, it_strategist):
    membership = MembershipFactory(group=steering)
    services.membership_end(
        actor=it_strategist, membership=membership, end_date=datetime.date(2026, 3, 1)
    )
    membership.refresh_from_db()
    assert membership.end_date == datetime.date(2026, 3, 1)
    entry = only_entry("membership.end")
    assert entry.before["end_date"] is None
    assert entry.after["end_date"] == "2026-03-01"
    assert list(history_for(membership)) == [entry]


def test_membership_end_twice_is_a_conflict(steering, it_strategist):
    membership = MembershipFactory(group=steering, end_date=datetime.date(2025, 1, 1))
    with pytest.raises(Conflict) as info:
        services.membership_end(actor=it_strategist, membership=membership)
    assert info.value.code == "already_ended"


def test_duplicate_membership_is_a_conflict(steering, it_strategist):
    person = UserFactory()
    services.membership_add(actor=it_strategist, group=steering, person=person)
    with pytest.raises(Conflict) as info:
        services.membership_add(actor=it_strategist, group=steering, person=person)
    assert info.value.code == "already_member"
    assert info.value.status == 409
    assert Membership.objects.filter(person=person).count() == 1


def test_person_may_rejoin_after_membership_ended(steering, it_strategist):
    person = UserFactory()
    first = services.membership_add(actor=it_strategist, group=steering, person=person)
    services.membership_end(actor=it_strategist, membership=first)
    services.membership_add(actor=it_strategist, group=steering, person=person)
    assert Membership.objects.filter(person=person).count() == 2


def test_unknown_function_is_refused(steering, it_strategist):
    with pytest.raises(ValidationFailed) as info:
        services.membership_add(
            actor=it_strategist, group=steering, person=UserFactory(), function="king"
        )
    assert info.value.field == "function"


@pytest.mark.parametrize(
    "call",
    [
        lambda actor, group: services.membership_add(
            actor=actor, group=group, person=UserFactory()
        ),
        lambda actor, group: services.membership_end(
            actor=actor, membership=MembershipFactory(group=group)
        ),
        lambda actor, group: services.role_assign(
            actor=actor, person=UserFactory(), role=c("finance_director")
        ),
        lambda actor, group: services.role_end(actor=actor, assignment=RoleAssignmentFactory()),
    ],
    ids=["membership_add", "membership_end", "role_assign", "role_end"],
)
def test_plain_user_is_not_allowed(steering, plain_user, call):
    entries = AuditEntry.objects.count()
    with pytest.raises(NotAllowed) as info:
        call(plain_user, steering)
    assert info.value.status == 403
    assert AuditEntry.objects.count() == entries


@pytest.mark.rule("G02")
def test_role_assign_writes_audit_entry(it_strategist):
    person = UserFactory()
    assignment = services.role_assign(
        actor=it_strategist, person=person, role=c("finance_director")
    )
    entry = only_entry("role.assign")
    assert entry.object_id == str(assignment.pk)
    assert entry.before is None
    assert entry.after["role"] == c("finance_director")
    assert entry.after["unit"] is None
    assert has_role(person, c("finance_director"))


def test_role_end_records_before_and_after(it_strategist):
    assignment = RoleAssignmentFactory(role=c("finance_director"))
    assert has_role(assignment.person, c("finance_director"))
    services.role_end(actor=it_strategist, assignment=assignment)
    entry = only_entry("role.end")
    assert entry.before["end_date"] is None
    assert entry.after["end_date"] is not None
    assert not has_role(assignment.person, c("finance_director"))


def test_unit_scoped_role_without_unit_is_refused(it_strategist):
    with pytest.raises(ValidationFailed) as info:
        services.role_assign(actor=it_strategist, person=UserFactory(), role=c("system_owner"))
    assert info.value.code == "unit_required"
    assert info.value.field == "unit"
    assert not RoleAssignment.objects.filter(role=c("system_owner")).exists()


def test_unit_scoped_role_with_unit_is_accepted(it_strategist, department):
    person = UserFactory()
    services.role_assign(
        actor=it_strategist, person=person, role=c("system_owner"), unit=department
    )
    assert has_role(person, c("system_owner"), department.pk)


def test_unknown_role_is_refused(it_strategist):
    with pytest.raises(ValidationFailed) as info:
        services.role_assign(actor=it_strategist, person=UserFactory(), role="wizard")
    assert info.value.code == "unknown_role"


def test_role_held_twice_is_a_conflict(it_strategist):
    person = UserFactory()
    services.role_assign(actor=it_strategist, person=person, role=c("finance_director"))
    with pytest.raises(Conflict) as info:
        services.role_assign(actor=it_strategist, person=person, role=c("finance_director"))
    assert info.value.code == "role_already_held"


@pytest.mark.rule("G13")
def test_g13_superuser_manages_no_membership(steering, superuser):
    """Issue 11: the superuser is no governance actor; the coordinator (the IT strategist)
    keeps the groups (tests/authz/table.py)."""
    person = UserFactory()
    with pytest.raises(NotAllowed) as exc:
        services.membership_add(actor=superuser, group=steering, person=person)
    assert exc.value.status == 403
    assert not Membership.objects.filter(group=steering, person=person).exists()
    assert not AuditEntry.objects.filter(action="membership.add").exists()
