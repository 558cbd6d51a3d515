"""Who may do what with meetings, and the `rules` predicates built on it.

The groups a user sits in are read once per user object and cached, like roles, so a list
template never costs a query per row.
"""

from __future__ import annotations

import rules

from styrsam.guideline.policy import get_policy
from styrsam.organisation.roles import (
    forget_memberships,
    has_any_role,
    has_role,
    is_coordinator,
    memberships_of,
)

from .compliance import company_meeting_roles

GROUPS_ATTR = "_styrsam_group_ids"


def member_group_ids(user) -> frozenset[int]:
    """Ids of the groups ``user`` is an active member of (any function)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, GROUPS_ATTR, None)
    if cached is None:
        cached = frozenset(m.group_id for m in memberships_of(user))
        setattr(user, GROUPS_ATTR, cached)
    return cached


def forget_groups(user) -> None:
    forget_memberships(user)
    if hasattr(user, GROUPS_ATTR):
        delattr(user, GROUPS_ATTR)


def is_convener_of(user, group) -> bool:
    """The policy names the convener's role per group (G13–G16: the IT strategist). Not a
    superuser: the system administrator plans and runs no meetings (issue 11)."""
    policy = get_policy()
    if group.code not in policy.groups:
        return False
    return has_role(user, policy.group(group.code).convener_role)


def sees_all_meetings(user) -> bool:
    """The coordinating role (G02: the IT strategist) reads every group's meetings."""
    return bool(getattr(user, "is_superuser", False)) or is_coordinator(user)


def responsible_for_company_meetings(user) -> bool:
    """The role the policy makes responsible for the company meetings (G04); never the
    superuser, who is no governance actor (issue 11)."""
    return has_any_role(user, company_meeting_roles(get_policy()))


@rules.predicate
def may_plan(user, group) -> bool:
    if group is None:
        return is_coordinator(user)
    return is_convener_of(user, group)


@rules.predicate
def reads_meeting(user, meeting) -> bool:
    if meeting is None:
        return bool(getattr(user, "is_authenticated", False))
    return sees_all_meetings(user) or meeting.group_id in member_group_ids(user)


@rules.predicate
def runs_meeting(user, meeting) -> bool:
    """The convener (per policy) or the meeting's secretary writes agenda, attendance, minutes."""
    if meeting is None:
        return is_coordinator(user)
    return is_convener_of(user, meeting.group) or (
        meeting.secretary_id is not None and meeting.secretary_id == user.pk
    )


@rules.predicate
def approves_minutes(user, meeting) -> bool:
    return meeting is not None and user.pk in {meeting.chair_id, meeting.adjuster_id}


@rules.predicate
def sees_minutes(user, meeting) -> bool:
    """The minutes as a document. Before the meeting is held they can only be a draft, for
    those who write or approve them; once it is held every reader of the meeting gets them,
    marked as a draft until they are approved (as the meeting's page shows them)."""
    if meeting is None:
        return False
    if meeting.status == meeting.Status.HELD:
        return reads_meeting(user, meeting)
    return runs_meeting(user, meeting) or approves_minutes(user, meeting)


@rules.predicate
def is_group_member(user, meeting) -> bool:
    return meeting is not None and meeting.group_id in member_group_ids(user)


@rules.predicate
def is_authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


records_company_meetings = rules.predicate(responsible_for_company_meetings)
