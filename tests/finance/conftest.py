"""Fixtures of the finance tests: departments with economists, the financing group's people,
a § of the financing group's and of the steering group's minutes, systems with costs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from styrsam.finance import services
from styrsam.meetings import services as meeting_services
from styrsam.meetings.services import minute_item_add
from styrsam.organisation.models import GovernanceGroup, Membership, OrgUnit
from tests.factories import (
    MembershipFactory,
    OrgUnitFactory,
    SystemCostFactory,
    SystemFactory,
    UserFactory,
    person_with_role,
)
from tests.vocab import c

D = datetime.date
TODAY = timezone.localdate()
YEAR = TODAY.year
RECENT = TODAY - datetime.timedelta(days=7)


@pytest.fixture
def it_unit(db):
    return OrgUnitFactory(code="it_unit", name="IT-enheten", kind=OrgUnit.Kind.STAFF_UNIT)


@pytest.fixture
def vof(db):
    return OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")


@pytest.fixture
def bou(db):
    return OrgUnitFactory(code="bou", name="Barn- och utbildningsförvaltningen")


def _member(user, code, function=Membership.Function.MEMBER):
    """``user`` joins the group ``code``; a policy that merges two groups (Andrakommun's
    financing and steering groups are one) keeps the first function given."""
    group = GovernanceGroup.objects.get(code=code)
    if not Membership.objects.filter(group=group, person=user, end_date__isnull=True).exists():
        MembershipFactory(group=group, person=user, function=function)
    return user


@pytest.fixture
def finance_director(policy):
    """Ekonomidirektören: ordförande i finansieringsgruppen, ledamot i IT-styrgruppen."""
    user = person_with_role("finance_director", username="karin")
    _member(user, c("financing"), Membership.Function.CHAIR)
    return _member(user, c("steering"))


@pytest.fixture
def strategist(policy):
    user = person_with_role("it_strategist", username="anna")
    _member(user, c("financing"), Membership.Function.CONVENER)
    return _member(user, c("steering"), Membership.Function.CONVENER)


@pytest.fixture
def it_economist(policy, it_unit):
    return person_with_role("it_unit_economist", username="helena")


@pytest.fixture
def head_of_it(policy, it_unit):
    return person_with_role("head_of_it_unit", username="mats")


@pytest.fixture
def economist_vof(policy, vof):
    return person_with_role("department_economist", unit=vof, username="tomas")


@pytest.fixture
def economist_bou(policy, bou):
    return person_with_role("department_economist", unit=bou, username="per")


@pytest.fixture
def outsider(policy):
    return UserFactory(username="anstalld")


def meeting(code: str, date: datetime.date):
    return meeting_services.meeting_plan(
        actor=None,
        group=GovernanceGroup.objects.get(code=code),
        date=date,
        start_time=datetime.time(9, 0),
        place="Stadshuset",
    )


def minute_item(code: str, date: datetime.date = RECENT, title="Budgetförslag för kommande år"):
    return minute_item_add(actor=None, meeting=meeting(code, date), title=title)


@pytest.fixture
def financing_item(policy):
    """A § of the financing group's minutes, a week ago."""
    return minute_item(c("financing"))


@pytest.fixture
def steering_item(policy):
    """A § of the steering group's minutes (G13: it proposes the platform's budget)."""
    return minute_item(c("steering"), title="Förslag till budget för IT-plattformen")


@pytest.fixture
def other_item(policy):
    """A § of a group that neither decides nor proposes budgets (the preparatory group's; the
    steering group is the financing group in Andrakommun's policy)."""
    return minute_item(c("preparatory"), title="Förslag från beredningsgruppen")


def group_name(word: str) -> str:
    """The suite's policy's name of the group ``word`` (a default policy's word)."""
    from styrsam.guideline.policy import get_policy

    return get_policy().group_name(c(word))


def plan(actor, kind="investment", first_year=YEAR + 1, amounts=(1000000, 1100000, 1200000)):
    return services.budget_plan_create(
        actor=actor, kind=kind, first_year=first_year, amounts=[Decimal(a) for a in amounts]
    )


def decided_plan(
    recorder, proposer, kind="investment", first_year=YEAR, amounts=(1000000, 1000000, 1000000)
):
    """A plan decided with a text reference (a decision taken before Styrsam)."""
    new = plan(proposer, kind, first_year, amounts)
    if kind == "platform":
        services.budget_plan_propose(
            actor=recorder, plan=new, reference="IT-styrgruppen § 1", proposed_on=D(YEAR - 1, 9, 1)
        )
    return services.budget_plan_decide(
        actor=recorder,
        plan=new,
        reference="Finansieringsgruppen § 2",
        decided_on=D(YEAR - 1, 10, 1),
    )


@pytest.fixture
def common_system(vof):
    """The e-mail system: a common system whose cost is allocated (G26), 100 000 kr this year."""
    system = SystemFactory(
        name="E-post",
        category="common",
        common_kind="email",
        financing_principle="allocated",
        owner_unit=vof,
        user_count=500,
    )
    SystemCostFactory(system=system, year=YEAR, kind="licence", amount=70000)
    SystemCostFactory(system=system, year=YEAR, kind="operation", amount=30000)
    return system


@pytest.fixture
def own_system(vof):
    """A business system of the care department (G25): 45 000 kr this year."""
    system = SystemFactory(name="Lifecare", owner_unit=vof, user_count=100)
    SystemCostFactory(system=system, year=YEAR, kind="licence", amount=40000)
    SystemCostFactory(system=system, year=YEAR, kind="support", amount=5000)
    return system
