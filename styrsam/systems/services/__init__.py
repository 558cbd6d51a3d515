"""Writes to the system register. Each is one transaction with its audit record (convention 1).

The policy decides which categories, common kinds and financing principles exist; these
services ask it (convention 4) and refuse with the rule that requires it (convention 6).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from styrsam.core.access import may
from styrsam.core.audit import audit_record, changed, snapshot
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.core.formats import lower_first
from styrsam.guideline.policy import Policy, get_policy
from styrsam.organisation.models import OrgUnit
from styrsam.organisation.roles import has_capability

from ..models import ItPlatformComponent, PlatformConnection, System, SystemCost
from ..owners_group import system_owners_sync
from ..selectors import common_systems_of_kind

SYSTEM_FIELDS = System.AUDITED_FIELDS
EDITABLE = frozenset(SYSTEM_FIELDS) | {"representatives", "using_units"}
_TEXT = {"description", "common_kind", "vendor", "financing_principle"}


def _may_register(actor, owner_unit: OrgUnit) -> bool:
    if actor is None or may(actor, "systems.change_system"):
        return True  # the coordinator (or the system itself, e.g. the demo)
    return has_capability(actor, "register_systems", owner_unit.pk)


def _validate(policy: Policy, system: System, clash=None) -> None:
    """Category, kind, financing, G18. Raises ValidationFailed/Conflict with the rule.
    ``clash``: how G18's other system is found (default: the database, ``_g18_clash``)."""
    categories = dict(policy.system_category_choices())
    if system.category not in categories:
        raise ValidationFailed(
            _("Okänd systemkategori: %(c)s. Policyn har %(all)s.")
            % {"c": system.category, "all": ", ".join(categories.values())},
            code="unknown_category",
            field="category",
            rule="G17",
        )
    if not (system.name or "").strip():
        raise ValidationFailed(_("Systemet måste ha ett namn."), code="required", field="name")
    if system.lifecycle not in System.Lifecycle.values:
        raise ValidationFailed(_("Okänd livscykelfas."), field="lifecycle")
    if system.criticality not in System.Criticality.values:
        raise ValidationFailed(_("Okänd kritikalitet."), field="criticality")
    one_per_kind = policy.category_one_per_kind(system.category)
    if one_per_kind:
        if policy.common_kind(system.common_kind or "") is None:
            raise ValidationFailed(
                _("Ett kommungemensamt system måste ha en typ som policyn känner (G19)."),
                code="common_kind_required",
                field="common_kind",
                rule="G19",
            )
    elif system.common_kind:
        raise ValidationFailed(
            _("Bara kommungemensamma system har en typ av kommungemensamt system (G18)."),
            code="common_kind_not_allowed",
            field="common_kind",
            rule="G18",
        )
    allowed = policy.financing_principles_for(system.category)
    if system.financing_principle not in allowed:
        principles = policy.financing_principles()
        rule = principles[allowed[0]].get("rule", "") if allowed else "G24"
        raise ValidationFailed(
            _("Finansieringsprincipen passar inte kategorin %(cat)s. Tillåtna: %(ok)s (%(rule)s).")
            % {
                "cat": categories[system.category],
                "ok": ", ".join(principles[p]["name"] for p in allowed) or "–",
                "rule": rule,
            },
            code="financing_not_allowed",
            field="financing_principle",
            rule=rule,
        )
    if one_per_kind and not system.is_retired:
        existing = (clash or _g18_clash)(system)
        if existing is not None:
            kind_name = policy.common_kind(system.common_kind)["name"]
            raise Conflict(
                _(
                    "Kommunen har redan ett kommungemensamt system av typen %(kind)s: "
                    "%(name)s. Det får bara finnas ett av varje slag (G18); avveckla "
                    "det befintliga först."
                )
                % {"kind": lower_first(kind_name), "name": existing.name},
                code="common_kind_taken",
                rule="G18",
                field="common_kind",
                extra={"existing_system": existing.pk},
            )


def _g18_clash(system: System) -> System | None:
    """The kind's system that ``system`` may not stand beside (G18): one current system per
    kind; only while it is being replaced does the outgoing one (phase-out) stand beside its
    successor — never two in use, never two outgoing."""
    outgoing = system.lifecycle == System.Lifecycle.PHASE_OUT
    for other in common_systems_of_kind(system.common_kind, exclude_pk=system.pk):
        if (other.lifecycle == System.Lifecycle.PHASE_OUT) == outgoing:
            return other
    return None


def _default_financing(policy: Policy, category: str) -> str:
    allowed = policy.financing_principles_for(category)
    return allowed[0] if allowed else ""


def _save(system: System) -> None:
    try:
        with transaction.atomic():
            system.save()
    except IntegrityError as exc:
        if System.objects.filter(name=system.name).exclude(pk=system.pk).exists():
            raise Conflict(
                _("Det finns redan ett system som heter %(n)s.") % {"n": system.name},
                code="name_taken",
                field="name",
            ) from exc
        raise Conflict(  # a concurrent registration of the same common kind
            _("Det får bara finnas ett kommungemensamt system av varje slag (G18)."),
            code="common_kind_taken",
            rule="G18",
        ) from exc


def _after(system: System, representatives=None, using_units=None) -> dict:
    """What the history records of a system; its members given (already loaded) or read."""
    if representatives is None:
        representatives = system.representatives.all()
    if using_units is None:
        using_units = system.using_units.all()
    return _record(
        system, [u.get_username() for u in representatives], [u.code for u in using_units]
    )


def _record(system: System, usernames: Iterable[str], unit_codes: Iterable[str]) -> dict:
    """The history's record of a system, its members given by user name and unit code."""
    data = snapshot(system, SYSTEM_FIELDS)
    data["representatives"] = sorted(usernames)
    data["using_units"] = sorted(unit_codes)
    return data


@transaction.atomic
def system_register(
    *,
    actor,
    name: str,
    category: str,
    owner_unit: OrgUnit,
    owner=None,
    manager=None,
    description: str = "",
    common_kind: str = "",
    lifecycle: str = System.Lifecycle.IN_USE,
    criticality: str = System.Criticality.NORMAL,
    vendor: str = "",
    contract_end: datetime.date | None = None,
    user_count: int | None = None,
    financing_principle: str = "",
    representatives: Iterable = (),
    using_units: Iterable[OrgUnit] = (),
    sync_owners_group: bool = True,
) -> System:
    """Register a system. G18: one non-retired common system per kind; G25/G26: financing."""
    if not _may_register(actor, owner_unit):
        raise NotAllowed(
            _("Du kan bara registrera system för en förvaltning där du är systemägare eller chef.")
        )
    policy = get_policy()
    system = System(
        name=(name or "").strip(),
        description=description,
        category=category,
        common_kind=common_kind or "",
        owner_unit=owner_unit,
        owner=owner,
        manager=manager,
        lifecycle=lifecycle,
        criticality=criticality,
        vendor=vendor,
        contract_end=contract_end,
        user_count=user_count,
        financing_principle=financing_principle or _default_financing(policy, category),
    )
    _validate(policy, system)
    _save(system)
    system.representatives.set(list(representatives))
    system.using_units.set(list(using_units))
    audit_record(actor=actor, action="system.register", obj=system, after=_after(system))
    if sync_owners_group and owner is not None:
        system_owners_sync(actor=actor, people=[owner])
    return system


# Fields of the register that decide who answers for a system and what rules it falls under
# (G15 owners group, G17 category, G18 one per kind): changed by the coordinator (the IT
# strategist) or by a decided case, never by the system owner alone (issue 11, item 4).
REGISTER_FIELDS = ("owner", "owner_unit", "category", "common_kind", "criticality")


def _stored(system: System, field: str):
    return (
        getattr(system, f"{field}_id")
        if field in ("owner", "owner_unit")
        else getattr(system, field)
    )


def _given(field: str, value):
    if field in ("owner", "owner_unit"):
        return getattr(value, "pk", value)
    return value if value is not None else ""


def register_changes(system: System, changes: dict) -> list[str]:
    """The register fields ``changes`` would really change on ``system``."""
    return [
        f for f in REGISTER_FIELDS if f in changes and _given(f, changes[f]) != _stored(system, f)
    ]


def _require_register_right(actor, system: System, changes: dict) -> None:
    fields = register_changes(system, changes)
    if fields and actor is not None and not may(actor, "systems.change_register", system):
        names = ", ".join(str(System._meta.get_field(f).verbose_name) for f in fields)
        raise NotAllowed(
            _(
                "Ägare, ägande förvaltning, kategori, typ och kritikalitet ändras av "
                "%(role)s eller genom ett beslutat ärende, inte av systemägaren "
                "(%(fields)s)."
            )
            % {"fields": names, "role": get_policy().coordinator_name()},
            code="register_change_coordinator",
            field=fields[0],
            rule="G15",
        )


@transaction.atomic
def system_update(*, actor, system: System, **changes) -> System:
    """Change fields of a system (only those given). The owner edits their own; the IT
    strategist every one. The system owners group follows ownership and criticality (G15)."""
    if actor is not None and not may(actor, "systems.change_system", system):
        raise NotAllowed(
            _("Bara systemets ägare eller %(role)s kan ändra systemet.")
            % {"role": get_policy().coordinator_name()}
        )
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationFailed(
            _("Okända fält: %(f)s") % {"f": ", ".join(sorted(unknown))}, code="unknown_field"
        )
    system = System.objects.select_for_update().get(pk=system.pk)
    _require_register_right(actor, system, changes)
    before = _after(system)
    old_owner = system.owner_id
    representatives = changes.pop("representatives", None)
    using_units = changes.pop("using_units", None)
    for field, value in changes.items():
        setattr(system, field, value if value is not None or field not in _TEXT else "")
    policy = get_policy()
    allowed = policy.financing_principles_for(system.category)
    if "financing_principle" not in changes and system.financing_principle not in allowed:
        system.financing_principle = _default_financing(policy, system.category)
    if "category" in changes and not policy.category_one_per_kind(system.category):
        system.common_kind = ""
    _validate(policy, system)
    _save(system)
    if representatives is not None:
        system.representatives.set(list(representatives))
    if using_units is not None:
        system.using_units.set(list(using_units))
    b, a = changed(before, _after(system))
    if a:
        audit_record(actor=actor, action="system.update", obj=system, before=b, after=a)
    if {"owner", "criticality", "lifecycle"} & set(a):
        system_owners_sync(actor=actor, people=[old_owner, system.owner_id])
    return system


@transaction.atomic
def system_retire(*, actor, system: System) -> System:
    """Mark the system retired (kept, with its history). Frees its common kind (G18)."""
    if system.is_retired:
        raise Conflict(_("Systemet är redan avvecklat."), code="already_retired")
    return system_update(actor=actor, system=system, lifecycle=System.Lifecycle.RETIRED)


@transaction.atomic
def system_set_costs(
    *, actor, system: System, year: int, amounts: dict[str, Decimal | int | None]
) -> list[SystemCost]:
    """Set the yearly cost lines (licence, operation, support) of one year. ``None`` removes."""
    if actor is not None and not may(actor, "systems.change_system", system):
        raise NotAllowed(
            _("Bara systemets ägare eller %(role)s kan ändra kostnaderna.")
            % {"role": get_policy().coordinator_name()}
        )
    if not 1990 <= int(year) <= 2100:
        raise ValidationFailed(_("Ange ett rimligt år."), field="year")
    unknown = set(amounts) - set(SystemCost.Kind.values)
    if unknown:
        raise ValidationFailed(_("Okänt kostnadsslag."), field="kind")
    existing = {c.kind: c for c in SystemCost.objects.filter(system=system, year=year)}
    before = {k: str(existing[k].amount) if k in existing else None for k in amounts}
    lines = []
    for kind, amount in amounts.items():
        line = existing.get(kind)
        if amount is None:
            if line:
                line.delete()
            continue
        if Decimal(amount) < 0:
            raise ValidationFailed(_("En kostnad kan inte vara negativ."), field=kind)
        if line is None:
            line = SystemCost.objects.create(system=system, year=year, kind=kind, amount=amount)
        elif line.amount != Decimal(amount):
            line.amount = amount
            line.save(update_fields=["amount", "updated_at"])
        lines.append(line)
    kept = {c.kind: str(c.amount) for c in lines}
    b, a = changed(before, {k: kept.get(k) for k in amounts})
    if a:
        audit_record(
            actor=actor,
            action="system.costs",
            obj=system,
            before={"year": year, **b},
            after={"year": year, **a},
        )
    return lines


def _require_platform(actor, system: System) -> None:
    if actor is not None and not may(actor, "systems.manage_platform"):
        raise NotAllowed(
            _("Bara %(roles)s kan ändra IT-plattformen.")
            % {"roles": get_policy().capability_name("coordinate", "manage_platform")}
        )
    if not system.common_kind or system.common_kind != get_policy().platform_kind():
        raise ValidationFailed(
            _("%(n)s är inte kommunens IT-plattform.") % {"n": system.name},
            code="not_it_platform",
            rule="G18",
        )


@transaction.atomic
def platform_component_add(
    *, actor, system: System, code: str, name: str, description: str = ""
) -> ItPlatformComponent:
    """A part of the IT platform (G18: parts, not separate common systems)."""
    _require_platform(actor, system)
    if ItPlatformComponent.objects.filter(system=system, code=code).exists():
        raise Conflict(_("Delen finns redan."), code="component_exists")
    component = ItPlatformComponent.objects.create(
        system=system, code=code, name=name, description=description
    )
    audit_record(
        actor=actor,
        action="platform.component_add",
        obj=system,
        after={"component": code, "name": name},
        rule="G18",
    )
    return component


@transaction.atomic
def platform_connection_set(
    *,
    actor,
    system: System,
    unit: OrgUnit,
    connected_to_network: bool,
    reachable_via_common_number: bool,
    note: str = "",
) -> PlatformConnection:
    """G20: record whether ``unit`` is on the one network and reached by the one number."""
    _require_platform(actor, system)
    connection = PlatformConnection.objects.filter(system=system, unit=unit).first()
    fields = ("connected_to_network", "reachable_via_common_number", "note")
    before = snapshot(connection, fields) if connection else None
    if connection is None:
        connection = PlatformConnection(system=system, unit=unit)
    connection.connected_to_network = connected_to_network
    connection.reachable_via_common_number = reachable_via_common_number
    connection.note = note
    connection.save()
    after = snapshot(connection, fields)
    if before != after:
        audit_record(
            actor=actor,
            action="platform.connection",
            obj=system,
            before={"unit": unit.code, **before} if before else None,
            after={"unit": unit.code, **after},
            rule="G20",
        )
    return connection


# the register imported in bulk (a module of its own; it uses the helpers above)
from .bulk import ImportRowError, SystemsImport, systems_import  # noqa: E402, F401
