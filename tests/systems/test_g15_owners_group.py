"""G15: the system owners group follows from the register."""

from __future__ import annotations

import datetime

import pytest

from styrsam.guideline.policy import get_policy
from styrsam.organisation.composition import group_composition
from styrsam.organisation.models import GovernanceGroup, Membership
from styrsam.organisation.roles import active_q
from styrsam.systems import services
from styrsam.systems.owners_group import system_owners_sync
from styrsam.systems.selectors import owners_of_criticality
from tests.factories import MembershipFactory, SystemFactory, UserFactory
from tests.vocab import c

pytestmark = [pytest.mark.django_db, pytest.mark.rule("G15")]


def _members():
    return set(
        Membership.objects.filter(active_q(), group__code=c("system_owners")).values_list(
            "person__username", flat=True
        )
    )


@pytest.fixture
def owners_group(policy):
    from styrsam.organisation.services import groups_sync_from_policy

    groups_sync_from_policy(actor=None)
    return GovernanceGroup.objects.get(code=c("system_owners"))


def test_g15_owners_of_criticality_lists_distinct_active_owners(policy, owner):
    SystemFactory(owner=owner, criticality="larger_critical")
    SystemFactory(owner=owner, criticality="larger_critical")
    SystemFactory(owner=UserFactory(is_active=False), criticality="larger_critical")
    SystemFactory(owner=UserFactory(), criticality="larger_critical", lifecycle="retired")
    SystemFactory(owner=UserFactory(), criticality="normal")
    assert list(owners_of_criticality("larger_critical")) == [owner]


def test_g15_registering_a_larger_critical_system_seats_its_owner(
    owners_group, it_strategist, owner, vof
):
    services.system_register(
        actor=it_strategist,
        name="Lifecare",
        category="business",
        owner_unit=vof,
        owner=owner,
        criticality="larger_critical",
    )
    assert _members() == {"eva"}
    report = group_composition(group=owners_group, policy=get_policy())
    owner_lines = [r for r in report.requirements if r.kind == "owner"]
    assert len(owner_lines) == 1 and owner_lines[0].satisfied


def test_g15_normal_system_does_not_seat_its_owner(owners_group, it_strategist, owner, vof):
    services.system_register(
        actor=it_strategist, name="Lifecare", category="business", owner_unit=vof, owner=owner
    )
    assert _members() == set()


def test_g15_new_owner_joins_and_old_owner_leaves(
    owners_group, it_strategist, owner, other_owner, vof
):
    system = services.system_register(
        actor=it_strategist,
        name="Lifecare",
        category="business",
        owner_unit=vof,
        owner=owner,
        criticality="larger_critical",
    )
    services.system_update(actor=it_strategist, system=system, owner=other_owner)
    assert _members() == {"jonas"}
    ended = Membership.objects.get(person=owner, group=owners_group)
    assert ended.end_date == datetime.date.today()


def test_g15_owner_of_two_stays_when_one_is_downgraded(owners_group, it_strategist, owner, vof):
    a = services.system_register(
        actor=it_strategist,
        name="A",
        category="business",
        owner_unit=vof,
        owner=owner,
        criticality="larger_critical",
    )
    services.system_register(
        actor=it_strategist,
        name="B",
        category="business",
        owner_unit=vof,
        owner=owner,
        criticality="larger_critical",
    )
    services.system_update(actor=it_strategist, system=a, criticality="normal")
    assert _members() == {"eva"}


def test_g15_retiring_the_last_critical_system_ends_membership(
    owners_group, it_strategist, owner, vof
):
    a = services.system_register(
        actor=it_strategist,
        name="A",
        category="business",
        owner_unit=vof,
        owner=owner,
        criticality="larger_critical",
    )
    services.system_retire(actor=it_strategist, system=a)
    assert _members() == set()


def test_g15_chair_and_convener_seats_are_never_touched(owners_group, it_strategist, owner, vof):
    MembershipFactory(group=owners_group, person=owner, function="chair")
    MembershipFactory(group=owners_group, person=it_strategist, function="convener")
    a = services.system_register(
        actor=it_strategist,
        name="A",
        category="business",
        owner_unit=vof,
        owner=owner,
        criticality="larger_critical",
    )
    services.system_update(actor=it_strategist, system=a, criticality="normal")
    assert _members() == {"eva", "strateg"}
    assert Membership.objects.filter(group=owners_group, person=owner).count() == 1


def test_g15_full_sync_adds_owners_and_is_audited(owners_group, owner):
    SystemFactory(owner=owner, criticality="larger_critical")
    result = system_owners_sync(actor=None)
    assert result["added"] == [owner.pk]
    assert _members() == {"eva"}
    from styrsam.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="membership.add", rule="G15").count() == 1
