"""Personas of meetings: the IT strategist (convener per policy), the municipal director
(chairs the steering group), a member, an adjuster, a preparatory-group member reporting for
a department, and a plain employee outside every group."""

from __future__ import annotations

import datetime

import pytest

from styrsam.organisation.models import GovernanceGroup, Membership
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory
from tests.vocab import c

TODAY = datetime.date(2026, 11, 26)


def group_name(word: str) -> str:
    """The suite's policy's name of the group ``word`` (a default policy's word, tests/vocab.py)."""
    from styrsam.guideline.policy import get_policy

    return get_policy().group_name(c(word))


def role_name(word: str) -> str:
    """The suite's policy's name of the role ``word`` (a default policy's word)."""
    from styrsam.guideline.policy import get_policy

    return get_policy().role_name(c(word))


@pytest.fixture
def steering(policy):
    return GovernanceGroup.objects.get(code=c("steering"))


@pytest.fixture
def preparatory(policy):
    return GovernanceGroup.objects.get(code=c("preparatory"))


@pytest.fixture
def chair(steering, municipal_director):
    MembershipFactory(group=steering, person=municipal_director, function=Membership.Function.CHAIR)
    return municipal_director


@pytest.fixture
def convener(steering, it_strategist):
    MembershipFactory(group=steering, person=it_strategist, function=Membership.Function.CONVENER)
    return it_strategist


@pytest.fixture
def member(steering):
    user = UserFactory(username="ledamot")
    MembershipFactory(group=steering, person=user)
    return user


@pytest.fixture
def adjuster(steering):
    user = UserFactory(username="justerare")
    MembershipFactory(group=steering, person=user)
    return user


@pytest.fixture
def reporter(preparatory, it_strategist):
    MembershipFactory(
        group=preparatory, person=it_strategist, function=Membership.Function.CHAIR_CONVENER
    )
    unit = OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")
    user = UserFactory(username="eva")
    MembershipFactory(group=preparatory, person=user, represents=unit)
    return user


@pytest.fixture
def plan(convener, chair):
    """Plan a steering meeting as the IT strategist."""
    from styrsam.meetings import services

    def _plan(date=datetime.date(2026, 12, 10), **kw):
        kw.setdefault("place", "KS-salen")
        kw.setdefault("start_time", datetime.time(9, 0))
        kw.setdefault("end_time", datetime.time(11, 0))
        return services.meeting_plan(
            actor=convener,
            group=kw.pop("group", None) or GovernanceGroup.objects.get(code=c("steering")),
            date=date,
            **kw,
        )

    return _plan


@pytest.fixture
def held_meeting(plan, member, adjuster):
    """A steering meeting held last week, with attendance and an adjuster named."""
    from styrsam.meetings import services

    meeting = plan(date=datetime.date(2026, 11, 19))
    services.meeting_mark_held(actor=meeting.convener, meeting=meeting, today=TODAY)
    services.attendance_record(actor=meeting.convener, meeting=meeting, present=[member, adjuster])
    services.minutes_set_adjuster(actor=meeting.convener, meeting=meeting, adjuster=adjuster)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def report_case(it_strategist, steering, preparatory):
    """Report a case as the IT strategist (common system change, G21); ``ready=True`` completes
    every required step so that it is ready for the steering group's decision."""
    from tests.cases.conftest import prepare, report

    unit = OrgUnitFactory(code="klf", name="Kommunledningsförvaltningen")

    def _report(title="Nytt e-arkiv", *, ready=False, **kw):
        kw.setdefault("reporting_unit", unit)
        kw.setdefault("common_kind", "records_management")
        case = report(it_strategist, c("common_system_change"), title=title, **kw)
        return prepare(case, it_strategist) if ready else case

    return _report
