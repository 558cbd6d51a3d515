"""A group's composition measured against the policy (G13–G16).

Each requirement of the policy becomes a line: satisfied or flagged, with who fills it.
The page shows the lines; the start page counts the flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import gettext as _

from styrsam.core.memo import kept, remember
from styrsam.guideline.policy import Policy

from .hooks import owners_of_criticality
from .models import GovernanceGroup, Membership, OrgUnit, RoleAssignment
from .roles import active_q, belongs_to
from .selectors import active_memberships, policy_groups_key, role_holders


@dataclass
class Requirement:
    label: str
    satisfied: bool
    filled_by: list[str] = field(default_factory=list)
    rule: str = ""
    kind: str = "role"


@dataclass
class CompositionReport:
    group: GovernanceGroup
    requirements: list[Requirement]
    # the memberships measured: objects (the group's page), ``_Member`` records (the start page)
    memberships: list[Membership] | list[_Member]

    @property
    def problems(self) -> list[Requirement]:
        return [r for r in self.requirements if not r.satisfied]

    @property
    def is_complete(self) -> bool:
        return not self.problems


def _name(first: str, last: str, username: str) -> str:
    """``User.get_full_name() or get_username()`` of a person read as values."""
    return f"{first} {last}".strip() or username


class _Role(NamedTuple):
    """A role in force of a member: the role and the unit it is held for."""

    role: str
    unit_id: int | None


class _Member(NamedTuple):
    """What the requirements read of an active membership: the person, their roles in force,
    the unit they represent when they belong to it and their function."""

    person_id: int
    name: str
    roles: frozenset[str]
    represents_id: int | None
    is_chair: bool
    is_convener: bool
    appointed_by_chair_role: bool


def _member(
    person_id, name, profile_unit_id, roles, represents_id, function, appointed_by_chair_role
) -> _Member:
    """A membership's ``_Member``; ``roles``: the person's role assignments in force."""
    return _Member(
        person_id,
        name,
        frozenset(a.role for a in roles),
        # a representative counts only when they belong to the unit (work there or lead it)
        represents_id
        if represents_id and belongs_to(represents_id, profile_unit_id, (a.unit_id for a in roles))
        else None,
        function in Membership.CHAIRS,
        function in Membership.CONVENERS,
        appointed_by_chair_role,
    )


def _member_of(membership: Membership) -> _Member:
    """The ``_Member`` of a membership read as an object with its person and profile."""
    person = membership.person
    profile = getattr(person, "profile", None)  # a person without a profile works nowhere
    return _member(
        membership.person_id,
        person.get_full_name() or person.get_username(),
        profile.unit_id if profile is not None else None,
        getattr(person, "active_roles", []),
        membership.represents_id,
        membership.function,
        membership.appointed_by_chair_role,
    )


class _Shared:
    """What several groups' reports read alike, read once (units, role holders, owners)."""

    def __init__(self):
        self._cache: dict = {}

    def get(self, key, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]


def _owners(criticality: str) -> list[tuple[int, str]] | None:
    """The owners as (id, name): thousands of people at scale, read as values, not as user
    objects (issue 18: the start page spent most of its time building them)."""
    owners = owners_of_criticality.first(criticality=criticality)
    if owners is None:
        return None
    return [
        (pk, f"{first} {last}".strip() or username)
        for pk, first, last, username in owners.values_list(
            "pk", "first_name", "last_name", "username"
        )
    ]


def group_compositions(
    *, groups: list[GovernanceGroup], policy: Policy
) -> dict[int, CompositionReport]:
    """The reports of several groups (the start page's to-dos): every group's members in one
    query, their roles and the role holders in one more, the units and system owners read
    once, whatever the number of groups (issue 18: the composition was computed with its own
    queries per group)."""
    memberships = list(
        active_memberships().prefetch_related(None).filter(group__in=[g.pk for g in groups])
    )
    shared = _Shared()
    roles = _read_roles({m.person_id for m in memberships}, groups, policy, shared)
    by_group: dict[int, list[Membership]] = {g.pk: [] for g in groups}
    for membership in memberships:
        membership.person.active_roles = roles.get(membership.person_id, [])
        by_group[membership.group_id].append(membership)
    return {
        g.pk: group_composition(group=g, policy=policy, members=by_group[g.pk], shared=shared)
        for g in groups
    }


# what the requirements read of a member (their function, their name, their unit): the
# start page reads hundreds of members at scale, as rows, not objects (issue 18)
_MEMBER = (
    "person_id",
    "function",
    "represents_id",
    "appointed_by_chair_role",
    "person__first_name",
    "person__last_name",
    "person__username",
    "person__profile__unit",
)


def policy_group_compositions(
    user, policy: Policy
) -> tuple[list[GovernanceGroup], dict[int, CompositionReport]]:
    """The policy's groups, by id, and their reports (the coordinator's start page): the
    groups read with their members (issue 18), a group without an active member on its own;
    the groups are kept as ``policy_groups``'s answer for the rest of the page. The reports'
    ``memberships`` are ``_Member`` records."""
    known = kept(user, policy_groups_key(policy))
    if known is not None:
        return known, group_compositions(groups=known, policy=policy)
    # each member's group (every field: the groups are kept for the page), then the member
    group_fields = [f.attname for f in GovernanceGroup._meta.concrete_fields]
    query = (
        active_memberships()
        .prefetch_related(None)
        .select_related(None)
        .filter(group__code__in=list(policy.groups))
        .values_list(*(f"group__{name}" for name in group_fields), *_MEMBER)
    )
    rows = list(query)
    n = len(group_fields)
    groups: dict[int, GovernanceGroup] = {}
    for row in rows:
        group = GovernanceGroup.from_db(query.db, group_fields, row[:n])
        groups.setdefault(group.pk, group)
    missing = set(policy.groups) - {g.code for g in groups.values()}
    if missing:
        groups.update({g.pk: g for g in GovernanceGroup.objects.filter(code__in=missing)})
    ordered = sorted(groups.values(), key=lambda g: g.pk)
    remember(user, policy_groups_key(policy), ordered)

    shared = _Shared()
    roles = _read_roles({row[n] for row in rows}, ordered, policy, shared)
    members: dict[int, list[_Member]] = {g.pk: [] for g in ordered}
    group_pk = group_fields.index(GovernanceGroup._meta.pk.attname)
    for row in rows:
        person_id, function, represents_id, appointed, first, last, username, unit_id = row[n:]
        members[row[group_pk]].append(
            _member(
                person_id,
                _name(first, last, username),
                unit_id,
                roles.get(person_id, []),
                represents_id,
                function,
                appointed,
            )
        )
    return ordered, {
        g.pk: group_composition(group=g, policy=policy, members=members[g.pk], shared=shared)
        for g in ordered
    }


class _Holder(NamedTuple):
    """A holder of a role the group requires every holder of: who, and for which unit."""

    person_id: int
    name: str
    unit_id: int | None
    unit_name: str


def _holders(assignments) -> list[_Holder]:
    return [
        _Holder(
            a.person_id,
            a.person.get_full_name() or a.person.get_username(),
            a.unit_id,
            a.unit.name if a.unit_id else "",
        )
        for a in assignments
    ]


def _read_roles(
    people: set[int], groups: list[GovernanceGroup], policy: Policy, shared
) -> dict[int, list[_Role]]:
    """The roles in force of ``people`` (the members), by person, and the holders of the roles
    the groups require every holder of (kept in ``shared``), in one query, read as rows, not
    objects (issue 18: the start page built four objects a row)."""
    holder_roles = sorted(
        {
            role
            for g in groups
            for role in policy.group(g.code).composition.get("every_holder_of", [])
        }
    )
    condition = Q(person_id__in=list(people))
    if holder_roles:
        condition |= Q(role__in=holder_roles)
    rows = (
        list(
            RoleAssignment.objects.filter(active_q())
            .filter(condition)
            .order_by("unit__name", "role", "person__last_name", "pk")
            .values_list(
                "person_id",
                "role",
                "unit_id",
                "unit__name",
                "person__first_name",
                "person__last_name",
                "person__username",
            )
        )
        if people or holder_roles
        else []
    )
    by_person: dict[int, list[_Role]] = {}
    for person_id, role, unit_id, _unit, _first, _last, _username in rows:
        if person_id in people:
            by_person.setdefault(person_id, []).append(_Role(role, unit_id))
    for role in holder_roles:
        shared.get(
            ("holders", role),
            lambda role=role: [
                _Holder(person_id, _name(first, last, username), unit_id, unit or "")
                for person_id, r, unit_id, unit, first, last, username in rows
                if r == role
            ],
        )
    return by_person


def group_composition(
    *,
    group: GovernanceGroup,
    policy: Policy,
    members: list[Membership] | list[_Member] | None = None,
    shared: _Shared | None = None,
) -> CompositionReport:
    """Compare the active members of ``group`` with what the policy requires of it
    (``members``: its active memberships when already read, with their people's
    ``active_roles``, or their ``_Member`` records)."""
    gp = policy.group(group.code)
    if members is None:
        members = list(active_memberships(group=group))
    people = [m if isinstance(m, _Member) else _member_of(m) for m in members]
    shared = shared or _Shared()
    comp = gp.composition
    rule = gp.rule
    reqs: list[Requirement] = []

    for role in comp.get("roles", []):
        holders = [m.name for m in people if role in m.roles]
        reqs.append(Requirement(policy.role_name(role), bool(holders), holders, rule, "role"))

    # the representatives who belong to the unit they represent (``_Member.represents_id``)
    represented = {m.represents_id: m for m in people if m.represents_id}
    kinds = comp.get("represent_each_unit_kind", [])
    codes = comp.get("represent_units", [])
    if kinds or codes:
        # the units as (id, code, name): dozens at scale, read once for every group, as rows,
        # not objects (issue 18)
        units = shared.get(
            ("units", tuple(kinds), tuple(codes)),
            lambda: list(
                (
                    OrgUnit.objects.filter(is_active=True).filter(kind__in=kinds)
                    | OrgUnit.objects.filter(is_active=True, code__in=codes)
                )
                .order_by("kind", "name")
                .values_list("pk", "code", "name")
            ),
        )
        found_codes = set()
        for unit_id, unit_code, unit_name in units:
            found_codes.add(unit_code)
            m = represented.get(unit_id)
            reqs.append(
                Requirement(
                    _("Representant för %(unit)s") % {"unit": unit_name},
                    m is not None,
                    [m.name] if m else [],
                    rule,
                    "representation",
                )
            )
        for code in codes:
            if code not in found_codes:
                reqs.append(
                    Requirement(
                        _("Representant för %(unit)s (enheten saknas i organisationen)")
                        % {"unit": policy.unit_codes().get(code, code)},
                        False,
                        [],
                        rule,
                        "representation",
                    )
                )

    member_ids = {m.person_id for m in people}
    for role in comp.get("every_holder_of", []):
        holders = shared.get(
            ("holders", role),
            lambda role=role: _holders(role_holders(role).order_by("unit__name")),
        )
        for holder in holders:
            ok = holder.person_id in member_ids
            label = f"{policy.role_name(role)}: {holder.name}"
            if holder.unit_id:
                label += f" ({holder.unit_name})"
            reqs.append(Requirement(label, ok, [holder.name] if ok else [], rule, "holder"))

    criticality = comp.get("owners_of_criticality")
    owners = (
        shared.get(
            ("owners", criticality),
            lambda: _owners(criticality),
        )
        if criticality
        else None
    )
    if owners is not None:
        for owner_id, name in owners:
            ok = owner_id in member_ids
            reqs.append(
                Requirement(
                    _("Systemägare: %(name)s") % {"name": name},
                    ok,
                    [name] if ok else [],
                    rule,
                    "owner",
                )
            )

    chairs = [m for m in people if m.is_chair]
    if gp.chair_role:
        ok_chairs = [m for m in chairs if gp.chair_role in m.roles or m.appointed_by_chair_role]
        label = _("Ordförande: %(role)s") % {"role": policy.role_name(gp.chair_role)}
        if gp.chair_may_be_appointed:
            label += " " + _("eller den som denne utser")
        reqs.append(Requirement(label, bool(ok_chairs), [m.name for m in ok_chairs], rule, "chair"))
    else:
        reqs.append(
            Requirement(
                _("Ordförande (utses av gruppen)"),
                bool(chairs),
                [m.name for m in chairs],
                rule,
                "chair",
            )
        )
    conveners = [m for m in people if m.is_convener and gp.convener_role in m.roles]
    reqs.append(
        Requirement(
            _("Sammankallande: %(role)s") % {"role": policy.role_name(gp.convener_role)},
            bool(conveners),
            [m.name for m in conveners],
            rule,
            "convener",
        )
    )
    return CompositionReport(group=group, requirements=reqs, memberships=members)


def composition_problem_counts(*, policy: Policy) -> dict[str, int]:
    """Number of unmet requirements per group code (start page)."""
    groups = list(GovernanceGroup.objects.filter(code__in=list(policy.groups)))
    reports = group_compositions(groups=groups, policy=policy)
    return {g.code: len(reports[g.pk].problems) for g in groups}


__all__ = [
    "CompositionReport",
    "Requirement",
    "active_q",
    "composition_problem_counts",
    "group_composition",
]
