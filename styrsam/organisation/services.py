"""Writes to the organisation. Each is one transaction with its audit record (convention 1)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.access import may
from styrsam.core.audit import audit_record, audited_create, audited_end, audited_update
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import Policy, get_policy

from .models import (
    Committee,
    GovernanceGroup,
    Membership,
    Municipality,
    OrgUnit,
    Profile,
    RoleAssignment,
)
from .roles import active_q, forget_roles, may_grant, works_for

User = get_user_model()


def _group_rule(group: GovernanceGroup) -> str:
    policy = get_policy()
    return policy.group(group.code).rule if group.code in policy.groups else ""


def _require(actor, perm: str) -> None:
    if actor is not None and not may(actor, perm):
        raise NotAllowed(_("Du har inte behörighet att göra detta."))


@transaction.atomic
def groups_sync_from_policy(*, actor, policy: Policy | None = None) -> list[GovernanceGroup]:
    """Create or rename the groups the policy defines. Groups no longer in the policy stay
    (their history matters) but are not shown as policy groups."""
    policy = policy or get_policy()
    groups = []
    for code, gp in policy.groups.items():
        group, created = GovernanceGroup.objects.get_or_create(
            code=code, defaults={"name": gp.name}
        )
        if created:
            audited_create(actor=actor, action="group.create", obj=group)
        else:
            audited_update(actor=actor, obj=group, action="group.rename", changes={"name": gp.name})
        groups.append(group)
    return groups


def _unique(model, *, exclude_pk=None, **values) -> None:
    """409 when another row of ``model`` already has one of ``values`` (code, name)."""
    for field, value in values.items():
        others = model.objects.filter(**{f"{field}__iexact": value})
        if exclude_pk is not None:
            others = others.exclude(pk=exclude_pk)
        if others.exists():
            raise Conflict(
                _("%(what)s ”%(v)s” finns redan.")
                % {"what": model._meta.get_field(field).verbose_name.capitalize(), "v": value},
                code=f"{field}_taken",
                field=field,
            )


@transaction.atomic
def committee_create(*, actor, code: str, name: str, is_executive: bool = False) -> Committee:
    _require(actor, "organisation.manage_organisation")
    _unique(Committee, code=code, name=name)
    committee = Committee.objects.create(code=code, name=name, is_executive=is_executive)
    audited_create(actor=actor, action="committee.create", obj=committee)
    return committee


@transaction.atomic
def committee_update(*, actor, committee: Committee, **changes) -> Committee:
    """Change a committee's code, name or whether it is the executive board (audited)."""
    _require(actor, "organisation.manage_organisation")
    _unique(
        Committee,
        exclude_pk=committee.pk,
        **{k: v for k, v in changes.items() if k in {"code", "name"}},
    )
    audited_update(actor=actor, obj=committee, action="committee.update", changes=changes)
    return committee


def _check_kind(kind: str) -> None:
    if kind not in OrgUnit.Kind.values:
        raise ValidationFailed(_("Okänd enhetstyp: %(kind)s") % {"kind": kind}, field="kind")


@transaction.atomic
def org_unit_create(
    *, actor, code: str, name: str, kind: str, committee: Committee | None = None
) -> OrgUnit:
    _require(actor, "organisation.manage_organisation")
    _check_kind(kind)
    _unique(OrgUnit, code=code, name=name)
    unit = OrgUnit.objects.create(code=code, name=name, kind=kind, committee=committee)
    audited_create(actor=actor, action="org_unit.create", obj=unit)
    return unit


@transaction.atomic
def org_unit_update(*, actor, unit: OrgUnit, **changes) -> OrgUnit:
    """Change a unit's code, name, kind, committee or whether it is active (audited). The
    policy's IT unit keeps its code: the policy names it."""
    _require(actor, "organisation.manage_organisation")
    if "kind" in changes:
        _check_kind(changes["kind"])
    if changes.get("code", unit.code) != unit.code and unit.code in get_policy().unit_codes():
        raise Conflict(
            _("Policyn hänvisar till enheten med koden %(code)s; koden kan inte ändras.")
            % {"code": unit.code},
            code="unit_code_in_policy",
            field="code",
        )
    _unique(
        OrgUnit, exclude_pk=unit.pk, **{k: v for k, v in changes.items() if k in {"code", "name"}}
    )
    audited_update(actor=actor, obj=unit, action="org_unit.update", changes=changes)
    return unit


@transaction.atomic
def municipality_set(*, actor, name: str) -> tuple[Municipality, bool]:
    """The installation's municipality (one row): created with ``name`` or renamed.
    Returns the row and whether anything changed."""
    current = Municipality.objects.first()
    if current is None:
        current = Municipality.objects.create(name=name)
        audit_record(actor=actor, action="municipality.set", obj=current, after={"name": name})
        return current, True
    if current.name == name:
        return current, False
    before = current.name
    current.name = name
    current.save(update_fields=["name", "updated_at"])
    audit_record(
        actor=actor,
        action="municipality.set",
        obj=current,
        before={"name": before},
        after={"name": name},
    )
    return current, True


@transaction.atomic
def person_create(
    *,
    actor,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    unit: OrgUnit | None = None,
    title: str = "",
    password: str | None = None,
):
    if User.objects.filter(username=username).exists():
        raise Conflict(
            _("Användarnamnet %(u)s finns redan.") % {"u": username}, code="username_taken"
        )
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    Profile.objects.create(user=user, unit=unit, title=title)
    audit_record(
        actor=actor,
        action="person.create",
        obj=user,
        after={
            "username": username,
            "name": f"{first_name} {last_name}",
            "unit": str(unit or ""),
            "title": title,
        },
    )
    return user


@transaction.atomic
def role_assign(
    *,
    actor,
    person,
    role: str,
    unit: OrgUnit | None = None,
    start_date: datetime.date | None = None,
) -> RoleAssignment:
    """Give ``person`` a role of the policy (for ``unit`` when the role is unit-scoped)."""
    _require(actor, "organisation.manage_roles")
    policy = get_policy()
    if role not in policy.role_codes():
        raise ValidationFailed(
            _("Okänd roll: %(role)s") % {"role": role}, code="unknown_role", field="role"
        )
    if policy.role_is_unit_scoped(role) and unit is None:
        raise ValidationFailed(
            _("Rollen %(role)s gäller en enhet: ange enhet.") % {"role": policy.role_name(role)},
            code="unit_required",
            field="unit",
        )
    _require_grant(actor, person, role, unit.pk if unit is not None else None)
    if RoleAssignment.objects.filter(active_q(), person=person, role=role, unit=unit).exists():
        raise Conflict(_("Personen har redan den rollen."), code="role_already_held", field="role")
    assignment = RoleAssignment.objects.create(
        person=person, role=role, unit=unit, start_date=start_date or timezone.localdate()
    )
    audited_create(actor=actor, action="role.assign", obj=assignment)
    forget_roles(person)
    return assignment


def _require_grant(actor, person, role: str, unit_id: int | None) -> None:
    """Who may give which role (issue 11): nobody grants or ends a role of their own, and
    only a role the policy lets one of the actor's roles grant (the role's ``grants``).
    ``None`` is the system itself (demo data, setup commands)."""
    if actor is None:
        return
    policy = get_policy()
    if actor.pk == person.pk:
        raise NotAllowed(_("Du kan inte ge eller avsluta en roll för dig själv."), code="own_role")
    if not may_grant(actor, role, unit_id):
        raise NotAllowed(
            _("Enligt policyn får du inte ge eller avsluta rollen %(role)s.")
            % {"role": policy.role_name(role)},
            code="may_not_grant",
            field="role",
        )


@transaction.atomic
def role_end(
    *, actor, assignment: RoleAssignment, end_date: datetime.date | None = None
) -> RoleAssignment:
    _require(actor, "organisation.manage_roles")
    _require_grant(actor, assignment.person, assignment.role, assignment.unit_id)
    audited_end(
        actor=actor,
        obj=assignment,
        action="role.end",
        end_date=end_date,
        already_ended=_("Rolltilldelningen är redan avslutad."),
    )
    forget_roles(assignment.person)
    return assignment


@transaction.atomic
def membership_add(
    *,
    actor,
    group: GovernanceGroup,
    person,
    function: str = Membership.Function.MEMBER,
    represents: OrgUnit | None = None,
    appointed_by_chair_role: bool = False,
    start_date: datetime.date | None = None,
) -> Membership:
    """Seat ``person`` in ``group``. The group page then shows the composition against the policy."""
    _require(actor, "organisation.manage_memberships")
    if function not in Membership.Function.values:
        raise ValidationFailed(_("Okänd funktion: %(f)s") % {"f": function}, field="function")
    if represents is not None and not works_for(person, represents.pk):
        raise ValidationFailed(
            _(
                "%(name)s arbetar inte på %(unit)s och ingår inte i dess ledning: en "
                "representant för enheten ska höra till den (%(rule)s)."
            )
            % {
                "name": person.get_full_name() or person.get_username(),
                "unit": represents.name,
                "rule": _group_rule(group),
            },
            code="representative_outside_unit",
            field="represents",
            rule=_group_rule(group),
        )
    if Membership.objects.filter(group=group, person=person, end_date__isnull=True).exists():
        raise Conflict(
            _("%(name)s är redan medlem i %(group)s.")
            % {"name": person.get_full_name() or person.get_username(), "group": group.name},
            code="already_member",
            field="person",
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                group=group,
                person=person,
                function=function,
                represents=represents,
                appointed_by_chair_role=appointed_by_chair_role,
                start_date=start_date or timezone.localdate(),
            )
    except IntegrityError as exc:  # a concurrent add of the same person
        raise Conflict(
            _("Personen är redan medlem i gruppen."), code="already_member", field="person"
        ) from exc
    audited_create(actor=actor, action="membership.add", obj=membership)
    return membership


@transaction.atomic
def membership_end(
    *, actor, membership: Membership, end_date: datetime.date | None = None
) -> Membership:
    _require(actor, "organisation.manage_memberships")
    start = membership.start_date
    if end_date is not None and start is not None and end_date < start and not membership.end_date:
        raise ValidationFailed(
            _("Medlemskapet började %(start)s; det kan inte sluta före dess.")
            % {"start": start.isoformat()},
            code="end_before_start",
            field="end_date",
        )
    return audited_end(
        actor=actor,
        obj=membership,
        action="membership.end",
        end_date=end_date,
        already_ended=_("Medlemskapet är redan avslutat."),
    )
