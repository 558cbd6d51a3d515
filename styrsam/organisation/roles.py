"""Who holds which role of the guideline, and the `rules` predicates built on it.

A user's active roles are read once per request object and cached on it, so permission
checks in a list template never cost a query per row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import rules
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.compiled import CompiledRead
from styrsam.core.errors import NotAllowed
from styrsam.core.memo import forget, per_user
from styrsam.guideline.policy import get_policy

from .models import Membership, RoleAssignment

ROLES_ATTR = "_styrsam_roles"
MEMBERSHIPS_ATTR = "_styrsam_memberships"


@dataclass(frozen=True)
class MembershipFact:
    """One of a user's memberships in force today (``memberships_of``)."""

    group_id: int
    group_code: str
    function: str
    represents_id: int | None


def active_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    """Rows (role assignments, memberships) in force today. ``end_date`` is the day it ended."""
    today = today or timezone.localdate()
    started = Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": today})
    not_ended = Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": today})
    return started & not_ended


def active_assignments():
    return RoleAssignment.objects.filter(active_q())


_ROLES = CompiledRead(
    lambda person, today: RoleAssignment.objects.filter(active_q(today), person=person).values_list(
        "role", "unit_id"
    ),
    person=-7,
    today=datetime.date(1900, 1, 2),
)


def roles_of(user) -> frozenset[tuple[str, int | None]]:
    """The (role, unit_id) pairs a user holds today."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, ROLES_ATTR, None)
    if cached is None:
        cached = frozenset(_ROLES.rows(person=user.pk, today=timezone.localdate()))
        setattr(user, ROLES_ATTR, cached)
    return cached


def has_role(user, role: str, unit_id: int | None = None) -> bool:
    """True if the user holds ``role`` (for ``unit_id`` when given, else for any unit)."""
    return any(r == role and (unit_id is None or u == unit_id) for r, u in roles_of(user))


def has_any_role(user, roles) -> bool:
    wanted = set(roles)
    return any(r in wanted for r, _u in roles_of(user))


def units_for_role(user, role: str) -> set[int]:
    return {u for r, u in roles_of(user) if r == role and u is not None}


def _capabilities(user) -> dict[str, frozenset[int | None]]:
    """capability → the units the user holds it for (``None`` in the set: a role without a
    unit, i.e. everywhere), for the capabilities the user has at all. Computed once per user
    object, policy and set of roles: every permission of a page (the menu's, the buttons')
    is a lookup here."""
    policy = get_policy()
    roles = roles_of(user)

    def compute() -> dict[str, frozenset[int | None]]:
        units: dict[str, set[int | None]] = {}
        for capability, holders in policy.data["capabilities"].items():
            for r, u in roles:
                if r in holders:
                    units.setdefault(capability, set()).add(u)
        return {c: frozenset(us) for c, us in units.items()}

    # the policy object itself in the key: it stays alive, so no other policy takes its id
    return per_user(user, ("capabilities", policy, roles), compute)


def has_capability(user, capability: str, unit_id: int | None = None) -> bool:
    """True if the user holds a role the policy gives ``capability`` (for ``unit_id`` when
    given: a unit-scoped role counts only for its own unit)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    units = _capabilities(user).get(capability)
    if not units:
        get_policy().roles_with(capability)  # an unknown capability raises, as it did
        return False
    return unit_id is None or None in units or unit_id in units


def units_with_capability(user, capability: str) -> set[int]:
    """The units for which the user has ``capability`` through a unit-scoped role."""
    wanted = set(get_policy().roles_with(capability))
    return {u for r, u in roles_of(user) if r in wanted and u is not None}


def is_coordinator(user) -> bool:
    """G02: the user holds the policy's coordinating role (the IT strategist by default)."""
    return has_capability(user, "coordinate")


def grantable_roles(user) -> dict[str, set[int | None] | None]:
    """The roles ``user`` may grant to others and end: role code → the units it may be given
    for (``None``: any unit). From the policy's ``grants`` of each role the user holds; a
    unit-scoped granting role grants for its own unit only. A superuser (the system
    administrator, who sets the system up) grants every role."""
    policy = get_policy()
    if getattr(user, "is_superuser", False):
        return dict.fromkeys(policy.role_codes())
    out: dict[str, set[int | None] | None] = {}
    for held, unit in roles_of(user):
        scoped = policy.role_is_unit_scoped(held) and unit is not None
        for role in policy.roles_granted_by(held):
            if not scoped:
                out[role] = None
            elif out.get(role, set()) is not None:
                out[role] = {*out.get(role, set()), unit}
    return out


def may_grant(user, role: str, unit_id: int | None) -> bool:
    """Whether ``user`` may grant (or end) ``role`` for ``unit_id`` (see ``grantable_roles``)."""
    grantable = grantable_roles(user)
    if role not in grantable:
        return False
    units = grantable[role]
    return units is None or unit_id in units


def require_governance_actor(actor, *, rule: str | None = None) -> None:
    """Refuse (403) a governance act by a superuser: the superuser administers the system and
    is no governance actor (no decisions, approvals, adoptions or consultation answers). The
    act is done by the person holding the role, in their own name. ``None`` is the system
    itself (demo data, a decision's own registrations) and passes."""
    if actor is not None and getattr(actor, "is_superuser", False):
        raise NotAllowed(
            _(
                "En systemadministratör (superanvändare) fattar inga beslut och godkänner "
                "ingenting i styrningen; det gör den som har rollen."
            ),
            code="superuser_not_governance_actor",
            rule=rule,
        )


def forget_roles(user) -> None:
    if hasattr(user, ROLES_ATTR):
        delattr(user, ROLES_ATTR)
    forget(user)  # the permissions kept for the request (core.access.rules_allow)


def memberships_of(user) -> tuple[MembershipFact, ...]:
    """The user's memberships in force today, read once per user object (as ``roles_of``):
    the start page's to-dos of several apps ask for them (issue 18)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, MEMBERSHIPS_ATTR, None)
    if cached is None:
        cached = tuple(
            MembershipFact(*row)
            for row in Membership.objects.filter(active_q(), person=user)
            .order_by("pk")
            .values_list("group_id", "group__code", "function", "represents_id")
        )
        setattr(user, MEMBERSHIPS_ATTR, cached)
    return cached


def remember_memberships(user, memberships) -> None:
    """Keep ``memberships`` — the user's memberships in force, read with their group (the
    start page's "Dina grupper") — as ``memberships_of``'s answer, unless it was read."""
    if getattr(user, MEMBERSHIPS_ATTR, None) is None:
        setattr(
            user,
            MEMBERSHIPS_ATTR,
            tuple(
                MembershipFact(m.group_id, m.group.code, m.function, m.represents_id)
                for m in sorted(memberships, key=lambda m: m.pk)
            ),
        )


def forget_memberships(user) -> None:
    if hasattr(user, MEMBERSHIPS_ATTR):
        delattr(user, MEMBERSHIPS_ATTR)
    forget(user)  # the permissions kept for the request (core.access.rules_allow)


@rules.predicate
def holds_coordinating_role(user) -> bool:
    return is_coordinator(user)


def capability(name: str) -> rules.Predicate:
    """A ``rules`` predicate: the user has the policy's capability ``name`` (any unit)."""

    @rules.predicate(name=f"has_capability:{name}")
    def predicate(user) -> bool:
        return has_capability(user, name)

    return predicate


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_staff_member(user) -> bool:
    """Every logged-in person of the municipality reads the organisation and its groups."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


# Reads: the system administrator sees what the coordinator sees.
coordinator = holds_coordinating_role | is_superuser
# Governance writes (memberships, meetings, register fields, cases, policy loading): the
# coordinating role only. The superuser administers the system and is no governance actor
# (issue 11, G13–G16, G29); tests/authz/table.py lists the outcome for every write.
coordinates = holds_coordinating_role


@rules.predicate
def grants_some_role(user) -> bool:
    """The user may grant some role (the policy's ``grants``; a superuser sets the system up)."""
    return bool(grantable_roles(user))


def belongs_to(unit_id: int, profile_unit_id: int | None, role_unit_ids) -> bool:
    """The rule of ``works_for`` on values: the person's profile is at the unit, or one of
    the units of their roles in force is it (the composition reads people so: issue 18)."""
    return profile_unit_id == unit_id or any(u == unit_id for u in role_unit_ids)


def works_for(person, unit_id: int | None, roles=None) -> bool:
    """Whether ``person`` belongs to the unit: works there (their profile's unit) or holds a
    role for it (its management: head of department, economist …). ``roles``: the person's
    active role assignments when already loaded (no query then)."""
    if person is None or unit_id is None:
        return False
    try:
        profile_unit_id = person.profile.unit_id
    except ObjectDoesNotExist:
        profile_unit_id = None
    if profile_unit_id == unit_id:
        return True
    units = (a.unit_id for a in roles) if roles is not None else (u for _r, u in roles_of(person))
    return belongs_to(unit_id, profile_unit_id, units)
