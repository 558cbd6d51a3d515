"""The demo register: G19's ten common systems, business systems, G10 managers, G15, G20."""

from __future__ import annotations

import pytest

from styrsam.demo import organisation, systems
from styrsam.demo.loader import DemoContext
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import active_q
from styrsam.systems.models import System
from styrsam.systems.selectors import g20_gaps, owners_of_criticality
from tests.vocab import c

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(policy):
    ctx = DemoContext()
    organisation.load(ctx)
    systems.load(ctx)
    return ctx


@pytest.mark.rule("G19")
def test_g19_demo_has_one_common_system_of_each_kind(demo):
    kinds = list(System.objects.filter(category="common").values_list("common_kind", flat=True))
    assert sorted(kinds) == sorted(code for code, _name in get_policy().common_kind_choices())


@pytest.mark.rule("G22")
def test_g22_demo_has_business_systems_across_departments(demo):
    business = System.objects.filter(category="business")
    assert business.count() >= 35
    assert business.values("owner_unit").distinct().count() >= 10
    assert set(business.values_list("financing_principle", flat=True)) == {"department_own"}


@pytest.mark.rule("G10")
def test_g10_demo_large_systems_are_managed_at_the_it_unit(demo):
    managed = System.objects.filter(manager__profile__unit__code=c("it_unit"))
    assert managed.exclude(owner_unit__code=c("it_unit")).count() >= 5


@pytest.mark.rule("G15")
def test_g15_demo_system_owners_group_fills_from_the_register(demo):
    owners = set(owners_of_criticality("larger_critical"))
    seated = {
        m.person for m in Membership.objects.filter(active_q(), group__code=c("system_owners"))
    }
    assert owners and owners <= seated


@pytest.mark.rule("G20")
def test_g20_demo_shows_one_company_not_connected(demo):
    gaps = [row.unit.code for row in g20_gaps(user=None)]
    assert gaps == ["hamn"]
