"""The system register written in bulk: an import of thousands of rows (issue 18, item 3).

The same rules as :func:`system_register` and :func:`system_update` row by row — permission,
register fields (issue 11), category, financing, G18 — but checked set-based: the existing
systems, with their representatives and using units, are read in a few queries; G18 is checked
against the common systems held in memory and updated row by row, as the rows would have been
saved one after the other. Nothing is written unless every row passes; then the new systems
are written with ``bulk_create``, the changed ones with ``bulk_update``, their members with
one delete and one insert per many-to-many field, one audit entry per changed system
(``audit_records``, the same content as the row-by-row services write) and the G15 sync of
the owners groups once, for every owner concerned. A row equal to the register writes
nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.access import may
from styrsam.core.audit import audit_records, changed
from styrsam.core.bounds import check_instance, date_window
from styrsam.core.errors import Conflict, NotAllowed, ServiceError
from styrsam.guideline.policy import get_policy

from ..models import System
from ..owners_group import system_owners_sync
from . import (
    _TEXT,
    _default_financing,
    _may_register,
    _record,
    _require_register_right,
    _validate,
)

_MANY = ("representatives", "using_units")
_CHUNK = 2000  # names per ``IN (...)``: well under SQLite's limit of bound variables


@dataclass
class ImportRowError:
    row: int
    field: str
    message: str


@dataclass
class SystemsImport:
    """What an import did (or would do): system names by outcome, in row order, and errors."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[ImportRowError] = field(default_factory=list)


#: each many-to-many field: the member's label the history records
_LABEL = {"representatives": "username", "using_units": "code"}


def _labels(name: str, members) -> dict[int, str]:
    return {o.pk: getattr(o, _LABEL[name]) for o in members}


def _history(system: System, members: dict[str, dict[int, str]]) -> dict:
    return _record(system, members["representatives"].values(), members["using_units"].values())


def differences(system: System, values: dict, members: dict[str, dict[int, str]]) -> dict:
    """The values of a row that differ from ``system`` (its members' ids in ``members``)."""
    diff = {}
    for key, value in values.items():
        if key in _MANY:
            if set(members[key]) != {o.pk for o in value}:
                diff[key] = value
        elif key in {"owner_unit", "owner", "manager"}:
            if getattr(system, f"{key}_id") != (value.pk if value else None):
                diff[key] = value
        elif getattr(system, key) != value:
            diff[key] = value
    return diff


class _CommonSystems:
    """G18 in memory: the common systems not retired, by kind, kept up to date as the rows
    are validated (a row's system replaces its earlier state)."""

    _ORDER = {System.Lifecycle.IN_USE: 0, System.Lifecycle.PHASE_OUT: 1}

    def __init__(self):
        self.by_kind: dict[str, dict[object, System]] = {}
        qs = System.objects.exclude(common_kind="").exclude(lifecycle=System.Lifecycle.RETIRED)
        for system in qs.order_by("pk"):
            self.by_kind.setdefault(system.common_kind, {})[system.pk] = system

    def clash(self, key):
        def find(system: System) -> System | None:
            outgoing = system.lifecycle == System.Lifecycle.PHASE_OUT
            others = [s for k, s in self.by_kind.get(system.common_kind, {}).items() if k != key]
            for other in sorted(others, key=lambda s: self._ORDER.get(s.lifecycle, 2)):
                if (other.lifecycle == System.Lifecycle.PHASE_OUT) == outgoing:
                    return other
            return None

        return find

    def put(self, key, system: System) -> None:
        for systems in self.by_kind.values():
            systems.pop(key, None)
        if system.common_kind and not system.is_retired:
            self.by_kind.setdefault(system.common_kind, {})[key] = system


def _existing(names: Sequence[str]) -> tuple[dict[str, System], dict[int, dict]]:
    """The register's systems of ``names`` and their members ``{field: {id: label}}``: one
    query for the systems and one per many-to-many field (through rows joined to the label),
    not a queryset per system as ``prefetch_related`` builds."""
    found: dict[str, System] = {}
    for start in range(0, len(names), _CHUNK):
        qs = System.objects.filter(name__in=names[start : start + _CHUNK]).select_related(
            "owner_unit", "owner", "manager"
        )
        found.update({s.name: s for s in qs})
    ids = [s.pk for s in found.values()]
    members: dict[int, dict] = {pk: {k: {} for k in _MANY} for pk in ids}
    for name in _MANY:
        through, own, other = _through(name)
        for start in range(0, len(ids), _CHUNK):
            rows = through.objects.filter(**{f"{own}_id__in": ids[start : start + _CHUNK]})
            for system_id, member_id, label in rows.values_list(
                f"{own}_id", f"{other}_id", f"{other}__{_LABEL[name]}"
            ):
                members[system_id][name][member_id] = label
    return found, members


def _through(name: str):
    relation = System._meta.get_field(name)
    return (
        relation.remote_field.through,
        relation.m2m_field_name(),
        relation.m2m_reverse_field_name(),
    )


@transaction.atomic
def systems_import(*, actor, rows: Iterable[tuple[int, dict]], write: bool = True) -> SystemsImport:
    """Register or update the systems of ``rows`` — ``(row number, values)``, values as
    :func:`system_register` takes them, matched to the register by name — all or none.
    Every row is checked; when one fails (or ``write`` is false: the file had other errors)
    nothing is written and the errors are returned with their row and field."""
    policy = get_policy()
    result = SystemsImport()
    rows = list(rows)
    checked: list[tuple[int, dict]] = []
    window = date_window()  # read once (from the policy), not once per row
    for number, values in rows:
        try:  # bounds first: PostgreSQL cannot even look up a name with NUL
            check_instance(System(**{k: v for k, v in values.items() if k not in _MANY}), window)
        except ServiceError as exc:
            result.errors.append(ImportRowError(number, exc.field or "", exc.display))
            continue
        checked.append((number, values))
    existing, existing_members = _existing([v["name"] for _n, v in checked])
    commons = _CommonSystems()
    may_register: dict[int, bool] = {}
    new: list[tuple[System, dict]] = []  # (system, its members)
    updates: list[tuple[System, dict, dict, dict]] = []  # (system, diff, before, after)
    for number, values in checked:
        try:
            system = existing.get(values["name"])
            if system is None:
                unit = values["owner_unit"]
                if unit.pk not in may_register:
                    may_register[unit.pk] = _may_register(actor, unit)
                if not may_register[unit.pk]:
                    raise NotAllowed(
                        _(
                            "Du kan bara registrera system för en förvaltning där du är "
                            "systemägare eller chef."
                        )
                    )
                members = {k: _labels(k, values.get(k) or ()) for k in _MANY}
                system = _new_system(policy, values)
                _validate(policy, system, clash=commons.clash(("row", number)))
                commons.put(("row", number), system)
                new.append((system, members))
                result.created.append(values["name"])
                continue
            members = existing_members[system.pk]
            diff = differences(system, values, members)
            if not diff:
                result.unchanged.append(values["name"])
                continue
            if actor is not None and not may(actor, "systems.change_system", system):
                raise NotAllowed(
                    _("Bara systemets ägare eller %(role)s kan ändra systemet.")
                    % {"role": policy.coordinator_name()}
                )
            _require_register_right(actor, system, diff)
            before = _history(system, members)
            _apply(policy, system, diff)
            _validate(policy, system, clash=commons.clash(system.pk))
            commons.put(system.pk, system)
            members = {**members, **{k: _labels(k, v) for k, v in diff.items() if k in _MANY}}
            updates.append((system, diff, before, _history(system, members)))
            result.updated.append(values["name"])
        except ServiceError as exc:
            result.errors.append(ImportRowError(number, exc.field or "", exc.display))
    result.errors.sort(key=lambda e: e.row)
    if result.errors or not write:
        return result
    _write(actor, new, updates)
    return result


def _new_system(policy, values: dict) -> System:
    """The system :func:`system_register` would make of ``values`` (its defaults)."""
    category = values["category"]
    return System(
        name=(values["name"] or "").strip(),
        description=values.get("description") or "",
        category=category,
        common_kind=values.get("common_kind") or "",
        owner_unit=values["owner_unit"],
        owner=values.get("owner"),
        manager=values.get("manager"),
        lifecycle=values.get("lifecycle") or System.Lifecycle.IN_USE,
        criticality=values.get("criticality") or System.Criticality.NORMAL,
        vendor=values.get("vendor") or "",
        contract_end=values.get("contract_end"),
        user_count=values.get("user_count"),
        financing_principle=values.get("financing_principle")
        or _default_financing(policy, category),
    )


def _apply(policy, system: System, diff: dict) -> None:
    """``diff`` set on ``system`` as :func:`system_update` sets it."""
    for name, value in diff.items():
        if name not in _MANY:
            setattr(system, name, value if value is not None or name not in _TEXT else "")
    allowed = policy.financing_principles_for(system.category)
    if "financing_principle" not in diff and system.financing_principle not in allowed:
        system.financing_principle = _default_financing(policy, system.category)
    if "category" in diff and not policy.category_one_per_kind(system.category):
        system.common_kind = ""


def _write(actor, new: list[tuple[System, dict]], updates: list) -> None:
    now = timezone.now()
    try:
        with transaction.atomic():
            System.objects.bulk_create([s for s, _m in new], batch_size=500)
            fields = sorted({k for _s, d, _b, _a in updates for k in d if k not in _MANY})
            # the financing principle and the common kind may follow the category
            fields = sorted({*fields, "financing_principle", "common_kind", "updated_at"})
            for system, *_rest in updates:
                system.updated_at = now
            System.objects.bulk_update([u[0] for u in updates], fields, batch_size=500)
            for name in _MANY:
                _set_members(
                    name,
                    [(s, m[name]) for s, m in new]
                    + [(s, _labels(name, d[name])) for s, d, _b, _a in updates if name in d],
                )
    except IntegrityError as exc:  # a concurrent registration of the same name or kind
        raise Conflict(
            _("Registret ändrades under importen. Försök igen."), code="concurrent_change"
        ) from exc
    audit_records(
        actor=actor,
        action="system.register",
        items=((s, None, _history(s, m)) for s, m in new),
    )
    changes = [(s, *changed(b, a)) for s, _d, b, a in updates]
    audit_records(
        actor=actor, action="system.update", items=((s, b, a) for s, b, a in changes if a)
    )
    owners = {s.owner_id for s, _m in new if s.owner_id}
    for (system, _d, before, _a), (_s, _b, after) in zip(updates, changes, strict=True):
        if {"owner", "criticality", "lifecycle"} & set(after):
            owners |= {_owner_id(before), system.owner_id}
    system_owners_sync(actor=actor, people=[p for p in owners if p])


def _owner_id(snapshot: dict) -> int | None:
    owner = snapshot.get("owner")  # the history's {"id", "text"} of a person
    return owner.get("id") if isinstance(owner, dict) else None


def _set_members(name: str, pairs: list[tuple[System, dict[int, str]]]) -> None:
    """``system.<name>.set(members)`` for every pair: one delete and one insert."""
    if not pairs:
        return
    through, own, other = _through(name)
    ids = [s.pk for s, _m in pairs]
    for start in range(0, len(ids), _CHUNK):
        through.objects.filter(**{f"{own}_id__in": ids[start : start + _CHUNK]}).delete()
    through.objects.bulk_create(
        [
            through(**{f"{own}_id": s.pk, f"{other}_id": pk})
            for s, members in pairs
            for pk in members
        ],
        batch_size=1000,
    )
