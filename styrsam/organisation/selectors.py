"""Reads of the organisation. Views and the API take their querysets from here (convention 2)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from styrsam.core.compiled import CompiledRead
from styrsam.core.memo import per_page

from .models import (
    Committee,
    GovernanceGroup,
    Membership,
    Municipality,
    OrgUnit,
    Profile,
    RoleAssignment,
)
from .roles import active_q, remember_memberships

User = get_user_model()


_UNIT_CHOICES = {
    True: CompiledRead(
        lambda: (
            OrgUnit.objects.filter(is_active=True)
            .order_by("kind", "name")
            .values_list("code", "name")
        )
    ),
    False: CompiledRead(
        lambda: OrgUnit.objects.order_by("kind", "name").values_list("code", "name")
    ),
}


def unit_choices(*, active_only: bool = True) -> list[tuple[str, str]]:
    """(code, name) of the units (the active ones, unless ``active_only`` is false) in the
    order of their kind and name: a list's filter of units. Read on every call (no cache);
    its SQL compiled once (``core.compiled``: the ORM's compilation was most of its CPU)."""
    return _UNIT_CHOICES[active_only].rows()


def committee_list(*, user) -> QuerySet[Committee]:
    return Committee.objects.annotate(unit_count=Count("units")).order_by("-is_executive", "name")


def org_unit_list(*, user, with_people_count: bool = True) -> QuerySet[OrgUnit]:
    """Every unit with its committee and number of people (filters: ``lists.OrgUnitFilterSet``;
    the API, which does not show the number, leaves it out)."""
    if not with_people_count:
        return OrgUnit.objects.select_related("committee").order_by("kind", "name")
    # a count per unit on the profiles' unit index, computed for the page's rows only: a join
    # grouped over every profile counted all 60,000 people on each request (issue 18)
    people = (
        Profile.objects.filter(unit=OuterRef("pk"))
        .order_by()
        .values("unit")
        .annotate(n=Count("*"))  # COUNT(*): an index-only scan of the unit index (not the pk)
        .values("n")
    )
    return (
        OrgUnit.objects.select_related("committee")
        .annotate(people_count=Coalesce(Subquery(people), 0))
        .order_by("kind", "name")
    )


def active_roles_prefetch(to_attr: str = "active_roles") -> Prefetch:
    return Prefetch(
        "role_assignments",
        queryset=RoleAssignment.objects.filter(active_q()).select_related("unit"),
        to_attr=to_attr,
    )


def person_list(*, user) -> QuerySet:
    """The active people with their unit and roles in force (filters:
    ``lists.PersonFilterSet``)."""
    return (
        User.objects.filter(is_active=True)
        .select_related("profile", "profile__unit")
        .prefetch_related(active_roles_prefetch())
        .order_by("last_name", "first_name", "username")
    )


def holding_role(role: str) -> Exists:
    """A condition on people: they hold ``role`` today (for any unit)."""
    return Exists(RoleAssignment.objects.filter(active_q(), person=OuterRef("pk"), role=role))


def person_get(*, user, pk: int):
    try:
        return (
            person_list(user=user)
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.filter(active_q()).select_related(
                        "group", "represents"
                    ),
                    to_attr="active_memberships",
                )
            )
            .get(pk=pk)
        )
    except User.DoesNotExist as exc:
        raise Http404 from exc


def group_list(*, user) -> QuerySet[GovernanceGroup]:
    return GovernanceGroup.objects.annotate(
        member_count=Count("memberships", filter=active_q(prefix="memberships__"))
    ).order_by("id")


def policy_group_list(*, user, policy) -> QuerySet[GovernanceGroup]:
    """The groups the active policy defines, in the order they were created (a group the
    policy no longer has keeps its history but is not listed)."""
    return group_list(user=user).filter(code__in=list(policy.groups))


def group_get(*, user, code: str) -> GovernanceGroup:
    try:
        return GovernanceGroup.objects.get(code=code)
    except GovernanceGroup.DoesNotExist as exc:
        raise Http404 from exc


def active_memberships(*, group: GovernanceGroup | None = None) -> QuerySet[Membership]:
    qs = (
        Membership.objects.filter(active_q())
        .select_related("group", "person", "person__profile", "person__profile__unit", "represents")
        .prefetch_related(
            Prefetch(
                "person__role_assignments",
                queryset=RoleAssignment.objects.filter(active_q()).select_related("unit"),
                to_attr="active_roles",
            )
        )
    )
    if group is not None:
        qs = qs.filter(group=group)
    return qs.order_by("group_id", "function", "person__last_name", "person__first_name")


def own_memberships(*, user) -> list[Membership]:
    """The user's memberships in force with their group and represented unit, in the order of
    ``membership_list``: the start page's "Dina grupper", which shows nothing of the members'
    roles, so their role assignments are not read. The same read answers ``memberships_of``
    for the rest of the page (issue 18)."""
    found = list(
        Membership.objects.filter(active_q(), person=user)
        .select_related("group", "represents")
        .order_by("group_id", "function", "person__last_name", "person__first_name")
    )
    remember_memberships(user, found)
    return found


def membership_list(*, user, person: int | None = None) -> QuerySet[Membership]:
    """The memberships in force (filters: ``lists.MembershipFilterSet``); ``person``: one
    person's."""
    qs = active_memberships()
    if person:
        qs = qs.filter(person_id=person)
    return qs


def role_holders(role: str) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(active_q(), role=role).select_related(
        "person", "person__profile", "unit"
    )


def role_history(*, user, person) -> list[RoleAssignment]:
    """Every role ``person`` holds or has held, newest first, with the unit: the role grants
    and ends listed per person (issue 11)."""
    return list(
        RoleAssignment.objects.filter(person=person)
        .select_related("unit")
        .order_by("-start_date", "-id")
    )


def role_assignment_list(*, user) -> QuerySet[RoleAssignment]:
    """Every role given, in force or ended (filters: ``lists.RoleAssignmentFilterSet``)."""
    return RoleAssignment.objects.select_related("person", "unit").order_by("-start_date", "-id")


def policy_groups(user, policy) -> list[GovernanceGroup]:
    """The policy's groups, by id, read once per start page: the
    coordinator's meeting chart and the composition to-dos both go through them (issue 18)."""
    return per_page(
        user,
        policy_groups_key(policy),
        lambda: list(GovernanceGroup.objects.filter(code__in=list(policy.groups)).order_by("id")),
    )


def policy_groups_key(policy) -> tuple:
    return ("policy_groups", policy.version)


MUNICIPALITY_NAME_KEY = "styrsam:municipality_name"
# set once at installation; another process sees a rename within this many seconds (the
# process that renames forgets its copy at once, ``municipality_name_forget``)
MUNICIPALITY_NAME_SECONDS = 60


def municipality_name() -> str:
    """The installation's municipality's name, shown in every page's frame: kept in the cache
    (issue 18: one query fewer on every page)."""
    name = cache.get(MUNICIPALITY_NAME_KEY)
    if name is None:
        name = Municipality.objects.values_list("name", flat=True).order_by("pk").first() or ""
        cache.set(MUNICIPALITY_NAME_KEY, name, MUNICIPALITY_NAME_SECONDS)
    return name


def municipality_name_forget(**_kwargs) -> None:
    """The municipality changed: drop the kept name now and when the change is committed
    (a page read in between must not keep the old name)."""
    cache.delete(MUNICIPALITY_NAME_KEY)
    transaction.on_commit(lambda: cache.delete(MUNICIPALITY_NAME_KEY))
